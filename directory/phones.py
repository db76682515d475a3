"""Indonesian phone numbers: one canonical form, +62 followed by the subscriber number."""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(value):
    """'0812-3456-7890', '812 3456 7890', '62812...' and '+62 812...' all become '+6281234567890'.
    An empty value stays empty; anything that cannot be an Indonesian number raises ValidationError."""
    if value in (None, ""):
        return ""
    digits = re.sub(r"\D", "", str(value))
    if str(value).strip().startswith("+") and not digits.startswith("62"):
        # "+1 555…", "+60 12…": another country's number, not an Indonesian one without its 0.
        raise ValidationError(_("Nomor telepon %(value)s tidak valid: tulis seperti 0812-3456-7890."), params={"value": value})
    if digits.startswith("62"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if not re.fullmatch(r"[1-9]\d{7,12}", digits):
        raise ValidationError(_("Nomor telepon %(value)s tidak valid: tulis seperti 0812-3456-7890."), params={"value": value})
    return f"+62{digits}"


def whatsapp_link(phone, message):
    """A wa.me link that opens a chat with `phone` (+62…) and `message` typed in; None without a phone."""
    if not phone:
        return None
    return f"https://wa.me/{phone.lstrip('+')}?text={quote(message)}"


def local_phone(phone):
    """"+6281234567890" → "081234567890", as dinas registries write numbers (and a leading
    "+" would be a formula trigger in a spreadsheet)."""
    return "0" + phone[3:] if phone and phone.startswith("+62") else phone or ""
