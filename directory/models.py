"""UMKM businesses. What the public may see lives on Business; what only the
owners and staff may see (owner identity, NIK, omzet) lives in separate tables
that no public view, feed or sitemap reads; only staff exports of their own
regions include it (backoffice.exports)."""

import datetime
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.names import name_key
from directory.phones import normalize_phone
from regions.models import District, Regency, Village
from umkm_portal.slugs import reverse_slug

nib_validator = RegexValidator(r"^\d{13}$", _("NIB terdiri dari 13 angka."))
nik_validator = RegexValidator(r"^\d{16}$", _("NIK terdiri dari 16 angka."))


class KbliQuerySet(models.QuerySet):
    def sectors(self):
        """The KBLI kategori ("A" … "U"): the sectors businesses are grouped and filtered by."""
        return self.filter(level="kategori")


def sector_choices():
    """("C", "C — Industri Pengolahan") for every sector: the sector filters' options."""
    return [(k.code, f"{k.code} — {k.title}") for k in Kbli.objects.sectors().only("code", "title")]


class Kbli(models.Model):
    """A KBLI 2020 code at any level (kategori "C" down to the 5-digit "10792")."""

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    level = models.CharField(_("tingkat"), max_length=20)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    category_code = models.CharField(_("kategori"), max_length=1)
    title = models.CharField(_("judul"), max_length=300)

    objects = KbliQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("KBLI 2020")
        verbose_name_plural = _("KBLI 2020")

    def __str__(self):
        return f"{self.code} — {self.title}"


class Scale(models.TextChoices):
    """Business scale per PP 7/2021 (by capital or annual sales)."""

    MIKRO = "mikro", _("Usaha mikro")
    KECIL = "kecil", _("Usaha kecil")
    MENENGAH = "menengah", _("Usaha menengah")


