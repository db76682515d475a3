"""Text stored before the portal cleaned it at the door (umkm_portal.text.clean_text) loses its
control characters and noncharacters, and is NFC-normalised and trimmed: product and business
names, descriptions, addresses and the other free-text fields, the owner's private text, photo
captions and certificate numbers.

Only the rows holding such a character are read and written (one regex scan per table: `~` on
PostgreSQL, Python's re on SQLite), each with an UPDATE of its text columns: the search trigger
renews a product's vector, and a cleaned business name is copied to its products' seller_name
(catalog.listing.copied_columns) and its name_key renewed."""

from django.db import migrations

from directory.names import name_key
from umkm_portal.text import clean_text

# (app, model, single-line fields, multi-line fields)
TABLES = [
    ("directory", "Business", ["name", "address", "business_type", "main_products", "sales_channels"], ["description"]),
    ("directory", "BusinessPrivate", ["owner_name", "owner_address"], []),
    ("directory", "BusinessPhoto", ["caption"], []),
    ("directory", "Certification", ["number"], []),
    ("catalog", "Product", ["name", "unit"], ["description"]),
]
CONTROL = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"


def clean_stored_text(apps, schema_editor):
    from django.db.models import Q

    # PostgreSQL cannot store a NUL; SQLite can, and a NUL in a pattern is fine there.
    pattern = CONTROL if schema_editor.connection.vendor == "postgresql" else CONTROL.replace("[", "[\x00", 1)
    Product = apps.get_model("catalog", "Product")
    for app_label, model_name, single, multi in TABLES:
        model = apps.get_model(app_label, model_name)
        fields = single + multi
        matching = Q()
        for field in fields:
            matching |= Q(**{f"{field}__regex": pattern})
        for row in model.objects.filter(matching).values("pk", *fields).iterator(chunk_size=1000):
            cleaned = {field: clean_text(row[field] or "", multiline=field in multi) for field in fields}
            if model_name == "Business":
                cleaned["name_key"] = name_key(cleaned["name"])
                Product.objects.filter(business_id=row["pk"]).update(seller_name=cleaned["name"])
            model.objects.filter(pk=row["pk"]).update(**cleaned)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_search_seller"),
        ("directory", "0011_sector_status_name"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
