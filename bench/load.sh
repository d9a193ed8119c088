#!/usr/bin/env bash
# Load test of `corefer serve` with a real load generator (wrk, the Debian package) on loopback:
# DURATION seconds at CONNECTIONS concurrent connections, article-sized documents (500-900 words, from
# the GUM texts) posted to /v1/resolve in turn (issue #24, item 3).
#
# Usage: bench/load.sh [DURATION_S] [CONNECTIONS]      (default 60 s, 32 connections)
# Environment: QUEUE (the server's --queue, default 64), THREADS (its --threads, default: one per core),
# MODEL (default `default`), PORT (default 18080), BIN (default target/release/corefer, built here
# unless BUILD=0). Needs wrk (`apt-get install -y wrk`), python3, curl and ../shared/data. Prints
# machine, date and commit, then one JSON line of results: requests, statuses
# (503 is the designed overload answer; anything else but 200 is an error), latency percentiles,
# throughput, and the server's peak RSS; ends by sending SIGTERM and checking that the server exits 0.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DURATION="${1:-60}"
CONNECTIONS="${2:-32}"
QUEUE="${QUEUE:-64}"
MODEL="${MODEL:-default}"
PORT="${PORT:-18080}"
WORK="$ROOT/target/bench-load"
mkdir -p "$WORK"
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB"
echo "# $(lscpu | grep '^Flags' | cut -c1-200)..."
echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); load: $(cut -d' ' -f1-3 /proc/loadavg)"
BIN="${BIN:-target/release/corefer}"
[ "${BUILD:-1}" != 0 ] && nice -n 10 cargo build --release -q -p corefer-cli
echo "# binary: $BIN"
python3 bench/make_articles.py 200 "$WORK/articles.jsonl"
python3 -c "
import json, sys
with open('$WORK/bodies.jsonl', 'w') as out:
    for line in open('$WORK/articles.jsonl'):
        doc = json.loads(line)
        out.write(json.dumps({'id': doc['id'], 'text': doc['text']}) + '\n')
"

threads_flag=()
[ -n "${THREADS:-}" ] && threads_flag=(--threads "$THREADS")
"$BIN" serve --addr "127.0.0.1:$PORT" --model "$MODEL" --queue "$QUEUE" "${threads_flag[@]}" \
  2> "$WORK/server.log" &
SERVER=$!
trap 'kill $SERVER 2> /dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break
  sleep 0.1
done
head -1 "$WORK/server.log"
echo "# wrk -t2 -c$CONNECTIONS -d${DURATION}s --timeout 300s -s bench/load.lua http://127.0.0.1:$PORT (server --queue $QUEUE)"
BODIES="$WORK/bodies.jsonl" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 300s -s bench/load.lua \
  "http://127.0.0.1:$PORT" > "$WORK/wrk.out"
result=$(grep '^{' "$WORK/wrk.out")
peak_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER/status")
kill -TERM "$SERVER"
status=0
wait "$SERVER" || status=$?
trap - EXIT
echo "${result%\}}, \"server_peak_rss_mb\": $((peak_kb / 1024)), \"server_exit_after_sigterm\": $status}"
echo "# done: $(date -u '+%H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
