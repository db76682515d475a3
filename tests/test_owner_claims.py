"""Claiming a business the dinas imported: the owner's search and claim pages (NIB + phone at
once, or a request staff decide), the staff's request queue in the admin, and one-time claim
links staff send by WhatsApp."""

import datetime
import hashlib
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

from directory.models import Business, Ownership
from owners.models import ClaimLink, ClaimRequest, FailedClaim
from owners.services.claims import CLAIM_FAILURES_PER_HOUR, claim_link_create
from owners.services.registration import business_register
from tests.conftest import make_business, make_user

pytestmark = pytest.mark.django_db

MISMATCH = "NIB dan nomor telepon tidak cocok dengan data dinas untuk usaha ini."
THROTTLED = "Terlalu banyak percobaan yang tidak cocok."
UNOWNED_NIB = "9120007654321"
UNOWNED_PHONE = "+6285712345678"
UNOWNED_NIK = "1671012345670001"
UNOWNED_OWNER = "Hendra Wijaya"
UNOWNED_ADDRESS = "Jl. Rahasia Pemilik No. 7"


@pytest.fixture
def world(roles, palembang, commit):
    """`roles`, plus an unowned listed business in Palembang to claim. The staff users hold the
    claim permissions through their groups (staff.roles.STAFF_PERMISSIONS)."""
    with commit():
        roles.unowned = make_business(
            palembang, name="Kemplang Panggang Pak Hendra", nib=UNOWNED_NIB, main_products="Kemplang panggang, kerupuk",
            private={"owner_name": UNOWNED_OWNER, "nik": UNOWNED_NIK, "owner_phone": UNOWNED_PHONE,
                     "owner_address": UNOWNED_ADDRESS},
        )
    return roles


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def claim_url(business):
    return reverse("owners:claim", args=[business.slug])


def edit_url(business):
    return reverse("owners:business-edit", args=[business.slug])


def instant(client, business, nib, phone):
    return client.post(claim_url(business), {"action": "instant", "instant-nib": nib, "instant-phone": phone})


def ask(client, business, phone="0857-1111-2222", message="Saya pemilik sejak 2015, nomor HP di data dinas sudah ganti."):
    return client.post(claim_url(business), {"action": "request", "request-phone": phone, "request-message": message})


def owns(user, business):
    return Ownership.objects.filter(user=user, business=business).exists()


def shown_messages(client):
    """The flash messages waiting for the user, as the next owner page shows them."""
    return text_of(client.get(reverse("owners:claim-search")))


