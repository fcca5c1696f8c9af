#!/usr/bin/env bash
# Load and fault test: gunicorn with production settings on PostgreSQL, driven by wrk on loopback
# for DURATION at CONNECTIONS connections over home, list, search and detail pages; then the same
# run again while one gunicorn worker is killed with SIGKILL every KILL_EVERY seconds.
# Prints requests/s, latency percentiles, non-2xx answers and socket errors of both runs.
#
#   bench/faults.sh                  # database bench_faults: demo data + GENERATED generated entries
#   DURATION=60s CONNECTIONS=64 WORKERS=4 KILL_EVERY=10 GENERATED=2000 PORT=8790 bench/faults.sh
#   MIX=paths.txt bench/faults.sh    # one path per line instead of the generated mix
#
# Not part of the test run. Needs PostgreSQL at BENCH_POSTGRES, Redis at REDIS_URL and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
WORKERS=${WORKERS:-4}
KILL_EVERY=${KILL_EVERY:-10}
GENERATED=${GENERATED:-2000}
PORT=${PORT:-8790}
PG_SERVER=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${DB_NAME:-bench_faults}
WORK=$(mktemp -d)
GUNICORN_PID=""
KILLER_PID=""

cleanup() {
  if [ -n "$KILLER_PID" ]; then kill "$KILLER_PID" 2>/dev/null || true; fi
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: installing it with apt-get"
  apt-get install -y -qq wrk >/dev/null
fi

export DATABASE_URL="$PG_SERVER/$DB_NAME"
export MEDIA_ROOT="$PWD/bench/.data/faults-media"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/9}
unset DJANGO_ENV

# 1. Data, loaded with development settings (load_demo refuses production).
psql "$PG_SERVER/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB_NAME"
echo "== preparing $DATABASE_URL"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py import_regions -v 0 >/dev/null
.venv/bin/python manage.py load_demo >/dev/null
if [ "$(.venv/bin/python manage.py shell -v 0 -c 'from innovations.models import Innovation; print(Innovation.objects.filter(is_generated=True).exists())')" = "False" ]; then
  .venv/bin/python manage.py generate_innovations --count "$GENERATED" >/dev/null
fi

# 2. The URL mix: a quarter each of home, list pages, searches and detail pages (or the file MIX).
if [ -n "${MIX:-}" ]; then cp "$MIX" "$WORK/paths.txt"; else
.venv/bin/python manage.py shell -v 0 -c "
import random
from django.urls import reverse
from innovations.models import Innovation
rng = random.Random(9)
listing = reverse('innovations:list')
details = [i.get_absolute_url() for i in Innovation.objects.published().order_by('?')[:50]]
words = ['layanan', 'kesehatan', 'desa', 'sampah', 'posyandu', 'administrasi', 'digital', 'pangan', 'air bersih', 'anak']
paths = ['/'] * 50 + [listing] * 25 + [f'{listing}?page={p}' for p in range(2, 27)]
paths += [f'{listing}?q={rng.choice(words).replace(\" \", \"+\")}' for _ in range(50)]
paths += [rng.choice(details) for _ in range(50)]
rng.shuffle(paths)
print('\n'.join(paths))
" > "$WORK/paths.txt"
fi
echo "   $(wc -l < "$WORK/paths.txt") paths, e.g. $(sed -n 1,4p "$WORK/paths.txt" | tr '\n' ' ')"

cat > "$WORK/mix.lua" <<'LUA'
-- Each connection walks the path list from its own offset; done() prints the summary.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local counter = 0
function setup(thread) counter = counter + 1; thread:set("offset", counter * 37) end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[((offset or 0) + i) % #paths + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests: %d in %.1f s = %.1f requests/s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx/3xx answers: %d   socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.status, e.connect, e.read, e.write, e.timeout))
end
LUA

# 3. Serve with production settings over plain HTTP on loopback.
export DJANGO_ENV=production
export DJANGO_SECRET_KEY="faults-$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
export LOG_LEVEL=${LOG_LEVEL:-INFO}
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn inovasi_portal.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 30 \
  --log-level warning 2> "$WORK/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "gunicorn did not start:"; cat "$WORK/gunicorn.log"; exit 1; }
echo "== response headers of the home page (as behind the TLS proxy: X-Forwarded-Proto: https)"
curl -s -D - -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/" | tr -d '\r' | sed 's/^/   /'
# Warm every path once (page cache, connections) so both runs start alike.
while read -r path; do curl -s -o /dev/null "http://127.0.0.1:$PORT$path"; done < "$WORK/paths.txt"
bad=$(while read -r path; do curl -s -o /dev/null -w '%{http_code} %{url_effective}\n' "http://127.0.0.1:$PORT$path"; done < "$WORK/paths.txt" | grep -v '^200 ' || true)
if [ -n "$bad" ]; then echo "paths that do not answer 200:"; echo "$bad" | sort | uniq -c | head; fi

run_wrk() {
  PATHS_FILE="$WORK/paths.txt" wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s \
    --script "$WORK/mix.lua" "http://127.0.0.1:$PORT" | sed -n '/^requests:/,$p'
}

echo "== run 1: $DURATION, $CONNECTIONS connections, $WORKERS workers, no faults ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
run_wrk

echo "== run 2: the same while one worker is killed with SIGKILL every $KILL_EVERY s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
(
  while sleep "$KILL_EVERY"; do
    victim=$(pgrep -P "$GUNICORN_PID" | shuf -n 1 || true)
    if [ -n "$victim" ]; then kill -KILL "$victim" && echo "   killed worker $victim at $(date +%T)"; fi
  done
) &
KILLER_PID=$!
run_wrk
kill "$KILLER_PID" 2>/dev/null || true
wait "$KILLER_PID" 2>/dev/null || true
KILLER_PID=""
echo "   workers alive after run 2: $(pgrep -P "$GUNICORN_PID" | wc -l) of $WORKERS"
echo "   5xx lines in the request log: $(grep -c ' 5[0-9][0-9] [0-9.]*ms$' "$WORK/gunicorn.log" || true)"
