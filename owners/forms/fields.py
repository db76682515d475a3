"""Form pieces every owner page uses: several photos in one file input, phone and date inputs
that bring up the right keyboard or picker on a phone (Rupiah amounts: umkm_portal.fields)."""

from django import forms


class TelInput(forms.TextInput):
    input_type = "tel"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> shows and sends


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one <input type=file multiple> (Django docs, "Uploading multiple
    files"): cleaned to a list of uploads. Their content is checked when they are processed
    (umkm_portal.images), not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if not uploads:
            single_clean(None, initial)  # "required" when it is
            return []
        return [single_clean(upload, initial) for upload in uploads]
