"""Indonesian phone numbers: every way people write them becomes +62…; anything else is
refused with a message in Bahasa Indonesia; the WhatsApp link is built from the stored form."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import Business
from directory.phones import normalize_phone, whatsapp_link
from tests.conftest import get_html, make_business


@pytest.mark.parametrize("written", [
    "0812-3456-7890", "081234567890", "0812 3456 7890", "(0812) 3456-7890", "0812.3456.7890",
    "812 3456 7890", "8123456789 0", "6281234567890", "62 812-3456-7890", "+6281234567890", "+62 812 3456 7890",
    "+62-812-3456-7890", " +62 812 3456 7890 ", "\u00a00812\u00a03456\u00a07890",
])
def test_mobile_numbers(written):
    assert normalize_phone(written) == "+6281234567890"


@pytest.mark.parametrize("written, stored", [
    ("0711-352525", "+62711352525"),  # Palembang landline
    ("(0711) 312 345", "+62711312345"),
    ("0852 6789 012", "+628526789012"),
    ("+62 821 1234 5678", "+6282112345678"),
])
def test_other_numbers(written, stored):
    assert normalize_phone(written) == stored


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_stays_empty(empty):
    assert normalize_phone(empty) == ""


@pytest.mark.parametrize("garbage", [
    "abc", "nomor saya", "-", "0", "12", "0812", "08123", "0000000000", "081234567890123456",
    "62", "+62", "+62 0812 3456 7890", "+1 555 123 4567", "+60 12-345 6789", "+65 9123 4567",
])
def test_garbage_is_refused(garbage):
    with pytest.raises(ValidationError) as error:
        normalize_phone(garbage)
    assert "tidak valid: tulis seperti 0812-3456-7890." in error.value.messages[0]


def test_whatsapp_link():
    link = whatsapp_link("+6281234567890", "Halo, saya tertarik dengan Pempek Kapal Selam & Tekwan?")
    assert link == ("https://wa.me/6281234567890?text=Halo%2C%20saya%20tertarik%20dengan%20Pempek%20Kapal%20Selam"
                    "%20%26%20Tekwan%3F")
    assert whatsapp_link("", "Halo") is None


@pytest.mark.django_db
def test_business_number_is_stored_normalised_and_linked(client, commit, palembang):
    with commit():
        business = make_business(palembang, whatsapp="0812 3456 7890")
    assert Business.objects.get(pk=business.pk).whatsapp == "+6281234567890"
    assert 'href="https://wa.me/6281234567890?text=' in get_html(client, business.get_absolute_url())


@pytest.mark.django_db
def test_business_with_a_bad_number_is_not_created(palembang):
    with pytest.raises(ValidationError):
        make_business(palembang, name="Nomor Salah Uji", whatsapp="+1 555 123 4567")
    assert not Business.objects.filter(name="Nomor Salah Uji").exists()
