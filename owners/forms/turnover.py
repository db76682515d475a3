"""The owner's monthly omzet report (owners.views.turnover)."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from owners.services.turnover import TURNOVER_MAX_OMZET, turnover_month_error, turnover_months
from umkm_portal.fields import RupiahField
from umkm_portal.months import month_label, month_shift


class MonthField(forms.Field):
    """A month as "YYYY-MM" (what the select posts, and what <input type=month> would), cleaned
    to the first day of that month."""

    widget = forms.Select
    default_error_messages = {"invalid": _("Pilih bulan yang dilaporkan.")}

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


def _count_field(label, help_text, maximum):
    return forms.IntegerField(
        label=label, help_text=help_text, required=False, min_value=0, max_value=maximum,
        error_messages={"invalid": _("Tulis dengan angka saja, mis. 12.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class TurnoverForm(forms.Form):
    """One month's omzet. The month is a select of every month that may be reported (newest
    first, in words: "Oktober 2026"), not <input type=month>: that input is a bare text box on
    Opera Mini, older Android browsers and Firefox, where "2026-10" would have to be typed
    exactly; a select works everywhere, without JavaScript. Months already reported are marked,
    since sending one again replaces it."""

    month = MonthField(label=_("Bulan"))
    omzet = RupiahField(
        label=_("Omzet bulan itu (Rp)"),
        help_text=_("Seluruh hasil penjualan dalam sebulan, sebelum dikurangi biaya. Contoh: 15.000.000, 15 juta atau 1,5 jt."),
        max_value=TURNOVER_MAX_OMZET,
        error_messages={
            "invalid": _("Tulis jumlah rupiah dengan angka, mis. 15.000.000."),
            "range": _("Tulis satu jumlah omzet saja, bukan rentang; bila tidak tahu pasti, tulis perkiraan terbaik."),
            "max_value": _("Omzet sebulan lebih dari Rp 1 triliun: periksa jumlah angka nolnya."),
        },
    )
    transactions = _count_field(_("Jumlah transaksi"), _("Boleh dikosongkan. Kira-kira berapa kali terjadi penjualan."), 10_000_000)
    workers = _count_field(_("Jumlah tenaga kerja"), _("Boleh dikosongkan. Termasuk Anda sendiri."), 100_000)

    def __init__(self, *args, business, reported_months=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.business, self.today = business, today
        earliest, latest = turnover_months(business, today=today)
        months, month = [], latest
        while month >= earliest:
            months.append(month)
            month = month_shift(month, -1)
        reported = set(reported_months)
        self.fields["month"].widget.choices = [
            (month.strftime("%Y-%m"), _("%(month)s (sudah dilaporkan)") % {"month": month_label(month)} if month in reported else month_label(month))
            for month in months
        ]

    def clean_month(self):
        month = self.cleaned_data["month"]
        error = turnover_month_error(self.business, month, today=self.today)
        if error:
            raise ValidationError(error, code="out_of_range")
        return month