# ---------------------------------------------------------------------------- who may open what


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in (reverse("owners:claim-search"), claim_url(world.unowned)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(f"/akun/masuk/?next={url}")
        response = client.post(url, {"action": "instant"})
        assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("who", ["owner", "other_owner", "staff_same", "staff_other", "provincial", "buyer"])
def test_any_account_may_search_and_open_the_claim_page_of_a_business_it_does_not_own(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("owners:claim-search")).status_code == 200
    assert client.get(claim_url(world.unowned)).status_code == 200


def test_an_owner_is_sent_to_their_workspace_instead_of_the_claim_page(client, world):
    client.force_login(world.owner)
    response = client.get(claim_url(world.business))
    assert response.status_code == 302 and response["Location"] == edit_url(world.business)
    # Another owner's business is claimable by anyone else (a co-owner), so it opens.
    client.force_login(world.other_owner)
    assert client.get(claim_url(world.business)).status_code == 200


def test_a_business_that_is_not_listed_cannot_be_claimed(client, world, palembang, bandung):
    hidden = [
        make_business(palembang, status=Business.Status.INACTIVE),
        make_business(palembang, status=Business.Status.UNVERIFIED),
        make_business(bandung),
    ]
    client.force_login(world.buyer)
    for business in hidden:
        assert client.get(claim_url(business)).status_code == 404
        assert instant(client, business, "9120001234567", "081234567890").status_code == 404
    assert client.get(reverse("owners:claim", args=["tidak-ada"])).status_code == 404


# ---------------------------------------------------------------------------- search


def search(client, **params):
    response = client.get(reverse("owners:claim-search"), params)
    assert response.status_code == 200
    return text_of(response)


def test_search_by_name_ignores_case_and_punctuation(client, world):
    client.force_login(world.buyer)
    text = search(client, q="KEMPLANG  panggang, pak")
    assert "Kemplang Panggang Pak Hendra" in text and "Kemplang panggang, kerupuk" in text
    assert f'href="{claim_url(world.unowned)}"' in text and "Klaim usaha ini" in text
    assert "Kota Palembang" in text
    assert "Pempek Cek Sari" not in text


def test_search_by_nib_and_by_region(client, world, oki):
    make_business(oki, name="Kemplang Panggang OKI")
    client.force_login(world.buyer)
    text = search(client, nib="912-000-765-4321")
    assert "Kemplang Panggang Pak Hendra" in text and "Kemplang Panggang OKI" not in text
    text = search(client, q="kemplang panggang", wilayah=oki.code)
    assert "Kemplang Panggang OKI" in text and "Kemplang Panggang Pak Hendra" not in text
    text = search(client, q="kemplang panggang")
    assert "Kemplang Panggang OKI" in text and "Kemplang Panggang Pak Hendra" in text


def test_search_marks_the_users_own_business(client, world):
    client.force_login(world.owner)
    text = search(client, q="pempek cek sari")
    assert "Usaha Anda" in text and f'href="{edit_url(world.business)}"' in text
    assert f'href="{claim_url(world.business)}"' not in text


def test_search_shows_only_listed_businesses(client, world, palembang, bandung):
    make_business(palembang, name="Kemplang Tutup", status=Business.Status.INACTIVE)
    make_business(palembang, name="Kemplang Baru", status=Business.Status.UNVERIFIED)
    make_business(bandung, name="Kemplang Bandung")
    client.force_login(world.buyer)
    text = search(client, q="kemplang")
    assert "Kemplang Panggang Pak Hendra" in text
    assert "Kemplang Tutup" not in text and "Kemplang Baru" not in text and "Kemplang Bandung" not in text


def test_search_never_shows_private_data(client, world):
    client.force_login(world.buyer)
    for params in ({"q": "kemplang"}, {"nib": UNOWNED_NIB}, {"q": "pempek cek sari"}):
        text = search(client, **params)
        assert "Kemplang" in text or "Pempek" in text
        for private in (UNOWNED_OWNER, UNOWNED_NIK, UNOWNED_ADDRESS, "85712345678", "0857-1234", "81234567890"):
            assert private not in text


def test_search_asks_for_a_name_or_nib(client, world):
    client.force_login(world.buyer)
    assert "Tulis nama usaha (paling sedikit 3 huruf) atau NIB." in search(client, q="ke")
    assert "NIB terdiri dari 13 angka." in search(client, nib="12345")
    text = search(client)  # the empty page: the form, the tip about WhatsApp links, registering
    assert "tautan klaim" in text and "WhatsApp" in text
    assert "Usaha Anda belum terdaftar?" in text and f'href="{reverse("owners:business-register")}"' in text


def test_search_shows_at_most_20(client, world, palembang):
    for number in range(22):
        make_business(palembang, name=f"Kemplang Nomor {number:02d}")
    client.force_login(world.buyer)
    text = search(client, q="kemplang nomor")
    assert text.count("Klaim usaha ini") == 20
    assert "Hanya 20 yang pertama ditampilkan." in text


def test_search_queries_do_not_grow_with_results(client, world, palembang, django_assert_num_queries):
    client.force_login(world.buyer)
    for number in range(3):
        make_business(palembang, name=f"Kemplang Sedikit {number}")
    for number in range(15):
        make_business(palembang, name=f"Kemplang Banyak {number}")
    url = reverse("owners:claim-search")
    # session, user, the kabupaten/kota choices, the page of results (with region, district, "is owned")
    with django_assert_num_queries(4):
        assert client.get(url, {"q": "kemplang sedikit"}).content.decode().count("Klaim usaha ini") == 3
    with django_assert_num_queries(4):
        assert client.get(url, {"q": "kemplang banyak"}).content.decode().count("Klaim usaha ini") == 15


# ---------------------------------------------------------------------------- instant claim


def test_instant_claim_with_the_phone_typed_as_people_write_it(client, world):
    client.force_login(world.buyer)
    response = instant(client, world.unowned, UNOWNED_NIB, "0857-1234-5678")
    assert response.status_code == 302 and response["Location"] == edit_url(world.unowned)
    ownership = Ownership.objects.get(user=world.buyer, business=world.unowned)
    assert ownership.via == Ownership.Via.NIB_PHONE
    assert "Kemplang Panggang Pak Hendra kini terhubung dengan akun Anda." in shown_messages(client)


def test_instant_claim_of_an_owned_business_adds_a_co_owner(client, world):
    client.force_login(world.buyer)
    response = instant(client, world.business, "9120001234567", "0812-3456-7890")
    assert response.status_code == 302 and response["Location"] == edit_url(world.business)
    assert owns(world.buyer, world.business) and owns(world.owner, world.business)


@pytest.mark.parametrize("nib, phone", [
    ("9120001234567", "0857-1234-5678"),  # another business's NIB
    (UNOWNED_NIB, "0812-3456-7890"),  # another business's phone
    ("9999999999999", "0899-0000-1111"),  # both wrong
])
def test_a_wrong_nib_or_phone_gets_the_same_message(client, world, nib, phone):
    client.force_login(world.buyer)
    response = instant(client, world.unowned, nib, phone)
    assert response.status_code == 200
    text = text_of(response)
    assert MISMATCH in text
    assert "NIB terdiri" not in text and "tidak valid" not in text  # nothing tells which one was wrong
    assert not owns(world.buyer, world.unowned)


def test_a_malformed_nib_or_phone_is_named(client, world):
    client.force_login(world.buyer)
    text = text_of(instant(client, world.unowned, "12345", "0857-1234-5678"))
    assert "NIB terdiri dari 13 angka." in text and MISMATCH not in text
    text = text_of(instant(client, world.unowned, UNOWNED_NIB, "12"))
    assert "tidak valid" in text and MISMATCH not in text
    assert not owns(world.buyer, world.unowned)


def test_the_sixth_failed_attempt_in_an_hour_is_refused(client, world):
    client.force_login(world.buyer)
    for _attempt in range(CLAIM_FAILURES_PER_HOUR):
        assert MISMATCH in text_of(instant(client, world.unowned, UNOWNED_NIB, "0899-0000-1111"))
    # Now even the right answer is refused, and the page offers the request form instead.
    text = text_of(instant(client, world.unowned, UNOWNED_NIB, "0857-1234-5678"))
    assert THROTTLED in text and 'name="request-message"' in text and 'name="instant-nib"' not in text
    assert not owns(world.buyer, world.unowned)
    # Another business does not reset the count; another account has its own.
    assert THROTTLED in text_of(instant(client, world.business, "9120001234567", "0812-3456-7890"))
    assert not owns(world.buyer, world.business)
    client.force_login(world.other_owner)
    assert instant(client, world.unowned, UNOWNED_NIB, "0857-1234-5678").status_code == 302
    assert owns(world.other_owner, world.unowned)


def test_the_count_ends_after_an_hour(client, world):
    client.force_login(world.buyer)
    for _attempt in range(CLAIM_FAILURES_PER_HOUR):
        instant(client, world.unowned, UNOWNED_NIB, "0899-0000-1111")
    assert THROTTLED in text_of(client.get(claim_url(world.unowned)))
    # 61 minutes later the failures no longer count (and the next failure would drop them).
    FailedClaim.objects.filter(user=world.buyer).update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert instant(client, world.unowned, UNOWNED_NIB, "0857-1234-5678").status_code == 302


def test_the_count_is_in_the_database_so_every_worker_process_sees_it(client, world, settings):
    """Gunicorn workers share no memory: each has its own local-memory cache. The failures are
    rows of the database, so a process that never saw them (a fresh, empty cache) refuses too."""
    client.force_login(world.buyer)
    for _attempt in range(CLAIM_FAILURES_PER_HOUR):
        instant(client, world.unowned, UNOWNED_NIB, "0899-0000-1111")
    assert FailedClaim.objects.filter(user=world.buyer).count() == CLAIM_FAILURES_PER_HOUR
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # no cache at all
    assert THROTTLED in text_of(instant(client, world.unowned, UNOWNED_NIB, "0857-1234-5678"))
    assert not owns(world.buyer, world.unowned)


def test_old_failures_are_dropped_when_a_new_one_is_counted(client, world):
    client.force_login(world.buyer)
    instant(client, world.unowned, UNOWNED_NIB, "0899-0000-1111")
    client.force_login(world.other_owner)
    instant(client, world.unowned, UNOWNED_NIB, "0899-0000-1111")
    FailedClaim.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    instant(client, world.unowned, UNOWNED_NIB, "0899-0000-2222")
    # Everyone's failures older than the hour are gone (as the privacy page says), the new one stays.
    assert list(FailedClaim.objects.values_list("user", flat=True)) == [world.other_owner.pk]


# ---------------------------------------------------------------------------- claim requests


def admin_change_url(claim):
    return reverse("admin:owners_claimrequest_change", args=[claim.pk])


def decide(client, claim, approve, note=""):
    return client.post(admin_change_url(claim), {"staff_note": note, ("approve" if approve else "reject"): "x"})


def test_a_request_is_shown_as_under_review_instead_of_the_forms(client, world):
    client.force_login(world.buyer)
    response = ask(client, world.unowned)
    assert response.status_code == 302 and response["Location"] == claim_url(world.unowned)
    claim = ClaimRequest.objects.get(user=world.buyer, business=world.unowned)
    assert (claim.kind, claim.status, claim.phone) == ("claim", "pending", "+6285711112222")
    text = text_of(client.get(claim_url(world.unowned)))
    assert "Permintaan Anda sedang ditinjau dinas Kota Palembang" in text
    assert 'name="instant-nib"' not in text and 'name="request-message"' not in text
    # Asking again while it is pending changes nothing.
    assert ask(client, world.unowned).status_code == 302
    assert ClaimRequest.objects.filter(user=world.buyer).count() == 1


def test_a_request_needs_a_phone_and_a_message(client, world):
    client.force_login(world.buyer)
    text = text_of(ask(client, world.unowned, phone="", message=""))
    assert "Nomor HP/WhatsApp Anda: Bidang ini tidak boleh kosong." in text
    assert "Jelaskan hubungan Anda dengan usaha ini: Bidang ini tidak boleh kosong." in text
    assert not ClaimRequest.objects.exists()


def test_staff_see_the_request_with_the_data_on_record_and_approve_it(client, world):
    client.force_login(world.buyer)
    ask(client, world.unowned)
    claim = ClaimRequest.objects.get()
    client.force_login(world.staff_same)
    text = text_of(client.get(admin_change_url(claim)))
    for shown in ("Kemplang Panggang Pak Hendra", world.buyer.email, "+6285711112222", "nomor HP di data dinas sudah ganti",
                  UNOWNED_NIB, UNOWNED_PHONE, UNOWNED_OWNER, 'value="Setujui"', 'value="Tolak"'):
        assert shown in text
    response = decide(client, claim, approve=True, note="Sudah kami telepon, benar pemiliknya.")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.staff_note) == ("approved", world.staff_same, "Sudah kami telepon, benar pemiliknya.")
    assert Ownership.objects.get(user=world.buyer, business=world.unowned).via == Ownership.Via.REQUEST
    # The owner reads the note on their home page, and the claim page now leads to the workspace.
    client.force_login(world.buyer)
    assert "Sudah kami telepon, benar pemiliknya." in text_of(client.get(reverse("owners:home")))
    assert client.get(claim_url(world.unowned))["Location"] == edit_url(world.unowned)


