"""The safe export kit of the staff admin lists: XLSX or CSV of exactly the rows a list
shows (its filters, its search, and the staff member's regions), through
django-import-export. The resources that say what a file holds are the back office's
(backoffice.exports); the personal-data ones are offered only to users with the
admin's `private_data_permission` (StaffExportMixin).

Every cell a spreadsheet could read as a formula is neutralised here, whatever the
settings say (see _NeutralisedFormat)."""

import re

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from umkm_portal.text import xml_safe

# OWASP "CSV injection": a cell starting with one of these is a formula (or the start of one)
# to Excel, LibreOffice or Google Sheets. Leading spaces do not protect it everywhere.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Rows read per query while exporting; the certificates of each batch come in one more query.
EXPORT_BATCH = 2000


def neutralise_formula(value):
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it stays text.
    Numbers, dates and empty cells pass unchanged."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _NeutralisedFormat:
    """Writes the dataset with every cell passed through clean_cell, and skips the library's
    own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT pass: in django-import-export 4.4 that pass
    only strips one leading "=" (so "==1+1" still becomes a live formula in XLSX), leaves
    + - @ tab and CR alone, and turns every cell into text (an empty cell becomes "None",
    a number a string)."""

    def export_data(self, dataset, **kwargs):
        cleaned = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            cleaned.append([self.clean_cell(value) for value in row])
        return cleaned.export(self.get_title(), **kwargs)

    def clean_cell(self, value):
        # Control characters (from pasted registry data) would make openpyxl refuse the whole
        # file; a CSV read back would carry them into the next import.
        return neutralise_formula(xml_safe(value))


class XLSXExport(_NeutralisedFormat, base_formats.XLSX):
    pass


class CSVExport(_NeutralisedFormat, base_formats.CSV):
    pass


EXPORT_FORMATS = [XLSXExport, CSVExport]


class NativeWidget(widgets.Widget):
    """The value as it is: a number or date stays one in XLSX (CSV writes it as text, an
    empty value as an empty cell). The library's default widget makes everything a string."""

    def render(self, value, obj=None, **kwargs):
        return value


NATIVE = NativeWidget()


class ExportResource(resources.Resource):
    """Reads the queryset in batches with prefetches per batch (the library's default for
    a prefetching queryset is LIMIT/OFFSET pages, which grow slower with every page)."""

    sheet_title = ""

    @classmethod
    def get_display_name(cls):
        """The name of this file's contents on the export form."""
        return cls._meta.name

    def iter_queryset(self, queryset):
        yield from queryset.iterator(chunk_size=EXPORT_BATCH)

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = str(self.sheet_title)
        return dataset


class StaffExportForm(SelectableFieldsExportForm):
    """The library's export form with Indonesian labels: each column checkbox is named by
    its header in the file."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = gettext_lazy("Format berkas")
        self.fields["resource"].label = gettext_lazy("Isi berkas")
        for resource in resources:
            for name, field in resource.fields.items():
                checkbox = self.fields.get(self.create_boolean_field_name(resource, name))
                if checkbox is not None:
                    checkbox.label = field.column_name


def export_filename(stem, file_format, today):
    """"umkm-2025-01-31.xlsx": ASCII only, safe in a Content-Disposition header."""
    stem = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "ekspor"
    return f"{stem}-{today:%Y-%m-%d}.{file_format.get_extension()}"


class StaffExportMixin(ExportMixin):
    """Export on a staff admin list: XLSX or CSV of the rows the list shows (its filters,
    search and the staff member's scope, since the library builds the export from the
    admin's changelist queryset). The resources with personal data are offered only to
    users with `private_data_permission`."""

    export_formats = EXPORT_FORMATS
    export_form_class = StaffExportForm
    # Excel opens a UTF-8 CSV correctly only with the byte-order mark.
    to_encoding = "utf-8-sig"
    export_resources = ()
    private_export_resources = ()
    export_stem = "ekspor"
    #: "app.codename" a user needs for `private_export_resources`.
    private_data_permission = ""

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_resource_classes(self, request):
        resources = list(self.export_resources)
        if self.private_export_resources and request.user.has_perm(self.private_data_permission):
            resources += self.private_export_resources
        return resources

    def get_valid_export_item_pks(self, request):
        # Only used when a POST names the rows to export: those of the scoped list, nothing else.
        return self.get_export_queryset(request).values_list("pk", flat=True)

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["title"] = _("Ekspor %(name)s") % {"name": self.model._meta.verbose_name_plural}
        return context

    def get_export_filename(self, request, queryset, file_format):
        return export_filename(self.export_stem, file_format, timezone.localdate())
