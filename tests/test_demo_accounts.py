"""The demo staff accounts `make run` prints: one per staff role, scoped like real staff."""

import io

import pytest
from django.core.management import CommandError, call_command

from regions.models import Regency
from tests.conftest import make_business


def _log_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": "staf-umkm-demo", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/", username


@pytest.mark.django_db
def test_demo_staff_of_each_role_log_in_and_see_their_regions(client, settings):
    settings.DEBUG = True
    palembang_business = make_business(Regency.objects.get(code="16.71"), name="Demo Palembang")
    oki_business = make_business(Regency.objects.get(code="16.02"), name="Demo OKI")
    out = io.StringIO()
    call_command("ensure_demo_staff", stdout=out)
    call_command("ensure_demo_staff", stdout=out)  # idempotent
    assert "user: staf-provinsi  password: staf-umkm-demo" in out.getvalue()
    assert "Staf dinas (Kota Palembang)" in out.getvalue()

    _log_in(client, "staf-palembang")
    assert client.get(f"/admin/directory/business/{palembang_business.pk}/change/").status_code == 200
    assert client.get(f"/admin/directory/business/{oki_business.pk}/change/").status_code == 404
    client.logout()
    _log_in(client, "staf-provinsi")
    assert client.get(f"/admin/directory/business/{oki_business.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_demo_staff_need_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("ensure_demo_staff", stdout=io.StringIO())