def test_a_rejection_needs_a_note_which_the_requester_reads_and_may_ask_again(client, world):
    client.force_login(world.buyer)
    ask(client, world.unowned)
    claim = ClaimRequest.objects.get()
    client.force_login(world.staff_same)
    assert "Tulis alasan penolakan" in text_of(decide(client, claim, approve=False, note=" "))
    claim.refresh_from_db()
    assert claim.status == "pending"
    decide(client, claim, approve=False, note="Nama pemilik di data kami berbeda; bawa KTP ke dinas.")
    claim.refresh_from_db()
    assert claim.status == "rejected" and not owns(world.buyer, world.unowned)

    client.force_login(world.buyer)
    text = text_of(client.get(claim_url(world.unowned)))
    assert "Nama pemilik di data kami berbeda; bawa KTP ke dinas." in text
    assert 'name="request-message"' in text and 'name="instant-nib"' in text
    assert "Nama pemilik di data kami berbeda" in text_of(client.get(reverse("owners:home")))
    assert ask(client, world.unowned).status_code == 302
    assert ClaimRequest.objects.filter(user=world.buyer, status="pending").count() == 1


def test_a_claim_on_a_business_with_an_owner_shows_staff_who_owns_it(client, world):
    client.force_login(world.buyer)
    ask(client, world.business)
    claim = ClaimRequest.objects.get(business=world.business)
    client.force_login(world.staff_same)
    text = text_of(client.get(admin_change_url(claim)))
    assert "Pemilik di portal saat ini" in text and "Sari &lt;sari@contoh.id&gt;" in text
    client.force_login(world.buyer)
    ask(client, world.unowned)
    client.force_login(world.staff_same)
    text = text_of(client.get(admin_change_url(ClaimRequest.objects.get(business=world.unowned))))
    assert "Pemilik di portal saat ini" in text and "belum ada" in text


def test_a_decided_request_is_read_only(client, world):
    client.force_login(world.buyer)
    ask(client, world.unowned)
    claim = ClaimRequest.objects.get()
    client.force_login(world.staff_same)
    decide(client, claim, approve=False, note="Bukan pemiliknya.")
    text = text_of(client.get(admin_change_url(claim)))
    assert "Bukan pemiliknya." in text and 'value="Setujui"' not in text
    decide(client, claim, approve=True, note="Ubah pikiran")
    claim.refresh_from_db()
    assert (claim.status, claim.staff_note) == ("rejected", "Bukan pemiliknya.")
    assert not owns(world.buyer, world.unowned)


def test_staff_of_another_region_get_404_and_cannot_decide(client, world):
    client.force_login(world.buyer)
    ask(client, world.unowned)
    claim = ClaimRequest.objects.get()
    client.force_login(world.staff_other)
    assert client.get(admin_change_url(claim)).status_code == 404
    assert decide(client, claim, approve=True, note="x").status_code == 404
    claim.refresh_from_db()
    assert claim.status == "pending" and not owns(world.buyer, world.unowned)
    assert "Kemplang Panggang Pak Hendra" not in text_of(client.get(reverse("admin:owners_claimrequest_changelist")))
    # Provincial staff decide for every region.
    client.force_login(world.provincial)
    assert "Kemplang Panggang Pak Hendra" in text_of(client.get(reverse("admin:owners_claimrequest_changelist")))
    assert decide(client, claim, approve=True).status_code == 302
    assert owns(world.buyer, world.unowned)


