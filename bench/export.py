"""Export benchmark: time and peak memory of /data/inovasi.csv and /data/inovasi.json at 10,000 and 100,000 entries.

Builds its own databases when they are missing (migrate, import_regions, generate_innovations
seed 1): a SQLite file bench/.data/export-<size>.sqlite3 and a PostgreSQL database
bench_export_<size> on $BENCH_POSTGRES. Each database and size is measured in a fresh process
so that ru_maxrss starts from the same point. Every export is run twice through the real view
(RequestFactory, the whole streamed body consumed and counted): once plain for the time (wall and
CPU of the Python process; the database's own work shows only in the wall time) and the growth of
the resident set (ru_maxrss), once under tracemalloc for the peak of Python allocations.
Memory must not grow with the count: the script prints the ratio 100,000 / 10,000.

    .venv/bin/python bench/export.py [--sizes 10000 100000] [--db postgres sqlite] [--rebuild]
"""

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "bench" / ".data"
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
FORMATS = [("CSV", "/data/inovasi.csv", "innovations_csv"), ("JSON", "/data/inovasi.json", "innovations_json")]


def database_url(db, size):
    if db == "sqlite":
        return f"sqlite:///{DATA_DIR / f'export-{size}.sqlite3'}"
    return f"{PG_SERVER}/bench_export_{size}"


def setup_django(db, size):
    os.environ["DATABASE_URL"] = database_url(db, size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inovasi_portal.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG keeps every query in memory
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def prepare(db, size, rebuild):
    """Create the database with `size` generated published innovations unless it already has them."""
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"bench_export_{size}"]).fetchone()
            if exists and rebuild:
                conn.execute(f"DROP DATABASE bench_export_{size}")
            if not exists or rebuild:
                conn.execute(f"CREATE DATABASE bench_export_{size}")
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / f"export-{size}.sqlite3"
        if rebuild and path.exists():
            path.unlink()
    setup_django(db, size)
    from django.core.management import call_command

    from innovations.models import Innovation

    call_command("migrate", verbosity=0)
    have = Innovation.objects.published().count()
    if have != size:
        print(f"  building {db} with {size:,} entries ...", flush=True)
        started = time.perf_counter()
        Innovation.objects.filter(is_generated=True).delete()
        call_command("import_regions", stdout=io.StringIO())
        call_command("generate_innovations", count=size, seed=1, stdout=io.StringIO())
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    if db == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def maxrss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_export(view, path):
    """Consume one whole streamed export; returns (bytes, wall seconds, CPU seconds of this process)."""
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    started, cpu_started = time.perf_counter(), time.process_time()
    response = view(request)
    assert response.streaming, "an export must be streamed"
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size, time.perf_counter() - started, time.process_time() - cpu_started


def measure(db, size):
    """Runs in its own process: prints one JSON line per format."""
    setup_django(db, size)
    import tracemalloc

    from django.db import connection

    from innovations.models import Innovation
    from opendata import views

    connection.ensure_connection()
    entries = Innovation.objects.published().count()
    # One small export first, so that imports and first-query costs are not billed to the big one.
    run_export(views.innovations_csv, "/data/inovasi.csv?tahun=1950")
    for name, path, view_name in FORMATS:
        view = getattr(views, view_name)
        before = maxrss_mb()
        nbytes, seconds, cpu_seconds = run_export(view, path)
        rss_growth = maxrss_mb() - before
        tracemalloc.start()
        run_export(view, path)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(json.dumps({
            "db": db, "entries": entries, "format": name, "mb": nbytes / 2**20,
            "seconds": seconds, "cpu_seconds": cpu_seconds,
            "rows_per_s": entries / seconds, "tracemalloc_peak_mb": peak / 2**20,
            "maxrss_growth_mb": rss_growth, "maxrss_mb": maxrss_mb(),
        }), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--db", nargs="+", choices=["postgres", "sqlite"], default=["postgres", "sqlite"])
    parser.add_argument("--rebuild", action="store_true", help="drop and build the databases again")
    parser.add_argument("--prepare", nargs=2, metavar=("DB", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, metavar=("DB", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare[0], int(args.prepare[1]), args.rebuild)
        return
    if args.measure:
        measure(args.measure[0], int(args.measure[1]))
        return

    results = []
    for db in args.db:
        for size in args.sizes:
            print(f"{db}, {size:,} entries", flush=True)
            prepare_args = ["--prepare", db, str(size)] + (["--rebuild"] if args.rebuild else [])
            subprocess.run([sys.executable, __file__, *prepare_args], check=True, cwd=BASE_DIR)
            out = subprocess.run([sys.executable, __file__, "--measure", db, str(size)], check=True,
                                 stdout=subprocess.PIPE, text=True, cwd=BASE_DIR).stdout
            for line in out.splitlines():
                if line.startswith("{"):
                    results.append(json.loads(line))
                    print("  " + line, flush=True)  # kept even if a later, larger run is stopped

    print()
    header = f"{'db':<9}{'entries':>9} {'format':<6}{'size MB':>9}{'time s':>8}{'CPU s':>7}{'rows/s':>9}" \
             f"{'tracemalloc peak MB':>21}{'maxrss growth MB':>18}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['db']:<9}{r['entries']:>9,} {r['format']:<6}{r['mb']:>9.1f}{r['seconds']:>8.2f}"
              f"{r['cpu_seconds']:>7.2f}"
              f"{r['rows_per_s']:>9,.0f}{r['tracemalloc_peak_mb']:>21.1f}{r['maxrss_growth_mb']:>18.1f}")
    for db in args.db:
        for name, _path, _view in FORMATS:
            rows = sorted((r for r in results if r["db"] == db and r["format"] == name), key=lambda r: r["entries"])
            if len(rows) >= 2:
                small, big = rows[0], rows[-1]
                print(f"{db} {name}: {big['entries'] / small['entries']:.0f}x the entries -> "
                      f"tracemalloc peak x{big['tracemalloc_peak_mb'] / small['tracemalloc_peak_mb']:.2f}, "
                      f"time x{big['seconds'] / small['seconds']:.1f}")


if __name__ == "__main__":
    main()
