"""The owner pages that edit one business (profile, contact, certificates, logo and photos) and
the registration of a business the registry does not have: what the owner saves is on the
public page at once and in the history; bad input gets a message naming the field and writes
nothing; nobody but the business's owners reaches these pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Business, BusinessPhoto, BusinessPrivate, Certification, Ownership
from directory.services import business_add_photo
from owners.models import ChangeRecord, ClaimRequest
from regions.models import District, Regency, Village
from tests.conftest import get_html, huge_png, jpeg_bytes, make_business, make_user

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The `roles` fixture makes six accounts; the real hasher takes most of a second for each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = ["owner", "other_owner", "staff_same", "staff_other", "provincial", "buyer"]
SAVED = "Perubahan disimpan dan langsung tampil di portal."


def url(name, business, *args):
    return reverse(f"owners:{name}", args=[business.slug, *args])


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def follow(client, response):
    """The page a redirect leads to, as the browser shows it (with its flash messages)."""
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


def profile_data(business, **changes):
    data = {
        "name": business.name, "description": business.description, "business_type": business.business_type,
        "main_products": business.main_products, "founded_year": business.founded_year or "",
        "workers": business.workers or "", "address": business.address, "district": business.district_id or "",
        "postal_code": business.postal_code,
    }
    return data | changes


def contact_data(business, **changes):
    data = {"whatsapp": business.whatsapp, "email": business.email, "sales_channels": business.sales_channels}
    for name in Business.MARKETPLACE_FIELDS + Business.SOCIAL_FIELDS:
        data[name] = getattr(business, name)
    return data | changes


def certificate_data(**kinds):
    """POST data of the certificates page: kinds given as kind=(number, expires_on) are held, the others not."""
    data = {}
    for kind in Certification.Kind.values:
        if kind in kinds:
            number, expires_on = kinds[kind]
            data |= {f"{kind}-held": "on", f"{kind}-number": number, f"{kind}-expires_on": expires_on.isoformat() if expires_on else ""}
        else:
            data |= {f"{kind}-number": "", f"{kind}-expires_on": ""}
    return data


def small_jpeg(name="foto.jpg"):
    upload = jpeg_bytes((48, 48))
    upload.name = name
    return upload


def upload_photos(client, business, files):
    return client.post(url("business-photos", business), {"form": "photos", "photos": files})


# ---------------------------------------------------------------------------- profile


def test_owner_edits_the_profile_and_the_public_page_shows_it_at_once(client, roles, commit):
    business = roles.business
    other_district = District.objects.filter(regency=business.regency).exclude(pk=business.district_id).first()
    client.force_login(roles.owner)
    with commit():
        response = client.post(url("business-edit", business), profile_data(
            business, name="Pempek Cek Sari Asli", description="Pempek ikan tenggiri, digiling sendiri tiap pagi.",
            founded_year="2009", workers="4", district=other_district.pk, postal_code="30135",
        ))
    assert response["Location"] == url("business-edit", business)
    assert SAVED in messages_of(follow(client, response))
    business.refresh_from_db()
    assert (business.name, business.founded_year, business.workers, business.district_id) == (
        "Pempek Cek Sari Asli", 2009, 4, other_district.pk)
    html = get_html(client, business.get_absolute_url())
    assert "Pempek ikan tenggiri, digiling sendiri tiap pagi." in html and other_district.name in html
    record = ChangeRecord.objects.get(business=business)
    assert (record.subject, record.action, record.user) == (ChangeRecord.Subject.BUSINESS, ChangeRecord.Action.UPDATE, roles.owner)
    changes = {change["field"]: change for change in record.changes}
    assert set(changes) == {"name", "description", "founded_year", "workers", "district", "postal_code"}
    assert (changes["name"]["old"], changes["name"]["new"]) == ("Pempek Cek Sari", "Pempek Cek Sari Asli")
    assert changes["district"]["new_text"] == other_district.name
    # The products carry the business's kecamatan (catalog filters read it from them).
    assert roles.product.__class__.objects.get(pk=roles.product.pk).district_id == other_district.pk


def test_saving_the_profile_unchanged_says_so_and_records_nothing(client, roles):
    client.force_login(roles.owner)
    response = client.post(url("business-edit", roles.business), profile_data(roles.business))
    assert messages_of(follow(client, response)) == ["Tidak ada perubahan."]
    assert not ChangeRecord.objects.exists()


# ---------------------------------------------------------------------------- location


def test_owner_publishes_the_location_and_the_public_page_links_to_it(client, roles):
    business = roles.business
    client.force_login(roles.owner)
    response = client.post(url("business-edit", business), profile_data(
        business, latitude="-2,9761", longitude="104,7754", location_public="on",
    ))
    assert SAVED in messages_of(follow(client, response))
    business.refresh_from_db()
    assert business.location_public
    assert (business.private.latitude, business.private.longitude) == (Decimal("-2.976100"), Decimal("104.775400"))
    assert business.private.owner_phone == "+6281234567890"  # the rest of the private data is left as it was
    html = get_html(client, business.get_absolute_url())
    assert "https://www.openstreetmap.org/?mlat=-2.976100&amp;mlon=104.775400" in html
    # The history keeps the choice to publish, not the coordinates (personal data).
    record = ChangeRecord.objects.get(business=business)
    assert [change["field"] for change in record.changes] == ["location_public"]
    assert "2.9761" not in str(record.changes)
    # The owner sees what is stored, as they would type it.
    page = client.get(url("business-edit", business)).content.decode()
    assert 'value="-2.9761"' in page and 'value="104.7754"' in page and "Tampilkan lokasi usaha di halaman publik" in page


def test_coordinates_kept_private_by_default_and_removed_when_emptied(client, roles):
    business = roles.business
    client.force_login(roles.owner)
    follow(client, client.post(url("business-edit", business), profile_data(business, latitude="-2.9761, 104.7754")))
    business.refresh_from_db()
    assert not business.location_public and business.private.latitude == Decimal("-2.976100")
    assert "mlat=" not in get_html(client, business.get_absolute_url())
    follow(client, client.post(url("business-edit", business), profile_data(business, latitude="", longitude="")))
    business.private.refresh_from_db()
    assert (business.private.latitude, business.private.longitude) == (None, None)


def test_swapped_coordinates_are_turned_back_and_the_owner_told(client, roles):
    client.force_login(roles.owner)
    response = client.post(url("business-edit", roles.business), profile_data(
        roles.business, latitude="104.7754", longitude="-2.9761",
    ))
    assert "Lintang dan bujur tertukar; sudah kami balik." in messages_of(follow(client, response))
    private = BusinessPrivate.objects.get(business=roles.business)
    assert (private.latitude, private.longitude) == (Decimal("-2.976100"), Decimal("104.775400"))


@pytest.mark.parametrize("fields, message", [
    ({"latitude": "", "longitude": "", "location_public": "on"}, "Isi lintang dan bujur dulu"),
    ({"latitude": "52.37", "longitude": "4.89"}, "di luar Indonesia"),
    ({"latitude": "-2.9761", "longitude": ""}, "Isi lintang dan bujur, atau kosongkan keduanya."),
    ({"latitude": "dekat pasar", "longitude": "104.7"}, "Koordinat tidak terbaca"),
])
def test_an_unusable_location_is_refused_and_nothing_is_written(client, roles, fields, message):
    client.force_login(roles.owner)
    response = client.post(url("business-edit", roles.business), profile_data(roles.business, name="Nama Baru") | fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    roles.business.refresh_from_db()
    assert roles.business.name == "Pempek Cek Sari" and not roles.business.location_public
    assert BusinessPrivate.objects.get(business=roles.business).latitude is None
    assert not ChangeRecord.objects.exists()


def test_profile_page_shows_regency_and_nib_read_only_and_only_districts_of_the_regency(client, roles):
    client.force_login(roles.owner)
    response = client.get(url("business-edit", roles.business))
    html = response.content.decode()
    assert "Kota Palembang" in html and "9120001234567" in html
    assert 'name="regency"' not in html and 'name="nib"' not in html
    offered = {str(pk) for pk, _label in response.context["form"].fields["district"].choices if pk}
    assert offered == set(District.objects.filter(regency=roles.business.regency).values_list("code", flat=True))


def test_district_of_another_regency_is_refused_and_nothing_is_written(client, roles, oki):
    business = roles.business
    client.force_login(roles.owner)
    oki_district = District.objects.filter(regency=oki).first()
    response = client.post(url("business-edit", business), profile_data(business, name="Nama Baru", district=oki_district.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kecamatan: Pilih kecamatan di Kota Palembang." in html
    business.refresh_from_db()
    assert business.name == "Pempek Cek Sari" and business.district.regency_id == "16.71"
    assert not ChangeRecord.objects.exists()
    # The header keeps what is stored, not what was typed.
    assert "<h1>Pempek Cek Sari</h1>" in html


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Nama usaha: Bidang ini tidak boleh kosong."),
    ("founded_year", "1750", "Tahun berdiri: Tahun berdiri paling awal 1900."),
    ("founded_year", str(datetime.date.today().year + 1), "Tahun berdiri: Tahun berdiri tidak boleh setelah tahun ini"),
    ("postal_code", "301", "Kode pos: Kode pos terdiri dari 5 angka."),
])
def test_profile_field_errors_are_in_indonesian(client, roles, field, value, message):
    client.force_login(roles.owner)
    response = client.post(url("business-edit", roles.business), profile_data(roles.business, **{field: value}, description="Baru"))
    assert response.status_code == 200 and message in response.content.decode()
    roles.business.refresh_from_db()
    assert roles.business.description == "" and not ChangeRecord.objects.exists()


def test_village_must_lie_in_the_chosen_district(client, roles):
    business = roles.business
    first, second = District.objects.filter(regency=business.regency).order_by("code")[:2]
    here = Village.objects.create(code=f"{first.code}.9001", district=first, name="Kelurahan Uji Satu", type="kelurahan")
    there = Village.objects.create(code=f"{second.code}.9002", district=second, name="Kelurahan Uji Dua", type="kelurahan")
    client.force_login(roles.owner)
    html = get_html(client, url("business-edit", business))
    assert f'<optgroup label="{first.name}">' in html and "Kelurahan Uji Dua" in html

    response = client.post(url("business-edit", business), profile_data(business, district=first.pk, village=there.pk))
    assert response.status_code == 200
    assert f"Desa/kelurahan Kelurahan Uji Dua ada di Kecamatan {second.name}, bukan di Kecamatan {first.name}" in response.content.decode()
    business.refresh_from_db()
    assert business.village_id is None and not ChangeRecord.objects.exists()

    response = client.post(url("business-edit", business), profile_data(business, district=first.pk, village=here.pk))
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.district_id, business.village_id) == (first.pk, here.pk)


# ---------------------------------------------------------------------------- contact


def test_owner_edits_contact_and_links_and_the_public_page_shows_them(client, roles):
    business = roles.business
    client.force_login(roles.owner)
    response = client.post(url("business-contact", business), contact_data(
        business, whatsapp="0812 9999 8888", email="pempek@contoh.id",
        tokopedia_url="tokopedia.com/pempekceksari", instagram_url="@pempekceksari",
        shopee_url="https://shopee.co.id/pempekceksari",
    ))
    assert response["Location"] == url("business-contact", business)
    assert SAVED in messages_of(follow(client, response))
    business.refresh_from_db()
    assert business.whatsapp == "+6281299998888"
    assert business.tokopedia_url == "https://tokopedia.com/pempekceksari"
    assert business.instagram_url == "https://www.instagram.com/pempekceksari/"
    html = get_html(client, business.get_absolute_url())
    assert "https://wa.me/6281299998888" in html and 'href="https://tokopedia.com/pempekceksari"' in html
    record = ChangeRecord.objects.get(business=business)
    assert {change["field"] for change in record.changes} == {"whatsapp", "email", "tokopedia_url", "instagram_url", "shopee_url"}


def test_contact_inputs_fit_a_phone(client, roles):
    client.force_login(roles.owner)
    html = get_html(client, url("business-contact", roles.business))
    assert 'type="tel" name="whatsapp"' in html and 'autocomplete="tel"' in html
    assert 'type="email" name="email"' in html and 'type="url" name="tokopedia_url"' in html


@pytest.mark.parametrize("field, value, message", [
    ("whatsapp", "12345", "WhatsApp usaha: Nomor telepon 12345 tidak valid"),
    ("whatsapp", "+1 555 123 4567", "tidak valid: tulis seperti 0812-3456-7890"),
    ("tokopedia_url", "https://shopee.co.id/pempek", "Tokopedia: Ini bukan tautan Tokopedia."),
    ("tokopedia_url", "https://tokopedia.com.penipu.id/toko", "Ini bukan tautan Tokopedia."),
    ("website_url", "bukan alamat web", "Situs web: Masukkan URL yang valid."),
    ("email", "pempek@", "Email usaha: Masukkan alamat email yang valid."),
])
def test_contact_field_errors_are_in_indonesian_and_nothing_is_written(client, roles, field, value, message):
    business = roles.business
    client.force_login(roles.owner)
    response = client.post(url("business-contact", business), contact_data(business, sales_channels="Shopee", **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    business.refresh_from_db()
    assert business.sales_channels == "" and not ChangeRecord.objects.exists()


# ---------------------------------------------------------------------------- certifications


def test_owner_adds_changes_and_removes_a_certificate(client, roles, commit):
    business = roles.business
    expires = datetime.date.today() + datetime.timedelta(days=400)
    client.force_login(roles.owner)
    with commit():
        response = client.post(url("business-certifications", business), certificate_data(halal=("ID16110000555", expires)))
    assert SAVED in messages_of(follow(client, response))
    assert "ID16110000555" in get_html(client, business.get_absolute_url())
    roles.product.refresh_from_db()
    assert roles.product.has_halal  # the catalog's halal filter finds the product at once
    record = ChangeRecord.objects.get()
    assert (record.subject, record.subject_label) == (ChangeRecord.Subject.CERTIFICATION, "Halal")
    assert record.changes[0]["old"] is None and record.changes[0]["new"] == {"number": "ID16110000555", "expires_on": expires.isoformat()}

    with commit():
        client.post(url("business-certifications", business), certificate_data(halal=("ID16110000556", None)))
    assert Certification.objects.get(business=business, kind="halal").expires_on is None
    assert "Berlaku seumur hidup" in get_html(client, url("business-certifications", business))

    with commit():
        response = client.post(url("business-certifications", business), certificate_data())
    assert SAVED in messages_of(follow(client, response))
    assert not Certification.objects.filter(business=business).exists()
    assert "ID16110000556" not in get_html(client, business.get_absolute_url())
    roles.product.refresh_from_db()
    assert not roles.product.has_halal
    assert ChangeRecord.objects.count() == 3 and ChangeRecord.objects.first().changes[0]["new"] is None


def test_several_certificates_saved_at_once_sync_the_products_once(client, roles, django_capture_on_commit_callbacks):
    client.force_login(roles.owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url("business-certifications", roles.business), certificate_data(
            halal=("ID16110000555", None), pirt=("2061671010123-27", None), bpom=("MD 123456789012", None),
        ))
    assert ChangeRecord.objects.count() == 3
    assert len(callbacks) == 1  # one listing sync (products' flags and the catalog counts)
    roles.product.refresh_from_db()
    assert (roles.product.has_halal, roles.product.has_pirt, roles.product.has_bpom) == (True, True, True)


def test_saving_certificates_unchanged_says_so(client, roles):
    Certification.objects.create(business=roles.business, kind="pirt", number="2061671010123-27")
    client.force_login(roles.owner)
    response = client.post(url("business-certifications", roles.business), certificate_data(pirt=("2061671010123-27", None)))
    assert messages_of(follow(client, response)) == ["Tidak ada perubahan."]
    assert not ChangeRecord.objects.exists()


def test_certificate_without_number_is_refused_and_nothing_is_written(client, roles):
    client.force_login(roles.owner)
    response = client.post(url("business-certifications", roles.business), certificate_data(
        halal=("ID16110000555", None), bpom=("", None),
    ))
    assert response.status_code == 200
    assert "Nomor sertifikat BPOM: Isi nomor sertifikat BPOM" in response.content.decode()
    assert not Certification.objects.exists() and not ChangeRecord.objects.exists()


def test_number_typed_without_ticking_the_box_is_not_dropped_silently(client, roles):
    client.force_login(roles.owner)
    data = certificate_data() | {"sni-number": "SNI 01-2713-2009"}
    response = client.post(url("business-certifications", roles.business), data)
    assert response.status_code == 200
    assert "Centang kotak ini untuk menyimpan sertifikat SNI" in response.content.decode()
    assert not Certification.objects.exists()


def test_expired_certificate_is_saved_with_a_warning_and_marked_expired(client, roles):
    business = roles.business
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    soon = datetime.date.today() + datetime.timedelta(days=30)
    client.force_login(roles.owner)
    response = client.post(url("business-certifications", business), certificate_data(
        halal=("ID-LAMA-1", yesterday), bpom=("MD 123456789012", soon),
    ))
    shown = messages_of(follow(client, response))
    assert any("Sertifikat Halal sudah kedaluwarsa" in message for message in shown)
    assert any("Sertifikat BPOM berakhir dalam 30 hari" in message for message in shown)
    html = get_html(client, url("business-certifications", business))
    assert "Kedaluwarsa sejak" in html and "Berakhir dalam 30 hari" in html
    public = get_html(client, business.get_absolute_url())
    assert "ID-LAMA-1" not in public and "MD 123456789012" in public


def test_certificate_inputs_fit_a_phone(client, roles):
    client.force_login(roles.owner)
    html = get_html(client, url("business-certifications", roles.business))
    assert 'type="date" name="halal-expires_on"' in html and 'type="checkbox" name="sni-held"' in html


# ---------------------------------------------------------------------------- logo and photos


def test_owner_uploads_several_photos_at_once_and_the_public_page_shows_them(client, roles):
    business = roles.business
    client.force_login(roles.owner)
    response = upload_photos(client, business, [small_jpeg("depan.jpg"), small_jpeg("dapur.jpg")])
    assert response["Location"] == url("business-photos", business)
    assert any("2 foto ditambahkan." in message for message in messages_of(follow(client, response)))
    photos = list(BusinessPhoto.objects.filter(business=business))
    assert len(photos) == 2 and [photo.position for photo in photos] == [0, 1]
    html = get_html(client, business.get_absolute_url())
    assert all(photo.thumb.url in html for photo in photos)
    record = ChangeRecord.objects.get()
    assert (record.subject, record.action) == (ChangeRecord.Subject.PHOTO, ChangeRecord.Action.CREATE)
    assert sorted(change["new"] for change in record.changes) == sorted(photo.image.name for photo in photos)


def test_photo_input_takes_several_images(client, roles):
    client.force_login(roles.owner)
    html = get_html(client, url("business-photos", roles.business))
    assert 'type="file" name="photos"' in html and 'accept="image/*"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html


def test_at_most_eight_photos_and_the_extra_are_refused_whole(client, roles):
    business = roles.business
    client.force_login(roles.owner)
    assert upload_photos(client, business, [small_jpeg() for _ in range(7)]).status_code == 302
    response = upload_photos(client, business, [small_jpeg(), small_jpeg()])
    assert response.status_code == 200
    assert "Paling banyak 8 foto per usaha. Anda memilih 2 foto, padahal tersisa tempat untuk 1 foto lagi." in response.content.decode()
    assert business.photos.count() == 7 and ChangeRecord.objects.count() == 1
    assert upload_photos(client, business, [small_jpeg()]).status_code == 302
    html = get_html(client, url("business-photos", business))
    assert "8 dari 8 foto." in html and 'name="photos"' not in html


@pytest.mark.parametrize("bad_file, message", [
    (lambda: SimpleUploadedFile("menu.pdf", b"%PDF-1.4 not an image", content_type="application/pdf"),
     "menu.pdf: Berkas ini bukan foto yang bisa dibaca."),
    (lambda: huge_png(9000, 9000), "bom.png: Ukuran foto terlalu besar (lebih dari 40 megapiksel)."),
])
def test_a_bad_file_in_a_batch_refuses_the_whole_batch_with_its_name(client, roles, bad_file, message):
    client.force_login(roles.owner)
    response = upload_photos(client, roles.business, [small_jpeg(), bad_file()])
    assert response.status_code == 200 and message in response.content.decode()
    assert not BusinessPhoto.objects.exists() and not ChangeRecord.objects.exists()


@pytest.mark.parametrize("form, message", [
    ("photos", "Tambah foto: Pilih satu foto atau lebih dulu, lalu simpan."),
    ("logo", "Logo baru: Pilih foto logo dulu, lalu simpan."),
])
def test_saving_without_choosing_a_file_says_so(client, roles, form, message):
    client.force_login(roles.owner)
    response = client.post(url("business-photos", roles.business), {"form": form})
    assert response.status_code == 200 and message in response.content.decode()
    assert not BusinessPhoto.objects.exists() and not ChangeRecord.objects.exists()


def test_a_bad_logo_is_refused(client, roles):
    client.force_login(roles.owner)
    response = client.post(url("business-photos", roles.business), {"form": "logo", "logo": huge_png(9000, 9000)})
    assert response.status_code == 200 and "lebih dari 40 megapiksel" in response.content.decode()
    roles.business.refresh_from_db()
    assert not roles.business.logo and not ChangeRecord.objects.exists()


def test_owner_replaces_the_logo_and_the_old_files_are_deleted(client, roles, commit):
    business = roles.business
    client.force_login(roles.owner)
    response = client.post(url("business-photos", business), {"form": "logo", "logo": small_jpeg("logo.jpg")})
    assert SAVED in messages_of(follow(client, response))
    business.refresh_from_db()
    first_logo, first_thumb = business.logo.name, business.logo_thumb.name
    assert business.logo_thumb.url in get_html(client, business.get_absolute_url())
    with commit():
        client.post(url("business-photos", business), {"form": "logo", "logo": small_jpeg("logo-baru.jpg")})
    business.refresh_from_db()
    assert business.logo.name != first_logo and default_storage.exists(business.logo.name)
    assert not default_storage.exists(first_logo) and not default_storage.exists(first_thumb)
    created, replaced = ChangeRecord.objects.order_by("id")
    assert (created.action, created.changes[0]["field"], created.changes[0]["new"]) == (ChangeRecord.Action.CREATE, "logo", first_logo)
    assert (replaced.action, replaced.changes[0]["old"], replaced.changes[0]["new"]) == (
        ChangeRecord.Action.UPDATE, first_logo, business.logo.name)


def test_photo_delete_asks_on_get_and_deletes_on_post_with_its_files(client, roles, commit):
    business = roles.business
    photo = business_add_photo(business=business, upload=small_jpeg())
    client.force_login(roles.owner)
    delete_url = url("business-photo-delete", business, photo.pk)
    assert delete_url in get_html(client, url("business-photos", business))

    response = client.get(delete_url)
    assert response.status_code == 200 and "Hapus foto ini?" in response.content.decode()
    assert BusinessPhoto.objects.filter(pk=photo.pk).exists()

    with commit():
        response = client.post(delete_url)
    assert response["Location"] == url("business-photos", business)
    assert not BusinessPhoto.objects.filter(pk=photo.pk).exists()
    assert not default_storage.exists(photo.image.name) and not default_storage.exists(photo.thumb.name)
    assert photo.thumb.url not in get_html(client, business.get_absolute_url())
    record = ChangeRecord.objects.get()
    assert (record.subject, record.action, record.changes[0]["old"]) == (
        ChangeRecord.Subject.PHOTO, ChangeRecord.Action.DELETE, photo.image.name)


def test_photo_of_another_business_answers_404_under_the_owners_slug(client, roles):
    others = business_add_photo(business=roles.other_business, upload=small_jpeg())
    client.force_login(roles.owner)
    for method in (client.get, client.post):
        assert method(url("business-photo-delete", roles.business, others.pk)).status_code == 404
    assert BusinessPhoto.objects.filter(pk=others.pk).exists()


@pytest.mark.parametrize("photo_count", [1, 5])
def test_photos_page_queries_do_not_grow_with_photos(client, roles, django_assert_num_queries, photo_count):
    for _ in range(photo_count):
        business_add_photo(business=roles.business, upload=small_jpeg())
    client.force_login(roles.owner)
    # session, user, the business with its kabupaten/kota (owned_business_or_404), its photos
    with django_assert_num_queries(4):
        response = client.get(url("business-photos", roles.business))
    assert len(response.context["photos"]) == photo_count


# ---------------------------------------------------------------------------- who may open these pages


def _business_urls(business, photo):
    return [
        url("business-edit", business), url("business-contact", business), url("business-certifications", business),
        url("business-photos", business), url("business-photo-delete", business, photo.pk),
    ]


def _snapshot(business):
    business.refresh_from_db()
    return (
        business.name, business.whatsapp, business.logo.name,
        list(BusinessPhoto.objects.filter(business=business).values_list("pk", flat=True)),
        list(Certification.objects.filter(business=business).values_list("kind", "number")),
        ChangeRecord.objects.count(),
        business.location_public,
        list(BusinessPrivate.objects.filter(business=business).values_list("latitude", "longitude")),
    )


# A POST that would change something on every page, if it were let through.
ATTEMPT = {
    "name": "Diambil alih", "district": "", "whatsapp": "081311112222", "halal-held": "on", "halal-number": "X1",
    "form": "logo", "latitude": "-2.9761", "longitude": "104.7754", "location_public": "on",
}


@pytest.mark.parametrize("who", ["anon", *ROLES])
def test_only_owners_reach_the_business_pages(client, roles, who):
    photo = business_add_photo(business=roles.business, upload=small_jpeg())
    if who != "anon":
        client.force_login(getattr(roles, who))
    before = _snapshot(roles.business)
    for page in _business_urls(roles.business, photo):
        response = client.get(page)
        if who == "anon":
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), page
        elif who == "owner":
            assert response.status_code == 200, page
        else:
            assert response.status_code == 404, (page, who)
        if who == "owner":
            continue  # the owner's POSTs are tested above
        response = client.post(page, ATTEMPT | {"logo": small_jpeg()})
        assert response.status_code == (302 if who == "anon" else 404), (page, who)
        assert _snapshot(roles.business) == before, (page, who)


def test_other_owners_business_answers_404_to_the_owner(client, roles):
    client.force_login(roles.owner)
    photo = business_add_photo(business=roles.other_business, upload=small_jpeg())
    for page in _business_urls(roles.other_business, photo):
        assert client.get(page).status_code == 404
        assert client.post(page, ATTEMPT).status_code == 404
    roles.other_business.refresh_from_db()
    assert roles.other_business.name == "Kerupuk Kemplang Bu Ani" and BusinessPhoto.objects.filter(pk=photo.pk).exists()


# ---------------------------------------------------------------------------- registration

REGISTER_URL = "/akun/usaha/baru/"


def register_data(home, **changes):
    district = District.objects.filter(regency=home).order_by("code").first()
    data = {
        "name": "Kopi Bubuk Cap Bukit", "regency": home.pk, "district": district.pk,
        "address": "Jl. Merdeka No. 5", "business_type": "Kuliner", "main_products": "kopi bubuk",
        "description": "Kopi robusta sangrai sendiri.", "whatsapp": "0813-5555-6666", "nib": "",
        "message": "Usaha baru buka tahun ini.",
    }
    return data | changes


def test_register_page_sends_to_the_registry_search_first(client, roles):
    client.force_login(roles.buyer)
    html = get_html(client, REGISTER_URL)
    assert reverse("owners:claim-search") in html and "Cari usaha Anda dulu." in html
    assert 'type="tel" name="whatsapp"' in html


@pytest.mark.parametrize("who", ROLES)
def test_any_signed_in_account_may_open_the_register_page(client, roles, who):
    client.force_login(getattr(roles, who))
    assert client.get(REGISTER_URL).status_code == 200


def test_register_needs_login(client):
    response = client.get(REGISTER_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.post(REGISTER_URL, {"name": "X"}).status_code == 302
    assert not Business.objects.filter(name="X").exists()


def test_registration_creates_an_unverified_business_off_the_public_pages(client, roles, palembang, commit):
    user = make_user("budi@contoh.id", name="Budi")
    client.force_login(user)
    with commit():
        response = client.post(REGISTER_URL, register_data(palembang, nib="9120009876543"))
    business = Business.objects.get(name="Kopi Bubuk Cap Bukit")
    assert response["Location"] == url("business-edit", business)
    shown = messages_of(follow(client, response))
    assert any("menunggu verifikasi dinas" in message and "belum tampil di portal" in message for message in shown)
    assert (business.status, business.regency_id, business.nib, business.whatsapp) == (
        Business.Status.UNVERIFIED, "16.71", "9120009876543", "+6281355556666")
    assert Ownership.objects.get(business=business).user == user
    assert Ownership.objects.get(business=business).via == Ownership.Via.REGISTRATION
    request = ClaimRequest.objects.get(business=business)
    assert (request.kind, request.status, request.user, request.message) == (
        ClaimRequest.Kind.REGISTRATION, ClaimRequest.Status.PENDING, user, "Usaha baru buka tahun ini.")
    assert client.get(business.get_absolute_url()).status_code == 404
    assert business.slug not in get_html(client, "/umkm/") and business.name not in get_html(client, "/produk/")

    # Its owner edits it meanwhile; the message says it shows after verification.
    html = get_html(client, url("business-edit", business))
    assert "Menunggu verifikasi dinas" in html
    response = client.post(url("business-edit", business), profile_data(business, workers="2"))
    assert messages_of(follow(client, response)) == ["Perubahan disimpan. Usaha ini akan tampil di portal setelah diverifikasi dinas."]


def test_registering_an_nib_already_in_the_registry_points_to_its_claim_page(client, roles, palembang):
    user = make_user("budi@contoh.id")
    client.force_login(user)
    response = client.post(REGISTER_URL, register_data(palembang, nib="9120 0012 34567"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIB ini sudah terdaftar di portal." in html
    assert reverse("owners:claim", args=[roles.business.slug]) in html
    assert "+6281234567890" not in html and "Sari" not in html  # nothing private about the business
    assert not Business.objects.filter(name="Kopi Bubuk Cap Bukit").exists() and not ClaimRequest.objects.exists()


def test_registering_an_nib_of_an_unlisted_business_reveals_nothing_about_it(client, palembang, commit):
    with commit():
        hidden = make_business(palembang, name="Usaha Belum Terverifikasi", nib="9120005550001", status=Business.Status.UNVERIFIED)
    client.force_login(make_user("budi@contoh.id"))
    html = client.post(REGISTER_URL, register_data(palembang, nib="9120005550001")).content.decode()
    assert "NIB ini sudah terdaftar di portal." in html
    assert hidden.name not in html and hidden.slug not in html
    assert Business.objects.filter(nib="9120005550001").count() == 1


def test_registering_ones_own_nib_links_to_ones_own_business(client, roles, palembang):
    client.force_login(roles.owner)
    html = client.post(REGISTER_URL, register_data(palembang, nib="9120001234567")).content.decode()
    assert url("business-edit", roles.business) in html


@pytest.mark.parametrize("changes, message", [
    ({"nib": "12345"}, "NIB (bila ada): NIB terdiri dari 13 angka."),
    ({"whatsapp": "0800"}, "WhatsApp usaha: Nomor telepon 0800 tidak valid"),
    ({"name": ""}, "Nama usaha: Bidang ini tidak boleh kosong."),
    ({"district": "oki"}, "tidak berada di Kota Palembang. Pilih kecamatan di Kota Palembang."),
    ({"regency": "32.73"}, "Kabupaten/kota: Pilih kabupaten/kota dari daftar."),
])
def test_registration_errors_name_the_field_and_write_nothing(client, palembang, oki, changes, message):
    if changes.get("district") == "oki":
        changes = {"district": District.objects.filter(regency=oki).first().pk}
    client.force_login(make_user("budi@contoh.id"))
    response = client.post(REGISTER_URL, register_data(palembang, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Business.objects.filter(name="Kopi Bubuk Cap Bukit").exists() and not ClaimRequest.objects.exists()


def test_registration_offers_only_the_portal_province(client, roles):
    client.force_login(roles.buyer)
    form = client.get(REGISTER_URL).context["form"]
    offered = {str(pk) for pk, _label in form.fields["regency"].choices if pk}
    assert offered == set(Regency.objects.in_portal().values_list("code", flat=True)) and "32.73" not in offered
