"""Page benchmark: median and p95 time and query count of each public page, page cache off and on.

Runs the portal in-process through its WSGI handler (no network, no test client) on databases it
builds itself (migrate, import_regions, generate_innovations), at each size and on each database,
beside a bare page that renders base.html with no query: the ceiling of this machine. Then it
checks the targets of issue 8. Usage (see bench/README.md):

    .venv/bin/python bench/pages.py [--sizes 1000 100000] [--db sqlite postgres] [--requests 50]
"""

import argparse
import gzip
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "bench" / ".data"
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
WARM_UP = 3

# Query parameters of /inovasi/ (innovations/filters.py).
LIST_PATH = "/inovasi/"
PAGE_PARAM = "page"
SORT_PARAM = "urut"
SORT_NEWEST = "terbaru"
SORT_RELEVANCE = "relevan"
LIST_PAGE_SIZE = 20
# How an innovation card starts (templates/innovations/includes/card.html): counted to show each page's size.
CARD_MARK = b'<article class="card innovation-card">'

TARGET_MEDIAN_MS = 60
TARGET_BARE_RATIO = 15
TARGET_CACHED_RATIO = 2
TARGET_TTFB_MS = 200
TARGET_GROWTH = 1.5
TARGET_SQLITE_RATIO = 2
TARGET_WEIGHT_KB = 60

PAGES = [
    ("bare page (ceiling)", "bare"),
    ("home", "home"),
    ("/inovasi/ plain", "list"),
    ("provinsi + tema", "filtered"),
    ("search, 2 words", "search"),
    ("search, relevance", "relevance"),
    ("search, broad term", "broad"),
    ("list page 500", "deep"),
    ("detail", "detail"),
    ("kecamatan page", "kecamatan"),
    ("provinsi page", "provinsi"),
    ("/statistik/", "statistik"),
    ("CSV export (TTFB)", "csv"),
]


def database_url(db, size):
    if db == "sqlite":
        return f"sqlite:///{DATA_DIR}/pages-{size}.sqlite3"
    return f"{PG_SERVER}/bench_pages_{size}"


# ---------------------------------------------------------------------------------------- worker


