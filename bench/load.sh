#!/usr/bin/env bash
# Throughput: gunicorn with production settings on PostgreSQL, driven by wrk on loopback over a mix of
# home, list, search and detail pages, beside the same run against the bare page (base.html, no query).
#
#   bench/load.sh [SIZE]          SIZE generated entries (default 100000); the database is built if missing
#   DURATION=60s CONNECTIONS=32 WORKERS=4 PORT=8765 CACHE_OFF_TOO=1 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${1:-100000}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-32}
WORKERS=${WORKERS:-4}
PORT=${PORT:-8765}
PG_SERVER=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
WORK=$(mktemp -d)
GUNICORN_PID=""

cleanup() {
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: installing it with apt-get"
  apt-get install -y wrk >/dev/null
fi

.venv/bin/python bench/pages.py --prepare-only --sizes "$SIZE" --db postgres

export DJANGO_ENV=production
export DJANGO_SETTINGS_MODULE=bench.settings
export DJANGO_SECRET_KEY="bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="$PG_SERVER/bench_pages_$SIZE"
export MEDIA_ROOT="$PWD/bench/.data/media"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/8}
export LOG_LEVEL=${LOG_LEVEL:-INFO}

# 200 paths: a quarter each of home, list pages, two-word searches and detail pages.
.venv/bin/python manage.py shell -v 0 -c "
import random
from innovations import generated_words as words
from innovations.models import Innovation
rng = random.Random(3)
slugs = list(Innovation.objects.published().order_by('?').values_list('slug', flat=True)[:50])
objects = [o.lower().replace(' ', '+') for objs, _ in words.THEMES.values() for o in objs if ' ' in o]
paths = ['/'] * 50
paths += ['/inovasi/'] * 25 + [f'/inovasi/?page={p}' for p in range(2, 27)]
paths += [f'/inovasi/?q={rng.choice(objects)}' for _ in range(50)]
paths += [f'/inovasi/{slug}/' for slug in slugs]
rng.shuffle(paths)
print('\n'.join(paths))
" > "$WORK/mix.txt"
echo "/_bench/dasar/" > "$WORK/bare.txt"

cat > "$WORK/paths.lua" <<'LUA'
-- Cycles through the paths in the file named by PATHS; every request comes through a TLS proxy.
local paths, i = {}, 0
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
wrk.headers["X-Forwarded-Proto"] = "https"
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

start_gunicorn() {
  .venv/bin/gunicorn inovasi_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --log-level warning >"$WORK/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq 1 50); do
    curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/_bench/dasar/" && return 0
    sleep 0.2
  done
  echo "gunicorn did not start:"; cat "$WORK/gunicorn.log"; exit 1
}

stop_gunicorn() {
  kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true; GUNICORN_PID=""
}

check_paths() {
  local bad=0
  while read -r path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$path")
    if [ "$code" != 200 ]; then bad=$((bad + 1)); echo "  $code $path"; fi
  done < <(sort -u "$1")
  echo "  paths not answering 200: $bad"
}

run_wrk() {
  local name=$1 file=$2
  echo
  echo "== $name: wrk -t2 -c$CONNECTIONS -d$DURATION"
  PATHS=$file wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/paths.lua" "http://127.0.0.1:$PORT" \
    | tee "$WORK/$name.out" | grep -E "Requests/sec|Latency  |  50%|  75%|  90%|  99%|requests in|Non-2xx|Socket errors"
}

rps() { awk '/Requests\/sec/ {print $2}' "$WORK/$1.out"; }
errors() {
  awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/$1.out"
}

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
     "gunicorn $WORKERS sync workers, cache $REDIS_URL, $SIZE innovations"
start_gunicorn
css=$(curl -s -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/" | grep -o '/static/[^"]*\.css' | head -1)
echo "Static file $css:"
curl -sI -H "Accept-Encoding: br, gzip" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$css" \
  | grep -iE "^(cache-control|content-encoding|content-length)" | sed 's/^/  /'
echo "Checking the mix (page cache on):"
check_paths "$WORK/mix.txt"
run_wrk bare "$WORK/bare.txt"
run_wrk mix "$WORK/mix.txt"
stop_gunicorn

if [ "${CACHE_OFF_TOO:-0}" = 1 ]; then
  PAGE_CACHE_ENABLED=0 start_gunicorn
  run_wrk mix-cache-off "$WORK/mix.txt"
  stop_gunicorn
fi

echo
echo "Summary"
printf "  %-16s %10s %8s %8s\n" run "req/s" "× bare" errors
for name in bare mix mix-cache-off; do
  [ -f "$WORK/$name.out" ] || continue
  printf "  %-16s %10s %8s %8s\n" "$name" "$(rps "$name")" \
    "$(awk -v a="$(rps "$name")" -v b="$(rps bare)" 'BEGIN {printf "%.2f", a / b}')" "$(errors "$name")"
done
echo "  target: the mix at least 0.40 × bare, no errors"