@pytest.mark.parametrize("who", ["owner", "buyer"])
def test_accounts_that_are_not_staff_cannot_open_the_admin_queue(client, world, who):
    client.force_login(world.buyer)
    ask(client, world.unowned)
    claim = ClaimRequest.objects.get()
    client.force_login(getattr(world, who))
    response = decide(client, claim, approve=True)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not owns(world.buyer, world.unowned)


def test_the_queue_has_pending_first_and_no_add_or_delete(client, world, palembang, django_assert_num_queries):
    decided = ClaimRequest.objects.create(business=world.unowned, user=world.other_owner, status="rejected", staff_note="x")
    decided.created_at = timezone.now() - datetime.timedelta(days=2)
    decided.save()
    waiting = ClaimRequest.objects.create(business=world.unowned, user=world.buyer, phone="+6285711112222")
    client.force_login(world.staff_same)
    url = reverse("admin:owners_claimrequest_changelist")
    text = text_of(client.get(url))
    assert text.index(admin_change_url(waiting)) < text.index(admin_change_url(decided))
    assert world.buyer.email in text and "Kota Palembang" in text
    assert reverse("admin:owners_claimrequest_add") not in text
    assert client.get(reverse("admin:owners_claimrequest_add")).status_code == 403
    assert client.get(reverse("admin:owners_claimrequest_delete", args=[waiting.pk])).status_code == 403
    assert "delete_selected" not in text
    filtered = text_of(client.get(url, {"status__exact": "pending"}))
    assert admin_change_url(waiting) in filtered and admin_change_url(decided) not in filtered

    def list_with(rows):
        for number in range(rows):
            user = make_user(f"pemohon{rows}-{number}@contoh.id")
            ClaimRequest.objects.create(business=make_business(palembang), user=user)
        # session, user, staff scope, the user's permissions and their groups', the count, the
        # page of requests with business, region and requester
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200

    list_with(2)
    list_with(10)


# ---------------------------------------------------------------------------- registrations


def register(world, palembang):
    return business_register(user=world.buyer, name="Tekwan Baru Bu Rina", regency=palembang, message="Usaha baru sejak 2024.")


