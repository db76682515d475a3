"""An owner's product pages under /akun/usaha/<slug>/produk/: list, add (with photos), edit,
photos (add, cover, delete), hide/show and delete, each live on the public pages at once and
recorded in the history; everyone but the business's owners gets 404."""

import io
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags, Image

from catalog.models import Category, Product, ProductPhoto, RegencyFacetCount
from catalog.services import product_add_photo
from owners.models import ChangeRecord
from tests.conftest import get_html, image_bytes, jpeg_bytes, make_product, product_slugs
from tests.test_images import exif_with_gps, heic_bytes

pytestmark = pytest.mark.django_db


def url(name, business, product=None, photo=None):
    args = [business.slug] + ([product.pk] if product else []) + ([photo.pk] if photo else [])
    return reverse(f"owners:{name}", args=args)


def details(**overrides):
    data = {
        "name": "Kemplang Panggang", "category": Category.objects.get(slug="makanan-minuman-olahan").pk,
        "description": "Kerupuk ikan tenggiri dipanggang arang.", "price_min": "15000", "price_max": "",
        "unit": "bungkus", "min_order": "2", "is_available": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def upload(name="foto.jpg", size=(320, 240), **kwargs):
    data = jpeg_bytes(size, **kwargs)
    data.name = name
    return data


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def listed_count(regency):
    """What the catalog counts for a kabupaten/kota (the facet table, rebuilt after each write)."""
    return RegencyFacetCount.objects.filter(regency=regency).aggregate(n=Sum("count"))["n"] or 0


def errors_of(response):
    return " ".join(str(error) for field in response.context["form"] for error in field.errors)


@pytest.fixture
def owner_client(client, roles):
    client.force_login(roles.owner)
    return client


# ---------------------------------------------------------------------------- add


def test_product_with_two_photos_is_live_at_once_without_gps(owner_client, roles, commit, settings):
    gps_photo = upload("IMG_20240801.jpg", size=(640, 480), exif=exif_with_gps())
    with Image.open(gps_photo) as original:  # the upload really carries the location
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"
    gps_photo.seek(0)
    before = listed_count(roles.business.regency)
    with commit():
        response = owner_client.post(
            url("product-add", roles.business), details(photos=[gps_photo, image_bytes("PNG", size=(300, 300))]),
        )
    assert response.status_code == 302 and response.url == url("product-list", roles.business)
    product = Product.objects.get(business=roles.business, name="Kemplang Panggang")
    assert (product.price_min, product.price_max, product.unit, product.min_order) == (15000, None, "bungkus", 2)
    assert product.is_listed
    photos = list(product.photos.all())
    assert len(photos) == 2 and product.cover == photos[0]
    for photo in photos:
        for field in (photo.image, photo.thumb):
            path = Path(field.path)
            assert path.is_file() and path.suffix == ".webp"
            assert b"Exif" not in path.read_bytes()
            with Image.open(path) as stored:
                assert len(stored.getexif()) == 0
        with Image.open(photo.thumb.path) as thumb:
            assert thumb.size == (480, 480)
    record = ChangeRecord.objects.get(business=roles.business, action=ChangeRecord.Action.CREATE)
    assert (record.subject, record.subject_label, record.product, record.user) == (
        ChangeRecord.Subject.PRODUCT, "Kemplang Panggang", product, roles.owner,
    )
    assert {"field": "price_min", "old": None, "new": 15000, "old_text": "", "new_text": "15000"} in record.changes
    assert listed_count(roles.business.regency) == before + 1
    # Public at once: the catalog, the product page (with both photos) and the business page.
    assert product.slug in product_slugs(get_html(owner_client, reverse("catalog:product-list")))
    detail = get_html(owner_client, product.get_absolute_url())
    assert "Kemplang Panggang" in detail and photos[1].image.url in detail
    assert product.slug in product_slugs(get_html(owner_client, roles.business.get_absolute_url()))
    # And on the owner's list, with its thumbnail and price in Rupiah.
    listing = get_html(owner_client, url("product-list", roles.business))
    assert photos[0].thumb.url in listing and "Rp 15.000" in listing


def test_heic_photo_from_an_iphone_is_accepted(owner_client, roles, commit):
    with commit():
        response = owner_client.post(url("product-add", roles.business), details(photos=[heic_bytes()]))
    assert response.status_code == 302
    photo = Product.objects.get(name="Kemplang Panggang").photos.get()
    assert photo.image.name.endswith(".webp")


def test_add_page_has_phone_friendly_inputs(owner_client, roles):
    html = get_html(owner_client, url("product-add", roles.business))
    assert 'type="file"' in html and 'name="photos"' in html and "multiple" in html and 'accept="image/*"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'inputmode="numeric"' in html and 'type="number"' in html
    assert "<script" not in html.split("<main", 1)[-1]


def test_nine_photos_are_refused_and_nothing_is_written(owner_client, roles, settings):
    files_before = media_files(settings)
    response = owner_client.post(url("product-add", roles.business), details(photos=[upload() for _ in range(9)]))
    assert response.status_code == 200
    assert "paling banyak 8 foto" in errors_of(response)
    assert not Product.objects.filter(name="Kemplang Panggang").exists()
    assert ProductPhoto.objects.count() == 0 and media_files(settings) == files_before
    assert not ChangeRecord.objects.exists()


def test_eight_photos_of_the_largest_allowed_size_are_processed_within_seconds(owner_client, roles, commit):
    # The probe: 8 one-colour PNGs of 6324 × 6324 px (just under the 40 MP cap) in
    # one post tied a worker past gunicorn's 30 s timeout. The bound here is generous (CI
    # shares its cores); bench/images.py prints the real figure per photo.
    buffer = io.BytesIO()
    Image.new("RGB", (6324, 6324), (30, 120, 200)).save(buffer, format="PNG")
    photos = [SimpleUploadedFile(f"besar-{i}.png", buffer.getvalue(), "image/png") for i in range(8)]
    start = time.perf_counter()
    with commit():
        response = owner_client.post(url("product-add", roles.business), details(photos=photos))
    elapsed = time.perf_counter() - start
    assert response.status_code == 302
    product = Product.objects.get(name="Kemplang Panggang")
    assert [(p.width, p.height) for p in product.photos.all()] == [(1600, 1600)] * 8
    assert elapsed < 15, f"8 × 40 MP post took {elapsed:.1f} s"


def test_a_file_that_is_not_a_photo_is_refused_naming_it(owner_client, roles, settings):
    text = SimpleUploadedFile("daftar-harga.jpg", b"bukan foto, hanya teks\n" * 50, content_type="image/jpeg")
    response = owner_client.post(url("product-add", roles.business), details(photos=[upload(), text]))
    assert response.status_code == 200
    assert "daftar-harga.jpg: Berkas ini bukan foto yang bisa dibaca" in errors_of(response)
    assert "Foto:" in response.content.decode()  # the summary names the field
    assert not Product.objects.filter(name="Kemplang Panggang").exists()
    assert ProductPhoto.objects.count() == 0 and media_files(settings) == []
    assert not ChangeRecord.objects.exists()


@pytest.mark.parametrize("typed, price", [
    ("Rp 15.000", 15000), ("15.000", 15000), ("Rp15.000,-", 15000), ("rp. 15000", 15000), (" 15000 ", 15000),
    ("15rb", 15000), ("15.000,50", 15001), ("Rp 150,000", 150000),
])
def test_price_typed_as_people_write_it_is_accepted(owner_client, roles, typed, price):
    response = owner_client.post(url("product-add", roles.business), details(price_min=typed))
    assert response.status_code == 302
    assert Product.objects.get(name="Kemplang Panggang").price_min == price


@pytest.mark.parametrize("typed", ["lima belas ribu", "-5000"])
def test_price_with_letters_is_refused_with_a_clear_message(owner_client, roles, typed):
    response = owner_client.post(url("product-add", roles.business), details(price_min=typed))
    assert response.status_code == 200
    assert "Tulis harga dengan angka saja" in errors_of(response)
    assert "Harga (Rp): Tulis harga dengan angka saja" in response.content.decode()
    assert not Product.objects.filter(name="Kemplang Panggang").exists()


@pytest.mark.parametrize("typed", ["15.000 - 40.000", "Rp 15.000 s/d Rp 40.000", "15rb-40rb", "40.000 - 15.000"])
def test_a_range_in_the_price_field_is_refused_not_halved(owner_client, roles, typed):
    response = owner_client.post(url("product-add", roles.business), details(price_min=typed))
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["price_min"])
    assert "cukup satu harga" in message and "“Harga tertinggi”" in message
    assert not Product.objects.filter(name="Kemplang Panggang").exists()


