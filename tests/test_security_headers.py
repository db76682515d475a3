"""Security headers and cookie flags as production sends them: the settings are read in a fresh
interpreter with the README's production environment (tests/test_settings.py PRODUCTION), applied
here, and every header and cookie flag of real responses is checked. Also the Content-Security-Policy
itself: the origins it allows per deployment, and that no template carries inline script or style
it would block (tests/test_browser_csp.py watches a real browser for refusals)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.test_settings import BASE_DIR, PRODUCTION
from umkm_portal.csp import image_origins

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "CONTENT_SECURITY_POLICY",
]
PRINT_SETTINGS = [
    "-c",
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))",
]
S3 = {"S3_BUCKET": "foto-umkm", "S3_CUSTOM_DOMAIN": "media.portal.example.id"}
PASSWORD = "Pempek-Kapal-Selam-88"
POLICY = {
    "default-src": "'self'", "img-src": "'self' data: https://portal.example.id", "style-src": "'self'",
    "script-src": "'self'", "form-action": "'self'", "frame-ancestors": "'none'", "base-uri": "'self'",
    "object-src": "'none'",
}


def settings_under(environment, tmp_path):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "umkm_portal.settings",
        "VAR_DIR": str(tmp_path), **environment,
    }
    done = subprocess.run(
        [sys.executable, *PRINT_SETTINGS], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def production_values(tmp_path_factory):
    return settings_under(PRODUCTION, tmp_path_factory.mktemp("var"))


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["portal.example.id"]
    return settings


def get(client, path, **extra):
    return client.get(path, secure=True, headers={"host": "portal.example.id"}, **extra)


def csp_directives(response):
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/produk/", "/umkm/", "/akun/masuk/", "/admin/login/"])
def test_every_page_carries_the_security_headers(client, production, path):
    response = get(client, path)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # The production logo (PORTAL_OWNER_LOGO) is an absolute URL: its host is the one image origin added.
    assert csp_directives(response) == POLICY


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(client, production):
    response = client.get("/produk/", headers={"host": "portal.example.id"})
    assert response.status_code == 301 and response["Location"] == "https://portal.example.id/produk/"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_lax(client, production):
    User.objects.create_user(username="sari@contoh.id", email="sari@contoh.id", password=PASSWORD)
    page = get(client, "/akun/masuk/")
    csrf = page.cookies["csrftoken"]
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")
    response = client.post(
        "/akun/masuk/", {"username": "sari@contoh.id", "password": PASSWORD}, secure=True,
        headers={"host": "portal.example.id", "referer": "https://portal.example.id/akun/masuk/"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert "Content-Security-Policy" in get(client, "/akun/").headers  # the owner's pages too


def test_without_https_the_cookies_are_not_marked_secure(tmp_path):
    """The flags above come from HTTPS=1, not from a default: without it they are off."""
    values = settings_under({name: value for name, value in PRODUCTION.items() if name != "HTTPS"}, tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is False and values["SECURE_HSTS_SECONDS"] == 0


def test_media_on_s3_adds_its_host_to_img_src(tmp_path):
    values = settings_under({**PRODUCTION, **S3}, tmp_path)
    img_src = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "data:", "https://portal.example.id", "https://media.portal.example.id"]
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("s3", "expected"),
    [
        ({}, []),
        ({"s3_bucket": "foto", "s3_custom_domain": "cdn.example.id"}, ["https://cdn.example.id"]),
        (
            {"s3_bucket": "foto", "s3_endpoint_url": "https://minio.example.id:9000"},
            ["https://minio.example.id:9000", "https://foto.minio.example.id:9000"],
        ),
        (
            {"s3_bucket": "foto", "s3_region": "ap-southeast-3"},
            ["https://foto.s3.amazonaws.com", "https://foto.s3.ap-southeast-3.amazonaws.com"],
        ),
    ],
)
def test_image_origins(s3, expected):
    assert image_origins(media_url="/media/", owner_logo="img/dinas-logo.svg", **s3) == expected


def test_absolute_media_url_and_logo_are_allowed_once():
    origins = image_origins(media_url="https://cdn.example.id/media/", owner_logo="https://cdn.example.id/logo.png")
    assert origins == ["https://cdn.example.id"]


@pytest.mark.django_db
def test_the_policy_is_what_the_middleware_sends_in_development_too(client):
    """Not only production: a developer sees a refusal in the browser console as soon as they add inline code."""
    directives = csp_directives(client.get("/"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


INLINE = [
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> block"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/(ld\+)?json)", re.I), "inline <script>"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    """style-src/script-src 'self' refuse these in the browser; JSON-LD and json_script are data, allowed."""
    found = []
    for template in sorted(Path(BASE_DIR).glob("*/templates/**/*.html")) + sorted(Path(BASE_DIR, "templates").rglob("*.html")):
        text = template.read_text()
        found += [f"{template.relative_to(BASE_DIR)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []
