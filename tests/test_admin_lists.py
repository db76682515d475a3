"""The staff admin's list pages: a fixed number of queries whatever the number of rows,
filters limited to the staff member's regions, Indonesian labels, the import and export
buttons, the status actions, and photo deletion."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from catalog.models import BusinessCount, Product, RegencyFacetCount
from directory.models import Business, Certification, TurnoverReport
from tests.conftest import jpeg_bytes, make_business, make_product, parse_tags
from tests.test_admin_scoping import form_data, make_staff


@pytest.fixture
def kab_staff(db, palembang):
    return make_staff("staf-plg", palembang)


@pytest.fixture
def provincial_staff(db):
    return make_staff("staf-prov", provincial=True)


def _fill(palembang, oki, rows, commit):
    """`rows` businesses with a product each in Palembang (two with certificates), and one in OKI."""
    with commit():
        for number in range(rows):
            certifications = [{"kind": "halal", "number": f"ID{number}"}] if number < 2 else []
            business = make_business(palembang, name=f"Usaha Daftar {number:02d}", certifications=certifications)
            make_product(business, name=f"Produk Daftar {number:02d}")
        make_product(make_business(oki, name="Usaha OKI Daftar"), name="Produk OKI Daftar")


def _changelist_names(html):
    """The row names of an admin changelist (the links in the first column)."""
    return [text.strip() for tag, attrs, text in parse_tags(html) if tag == "a" and "/change/" in (attrs.get("href") or "")
            and text.strip() and not attrs.get("class")]


# ---------------------------------------------------------------------------- query counts


@pytest.mark.parametrize("rows", [5, 25])
def test_business_list_queries_do_not_grow_with_rows(client, kab_staff, palembang, oki, commit, django_assert_num_queries, rows):
    _fill(palembang, oki, rows, commit)
    client.force_login(kab_staff)
    # session, user, user permissions, group permissions, staff scope (profile ⋈ regencies),
    # KBLI kategori (sector filter), COUNT of the scoped list, the page (⋈ regency, district)
    with django_assert_num_queries(8):
        response = client.get("/admin/directory/business/")
    assert len([n for n in _changelist_names(response.content.decode()) if n.startswith("Usaha Daftar")]) == rows


@pytest.mark.parametrize("rows", [5, 25])
def test_business_list_queries_for_provincial_staff(client, provincial_staff, palembang, oki, commit, django_assert_num_queries, rows):
    _fill(palembang, oki, rows, commit)
    client.force_login(provincial_staff)
    # session, user, user permissions, group permissions, staff scope, the province's
    # kabupaten/kota (region filter), KBLI kategori, COUNT, the page
    with django_assert_num_queries(9):
        response = client.get("/admin/directory/business/?status=active&sertifikasi=halal")
    names = _changelist_names(response.content.decode())
    assert sorted(names) == ["Usaha Daftar 00", "Usaha Daftar 01"]


@pytest.mark.parametrize("rows", [5, 25])
def test_product_list_queries_do_not_grow_with_rows(client, kab_staff, palembang, oki, commit, django_assert_num_queries, rows):
    _fill(palembang, oki, rows, commit)
    client.force_login(kab_staff)
    # session, user, user permissions, group permissions, staff scope, categories (filter),
    # COUNT of the scoped list, the page (⋈ business, category, regency)
    with django_assert_num_queries(8):
        response = client.get("/admin/catalog/product/")
    names = _changelist_names(response.content.decode())
    assert len([n for n in names if n.startswith("Produk Daftar")]) == rows and "Produk OKI Daftar" not in names


@pytest.mark.parametrize("rows", [5, 25])
def test_turnover_list_queries_do_not_grow_with_rows(client, kab_staff, palembang, oki, commit, django_assert_num_queries, rows):
    _fill(palembang, oki, rows, commit)
    for business in Business.objects.all():
        TurnoverReport.objects.create(business=business, month=datetime.date(2025, 3, 1), omzet=1_000_000)
    client.force_login(kab_staff)
    # session, user, user permissions, group permissions, staff scope, COUNT, the page (⋈ business)
    with django_assert_num_queries(7):
        response = client.get("/admin/directory/turnoverreport/")
    assert "Usaha OKI Daftar" not in response.content.decode()


# ---------------------------------------------------------------------------- filters, language, buttons


def test_region_filter_offers_only_the_staff_regions(client, kab_staff, provincial_staff, palembang, oki, commit):
    _fill(palembang, oki, 2, commit)
    client.force_login(kab_staff)
    html = client.get("/admin/directory/business/").content.decode()
    assert "?wilayah=16.71" in html and "?wilayah=16.02" not in html
    client.force_login(provincial_staff)
    html = client.get("/admin/directory/business/").content.decode()
    assert all(f"?wilayah=16.{code}" in html for code in ("71", "02", "74", "13"))
    assert "?wilayah=32.73" not in html  # Kota Bandung is not the portal's


def test_filters_by_region_status_sector_and_certificate(client, provincial_staff, palembang, oki, commit):
    _fill(palembang, oki, 3, commit)
    Business.objects.filter(name="Usaha Daftar 02").update(status=Business.Status.INACTIVE, sector="G")
    client.force_login(provincial_staff)

    def names(query):
        return sorted(_changelist_names(client.get(f"/admin/directory/business/?{query}").content.decode()))

    assert names("wilayah=16.02") == ["Usaha OKI Daftar"]
    assert names("status=inactive") == ["Usaha Daftar 02"]
    assert names("sektor=G") == ["Usaha Daftar 02"]
    assert names("sertifikasi=halal") == ["Usaha Daftar 00", "Usaha Daftar 01"]
    assert names("q=daftar+01") == ["Usaha Daftar 01"]
    html = client.get("/admin/directory/business/").content.decode()
    assert "C — Industri Pengolahan" in html


def test_a_region_outside_the_scope_in_the_query_shows_nothing(client, kab_staff, palembang, oki, commit):
    _fill(palembang, oki, 2, commit)
    client.force_login(kab_staff)
    assert _changelist_names(client.get("/admin/directory/business/?wilayah=16.02").content.decode()) == []


def test_lists_speak_indonesian(client, kab_staff, palembang, oki, commit):
    _fill(palembang, oki, 1, commit)
    client.force_login(kab_staff)
    html = client.get("/admin/directory/business/").content.decode()
    assert "Pilih UMKM untuk diubah" in html
    assert "Tandai tidak aktif" in html and "Tandai aktif (terverifikasi hari ini)" in html
    assert "Berdasarkan kabupaten/kota" in html and "Berdasarkan sektor (KBLI)" in html
    assert "Pilih produk untuk diubah" in client.get("/admin/catalog/product/").content.decode()


def test_import_and_export_buttons_keep_the_list_filters(client, kab_staff, palembang, oki, commit):
    _fill(palembang, oki, 1, commit)
    client.force_login(kab_staff)
    html = client.get("/admin/directory/business/?status=active").content.decode()
    links = {text.strip(): attrs["href"] for tag, attrs, text in parse_tags(html) if tag == "a" and attrs.get("href")}
    assert links["Impor dari Excel/CSV"] == "/admin/registry/importjob/add/?jenis=business"
    assert links["Ekspor ke Excel/CSV"] == "/admin/directory/business/export/?status=active"
    html = client.get("/admin/catalog/product/").content.decode()
    links = {text.strip(): attrs["href"] for tag, attrs, text in parse_tags(html) if tag == "a" and attrs.get("href")}
    assert links["Impor dari Excel/CSV"] == "/admin/registry/importjob/add/?jenis=product"
    assert links["Ekspor ke Excel/CSV"].rstrip("?") == "/admin/catalog/product/export/"


def test_no_delete_action_for_staff_but_for_superusers(client, kab_staff, palembang, oki, commit):
    _fill(palembang, oki, 1, commit)
    client.force_login(kab_staff)
    assert 'value="delete_selected"' not in client.get("/admin/directory/business/").content.decode()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.id"))
    assert 'value="delete_selected"' in client.get("/admin/directory/business/").content.decode()


# ---------------------------------------------------------------------------- actions


def _act(client, action, businesses):
    return client.post("/admin/directory/business/", {
        "action": action, "_selected_action": [b.pk for b in businesses], "index": "0",
    })


def test_mark_inactive_takes_the_products_off_the_catalog(client, kab_staff, palembang, commit):
    with commit():
        business = make_business(palembang, name="Usaha Ditutup")
        product = make_product(business)
    client.force_login(kab_staff)
    with commit():
        response = _act(client, "mark_inactive", [business])
    assert response.status_code == 302
    business.refresh_from_db()
    product.refresh_from_db()
    assert (business.status, product.is_listed) == (Business.Status.INACTIVE, False)
    assert "1 UMKM ditandai tidak aktif." in client.get(response["Location"]).content.decode()


def test_mark_active_verifies_today_and_lists_the_products(client, kab_staff, palembang, commit):
    with commit():
        business = make_business(palembang, name="Usaha Baru", status=Business.Status.UNVERIFIED)
        product = make_product(business)
    assert not product.is_listed
    client.force_login(kab_staff)
    with commit():
        _act(client, "mark_active", [business])
    business.refresh_from_db()
    product.refresh_from_db()
    assert (business.status, business.verified_on, product.is_listed) == (
        Business.Status.ACTIVE, datetime.date.today(), True,
    )
    assert RegencyFacetCount.objects.filter(regency=palembang).exists()


def test_marking_many_recounts_each_kabupaten_kota_once(client, palembang, oki, commit, django_capture_on_commit_callbacks):
    with commit():
        businesses = [make_business(palembang if n % 2 else oki, name=f"Usaha Massal {n:02d}") for n in range(20)]
        for business in businesses[:4]:
            make_product(business)
    client.force_login(make_staff("staf-prov-massal", provincial=True))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _act(client, "mark_inactive", businesses)
    assert response.status_code == 302
    # One listing sync for the twenty (it rebuilds the counts of Palembang and OKI once), not twenty.
    assert len(callbacks) == 1
    assert not Business.objects.filter(pk__in=[b.pk for b in businesses], status=Business.Status.ACTIVE).exists()
    assert not Product.objects.filter(is_listed=True).exists()
    assert not BusinessCount.objects.filter(regency__in=[palembang, oki]).exists()
    assert "20 UMKM ditandai tidak aktif." in client.get(response["Location"]).content.decode()


def test_moving_a_business_recounts_the_kabupaten_kota_it_left(client, palembang, oki, commit):
    with commit():
        business = make_business(palembang, name="Usaha Pindah Wilayah")  # no products: only BusinessCount knows it
    assert BusinessCount.objects.filter(regency=palembang).aggregate(n=Sum("count"))["n"] == 1
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.id"))
    url = f"/admin/directory/business/{business.pk}/change/"
    data = form_data(client, url)
    data.update(regency=oki.code, district="", village="")
    with commit():
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not BusinessCount.objects.filter(regency=palembang).exists()
    assert BusinessCount.objects.filter(regency=oki).aggregate(n=Sum("count"))["n"] == 1


def test_actions_ignore_another_region_business(client, kab_staff, oki, commit):
    with commit():
        theirs = make_business(oki, name="Usaha OKI Aktif")
    client.force_login(kab_staff)
    with commit():
        _act(client, "mark_inactive", [theirs])
    theirs.refresh_from_db()
    assert theirs.status == Business.Status.ACTIVE


# ---------------------------------------------------------------------------- photos and deletion


def test_staff_deletes_the_cover_photo_and_the_next_becomes_cover(client, kab_staff, palembang, commit):
    with commit():
        product = make_product(make_business(palembang), photos=[jpeg_bytes((40, 40)), jpeg_bytes((40, 40))])
    first, second = product.photos.order_by("position")
    assert product.cover_id == first.pk
    client.force_login(kab_staff)
    url = f"/admin/catalog/product/{product.pk}/change/"
    data = form_data(client, url)
    assert "photos-0-DELETE" in _checkboxes(client, url)
    data["photos-0-DELETE"] = "on"
    with commit():
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product.refresh_from_db()
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk]
    assert product.cover_id == second.pk


def _checkboxes(client, url):
    return [attrs["name"] for tag, attrs, _ in parse_tags(client.get(url).content.decode())
            if tag == "input" and attrs.get("type") == "checkbox" and attrs.get("name")]


def test_staff_cannot_upload_or_edit_photos_in_the_admin(client, kab_staff, palembang, commit):
    with commit():
        product = make_product(make_business(palembang), photos=[jpeg_bytes((40, 40))])
    client.force_login(kab_staff)
    html = client.get(f"/admin/catalog/product/{product.pk}/change/").content.decode()
    assert 'type="file"' not in html and "photos-0-position" not in [
        attrs.get("name") for tag, attrs, _ in parse_tags(html) if tag == "input"
    ]


def test_superuser_deletes_a_business_and_the_counts_follow(client, palembang, commit):
    with commit():
        business = make_business(palembang, name="Usaha Dihapus")
        make_product(business)
    assert RegencyFacetCount.objects.filter(regency=palembang).exists()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.id"))
    with commit():
        response = client.post(f"/admin/directory/business/{business.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Business.objects.filter(pk=business.pk).exists() and not Product.objects.exists()
    assert not RegencyFacetCount.objects.filter(regency=palembang).exists()


def test_certificates_are_edited_inline(client, kab_staff, palembang, commit):
    with commit():
        business = make_business(palembang, certifications=[{"kind": "pirt", "number": "P-1"}])
    client.force_login(kab_staff)
    url = f"/admin/directory/business/{business.pk}/change/"
    data = form_data(client, url)
    data["certifications-0-number"] = "P-2"
    with commit():
        assert client.post(url, data).status_code == 302
    assert Certification.objects.get(business=business).number == "P-2"


def test_owner_data_is_one_form_on_the_business_page(client, kab_staff, palembang, commit):
    with commit():
        business = make_business(palembang, private={"owner_name": "Bu Ani", "nik": "1671012345678901"})
    client.force_login(kab_staff)
    inputs = {attrs.get("name"): attrs.get("value") for tag, attrs, _ in parse_tags(
        client.get(f"/admin/directory/business/{business.pk}/change/").content.decode()) if tag == "input"}
    assert inputs["private-0-nik"] == "1671012345678901" and "private-1-nik" not in inputs