def prepare(db, size, rebuild, log):
    """Create the database if needed and fill it: regions, then `size` generated entries."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            name = f"bench_pages_{size}"
            if rebuild:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    elif rebuild:
        Path(database_url(db, size).removeprefix("sqlite:///")).unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from innovations.models import Innovation
    from regions.models import Kecamatan

    call_command("migrate", verbosity=0)
    if not Kecamatan.objects.exists():
        log("  importing regions ...")
        call_command("import_regions", stdout=io.StringIO())
    have = Innovation.objects.filter(is_generated=True).count()
    if have not in (0, size):
        raise SystemExit(f"{db} database holds {have} generated entries, not {size}: run with --rebuild")
    if have == 0:
        log(f"  generating {size:,} innovations ...")
        started = time.monotonic()
        call_command("generate_innovations", count=size, seed=1, stdout=io.StringIO())
        log(f"  generated in {time.monotonic() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


class Caller:
    """Calls the WSGI application the way a server would, and times it."""

    def __init__(self):
        from django.core.wsgi import get_wsgi_application

        self.app = get_wsgi_application()

    def __call__(self, url, first_byte=False):
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_ACCEPT_LANGUAGE": "id",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status[:3]), dict(headers)

        started = time.perf_counter()
        result = self.app(environ, start_response)
        try:
            if first_byte:
                body = next((chunk for chunk in result if chunk), b"")
            else:
                body = b"".join(result)
            elapsed = (time.perf_counter() - started) * 1000
        finally:
            result.close()
        return elapsed, answer["status"], answer["headers"], body


def url(path, **params):
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(params)}" if params else path


def variants(n, size):
    """n + WARM_UP different URLs of each page, so that the cache-off figures do the real work each time.

    The filtered and searched lists take the filter values and word pairs with the most matches at this
    size (a full page of 20 where there are enough), so that the page compared at 1,000 and at 100,000
    entries is as nearly as possible the same page: at 1,000 entries most provinsi + tema pairs match
    two or three entries, and a page of three cards is not the page of twenty that 100,000 entries give.
    The table's "cards" column shows how many each page showed.
    """
    import random

    from django.db.models import Count, Exists, OuterRef

    from awards.models import Result
    from innovations import generated_words as words
    from innovations import search
    from innovations.models import Indicator, Innovation, Photo
    from innovations.selectors import MAX_SEARCH_RESULTS
    from regions.models import Provinsi

    rng = random.Random(5)
    total = n + WARM_UP
    public = Innovation.objects.published()
    slugs = list(public.order_by("?").values_list("slug", flat=True)[:total])
    # A detail page reads only the lists its entry has something in, so its query count is captured on the
    # first timed entry (see run_page): one with every list generated entries have, at both sizes.
    full = public.filter(*(Exists(model.objects.filter(innovation=OuterRef("pk")))
                           for model in (Result, Photo, Indicator, Innovation.desa.through)))
    slugs[WARM_UP] = full.order_by("id").values_list("slug", flat=True).first() or slugs[WARM_UP]
    kecamatan = list(public.values_list("kecamatan_id", flat=True).distinct().order_by("kecamatan_id")[:2000])
    provinsi = list(Provinsi.objects.order_by("code").values_list("code", flat=True))
    by_count = public.order_by().values("provinsi_id", "theme__slug").annotate(n=Count("id"))
    filters = sorted(by_count, key=lambda row: (-min(row["n"], LIST_PAGE_SIZE), row["provinsi_id"], row["theme__slug"]))
    filters = [(row["provinsi_id"], row["theme__slug"]) for row in filters[:total]]
    rng.shuffle(filters)
    objects = [o.lower() for objs, _ in words.THEMES.values() for o in objs if " " in o]
    candidates = objects + [f"{a.lower()} {b.lower()}" for a in words.NAME_WORDS for b in words.QUALIFIERS]
    rng.shuffle(candidates)
    matches = {pair: search.search(public, search.parse_query(pair)).order_by()[:LIST_PAGE_SIZE].count()
               for pair in candidates}
    pairs = sorted(candidates, key=lambda pair: -matches[pair])[:total]  # stable: shuffled among equals
    rng.shuffle(pairs)
    # What a search page's first query reads (selectors.MAX_SEARCH_RESULTS + 1 matches at most): its work grows
    # with this number, which is about ten times larger at 100,000 entries than at 1,000.
    bound = MAX_SEARCH_RESULTS + 1
    pair_matches = statistics.median(
        search.search(public, search.parse_query(pair)).order_by()[:bound].count() for pair in pairs)

    broad_candidates = ["layanan", "kader", "petugas", "anggaran", "sehat", "keliling", "digital"]
    text = ("title", "summary", "problem", "approach", "goals", "benefits")
    shares = public.aggregate(total=Count("id"), **{
        word: Count("id", filter=_any(text, word)) for word in broad_candidates})
    broad = min(broad_candidates, key=lambda w: abs(shares[w] / max(1, shares["total"]) - 1 / 3))
    deep_page = min(500, max(1, size // LIST_PAGE_SIZE))

    def cycle(seq, i):
        return seq[i % len(seq)]

    pages = {
        "bare": ["/_bench/dasar/"] * total,
        "home": ["/"] * total,
        "list": [LIST_PATH] * total,
        "filtered": [url(LIST_PATH, provinsi=cycle(filters, i)[0], tema=cycle(filters, i)[1]) for i in range(total)],
        "search": [url(LIST_PATH, q=cycle(pairs, i), **{SORT_PARAM: SORT_NEWEST}) for i in range(total)],
        "relevance": [url(LIST_PATH, q=cycle(pairs, i + 17), **{SORT_PARAM: SORT_RELEVANCE}) for i in range(total)],
        "broad": [url(LIST_PATH, q=broad, **{SORT_PARAM: SORT_RELEVANCE, PAGE_PARAM: 1 + i % 5})
                  for i in range(total)],
        "deep": [url(LIST_PATH, **{PAGE_PARAM: max(1, deep_page - i % 10)}) for i in range(total)],
        "detail": [f"{LIST_PATH}{cycle(slugs, i)}/" for i in range(total)],
        "kecamatan": [f"/wilayah/{rng.choice(kecamatan)}/" for _ in range(total)],
        "provinsi": [f"/wilayah/{cycle(provinsi, i)}/" for i in range(total)],
        "statistik": ["/statistik/"] * total,
        "csv": ["/data/inovasi.csv"] * total,
    }
    notes = {"broad": f"q={broad} matches {shares[broad] / max(1, shares['total']):.0%} of entries",
             "deep": f"page {deep_page}",
             "search": f"the word pairs match {pair_matches:.0f} entries (median, counted up to {bound})"}
    return pages, notes


def _any(fields, word):
    from django.db.models import Q

    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": word})
    return q


def exists(path):
    from django.urls import Resolver404, resolve

    try:
        resolve(path.partition("?")[0])
    except Resolver404:
        return False
    return True


def run_page(call, urls, n, first_byte, cache_on, bare_url=None):
    """Median and p95 of `n` timed requests; with `bare_url`, each is preceded by a timed request of the bare
    page, whose median becomes this page's own ceiling (the machine's speed drifts over a run)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = cache_on
    cache.clear()
    warm, timed = urls[:WARM_UP], urls[WARM_UP:WARM_UP + n]
    for u in warm:
        call(u, first_byte)
    if cache_on:
        for u in timed:
            call(u, first_byte)
    times, statuses, hits, sizes, cards, bare = [], Counter(), 0, [], [], []
    for u in timed:
        if bare_url:
            bare.append(call(bare_url)[0])
        elapsed, status, headers, body = call(u, first_byte)
        times.append(elapsed)
        statuses[status] += 1
        hits += headers.get("X-Page-Cache") == "hit"
        sizes.append(len(body))
        cards.append(body.count(CARD_MARK))
    with CaptureQueriesContext(connection) as queries:
        call(timed[0], first_byte)
    times.sort()
    return {
        "median": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "queries": len(queries), "statuses": dict(statuses), "hits": hits, "bytes": int(statistics.median(sizes)),
        "cards": statistics.median(cards), "bare": statistics.median(bare) if bare else None,
    }


