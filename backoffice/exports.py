"""What the staff exports hold (staff.exports is the kit that writes them safely). The public
resource carries what the portal shows anyway; the one with the owner's personal data (name,
NIK, phones, address, omzet, the business's coordinates) is offered only to users who may view BusinessPrivate
(PRIVATE_DATA_PERMISSION)."""

from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from catalog.models import Product
from directory.models import Business, BusinessPrivate, Certification
from directory.phones import local_phone
from staff.exports import NATIVE, ExportResource

PRIVATE_DATA_PERMISSION = "directory.view_businessprivate"


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _yes_no(value):
    return _("Ya") if value else _("Tidak")


class BusinessExportResource(ExportResource):
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
    recorded_on = fields.Field(attribute="recorded_on", column_name=_label(Business, "recorded_on"), widget=NATIVE)
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
    # The location is personal data too (public only where the owner chose, and then on the page).
    latitude = fields.Field(column_name=_label(BusinessPrivate, "latitude"))
    longitude = fields.Field(column_name=_label(BusinessPrivate, "longitude"))

    class Meta:
        name = gettext_lazy("Data UMKM dengan data pribadi pemilik (NIK, telepon, omzet, koordinat)")

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

    def dehydrate_latitude(self, business):
        value = self._private(business, "latitude", None)
        return float(value) if value is not None else None

    def dehydrate_longitude(self, business):
        value = self._private(business, "longitude", None)
        return float(value) if value is not None else None


class ProductExportResource(ExportResource):
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
