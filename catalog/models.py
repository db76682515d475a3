"""Products of UMKM and the categories that group them.

A product copies a few facts from its business (region, scale, valid
certifications, whether the business is listed, its name for search) into its own row. The catalog
filters and sorts on those columns with one index each, instead of joining
three million products to a million businesses on every page
(catalog.listing keeps the copies and the counts true)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import Business, Scale
from regions.models import District, Regency
from umkm_portal.slugs import reverse_slug

LISTED = Q(is_listed=True)


class Category(models.Model):
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (Inggris)"), max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name

    def get_absolute_url(self):
        return reverse("catalog:product-list") + f"?kategori={self.slug}"


CARD_FIELDS = [
    "id", "name", "slug", "price_min", "price_max", "is_featured", "has_halal",
    "business", "business__name", "business__slug", "regency", "regency__short_name", "regency__slug",
    "cover", "cover__thumb",
]


class ProductQuerySet(models.QuerySet):
    def listed(self):
        """Products the public may see: not hidden, of an active business in this portal's province."""
        return self.filter(is_listed=True)

    def for_cards(self):
        """Exactly what catalog/_product_card.html touches, in one query (reading a column left
        out here would cost a query per card: the pinned query counts in the tests catch that)."""
        return self.listed().select_related("business", "regency", "cover").only(*CARD_FIELDS)


class Product(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="products", verbose_name=_("UMKM"))
    name = models.CharField(_("nama produk"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("kategori"))
    price_min = models.PositiveBigIntegerField(_("harga (Rp)"), null=True, blank=True, help_text=_("Harga, atau harga terendah bila bervariasi."))
    price_max = models.PositiveBigIntegerField(_("harga tertinggi (Rp)"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=30, default="pcs")
    min_order = models.PositiveIntegerField(_("minimal pembelian"), default=1)
    is_available = models.BooleanField(_("tersedia"), default=True)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    is_featured = models.BooleanField(_("produk unggulan / oleh-oleh khas"), default=False)
    cover = models.ForeignKey("ProductPhoto", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    # Copied from the business (catalog.listing.copied_columns); see the module docstring.
    is_listed = models.BooleanField(default=False, editable=False)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="+", editable=False)
    district = models.ForeignKey(District, null=True, on_delete=models.PROTECT, related_name="+", editable=False)
    scale = models.CharField(max_length=10, choices=Scale.choices, editable=False)
    has_halal = models.BooleanField(default=False, editable=False)
    has_pirt = models.BooleanField(default=False, editable=False)
    has_bpom = models.BooleanField(default=False, editable=False)
    has_sni = models.BooleanField(default=False, editable=False)
    seller_name = models.CharField(max_length=200, default="", editable=False)  # searched (catalog.search), below name and description
    # PostgreSQL only: filled by a trigger from name (weight A), description (B) and seller_name (C)
    # (migrations 0002, 0008), GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_min__isnull=False, price_max__gte=models.F("price_min")),
                name="product_price_range_ordered",
            ),
            models.CheckConstraint(condition=Q(min_order__gte=1), name="product_min_order_positive"),
        ]
        # Every catalog query is "listed products [filtered by one column], newest first, LIMIT n"
        # with keyset pagination (id < cursor): one partial index per filter column serves it
        # without a sort or a join. Views named per index.
        indexes = [
            models.Index(fields=["-id"], condition=LISTED, name="product_listed_newest"),  # /produk/
            models.Index(fields=["regency", "-id"], condition=LISTED, name="product_regency_newest"),  # /produk/?wilayah=, /wilayah/<slug>/
            models.Index(fields=["district", "-id"], condition=LISTED, name="product_district_newest"),  # /produk/?kecamatan=
            models.Index(fields=["category", "-id"], condition=LISTED, name="product_category_newest"),  # /produk/?kategori=
            models.Index(fields=["scale", "-id"], condition=LISTED, name="product_scale_newest"),  # /produk/?skala=
            models.Index(fields=["-id"], condition=LISTED & Q(has_halal=True), name="product_halal_newest"),  # ?sertifikasi=halal
            models.Index(fields=["-id"], condition=LISTED & Q(has_pirt=True), name="product_pirt_newest"),  # ?sertifikasi=pirt
            models.Index(fields=["-id"], condition=LISTED & Q(has_bpom=True), name="product_bpom_newest"),  # ?sertifikasi=bpom
            models.Index(fields=["-id"], condition=LISTED & Q(has_sni=True), name="product_sni_newest"),  # ?sertifikasi=sni
            models.Index(fields=["price_min", "id"], condition=LISTED, name="product_listed_price"),  # ?urut=harga, ?harga_min=
            models.Index(fields=["name", "id"], condition=LISTED, name="product_listed_name"),  # ?urut=nama
            models.Index(fields=["category", "price_min", "id"], condition=LISTED, name="product_category_price"),  # ?kategori=&urut=harga
            models.Index(fields=["category", "name", "id"], condition=LISTED, name="product_category_name"),  # ?kategori=&urut=nama
            models.Index(fields=["-id"], condition=LISTED & Q(is_featured=True), name="product_featured_newest"),  # / featured
            models.Index(fields=["regency", "-id"], condition=LISTED & Q(is_featured=True), name="product_regency_featured"),  # /wilayah/<slug>/ featured
            models.Index(fields=["business", "-id"], name="product_business_newest"),  # /umkm/<slug>/, "more from the seller"
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("catalog:product-detail", self.slug)

    @property
    def is_price_range(self):
        return self.price_max is not None and self.price_min is not None and self.price_max > self.price_min



class SearchWord(models.Model):
    """PostgreSQL only: every distinct word (3+ letters, lower case) of the products' names, for
    correcting a misspelt search word ("pempk" → "pempek") with a trigram lookup on tens of
    thousands of rows instead of millions of names. Kept by triggers (migration 0006): words are
    added, never removed, so a correction is offered only when it finds listed products."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("kata pencarian")
        verbose_name_plural = _("kata pencarian")


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="product/%Y/%m/")
    thumb = models.ImageField(upload_to="product/%Y/%m/", editable=False)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")


class FacetColumns(models.Model):
    """The filterable columns of a product and how many listed products share them."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    scale = models.CharField(max_length=10)
    has_halal = models.BooleanField()
    has_pirt = models.BooleanField()
    has_bpom = models.BooleanField()
    has_sni = models.BooleanField()
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True


class FacetCount(FacetColumns):
    """How many listed products share one combination of the filterable columns.

    The catalog shows a count beside every filter option. Counting three million
    rows per request costs hundreds of milliseconds; summing this small table
    (one row per combination actually present) costs a few. Rebuilt per
    kabupaten/kota by catalog.listing.refresh_counts after every write."""

    district = models.ForeignKey(District, null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["regency"], name="facet_regency")]  # filtered facet sums, per-regency rebuild


