"""A demo owner account for trying the owner pages (/akun/) on the demo data (DEBUG only)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.models import Business, BusinessPrivate, Ownership, TurnoverReport
from umkm_portal.months import month_shift

EMAIL = "pemilik@demo.example"
PASSWORD = "pemilik-umkm-demo"
# Six months of omzet for the demo owner's business, oldest first, so the chart has something to show.
DEMO_OMZET = [8_500_000, 9_200_000, 7_900_000, 11_400_000, 12_100_000, 10_750_000]


class Command(BaseCommand):
    help = f"Make sure the demo owner '{EMAIL}' exists, owns a demo business and has reported omzet (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_demo_owner only runs with DEBUG=1: its password is public.")
        demo = Business.objects.listed().filter(email__endswith="@demo.example").order_by("name")
        # A Palembang business with products, so every owner page has something to show.
        with_products = demo.filter(products__isnull=False).distinct()
        business = with_products.filter(regency_id="16.71").first() or with_products.first() or demo.first()
        if business is None:
            raise CommandError("No demo business: run `manage.py seed_demo` first.")
        user, _created = get_user_model().objects.get_or_create(
            username=EMAIL, defaults={"email": EMAIL, "first_name": "Pemilik Demo"}
        )
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        if not Ownership.objects.filter(user=user).exists():
            Ownership.objects.create(business=business, user=user)
        owned = Business.objects.owned_by(user).first()
        this_month = datetime.date.today().replace(day=1)
        for back, omzet in enumerate(reversed(DEMO_OMZET), start=1):
            month = month_shift(this_month, -back)
            TurnoverReport.objects.get_or_create(business=owned, month=month, defaults={"omzet": omzet})
        self.stdout.write(f"Owner: http://127.0.0.1:8000/akun/  email: {EMAIL}  password: {PASSWORD}  ({owned.name})")
        claimable = (
            BusinessPrivate.objects.filter(business__in=demo.exclude(ownerships__isnull=False), business__nib__isnull=False)
            .exclude(owner_phone="").select_related("business").order_by("business__name").first()
        )
        if claimable:
            self.stdout.write(
                f"To try an instant claim: {claimable.business.name}  NIB {claimable.business.nib}  phone {claimable.owner_phone}"
            )
