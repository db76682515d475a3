"""The history of owner edits (owners.models.ChangeRecord): every edit made through the owner
flows is recorded with its old and new values; staff of the business's region read it in the
admin ("Riwayat perubahan") and revert an edit, which leaves fields changed again since."""

import datetime
import re

import pytest
from django.db.models import Sum

from catalog.models import Category, FacetCount, Product
from directory.models import Business, Certification
from owners.models import ChangeRecord
from owners.services.history import record_change
from owners.services.listing import business_update, certification_set
from owners.services.products import product_update
from owners.services.revert import change_revert
from regions.models import District

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/owners/changerecord/"


def change_url(record):
    return f"/admin/owners/changerecord/{record.pk}/change/"


def revert_url(record):
    return f"/admin/owners/changerecord/{record.pk}/kembalikan/"


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def palembang_districts(count=2):
    return list(District.objects.filter(regency_id="16.71").order_by("code")[:count])


def edit_business(business, user, **values):
    business = Business.objects.get(pk=business.pk)  # as a form would: a fresh copy, changed in memory
    for name, value in values.items():
        setattr(business, name, value)
    return business_update(business=business, user=user)


def edit_product(product, user, **values):
    product = Product.objects.select_related("business").get(pk=product.pk)
    for name, value in values.items():
        setattr(product, name, value)
    return product_update(product=product, user=user)


def listed_in_district(district):
    return FacetCount.objects.filter(district=district).aggregate(n=Sum("count"))["n"] or 0


# ---------------------------------------------------------------------------- recording


