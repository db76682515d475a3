"""manage.py ensure_demo_staff: the two demo dinas staff accounts, one of each role (DEBUG only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regions.models import Regency
from staff.models import StaffProfile
from staff.roles import staff_assign_role

PASSWORD = "staf-umkm-demo"
# (username, kabupaten/kota code or None for provincial staff)
ACCOUNTS = [("staf-provinsi", None), ("staf-palembang", "16.71")]


class Command(BaseCommand):
    help = "Make sure the demo staff accounts exist: provincial staff and Kota Palembang's staff (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The password is printed and written in the README: never on a real deployment.
            raise CommandError("ensure_demo_staff only runs with DEBUG=1: its password is public.")
        User = get_user_model()
        for username, regency_code in ACCOUNTS:
            with transaction.atomic():
                user, _created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@demo.example"})
                if not (user.is_active and user.check_password(PASSWORD)):
                    user.is_active = True
                    user.set_password(PASSWORD)
                    user.save()
                profile, _created = StaffProfile.objects.get_or_create(user=user)
                profile.is_provincial = regency_code is None
                profile.save()
                regencies = [] if regency_code is None else [Regency.objects.get(code=regency_code)]
                profile.regencies.set(regencies)
                staff_assign_role(profile=profile)
            scope = "semua kabupaten/kota" if regency_code is None else regencies[0].name
            self.stdout.write(f"Staf dinas ({scope}): http://127.0.0.1:8000/admin/  user: {username}  password: {PASSWORD}")
