"""The "Laporkan" form of product and business pages (feedback/) and the staff's reports in the
admin (backoffice/feedback.py): anyone may report a listed product or business without an
account; reports are throttled per address and per listing, counted in the database; one form
sent twice stores one report; staff of the listing's kabupaten/kota (and provincial staff) read
and handle them, nobody else sees them; the reporter's contact reaches no public page or log."""

import datetime
import logging
import re

import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import Product
from feedback.models import Report
from tests.conftest import make_business, make_product
from umkm_portal.hashing import keyed_hash

pytestmark = pytest.mark.django_db

CONTACT = "pelapor.uji@contoh.id"
MESSAGE = "Nomor WhatsApp di halaman ini meminta transfer ke rekening pribadi."


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def product_form(product):
    return f"/laporkan/produk/{product.slug}/"


def business_form(business):
    return f"/laporkan/umkm/{business.slug}/"


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def send(client, url, *, token=None, ip="203.0.113.10", **fields):
    """Open the form (as a visitor does, for its token), then send it."""
    if token is None:
        token = token_of(client.get(url, REMOTE_ADDR=ip))
    data = {"reason": "fraud", "message": MESSAGE, "contact": CONTACT, "token": token} | fields
    return client.post(url, data, REMOTE_ADDR=ip)


def login(client, roles, who):
    if who != "anonymous":
        client.force_login(getattr(roles, who))


ROLES = ["anonymous", "owner", "other_owner", "staff_same", "staff_other", "provincial", "buyer"]


# ---------------------------------------------------------------------------- the form


@pytest.mark.parametrize("who", ROLES)
def test_anyone_reports_a_product_and_it_lands_with_its_business(client, roles, who):
    login(client, roles, who)
    response = send(client, product_form(roles.product))
    assert response.status_code == 302 and response["Location"] == f"/laporkan/produk/{roles.product.slug}/terkirim/"
    report = Report.objects.get()
    assert (report.business, report.product, report.reason) == (roles.business, roles.product, Report.Reason.FRAUD)
    assert (report.message, report.contact, report.status) == (MESSAGE, CONTACT, Report.Status.NEW)
    assert report.client_key == keyed_hash("203.0.113.10") and "203.0.113.10" not in report.client_key
    sent = text_of(client.get(response["Location"]))
    assert "laporan Anda terkirim" in sent and "Kota Palembang" in sent


def test_a_business_report_has_no_product(client, roles):
    assert send(client, business_form(roles.business), reason="closed", contact="").status_code == 302
    report = Report.objects.get()
    assert (report.business, report.product, report.reason, report.contact) == (roles.business, None, "closed", "")


def test_every_product_and_business_page_links_to_its_form(client, roles):
    assert f'href="{product_form(roles.product)}"' in client.get(roles.product.get_absolute_url()).content.decode()
    assert f'href="{business_form(roles.business)}"' in client.get(roles.business.get_absolute_url()).content.decode()
    assert 'href="/en/laporkan/produk/' in client.get("/en" + roles.product.get_absolute_url()).content.decode()


def test_the_form_offers_the_five_reasons_and_says_who_reads_it(client, roles):
    html = text_of(client.get(product_form(roles.product)))
    for label in ["Informasi salah", "Produk palsu atau penipuan", "Usaha sudah tutup", "Konten tidak pantas", "Lainnya"]:
        assert label in html
    assert "staf dinas koperasi &amp; UMKM Kota Palembang" in html and 'name="csrfmiddlewaretoken"' in html


def test_hidden_and_unlisted_listings_answer_404(client, roles, palembang, commit):
    with commit():
        hidden = make_product(roles.business, name="Pempek Disembunyikan", is_hidden=True)
        closed = make_business(palembang, name="Usaha Sudah Tidak Aktif", status="inactive")
        closed_product = make_product(closed)
    for url in [product_form(hidden), product_form(closed_product), business_form(closed), "/laporkan/produk/tidak-ada/",
                f"/laporkan/produk/{hidden.slug}/terkirim/", f"/laporkan/umkm/{closed.slug}/terkirim/"]:
        assert client.get(url).status_code == 404, url
    assert send(client, product_form(hidden), token="a" * 32).status_code == 404
    assert send(client, business_form(closed), token="a" * 32).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize("fields, message", [
    ({"reason": ""}, "Alasan: Pilih salah satu alasan."),
    ({"reason": "bohong"}, "Alasan: Pilih salah satu alasan."),
    ({"message": ""}, "Pesan: Tulis apa yang salah"),
    ({"message": "palsu"}, "Pesan: Tulis sedikit lebih jelas: paling sedikit 10 huruf."),
    ({"message": "x" * 2001}, "Pesan: Terlalu panjang: paling banyak 2000 huruf."),
    ({"contact": "sari@"}, "Kontak Anda (tidak wajib): Alamat email ini tidak lengkap"),
    ({"contact": "besok saja"}, "Kontak Anda (tidak wajib): Tulis email atau nomor telepon"),
    ({"token": ""}, "Formulir: Formulir ini tidak lengkap"),
])
def test_bad_input_is_refused_with_a_message_naming_the_field(client, roles, fields, message):
    response = send(client, product_form(roles.product), **fields)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Report.objects.exists()


