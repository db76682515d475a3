from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.models import Product
from demo.bulk import seed_bulk
from demo.generator import SEED
from demo.seed import delete_demo_data, demo_businesses, seed_with_services

BULK_THRESHOLD = 5000


class Command(BaseCommand):
    help = (
        "Fill the portal province with realistic demo UMKM and products (idempotent: does nothing when demo data "
        f"is present). Up to {BULK_THRESHOLD} businesses go through the real services with photos; more (or --bulk) "
        "are bulk-inserted without photos, for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=120, help="number of businesses (default 120)")
        parser.add_argument("--products", type=int, default=500, help="number of products (default 500)")
        parser.add_argument("--bulk", action="store_true", help="use the bulk insert path whatever the size")
        parser.add_argument("--reset", action="store_true", help="delete the demo data first, then seed again")
        parser.add_argument("--seed", type=int, default=SEED, help="random seed (same seed, same data)")
        parser.add_argument(
            "--search-vector", choices=["trigger", "update"], default="trigger",
            help="bulk on PostgreSQL: fill product.search_vector by the trigger during COPY (default), "
                 "or disable it and run one UPDATE afterwards",
        )

    def handle(self, *args, businesses, products, bulk, reset, seed, search_vector, **options):
        if businesses < 1 or products < 0:
            raise CommandError("--businesses must be at least 1 and --products at least 0.")
        existing = demo_businesses().count()
        if existing and not reset:
            self.stdout.write(
                f"Demo data already present ({existing} demo businesses, {Product.objects.count()} products "
                "in total); nothing to do. Use --reset to recreate it."
            )
            return
        if existing:
            delete_demo_data(self.log)
        self.log(f"Seeding {businesses:,} businesses and {products:,} products in province {settings.PORTAL_PROVINCE}…")
        try:
            if bulk or businesses > BULK_THRESHOLD:
                seed_bulk(businesses=businesses, products=products, seed=seed, log=self.log, search_vector=search_vector)
            else:
                seed_with_services(businesses=businesses, products=products, seed=seed, log=self.log)
        except LookupError as error:  # reference data missing
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def log(self, message):
        self.stdout.write(message)
        self.stdout.flush()
