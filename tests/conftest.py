"""Fixtures and factories shared by the test suite.

The official regions, KBLI codes and categories are loaded once per session
(django_db_setup). Every test runs inside a transaction that is rolled back, so
that reference data stays. Prefer `with commit():` around the creation of businesses
and products over @pytest.mark.django_db(transaction=True): it runs the
on-commit work (listing sync, facet counts) as a real commit would, inside the
rolled-back transaction. A transactional test empties every table when it ends,
so the next one has to reload the reference data (see _reference_data_after_flush).
"""

import datetime
import functools
import io
import itertools
import re
import struct
import zlib
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import TestCase, override_settings
from django.utils import translation
from PIL import Image

from catalog.models import Category, Product
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
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions():
    """A request thread of the live server (the browser test) can end with its PostgreSQL
    connection still open; the test database could not be dropped then (and a stale one would
    be left for the next run). End any session but ours before pytest-django drops it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# Set once a test of this process asked for the desa/kelurahan (the villages fixture): a flush
# by a transactional test empties them too, and the files after it still expect them.
_villages_wanted = False


def _reload_reference_data(django_db_blocker):
    from regions.models import Village

    with django_db_blocker.unblock():
        if not Regency.objects.exists():
            call_command("load_regions", stdout=io.StringIO())
            call_command("load_catalog_reference", stdout=io.StringIO())
        if _villages_wanted and not Village.objects.exists():
            call_command("load_regions", "--villages", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request, django_db_blocker):
    """A django_db(transaction=True) test empties every table when it ends; pytest-django runs
    a file's transactional tests after its others, so the next one reloads the reference data
    (about a second each)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        _reload_reference_data(django_db_blocker)


@pytest.fixture(scope="module", autouse=True)
def _reference_data_for_each_file(request, django_db_blocker):
    """In the parallel suite a worker runs one file after another, so a file may start after
    another's transactional tests emptied the tables: it reloads the reference data first,
    before any test opens its transaction (module fixtures are set up before function ones)."""
    uses_database = [
        item for item in request.session.items
        if item.module is request.module and (item.get_closest_marker("django_db") or "django_db_setup" in item.fixturenames)
    ]
    if uses_database:
        request.getfixturevalue("django_db_setup")  # the test databases exist, reference data loaded once
        _reload_reference_data(django_db_blocker)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every owner test makes several accounts: a full-cost hash is ~0.5 s each on this VM."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see every change at once; test_page_cache.py turns the cache on for itself."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/… leaves English active in this thread (reverse() would then give /en/ URLs):
    every test starts and ends in the default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the transaction.on_commit callbacks registered inside the block
    (the catalog listing sync and counts) when it ends, as the real commit would."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture(scope="session")
def villages(django_db_setup, django_db_blocker):
    """Desa/kelurahan too (83,762 rows, a few seconds once): for the registry import tests.
    What `load_regions --villages` said, or None when they were there already (--reuse-db)."""
    from regions.models import Village

    global _villages_wanted
    _villages_wanted = True
    with django_db_blocker.unblock():
        if Village.objects.exists():
            return None
        output = io.StringIO()
        call_command("load_regions", "--villages", stdout=output)
        return output.getvalue()


def run_background_tasks():
    """Run every queued background task (registry imports) the way `manage.py db_worker` does,
    in this test's transaction. (The command itself closes the connection between tasks,
    which would end the test's transaction.)"""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        result.refresh_from_db()
        assert result.status != "FAILED", result.traceback
        ran += 1
    return ran


@pytest.fixture
def palembang(db):
    return Regency.objects.get(code="16.71")


@pytest.fixture
def oki(db):
    return Regency.objects.get(code="16.02")


@pytest.fixture
def prabumulih(db):
    return Regency.objects.get(code="16.74")


@pytest.fixture
def bandung(db):
    """Kota Bandung (Jawa Barat): outside the portal's province."""
    return Regency.objects.get(code="32.73")


# ---------------------------------------------------------------------------- images


def jpeg_bytes(size=(640, 480), color=(180, 40, 60), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.save(buffer, format="JPEG", exif=exif) if exif else image.save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "foto.jpg"
    return buffer


def image_bytes(format, size=(64, 64), color=(20, 120, 60), name=None):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=format)
    buffer.seek(0)
    buffer.name = name or f"foto.{format.lower()}"
    return buffer


