"""Configuration from environment variables: typed readers that refuse bad values, settings
that refuse to start misconfigured, and a production configuration `check --deploy` accepts."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from umkm_portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = str(django_settings.BASE_DIR)


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("false", False), ("No", False),
    ("off", False), ("", False),
])
def test_env_bool(monkeypatch, value, expected):
    monkeypatch.setenv("PORTAL_TEST_FLAG", value)
    assert env_bool("PORTAL_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("value", ["maybe", "2", "ya", "benar"])
def test_env_bool_refuses_anything_else(monkeypatch, value):
    monkeypatch.setenv("PORTAL_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_TEST_FLAG"):
        env_bool("PORTAL_TEST_FLAG", False)


def test_env_int(monkeypatch):
    monkeypatch.setenv("PORTAL_TEST_NUMBER", "42")
    assert env_int("PORTAL_TEST_NUMBER", 1) == 42
    for bad in ("abc", "4.2", "", "10MB"):
        monkeypatch.setenv("PORTAL_TEST_NUMBER", bad)
        with pytest.raises(ImproperlyConfigured, match="PORTAL_TEST_NUMBER.*not an integer"):
            env_int("PORTAL_TEST_NUMBER", 1)


def test_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("PORTAL_TEST_UNSET", raising=False)
    assert env_bool("PORTAL_TEST_UNSET", True) is True
    assert env_int("PORTAL_TEST_UNSET", 7) == 7
    assert env_str("PORTAL_TEST_UNSET", "x") == "x"
    assert env_list("PORTAL_TEST_UNSET", ["a"]) == ["a"]
    with pytest.raises(ImproperlyConfigured, match="PORTAL_TEST_UNSET is required"):
        env_str("PORTAL_TEST_UNSET")


def test_env_list(monkeypatch):
    monkeypatch.setenv("PORTAL_TEST_LIST", " portal.example.id, ,www.portal.example.id ,")
    assert env_list("PORTAL_TEST_LIST", []) == ["portal.example.id", "www.portal.example.id"]


IMPORT_SETTINGS = [
    "-c", "import django; django.setup(); from django.conf import settings; print('PORTAL', settings.PORTAL_PROVINCE)",
]
PRINT_MAIL = [
    "-c", "import django; django.setup(); from django.conf import settings as s; print('MAIL', s.EMAIL_BACKEND[26:],"
    " s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,"
    " s.DEFAULT_FROM_EMAIL)",
]
CHECK_DEPLOY = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
KEY = secrets.token_urlsafe(48)[:50]
OWNER = {
    "PORTAL_OWNER_NAME": "Dinas Koperasi dan UKM Provinsi Contoh", "PORTAL_OWNER_LOGO": "https://portal.example.id/logo.svg",
    "PORTAL_OWNER_ADDRESS": "Jl. Contoh No. 1", "PORTAL_OWNER_EMAIL": "dinas@example.id", "PORTAL_OWNER_PHONE": "",
}
MAIL = {
    "EMAIL_HOST": "smtp.example.id", "EMAIL_PORT": "587", "EMAIL_USE_TLS": "1", "EMAIL_HOST_USER": "portal",
    "EMAIL_HOST_PASSWORD": "rahasia", "DEFAULT_FROM_EMAIL": "Portal UMKM <portal@example.id>",
}
PRODUCTION = {
    "DEBUG": "0", "SECRET_KEY": KEY, "ALLOWED_HOSTS": "portal.example.id", "HTTPS": "1", "STATIC_MANIFEST": "1",
    **OWNER, **MAIL,
}
NO_MAIL = {name: value for name, value in PRODUCTION.items() if name not in MAIL}
CONSOLE = "django.core.mail.backends.console.EmailBackend"
NOT_HTTPS = {name: value for name, value in PRODUCTION.items() if name != "HTTPS"}
DEMO_OWNER = {name: value for name, value in PRODUCTION.items() if name not in ("PORTAL_OWNER_NAME", "PORTAL_OWNER_PHONE")}

# name: (command, environment): each runs in a fresh interpreter with only that environment (and PATH)
RUNS = {
    "no key": (IMPORT_SETTINGS, {"DEBUG": "0"}),
    "development key": (IMPORT_SETTINGS, {"DEBUG": "0", "SECRET_KEY": "insecure-dev-only-key"}),
    "province ABC": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "PORTAL_PROVINCE": "ABC"}),
    "debug, province 32": (IMPORT_SETTINGS, {"DEBUG": "1", "PORTAL_PROVINCE": "32"}),
    "check deploy": (CHECK_DEPLOY, PRODUCTION),
    "check deploy without https": (CHECK_DEPLOY, NOT_HTTPS),
    "check deploy with the demo dinas": (CHECK_DEPLOY, DEMO_OWNER),
    "bad whatsapp": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "PORTAL_OWNER_WHATSAPP": "12345"}),
    "negative proxy count": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "TRUSTED_PROXY_COUNT": "-1"}),
    "check deploy without mail": (CHECK_DEPLOY, NO_MAIL),
    "production mail": (PRINT_MAIL, PRODUCTION),
    "production, console mail": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "EMAIL_BACKEND": CONSOLE}),
    "production, file mail": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}),
    "production, console mail allowed": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "EMAIL_BACKEND": CONSOLE, "EMAIL_CONSOLE_OK": "1"}),
    "debug, console mail": (IMPORT_SETTINGS, {"DEBUG": "1", "EMAIL_BACKEND": CONSOLE}),
    "tls and ssl": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}),
    "bad mail port": (IMPORT_SETTINGS, {"SECRET_KEY": KEY, "EMAIL_PORT": "smtp"}),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Start every run at once (each is a second or two of Python start-up), then collect them:
    {name: (exit code, stdout + stderr)}."""
    processes = {}
    for name, (args, env) in RUNS.items():
        clean = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "umkm_portal.settings",
            "VAR_DIR": str(tmp_path_factory.mktemp("var")), **env,
        }
        processes[name] = subprocess.Popen(
            [sys.executable, *args], cwd=BASE_DIR, env=clean, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    results = {}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=120)
        results[name] = (process.returncode, output)
    return results


