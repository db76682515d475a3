"""manage.py create_staff: create or update a dinas staff account (user, StaffProfile, role group)."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Regency, RegencyAlias
from regions.names import normalize_region_name
from staff.models import StaffProfile
from staff.roles import PROVINCIAL_GROUP, REGENCY_GROUP, staff_assign_role


class Command(BaseCommand):
    help = (
        "Buat atau perbarui akun staf dinas. Contoh: create_staff budi --email budi@dinas.go.id "
        "--regency 16.71 --regency \"OKU Timur\"  |  create_staff sari --provincial. "
        "--regency menggantikan wilayah yang sudah ada; kata sandi yang ada tidak diubah tanpa --password-from-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", help="Alamat email staf.")
        parser.add_argument(
            "--regency", action="append", default=[], metavar="KODE_ATAU_NAMA",
            help="Kabupaten/kota yang dikelola: kode Kemendagri (16.71) atau nama (Kota Palembang, OKU Timur). Boleh berulang.",
        )
        parser.add_argument("--provincial", action="store_true", help="Staf dinas provinsi: semua kabupaten/kota.")
        parser.add_argument(
            "--password-from-env", metavar="VAR",
            help="Ambil kata sandi dari variabel lingkungan VAR (tidak pernah dari baris perintah).",
        )

    def handle(self, *args, username, email, regency, provincial, password_from_env, **options):
        if provincial and regency:
            raise CommandError(_("Pilih salah satu: --regency atau --provincial, tidak keduanya."))
        if not provincial and not regency:
            raise CommandError(_(
                "Sebutkan wilayah staf ini: --regency <kode atau nama> (boleh berulang), atau --provincial."
            ))
        regencies = [] if provincial else resolve_regencies(regency)
        password = _password_from_env(password_from_env) if password_from_env else None

        with transaction.atomic():
            user, created = _save_user(username, email, password)
            profile, _created = StaffProfile.objects.get_or_create(user=user)
            profile.is_provincial = provincial
            profile.save()
            profile.regencies.set(regencies)
            missing = staff_assign_role(profile=profile)

        self._report(user, created, profile, regencies, missing)

    def _report(self, user, created, profile, regencies, missing):
        role = PROVINCIAL_GROUP if profile.is_provincial else REGENCY_GROUP
        regions = _("semua kabupaten/kota") if profile.is_provincial else ", ".join(r.name for r in regencies)
        message = _("Akun staf “%(username)s” dibuat: %(role)s — %(regions)s.") if created else _(
            "Akun staf “%(username)s” diperbarui: %(role)s — %(regions)s."
        )
        self.stdout.write(self.style.SUCCESS(message % {"username": user.username, "role": role, "regions": regions}))
        if missing:
            self.stderr.write(self.style.WARNING(_(
                "Izin berikut belum ada (aplikasinya belum dimigrasi?) dan belum diberikan ke grup staf: %(perms)s. "
                "Jalankan manage.py migrate, lalu perintah ini lagi."
            ) % {"perms": ", ".join(missing)}))
        if not user.has_usable_password():
            self.stdout.write(_(
                "Akun ini belum punya kata sandi. Atur dengan: python manage.py changepassword %(username)s"
            ) % {"username": user.username})


def resolve_regencies(values):
    """Each value (a Kemendagri code, an official name, a short name or a known alias) → the
    kabupaten/kota of the portal's province it names; CommandError for any that names none."""
    regencies = {r.code: r for r in Regency.objects.in_portal()}
    by_name = {}
    for regency in regencies.values():
        by_name[normalize_region_name(regency.name)] = regency.code
        by_name[normalize_region_name(regency.short_name)] = regency.code
    for alias in RegencyAlias.objects.filter(regency__in=list(regencies)):
        by_name[alias.normalized] = alias.regency_id
    found = []
    for value in values:
        code = value.strip() if value.strip() in regencies else by_name.get(normalize_region_name(value))
        if code is None:
            raise CommandError(_(
                "Kabupaten/kota “%(value)s” tidak dikenal di %(province)s. Tulis kode Kemendagri-nya (mis. 16.71) "
                "atau namanya (mis. Kota Palembang, OKU Timur)."
            ) % {"value": value, "province": settings.PORTAL_PROVINCE_NAME})
        if regencies[code] not in found:
            found.append(regencies[code])
    return found


def _password_from_env(variable):
    password = os.environ.get(variable, "")
    if not password:
        raise CommandError(_("Variabel lingkungan %(var)s kosong atau tidak ada: isi dengan kata sandinya.") % {
            "var": variable
        })
    return password


def _save_user(username, email, password):
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    created = user is None
    if created:
        user = User(**{User.USERNAME_FIELD: username})
        user.set_unusable_password()
    if email is not None:
        user.email = User.objects.normalize_email(email)
    user.is_staff = True
    try:
        user.full_clean(exclude=["password"])
        if password:
            validate_password(password, user)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    if password:
        user.set_password(password)
    user.save()
    return user, created