def test_approving_a_registration_makes_the_business_public(client, world, palembang, commit):
    business = register(world, palembang)
    assert client.get(business.get_absolute_url()).status_code == 404
    claim = ClaimRequest.objects.get(business=business)
    client.force_login(world.staff_same)
    text = text_of(client.get(admin_change_url(claim)))
    assert "Pendaftaran usaha baru" in text and "Usaha baru sejak 2024." in text
    with commit():
        assert decide(client, claim, approve=True, note="Sudah dicek lapangan.").status_code == 302
    business.refresh_from_db()
    assert business.status == Business.Status.ACTIVE and business.verified_on == datetime.date.today()
    client.logout()
    assert client.get(business.get_absolute_url()).status_code == 200


def test_rejecting_a_registration_keeps_it_hidden(client, world, palembang, commit):
    business = register(world, palembang)
    claim = ClaimRequest.objects.get(business=business)
    client.force_login(world.staff_same)
    with commit():
        decide(client, claim, approve=False, note="Alamat tidak ditemukan.")
    business.refresh_from_db()
    assert business.status == Business.Status.INACTIVE
    client.logout()
    assert client.get(business.get_absolute_url()).status_code == 404
    client.force_login(world.buyer)
    assert "Alamat tidak ditemukan." in text_of(client.get(reverse("owners:home")))


# ---------------------------------------------------------------------------- claim links


def create_link(client, business):
    return client.post(reverse("admin:owners_claimlink_create", args=[business.pk]))


def issued_link(client, world, business=None):
    """Staff of Palembang make a link; returns (its path, its ClaimLink)."""
    client.force_login(world.staff_same)
    response = create_link(client, business or world.unowned)
    assert response.status_code == 200
    path = re.search(re.escape(settings.SITE_URL) + r"(/akun/klaim/tautan/[\w-]+/)", response.content.decode()).group(1)
    client.logout()
    return path, ClaimLink.objects.latest("created_at")


def test_the_business_admin_page_offers_a_claim_link_and_the_history(client, world):
    client.force_login(world.staff_same)
    text = text_of(client.get(reverse("admin:directory_business_change", args=[world.unowned.pk])))
    create_url = reverse("admin:owners_claimlink_create", args=[world.unowned.pk])
    assert f'<a href="{create_url}">Buat tautan klaim</a>' in text
    assert f'<a href="/admin/owners/changerecord/?business__id__exact={world.unowned.pk}">Riwayat perubahan</a>' in text
    # Following it asks to confirm; nothing is made before the POST.
    text = text_of(client.get(create_url))
    assert "Kemplang Panggang Pak Hendra" in text and '<form method="post">' in text and 'value="Buat tautan klaim"' in text
    assert not ClaimLink.objects.exists()


def test_staff_create_a_link_shown_once_with_a_whatsapp_message(client, world):
    client.force_login(world.staff_same)
    response = create_link(client, world.unowned)
    assert response.status_code == 200
    text = response.content.decode()
    token = re.search(re.escape(settings.SITE_URL) + r"/akun/klaim/tautan/([\w-]+)/", text).group(1)
    link = ClaimLink.objects.get()
    # Only the hash is stored: nothing in the database gives the link back.
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ClaimLink.objects.values_list()))
    assert (link.business, link.created_by, link.used_at) == (world.unowned, world.staff_same, None)
    assert link.expires_at - timezone.now() > datetime.timedelta(days=6)
    assert formats.date_format(timezone.localtime(link.expires_at), "j F Y") in text
    assert "https://wa.me/6285712345678?text=" in text and token in text.split("https://wa.me/")[1]
    assert "hanya ditampilkan sekali" in text
    # The list of links does not show it again.
    list_text = text_of(client.get(reverse("admin:owners_claimlink_changelist")))
    assert "Kemplang Panggang Pak Hendra" in list_text and token not in list_text
    assert token not in text_of(client.get(reverse("admin:owners_claimlink_change", args=[link.pk])))


def test_without_an_owner_phone_the_whatsapp_link_lets_staff_pick_the_contact(client, world, palembang):
    business = make_business(palembang, name="Tanpa Telepon")
    client.force_login(world.staff_same)
    assert "https://wa.me/?text=" in create_link(client, business).content.decode()


def test_a_link_is_made_only_in_the_staff_members_region(client, world):
    client.force_login(world.staff_other)
    assert client.get(reverse("admin:owners_claimlink_create", args=[world.unowned.pk])).status_code == 404
    assert create_link(client, world.unowned).status_code == 404
    assert create_link(client, world.business).status_code == 404
    assert not ClaimLink.objects.exists()
    client.force_login(world.buyer)
    assert "/admin/login/" in create_link(client, world.unowned)["Location"]
    client.force_login(world.provincial)
    assert create_link(client, world.unowned).status_code == 200
    assert ClaimLink.objects.count() == 1


