"""Form fields for the kinds of value the portal reads one way everywhere (owner forms, staff
forms, the catalog's price filters)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from umkm_portal.money import NotRupiah, format_thousands, parse_rupiah, parse_rupiah_range


class RupiahField(forms.CharField):
    """A whole amount of Rupiah typed as people write it (umkm_portal.money's grammar):
    "15000", "15.000", "Rp 15.000", "Rp15.000,-", "Rp 150,000", "15rb", "1,5 jt", "15 juta".
    Cleaned to an int, or None when empty. A text input with a numeric keyboard rather than
    type=number: a browser empties a number input holding "15.000", and the owner would be
    told the field is required.

    max_value: the largest amount accepted (error "max_value"). Error messages, each
    replaceable through error_messages: "invalid" (not an amount, or negative), "range" (two
    amounts, "15.000 - 40.000", where one is asked for: never one side taken silently) and
    "max_value"."""

    default_error_messages = {
        "invalid": _("Tulis jumlah rupiah dengan angka, mis. 15.000.000."),
        "range": _("Tulis satu jumlah saja, bukan rentang."),
        "max_value": _("Jumlah ini terlalu besar. Periksa lagi jumlah angkanya."),
    }

    def __init__(self, *, max_value=None, **kwargs):
        self.max_value = max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_thousands(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_rupiah(text)
        except NotRupiah:
            code = "range" if _is_range(text) else "invalid"
            raise ValidationError(self.error_messages[code], code=code) from None
        if amount is None:  # "-"
            return None
        if self.max_value is not None and amount > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return amount


def _is_range(text):
    """Whether text that is not one amount is two ("15.000 - 40.000", even "40.000 - 15.000")."""
    try:
        parse_rupiah_range(text)
    except NotRupiah as problem:
        return problem.reason == "reversed"
    return True