def test_no_secret_key_without_debug_fails(runs):
    code, output = runs["no key"]
    assert code != 0
    assert "ImproperlyConfigured: Environment variable SECRET_KEY is required." in output


def test_development_key_without_debug_fails(runs):
    code, output = runs["development key"]
    assert code != 0
    assert "SECRET_KEY must be set to a real secret when DEBUG is off." in output


def test_debug_runs_without_a_key_and_another_province(runs):
    code, output = runs["debug, province 32"]
    assert code == 0 and "PORTAL 32" in output, output


def test_bad_province_stops_start_up(runs):
    code, output = runs["province ABC"]
    assert code != 0
    assert "ImproperlyConfigured: PORTAL_PROVINCE='ABC' is not a Kemendagri province code (e.g. 16)." in output


def test_check_deploy_is_clean_in_production(runs):
    code, output = runs["check deploy"]
    assert code == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output


def test_check_deploy_complains_without_https(runs):
    """The check above can fail: without HTTPS=1 the same command reports the missing protections."""
    code, output = runs["check deploy without https"]
    assert code != 0
    assert "security.W004" in output  # no HSTS


def test_check_deploy_warns_while_the_demo_dinas_is_named(runs):
    code, output = runs["check deploy with the demo dinas"]
    assert code != 0
    assert "umkm_portal.W001" in output and "PORTAL_OWNER_NAME, PORTAL_OWNER_PHONE not set" in output


def test_bad_owner_whatsapp_or_proxy_count_stops_start_up(runs):
    code, output = runs["bad whatsapp"]
    assert code != 0 and "PORTAL_OWNER_WHATSAPP must be an Indonesian number" in output
    code, output = runs["negative proxy count"]
    assert code != 0 and "TRUSTED_PROXY_COUNT=-1 must be 0 or more." in output


def test_production_refuses_to_mail_reset_links_to_a_log(runs):
    for name in ("production, console mail", "production, file mail"):
        code, output = runs[name]
        assert code != 0, name
        assert "with DEBUG off would write password reset links to a log instead of mailing them" in output, output


def test_console_mail_needs_an_explicit_yes_in_production_and_none_in_debug(runs):
    for name in ("production, console mail allowed", "debug, console mail"):
        code, output = runs[name]
        assert code == 0 and "PORTAL 16" in output, (name, output)


def test_bad_mail_settings_stop_start_up(runs):
    code, output = runs["tls and ssl"]
    assert code != 0 and "EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive" in output
    code, output = runs["bad mail port"]
    assert code != 0 and "EMAIL_PORT='smtp' is not an integer." in output


def test_check_deploy_warns_while_mail_is_not_configured(runs):
    code, output = runs["check deploy without mail"]
    assert code != 0
    assert "umkm_portal.W002" in output and "EMAIL_HOST, DEFAULT_FROM_EMAIL not set" in output


def test_production_mail_settings_come_from_the_environment(runs):
    code, output = runs["production mail"]
    assert code == 0, output
    assert "MAIL smtp.EmailBackend smtp.example.id 587 True False portal rahasia Portal UMKM <portal@example.id>" in output


def test_test_settings():
    """What the suite itself runs with (Makefile: SECRET_KEY set, DEBUG off)."""
    assert django_settings.DEBUG is False
    assert django_settings.PORTAL_PROVINCE == "16"
    assert django_settings.CATALOG_PAGE_SIZE == 24
    assert django_settings.LANGUAGE_CODE == "id"