def huge_png(width, height):
    """A complete, valid 1-bit PNG of one colour: a few kilobytes on disk, width×height pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then white pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    buffer = io.BytesIO(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    buffer.name = "bom.png"
    return buffer


# ---------------------------------------------------------------------------- factories

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


def days(n):
    return datetime.date.today() + datetime.timedelta(days=n)


# Listed products of the `catalog` fixture: (seller, name, category, price_min, price_max, extra fields).
# Prices repeat (15000) and are missing (None) on purpose, names repeat too ("Kemplang Panggang"),
# so every sort order has ties that only the id breaks.
CATALOG_PRODUCTS = [
    ("a", "Pempek Kapal Selam", "kuliner", 15000, None, {"photo": True, "is_featured": True,
        "description": "Pempek ikan belida dengan telur utuh, cuko kental."}),
    ("a", "Pempek Lenjer Kecil", "kuliner", 12000, None, {"photo": True}),
    ("a", "Tekwan Kuah Udang", "kuliner", 15000, None, {}),
    ("a", "Model Ikan Gabus", "kuliner", 18000, None, {"description": "Model isi tahu, kuah udang segar."}),
    ("a", "Kemplang Panggang", "makanan-minuman-olahan", 25000, 40000, {"photo": True}),
    ("a", "Kerupuk Kemplang Pedas", "makanan-minuman-olahan", None, None, {}),
    ("a", "Sambal Lingkung", "makanan-minuman-olahan", 30000, None, {"photo": True,
        "description": "Abon ikan gabus pedas manis."}),
    ("a", "Kopi Bubuk Semendo", "makanan-minuman-olahan", 45000, 90000, {"is_featured": True}),
    ("a", "Martabak Har Telur Bebek", "kuliner", 20000, None, {}),
    ("a", "Pindang Patin", "kuliner", None, None, {"is_available": False}),
    ("b", "Songket Lepus Benang Emas", "fashion-tekstil", 3500000, 7500000, {"photo": True,
        "description": "Tenun tangan, motif bintang berantai."}),
    ("b", "Kain Jumputan Palembang", "fashion-tekstil", 250000, None, {}),
    ("b", "Blongsong Motif Bunga", "fashion-tekstil", 450000, None, {"photo": True}),
    ("b", "Tanjak Palembang", "aksesoris-souvenir", 15000, None, {}),
    ("b", "Lak Palembang Kotak Perhiasan", "kriya-kerajinan", 350000, None, {"photo": True}),
    ("b", "Kemplang Panggang", "makanan-minuman-olahan", 15000, None, {}),
    ("b", "Selendang Songket Limar", "fashion-tekstil", 1200000, None, {}),
    ("b", "Kipas Songket Mini", "aksesoris-souvenir", None, None, {}),
    ("c", "Kerupuk Ikan Belida", "makanan-minuman-olahan", 35000, None, {"photo": True}),
    ("c", "Ikan Asin Sepat Siam", "perikanan", 60000, None, {}),
    ("c", "Kemplang Tunu Pedas", "makanan-minuman-olahan", 22000, None, {}),
    ("c", "Pindang Ikan Baung", "kuliner", 40000, None, {"is_featured": True}),
    ("c", "Madu Hutan Pedamaran", "pertanian-perkebunan", 150000, None, {}),
    ("c", "Duku Komering", "pertanian-perkebunan", 15000, None, {"photo": True}),
    ("c", "Ikan Salai Lais", "perikanan", 120000, None, {}),
    ("d", "Anyaman Purun Tikar", "kriya-kerajinan", 75000, None, {"photo": True}),
    ("d", "Tas Rotan Anyam", "kriya-kerajinan", 180000, None, {}),
    ("d", "Gerabah Kendi Air", "kriya-kerajinan", 45000, None, {}),
    ("d", "Ukiran Kayu Tembesu", "kriya-kerajinan", 900000, None, {}),
    ("d", "Kopi Robusta Prabumulih", "makanan-minuman-olahan", 55000, None, {}),
]


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """30 listed products of four active sellers in three kabupaten/kota, with photos on some,
    various certifications (one expired), prices with ties and gaps; plus products that must
    never be shown: a hidden one, and one each from an inactive, an unverified and an
    out-of-province business.

    Built once per test module inside a transaction that is rolled back after the module's last
    test; each test runs in a savepoint within it, so what a test changes is undone. The model
    instances returned are shared by the module's tests: re-read them (refresh_from_db) rather
    than changing their attributes."""
    yield from module_data(django_db_blocker, tmp_path_factory, _build_catalog)


def module_data(django_db_blocker, tmp_path_factory, build):
    """For a module-scoped fixture: yield build()'s result, made inside a transaction that is
    rolled back after the module's last test (each test runs in a savepoint within it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp(f"{build.__name__.strip('_')}-media")):
                data = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield data
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _build_catalog():
    palembang, oki, prabumulih, bandung = (Regency.objects.get(code=code) for code in ("16.71", "16.02", "16.74", "32.73"))
    plg_districts = list(District.objects.filter(regency=palembang).order_by("code")[:2])
    with TestCase.captureOnCommitCallbacks(execute=True):
        sellers = {
            "a": make_business(
                palembang, district=plg_districts[0], name="Pempek Cek Uji", scale="mikro",
                whatsapp="0812-3456-7890", description="Pempek asli Palembang sejak 1998.",
                tokopedia_url="https://www.tokopedia.com/pempekcekuji",
                shopee_url="https://shopee.co.id/pempekcekuji",
                certifications=[
                    {"kind": "halal", "number": "ID16110000123450124", "expires_on": days(365)},
                    {"kind": "pirt", "number": "2061671010123-27", "expires_on": None},
                ],
            ),
            "b": make_business(
                palembang, district=plg_districts[1], name="Songket Uji Bersaudara", scale="kecil",
                kbli=Kbli.objects.get(code="13921"),
                certifications=[
                    {"kind": "bpom", "number": "MD 123456789012", "expires_on": days(30)},
                    {"kind": "halal", "number": "ID-KEDALUWARSA-99", "expires_on": days(-1)},
                ],
            ),
            "c": make_business(
                oki, name="Hasil Bumi OKI Uji", scale="menengah", kbli=Kbli.objects.get(code="47112"),
                certifications=[
                    {"kind": "sni", "number": "SNI 01-2713-2009", "expires_on": None},
                    {"kind": "halal", "number": "ID16120000999", "expires_on": days(10)},
                ],
            ),
            "d": make_business(prabumulih, name="Kriya Nanas Uji", scale="mikro", kbli=Kbli.objects.get(code="16291")),
        }
        products = []
        for seller, name, category, price_min, price_max, extra in CATALOG_PRODUCTS:
            extra = dict(extra)
            photos = [jpeg_bytes((48, 48))] if extra.pop("photo", False) else []
            products.append(make_product(
                sellers[seller], name=name, category=category, price_min=price_min, price_max=price_max,
                photos=photos, **extra,
            ))
        hidden = make_product(sellers["a"], name="Pempek Rahasia Tersembunyi", is_hidden=True)
        inactive = make_business(palembang, name="Usaha Tutup Uji", status=Business.Status.INACTIVE)
        unverified = make_business(palembang, name="Usaha Baru Uji", status=Business.Status.UNVERIFIED)
        outside = make_business(bandung, name="Batagor Bandung Uji")
        unlisted = [
            hidden,
            make_product(inactive, name="Pempek Usaha Tutup"),
            make_product(unverified, name="Pempek Belum Verifikasi"),
            make_product(outside, name="Batagor Kuah Bandung"),
        ]
    return SimpleNamespace(
        sellers=sellers, products=products, hidden=hidden, unlisted=unlisted,
        inactive=inactive, unverified=unverified, outside=outside,
        unlisted_businesses=[inactive, unverified, outside],
    )


