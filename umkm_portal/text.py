"""The one place that cleans text a person or a file gives the portal, and the one that makes
stored text safe in XML and spreadsheets.

clean_text runs on every form field (umkm_portal.apps wires it into forms.CharField), on every
query parameter (umkm_portal.middleware) and on every cell of an imported registry
(registry.cleaning.clean_text). xml_safe runs at each XML or XLSX output (RSS feed, sitemap,
staff exports, problem-rows download), so that a value stored before the cleaning, or by a path
that skips it, never breaks the output for everyone."""

import re
import unicodedata

# C0 controls but tab, newline and CR; DEL and the C1 controls; the noncharacters U+FFFE/U+FFFF;
# lone surrogates (a str can hold one, UTF-8 cannot carry it).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|[\n\t]")
# What XML 1.0 cannot carry at all (C1 controls and DEL are allowed, if discouraged).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value, *, multiline=False):
    """`value` NFC-normalised, without NUL and control characters, trimmed. Line breaks (CR LF
    and CR become LF) and tabs are kept when `multiline`; otherwise each becomes a space."""
    if not value:
        return value
    text = _CONTROL.sub("", value)
    text = unicodedata.normalize("NFC", text)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = _LINE_BREAKS.sub(" ", text)
    return text.strip()


def has_control_characters(value):
    return bool(value) and _CONTROL.search(value) is not None


def xml_safe(value):
    """`value` without the characters XML 1.0 (and so XLSX) cannot carry; other values unchanged."""
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub("", value)
    return value


def clean_form_text(field, value):
    """What forms.CharField.to_python gives, then cleaned: multi-line where the field's widget is
    a textarea. A field that keeps its text as typed (strip=False: passwords) is left alone."""
    if not field.strip or not isinstance(value, str):
        return value
    from django import forms

    value = clean_text(value, multiline=isinstance(field.widget, forms.Textarea))
    return field.empty_value if value in field.empty_values else value


def install_form_cleaning():
    """Make every forms.CharField (and its subclasses: email, URL, slug, username, the admin's,
    django-filter's, every ModelForm's CharField and TextField) clean its text with clean_text.

    A patch of one method, on purpose: Django has no setting for a project-wide form field, and
    a base form class or formfield_overrides would have to be remembered in every owner form,
    admin, auth form and third-party form (django-import-export, django-filter); one forgotten
    would let control characters in again."""
    from django import forms

    original = forms.CharField.to_python
    if getattr(original, "cleans_text", False):
        return

    def to_python(self, value):
        return clean_form_text(self, original(self, value))

    to_python.cleans_text = True
    forms.CharField.to_python = to_python
