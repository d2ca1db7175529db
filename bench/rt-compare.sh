#!/usr/bin/env bash
# `npm run bench:rt`: Request Tracker 5 and Trellis side by side, same workload, same client, same
# machine, back to back: RT (Debian's request-tracker5 on PostgreSQL, see ../shared/bench-rt/README.md),
# then Trellis on SQLite, then Trellis on PostgreSQL, each a fresh server with the demo data. Prints a
# markdown table with the ratios; a ratio measured in one run holds on a noisy machine, an absolute
# time does not.
#
#   npm run bench:rt -- [--tickets 2000] [--updates 500] [--searches 200] [--lists 200] [--resolves 500]
#                       [--concurrency 8] [--systems rt,sqlite,postgres]
#
#   RT_BENCH_DIR    the harness (default: ../shared/bench-rt beside the repository, else /work/shared/bench-rt)
#   RT_STATE_DIR    RT's token and every result file (default /var/tmp/trellis-bench-rt; outside git)
#   TRELLIS_TEST_PG_URL  the PostgreSQL server for Trellis's scratch database (default postgres://postgres@127.0.0.1:5432/postgres)
#
# Installs RT (apt, a few minutes) and starts it when needed; needs root for that. Stops RT again only if
# it started it. The Trellis servers and their scratch database are removed at the end, also on error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${RT_BENCH_DIR:-}" ]; then
  for candidate in "$ROOT/../shared/bench-rt" "$ROOT/../../shared/bench-rt" /work/shared/bench-rt; do
    [ -f "$candidate/bench.mjs" ] && { RT_BENCH_DIR="$(cd "$candidate" && pwd)"; break; }
  done
fi
[ -n "${RT_BENCH_DIR:-}" ] && [ -f "$RT_BENCH_DIR/bench.mjs" ] || { echo "RT harness not found; set RT_BENCH_DIR" >&2; exit 2; }

STATE="${RT_STATE_DIR:-/var/tmp/trellis-bench-rt}"
mkdir -p "$STATE/results"
# The harness directory stays untouched: its token and results go to our state directory.
export RT_TOKEN_FILE="$STATE/.rt-root-token" RESULTS_DIR="$STATE/results"

TICKETS=2000 UPDATES=500 SEARCHES=200 LISTS=200 RESOLVES=500 CONCURRENCY=8 SYSTEMS=rt,sqlite,postgres
while [ $# -gt 0 ]; do
  case "$1" in
    --tickets) TICKETS=$2 ;;
    --updates) UPDATES=$2 ;;
    --searches) SEARCHES=$2 ;;
    --lists) LISTS=$2 ;;
    --resolves) RESOLVES=$2 ;;
    --concurrency) CONCURRENCY=$2 ;;
    --systems) SYSTEMS=$2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
COUNTS=(--tickets "$TICKETS" --updates "$UPDATES" --searches "$SEARCHES" --lists "$LISTS" --resolves "$RESOLVES" --concurrency "$CONCURRENCY")

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN="$STATE/results/compare-$STAMP.jsonl"
LOGDIR="$STATE/results/compare-$STAMP"
mkdir -p "$LOGDIR"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

TRELLIS_PID="" PG_DB="" DATA_DIR="" RT_STARTED=0
PG_ADMIN_URL="${TRELLIS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
stop_trellis() {
  if [ -n "$TRELLIS_PID" ] && kill -0 "$TRELLIS_PID" 2>/dev/null; then
    kill -TERM "$TRELLIS_PID"
    for _ in $(seq 1 50); do kill -0 "$TRELLIS_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$TRELLIS_PID" 2>/dev/null && kill -KILL "$TRELLIS_PID"
  fi
  TRELLIS_PID=""
  [ -n "$DATA_DIR" ] && rm -rf "$DATA_DIR"
  DATA_DIR=""
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN_URL" -qAtc "drop database if exists \"$PG_DB\" with (force)" >/dev/null || true
    PG_DB=""
  fi
}
cleanup() {
  stop_trellis
  if [ "$RT_STARTED" = 1 ] && [ -z "${KEEP_RT:-}" ]; then "$RT_BENCH_DIR/stop.sh" || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

bench() { # label, url, adapter args...
  local label=$1 url=$2
  shift 2
  log "workload against $label ($url): ${COUNTS[*]}"
  timeout --kill-after=30 "${BENCH_TIMEOUT:-3600}" node "$RT_BENCH_DIR/bench.mjs" --url "$url" "${COUNTS[@]}" \
    --label "$label" --out "$RUN" "$@" 2>"$LOGDIR/$label.log" >/dev/null \
    || { tail -20 "$LOGDIR/$label.log" >&2; return 1; }
}

start_trellis() { # dialect
  local dialect=$1 port env
  port=$(free_port)
  DATA_DIR=$(mktemp -d /tmp/trellis-rt-compare-XXXXXX)
  env=(PORT="$port" HOST=127.0.0.1 TRELLIS_DATA_DIR="$DATA_DIR" TRELLIS_DEMO_DATA=on TRELLIS_LOG_LEVEL=warn
    TRELLIS_LOGIN_SOURCE_MAX_FAILURES=10000)
  if [ "$dialect" = postgres ]; then
    PG_DB="trellis_rt_compare_$$"
    psql "$PG_ADMIN_URL" -qAtc "create database \"$PG_DB\"" >/dev/null
    env+=(DATABASE_URL="${PG_ADMIN_URL%/*}/$PG_DB")
  fi
  # Only our settings: none of the caller's TRELLIS_* or DATABASE_URL leak in.
  (cd "$ROOT" && exec env $(env | grep -oE '^(TRELLIS_[A-Z_]*|DATABASE_URL)=' | sed 's/=$//; s/^/-u /') "${env[@]}" \
    node --import tsx packages/server/src/cli.ts start >"$LOGDIR/trellis-$dialect-server.log" 2>&1) &
  TRELLIS_PID=$!
  TRELLIS_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$TRELLIS_URL/readyz" || true)" = 200 ] && return 0
    kill -0 "$TRELLIS_PID" 2>/dev/null || { tail -20 "$LOGDIR/trellis-$dialect-server.log" >&2; return 1; }
    sleep 0.5
  done
  echo "Trellis ($dialect) not ready after 600 s" >&2
  return 1
}

