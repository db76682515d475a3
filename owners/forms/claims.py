"""Forms of the claim pages: finding a business in the registry, claiming it with NIB and
phone, or asking the dinas to confirm the claim."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.phones import normalize_phone
from regions.models import Regency

NIB_LENGTH = 13


def _nib_field(**kwargs):
    # Text with a numeric keyboard, not type=number: a NIB is an identifier (no spinner, no "1e12").
    return forms.CharField(
        label=_("NIB (Nomor Induk Berusaha)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        **kwargs,
    )


def _clean_nib(value):
    """13 digits, as typed from the NIB certificate (spaces, dots and dashes are dropped)."""
    digits = "".join(ch for ch in value if ch in "0123456789")
    if value and (len(digits) != NIB_LENGTH or any(ch not in "0123456789 .-" for ch in value)):
        raise ValidationError(_("NIB terdiri dari 13 angka."), code="nib_format")
    return digits


def _phone_field(label, help_text=""):
    return forms.CharField(
        label=label,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )


class ClaimSearchForm(forms.Form):
    """Search by name (optionally within one kabupaten/kota), or by NIB."""

    q = forms.CharField(
        label=_("Nama usaha"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "placeholder": _("mis. Keripik Tempe Bu Yati")}),
    )
    wilayah = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    nib = _nib_field(required=False, help_text=_("Atau cari dengan NIB: 13 angka."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain choices from one query: a ModelChoiceField would query again to validate.
        self.fields["wilayah"].choices = [("", _("Semua kabupaten/kota"))] + list(
            Regency.objects.in_portal().values_list("code", "name")
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_nib(self):
        return _clean_nib(self.cleaned_data["nib"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("nib") and len(cleaned.get("q", "")) < 3:
            raise ValidationError(_("Tulis nama usaha (paling sedikit 3 huruf) atau NIB."), code="empty")
        return cleaned


class InstantClaimForm(forms.Form):
    """NIB and the owner phone the dinas recorded: both right makes the user an owner at once."""

    nib = _nib_field()
    phone = _phone_field(
        _("Nomor HP pemilik yang terdaftar di dinas"), _("Nomor yang Anda berikan saat pendataan, mis. 0812-3456-7890.")
    )

    def clean_nib(self):
        return _clean_nib(self.cleaned_data["nib"])

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class ClaimRequestForm(forms.Form):
    """What the staff of the dinas need to check a claim by hand."""

    phone = _phone_field(_("Nomor HP/WhatsApp Anda"), _("Staf dinas menghubungi Anda di nomor ini."))
    message = forms.CharField(
        label=_("Jelaskan hubungan Anda dengan usaha ini"),
        max_length=2000,
        help_text=_("Mis. “Saya pemilik sejak 2015; NIB belum saya punya” atau “Nomor HP di data dinas sudah ganti”."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise ValidationError(_("Tulis paling sedikit 10 huruf agar staf dinas bisa memeriksa."), code="too_short")
        return message