def test_an_owner_edit_is_recorded_with_old_and_new_values(roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari 1998", founded_year=1998)
    assert (record.subject, record.action, record.user, record.business) == ("business", "update", roles.owner, roles.business)
    assert record.subject_label == "Pempek Cek Sari 1998"
    changes = {change["field"]: change for change in record.changes}
    assert set(changes) == {"name", "founded_year"}
    assert changes["name"] == {"field": "name", "old": "Pempek Cek Sari", "new": "Pempek Cek Sari 1998",
                               "old_text": "Pempek Cek Sari", "new_text": "Pempek Cek Sari 1998"}
    assert (changes["founded_year"]["old"], changes["founded_year"]["new"]) == (None, 1998)
    assert record.is_revertible


def test_saving_without_a_change_records_nothing(roles):
    assert edit_business(roles.business, roles.owner, name="Pempek Cek Sari") is None
    assert not ChangeRecord.objects.exists()


def test_a_relation_is_recorded_by_its_name(roles):
    old, new = palembang_districts()
    record = edit_business(roles.business, roles.owner, district_id=new.code)
    assert record.changes == [{"field": "district", "old": old.code, "new": new.code, "old_text": old.name, "new_text": new.name}]


# ---------------------------------------------------------------------------- reverting in the admin


def test_staff_revert_a_district_change_and_the_catalog_follows(client, roles, commit):
    old, new = palembang_districts()
    assert roles.business.district_id == old.code and listed_in_district(old) == 1
    with commit():
        record = edit_business(roles.business, roles.owner, district_id=new.code, name="Pempek Cek Sari Baru")
    assert Product.objects.get(pk=roles.product.pk).district_id == new.code
    assert listed_in_district(new) == 1 and listed_in_district(old) == 0

    client.force_login(roles.staff_same)
    text = text_of(client.get(change_url(record)))
    assert f'<td class="change-old">{old.name}</td>' in text and f'<td class="change-new">{new.name}</td>' in text
    assert "Kembalikan perubahan ini" in text and roles.owner.email in text
    with commit():
        response = client.post(revert_url(record))
    assert response.status_code == 302 and response["Location"] == change_url(record)

    business = Business.objects.get(pk=roles.business.pk)
    assert (business.district_id, business.name) == (old.code, "Pempek Cek Sari")
    product = Product.objects.get(pk=roles.product.pk)
    assert product.district_id == old.code
    assert listed_in_district(old) == 1 and listed_in_district(new) == 0
    revert = ChangeRecord.objects.get(action="revert")
    assert (revert.revert_of, revert.user, revert.business) == (record, roles.staff_same, business)
    assert {c["field"]: (c["old"], c["new"]) for c in revert.changes} == {
        "district": (new.code, old.code), "name": ("Pempek Cek Sari Baru", "Pempek Cek Sari"),
    }
    record.refresh_from_db()
    assert record.reverted_at is not None and record.reverted_by == roles.staff_same
    text = text_of(client.get(change_url(record)))
    assert "Dikembalikan ke nilai sebelumnya: nama usaha, kecamatan." in text
    assert "Kembalikan perubahan ini" not in text and "Perubahan ini sudah dikembalikan." in text


def test_a_field_changed_again_since_is_skipped_and_reported(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru", description="Pempek ikan belida.")
    edit_business(roles.business, roles.owner, description="Pempek ikan gabus, tanpa pengawet.")
    client.force_login(roles.staff_same)
    text = text_of(client.get(change_url(record)))
    assert text.count("sudah diubah lagi sejak ini: tidak ikut dikembalikan") == 1  # the description
    response = client.post(revert_url(record), follow=True)
    text = text_of(response)
    assert "Dikembalikan ke nilai sebelumnya: nama usaha." in text
    assert "Tidak dikembalikan karena sudah diubah lagi sejak perubahan ini: deskripsi." in text
    business = Business.objects.get(pk=roles.business.pk)
    assert (business.name, business.description) == ("Pempek Cek Sari", "Pempek ikan gabus, tanpa pengawet.")
    assert [c["field"] for c in ChangeRecord.objects.get(action="revert").changes] == ["name"]


def test_an_edit_whose_fields_all_changed_again_reverts_nothing(client, roles):
    record = edit_business(roles.business, roles.owner, description="Satu.")
    edit_business(roles.business, roles.owner, description="Dua.")
    client.force_login(roles.staff_same)
    assert "tidak ada yang bisa dikembalikan" in text_of(client.get(change_url(record)))
    text = text_of(client.post(revert_url(record), follow=True))
    assert "Tidak dikembalikan karena sudah diubah lagi sejak perubahan ini: deskripsi." in text
    assert Business.objects.get(pk=roles.business.pk).description == "Dua."
    record.refresh_from_db()
    assert record.reverted_at is None and not ChangeRecord.objects.filter(action="revert").exists()


def test_reverting_twice_is_refused(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    client.force_login(roles.staff_same)
    client.post(revert_url(record))
    edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")  # the same value again
    text = text_of(client.post(revert_url(record), follow=True))
    assert "Perubahan ini sudah dikembalikan." in text
    assert Business.objects.get(pk=roles.business.pk).name == "Pempek Cek Sari Baru"
    assert ChangeRecord.objects.filter(action="revert").count() == 1
    with pytest.raises(Exception, match="sudah dikembalikan"):
        change_revert(record=record, user=roles.staff_same)


def test_a_revert_can_itself_be_reverted(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    client.force_login(roles.staff_same)
    client.post(revert_url(record))
    revert = ChangeRecord.objects.get(action="revert")
    client.post(revert_url(revert))
    assert Business.objects.get(pk=roles.business.pk).name == "Pempek Cek Sari Baru"


def test_staff_of_another_region_get_404(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    client.force_login(roles.staff_other)
    assert client.get(change_url(record)).status_code == 404
    assert client.post(revert_url(record)).status_code == 404
    assert Business.objects.get(pk=roles.business.pk).name == "Pempek Cek Sari Baru"
    record.refresh_from_db()
    assert record.reverted_at is None
    assert "Pempek Cek Sari" not in client.get(LIST_URL).content.decode()


def test_provincial_staff_revert_any_region(client, roles):
    record = edit_business(roles.other_business, roles.other_owner, name="Kemplang Bu Ani Jaya")
    client.force_login(roles.provincial)
    assert client.get(change_url(record)).status_code == 200
    assert client.post(revert_url(record)).status_code == 302
    assert Business.objects.get(pk=roles.other_business.pk).name == "Kerupuk Kemplang Bu Ani"


def test_revert_is_post_only(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    client.force_login(roles.staff_same)
    assert client.get(revert_url(record)).status_code == 405
    assert Business.objects.get(pk=roles.business.pk).name == "Pempek Cek Sari Baru"


def test_records_cannot_be_added_edited_or_deleted_in_the_admin(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    client.force_login(roles.provincial)
    assert client.get("/admin/owners/changerecord/add/").status_code == 403
    assert client.post(f"/admin/owners/changerecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(change_url(record), {"subject_label": "Diubah staf", "changes": "[]"})
    record.refresh_from_db()
    assert record.subject_label == "Pempek Cek Sari Baru" and record.changes
    assert "<textarea" not in client.get(change_url(record)).content.decode()


# ---------------------------------------------------------------------------- products and certificates


def test_a_product_edit_is_reverted_and_its_listing_follows(client, roles, commit):
    other_category = Category.objects.exclude(pk=roles.product.category_id).order_by("position").first()
    with commit():
        record = edit_product(roles.product, roles.owner, price_min=25_000, category=other_category, is_hidden=True)
    product = Product.objects.get(pk=roles.product.pk)
    assert not product.is_listed and record.subject == "product" and record.product_id == product.pk
    assert {c["field"]: c["new_text"] for c in record.changes}["category"] == str(other_category)
    client.force_login(roles.staff_same)
    with commit():
        client.post(revert_url(record))
    product.refresh_from_db()
    assert (product.price_min, product.category_id, product.is_hidden, product.is_listed) == (
        roles.product.price_min, roles.product.category_id, False, True,
    )
    assert ChangeRecord.objects.get(action="revert").product_id == product.pk


def test_a_revert_that_would_leave_an_invalid_product_writes_nothing(client, roles):
    original = roles.product.price_min
    record = edit_product(roles.product, roles.owner, price_min=5_000)
    edit_product(roles.product, roles.owner, price_max=8_000)  # valid with 5.000, not with the old price
    client.force_login(roles.staff_same)
    response = client.post(revert_url(record), follow=True)
    assert "Tidak ada yang dikembalikan: hasilnya tidak sah" in text_of(response)
    product = Product.objects.get(pk=roles.product.pk)
    assert (product.price_min, product.price_max) == (5_000, 8_000) and original > 8_000
    record.refresh_from_db()
    assert record.reverted_at is None and not ChangeRecord.objects.filter(action="revert").exists()


def test_a_certificate_change_is_reverted_to_its_number_and_expiry(client, roles, commit):
    first_expiry, second_expiry = datetime.date(2027, 3, 31), datetime.date(2029, 1, 1)
    with commit():
        certification_set(business=roles.business, user=roles.owner, kind="halal", number="ID111", expires_on=first_expiry)
        record = certification_set(business=roles.business, user=roles.owner, kind="halal", number="ID222",
                                   expires_on=second_expiry)
    client.force_login(roles.staff_same)
    text = text_of(client.get(change_url(record)))
    assert "ID111, berlaku sampai 2027-03-31" in text and "ID222, berlaku sampai 2029-01-01" in text
    with commit():
        client.post(revert_url(record))
    certificate = Certification.objects.get(business=roles.business, kind="halal")
    assert (certificate.number, certificate.expires_on) == ("ID111", first_expiry)
    assert Product.objects.get(pk=roles.product.pk).has_halal


def test_reverting_an_added_certificate_removes_it(client, roles, commit):
    with commit():
        record = certification_set(business=roles.business, user=roles.owner, kind="pirt", number="P-IRT 123")
    assert Product.objects.get(pk=roles.product.pk).has_pirt
    client.force_login(roles.staff_same)
    with commit():
        text = text_of(client.post(revert_url(record), follow=True))
    assert "Dikembalikan ke nilai sebelumnya: P-IRT." in text
    assert not Certification.objects.filter(business=roles.business, kind="pirt").exists()
    assert not Product.objects.get(pk=roles.product.pk).has_pirt
    revert = ChangeRecord.objects.get(action="revert")
    assert revert.changes[0]["new"] is None and revert.changes[0]["new_text"] == "tidak ada"


def test_reverting_a_removed_certificate_restores_it(client, roles):
    certification_set(business=roles.business, user=roles.owner, kind="bpom", number="MD 1", expires_on=datetime.date(2030, 5, 1))
    record = certification_set(business=roles.business, user=roles.owner, kind="bpom", remove=True)
    client.force_login(roles.staff_same)
    client.post(revert_url(record))
    certificate = Certification.objects.get(business=roles.business, kind="bpom")
    assert (certificate.number, certificate.expires_on) == ("MD 1", datetime.date(2030, 5, 1))


def test_photo_and_deleted_product_records_have_no_revert(client, roles):
    record = record_change(
        business=roles.business, user=roles.owner, subject="photo", action="create", label="Foto usaha",
        changes=[{"field": "photo", "old": None, "new": "business/a.webp", "old_text": "", "new_text": "business/a.webp"}],
    )
    deleted = record_change(business=roles.business, user=roles.owner, subject="product", action="delete", label="Pempek Lenjer")
    client.force_login(roles.staff_same)
    assert '<td class="field-changed_fields">foto</td>' in client.get(LIST_URL).content.decode()
    for shown in (record, deleted):
        text = text_of(client.get(change_url(shown)))
        assert "Kembalikan perubahan ini" not in text and "tidak bisa dikembalikan dari sini" in text
    text = text_of(client.post(revert_url(record), follow=True))
    assert "Perubahan ini tidak bisa dikembalikan." in text
    assert record.__class__.objects.get(pk=record.pk).reverted_at is None


# ---------------------------------------------------------------------------- the list


def test_the_list_shows_who_changed_what(client, roles):
    edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru", postal_code="30111")
    client.force_login(roles.staff_same)
    text = text_of(client.get(LIST_URL))
    assert "sari@contoh.id" in text and "nama usaha, kode pos" in text and "Profil usaha" in text and "Ubah" in text
    assert 'href="?subject__exact=business"' in text and 'href="?action__exact=revert"' in text
    assert 'href="?wilayah=16.71"' in text and 'href="?wilayah=16.02"' not in text


def test_the_list_filters_by_subject(client, roles):
    edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    certification_set(business=roles.business, user=roles.owner, kind="sni", number="SNI 1")
    client.force_login(roles.staff_same)
    text = text_of(client.get(LIST_URL + "?subject__exact=certification"))
    assert "SNI" in text and "nama usaha" not in text


@pytest.mark.parametrize("who", ["owner", "other_owner", "buyer"])
def test_non_staff_cannot_reach_the_history(client, roles, who):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    client.force_login(getattr(roles, who))
    for response in (client.get(LIST_URL), client.get(change_url(record)), client.post(revert_url(record))):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Business.objects.get(pk=roles.business.pk).name == "Pempek Cek Sari Baru"


def test_anonymous_visitors_cannot_reach_the_history(client, roles):
    record = edit_business(roles.business, roles.owner, name="Pempek Cek Sari Baru")
    for response in (client.get(LIST_URL), client.get(change_url(record)), client.post(revert_url(record))):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Business.objects.get(pk=roles.business.pk).name == "Pempek Cek Sari Baru"


@pytest.mark.parametrize("edits", [3, 12])
def test_list_queries_do_not_grow_with_records(client, roles, django_assert_num_queries, edits):
    for number in range(edits):
        edit_business(roles.business, roles.owner, name=f"Pempek Cek Sari {number}")
        edit_product(roles.product, roles.owner, price_min=20_000 + number)
    edit_business(roles.other_business, roles.other_owner, name="Kemplang Bu Ani Jaya")
    client.force_login(roles.staff_same)
    # session, user, user permissions, group permissions, staff scope, COUNT, the page (⋈ business, user)
    with django_assert_num_queries(7):
        response = client.get(LIST_URL)
    assert text_of(response).count('class="field-created_at') == edits * 2