class BusinessQuerySet(models.QuerySet):
    def listed(self):
        """Businesses the public may see: active ones, in this portal's province."""
        return self.filter(status=Business.Status.ACTIVE, regency__province_id=settings.PORTAL_PROVINCE)

    def listed_among(self, regencies):
        """listed(), given the portal's kabupaten/kota (Regency.objects.in_portal(), a cached list on
        /umkm/): their codes in the query instead of the join to the regions, from which PostgreSQL
        guesses that a business is in the province as often as a kabupaten/kota is (17 of 514, 3 %)
        and so expects a filtered list to be short, and sorts all of it rather than read its first
        page from an index (/umkm/?sektor=S&skala=menengah: 150 ms instead of 5)."""
        return self.filter(status=Business.Status.ACTIVE, regency_id__in=[regency.pk for regency in regencies])

    def owned_by(self, user):
        """The businesses `user` runs (none for an anonymous visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(ownerships__user=user)

    def claimable(self):
        """Businesses an owner may find and claim on the owner pages: the listed ones."""
        return self.listed()

    def for_claim_search(self, *, user, name="", regency_code="", nib=""):
        """Claimable businesses with this NIB, or whose name contains `name` (compared by
        directory.names.name_key: case, spacing and punctuation ignored), optionally in one
        kabupaten/kota, by name. Each carries `is_owned` (`user` already runs it) and the
        regency and district owners/claims/search.html shows; nothing of BusinessPrivate."""
        businesses = self.claimable()
        if nib:
            businesses = businesses.filter(nib=nib)
        else:
            businesses = businesses.filter(name_key__contains=name_key(name))
            if regency_code:
                businesses = businesses.filter(regency_id=regency_code)
        return (
            businesses.select_related("regency", "district")
            .annotate(is_owned=Exists(Ownership.objects.filter(business=OuterRef("pk"), user=user)))
            .order_by("name", "pk")
        )

    def for_directory(self):
        """Everything catalog/business_list.html touches, in one query."""
        return self.listed().select_related("regency", "district", "kbli")


class Business(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        INACTIVE = "inactive", _("Tidak aktif")
        UNVERIFIED = "unverified", _("Belum diverifikasi")

    name = models.CharField(_("nama usaha"), max_length=200)
    # directory.names.name_key(name), kept by save(): registry imports find "the same business" by it.
    name_key = models.CharField(max_length=200, editable=False, default="")
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    kbli = models.ForeignKey(
        Kbli, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("KBLI"), db_index=False
    )
    # The KBLI kategori letter ("C" = industri pengolahan), kept beside the code for the sector filter.
    sector = models.CharField(_("sektor"), max_length=1, blank=True)
    # Blank when the registry does not say (many dinas lists leave SKALA empty).
    scale = models.CharField(_("skala usaha"), max_length=10, choices=Scale.choices, default=Scale.MIKRO, blank=True)
    nib = models.CharField(_("NIB"), max_length=13, null=True, blank=True, unique=True, validators=[nib_validator])

    address = models.CharField(_("alamat usaha"), max_length=300, blank=True)
    # No index of its own: the indexes of Meta that lead with it serve its lookups.
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("kabupaten/kota"), db_index=False
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"), db_index=False
    )
    village = models.ForeignKey(
        Village, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan"), db_index=False
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    whatsapp = models.CharField(_("WhatsApp usaha"), max_length=16, blank=True, help_text=_("Disimpan sebagai +62…"))
    email = models.EmailField(_("email usaha"), blank=True)
    tokopedia_url = models.URLField("Tokopedia", blank=True)
    shopee_url = models.URLField("Shopee", blank=True)
    bukalapak_url = models.URLField("Bukalapak", blank=True)
    lazada_url = models.URLField("Lazada", blank=True)
    blibli_url = models.URLField("Blibli", blank=True)
    tiktok_url = models.URLField("TikTok Shop", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    website_url = models.URLField(_("situs web"), blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UNVERIFIED)
    # Set only by a verification (staff, or a re-verification campaign), never by an import.
    verified_on = models.DateField(_("terakhir diverifikasi"), null=True, blank=True)
    # The date of the registry data this business was last imported from (a "tanggal pendataan"
    # column, or the date staff gave at upload); unknown when neither said.
    recorded_on = models.DateField(_("tanggal data registri"), null=True, blank=True)
    # The owner chose to show their location (BusinessPrivate.latitude/longitude) on public pages.
    location_public = models.BooleanField(_("lokasi ditampilkan publik"), default=False)
    founded_year = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True, blank=True)
    # As the dinas registries record them: "Kuliner", "Kriya", … and the main products in words.
    business_type = models.CharField(_("jenis usaha"), max_length=40, blank=True)
    main_products = models.CharField(_("produk utama"), max_length=300, blank=True)
    sales_channels = models.CharField(_("pemasaran"), max_length=200, blank=True, help_text=_("Mis. Shopee, GoFood, WhatsApp"))
    workers = models.PositiveIntegerField(_("tenaga kerja"), null=True, blank=True)

    logo = models.ImageField(_("logo"), upload_to="logo/%Y/%m/", blank=True)
    logo_thumb = models.ImageField(upload_to="logo/%Y/%m/", blank=True, editable=False)

    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Ownership", related_name="businesses", blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = BusinessQuerySet.as_manager()

    MARKETPLACE_FIELDS = ["tokopedia_url", "shopee_url", "bukalapak_url", "lazada_url", "blibli_url", "tiktok_url"]
    SOCIAL_FIELDS = ["instagram_url", "facebook_url", "website_url"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("UMKM")
        verbose_name_plural = _("UMKM")
        indexes = [
            # /umkm/?wilayah= (sorted within it: catalog.filters.BusinessFilter.ordering) and /wilayah/<slug>/:
            # listed businesses of one kabupaten/kota, by name.
            models.Index(fields=["regency", "status", "name"], name="business_regency_status_name"),
            # /umkm/ unfiltered: listed businesses by name.
            models.Index(fields=["status", "name"], name="business_status_name"),
            # /umkm/?sektor=: listed businesses of one sector, by name (catalog.filters.BusinessFilter.ordering),
            # and the sector filter elsewhere: it leads, so it stands in for an index on the sector alone.
            models.Index(fields=["sector", "status", "name"], name="business_sector_status_name"),
            # Registry import: "same normalised name in the same kabupaten/kota" (registry.matching).
            models.Index(fields=["regency", "name_key"], name="business_regency_name_key"),
            # The kecamatan, desa and KBLI filters, and PROTECT on deleting one of those. Declared
            # here, not with db_index=True, which on PostgreSQL adds a varchar_pattern_ops copy of each for
            # LIKE 'prefix%' lookups that nothing runs; each index costs every insert (the registry import
            # writes 100,000 rows at once: bench/README.md).
            models.Index(fields=["district"], name="business_district"),
            models.Index(fields=["village"], name="business_village"),
            models.Index(fields=["kbli"], name="business_kbli"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("catalog:business-detail", self.slug)

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def clean(self):
        # Every form that edits a business (admin, owner pages) stores the one canonical +62 form.
        self.whatsapp = normalize_phone(self.whatsapp)
        if self.kbli_id:
            self.sector = self.kbli.category_code

    @property
    def is_listed(self):
        """BusinessQuerySet.listed() for one business, without a query: active, and in this
        portal's province (the first part of the kabupaten/kota code)."""
        return self.status == self.Status.ACTIVE and self.regency_id.split(".")[0] == settings.PORTAL_PROVINCE

    def facts_line(self):
        """"Usaha mikro · KBLI 10792 Industri …" without empty parts (scale and KBLI are often unknown
        in imported registries). Uses kbli: select it with the business."""
        parts = [str(self.get_scale_display()) if self.scale else ""]
        if self.kbli_id:
            parts.append(f"KBLI {self.kbli.code} {self.kbli.title}")
        elif self.business_type:
            parts.append(self.business_type)
        return " · ".join(part for part in parts if part)

    def registry_note(self):
        """What the public page says of the dinas's data: "Diverifikasi dinas, terakhir 2 Desember
        2026" after a verification (verified_on), "Data dinas tahun 2020" when the registry data's
        date is all that is known (recorded_on: an import is no verification), else ""."""
        if self.verified_on:
            return _("Diverifikasi dinas, terakhir %(date)s") % {"date": date_format(self.verified_on, "j F Y")}
        if self.recorded_on:
            return _("Data dinas tahun %(year)d") % {"year": self.recorded_on.year}
        return ""

    def public_location(self):
        """(latitude, longitude) as Decimals when the owner published the location, else None.
        Costs a query when published: the coordinates live with the private data."""
        if not self.location_public:
            return None
        location = BusinessPrivate.objects.filter(
            business_id=self.pk, latitude__isnull=False, longitude__isnull=False
        ).values_list("latitude", "longitude").first()
        return tuple(location) if location else None

    @property
    def initials(self):
        """"PC" for "Pempek Cek Sari": the placeholder where a business has no logo."""
        words = [word for word in self.name.split() if word[:1].isalnum()]
        return "".join(word[0] for word in words[:2]).upper() or "?"

    def valid_certifications(self, on=None):
        """The certificates that have not expired. Reads certifications.all(): prefetch them for a list."""
        return [certification for certification in self.certifications.all() if certification.is_valid(on)]

    def marketplace_shops(self):
        """The names of the marketplaces this business sells on ("Tokopedia", "Shopee"), no query."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.MARKETPLACE_FIELDS if getattr(self, name)]

    def marketplace_links(self):
        """(label, url) of every marketplace and social page this business filled in."""
        links = []
        for name in self.MARKETPLACE_FIELDS + self.SOCIAL_FIELDS:
            url = getattr(self, name)
            if url:
                links.append((self._meta.get_field(name).verbose_name, url))
        return links


class Certification(models.Model):
    class Kind(models.TextChoices):
        HALAL = "halal", _("Halal")
        PIRT = "pirt", _("P-IRT")
        BPOM = "bpom", _("BPOM")
        SNI = "sni", _("SNI")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True, help_text=_("Kosongkan bila berlaku seumur hidup."))

    class Meta:
        ordering = ["kind"]
        verbose_name = _("sertifikasi")
        verbose_name_plural = _("sertifikasi")
        constraints = [models.UniqueConstraint(fields=["business", "kind"], name="certification_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def is_valid(self, on=None):
        return self.expires_on is None or self.expires_on >= (on or datetime.date.today())


class BusinessPhoto(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="business/%Y/%m/")
    thumb = models.ImageField(upload_to="business/%Y/%m/", editable=False)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("foto usaha")
        verbose_name_plural = _("foto usaha")


class Ownership(models.Model):
    """A user who runs a business. A business may have several owners and a user several businesses."""

    class Via(models.TextChoices):
        NIB_PHONE = "nib_phone", _("NIB dan telepon cocok")
        REQUEST = "request", _("Permintaan disetujui staf")
        LINK = "link", _("Tautan klaim dari staf")
        REGISTRATION = "registration", _("Didaftarkan pemilik")
        STAFF = "staff", _("Ditambahkan staf")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="ownerships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ownerships")
    created_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(_("cara"), max_length=12, choices=Via.choices, default=Via.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="ownership_unique")]
        verbose_name = _("pemilik")
        verbose_name_plural = _("pemilik")


class BusinessPrivate(models.Model):
    """Personal data of the owner, for staff and owners only: never on a public page or feed,
    and in exports only for staff of the business's region."""

    business = models.OneToOneField(Business, on_delete=models.CASCADE, primary_key=True, related_name="private")
    owner_name = models.CharField(_("nama pemilik"), max_length=200, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    # Indexed: registry imports match a business by its owner's phone; owners claim with it.
    owner_phone = models.CharField(_("telepon pemilik"), max_length=16, blank=True, db_index=True)
    owner_phone2 = models.CharField(_("telepon pemilik (lain)"), max_length=16, blank=True)
    # Monthly omzet as the registry declared it; owners' own monthly reports are TurnoverReport.
    registry_omzet = models.PositiveBigIntegerField(_("omzet per bulan (registri)"), null=True, blank=True)
    owner_address = models.CharField(_("alamat pemilik"), max_length=300, blank=True)
    # Where the business is, as a registry or the owner gave it; public only when
    # Business.location_public, otherwise shown no more precisely than the kecamatan.
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("data pribadi pemilik")
        verbose_name_plural = _("data pribadi pemilik")

    def __str__(self):
        return str(_("Data pribadi pemilik"))


def _median(values):
    return statistics.median(values) if values else None


class TurnoverReportQuerySet(models.QuerySet):
    def summary_by_regency(self, *, regencies, month):
        """The staff summary of one month: for each of `regencies` ((code, name) pairs, e.g. a
        staff member's scope), how many businesses reported, their total and median omzet and
        median workers; and the same over all of them. Returns (rows, total), each row a dict
        with regency_code, regency_name, reported, total_omzet, median_omzet, median_workers.

        One query: (region, omzet, workers) of the month's reports. Medians are taken in Python
        (statistics.median), the same on SQLite and PostgreSQL; the rows are three numbers per
        report, so even 100,000 reports a month stay a few MB. Far past that, PostgreSQL's
        percentile_cont(0.5) WITHIN GROUP (ORDER BY omzet) would do it in the database."""
        omzets, workers = defaultdict(list), defaultdict(list)
        reports = self.filter(month=month, business__regency__in=[code for code, _name in regencies])
        for regency, omzet, worker_count in reports.order_by().values_list("business__regency", "omzet", "workers"):
            omzets[regency].append(omzet)
            if worker_count is not None:
                workers[regency].append(worker_count)

        def summary(omzet_values, worker_values):
            median_omzet = _median(omzet_values)
            return {
                "reported": len(omzet_values),
                "total_omzet": sum(omzet_values),
                # Half a Rupiah (the median of an even count) is rounded; half a worker is kept.
                "median_omzet": None if median_omzet is None else int(Decimal(median_omzet).quantize(Decimal(1), ROUND_HALF_UP)),
                "median_workers": _median(worker_values),
            }

        rows = [
            {"regency_code": code, "regency_name": name, **summary(omzets[code], workers[code])}
            for code, name in regencies
        ]
        total = summary(
            [value for values in omzets.values() for value in values],
            [value for values in workers.values() for value in values],
        )
        return rows, total


class TurnoverReport(models.Model):
    """Monthly omzet an owner reports. Private: only owners and staff of the region see it."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="turnover_reports")
    month = models.DateField(_("bulan"), help_text=_("Tanggal 1 bulan yang dilaporkan."))
    omzet = models.PositiveBigIntegerField(_("omzet (Rp)"))
    transactions = models.PositiveIntegerField(_("jumlah transaksi"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("jumlah tenaga kerja"), null=True, blank=True)

    objects = TurnoverReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("laporan omzet")
        verbose_name_plural = _("laporan omzet")
        constraints = [
            models.UniqueConstraint(fields=["business", "month"], name="turnover_one_per_month"),
        ]
        indexes = [
            # Admin "Ringkasan omzet": every report of one month, per kabupaten/kota in scope.
            models.Index(fields=["month"], name="turnover_month"),
        ]
