"""The column mapping of an import in the admin: the form under the preview where staff change
which field each column of the file is read as (or ignore it, or compose the name from several
columns) and read the stored file again, and the saved formats (registry.ImportFormat) with
their list. The views themselves are ImportJobAdmin's (backoffice.imports), which settles who
may see the import; this module holds what they need."""

import hashlib
import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.columns import FIELDS
from registry.mappings import COMPOSED_INDEX, REPEATABLE, file_columns, mapping_of_columns
from registry.models import ImportFormat, ImportJob
from registry.scans import FIELD_TITLES

SOURCES = {
    "header": gettext_lazy("judul kolom"),
    "values": gettext_lazy("isi kolom"),
    "format": gettext_lazy("format tersimpan"),
    "staff": gettext_lazy("pilihan staf"),
}

# In a product file "name" is the product's (FIELD_TITLES names the business fields).
PRODUCT_TITLES = {"name": gettext_lazy("Nama produk"), "business_name": gettext_lazy("Nama usaha (pemilik produk)")}


def mapping_basis(job):
    """A fingerprint of the mapping a page showed: a form built on another (sent twice, or after
    someone else changed it) is refused instead of applied on top."""
    shown = [[c.get("index"), c.get("field")] for c in job.columns]
    return hashlib.sha256(json.dumps([job.pk, shown, job.mapping], sort_keys=True).encode()).hexdigest()[:20]


def can_remap(job):
    """Whether staff may change the mapping and read the file again: a previewed import, or one
    that stopped for its mapping with the file kept (registry.services.import_job_reread)."""
    if not job.columns:
        return False
    if job.status == ImportJob.Status.PREVIEWED:
        return True
    return job.status == ImportJob.Status.FAILED and ImportJob.objects.filter(pk=job.pk, file_data__isnull=False).exists()


class MappingForm(forms.Form):
    """One select per column of the file (its field, or ignored) and one "part of the name" box."""

    basis = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.file_columns = file_columns(job.columns)
        current = mapping_of_columns(job.columns)
        titles = {**FIELD_TITLES, **(PRODUCT_TITLES if job.kind == ImportJob.Kind.PRODUCT else {})}
        choices = [("", _("— diabaikan —"))] + [(field, str(titles.get(field, field))) for field in FIELDS[job.kind]]
        self.fields["basis"].initial = mapping_basis(job)
        for column in self.file_columns:
            index = column["index"]
            self.fields[f"kolom_{index}"] = forms.ChoiceField(
                label=column["label"], choices=choices, required=False, initial=current["fields"].get(str(index), ""),
            )
            self.fields[f"bagian_{index}"] = forms.BooleanField(
                label=_("Bagian nama"), required=False, initial=index in current["name_parts"],
            )

    def rows(self):
        """Per column of the file: its entry in ImportJob.columns, its select and its box."""
        return [
            {"column": column, "field": self[f"kolom_{column['index']}"], "part": self[f"bagian_{column['index']}"],
             "source": SOURCES.get(column.get("source", ""), ""),
             "samples": [sample for sample in column.get("samples", []) if sample]}
            for column in self.file_columns
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("basis") != mapping_basis(self.job):
            raise forms.ValidationError(_(
                "Pemetaan kolom impor ini sudah berubah sejak halaman dibuka (mungkin formulir terkirim dua kali). "
                "Tidak ada yang diubah; periksa pemetaan di bawah, lalu kirim lagi bila perlu."
            ))
        chosen = {}
        for column in self.file_columns:
            field = cleaned.get(f"kolom_{column['index']}")
            if field and field not in REPEATABLE:
                chosen.setdefault(field, []).append(column)
        for field, columns in chosen.items():
            if len(columns) > 1:
                self.add_error(None, _(
                    "'%(field)s' dipilih untuk lebih dari satu kolom: %(columns)s. Pilih satu kolom saja dan abaikan "
                    "yang lain."
                ) % {"field": FIELD_TITLES.get(field, field),
                     "columns": _(" dan ").join(column["label"] for column in columns)})
        return cleaned

    def mapping(self):
        """The mapping as ImportJob.mapping keeps it (after is_valid())."""
        fields = {str(c["index"]): self.cleaned_data.get(f"kolom_{c['index']}") or "" for c in self.file_columns}
        parts = [c["index"] for c in self.file_columns if self.cleaned_data.get(f"bagian_{c['index']}")]
        return {"fields": fields, "name_parts": parts}

    def composed_names(self):
        """The names the chosen parts make of the first rows (after is_valid()), to see before reading again."""
        mapping = self.mapping()
        parts = set(mapping["name_parts"]) | {int(i) for i, field in mapping["fields"].items() if field == "name"}
        if len(parts) < 2:
            return []
        columns = [c for c in self.file_columns if c["index"] in parts]
        rows = max(len(c.get("samples", [])) for c in columns)
        names = [" ".join(c["samples"][row] for c in columns if row < len(c["samples"]) and c["samples"][row])
                 for row in range(rows)]
        return [name for name in names if name]


class FormatForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama format"), max_length=120,
        help_text=gettext_lazy("Misalnya “Format Disperindag Kota X”; dipakai lagi untuk berkas dengan judul kolom yang sama."),
    )


def mapping_context(job, form=None, format_form=None):
    """What templates/admin/registry/importjob/_columns.html shows."""
    editable = can_remap(job)
    form = form or (MappingForm(job=job) if editable else None)
    composed = next((c for c in job.columns if c.get("index") == COMPOSED_INDEX), None)
    return {
        "mapping_form": form,
        "mapping_editable": editable,
        "composed_names": form.composed_names() if form is not None and form.is_bound and form.is_valid() else [],
        "composed_column": composed,
        "format_form": format_form or (FormatForm() if job.status == ImportJob.Status.PREVIEWED else None),
        "applied_format": job.applied_format if job.applied_format_id else None,
        "sources": SOURCES,
    }


@admin.register(ImportFormat)
class ImportFormatAdmin(admin.ModelAdmin):
    """Saved column formats: every staff member sees all of them (headers and fields, no data);
    they are made on the import preview, so here they are listed and deleted only."""

    list_display = ["name", "kind", "header_list", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    search_fields = ["name"]
    readonly_fields = ["name", "kind", "headers", "mapping", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Judul kolom"))
    def header_list(self, obj):
        headers = [header for header in obj.headers if header]
        shown = ", ".join(headers[:6])
        return shown + (" …" if len(headers) > 6 else "")
