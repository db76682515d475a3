import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.models import Category
from directory.models import Kbli

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the KBLI 2020 codes and the product categories (idempotent: upserts by code/slug)."

    @transaction.atomic
    def handle(self, *args, **options):
        with open(FIXTURES / "kbli" / "kbli2020_codes.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        # Foreign keys are checked at commit, so a child may arrive before its parent.
        Kbli.objects.bulk_create(
            [Kbli(code=r["code"], level=r["level"], parent_id=r["parent_code"] or None, category_code=r["category_code"],
                  title=r["title"]) for r in rows],
            update_conflicts=True, unique_fields=["code"], update_fields=["level", "parent", "category_code", "title"],
            batch_size=1000,
        )
        with open(FIXTURES / "categories.csv", encoding="utf-8", newline="") as handle:
            categories = list(csv.DictReader(handle))
        Category.objects.bulk_create(
            [Category(slug=c["slug"], name=c["name"], name_en=c["name_en"], position=int(c["position"]),
                      description=c["description"]) for c in categories],
            update_conflicts=True, unique_fields=["slug"], update_fields=["name", "name_en", "position", "description"],
        )
        self.stdout.write(f"Loaded {len(rows)} KBLI codes and {len(categories)} categories.")
