"""The owner home (/akun/): each listing's completeness with the next step, last month's omzet
reminder, the user's claim and registration requests with the staff's notes."""

import re

import pytest

from directory.models import BusinessPhoto, Certification, Ownership, TurnoverReport
from owners.models import ClaimRequest
from tests.conftest import make_business, make_product, make_user
from umkm_portal.months import previous_month

pytestmark = pytest.mark.django_db


def home_text(client):
    response = client.get("/akun/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/akun/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/?next=/akun/")


def test_new_account_is_guided_to_claim_or_register(client):
    client.force_login(make_user("baru@contoh.id"))
    text = home_text(client)
    assert "Belum ada usaha yang terhubung dengan akun ini." in text
    assert 'href="/akun/klaim/"' in text and 'href="/akun/usaha/baru/"' in text


def test_a_bare_listing_shows_every_step_to_do_and_the_first_as_next(client, roles):
    business = roles.business
    client.force_login(roles.owner)
    text = home_text(client)
    # roles.business: a priced product, no photo, no description, no contact, no certificate.
    assert "Kelengkapan 20%" in text
    assert f'Langkah berikutnya:</strong> <a href="/akun/usaha/{business.slug}/foto/">' in text
    assert f'<a href="/akun/usaha/{business.slug}/kontak/">Kontak penjual</a>' in text
    assert "Pempek Cek Sari" in text and f'href="/umkm/{business.slug}/"' in text
    assert "Ani" not in text and "Kerupuk Kemplang Bu Ani" not in text  # another owner's business


def test_a_complete_listing_scores_100_and_has_no_next_step(client, roles, commit):
    business = roles.business
    business.description = "Pempek ikan belida buatan rumah sejak 1998, tanpa pengawet, dikirim beku."
    business.whatsapp = "+6281234567890"
    business.save()
    BusinessPhoto.objects.create(business=business, image="business/a.webp", thumb="business/a-thumb.webp")
    Certification.objects.create(business=business, kind="halal", number="ID16110000123")
    client.force_login(roles.owner)
    text = home_text(client)
    assert "Kelengkapan 100%" in text and "Langkah berikutnya" not in text


def test_expired_certificates_and_unpriced_products_do_not_count(client, roles):
    business = roles.business
    business.description = "Pempek ikan belida buatan rumah sejak 1998, tanpa pengawet, dikirim beku."
    business.save()
    BusinessPhoto.objects.create(business=business, image="business/a.webp", thumb="business/a-thumb.webp")
    Certification.objects.create(business=business, kind="pirt", number="P-IRT 1", expires_on="2020-01-01")
    make_product(business, name="Kemplang", price_min=None)
    client.force_login(roles.owner)
    text = home_text(client)
    assert "Beberapa produk belum ada harganya" in text
    assert f'<a href="/akun/usaha/{roles.business.slug}/sertifikasi/">Sertifikasi</a>' in text


def test_omzet_reminder_until_last_month_is_reported(client, roles):
    client.force_login(roles.owner)
    assert "belum dilaporkan" in home_text(client)
    TurnoverReport.objects.create(business=roles.business, month=previous_month(), omzet=12_500_000)
    text = home_text(client)
    assert "belum dilaporkan" not in text
    assert "12.500.000" not in text and "12500000" not in text  # the home page shows no figures


def test_requests_show_their_status_and_the_staff_note(client, roles):
    client.force_login(roles.buyer)
    ClaimRequest.objects.create(business=roles.business, user=roles.buyer, status="rejected", staff_note="NIB tidak sesuai, datang ke kantor dinas.")
    ClaimRequest.objects.create(business=roles.other_business, user=roles.buyer)
    ClaimRequest.objects.create(business=roles.other_business, user=roles.owner, status="rejected", staff_note="Catatan untuk Sari")
    text = home_text(client)
    assert "Ditolak" in text and "NIB tidak sesuai, datang ke kantor dinas." in text
    assert "Menunggu tinjauan" in text and "Catatan untuk Sari" not in text
    assert f'href="/akun/klaim/{roles.business.slug}/">Ajukan lagi' in text


def test_unverified_registration_is_marked_waiting(client, roles, palembang):
    business = make_business(palembang, name="Kopi Baru", status="unverified")
    Ownership.objects.create(business=business, user=roles.owner)
    client.force_login(roles.owner)
    text = home_text(client)
    assert "Menunggu verifikasi dinas" in text and f'href="/umkm/{business.slug}/"' not in text


def test_query_count_does_not_grow_with_businesses(client, roles, palembang, django_assert_num_queries):
    client.force_login(roles.owner)
    client.get("/akun/")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/akun/").status_code == 200
        return len(queries)

    one = count()
    for number in range(3):
        business = make_business(palembang, name=f"Usaha Tambahan {number}")
        Ownership.objects.create(business=business, user=roles.owner)
        ClaimRequest.objects.create(business=business, user=roles.owner)
    assert count() == one


def test_demo_owner_command_gives_a_working_owner_with_omzet(client, palembang, settings):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    business = make_business(palembang, name="Demo Pempek", email="pempek@demo.example", nib="9000000000017",
                             private={"owner_phone": "+6281200000001"})
    make_business(palembang, name="Demo Songket", email="songket@demo.example", nib="9000000000024",
                  private={"owner_phone": "+6281200000002"})
    out = io.StringIO()
    call_command("ensure_demo_owner", stdout=out)
    call_command("ensure_demo_owner", stdout=out)  # idempotent
    assert "pemilik@demo.example" in out.getvalue()
    assert "Demo Songket  NIB 9000000000024  phone +6281200000002" in out.getvalue()
    assert TurnoverReport.objects.filter(business=business).count() == 6
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.get(email="pemilik@demo.example")
    assert owner.check_password("pemilik-umkm-demo")
    client.force_login(owner)
    assert "Demo Pempek" in home_text(client)