def ratio(measured, ceiling):
    """A page's median over the bare page's: the one measured beside it, else the run's first."""
    return measured["median"] / (measured.get("bare") or ceiling)


def page_weight(call):
    """List page: HTML gzip-compressed as a proxy would send it, plus the compressed CSS and JS it loads."""
    from django.conf import settings

    _, status, _, body = call(LIST_PATH)
    html = body.decode()
    weight = {"html": len(gzip.compress(body, 6))}
    for ref in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        path = Path(settings.STATIC_ROOT) / ref.removeprefix(settings.STATIC_URL)
        compressed = path.with_name(path.name + ".gz")
        weight[ref] = len(compressed.read_bytes()) if compressed.exists() else len(gzip.compress(path.read_bytes()))
    return weight


def database_memory():
    """PostgreSQL: its shared buffers beside the database's size. A database larger than its buffers is read
    from the operating system's cache page by page (docs/deploy.md, "One machine")."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('shared_buffers'), pg_size_pretty(pg_database_size(current_database()))")
        buffers, size = cursor.fetchone()
    return f"shared_buffers {buffers}, database {size}"


def worker(db, size, n, rebuild, out):
    def log(message):
        print(message, flush=True)

    prepare(db, size, rebuild, log)
    from django.conf import settings
    from django.db import connection

    call = Caller()
    pages, notes = variants(n, size)
    results = {"db": db, "size": size, "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
               "server": connection.vendor + " " + ".".join(map(str, connection.get_database_version())),
               "notes": notes, "pages": {}, "load_before": os.getloadavg()[0], "memory": database_memory()}
    for label, key in PAGES:
        urls = pages[key]
        if not exists(urls[0]):
            results["pages"][key] = None
            log(f"  {label}: missing")
            continue
        first_byte = key == "csv"
        bare_url = None if key == "bare" else pages["bare"][0]
        entry = {"off": run_page(call, urls, n, first_byte, cache_on=False, bare_url=bare_url)}
        if not first_byte:
            entry["on"] = run_page(call, urls, n, first_byte, cache_on=True, bare_url=bare_url)
        results["pages"][key] = entry
        log(f"  {label}: {entry['off']['median']:.1f} ms, {entry['off']['queries']} queries")
    results["weight"] = page_weight(call) if exists(LIST_PATH) else None
    results["load_after"] = os.getloadavg()[0]
    Path(out).write_text(json.dumps(results))


# ---------------------------------------------------------------------------------------- report


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {memory:,} MB RAM, Python {platform.python_version()}"


def fmt(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(result):
    pages = result["pages"]
    bare = pages["bare"]["off"]["median"]
    bare_on = pages["bare"]["on"]["median"]
    print(f"\n{result['server']} · {result['size']:,} innovations · cache backend {result['cache']} · "
          f"load average {result['load_before']:.1f} before, {result['load_after']:.1f} after (2 cores shared)")
    if result.get("memory"):
        print(f"  ({result['memory']})")
    for key, note in result["notes"].items():
        print(f"  ({key}: {note})")
    head = (f"{'page':<22}{'off median':>11}{'p95':>8}{'queries':>8}{'cards':>6}{'×bare':>7}   "
            f"{'on median':>10}{'p95':>8}{'×bare':>7}{'hits':>6}  status")
    print(head + "\n" + "-" * len(head))
    for label, key in PAGES:
        entry = pages.get(key)
        if entry is None:
            print(f"{label:<22}{'missing':>11}")
            continue
        off, on = entry["off"], entry.get("on")
        status = ",".join(f"{code}×{count}" for code, count in sorted(off["statuses"].items()))
        line = (f"{label:<22}{fmt(off['median']):>11}{fmt(off['p95']):>8}{off['queries']:>8}"
                f"{fmt(off.get('cards'), 0):>6}{ratio(off, bare):>7.1f}   ")
        if on:
            line += f"{fmt(on['median']):>10}{fmt(on['p95']):>8}{ratio(on, bare_on):>7.1f}{on['hits']:>6}"
        else:
            line += f"{'(streamed, not cached)':>31}"
        print(f"{line}  {status}")
    if result.get("weight"):
        weight = result["weight"]
        parts = ", ".join(f"{Path(k).name} {v / 1024:.1f} KB" for k, v in weight.items())
        print(f"  list page weight, compressed: {sum(weight.values()) / 1024:.1f} KB ({parts})")


def check_targets(results):
    """Print each target of issue 8 as met or not, from the figures just measured."""
    by = {(r["db"], r["size"]): r for r in results}
    lines = []

    def verdict(ok, text, target=True):
        mark = ("met" if ok else "NOT met") if target else ("within" if ok else "beyond") + ", not a target"
        lines.append(f"  [{mark}] {text}")

    big = max(r["size"] for r in results)
    small = min(r["size"] for r in results)
    for db in ("postgres", "sqlite"):
        r = by.get((db, big))
        if not r:
            continue
        bare, bare_on = r["pages"]["bare"]["off"]["median"], r["pages"]["bare"]["on"]["median"]
        for label, key in PAGES[1:]:
            entry = r["pages"].get(key)
            if entry is None:
                verdict(False, f"{db} {big:,}: {label} missing")
                continue
            if set(entry["off"]["statuses"]) != {"200"}:
                verdict(False, f"{db} {big:,}: {label} answers {entry['off']['statuses']}, not 200")
                continue
            off = entry["off"]["median"]
            if key == "csv":
                verdict(off <= TARGET_TTFB_MS, f"{db} {big:,}: {label} first byte {off:.0f} ms ≤ {TARGET_TTFB_MS} ms")
                continue
            if db == "postgres":
                times_bare = ratio(entry["off"], bare)
                verdict(off <= TARGET_MEDIAN_MS and times_bare <= TARGET_BARE_RATIO,
                        f"{db} {big:,}: {label} cache off {off:.1f} ms ≤ {TARGET_MEDIAN_MS} ms and "
                        f"≤ {TARGET_BARE_RATIO}× bare ({times_bare:.1f}×)")
            on = entry["on"]["median"]
            times_bare = ratio(entry["on"], bare_on)
            verdict(times_bare <= TARGET_CACHED_RATIO,
                    f"{db} {big:,}: {label} cache on {on:.2f} ms ≤ {TARGET_CACHED_RATIO}× bare ({times_bare:.1f}×)")
    for db in ("postgres", "sqlite"):
        r_big, r_small = by.get((db, big)), by.get((db, small))
        if not r_big or not r_small or big == small:
            continue
        for label, key in PAGES[1:]:
            a, b = r_small["pages"].get(key), r_big["pages"].get(key)
            if a is None or b is None:
                continue
            # Growth and equal query counts are PostgreSQL's targets; SQLite's is to stay within 2× PostgreSQL.
            # The two sizes run minutes apart, and the machine's speed drifts: each median is taken relative
            # to the bare page measured beside it, and the plain milliseconds are shown too.
            raw = b["off"]["median"] / a["off"]["median"]
            growth = ratio(b["off"], r_big["pages"]["bare"]["off"]["median"]) / ratio(
                a["off"], r_small["pages"]["bare"]["off"]["median"])
            verdict(growth <= TARGET_GROWTH, f"{db}: {label} {big:,} / {small:,} = {growth:.2f} ≤ {TARGET_GROWTH} "
                    f"(in ms: {raw:.2f})", target=db == "postgres")
            verdict(a["off"]["queries"] == b["off"]["queries"],
                    f"{db}: {label} queries {a['off']['queries']} at {small:,}, {b['off']['queries']} at {big:,}",
                    target=db == "postgres")
    for size in sorted({r["size"] for r in results}):
        pg, lite = by.get(("postgres", size)), by.get(("sqlite", size))
        if not pg or not lite:
            continue
        for label, key in PAGES[1:]:
            a, b = pg["pages"].get(key), lite["pages"].get(key)
            if a is None or b is None:
                continue
            raw = b["off"]["median"] / a["off"]["median"]
            slower = ratio(b["off"], lite["pages"]["bare"]["off"]["median"]) / ratio(
                a["off"], pg["pages"]["bare"]["off"]["median"])
            verdict(slower <= TARGET_SQLITE_RATIO,
                    f"{size:,}: {label} SQLite / PostgreSQL = {slower:.2f} ≤ 2 (in ms: {raw:.2f})")
    for r in results:
        if r.get("weight"):
            kb = sum(r["weight"].values()) / 1024
            verdict(kb <= TARGET_WEIGHT_KB, f"{r['db']} {r['size']:,}: list page {kb:.1f} KB ≤ {TARGET_WEIGHT_KB} KB")
    print("\nTargets")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the benchmark databases")
    parser.add_argument("--prepare-only", action="store_true", help="build the databases, measure nothing")
    parser.add_argument("--report", nargs="+", metavar="JSON",
                        help="print the tables and targets from results saved by earlier runs, measure nothing")
    parser.add_argument("--worker", nargs=2, metavar=("DB", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        sys.path.insert(0, str(BASE_DIR))
        db, size = args.worker[0], int(args.worker[1])
        if args.prepare_only:
            prepare(db, size, args.rebuild, print)
        else:
            worker(db, size, args.requests, args.rebuild, args.out)
        return

    # LOG_LEVEL: the per-request log line would time the terminal, not the page.
    if args.report:
        results = [r for path in args.report for r in json.loads(Path(path).read_text())]
        for result in results:
            print_table(result)
        check_targets(results)
        return

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "MEDIA_ROOT": str(DATA_DIR / "media"),
           "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING")}
    env.pop("DJANGO_ENV", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env,
                   check=True)
    print(f"Machine: {machine()}")
    results = []
    for db in args.db:
        for size in args.sizes:
            print(f"\n== {db}, {size:,} innovations", flush=True)
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [sys.executable, __file__, "--worker", db, str(size), "--out", out.name,
                           "--requests", str(args.requests)]
                command += ["--rebuild"] if args.rebuild else []
                command += ["--prepare-only"] if args.prepare_only else []
                subprocess.run(command, cwd=BASE_DIR, env={**env, "DATABASE_URL": database_url(db, size)},
                               check=True)
                if not args.prepare_only:
                    results.append(json.loads(Path(out.name).read_text()))
                    saved = DATA_DIR / f"results-{db}-{size}-{time.strftime('%Y%m%d-%H%M%S')}.json"
                    saved.write_text(json.dumps([results[-1]]))
                    print(f"  saved to {saved.relative_to(BASE_DIR)} (print again with --report)")
    for result in results:
        print_table(result)
    if results:
        check_targets(results)


if __name__ == "__main__":
    main()