# ---------------------------------------------------------------------------- reading pages


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []  # [tag, attrs, text]: the text inside, for label, option, a, script and title
        self._open = []

    def handle_starttag(self, tag, attrs):
        entry = [tag, dict(attrs), ""]
        self.tags.append(entry)
        if tag in ("label", "option", "a", "script", "title"):
            self._open.append(entry)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                break

    def handle_data(self, data):
        for opened in self._open:
            opened[2] += data


def parse_tags(html):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def link(html, rel, base):
    """The URL the <a rel="…"> link (pagination) of the page at `base` leads to, or None."""
    for tag, attrs, _ in parse_tags(html):
        if tag == "a" and rel in (attrs.get("rel") or "").split():
            return urljoin(base, attrs["href"])
    return None


def query_of(url):
    """{parameter: [values]} of a URL's query string."""
    return parse_qs(urlsplit(url).query)


def product_slugs(html):
    """Slugs of the products linked from a page, in page order, each once."""
    slugs = []
    for tag, attrs, _ in parse_tags(html):
        match = re.fullmatch(r"(?:/en)?/produk/([\w-]+)/", attrs.get("href") or "") if tag == "a" else None
        if match and match.group(1) != "feed" and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return slugs


def shown_count(text):
    """The count at the end of a filter option's text: "Kota Palembang 1.234" or "Ilir Barat I (12)"."""
    match = re.search(r"\(?([\d.]+)\)?\s*$", text.strip())
    return int(match.group(1).replace(".", "")) if match else None


