"""Registry import benchmark: a 100,000-row dinas registry XLSX imported through our flow
(registry.services: upload → preview → confirm → commit) on SQLite and on PostgreSQL, beside the
same businesses through a default django-import-export ModelResource, a tuned one, and a plain
bulk_create floor. Prints rows/s and peak memory of each.

    .venv/bin/python bench/registry_import.py [--rows 100000] [--databases sqlite,postgres]

See bench/README.md ("Registry import") for what is measured and how to read the table."""

import argparse
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/umkm_bench_import")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "umkm_bench_import"
BENCH_USER = "bench-import"
RESULT_MARK = "RESULT "

# The targets of the issue, on this 2-core machine, for PostgreSQL.
TARGET_TOTAL_SECONDS = 30
TARGET_COMMIT_ROWS_PER_SECOND = 10_000
TARGET_PEAK_RSS_MB = 400

VARIANTS = ("ours", "iex", "iex-tuned", "bulk")
DIRECTORY_FIELDS = [
    "name", "slug", "nib", "regency", "district", "village", "kbli", "business_type", "main_products", "scale",
    "address", "workers", "founded_year", "sales_channels", "status",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows of the generated XLSX")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated: " + ", ".join(VARIANTS))
    parser.add_argument("--iex-rows", type=int, default=10_000,
                        help="rows given to the default import-export resource (0 = all; it runs at a few hundred rows/s)")
    parser.add_argument("--iex-tuned-rows", type=int, default=10_000, help="rows given to the tuned resource (0 = all)")
    parser.add_argument("--profile", action="store_true",
                        help="after the timed runs, profile our preview and commit with cProfile (top functions)")
    parser.add_argument("--pg-server", default=PG_SERVER, help="PostgreSQL server URL, without a database name")
    parser.add_argument("--pg-database", default=PG_DATABASE, help="the PostgreSQL database to create, use and drop")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="directory for the generated files, the SQLite database and the profiles")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases afterwards")
    # Internal: one measured variant in a fresh process, so each peak RSS is its own.
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args()


# ============================================================================ the parent


def main():
    global WORK
    args = parse_args()
    WORK = args.work
    if args.child:
        run_child(args)
        return
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = [d for d in databases if d not in ("sqlite", "postgres")] + [v for v in variants if v not in VARIANTS]
    if unknown:
        sys.exit(f"unknown database or variant: {', '.join(unknown)}")
    WORK.mkdir(parents=True, exist_ok=True)
    print(machine_line(args))
    sample, summary = ensure_sample(args.rows)
    print(f"Sample: {sample} ({summary['bytes'] / 1e6:.1f} MB): {summary['data_rows']:,} data rows = "
          f"{summary['distinct_valid']:,} distinct businesses + {summary['exact_duplicates']:,} exact and "
          f"{summary['near_duplicates']:,} near duplicates + {summary['outside_province'] + summary['nameless']:,} "
          f"rows to refuse (kabupaten outside the province, no name)\n")
    tables = []
    for database in databases:
        results = bench_database(database, args, sample, summary, variants)
        tables.append((database, results))
    print("\n" + "=" * 100)
    for database, results in tables:
        print_table(database, results, summary, args)


def machine_line(args):
    cores = os.cpu_count()
    pg = postgres_version(args.pg_server) if "postgres" in args.databases else ""
    return (f"Machine: {cores} cores (nproc), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
            + (f", {pg}" if pg else "") + f"; load average {os.getloadavg()[0]:.1f}, "
            f"sum(range(10**6)) in {cpu_probe_ms():.0f} ms; registry code {code_fingerprint()}")


def cpu_probe_ms():
    """How fast one core is right now: the best of five sum(range(10**6)), as the catalog section uses."""
    import timeit

    return min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000