log "results: $RUN; load $(cut -d' ' -f1-3 /proc/loadavg)"
for system in ${SYSTEMS//,/ }; do
  case "$system" in
    rt)
      source "$RT_BENCH_DIR/env.sh"
      if ! dpkg-query -W -f='${Status}' request-tracker5 2>/dev/null | grep -q 'install ok installed' || [ ! -s "$RT_TOKEN_FILE" ]; then
        log "installing Request Tracker (apt; a few minutes)"
        "$RT_BENCH_DIR/install.sh" >"$LOGDIR/rt-install.log" 2>&1 || { tail -30 "$LOGDIR/rt-install.log" >&2; exit 1; }
      fi
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$RT_URL/REST/2.0/" || true)
      if [ "$code" != 401 ] && [ "$code" != 200 ]; then
        "$RT_BENCH_DIR/start.sh" >"$LOGDIR/rt-start.log" 2>&1 || { cat "$LOGDIR/rt-start.log" >&2; exit 1; }
        RT_STARTED=1
      fi
      bench rt "$RT_URL" --adapter rt
      ;;
    sqlite | postgres)
      start_trellis "$system"
      bench "trellis-$system" "$TRELLIS_URL" --adapter "$RT_BENCH_DIR/adapters/trellis.mjs"
      stop_trellis
      ;;
    *) echo "unknown system $system (rt, sqlite, postgres)" >&2; exit 2 ;;
  esac
done

log "done; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RUN" <<'EOF'
import json, sys
runs = {}
for line in open(sys.argv[1]):
    if line.strip():
        d = json.loads(line)
        runs[d.get('label') or d['system']] = d
names = {'create': 'create', 'update': 'reply / comment', 'search': 'search', 'list': 'list 50 open, newest first',
         'resolve': 'resolve (Trellis: take + resolve)'}
others = [k for k in runs if k != 'rt']
any_run = next(iter(runs.values()))
p = any_run['params']
print(f"\nC={any_run['concurrency']} clients, no keep-alive, cookie sessions; {p['tickets']} creates, {p['updates']} updates, "
      f"{p['searches']} searches, {p['lists']} lists, {p['resolves']} resolves; "
      f"load at start {', '.join(str(r['host'].get('loadavg_start', ['?'])[0]) for r in runs.values())}\n")
head = ['operation'] + [('RT5' if k == 'rt' else k) for k in runs] + [f'{k} ÷ RT (ops/s)' for k in others if 'rt' in runs]
print('| ' + ' | '.join(head) + ' |')
print('|' + '---|' * len(head))
def cell(r):
    if not r:
        return '–'
    l = r['lat_ms']
    errs = f", {r['errors']} errors" if r.get('errors') else ''
    return f"{r['ops_per_s']}/s, p50 {l['p50']} ms, p99 {l['p99']} ms{errs}"
for phase, label in names.items():
    row = [label] + [cell(runs[k]['results'].get(phase)) for k in runs]
    if 'rt' in runs:
        base = runs['rt']['results'].get(phase)
        for k in others:
            mine = runs[k]['results'].get(phase)
            row.append(f"{mine['ops_per_s'] / base['ops_per_s']:.1f}×" if base and mine and base['ops_per_s'] else '–')
    print('| ' + ' | '.join(row) + ' |')
EOF
echo "raw: $RUN"