def option_counts(html, name):
    """{value: count shown} for every option of the filter `name` (radio, checkbox or select)."""
    counts = {}
    tags = parse_tags(html)
    select_open = None
    for tag, attrs, text in tags:
        if tag == "select":
            select_open = attrs.get("name")
        elif tag == "option" and select_open == name and attrs.get("value"):
            counts[attrs["value"]] = shown_count(text)
    for index, (tag, _attrs, text) in enumerate(tags):
        if tag == "label":
            # the input this label wraps: the next <input> tag
            for inner_tag, inner_attrs, _ in tags[index + 1:index + 3]:
                if inner_tag == "input" and inner_attrs.get("name") == name and inner_attrs.get("value"):
                    counts[inner_attrs["value"]] = shown_count(text)
                    break
    return counts


def public_products():
    """What the public may see, worked out from first principles (not from the is_listed copy):
    not hidden, of an active business in the portal's province."""
    return Product.objects.filter(
        is_hidden=False, business__status=Business.Status.ACTIVE,
        business__regency__province_id=settings.PORTAL_PROVINCE,
    )


def result_count(html):
    """The number of results the page announces ("18 produk", "1.234 UMKM")."""
    match = re.search(r'role="status"[^>]*>\s*([\d.]+)\s', html)
    return int(match.group(1).replace(".", "")) if match else None


def certified(kind, today=None):
    """Products whose business holds a certificate of `kind` that has not expired (one join per call:
    chain .filter(certified(a)).filter(certified(b)) for "both")."""
    today = today or datetime.date.today()
    return Q(business__certifications__kind=kind) & (
        Q(business__certifications__expires_on__isnull=True) | Q(business__certifications__expires_on__gte=today)
    )


def get_html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# ---------------------------------------------------------------------------- owner workspace roles

OWNER_PASSWORD = "Pempek-Kapal-Selam-88"


def make_user(email, *, name="", password=OWNER_PASSWORD):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=email, email=email, password=password, first_name=name or email.split("@")[0])


def make_staff_user(username, *regencies, provincial=False):
    """A dinas staff account: kabupaten/kota staff of `regencies`, or provincial staff."""
    from staff.models import StaffProfile
    from staff.roles import staff_assign_role

    user = make_user(f"{username}@dinas.go.id")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    profile = StaffProfile.objects.create(user=user, is_provincial=provincial)
    profile.regencies.set(regencies)
    staff_assign_role(profile=profile)
    return user


@pytest.fixture
def roles(db, palembang, oki, commit):
    """Every role an /akun/ page is tested for, around one listed business in Kota Palembang
    owned by `owner` (with one product), and one business of `other_owner` in OKI.
    Keys: owner, other_owner, staff_same (Palembang staff), staff_other (OKI staff), provincial,
    buyer (an account that owns nothing), plus business, product, other_business."""
    from directory.models import Ownership

    with commit():
        business = make_business(palembang, name="Pempek Cek Sari", nib="9120001234567",
                                 private={"owner_name": "Sari", "owner_phone": "+6281234567890"})
        product = make_product(business, name="Pempek Lenjer")
        other_business = make_business(oki, name="Kerupuk Kemplang Bu Ani")
    owner = make_user("sari@contoh.id", name="Sari")
    other_owner = make_user("ani@contoh.id", name="Ani")
    Ownership.objects.create(business=business, user=owner)
    Ownership.objects.create(business=other_business, user=other_owner)
    return SimpleNamespace(
        owner=owner, other_owner=other_owner,
        staff_same=make_staff_user("staf-palembang", palembang),
        staff_other=make_staff_user("staf-oki", oki),
        provincial=make_staff_user("staf-provinsi", provincial=True),
        buyer=make_user("opd@pemprov.go.id", name="Pengadaan OPD"),
        business=business, product=product, other_business=other_business,
    )