def code_fingerprint():
    """A short hash of registry/*.py, so results can be matched to the code that produced them."""
    import hashlib

    digest = hashlib.sha1()
    for path in sorted((ROOT / "registry").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def postgres_version(server):
    try:
        import psycopg
    except ImportError:
        return ""
    try:
        with psycopg.connect(_pg_conninfo(server, "postgres"), autocommit=True) as connection:
            return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return "PostgreSQL (not reachable)"


def ensure_sample(rows):
    """The generated XLSX for `rows`, made once and reused while the generator and its fixtures are unchanged."""
    import registry_sample  # beside this script

    path = WORK / f"registry_{rows}.xlsx"
    summary_path = Path(f"{path}.summary.json")
    if path.exists() and summary_path.exists():
        summary = json.loads(summary_path.read_text())
        if (summary.get("version"), summary.get("seed"), summary.get("fixtures")) == (
            registry_sample.VERSION, registry_sample.SEED, registry_sample.fixtures_fingerprint()
        ):
            return path, summary
    print(f"Generating {rows:,} rows into {path} (once; about 35 s per 100,000 rows on this machine)…", flush=True)
    summary = registry_sample.generate(path, rows, progress=lambda n: print(f"  {n:,} rows", flush=True))
    print(f"  done in {summary['seconds']} s")
    return path, summary


def bench_database(database, args, sample, summary, variants):
    env = child_environment(database, args)
    title = "SQLite" if database == "sqlite" else "PostgreSQL"
    print(f"--- {title}: {env['DATABASE_URL']}")
    prepare_database(database, args, env)
    results = []

    def child(variant, limit=0):
        result = run_child_process(variant, env, sample, limit)
        results.append(result)
        print("  " + describe(result), flush=True)
        return result

    if "ours" in variants:
        child("ours")
        child("ours-again")
    if "iex" in variants:
        child("iex", args.iex_rows)
    if "iex-tuned" in variants:
        child("iex-tuned", args.iex_tuned_rows)
    if "bulk" in variants:
        child("bulk")
    if args.profile:
        run_child_process("profile", env, sample, 0, capture=False)
    if not args.keep:
        drop_database(database, args, env)
    return results


def child_environment(database, args):
    env = dict(os.environ)
    env.update({
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "umkm_portal.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
    })
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"{args.pg_server.rstrip('/')}/{args.pg_database}"
    return env


def _pg_conninfo(server, name):
    import dj_database_url

    config = dj_database_url.parse(f"{server.rstrip('/')}/{name}")
    parts = {"dbname": name, "host": config["HOST"], "port": config["PORT"], "user": config["USER"],
             "password": config["PASSWORD"]}
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def prepare_database(database, args, env):
    """A fresh database with the reference data an import needs (not timed)."""
    started = time.perf_counter()
    if database == "sqlite":
        _remove_sqlite()
    else:
        import psycopg

        with psycopg.connect(_pg_conninfo(args.pg_server, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{args.pg_database}"')
    for command in (["migrate", "--noinput"], ["load_regions", "--villages"], ["load_catalog_reference"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    run_child_process("setup", env, None, 0)
    print(f"  prepared (migrate, load_regions --villages, load_catalog_reference) in "
          f"{time.perf_counter() - started:.0f} s, not timed", flush=True)


def drop_database(database, args, env):
    if database == "sqlite":
        _remove_sqlite()
        return
    import psycopg

    with psycopg.connect(_pg_conninfo(args.pg_server, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')


def _remove_sqlite():
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{WORK / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)


def run_child_process(variant, env, sample, limit, capture=True):
    command = [sys.executable, str(Path(__file__).resolve()), "--child", variant, "--limit", str(limit), "--work", str(WORK)]
    if sample:
        command += ["--file", str(sample)]
    if not capture:
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        return None
    process = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in process.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if process.returncode or not lines:
        print(process.stdout)
        sys.exit(f"child {variant} failed (exit {process.returncode})")
    return json.loads(lines[-1][len(RESULT_MARK):])


# ---------------------------------------------------------------------------- reporting


LABELS = {
    "ours": "ours: upload → preview → commit",
    "ours-again": "ours: the same file again",
    "iex": "import-export, default resource",
    "iex-tuned": "import-export, use_bulk + skip_diff",
    "bulk": "bulk_create floor",
}


def describe(result):
    """One progress line (and its notes) for a finished variant."""
    line = (f"{LABELS[result['variant']]}: {result['rows']:,} rows in {result['total_s']:.1f} s = "
            f"{result['rows_per_s']:,.0f} rows/s")
    if result.get("commit_s") is not None:
        line += (f" (read + preview {result['preview_s']:.1f} s, commit {result['commit_s']:.1f} s = "
                 f"{result['commit_rows_per_s']:,.0f} rows/s)")
    line += f", peak RSS {result['peak_rss_mb']:.0f} MB"
    if "cpu_s" in result:
        line += (f", process CPU {result['cpu_s']:.0f} s, load {result['load'][0]}→{result['load'][1]}, "
                 f"probe {result['probe_ms']} ms, code {result['code']}")
    if result.get("counts"):
        line += "; " + ", ".join(f"{key} {value:,}" for key, value in result["counts"].items())
    return "\n".join([line, *(f"    {note}" for note in result.get("notes", []))])


def print_table(database, results, summary, args):
    title = "SQLite" if database == "sqlite" else "PostgreSQL"
    print(f"\n{title}, {summary['data_rows']:,}-row XLSX ({summary['bytes'] / 1e6:.1f} MB)\n")
    print("| variant | rows | read + preview | commit | total | rows/s | commit rows/s | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        label = LABELS[result["variant"]]
        if result.get("slice"):
            label += f" ({result['rows']:,}-row slice)"
        preview = f"{result['preview_s']:.1f} s" if result.get("preview_s") is not None else "—"
        commit = f"{result['commit_s']:.1f} s" if result.get("commit_s") is not None else "—"
        commit_rate = f"{result['commit_rows_per_s']:,.0f}" if result.get("commit_rows_per_s") else "—"
        print(f"| {label} | {result['rows']:,} | {preview} | {commit} | {result['total_s']:.1f} s | "
              f"{result['rows_per_s']:,.0f} | {commit_rate} | {result['peak_rss_mb']:.0f} MB |")
    for result in results:
        if result.get("counts"):
            counts = ", ".join(f"{key} {value:,}" for key, value in result["counts"].items())
            print(f"- {LABELS[result['variant']]}: {counts}")
        for note in result.get("notes", []):
            print(f"  - {note}")
    ours = next((r for r in results if r["variant"] == "ours"), None)
    if ours:
        print("\n" + targets_line(title, ours))


def targets_line(title, ours):
    checks = [
        ("whole flow", ours["total_s"] <= TARGET_TOTAL_SECONDS, f"{ours['total_s']:.1f} s ≤ {TARGET_TOTAL_SECONDS} s"),
        ("commit", ours["commit_rows_per_s"] >= TARGET_COMMIT_ROWS_PER_SECOND,
         f"{ours['commit_rows_per_s']:,.0f} rows/s ≥ {TARGET_COMMIT_ROWS_PER_SECOND:,}"),
        ("peak RSS", ours["peak_rss_mb"] <= TARGET_PEAK_RSS_MB, f"{ours['peak_rss_mb']:.0f} MB ≤ {TARGET_PEAK_RSS_MB} MB"),
    ]
    scope = "" if title == "PostgreSQL" else " (the targets are set for PostgreSQL; shown for comparison)"
    return f"Targets on {title}{scope}: " + "; ".join(
        f"{name} {figure}: {'met' if ok else 'MISSED'}" for name, ok, figure in checks
    )


# ============================================================================ the children


def run_child(args):
    warnings.filterwarnings("ignore")
    # The project before bench/ (this script's directory): bench/catalog.py is not the catalog app.
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    runners = {
        "setup": child_setup, "ours": child_ours, "ours-again": child_ours, "iex": child_import_export,
        "iex-tuned": child_import_export, "bulk": child_bulk_create, "profile": child_profile,
    }
    load_before = os.getloadavg()[0]
    probe = cpu_probe_ms()
    fingerprint = code_fingerprint()  # the code this process imported (other work may change it meanwhile)
    result = runners[args.child](args)
    if result is not None:
        result.setdefault("variant", args.child)
        result["peak_rss_mb"] = peak_rss_mb()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["cpu_s"] = usage.ru_utime + usage.ru_stime
        result["load"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
        result["probe_ms"] = round(probe)
        result["code"] = fingerprint
        print(RESULT_MARK + json.dumps(result), flush=True)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child_setup(args):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not User.objects.filter(username=BENCH_USER).exists():
        User.objects.create_superuser(BENCH_USER, "bench@example.invalid", None)  # provincial scope, no password
    return {"variant": "setup"}


def wipe_registry():
    """Every business, product, import and count, so each variant starts from an empty registry
    (reference data stays: regions, KBLI, categories, the bench user)."""
    from django.db import connection

    from catalog.models import BusinessCount, FacetCount, Product, ProductPhoto, RegencyFacetCount
    from directory.models import Business, BusinessPhoto, BusinessPrivate, Certification, Ownership, TurnoverReport
    from owners.models import ChangeRecord, ClaimLink, ClaimRequest
    from registry.models import ImportChange, ImportJob, ImportProblem

    # Children first: SQLite enforces the foreign keys as DELETE runs.
    models = [ImportChange, ImportProblem, ImportJob, ChangeRecord, ClaimRequest, ClaimLink, ProductPhoto, Product,
              FacetCount, RegencyFacetCount,
              BusinessCount, Certification, BusinessPhoto, Ownership, BusinessPrivate, TurnoverReport, Business]
    referring = {rel.related_model for rel in Business._meta.related_objects}
    missing = [m.__name__ for m in referring if m not in models]
    if missing:
        raise SystemExit(f"wipe_registry does not know {missing}: add them to the list")
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')


def bench_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=BENCH_USER)


def child_ours(args):
    """Our flow, phase by phase, as the background worker runs it."""
    from django.db import connection

    from directory.models import Business, BusinessPrivate, Certification
    from registry.models import ImportJob
    from registry.services import (
        import_job_commit,
        import_job_confirm,
        import_job_create,
        import_job_preview,
    )

    again = args.child == "ours-again"
    if not again:
        wipe_registry()
    user = bench_user()
    data = args.file.read_bytes()
    base_rss = peak_rss_mb()
    server_started = server_cpu_s(connection)
    started, cpu_started = time.perf_counter(), time.process_time()
    job = import_job_create(user=user, filename=args.file.name, data=data, kind="business")
    del data
    import_job_preview(job)
    previewed, cpu_previewed = time.perf_counter(), time.process_time()
    server_previewed = server_cpu_s(connection)
    preview_rss = peak_rss_mb()
    if job.status != ImportJob.Status.PREVIEWED:
        raise SystemExit(f"preview ended {job.status}: {job.message}")
    preview_counts = dict(job.counts)
    import_job_confirm(job=job)
    import_job_commit(job)
    finished, cpu_finished = time.perf_counter(), time.process_time()
    server_finished = server_cpu_s(connection)
    job.refresh_from_db()
    if job.status != ImportJob.Status.DONE:
        raise SystemExit(f"commit ended {job.status}: {job.message}")
    counts = job.counts
    committed = counts["new"] + counts["updated"] + counts["unchanged"]
    notes = _check_counts(args, counts, again)
    notes.append(f"database now: {Business.objects.count():,} businesses, {BusinessPrivate.objects.count():,} "
                 f"private rows, {Certification.objects.count():,} certificates; "
                 f"{job.problems.count():,} problems stored for the preview")
    if connection.vendor == "postgresql":
        notes.append(_analyze_note(connection, started_wall=time.time() - (finished - started)))
    notes.append(f"peak RSS after the preview {preview_rss:.0f} MB (process with Django and the file: {base_rss:.0f} MB)")
    notes.append(f"CPU time of this process: preview {cpu_previewed - cpu_started:.1f} s, commit "
                 f"{cpu_finished - cpu_previewed:.1f} s (wall minus CPU: waiting for the database or for a core)")
    server = {}
    if server_started is not None and server_finished is not None:
        server = {"preview_server_cpu_s": server_previewed - server_started,
                  "commit_server_cpu_s": server_finished - server_previewed}
        notes.append(f"CPU time of the PostgreSQL backend serving it: preview {server_previewed - server_started:.1f} s, "
                     f"commit {server_finished - server_previewed:.1f} s (WAL writer and checkpointer not included)")
    total = finished - started
    return {
        "rows": counts["rows"], "preview_s": previewed - started, "commit_s": finished - previewed,
        "preview_cpu_s": cpu_previewed - cpu_started, "commit_cpu_s": cpu_finished - cpu_previewed,
        "total_s": total, "rows_per_s": counts["rows"] / total,
        "commit_rows_per_s": committed / (finished - previewed), "committed": committed,
        "counts": {key: counts[key] for key in ("rows", "new", "updated", "unchanged", "skipped", "errors", "warnings")},
        "preview_counts": preview_counts, "notes": notes, **server,
    }


def server_cpu_s(connection):
    """CPU seconds used so far by the PostgreSQL backend process of `connection`, read from /proc
    (the server runs on this machine here); None elsewhere. A steadier figure than wall time for
    the database's share when other work shares the cores."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _check_counts(args, counts, again):
    summary = json.loads(Path(f"{args.file}.summary.json").read_text())
    expected = dict(summary["expected"])
    if again:
        expected.update(new=0, updated=0, unchanged=summary["expected"]["new"])
    wrong = {key: (counts.get(key), value) for key, value in expected.items() if counts.get(key) != value}
    if not wrong:
        return ["counts as the generator expects (" + ", ".join(f"{k} {v:,}" for k, v in expected.items()) + ")"]
    return ["COUNTS DIFFER from the generator's ground truth: " + ", ".join(
        f"{key} {got:,} (expected {want:,})" for key, (got, want) in wrong.items())]


def _analyze_note(connection, started_wall):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extract(epoch FROM last_analyze) FROM pg_stat_user_tables WHERE relname = 'directory_business'")
        row = cursor.fetchone()
    ran = row and row[0] and row[0] >= started_wall - 1
    return "ANALYZE ran at the end of the import" if ran else "no ANALYZE after this import (nothing written)"


def clean_rows(args):
    """The generator's ground truth: the distinct businesses of the file, as clean values, with a
    unique slug each (what a ModelResource or bulk_create is given instead of the messy XLSX)."""
    from django.utils.text import slugify
    from registry_sample import read_truth

    rows = read_truth(args.file, args.limit or None)
    taken = set()
    for row in rows:
        base = slugify(row["name"])[:60].strip("-") or "umkm"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        row["slug"] = slug
        row["status"] = "active"
    return rows


def child_import_export(args):
    """A django-import-export ModelResource keyed on NIB, fed the clean rows as a tablib Dataset."""
    import tablib
    from import_export import fields, resources, widgets

    from directory.models import Business, Kbli
    from regions.models import District, Regency, Village

    tuned = args.child == "iex-tuned"

    class BusinessResource(resources.ModelResource):
        if tuned:
            # A blank NIB as NULL, not "" (the column is unique), and no NIB lookup for it: without
            # these two changes a use_bulk import of businesses without a NIB fails on the constraint.
            nib = fields.Field(attribute="nib", column_name="nib", widget=widgets.CharWidget(allow_blank=False))

        regency = fields.Field(attribute="regency", column_name="regency", widget=widgets.ForeignKeyWidget(Regency, "code"))
        district = fields.Field(attribute="district", column_name="district", widget=widgets.ForeignKeyWidget(District, "code"))
        village = fields.Field(attribute="village", column_name="village", widget=widgets.ForeignKeyWidget(Village, "code"))
        kbli = fields.Field(attribute="kbli", column_name="kbli", widget=widgets.ForeignKeyWidget(Kbli, "code"))

        class Meta:
            model = Business
            fields = DIRECTORY_FIELDS
            import_id_fields = ("nib",)
            if tuned:
                use_bulk = True
                batch_size = 1000
                skip_diff = True

        def get_instance(self, instance_loader, row):
            if tuned and not row.get("nib"):
                return None
            return super().get_instance(instance_loader, row)

    wipe_registry()
    rows = clean_rows(args)
    summary = json.loads(Path(f"{args.file}.summary.json").read_text())
    dataset = tablib.Dataset(headers=DIRECTORY_FIELDS)
    for row in rows:
        dataset.append([row.get(name) for name in DIRECTORY_FIELDS])  # None where the registry has no value
    del rows
    started = time.perf_counter()
    result = BusinessResource().import_data(dataset, dry_run=False)
    seconds = time.perf_counter() - started
    totals = {key.lower(): value for key, value in result.totals.items() if value}
    stored = Business.objects.count()
    notes = [("fed the generator's clean rows as a tablib Dataset: a default ModelResource cannot read the "
              "registry XLSX (title rows, two-row merged header)"),
             f"import_data(dataset, dry_run=False); result totals {totals}; businesses in the database: {stored:,}"]
    if result.has_errors() or result.has_validation_errors():
        first = (result.base_errors or [error for _row, errors in result.row_errors() for error in errors] or [None])[0]
        notes.append(f"ERRORS: {len(result.base_errors)} import errors, {len(result.row_errors())} rows with errors, "
                     f"{len(result.invalid_rows)} invalid rows; first: {str(getattr(first, 'error', first))[:200]}")
    no_nib = sum(1 for row in dataset.dict if not row["nib"])
    if tuned:
        notes.append("tuned: Meta use_bulk=True, batch_size=1000, skip_diff=True; a blank NIB cleaned to NULL and "
                     "not looked up (else bulk_create fails on the unique NIB)")
    if stored < len(dataset) and not result.has_errors():
        notes.append(f"{len(dataset) - stored:,} of the {no_nib:,} rows without a NIB did not become businesses: "
                     "keyed on NIB, a blank NIB is cleaned to '' and every such row updates the first one")
    limit = len(dataset)
    return {
        "rows": limit, "total_s": seconds, "rows_per_s": limit / seconds, "slice": limit < summary["distinct_valid"],
        "notes": notes,
    }


def child_bulk_create(args):
    """The floor: model instances from clean rows, Business.objects.bulk_create(batch_size=1000)."""
    from django.db import transaction

    from directory.models import Business
    from directory.names import name_key

    wipe_registry()
    rows = clean_rows(args)
    started = time.perf_counter()
    with transaction.atomic():
        Business.objects.bulk_create(
            [
                Business(
                    name=row["name"], name_key=name_key(row["name"]), slug=row["slug"], nib=row["nib"],
                    regency_id=row["regency"], district_id=row["district"], village_id=row["village"],
                    kbli_id=row["kbli"], business_type=row["business_type"], main_products=row["main_products"],
                    scale=row["scale"], address=row["address"], workers=row["workers"],
                    founded_year=row["founded_year"], sales_channels=row["sales_channels"], status=row["status"],
                )
                for row in rows
            ],
            batch_size=1000,
        )
    seconds = time.perf_counter() - started
    return {
        "rows": len(rows), "total_s": seconds, "rows_per_s": len(rows) / seconds,
        "notes": [("directory_business only (no private data, certificates or import record); instances built "
                   "from clean dicts inside the timing, slugs precomputed")],
    }


def child_profile(args):
    """Our first import again (from an empty registry), preview and commit each under cProfile."""
    import cProfile
    import pstats

    from registry.reading import read_table
    from registry.services import (
        import_job_commit,
        import_job_confirm,
        import_job_create,
        import_job_preview,
    )

    vendor = _vendor()
    data = args.file.read_bytes()
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = sum(1 for _row in read_table(data, args.file.name, "business").rows())
    print(f"\n=== {vendor}: reading alone (read_table + Table.rows, no profiler): {rows:,} rows in "
          f"{time.perf_counter() - started:.1f} s, CPU {time.process_time() - cpu_started:.1f} s")
    wipe_registry()
    job = import_job_create(user=bench_user(), filename=args.file.name, data=data, kind="business")
    del data
    for phase, call in (("preview", lambda: import_job_preview(job)),
                        ("commit", lambda: (import_job_confirm(job=job), import_job_commit(job)))):
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(call)
        seconds = time.perf_counter() - started
        path = WORK / f"profile_{vendor}_{phase}.prof"
        profiler.dump_stats(path)
        print(f"\n=== {vendor}: {phase} under cProfile: {seconds:.1f} s (profiler overhead included); {path}")
        stats = pstats.Stats(profiler)
        print_components(stats, PROFILE_COMPONENTS[phase], seconds)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(30)


# (label, file suffix, function): cumulative time of the steps of each phase, for the profile summary.
PROFILE_COMPONENTS = {
    "preview": [
        ("read_table: open the file, find sheet and header", "registry/reading.py", "read_table"),
        ("Table.rows: parse and sort every row", "registry/reading.py", "rows"),
        ("  of which the XLSX reader parses the sheet XML", "registry/xlsx.py", "rows"),
        ("  of which openpyxl parses the sheet XML (when reading.py uses it)", "openpyxl/worksheet/_reader.py", "parse"),
        ("  of which RowSorter sorts rows (data, blank, section, footer)", "registry/rows.py", "take"),
        ("PlaceResolver(): regions into memory", "registry/places.py", "__init__"),
        ("RowCleaner.business: clean the cells of each row", "registry/records.py", "business"),
        ("BusinessDuplicates.earlier_row: duplicates inside the file", "registry/matching.py", "earlier_row"),
        ("match_businesses: find existing businesses (queries)", "registry/matching.py", "match_businesses"),
        ("load_current: their current values (queries)", "registry/matching.py", "load_current"),
        ("Stager.add: stage each record as JSON", "registry/scans.py", "add"),
        ("Stager.finish: compress the staged records", "registry/scans.py", "finish"),
        ("save_problems: store warnings and errors", "registry/scans.py", "save_problems"),
        ("_update: job progress and results", "registry/services.py", "_update"),
    ],
    "commit": [
        ("PlaceResolver(): regions into memory (unused by the commit)", "registry/places.py", "__init__"),
        ("read_staged: decompress and decode the records", "registry/scans.py", "read_staged"),
        ("match_businesses: find existing businesses (queries)", "registry/matching.py", "match_businesses"),
        ("load_current: their current values (queries)", "registry/matching.py", "load_current"),
        ("BusinessScan.write: build and insert the rows", "registry/scans.py", "write"),
        ("  of which unique_slugs", "umkm_portal/slugs.py", "unique_slugs"),
        ("  of which umkm_portal.bulk.insert_rows (COPY on PostgreSQL)", "umkm_portal/bulk.py", "insert_rows"),
        ("  of which Django bulk_create (every table)", "django/db/models/query.py", "bulk_create"),
        ("  of which model instances built (Model.__init__)", "django/db/models/base.py", "__init__"),
        ("_after_commit: listings, facet counts, ANALYZE", "registry/services.py", "_after_commit"),
        ("  of which refresh_counts", "catalog/listing.py", "refresh_counts"),
    ],
}


def print_components(stats, components, seconds):
    """Cumulative seconds of each step (under the profiler), as a share of the phase."""
    for label, suffix, function in components:
        total = sum(
            ct for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()
            if name == function and filename.endswith(suffix)
        )
        print(f"  {total:7.1f} s {100 * total / seconds:5.1f} %  {label}")


def _vendor():
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
