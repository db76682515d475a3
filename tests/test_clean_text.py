"""Hostile text (control characters, NUL, noncharacters, lone surrogates): every XML or
spreadsheet output survives a value stored with it; forms, imports and query parameters clean
it at the door (umkm_portal.text)."""

import csv
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.urls import reverse

from catalog.models import Product
from directory.models import Business
from registry.models import ImportJob, ImportProblem
from tests.conftest import make_business, make_product
from tests.test_admin_scoping import make_staff
from tests.test_export import BUSINESS_EXPORT, PRODUCT_EXPORT, export
from tests.test_seo import jsonld
from umkm_portal.text import clean_text, xml_safe

# What XML 1.0 cannot carry; a str can hold each of them (the surrogate only in memory: PostgreSQL
# and SQLite store UTF-8, so the stored values below hold the others).
HOSTILE = "A\x01B\x08C\x0bD\x1fE\ufffeF\uffffG"
STORED = "Pempek\x01 Kapal\x1f Selam\ufffe"


@pytest.fixture
def hostile(db, palembang, commit):
    """A listed business and product whose names and descriptions hold control characters,
    stored as a path that skips the form cleaning would store them."""
    with commit():
        business = make_business(palembang, name="Usaha Bersih")
        product = make_product(business, name="Produk Bersih")
    Business.objects.filter(pk=business.pk).update(name="Usaha\x02 Kotor\x1b", description="Deskripsi\x07 usaha")
    Product.objects.filter(pk=product.pk).update(name=STORED, description="Enak\x0c sekali\x1e")
    return Product.objects.get(pk=product.pk)


def test_xml_safe_and_clean_text():
    assert xml_safe(HOSTILE) == "ABCDEFG"
    assert xml_safe("A\ud800B") == "AB"
    assert xml_safe("baris\nbaru\tdan\r") == "baris\nbaru\tdan\r"
    assert xml_safe(5) == 5 and xml_safe(None) is None
    assert clean_text("  Caf\u0065\u0301\x00\x01 \ud800 ") == "Caf\u00e9"
    assert clean_text("satu\r\ndua\tx\x1f", multiline=True) == "satu\ndua\tx"
    assert clean_text("satu\r\ndua\tx") == "satu dua x"


@pytest.mark.parametrize("url", ["/produk/feed/", "/en/produk/feed/"])
def test_feed_survives_control_characters(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert "Pempek Kapal Selam" in titles
    descriptions = " ".join(item.findtext("description") for item in root.iter("item"))
    assert "Usaha Kotor" in descriptions and "Enak sekali" in descriptions


def test_sitemap_survives_control_characters(client, hostile):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = [loc.text for loc in ET.fromstring(index.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sections
    for section in sections:
        response = client.get(section.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
        assert response.status_code == 200, section
        ET.fromstring(response.content)


def test_product_page_jsonld_survives_control_characters(client, hostile):
    response = client.get(hostile.get_absolute_url())
    assert response.status_code == 200
    assert jsonld(response.content.decode())  # json.loads: the escapes make it valid JSON


@pytest.fixture
def hostile_staff(hostile, palembang):
    return make_staff("staf-plg", palembang)


@pytest.mark.parametrize("url", [BUSINESS_EXPORT, PRODUCT_EXPORT])
def test_xlsx_export_survives_control_characters(client, hostile_staff, url):
    client.force_login(hostile_staff)
    response = export(client, url, "xlsx")
    assert response.status_code == 200
    cells = {cell.value for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows() for cell in row}
    assert ("Usaha Kotor" if url == BUSINESS_EXPORT else "Pempek Kapal Selam") in cells


@pytest.mark.parametrize("url", [BUSINESS_EXPORT, PRODUCT_EXPORT])
def test_csv_export_drops_control_characters(client, hostile_staff, url):
    client.force_login(hostile_staff)
    response = export(client, url, "csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert xml_safe(text) == text
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    assert ("Usaha Kotor" if url == BUSINESS_EXPORT else "Pempek Kapal Selam") in cells


def test_problem_rows_download_survives_control_characters(client, db):
    staff = make_staff("staf-plg", "16.71")
    job = ImportJob.objects.create(
        kind="business", created_by=staff, filename="plg.xlsx", file_size=1, file_sha256="0" * 64,
        status=ImportJob.Status.PREVIEWED, counts={"rows": 1, "new": 1},
        columns=[{"index": 0, "letter": "A", "header": "NAMA\x01 USAHA"}, {"index": 1, "letter": "B", "header": "ALAMAT"}],
    )
    ImportProblem.objects.create(job=job, row=4, severity="error", column="B", message="Alamat\x02 kosong.",
                                 values=["Toko\x03 Kotor", "Jl.\x1f Merdeka"])
    client.force_login(staff)
    response = client.get(reverse("admin:registry_importjob_problems", args=[job.pk]))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "NAMA USAHA" and rows[1][1:3] == ("Toko Kotor", "Jl. Merdeka")
    assert "Alamat kosong." in rows[1][-1]


# ---------------------------------------------------------------------------- cleaned at the door


def test_owner_product_form_cleans_name_and_description(client, roles, commit):
    from tests.test_owner_products import details, url

    client.force_login(roles.owner)
    name = "Kemplang\x01 Panggang\x00\ufffe  "
    description = "Baris satu\x07\r\nBaris\tdua\x1b\rtiga Cafe\u0301"
    with commit():
        response = client.post(url("product-add", roles.business), details(name=name, description=description))
    assert response.status_code == 302
    product = Product.objects.get(business=roles.business, name="Kemplang Panggang")
    assert product.description == "Baris satu\nBaris\tdua\ntiga Caf\u00e9"
    feed = client.get("/produk/feed/")
    assert feed.status_code == 200 and "Kemplang Panggang" in [i.findtext("title") for i in ET.fromstring(feed.content).iter("item")]


def test_a_name_of_only_control_characters_is_a_missing_name(client, roles):
    from tests.test_owner_products import details, errors_of, url

    client.force_login(roles.owner)
    response = client.post(url("product-add", roles.business), details(name="\x01\x02 \x00"))
    assert response.status_code == 200 and "tidak boleh kosong" in errors_of(response)
    assert not Product.objects.filter(business=roles.business).exclude(pk=roles.product.pk).exists()


def test_public_report_form_cleans_its_text(client, roles):
    from feedback.models import Report
    from tests.test_feedback import product_form, send

    response = send(client, product_form(roles.product), message="Nomor\x01 ini\x00 meminta transfer ke rekening pribadi.\r\nTolong dicek.",
                    contact="pelapor\x1f@contoh.id")
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.message == "Nomor ini meminta transfer ke rekening pribadi.\nTolong dicek."
    assert report.contact == "pelapor@contoh.id"


def test_sign_up_cleans_the_name_but_keeps_the_password_as_typed(client, db):
    from django.contrib.auth import get_user_model

    password = "Pempek-Kapal-Selam-88 "
    response = client.post("/akun/daftar/", {"first_name": "Sari\x01 Wulan\x00dari ", "email": "sari@contoh.id",
                                             "password1": password, "password2": password})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="sari@contoh.id")
    assert user.first_name == "Sari Wulandari" and user.check_password(password)


def test_import_cells_are_cleaned(db):
    from registry.cleaning import clean_text as clean_cell

    assert clean_cell("Toko\x01 Berkah\x1b\ufffe Cafe\u0301") == "Toko Berkah Caf\u00e9"


def test_the_migration_cleans_stored_text_and_only_the_rows_that_need_it(db, palembang, commit):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    with commit():
        dirty = make_business(palembang, name="Usaha Bersih")
        product = make_product(dirty, name="Produk Bersih")
        clean = make_business(palembang, name="Usaha Rapi")
    Business.objects.filter(pk=dirty.pk).update(name="Usaha\x02 Kotor\x1b ", description="Baris\x07 satu\r\ndua",
                                                 address="Jl.\x01 Merdeka")
    Product.objects.filter(pk=product.pk).update(name=STORED, description="Enak\x0c sekali\x1e", seller_name="Usaha\x02 Kotor\x1b ")
    Business.objects.filter(pk=clean.pk).update(name="Usaha Rapi  ")  # no control character: left as it is
    migration = importlib.import_module("catalog.migrations.0009_clean_stored_text")
    migration.clean_stored_text(apps, SimpleNamespace(connection=connection))
    business = Business.objects.get(pk=dirty.pk)
    assert (business.name, business.description, business.address) == ("Usaha Kotor", "Baris satu\ndua", "Jl. Merdeka")
    assert business.name_key == "usaha kotor"
    product.refresh_from_db()
    assert (product.name, product.description, product.seller_name) == ("Pempek Kapal Selam", "Enak sekali", "Usaha Kotor")
    assert Business.objects.get(pk=clean.pk).name == "Usaha Rapi  "
    if connection.vendor == "postgresql":  # the trigger renewed the vector from the cleaned name
        with connection.cursor() as cursor:
            cursor.execute("SELECT search_vector::text FROM catalog_product WHERE id = %s", [product.pk])
            assert "kapal" in cursor.fetchone()[0]


# ---------------------------------------------------------------------------- NUL in query parameters


def _admin_lists():
    from django.contrib import admin
    from django.contrib.admin import SimpleListFilter

    for model, model_admin in admin.site._registry.items():
        params = ["q", "o", "p"]
        for entry in model_admin.list_filter:
            if isinstance(entry, str):
                params += [entry, f"{entry}__exact"]
            elif isinstance(entry, (list, tuple)):
                params += [entry[0], f"{entry[0]}__exact"]
            elif issubclass(entry, SimpleListFilter):
                params.append(entry.parameter_name)
        yield model, model_admin, params


ADMIN_LISTS = [(f"{model._meta.app_label}.{model._meta.model_name}", params) for model, _, params in _admin_lists()]
AUTOCOMPLETES = [
    (model._meta.app_label, model._meta.model_name, field)
    for model, model_admin, _ in _admin_lists() for field in model_admin.autocomplete_fields
]


@pytest.mark.parametrize("label, params", ADMIN_LISTS, ids=[label for label, _ in ADMIN_LISTS])
def test_a_nul_in_any_admin_list_parameter_is_not_an_error(client, roles, label, params):
    client.force_login(roles.provincial)
    url = reverse("admin:{}_{}_changelist".format(*label.split(".")))
    normal = client.get(url).status_code
    assert normal in (200, 403)
    for param in params:
        for value in ("%00", "a%00b", "%01"):
            response = client.get(f"{url}?{param}={value}")
            # As a wrong value: the list, or the admin's ?e=1 redirect for a filter it cannot apply.
            assert response.status_code in ((200, 302) if normal == 200 else (403,)), (param, value, response.status_code)


def test_the_admin_lists_of_the_issue_are_all_probed():
    probed = {label for label, _ in ADMIN_LISTS}
    assert {"directory.business", "catalog.product", "registry.importjob", "directory.turnoverreport"} <= probed
    assert len(AUTOCOMPLETES) >= 3


@pytest.mark.parametrize("app_label, model_name, field_name", AUTOCOMPLETES)
def test_a_nul_in_an_admin_autocomplete_is_not_an_error(client, roles, app_label, model_name, field_name):
    client.force_login(roles.provincial)
    for term in ("%00", "pem%00pek"):
        response = client.get(f"/admin/autocomplete/?term={term}&app_label={app_label}&model_name={model_name}&field_name={field_name}")
        assert response.status_code in (200, 403), response.status_code


def test_a_nul_in_a_search_is_dropped_and_the_rest_searched(client, roles):
    client.force_login(roles.provincial)
    response = client.get("/admin/directory/business/?q=Pempek%00%20Cek%01")
    assert response.status_code == 200
    assert "Pempek Cek Sari" in response.content.decode()
    assert "Kerupuk Kemplang Bu Ani" not in response.content.decode()


def test_a_nul_in_a_posted_choice_is_a_form_error_not_a_server_error(client, roles):
    from tests.test_admin_scoping import form_data

    client.force_login(roles.provincial)
    url = f"/admin/directory/business/{roles.business.pk}/change/"
    data = form_data(client, url) | {"kbli": "10799\x00", "name": "Pempek\x00 Cek\x01 Sari Baru"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    business = Business.objects.get(pk=roles.business.pk)
    assert (business.kbli_id, business.name) == ("10799", "Pempek Cek Sari Baru")
    data["kbli"] = "\x00zz"
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