def test_a_phone_number_is_a_contact_too(client, roles):
    assert send(client, product_form(roles.product), contact="0812-3456 7890").status_code == 302
    assert Report.objects.get().contact == "0812-3456 7890"


def test_one_form_sent_twice_stores_one_report(client, roles):
    url = product_form(roles.product)
    token = token_of(client.get(url))
    assert send(client, url, token=token).status_code == 302
    assert send(client, url, token=token).status_code == 302  # a double tap, or "send again" after going back
    assert Report.objects.count() == 1


def test_the_same_report_again_within_the_hour_is_stored_once(client, roles):
    url = product_form(roles.product)
    send(client, url)
    send(client, url)  # a fresh form (new token), the same words from the same address
    assert Report.objects.count() == 1
    send(client, url, reason="wrong_info")  # something else: a second report
    assert Report.objects.count() == 2


def test_the_form_is_never_page_cached(client, roles, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = product_form(roles.product)
    first, second = Client().get(url), Client().get(url)
    assert token_of(first) != token_of(second)
    assert "no-cache" in first["Cache-Control"] and "csrftoken" in first.cookies


def test_head_answers_like_get(client, roles):
    assert client.head(product_form(roles.product)).status_code == 200
    assert client.head(f"/laporkan/umkm/{roles.business.slug}/terkirim/").status_code == 200
    assert client.put(product_form(roles.product)).status_code == 405


def test_a_report_needs_the_csrf_token(roles):
    browser = Client(enforce_csrf_checks=True)
    url = product_form(roles.product)
    response = browser.post(url, {"reason": "fraud", "message": MESSAGE, "token": "a" * 32})
    assert response.status_code == 403 and not Report.objects.exists()


# ---------------------------------------------------------------------------- throttle


def test_an_address_may_send_five_reports_an_hour(client, roles, settings):
    assert settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP == 5
    for number in range(5):
        assert send(client, product_form(roles.product), message=f"{MESSAGE} ({number})").status_code == 302
    response = send(client, business_form(roles.other_business))
    assert response.status_code == 429
    assert "Anda sudah mengirim 5 laporan dalam satu jam terakhir." in text_of(response)
    assert Report.objects.count() == 5
    # Another address is not throttled; and an hour later this one may report again.
    assert send(client, business_form(roles.other_business), ip="198.51.100.20").status_code == 302
    Report.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert send(client, business_form(roles.other_business)).status_code == 302


def test_behind_a_proxy_the_address_is_the_visitors(client, roles, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP = 1
    url = product_form(roles.product)

    def via_proxy(visitor, reason):
        token = token_of(client.get(url))
        return client.post(url, {"reason": reason, "message": MESSAGE, "token": token},
                           REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)

    assert via_proxy("203.0.113.5", "fraud").status_code == 302
    assert via_proxy("198.51.100.7", "fraud").status_code == 302  # another visitor behind the same proxy
    assert via_proxy("192.0.2.1, 203.0.113.5", "other").status_code == 429  # a forged left part changes nothing
    assert set(Report.objects.values_list("client_key", flat=True)) == {keyed_hash("203.0.113.5"), keyed_hash("198.51.100.7")}


def test_a_listing_takes_a_limited_number_of_reports_an_hour_from_everyone(client, roles, settings):
    settings.FEEDBACK_REPORTS_PER_HOUR_PER_LISTING = 3
    for number in range(3):
        assert send(client, business_form(roles.business), ip=f"203.0.113.{number}").status_code == 302
    # A product of the same business counts for it too.
    response = send(client, product_form(roles.product), ip="203.0.113.99")
    assert response.status_code == 429 and "Usaha ini sudah banyak dilaporkan" in text_of(response)
    assert send(client, business_form(roles.other_business), ip="203.0.113.99").status_code == 302


def test_the_counts_are_in_the_database_so_every_worker_process_sees_them(client, roles, settings):
    """Each gunicorn worker has its own local-memory cache: a count kept there would allow each
    worker its own five. These are rows, so a process with no cache at all refuses too."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for number in range(5):
        send(client, product_form(roles.product), message=f"{MESSAGE} ({number})")
    assert send(client, product_form(roles.product), reason="other").status_code == 429


def test_the_reporters_contact_and_message_reach_no_log(client, roles, caplog, settings):
    settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP = 1
    with caplog.at_level(logging.DEBUG):
        send(client, product_form(roles.product))
        send(client, business_form(roles.business), reason="other")  # throttled: 429, logged as a warning
        send(client, product_form(roles.product), contact="sari@")  # refused input
    assert caplog.records  # the 429 is logged (django.request), so the check below reads real log lines
    assert CONTACT not in caplog.text and "pelapor" not in caplog.text and MESSAGE not in caplog.text


# ---------------------------------------------------------------------------- the staff's side


@pytest.fixture
def reports(roles):
    here = Report.objects.create(business=roles.business, product=roles.product, reason="fraud", message=MESSAGE,
                                 contact=CONTACT, client_key="a" * 64, form_token="t" * 32)
    there = Report.objects.create(business=roles.other_business, reason="closed", message="Sudah tutup sejak Juli.",
                                  client_key="b" * 64, form_token="u" * 32)
    return here, there


def change_url(report):
    return f"/admin/feedback/report/{report.pk}/change/"


@pytest.mark.parametrize("who, sees_here, sees_there", [
    ("staff_same", True, False), ("staff_other", False, True), ("provincial", True, True),
])
def test_staff_see_only_their_regions_reports(client, roles, reports, who, sees_here, sees_there):
    here, there = reports
    login(client, roles, who)
    html = client.get("/admin/feedback/report/").content.decode()
    assert (change_url(here) in html, change_url(there) in html) == (sees_here, sees_there)
    assert client.get(change_url(here)).status_code == (200 if sees_here else 404)
    assert client.get(change_url(there)).status_code == (200 if sees_there else 404)


@pytest.mark.parametrize("who", ["anonymous", "owner", "other_owner", "buyer"])
def test_owners_and_visitors_never_reach_the_reports(client, roles, reports, who):
    here, _there = reports
    login(client, roles, who)
    for url in ["/admin/feedback/report/", change_url(here)]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (who, url)


def test_staff_read_the_contact_and_mark_a_report_handled_with_a_note(client, roles, reports):
    here, _there = reports
    client.force_login(roles.staff_same)
    html = text_of(client.get(change_url(here)))
    assert CONTACT in html and MESSAGE in html and roles.product.name in html
    response = client.post(change_url(here), {"status": "handled", "staff_note": "", "_save": "1"})
    assert response.status_code == 200 and "Tulis apa yang diperiksa dan dilakukan" in text_of(response)
    here.refresh_from_db()
    assert here.status == "new" and here.handled_by is None
    response = client.post(change_url(here), {"status": "handled", "staff_note": "Produk disembunyikan, pemilik ditelepon.", "_save": "1"})
    assert response.status_code == 302
    here.refresh_from_db()
    assert (here.status, here.staff_note, here.handled_by) == ("handled", "Produk disembunyikan, pemilik ditelepon.", roles.staff_same)
    assert here.handled_at is not None


def test_staff_of_another_region_cannot_handle_a_report(client, roles, reports):
    here, _there = reports
    client.force_login(roles.staff_other)
    response = client.post(change_url(here), {"status": "handled", "staff_note": "Bukan wilayah saya", "_save": "1"})
    assert response.status_code == 404
    here.refresh_from_db()
    assert here.status == "new"


def test_reports_are_neither_added_nor_deleted_in_the_admin(client, roles, reports):
    here, _there = reports
    client.force_login(roles.provincial)
    assert client.get("/admin/feedback/report/add/").status_code == 403
    assert client.post(f"/admin/feedback/report/{here.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=here.pk).exists()


@pytest.mark.parametrize("rows", [3, 24])
def test_the_report_list_queries_do_not_grow_with_rows(client, roles, django_assert_num_queries, rows):
    for number in range(rows):
        Report.objects.create(business=roles.business, product=roles.product if number % 2 else None, reason="other",
                              message=f"Laporan {number}", client_key="c" * 64, form_token=f"token-{number:04d}-" + "x" * 20)
    client.force_login(roles.staff_same)
    # session, user, user permissions, group permissions, staff scope, COUNT, the page (⋈ business, regency, product)
    with django_assert_num_queries(7):
        response = client.get("/admin/feedback/report/")
    assert response.content.decode().count("/admin/feedback/report/") >= rows


def test_deleting_a_product_keeps_its_report_on_the_business(roles, reports):
    here, _there = reports
    Product.objects.filter(pk=roles.product.pk).delete()
    here.refresh_from_db()
    assert here.product is None and here.business == roles.business
