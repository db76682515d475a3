"""Exports of the staff admin lists: XLSX or CSV of exactly the rows the list shows
(its filters, its search, and the staff member's regions), through django-import-export.

What a file holds is a resource below. The public one carries what the portal shows
anyway; the one with the owner's personal data (name, NIK, phones, address, omzet) is
offered only to users who may view BusinessPrivate (StaffExportMixin, at the end).

Every cell a spreadsheet could read as a formula is neutralised here, whatever the
settings say (see _NeutralisedFormat)."""

import re

import tablib
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catalog.models import Product
from directory.models import Business, BusinessPrivate, Certification

# OWASP "CSV injection": a cell starting with one of these is a formula (or the start of one)
# to Excel, LibreOffice or Google Sheets. Leading spaces do not protect it everywhere.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Rows read per query while exporting; the certificates of each batch come in one more query.
EXPORT_BATCH = 2000
PRIVATE_DATA_PERMISSION = "directory.view_businessprivate"


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
        return neutralise_formula(value)


class XLSXExport(_NeutralisedFormat, base_formats.XLSX):
    def clean_cell(self, value):
        value = super().clean_cell(value)
        if isinstance(value, str):
            # Control characters (from pasted registry data) would make openpyxl refuse the whole file.
            value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
        return value


class CSVExport(_NeutralisedFormat, base_formats.CSV):
    pass


EXPORT_FORMATS = [XLSXExport, CSVExport]


def local_phone(phone):
    """"+6281234567890" → "081234567890", as dinas registries write numbers (and a leading
    "+" would be a formula trigger)."""
    return "0" + phone[3:] if phone and phone.startswith("+62") else phone or ""


class NativeWidget(widgets.Widget):
    """The value as it is: a number or date stays one in XLSX (CSV writes it as text, an
    empty value as an empty cell). The library's default widget makes everything a string."""

    def render(self, value, obj=None, **kwargs):
        return value


NATIVE = NativeWidget()


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _yes_no(value):
    return _("Ya") if value else _("Tidak")


class _Resource(resources.Resource):
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


class BusinessExportResource(_Resource):
    """What the portal shows of a business anyway, plus its registry facts (no personal data)."""

    sheet_title = gettext_lazy("UMKM")

    name = fields.Field(attribute="name", column_name=_label(Business, "name"))
    nib = fields.Field(attribute="nib", column_name=_label(Business, "nib"))
    kbli = fields.Field(attribute="kbli_id", column_name=_label(Business, "kbli"))
    sector = fields.Field(attribute="sector", column_name=gettext_lazy("Sektor (kategori KBLI)"))
    business_type = fields.Field(attribute="business_type", column_name=_label(Business, "business_type"))
    main_products = fields.Field(attribute="main_products", column_name=_label(Business, "main_products"))
    scale = fields.Field(column_name=_label(Business, "scale"))
    regency_code = fields.Field(attribute="regency_id", column_name=gettext_lazy("Kode kabupaten/kota"))
    regency = fields.Field(attribute="regency__name", column_name=_label(Business, "regency"))
    district = fields.Field(attribute="district__name", column_name=_label(Business, "district"))
    village = fields.Field(attribute="village__name", column_name=_label(Business, "village"))
    address = fields.Field(attribute="address", column_name=_label(Business, "address"))
    postal_code = fields.Field(attribute="postal_code", column_name=_label(Business, "postal_code"))
    whatsapp = fields.Field(column_name=_label(Business, "whatsapp"))
    email = fields.Field(attribute="email", column_name=_label(Business, "email"))
    status = fields.Field(column_name=_label(Business, "status"))
    verified_on = fields.Field(attribute="verified_on", column_name=_label(Business, "verified_on"), widget=NATIVE)
    founded_year = fields.Field(attribute="founded_year", column_name=_label(Business, "founded_year"), widget=NATIVE)
    certifications = fields.Field(column_name=gettext_lazy("Sertifikasi"))
    sales_channels = fields.Field(attribute="sales_channels", column_name=_label(Business, "sales_channels"))
    workers = fields.Field(attribute="workers", column_name=_label(Business, "workers"), widget=NATIVE)
    product_count = fields.Field(attribute="product_count", column_name=gettext_lazy("Jumlah produk"), widget=NATIVE)

    class Meta:
        name = gettext_lazy("Data UMKM (tanpa data pribadi pemilik)")

    def filter_export(self, queryset, **kwargs):
        """Everything the columns read, in one query per batch plus one for the certificates."""
        products = (
            Product.objects.filter(business=OuterRef("pk")).order_by().values("business").annotate(n=Count("pk")).values("n")
        )
        return queryset.select_related("regency", "district", "village").prefetch_related(
            Prefetch("certifications", queryset=Certification.objects.order_by("kind"))
        ).annotate(product_count=Coalesce(Subquery(products), Value(0)))

    def dehydrate_scale(self, business):
        return business.get_scale_display()

    def dehydrate_status(self, business):
        return business.get_status_display()

    def dehydrate_whatsapp(self, business):
        return local_phone(business.whatsapp)

    def dehydrate_certifications(self, business):
        return "; ".join(_certificate_text(c) for c in business.certifications.all())


