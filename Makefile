# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=1

.PHONY: run test lint install demo bench bench-import audit messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_regions --villages
	$(DEV_ENV) $(PY) manage.py load_catalog_reference
	$(DEV_ENV) $(PY) manage.py seed_demo
	$(DEV_ENV) $(PY) manage.py ensure_demo_admin
	$(DEV_ENV) $(PY) manage.py ensure_demo_owner
	$(DEV_ENV) $(PY) manage.py ensure_demo_staff

# The background worker (registry imports) runs beside the web server and stops with it.
run: demo
	$(DEV_ENV) $(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The browser test (tests/test_browser_owner.py) drives Debian's chromium through Playwright;
# Playwright's own browser download is never used (no internet at run time).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get install -y -q chromium || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

# The suite runs on every core (pytest-xdist: one test database per worker, each test file on
# one worker so its module fixtures are built once); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(STAMP) $(CHROMIUM)
	SECRET_KEY=test-only-not-secret $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) bench/catalog.py $(BENCH_ARGS)

# Registry import: a 100,000-row XLSX through our import, django-import-export and bulk_create, on SQLite and PostgreSQL.
bench-import: $(STAMP)
	$(PY) bench/registry_import.py $(BENCH_IMPORT_ARGS)

messages: $(STAMP)
	$(DEV_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles
