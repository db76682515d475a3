import time

from django.core.management.base import BaseCommand

from regions.loading import load_regions


class Command(BaseCommand):
    help = "Load the official Kemendagri regions (provinsi, kabupaten/kota, kecamatan; --villages adds desa/kelurahan)."

    def add_arguments(self, parser):
        parser.add_argument("--villages", action="store_true", help="also load the 83,762 desa/kelurahan")

    def handle(self, *args, villages, **options):
        started = time.perf_counter()
        counts = load_regions(villages=villages)
        summary = ", ".join(f"{count} {table}" for table, count in counts.items())
        self.stdout.write(f"Loaded {summary} in {time.perf_counter() - started:.1f} s.")
