"""Write flows for products, and the upkeep of the columns and counts the
catalog reads (see catalog.models' docstring)."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, Max, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from catalog.models import FacetCount, Product, ProductPhoto, RegencyFacetCount
from directory.models import Business, BusinessCount, Certification
from umkm_portal.batches import chunked
from umkm_portal.images import delete_files_after_commit, process_upload, process_uploads, stored_files
from umkm_portal.slugs import unique_slug

CERTIFICATION_KINDS = ("halal", "pirt", "bpom", "sni")
MAX_PRODUCT_PHOTOS = 8


def listing_fields(business, *, today=None):
    """The columns a product copies from its business (one query: its certificates)."""
    today = today or datetime.date.today()
    valid = {c.kind for c in business.certifications.all() if c.is_valid(today)}
    return {
        "regency_id": business.regency_id,
        "district_id": business.district_id,
        "scale": business.scale,
        **{f"has_{kind}": kind in valid for kind in CERTIFICATION_KINDS},
    }


def listing_fields_of(business_ids, *, today=None):
    """listing_fields (plus is_listed for a visible product) of many businesses: two queries per
    chunk of ids. For bulk writers (registry imports)."""
    today = today or datetime.date.today()
    fields = {}
    for chunk in chunked(business_ids):
        for business in Business.objects.filter(id__in=chunk).only("id", "regency_id", "district_id", "scale", "status"):
            fields[business.id] = {
                "regency_id": business.regency_id,
                "district_id": business.district_id,
                "scale": business.scale,
                "is_listed": business.is_listed,
                **{f"has_{kind}": False for kind in CERTIFICATION_KINDS},
            }
        valid = Certification.objects.filter(business_id__in=chunk).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        for business_id, kind in valid.values_list("business_id", "kind"):
            fields[business_id][f"has_{kind}"] = True
    return fields


def sync_listings(business_ids):
    """sync_business_listing for many businesses, without rebuilding counts (the caller does,
    once for every kabupaten/kota touched). Only businesses that have products are written."""
    with_products = set()
    for chunk in chunked(business_ids):
        with_products.update(Product.objects.filter(business_id__in=chunk).values_list("business_id", flat=True).distinct())
    for business_id, fields in listing_fields_of(with_products).items():
        listed = fields.pop("is_listed")
        Product.objects.filter(business_id=business_id).update(
            **fields, is_listed=Case(When(is_hidden=False, then=Value(listed)), default=Value(False))
        )


def sync_business_listing(business):
    """Copy the business's region, scale, certifications and status onto its products,
    then rebuild the counts of every kabupaten/kota involved."""
    old_regencies = set(business.products.values_list("regency_id", flat=True).distinct())
    listed = business.is_listed
    business.products.update(
        **listing_fields(business),
        is_listed=Case(When(is_hidden=False, then=Value(listed)), default=Value(False)),
    )
    refresh_facets(regency_codes=old_regencies | {business.regency_id})


def product_create(*, business, name, category, photos=(), **fields):
    """Create a product of `business` with its photos (already-uploaded files, or images from
    process_uploads): every photo is checked before anything is written."""
    if len(photos) > MAX_PRODUCT_PHOTOS:
        raise ValidationError(too_many_photos_message(len(photos), 0), code="too_many_photos")
    processed = process_uploads(photos)
    with transaction.atomic():
        product = Product(
            business=business, name=name, category=category, slug=unique_slug(Product, name),
            **listing_fields(business), **fields,
        )
        product.is_listed = business.is_listed and not product.is_hidden
        product.full_clean()
        product.save()
        for position, image in enumerate(processed):
            _save_photo(product, image, position)
        transaction.on_commit(lambda: refresh_facets(regency_codes={product.regency_id}))
    return product


def product_save(*, product):
    """Save a product edited through a form (admin, owner pages): its listing columns are
    copied from its business first, and the counts of its kabupaten/kota rebuilt after the commit."""
    for field, value in listing_fields(product.business).items():
        setattr(product, field, value)
    product.is_listed = product.business.is_listed and not product.is_hidden
    if not product.slug:
        product.slug = unique_slug(Product, product.name)
    with transaction.atomic():
        product.save()
        transaction.on_commit(lambda: refresh_facets(regency_codes={product.regency_id}))
    return product


def product_add_photo(*, product, upload):
    processed = process_upload(upload)
    with transaction.atomic():
        return _save_photo(product, processed, product.photos.count())


def too_many_photos_message(adding, existing):
    if existing:
        return _(
            "Satu produk paling banyak %(max)s foto. Produk ini sudah punya %(existing)s foto, "
            "jadi Anda bisa menambah %(room)s lagi (Anda memilih %(adding)s)."
        ) % {"max": MAX_PRODUCT_PHOTOS, "existing": existing, "room": max(MAX_PRODUCT_PHOTOS - existing, 0), "adding": adding}
    return _("Satu produk paling banyak %(max)s foto (Anda memilih %(adding)s).") % {"max": MAX_PRODUCT_PHOTOS, "adding": adding}


def product_add_photos(*, product, images):
    """Add `images` (from process_uploads) to `product`, up to MAX_PRODUCT_PHOTOS in all: none is
    added when they do not all fit. The first becomes the cover when there is none."""
    with transaction.atomic():
        # The product row is locked so two uploads at once cannot pass the limit together.
        locked = Product.objects.select_for_update().only("id", "cover").get(pk=product.pk)
        existing = locked.photos.count()
        if existing + len(images) > MAX_PRODUCT_PHOTOS:
            raise ValidationError(too_many_photos_message(len(images), existing), code="too_many_photos")
        product.cover_id = locked.cover_id
        next_position = (locked.photos.aggregate(last=Max("position"))["last"] or 0) + 1 if existing else 0
        return [_save_photo(product, image, next_position + offset) for offset, image in enumerate(images)]


def product_set_cover(*, product, photo):
    """Make `photo` (one of `product`'s) the cover: shown on cards and first on the product page."""
    photos = list(product.photos.all())
    ordered = [photo] + [other for other in photos if other.pk != photo.pk]
    for position, each in enumerate(ordered):
        each.position = position
    with transaction.atomic():
        ProductPhoto.objects.bulk_update(ordered, ["position"])
        product.cover = photo
        product.save(update_fields=["cover", "updated_at"])
    return product


def product_delete_photo(*, photo):
    """Delete a product photo and its files (after the commit). When it was the cover, the next
    photo becomes the cover, or none when it was the last."""
    product = photo.product
    files = stored_files(photo.image, photo.thumb)
    with transaction.atomic():
        was_cover = product.cover_id == photo.pk
        photo.delete()
        if was_cover:
            product.cover = product.photos.order_by("position", "id").first()
            product.save(update_fields=["cover", "updated_at"])
        delete_files_after_commit(files)
    return product


def product_delete(*, product):
    """Delete a product with its photos (their files after the commit), then rebuild the counts
    of its kabupaten/kota."""
    files = [file for photo in product.photos.all() for file in stored_files(photo.image, photo.thumb)]
    regency_code = product.regency_id
    with transaction.atomic():
        product.delete()
        delete_files_after_commit(files)
        transaction.on_commit(lambda: refresh_facets(regency_codes={regency_code}))


def _save_photo(product, processed, position):
    photo = ProductPhoto(product=product, position=position, width=processed.width, height=processed.height)
    photo.image.save(processed.full.name, processed.full, save=False)
    photo.thumb.save(processed.thumb.name, processed.thumb, save=False)
    photo.save()
    if product.cover_id is None:
        product.cover = photo
        product.save(update_fields=["cover"])
    return photo


def refresh_facets(*, regency_codes=None):
    """Rebuild FacetCount, RegencyFacetCount and BusinessCount for the given kabupaten/kota
    (all when None): one GROUP BY over the products, the coarser table summed from it."""
    products = Product.objects.listed()
    businesses = Business.objects.listed()
    tables = [FacetCount.objects.all(), RegencyFacetCount.objects.all(), BusinessCount.objects.all()]
    if regency_codes is not None:
        products = products.filter(regency__in=regency_codes)
        businesses = businesses.filter(regency__in=regency_codes)
        tables = [table.filter(regency__in=regency_codes) for table in tables]
    flags = [f"has_{kind}" for kind in CERTIFICATION_KINDS]
    rows = list(products.order_by().values("regency", "district", "category", "scale", *flags).annotate(n=Count("id")))
    per_regency = defaultdict(int)
    for row in rows:
        per_regency[(row["regency"], row["category"], row["scale"], *(row[flag] for flag in flags))] += row["n"]
    business_rows = businesses.order_by().values("regency", "sector", "scale").annotate(n=Count("id"))
    with transaction.atomic():
        for table in tables:
            table.delete()
        FacetCount.objects.bulk_create(
            [
                FacetCount(
                    regency_id=row["regency"], district_id=row["district"], category_id=row["category"],
                    scale=row["scale"], count=row["n"], **{flag: row[flag] for flag in flags},
                )
                for row in rows
            ],
            batch_size=2000,
        )
        RegencyFacetCount.objects.bulk_create(
            [
                RegencyFacetCount(
                    regency_id=regency, category_id=category, scale=scale, count=count, **dict(zip(flags, values)),
                )
                for (regency, category, scale, *values), count in per_regency.items()
            ],
            batch_size=2000,
        )
        BusinessCount.objects.bulk_create(
            [BusinessCount(regency_id=r["regency"], sector=r["sector"], scale=r["scale"], count=r["n"]) for r in business_rows],
            batch_size=2000,
        )
    if connection.vendor == "postgresql" and regency_codes is None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_facetcount, catalog_regencyfacetcount, directory_businesscount")


def expire_certification_flags(*, today=None):
    """Clear has_<kind> on products whose business's certificate of that kind has lapsed,
    then rebuild the counts of the kabupaten/kota touched. Run daily (manage.py refresh_listings).
    Only rows that change are written."""
    today = today or datetime.date.today()
    touched = set()
    for kind in CERTIFICATION_KINDS:
        valid = Certification.objects.filter(business=OuterRef("business"), kind=kind).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
        lapsed = Product.objects.filter(**{f"has_{kind}": True}).exclude(Exists(valid))
        touched |= set(lapsed.values_list("regency_id", flat=True).distinct())
        lapsed.update(**{f"has_{kind}": False})
    if touched:
        refresh_facets(regency_codes=touched)
    return touched