def test_links_of_another_region_are_not_listed_and_answer_404(client, world):
    _path, link = issued_link(client, world)
    client.force_login(world.staff_other)
    assert "Kemplang Panggang Pak Hendra" not in text_of(client.get(reverse("admin:owners_claimlink_changelist")))
    assert client.get(reverse("admin:owners_claimlink_change", args=[link.pk])).status_code == 404
    client.force_login(world.provincial)
    assert "Kemplang Panggang Pak Hendra" in text_of(client.get(reverse("admin:owners_claimlink_changelist")))


def test_an_anonymous_visitor_is_asked_to_sign_up_or_log_in_and_comes_back(client, world):
    path, link = issued_link(client, world)
    text = text_of(client.get(path))
    assert "Kemplang Panggang Pak Hendra" in text
    assert f'href="/akun/daftar/?next={path.replace("/", "%2F")}"' in text
    assert f'href="/akun/masuk/?next={path.replace("/", "%2F")}"' in text
    assert "Ya, ini usaha saya" not in text
    # A POST without an account changes nothing.
    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    link.refresh_from_db()
    assert link.used_at is None
    # Signing up from the link comes back to it.
    response = client.post(f"/akun/daftar/?next={path}", {
        "first_name": "Hendra", "email": "hendra@contoh.id", "password1": "Kemplang-Panggang-77", "password2": "Kemplang-Panggang-77",
        "next": path,
    })
    assert response.status_code == 302 and response["Location"] == path
    assert "Ya, ini usaha saya" in text_of(client.get(path))


def test_a_logged_in_account_claims_with_the_link_once(client, world):
    path, link = issued_link(client, world)
    client.force_login(world.buyer)
    text = text_of(client.get(path))
    assert "Ya, ini usaha saya" in text and world.buyer.email in text
    assert not owns(world.buyer, world.unowned)  # opening the page claims nothing
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == edit_url(world.unowned)
    assert Ownership.objects.get(user=world.buyer, business=world.unowned).via == Ownership.Via.LINK
    link.refresh_from_db()
    assert link.used_by == world.buyer and link.used_at is not None
    # Spent: nobody else can use it.
    client.force_login(world.other_owner)
    response = client.get(path)
    assert response.status_code == 410 and "sudah dipakai" in text_of(response) and "Minta tautan baru" in text_of(response)
    assert client.post(path).status_code == 410
    assert not owns(world.other_owner, world.unowned)


def test_an_expired_link_is_refused(client, world):
    path, link = issued_link(client, world)
    ClaimLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(world.buyer)
    response = client.post(path)
    assert response.status_code == 410 and "sudah kedaluwarsa" in text_of(response)
    assert not owns(world.buyer, world.unowned)
    client.logout()
    assert client.get(path).status_code == 410


def test_an_unknown_link_answers_404(client, world):
    client.force_login(world.buyer)
    response = client.post(reverse("owners:claim-link", args=["bukan-tautan-asli"]))
    assert response.status_code == 404 and "tidak dikenal" in text_of(response) and "Minta tautan baru" in text_of(response)
    client.logout()
    assert client.get(reverse("owners:claim-link", args=["bukan-tautan-asli"])).status_code == 404


def test_an_owner_opening_a_link_to_their_business_goes_to_the_workspace(client, world):
    path, link = issued_link(client, world, business=world.business)
    client.force_login(world.owner)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == edit_url(world.business)
    link.refresh_from_db()
    assert link.used_at is None


def test_a_link_settles_the_users_pending_request(client, world):
    client.force_login(world.buyer)
    ask(client, world.unowned)
    path, _link = issued_link(client, world)
    client.force_login(world.buyer)
    client.post(path)
    claim = ClaimRequest.objects.get()
    assert claim.status == "approved" and "tautan klaim" in claim.staff_note


def test_the_link_list_queries_do_not_grow_with_rows(client, world, palembang, django_assert_num_queries):
    client.force_login(world.staff_same)
    url = reverse("admin:owners_claimlink_changelist")

    def list_with(rows):
        for _number in range(rows):
            claim_link_create(business=make_business(palembang), staff=world.staff_same)
        # session, user, staff scope, the user's permissions and their groups', the count, the
        # page of links with business, region, creator and user
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200

    list_with(2)
    list_with(10)
