"""Owner accounts under /akun/: sign up, log in by email, lockout after repeated wrong passwords
(django-axes), log out by POST only, password reset by email, and the owner's home page."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from directory.models import Business, Ownership
from tests.conftest import make_business

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Pempek-Kapal-Selam-88"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True


def make_owner(email="sari@contoh.id", name="Sari"):
    return User.objects.create_user(username=email, email=email, password=PASSWORD, first_name=name)


def sign_up(client, **fields):
    data = {"first_name": "Sari Wulandari", "email": "Sari@Contoh.id", "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/akun/daftar/", data | fields)


def log_in(client, email="sari@contoh.id", password=PASSWORD):
    return client.post("/akun/masuk/", {"username": email, "password": password})


def logged_in_user(client):
    response = client.get("/akun/")
    return response.context["user"] if response.status_code == 200 else None


# ---------------------------------------------------------------------------- sign up


def test_sign_up_creates_the_account_and_logs_in(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/akun/"
    user = User.objects.get(email="sari@contoh.id")
    assert (user.username, user.first_name) == ("sari@contoh.id", "Sari Wulandari")
    assert user.check_password(PASSWORD) and not user.is_staff
    assert "Halo, Sari Wulandari" in client.get("/akun/").content.decode()


def test_sign_up_refuses_an_email_already_registered_whatever_its_case(client):
    make_owner("sari@contoh.id")
    response = sign_up(client, email="SARI@contoh.ID")
    assert response.status_code == 200
    assert "Email ini sudah terdaftar" in response.content.decode()
    assert User.objects.filter(email__iexact="sari@contoh.id").count() == 1
    assert logged_in_user(client) is None


def test_two_sign_ups_at_once_with_one_email_give_the_second_a_form_error(client, monkeypatch):
    """Two people (or one double tap) sign up with one email at the same moment: both pass
    clean_email(), and the first is saved just before the second. The second must get the form's
    "already registered" message, not a 500 from the unique username."""
    from accounts.forms import SignUpForm

    save = SignUpForm.save_unless_taken

    def the_other_request_wins(form):
        # What the other request's commit does between this one's validation and its INSERT.
        User.objects.create_user(username="sari@contoh.id", email="sari@contoh.id", password="Lain-Sekali-99")
        return save(form)

    monkeypatch.setattr(SignUpForm, "save_unless_taken", the_other_request_wins)
    response = sign_up(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Email: Email ini sudah terdaftar" in html  # in the error summary, naming the field
    assert User.objects.filter(username="sari@contoh.id").count() == 1
    assert User.objects.get(username="sari@contoh.id").check_password("Lain-Sekali-99")  # the first one stays
    assert logged_in_user(client) is None


def test_sign_up_needs_matching_strong_passwords(client):
    response = sign_up(client, password2="Lain-Sekali-99")
    assert response.status_code == 200 and not User.objects.exists()
    response = sign_up(client, password1="12345678", password2="12345678")
    assert response.status_code == 200 and not User.objects.exists()


# ---------------------------------------------------------------------------- log in, lockout, log out


def test_log_in_by_email_in_any_case(client):
    owner = make_owner()
    response = log_in(client, email="  SARI@Contoh.id ")
    assert response.status_code == 302 and response["Location"] == "/akun/"
    assert logged_in_user(client) == owner


def test_login_page_follows_next_after_login(client):
    make_owner()
    response = client.post("/akun/masuk/?next=/akun/", {"username": "sari@contoh.id", "password": PASSWORD, "next": "/akun/"})
    assert response["Location"] == "/akun/"


def test_wrong_password_says_so(client):
    make_owner()
    response = log_in(client, password="salah-sandi")
    assert response.status_code == 200
    assert "Email atau kata sandi salah" in response.content.decode()
    assert logged_in_user(client) is None


def test_unknown_email_gets_the_same_message(client):
    response = log_in(client, email="tidak-ada@contoh.id")
    assert response.status_code == 200
    assert "Email atau kata sandi salah" in response.content.decode()


def test_five_wrong_passwords_lock_the_login_for_an_hour(client):
    owner = make_owner()
    for _ in range(4):
        assert log_in(client, password="salah-sandi").status_code == 200
    response = log_in(client, password="salah-sandi")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in html and "60 menit" in html
    # Even the right password is refused now.
    assert log_in(client).status_code == 429
    assert logged_in_user(client) is None
    # Another owner, from the same device, is not locked out.
    other = make_owner("budi@contoh.id", "Budi")
    assert log_in(client, email="budi@contoh.id").status_code == 302
    assert logged_in_user(client) == other != owner


def test_a_successful_login_starts_the_count_again(client):
    make_owner()
    for _ in range(4):
        log_in(client, password="salah-sandi")
    assert log_in(client).status_code == 302
    client.post("/akun/keluar/")
    for _ in range(4):
        assert log_in(client, password="salah-sandi").status_code == 200


PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the app from it


def log_in_via_proxy(client, forwarded_for, password="salah-sandi"):
    return client.post(
        "/akun/masuk/", {"username": "sari@contoh.id", "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_two_visitors_are_not_locked_out_together(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_owner()
    for _ in range(5):
        log_in_via_proxy(client, "203.0.113.5")
    assert log_in_via_proxy(client, "203.0.113.5", password=PASSWORD).status_code == 429
    # Another visitor behind the same proxy, the same email: their own count, not locked.
    assert log_in_via_proxy(client, "198.51.100.7", password=PASSWORD).status_code == 302


def test_behind_a_proxy_the_left_of_x_forwarded_for_is_the_clients_word_and_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_owner()
    for attempt in range(5):  # a guesser writing a new X-Forwarded-For each time; the proxy appends the real address
        log_in_via_proxy(client, f"192.0.2.{attempt}, 203.0.113.5")
    assert log_in_via_proxy(client, "192.0.2.99, 203.0.113.5", password=PASSWORD).status_code == 429


def test_without_the_proxy_setting_everyone_behind_the_proxy_is_one_client(client, settings):
    """What TRUSTED_PROXY_COUNT is for: left at 0 behind a proxy, one guesser locks out the email for all."""
    settings.TRUSTED_PROXY_COUNT = 0
    make_owner()
    for _ in range(5):
        log_in_via_proxy(client, "203.0.113.5")
    assert log_in_via_proxy(client, "198.51.100.7", password=PASSWORD).status_code == 429


def test_a_stranger_guessing_from_elsewhere_does_not_lock_the_owner_out(client, settings):
    """Lockout is per email + client address: ten wrong guesses from a stranger's address leave
    the owner's own address (directly or behind the proxy) free to log in."""
    owner = make_owner()
    for _ in range(10):
        client.post("/akun/masuk/", {"username": "sari@contoh.id", "password": "salah"}, REMOTE_ADDR="198.51.100.66")
    assert client.post(
        "/akun/masuk/", {"username": "sari@contoh.id", "password": PASSWORD}, REMOTE_ADDR="198.51.100.66"
    ).status_code == 429
    assert client.post(
        "/akun/masuk/", {"username": "sari@contoh.id", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5"
    ).status_code == 302
    assert logged_in_user(client) == owner
    client.post("/akun/keluar/")
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):
        log_in_via_proxy(client, "198.51.100.66")
    assert log_in_via_proxy(client, "203.0.113.5", password=PASSWORD).status_code == 302


