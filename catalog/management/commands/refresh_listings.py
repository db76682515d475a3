from django.core.management.base import BaseCommand

from catalog.listing import expire_certificates, refresh_counts


class Command(BaseCommand):
    help = "Daily upkeep: drop lapsed certificates from products' flags; --all rebuilds every facet count."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="also rebuild all facet and business counts")

    def handle(self, *args, all, **options):
        touched = expire_certificates()
        if all:
            refresh_counts()
        self.stdout.write(f"Lapsed certificates cleared in {len(touched)} kabupaten/kota.")
