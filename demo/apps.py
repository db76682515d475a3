from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data for every capability (manage.py seed_demo, ensure_demo_admin,
    ensure_demo_owner): the one place a new capability adds its demo data to."""

    name = "demo"
    verbose_name = "Demo"
