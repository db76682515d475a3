import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from feedback.models import Report

TOKEN_PATTERN = r"[A-Za-z0-9_-]{20,64}"


def new_form_token():
    return secrets.token_urlsafe(24)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan"), choices=Report.Reason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Pilih salah satu alasan."), "invalid_choice": _("Pilih salah satu alasan.")},
    )
    message = forms.CharField(
        label=_("Pesan"), min_length=10, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": "id_message_helptext"}),
        help_text=_("Apa yang salah, dan bagaimana Anda tahu (10–2.000 huruf)."),
        error_messages={
            "required": _("Tulis apa yang salah, agar staf dinas bisa memeriksanya."),
            "min_length": _("Tulis sedikit lebih jelas: paling sedikit %(limit_value)d huruf."),
            "max_length": _("Terlalu panjang: paling banyak %(limit_value)d huruf."),
        },
    )
    contact = forms.CharField(
        label=_("Kontak Anda (tidak wajib)"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "email", "aria-describedby": "id_contact_helptext"}),
        help_text=_("Email atau nomor WhatsApp, bila staf boleh menanyakan hal ini kepada Anda. Hanya staf dinas yang melihatnya."),
        error_messages={"max_length": _("Terlalu panjang: paling banyak %(limit_value)d huruf.")},
    )
    # Random per form shown: sending one form twice (a double tap, a reload) stores one report.
    token = forms.RegexField(
        label=_("Formulir"), regex=TOKEN_PATTERN, widget=forms.HiddenInput,
        error_messages={"required": _("Formulir ini tidak lengkap: muat ulang halaman lalu kirim lagi."),
                        "invalid": _("Formulir ini tidak lengkap: muat ulang halaman lalu kirim lagi.")},
    )

    def clean_message(self):
        return self.cleaned_data["message"].strip()

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if not contact:
            return ""
        if "@" in contact:
            try:
                validate_email(contact)
            except ValidationError:
                raise ValidationError(_("Alamat email ini tidak lengkap, mis. nama@contoh.id."), code="invalid") from None
            return contact
        digits = re.sub(r"[\s().+-]", "", contact)
        if not (digits.isdigit() and 8 <= len(digits) <= 15):
            raise ValidationError(_("Tulis email atau nomor telepon, mis. 0812-3456-7890."), code="invalid")
        return contact