class RegencyFacetCount(FacetColumns):
    """FacetCount summed over kecamatan: ten times fewer rows, for every count that neither
    filters nor groups by kecamatan (/, /produk/ without a kecamatan, /wilayah/<slug>/ header)."""

    class Meta:
        indexes = [models.Index(fields=["regency"], name="regencyfacet_regency")]  # per-regency sums and rebuild


class BusinessCount(models.Model):
    """Listed businesses per (kabupaten/kota, sector, scale): the counts on / and /umkm/ read
    this small table instead of counting a million rows. Rebuilt with the product facets
    (catalog.listing.refresh_counts)."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="+")
    sector = models.CharField(max_length=1)
    scale = models.CharField(max_length=10)
    count = models.PositiveIntegerField()

    class Meta:
        # Moved here from the directory app with its table: the counts are the public catalog's.
        db_table = "directory_businesscount"
        indexes = [models.Index(fields=["regency"], name="businesscount_regency")]  # per-regency rebuild


class CountsGeneration(models.Model):
    """One row, given a new random value in the transaction of every rebuild of the count tables
    (catalog.listing.refresh_counts) and on every change of a category. The facet counts and
    option lists the catalog caches (catalog.facets) are keyed on it, so every app process,
    whichever cache it has, stops using them the moment the tables change: one query by primary
    key per page instead of one per count and per list. Random rather than counted, so a rolled
    back transaction or a restored backup cannot bring back a value whose cache entries describe
    other tables."""

    value = models.PositiveBigIntegerField(default=0)
