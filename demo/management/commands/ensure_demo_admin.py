from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin-umkm-demo"


class Command(BaseCommand):
    help = f"Make sure the demo superuser '{USERNAME}' exists with the documented password (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The password is printed and written in the README: never on a real deployment.
            raise CommandError("ensure_demo_admin only runs with DEBUG=1: its password is public.")
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@demo.example"}
        )
        changed = created or not (user.is_active and user.is_staff and user.is_superuser)
        user.is_active = user.is_staff = user.is_superuser = True
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            changed = True
        if changed:
            user.save()
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  user: {USERNAME}  password: {PASSWORD}")
