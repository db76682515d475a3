import io
import itertools

import pytest
from django.core.management import call_command
from PIL import Image

from catalog.models import Category
from catalog.services import product_create
from directory.models import Business, Kbli
from directory.services import business_create
from regions.models import District, Regency


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data every test reads: official regions (no desa), KBLI and categories."""
    with django_db_blocker.unblock():
        call_command("load_regions", stdout=io.StringIO())
        call_command("load_catalog_reference", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def palembang(db):
    return Regency.objects.get(code="16.71")


@pytest.fixture
def oki(db):
    return Regency.objects.get(code="16.02")


def jpeg_bytes(size=(640, 480), color=(180, 40, 60), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.save(buffer, format="JPEG", exif=exif) if exif else image.save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "foto.jpg"
    return buffer


_counter = itertools.count(1)


def make_business(regency, *, status=Business.Status.ACTIVE, district=None, name=None, **fields):
    number = next(_counter)
    return business_create(
        name=name or f"UMKM Uji {number}",
        regency=regency,
        district=district or District.objects.filter(regency=regency).first(),
        status=status,
        kbli=fields.pop("kbli", Kbli.objects.get(code="10799")),
        **fields,
    )


def make_product(business, *, category="kuliner", name=None, **fields):
    number = next(_counter)
    return product_create(
        business=business,
        name=name or f"Produk Uji {number}",
        category=Category.objects.get(slug=category),
        price_min=fields.pop("price_min", 10000 + number),
        **fields,
    )
