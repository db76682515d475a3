"""Flows behind `manage.py seed_demo`: the small demo through the real write services
(with photos), finding and deleting demo data. The provincial-scale load is in
demo.bulk."""

import time

from django.db import connection, transaction

from catalog.listing import refresh_counts
from catalog.models import BusinessCount, Category, FacetCount, ProductPhoto
from catalog.services import product_create
from demo import images as demo_images
from demo.generator import DEMO_EMAIL_DOMAIN, DemoGenerator, product_counts
from demo.reference import DemoReference
from directory.models import Business, BusinessPhoto
from directory.services import business_add_photo, business_create, business_set_logo
from regions.models import Regency

# A featured product always has a photo (the home page shows them); of the others most do.
PHOTO_SHARE = 0.88
SECOND_PHOTO_SHARE = 0.06
LOGO_SHARE = 0.35
SHOP_PHOTO_SHARE = 0.2
# The generator's fields the demo writes (the regency goes in as an object; the others, such as the
# registry's JENIS USAHA, omzet or workers, stay out of the demo).
BUSINESS_MODEL_FIELDS = (
    "name", "description", "kbli_id", "sector", "scale", "nib", "address", "postal_code", "whatsapp", "email",
    "tokopedia_url", "shopee_url", "instagram_url", "facebook_url", "status", "verified_on", "recorded_on",
    "founded_year", "district_id", "village_id", "location_public",
)


def demo_businesses():
    return Business.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def load_categories():
    categories = {category.slug: category for category in Category.objects.all()}
    if not categories:
        raise LookupError("No product categories: run `manage.py load_catalog_reference` first.")
    return categories


def seed_with_services(*, businesses, products, seed, log):
    """Create the demo through business_create/product_create, photos through the upload pipeline.
    All of it in one transaction, so a failed run leaves no half-seeded portal behind."""
    reference = DemoReference.from_database()
    generator = DemoGenerator(reference, seed=seed, unique_names=True)
    rng = generator.rng
    categories = load_categories()
    regencies = {regency.code: regency for regency in Regency.objects.in_portal()}
    counts = product_counts(businesses, products, rng)
    started = time.perf_counter()
    photos = 0
    with transaction.atomic():
        for index in range(businesses):
            # The first ones go one to each kabupaten/kota, so every region page has something.
            pinned = index if index < len(reference.regencies) else None
            fields = generator.business(regency=pinned)
            business = _create_business(fields, regencies)
            if rng.random() < LOGO_SHARE:
                business_set_logo(business=business, upload=demo_images.logo(business.name, index))
                photos += 1
            if rng.random() < SHOP_PHOTO_SHARE:
                upload = demo_images.shop_front(business.name, index)
                business_add_photo(business=business, upload=upload, caption=f"Tempat usaha {business.name}")
                photos += 1
            for number in range(counts[index]):
                product_fields = generator.product(fields)
                category = categories[product_fields.pop("category")]
                uploads = []
                if product_fields["is_featured"] or rng.random() < PHOTO_SHARE:
                    uploads.append(demo_images.product_photo(category.slug, product_fields["name"], variant=number))
                    if rng.random() < SECOND_PHOTO_SHARE:
                        uploads.append(demo_images.product_photo(category.slug, product_fields["name"], variant=number + 1))
                photos += len(uploads)
                product_create(business=business, category=category, photos=uploads, **product_fields)
            if (index + 1) % 20 == 0:
                log(f"  {index + 1}/{businesses} businesses, {sum(counts[: index + 1])} products, {photos} photos")
    log(f"Created {businesses} businesses, {products} products and {photos} photos in {time.perf_counter() - started:.1f} s.")
    started = time.perf_counter()
    refresh_counts()
    log(f"Rebuilt the catalog counts in {time.perf_counter() - started:.1f} s.")


def _create_business(fields, regencies):
    model_fields = {key: fields[key] for key in BUSINESS_MODEL_FIELDS}
    return business_create(
        regency=regencies[fields["regency_id"]],
        private=fields["private"],
        certifications=fields["certifications"],
        **model_fields,
    )


def delete_demo_data(log):
    """Delete the demo businesses with everything hanging off them, and their picture files."""
    started = time.perf_counter()
    demo = demo_businesses()
    _delete_picture_files(demo)
    only_demo = not Business.objects.exclude(pk__in=demo.values("pk")).exists()
    if connection.vendor == "postgresql" and only_demo:
        # A million businesses cascade slowly through the ORM; TRUNCATE is instant. Safe here:
        # every business is a demo one, so every row referencing one is demo data too.
        tables = [Business._meta.db_table, FacetCount._meta.db_table, BusinessCount._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    else:
        demo.delete()
    refresh_counts()
    log(f"Deleted the demo data in {time.perf_counter() - started:.1f} s.")


def _delete_picture_files(demo):
    """Files are not rows: remove the demo's product photos, shop photos and logos from storage."""
    files = []
    for photo in ProductPhoto.objects.filter(product__business__in=demo).iterator():
        files += [photo.image, photo.thumb]
    for photo in BusinessPhoto.objects.filter(business__in=demo).iterator():
        files += [photo.image, photo.thumb]
    for business in demo.exclude(logo="").only("logo", "logo_thumb").iterator():
        files += [business.logo, business.logo_thumb]
    for file in files:
        if file:
            file.storage.delete(file.name)
