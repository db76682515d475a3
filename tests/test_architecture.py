"""The floor plan (README, "Architecture"): each app imports only from the apps on the floors
below it, never from its own floor or above, so that no two apps import each other and a
newcomer can read the house from the ground up. Add a new app to FLOORS, on the floor above
everything it uses."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# Ground floor first. Apps on one floor are siblings: they may not import each other either.
FLOORS = [
    ["umkm_portal"],  # general helpers by topic (money, months, keyset, images, bulk, …)
    ["regions"],  # reference data: provinces, kabupaten/kota, kecamatan, desa
    ["staff"],  # staff profiles, region scope, roles, the admin toolkit, the safe export kit
    ["directory"],  # businesses and what is theirs
    ["catalog"],  # products, counts and every public page
    ["accounts", "feedback", "owners", "registry"],  # the flows: accounts, visitors' reports, the owner workspace, registry import
    ["backoffice", "demo"],  # every ModelAdmin; demo and scale data
]
FLOOR_OF = {app: number for number, floor in enumerate(FLOORS) for app in floor}
# The project's wiring may import every app: the root URLconf, settings and the WSGI entry.
WIRING = {"umkm_portal/urls.py", "umkm_portal/settings.py", "umkm_portal/wsgi.py"}


def imported_modules(source):
    """(line, module) of every absolute import in `source`, inside functions too."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def violations_in(source, app):
    """The imports in `source` (a module of `app`) of an app on its own floor or above."""
    found = []
    for line, module in imported_modules(source):
        other = module.split(".")[0]
        if other in FLOOR_OF and other != app and FLOOR_OF[other] >= FLOOR_OF[app]:
            found.append((line, module))
    return found


def project_modules():
    for app in FLOOR_OF:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative not in WIRING:
                yield app, relative, path


def test_every_app_of_the_project_has_a_floor():
    ours = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert ours == set(FLOOR_OF), "put each app of the project on a floor of FLOORS (and in the README)"


def test_no_app_imports_from_its_own_floor_or_above():
    found = [
        f"{relative}:{line} imports {module} ({module.split('.')[0]} is not below {app})"
        for app, relative, path in project_modules()
        for line, module in violations_in(path.read_text(encoding="utf-8"), app)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("app, source, bad", [
    ("directory", "from catalog.models import Product", True),  # up a floor
    ("owners", "def f():\n    from registry import services", True),  # a sibling, even lazily
    ("regions", "import staff.scope", True),
    ("catalog", "from directory.models import Business", False),  # down a floor
    ("catalog", "from catalog.listing import refresh_counts", False),  # its own modules
    ("backoffice", "from django.contrib import admin", False),  # not an app of the project
])
def test_the_rule_itself(app, source, bad):
    assert bool(violations_in(source, app)) is bad