def _certificate_text(certificate):
    text = f"{certificate.get_kind_display()} {certificate.number}".strip()
    if certificate.expires_on:
        text += " " + _("(berlaku s.d. %(date)s)") % {"date": certificate.expires_on.strftime("%d-%m-%Y")}
    return text


class BusinessPrivateExportResource(BusinessExportResource):
    """The public columns plus the owner's personal data: for staff who may view BusinessPrivate."""

    owner_name = fields.Field(column_name=_label(BusinessPrivate, "owner_name"))
    nik = fields.Field(column_name=_label(BusinessPrivate, "nik"))
    owner_phone = fields.Field(column_name=_label(BusinessPrivate, "owner_phone"))
    owner_phone2 = fields.Field(column_name=_label(BusinessPrivate, "owner_phone2"))
    owner_address = fields.Field(column_name=_label(BusinessPrivate, "owner_address"))
    registry_omzet = fields.Field(column_name=_label(BusinessPrivate, "registry_omzet"))

    class Meta:
        name = gettext_lazy("Data UMKM dengan data pribadi pemilik (NIK, telepon, omzet)")

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("private")

    def _private(self, business, name, default=""):
        private = getattr(business, "private", None)  # None when the business has no private record
        return getattr(private, name) if private is not None else default

    def dehydrate_owner_name(self, business):
        return self._private(business, "owner_name")

    def dehydrate_nik(self, business):
        return self._private(business, "nik")

    def dehydrate_owner_phone(self, business):
        return local_phone(self._private(business, "owner_phone"))

    def dehydrate_owner_phone2(self, business):
        return local_phone(self._private(business, "owner_phone2"))

    def dehydrate_owner_address(self, business):
        return self._private(business, "owner_address")

    def dehydrate_registry_omzet(self, business):
        return self._private(business, "registry_omzet", None)


class ProductExportResource(_Resource):
    sheet_title = gettext_lazy("Produk")

    name = fields.Field(attribute="name", column_name=_label(Product, "name"))
    business = fields.Field(attribute="business__name", column_name=gettext_lazy("Nama UMKM"))
    business_nib = fields.Field(attribute="business__nib", column_name=gettext_lazy("NIB UMKM"))
    category = fields.Field(attribute="category__name", column_name=_label(Product, "category"))
    description = fields.Field(attribute="description", column_name=_label(Product, "description"))
    price_min = fields.Field(attribute="price_min", column_name=_label(Product, "price_min"), widget=NATIVE)
    price_max = fields.Field(attribute="price_max", column_name=_label(Product, "price_max"), widget=NATIVE)
    unit = fields.Field(attribute="unit", column_name=_label(Product, "unit"))
    min_order = fields.Field(attribute="min_order", column_name=_label(Product, "min_order"), widget=NATIVE)
    is_available = fields.Field(column_name=_label(Product, "is_available"))
    is_hidden = fields.Field(column_name=_label(Product, "is_hidden"))
    is_featured = fields.Field(column_name=_label(Product, "is_featured"))
    is_listed = fields.Field(column_name=gettext_lazy("Tampil di katalog"))
    regency_code = fields.Field(attribute="business__regency_id", column_name=gettext_lazy("Kode kabupaten/kota"))
    regency = fields.Field(attribute="business__regency__name", column_name=gettext_lazy("Kabupaten/kota"))
    district = fields.Field(attribute="business__district__name", column_name=gettext_lazy("Kecamatan"))
    created_at = fields.Field(column_name=_label(Product, "created_at"))

    class Meta:
        name = gettext_lazy("Data produk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("business__regency", "business__district", "category")

    def dehydrate_is_available(self, product):
        return _yes_no(product.is_available)

    def dehydrate_is_hidden(self, product):
        return _yes_no(product.is_hidden)

    def dehydrate_is_featured(self, product):
        return _yes_no(product.is_featured)

    def dehydrate_is_listed(self, product):
        return _yes_no(product.is_listed)

    def dehydrate_created_at(self, product):
        return timezone.localdate(product.created_at)


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
    users who may view BusinessPrivate."""

    export_formats = EXPORT_FORMATS
    export_form_class = StaffExportForm
    # Excel opens a UTF-8 CSV correctly only with the byte-order mark.
    to_encoding = "utf-8-sig"
    export_resources = ()
    private_export_resources = ()
    export_stem = "ekspor"

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_resource_classes(self, request):
        resources = list(self.export_resources)
        if self.private_export_resources and request.user.has_perm(PRIVATE_DATA_PERMISSION):
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
