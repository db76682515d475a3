"""How complete an owner's listing is, and what to add next (the owner home, /akun/).

Buyers on the portal trust a listing with a photo, a description, prices, a way to contact
the seller and certificates; each missing piece is one step with a link to the page that
adds it."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from directory.models import Business, BusinessPhoto, Certification, TurnoverReport
from umkm_portal.months import previous_month

# A description shorter than this says too little to a buyer ("Jual pempek").
MIN_DESCRIPTION_LENGTH = 40


@dataclass(frozen=True)
class Step:
    done: bool
    label: str
    todo: str
    url: str


def owned_businesses(user):
    """The user's businesses with everything the completeness steps read, in one query."""
    valid_certificates = Certification.objects.filter(business=OuterRef("pk")).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=datetime.date.today())
    )
    contact = Q(whatsapp__gt="") | Q(email__gt="")
    for name in Business.MARKETPLACE_FIELDS + Business.SOCIAL_FIELDS:
        contact |= Q(**{f"{name}__gt": ""})
    return (
        Business.objects.owned_by(user)
        .select_related("regency")
        .annotate(
            has_photo=ExpressionWrapper(
                Q(Exists(BusinessPhoto.objects.filter(business=OuterRef("pk")))) | ~Q(logo=""), output_field=BooleanField()
            ),
            has_product=Exists(Product.objects.filter(business=OuterRef("pk"), is_hidden=False)),
            has_unpriced_product=Exists(Product.objects.filter(business=OuterRef("pk"), is_hidden=False, price_min__isnull=True)),
            has_contact=ExpressionWrapper(contact, output_field=BooleanField()),
            has_certificate=Exists(valid_certificates),
        )
        .order_by("name")
    )


def completeness_steps(business):
    """The five steps of a complete listing, for a business from owned_businesses()."""
    slug = business.slug
    return [
        Step(
            business.has_photo, _("Logo atau foto usaha"),
            _("Unggah logo atau foto tempat usaha Anda."), reverse("owners:business-photos", args=[slug]),
        ),
        Step(
            len(business.description.strip()) >= MIN_DESCRIPTION_LENGTH, _("Deskripsi usaha"),
            _("Ceritakan usaha Anda dalam 2–3 kalimat: apa yang dibuat, sejak kapan, apa istimewanya."),
            reverse("owners:business-edit", args=[slug]),
        ),
        Step(
            business.has_product and not business.has_unpriced_product, _("Produk dengan harga"),
            _("Tambahkan produk dan cantumkan harganya.") if not business.has_product
            else _("Beberapa produk belum ada harganya: lengkapi agar pembeli tidak ragu."),
            reverse("owners:product-list", args=[slug]),
        ),
        Step(
            business.has_contact, _("Kontak penjual"),
            _("Isi nomor WhatsApp usaha atau tautan toko online Anda."), reverse("owners:business-contact", args=[slug]),
        ),
        Step(
            business.has_certificate, _("Sertifikasi"),
            _("Catat sertifikat halal, P-IRT, BPOM, atau SNI yang masih berlaku."),
            reverse("owners:business-certifications", args=[slug]),
        ),
    ]


def reported_last_month(businesses, today=None):
    """Ids of those businesses whose omzet for last month is reported (one query)."""
    return set(
        TurnoverReport.objects.filter(business__in=[b.pk for b in businesses], month=previous_month(today))
        .values_list("business_id", flat=True)
    )