def test_price_help_says_what_is_accepted(owner_client, roles):
    html = get_html(owner_client, url("product-add", roles.business))
    assert "Contoh: 15.000, Rp 15.000 atau 15rb." in html and 'inputmode="numeric"' in html


@pytest.mark.parametrize("price_min, price_max, message", [
    ("20.000", "15.000", "Harga tertinggi harus sama dengan atau lebih besar dari Harga."),
    ("", "15.000", "Isi juga kolom Harga"),
])
def test_price_range_must_be_ordered(owner_client, roles, price_min, price_max, message):
    response = owner_client.post(url("product-add", roles.business), details(price_min=price_min, price_max=price_max))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["price_max"])
    assert not Product.objects.filter(name="Kemplang Panggang").exists()


def test_price_range_is_saved_and_shown(owner_client, roles, commit):
    with commit():
        owner_client.post(url("product-add", roles.business), details(price_min="Rp 15.000", price_max="Rp 40.000"))
    product = Product.objects.get(name="Kemplang Panggang")
    assert (product.price_min, product.price_max) == (15000, 40000)
    assert '<span class="nowrap">Rp 15.000</span> – <span class="nowrap">Rp 40.000</span>' in get_html(owner_client, url("product-list", roles.business))


def test_required_fields_are_named(owner_client, roles):
    response = owner_client.post(url("product-add", roles.business), details(name="", category="", min_order="0"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "category", "min_order"}
    assert "Minimal pembelian paling sedikit 1." in errors["min_order"]


# ---------------------------------------------------------------------------- list


def test_list_shows_hidden_and_sold_out_products_with_actions(owner_client, roles, commit):
    with commit():
        hidden = make_product(roles.business, name="Pempek Kulit", is_hidden=True)
        sold_out = make_product(roles.business, name="Tekwan", is_available=False)
    html = get_html(owner_client, url("product-list", roles.business))
    for product in (roles.product, hidden, sold_out):
        assert url("product-edit", roles.business, product) in html
        assert url("product-visibility", roles.business, product) in html
    assert "Disembunyikan" in html and "Stok habis" in html
    assert url("product-add", roles.business) in html


def test_empty_list_explains_why_products_matter(owner_client, roles, commit):
    with commit():
        owner_client.post(url("product-delete", roles.business, roles.product))
    html = get_html(owner_client, url("product-list", roles.business))
    assert "Belum ada produk." in html and "katalog portal" in html
    assert url("product-add", roles.business) in html


def test_list_queries_do_not_grow_with_products(owner_client, roles, commit, django_assert_num_queries):
    list_url = url("product-list", roles.business)
    with CaptureQueriesContext(connection) as one_product:
        owner_client.get(list_url)
    with commit():
        for number in range(5):
            make_product(roles.business, photos=[jpeg_bytes((48, 48))] if number % 2 else [], is_hidden=number == 3)
    # session, user, the business (ownership checked in the query), the products with their covers
    with django_assert_num_queries(4):
        response = owner_client.get(list_url)
    assert len(response.context["products"]) == 6
    assert len(one_product.captured_queries) == 4


# ---------------------------------------------------------------------------- edit


def test_edit_is_saved_and_recorded_with_old_and_new_values(owner_client, roles, commit):
    product = roles.product
    old_price = product.price_min
    with commit():
        response = owner_client.post(url("product-edit", roles.business, product), details(
            name=product.name, category=product.category_id, price_min="Rp 18.500", unit=product.unit, min_order="1",
        ))
    assert response.status_code == 302 and response.url == url("product-edit", roles.business, product)
    product.refresh_from_db()
    assert product.price_min == 18500 and product.description == "Kerupuk ikan tenggiri dipanggang arang."
    record = ChangeRecord.objects.get(business=roles.business, subject=ChangeRecord.Subject.PRODUCT, action=ChangeRecord.Action.UPDATE)
    assert record.product == product and record.user == roles.owner
    price_change = next(change for change in record.changes if change["field"] == "price_min")
    assert (price_change["old"], price_change["new"]) == (old_price, 18500)
    assert "Tersimpan." in get_html(owner_client, response.url)


def test_a_category_change_moves_the_product_in_the_catalog_counts(owner_client, roles, commit):
    from catalog.models import FacetCount

    product = roles.product
    fashion = Category.objects.get(slug="fashion-tekstil")

    def counted(category):
        return FacetCount.objects.filter(regency=product.regency, category=category).aggregate(n=Sum("count"))["n"] or 0

    before = counted(product.category)
    with commit():
        owner_client.post(url("product-edit", roles.business, product), details(
            name=product.name, category=fashion.pk, price_min="15000", unit=product.unit, min_order="1",
        ))
    assert (counted(product.category), counted(fashion)) == (before - 1, 1)
    assert owner_client.get("/produk/?kategori=fashion-tekstil").content.decode().count(product.name) >= 1


def test_edit_form_shows_stored_prices_as_rupiah(owner_client, roles):
    Product.objects.filter(pk=roles.product.pk).update(price_min=1250000)
    html = get_html(owner_client, url("product-edit", roles.business, roles.product))
    assert 'value="1.250.000"' in html


def product_with_photos(business, count, commit):
    with commit():
        return make_product(business, name="Songket Limar", photos=[jpeg_bytes((48, 48)) for _ in range(count)])


def test_photos_are_added_up_to_eight(owner_client, roles, commit, settings):
    product = product_with_photos(roles.business, 6, commit)
    data = details(name=product.name, category=product.category_id, price_min="15000")
    files_before = media_files(settings)
    response = owner_client.post(url("product-edit", roles.business, product), {**data, "photos": [upload(), upload(), upload()]})
    assert response.status_code == 200
    assert "sudah punya 6 foto" in errors_of(response) and "menambah 2 lagi" in errors_of(response)
    product.refresh_from_db()
    assert product.photos.count() == 6 and media_files(settings) == files_before
    assert product.description == ""  # the field edits were not saved either
    assert not ChangeRecord.objects.exists()

    with commit():
        response = owner_client.post(url("product-edit", roles.business, product), {**data, "photos": [upload(), upload()]})
    assert response.status_code == 302
    assert product.photos.count() == 8
    record = ChangeRecord.objects.get(subject=ChangeRecord.Subject.PHOTO, action=ChangeRecord.Action.CREATE)
    assert record.product == product and record.changes[0]["old"] == 6 and record.changes[0]["new"] == 8
    html = get_html(owner_client, url("product-edit", roles.business, product))
    assert "Sudah 8 foto, batas satu produk." in html


def test_a_bad_photo_on_edit_saves_nothing(owner_client, roles, commit):
    product = roles.product
    text = SimpleUploadedFile("catatan.png", b"teks" * 100, content_type="image/png")
    response = owner_client.post(url("product-edit", roles.business, product), details(
        name="Nama Baru", category=product.category_id, photos=[upload(), text],
    ))
    assert response.status_code == 200 and "catatan.png: Berkas ini bukan foto" in errors_of(response)
    product.refresh_from_db()
    assert product.name == "Pempek Lenjer" and product.photos.count() == 0
    assert not ChangeRecord.objects.exists()


def test_cover_can_be_changed_and_follows_a_deleted_cover(owner_client, roles, commit, settings):
    product = product_with_photos(roles.business, 3, commit)
    first, second, third = product.photos.all()
    assert product.cover == first

    response = owner_client.post(url("product-photo-cover", roles.business, product, third))
    assert response.status_code == 302 and response.url == url("product-edit", roles.business, product)
    product.refresh_from_db()
    assert product.cover == third and list(product.photos.all()) == [third, first, second]  # the cover shows first
    record = ChangeRecord.objects.get(subject=ChangeRecord.Subject.PHOTO, action=ChangeRecord.Action.UPDATE)
    assert record.changes[0]["old_text"] == "foto ke-1" and record.changes[0]["new_text"] == "foto ke-3"
    detail = get_html(owner_client, product.get_absolute_url())
    assert detail.index(third.image.url) < detail.index(first.image.url)

    third_files = [Path(third.image.path), Path(third.thumb.path)]
    with commit():
        response = owner_client.post(url("product-photo-delete", roles.business, product, third))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.cover == first and product.photos.count() == 2
    assert not any(path.exists() for path in third_files)
    assert Path(first.image.path).exists()
    deleted = ChangeRecord.objects.get(subject=ChangeRecord.Subject.PHOTO, action=ChangeRecord.Action.DELETE)
    assert (deleted.changes[0]["old"], deleted.changes[0]["new"], deleted.subject_label) == (3, 2, "Songket Limar")

    for photo in (first, second):
        with commit():
            owner_client.post(url("product-photo-delete", roles.business, product, photo))
    product.refresh_from_db()
    assert product.cover is None and product.photos.count() == 0
    assert media_files(settings) == []


# ---------------------------------------------------------------------------- hide, show, delete


def test_hidden_product_leaves_the_public_pages_at_once_and_comes_back(owner_client, roles, commit):
    product, regency = roles.product, roles.business.regency
    before = listed_count(regency)
    with commit():
        response = owner_client.post(url("product-visibility", roles.business, product))
    assert response.status_code == 302 and response.url == url("product-list", roles.business)
    product.refresh_from_db()
    assert product.is_hidden and not product.is_listed
    assert product.slug not in product_slugs(get_html(owner_client, reverse("catalog:product-list")))
    assert product.slug not in product_slugs(get_html(owner_client, roles.business.get_absolute_url()))
    get_html(owner_client, product.get_absolute_url(), status=404)
    assert listed_count(regency) == before - 1
    record = ChangeRecord.objects.get(subject=ChangeRecord.Subject.PRODUCT)
    assert record.changes == [{"field": "is_hidden", "old": False, "new": True, "old_text": "tidak", "new_text": "ya"}]
    assert "Disembunyikan" in get_html(owner_client, url("product-list", roles.business))

    with commit():
        owner_client.post(url("product-visibility", roles.business, product))
    product.refresh_from_db()
    assert not product.is_hidden and product.is_listed
    assert product.slug in product_slugs(get_html(owner_client, reverse("catalog:product-list")))
    assert product.slug in product_slugs(get_html(owner_client, roles.business.get_absolute_url()))
    assert listed_count(regency) == before
    assert ChangeRecord.objects.filter(subject=ChangeRecord.Subject.PRODUCT).count() == 2


def test_delete_asks_first_then_removes_product_files_and_counts(owner_client, roles, commit, settings):
    product = product_with_photos(roles.business, 2, commit)
    files = [Path(field.path) for photo in product.photos.all() for field in (photo.image, photo.thumb)]
    assert all(path.exists() for path in files)
    before = listed_count(roles.business.regency)

    html = get_html(owner_client, url("product-delete", roles.business, product))
    assert "Hapus Songket Limar?" in html
    assert "Ini tidak bisa dibatalkan; sembunyikan saja bila hanya sementara habis." in html
    assert Product.objects.filter(pk=product.pk).exists()

    with commit():
        response = owner_client.post(url("product-delete", roles.business, product))
    assert response.status_code == 302 and response.url == url("product-list", roles.business)
    assert not Product.objects.filter(pk=product.pk).exists() and not ProductPhoto.objects.filter(product_id=product.pk).exists()
    assert not any(path.exists() for path in files)
    assert listed_count(roles.business.regency) == before - 1
    record = ChangeRecord.objects.get(action=ChangeRecord.Action.DELETE)
    assert (record.subject, record.subject_label, record.business, record.user) == (
        ChangeRecord.Subject.PRODUCT, "Songket Limar", roles.business, roles.owner,
    )
    get_html(owner_client, product.get_absolute_url(), status=404)
    assert "Songket Limar” sudah dihapus." in get_html(owner_client, response.url)


# ---------------------------------------------------------------------------- who may do what


def state(*products):
    """Everything these pages can change, to show a refused request changed nothing."""
    return (
        list(Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk").values()),
        list(ProductPhoto.objects.order_by("pk").values()),
        Product.objects.count(),
        ChangeRecord.objects.count(),
    )


def test_a_product_of_another_business_under_the_owners_slug_is_404(owner_client, roles, commit):
    with commit():
        foreign = make_product(roles.other_business, name="Kemplang Bu Ani", photos=[jpeg_bytes((48, 48))])
    photo = foreign.photos.get()
    before = state(foreign)
    own = roles.business
    for method, target in [
        ("get", url("product-edit", own, foreign)),
        ("post", url("product-edit", own, foreign)),
        ("post", url("product-visibility", own, foreign)),
        ("get", url("product-delete", own, foreign)),
        ("post", url("product-delete", own, foreign)),
        ("post", url("product-photo-delete", own, foreign, photo)),
        ("post", url("product-photo-cover", own, foreign, photo)),
    ]:
        data = details(name="Diambil alih") if target.endswith(f"/{foreign.pk}/") and method == "post" else {}
        assert getattr(owner_client, method)(target, data).status_code == 404, (method, target)
    assert state(foreign) == before


def test_a_photo_of_another_product_is_404(owner_client, roles, commit):
    with commit():
        other = make_product(roles.business, name="Tekwan", photos=[jpeg_bytes((48, 48)), jpeg_bytes((48, 48))])
    photo = other.photos.last()
    before = state(roles.product, other)
    for name in ("product-photo-delete", "product-photo-cover"):
        assert owner_client.post(url(name, roles.business, roles.product, photo)).status_code == 404
    assert state(roles.product, other) == before


def all_urls(roles, photo):
    """(method, URL, data) of every product page of roles.business."""
    business, product = roles.business, roles.product
    edit_data = details(name="Diubah", category=product.category_id)
    return [
        ("get", url("product-list", business), {}),
        ("get", url("product-add", business), {}),
        ("post", url("product-add", business), details(name="Produk Baru")),
        ("get", url("product-edit", business, product), {}),
        ("post", url("product-edit", business, product), edit_data),
        ("post", url("product-visibility", business, product), {}),
        ("get", url("product-delete", business, product), {}),
        ("post", url("product-photo-cover", business, product, photo), {}),
        ("post", url("product-photo-delete", business, product, photo), {}),
        ("post", url("product-delete", business, product), {}),
    ]


@pytest.fixture
def product_photos(roles):
    """roles.product with two photos, so the cover and photo URLs have something to act on."""
    product_add_photo(product=roles.product, upload=jpeg_bytes((48, 48)))
    return product_add_photo(product=roles.product, upload=jpeg_bytes((48, 48)))


def test_anonymous_visitors_are_sent_to_log_in(client, roles, product_photos):
    before = state(roles.product)
    for method, target, data in all_urls(roles, product_photos):
        response = getattr(client, method)(target, data)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), target
    assert state(roles.product) == before


@pytest.mark.parametrize("who", ["other_owner", "staff_same", "staff_other", "provincial", "buyer"])
def test_everyone_but_the_owner_gets_404_and_changes_nothing(client, roles, product_photos, who):
    client.force_login(getattr(roles, who))
    before = state(roles.product)
    for method, target, data in all_urls(roles, product_photos):
        assert getattr(client, method)(target, data).status_code == 404, (who, method, target)
    assert state(roles.product) == before


def test_the_owner_can_use_every_page(owner_client, roles, product_photos, commit):
    expected = {"get": 200, "post": 302}
    for method, target, data in all_urls(roles, product_photos):
        with commit():
            response = getattr(owner_client, method)(target, data)
        assert response.status_code == expected[method], (method, target)
    assert Product.objects.filter(business=roles.business, name="Produk Baru").exists()
    assert not Product.objects.filter(pk=roles.product.pk).exists()
    assert ChangeRecord.objects.filter(business=roles.business).count() == 6  # create, update, hide, cover, photo, delete


def test_post_only_urls_refuse_get(owner_client, roles, product_photos):
    for target in (
        url("product-visibility", roles.business, roles.product),
        url("product-photo-cover", roles.business, roles.product, product_photos),
        url("product-photo-delete", roles.business, roles.product, product_photos),
    ):
        assert owner_client.get(target).status_code == 405, target
    assert owner_client.post(url("product-list", roles.business)).status_code == 405
    roles.product.refresh_from_db()
    assert not roles.product.is_hidden and roles.product.photos.count() == 2