def test_staff_login_through_admin_locks_per_client_too(client):
    staff = User.objects.create_user(username="staf@dinas.id", email="staf@dinas.id", password=PASSWORD, is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "staf@dinas.id", "password": "salah"}, REMOTE_ADDR="198.51.100.66")
    assert client.post(
        "/admin/login/", {"username": "staf@dinas.id", "password": PASSWORD}, REMOTE_ADDR="198.51.100.66"
    ).status_code == 429
    response = client.post("/admin/login/", {"username": "staf@dinas.id", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302
    assert client.get("/admin/", REMOTE_ADDR="203.0.113.5").context["user"] == staff


def test_lockout_can_be_switched_off(client, settings):
    settings.AXES_ENABLED = False
    make_owner()
    for _ in range(6):
        assert log_in(client, password="salah-sandi").status_code == 200
    assert log_in(client).status_code == 302


def test_log_out_only_by_post(client):
    owner = make_owner()
    client.force_login(owner)
    assert client.get("/akun/keluar/").status_code == 405
    assert logged_in_user(client) == owner
    response = client.post("/akun/keluar/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_user(client) is None


# ---------------------------------------------------------------------------- password reset


def test_password_reset_email_link_sets_a_new_password(client):
    owner = make_owner()
    response = client.post("/akun/lupa-sandi/", {"email": "SARI@contoh.id"})
    assert response.status_code == 302 and response["Location"] == "/akun/lupa-sandi/terkirim/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sari@contoh.id"]
    assert "kata sandi" in message.subject.lower() and "sandi baru" in message.body
    link = re.search(r"https?://\S+/akun/lupa-sandi/\S+/", message.body).group(0)
    # The first visit trades the token in the URL for one in the session, then redirects.
    form_url = client.get(urlsplit(link).path)["Location"]
    new_password = "Songket-Limar-2024"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302 and response["Location"] == "/akun/lupa-sandi/selesai/"
    owner.refresh_from_db()
    assert owner.check_password(new_password)
    assert log_in(client, password=new_password).status_code == 302
    # The link works once.
    assert "kedaluwarsa" in client.get(urlsplit(link).path, follow=True).content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post("/akun/lupa-sandi/", {"email": "tidak-ada@contoh.id"})
    assert response.status_code == 302 and response["Location"] == "/akun/lupa-sandi/terkirim/"
    assert mail.outbox == []


def ask_reset(client, email="sari@contoh.id", ip="203.0.113.5"):
    return client.post("/akun/lupa-sandi/", {"email": email}, REMOTE_ADDR=ip)


TOO_MANY_RESETS = "Terlalu banyak permintaan tautan sandi baru"


def test_password_reset_mails_one_email_three_times_an_hour_from_anywhere(client, settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_EMAIL = 3
    make_owner()
    for ip in ("203.0.113.5", "198.51.100.7", "192.0.2.1"):
        assert ask_reset(client, "Sari@Contoh.id", ip=ip).status_code == 302
    response = ask_reset(client, ip="192.0.2.200")
    assert response.status_code == 429 and TOO_MANY_RESETS in response.content.decode()
    assert len(mail.outbox) == 3
    # Another owner is not held up.
    make_owner("budi@contoh.id", "Budi")
    assert ask_reset(client, "budi@contoh.id", ip="192.0.2.200").status_code == 302
    assert len(mail.outbox) == 4


def test_password_reset_from_one_client_is_limited_across_emails(client, settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_IP = 4
    make_owner()
    for number in range(3):
        assert ask_reset(client, f"tebak{number}@contoh.id").status_code == 302
    assert ask_reset(client).status_code == 302
    assert len(mail.outbox) == 1
    response = ask_reset(client, "tebak9@contoh.id")
    assert response.status_code == 429 and TOO_MANY_RESETS in response.content.decode()
    # The owner's own address, from another network, still gets its mail.
    assert ask_reset(client, ip="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 2


def test_password_reset_limit_says_the_same_for_unknown_and_known_emails(client, settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_EMAIL = 1
    make_owner()
    for email in ("sari@contoh.id", "tidak-ada@contoh.id"):
        assert ask_reset(client, email).status_code == 302
    known, unknown = ask_reset(client), ask_reset(client, "tidak-ada@contoh.id")
    assert known.status_code == unknown.status_code == 429
    def page(response, email):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return html.replace(email, "EMAIL")

    assert TOO_MANY_RESETS in page(known, "sari@contoh.id")
    assert page(known, "sari@contoh.id") == page(unknown, "tidak-ada@contoh.id")


def test_password_reset_count_is_an_hour_and_stores_no_address(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import PasswordResetRequest

    settings.PASSWORD_RESETS_PER_HOUR_PER_EMAIL = 1
    make_owner()
    assert ask_reset(client).status_code == 302
    assert ask_reset(client).status_code == 429
    row = PasswordResetRequest.objects.get()
    assert "sari" not in row.email_key and "203.0.113" not in row.ip_key
    PasswordResetRequest.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert ask_reset(client).status_code == 302
    assert PasswordResetRequest.objects.count() == 1  # the old row is gone
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------------------- owner home


def test_owner_home_requires_login(client):
    response = client.get("/akun/")
    assert response.status_code == 302 and response["Location"] == "/akun/masuk/?next=/akun/"


def test_owner_home_lists_own_businesses_only(client, palembang, commit):
    owner, stranger = make_owner(), make_owner("budi@contoh.id", "Budi")
    with commit():
        listed = make_business(palembang, name="Pempek Sari")
        unverified = make_business(palembang, name="Kemplang Sari Baru", status=Business.Status.UNVERIFIED)
        others = make_business(palembang, name="Songket Budi")
    Ownership.objects.create(business=listed, user=owner)
    Ownership.objects.create(business=unverified, user=owner)
    Ownership.objects.create(business=others, user=stranger)
    client.force_login(owner)
    html = client.get("/akun/").content.decode()
    assert "Halo, Sari" in html
    assert "Pempek Sari" in html and f'href="{listed.get_absolute_url()}"' in html
    assert "Kemplang Sari Baru" in html and f'href="{unverified.get_absolute_url()}"' not in html
    assert "Songket Budi" not in html


def test_logged_in_visitors_skip_the_login_and_sign_up_pages(client):
    client.force_login(make_owner())
    assert client.get("/akun/masuk/")["Location"] == "/akun/"
    assert client.get("/akun/daftar/")["Location"] == "/akun/"


@pytest.mark.parametrize("path", ["/akun/daftar/", "/akun/masuk/", "/akun/lupa-sandi/", "/akun/lupa-sandi/terkirim/",
                                  "/akun/lupa-sandi/selesai/", "/en/akun/masuk/"])
def test_account_pages_open(client, path):
    assert client.get(path).status_code == 200


def test_public_header_links_to_the_account_pages_the_same_for_everyone(client, palembang, commit):
    with commit():
        business = make_business(palembang)
    anonymous = client.get(business.get_absolute_url()).content.decode()
    client.force_login(make_owner())
    logged_in = client.get(business.get_absolute_url()).content.decode()
    for html in (anonymous, logged_in):
        assert '<a href="/akun/">Akun UMKM</a>' in html
    assert "sari@contoh.id" not in logged_in and "Sari" not in logged_in
