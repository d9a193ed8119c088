#!/usr/bin/env bash
# `corefer batch` against the engine's documents-in-parallel rate, on the same article-sized documents
# in one run (issue #24, item 4).
#
# Usage: bench/batch-speed.sh [COUNT] [THREADS]      (default 1000 documents, 2 threads; prints a report)
# Environment: BIN (default target/release/corefer, built here unless BUILD=0). Needs ../shared/data (GUM
# texts for bench/make_articles.py), python3, bc and /usr/bin/time. Runs, in this order:
#   1. engine: `corefer clusters --jsonl --threads THREADS` (the CLI's document pipeline, which streams
#      the documents through the scheduler batch uses, one thread each);
#      and, when built, crates/corefer/examples/parallel_documents.rs (library par_iter over all
#      documents in memory, no I/O, rendering the same record batch writes);
#   2. `corefer batch ARTICLES.jsonl -o OUT.jsonl --threads THREADS` under /usr/bin/time -v;
#   3. the engine again, so that drift of a shared machine between the runs shows.
# The ratio batch / best engine rate is what to read; absolute rates depend on the machine's load.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
COUNT="${1:-1000}"
THREADS="${2:-2}"
BIN="${BIN:-target/release/corefer}"
EXAMPLE="$(dirname "$BIN")/examples/parallel_documents"
WORK="$ROOT/target/bench-batch"
mkdir -p "$WORK"

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(lscpu | grep '^Flags' | cut -c1-200)..."
if [ "${BUILD:-1}" != 0 ]; then
  nice -n 10 cargo build --release -q -p corefer-cli -p corefer --example parallel_documents --bins
fi
echo "# binary: $BIN"
python3 bench/make_articles.py "$COUNT" "$WORK/articles.jsonl"

rate() { awk -v n="$COUNT" -v s="$1" 'BEGIN { printf "%.3f", n / s }'; }
engine() {
  local start end
  start=$(date +%s.%N)
  "$BIN" clusters --jsonl "$WORK/articles.jsonl" --threads "$THREADS" --min-pronoun-probability 0.5 > "$WORK/clusters.jsonl"
  end=$(date +%s.%N)
  echo "{\"engine\": \"corefer clusters --jsonl\", \"threads\": $THREADS, \"documents\": $COUNT, \"seconds\": $(echo "$end - $start" | bc), \"documents_per_s\": $(rate "$(echo "$end - $start" | bc)")}"
  if [ -x "$EXAMPLE" ]; then "$EXAMPLE" default "$WORK/articles.jsonl" "$THREADS"; fi
}

echo "## 1. engine"
engine | tee "$WORK/engine1.json"
echo "## 2. corefer batch"
rm -f "$WORK/out.jsonl"
/usr/bin/time -v "$BIN" batch "$WORK/articles.jsonl" -o "$WORK/out.jsonl" --threads "$THREADS" 2> "$WORK/batch.err"
grep -E '^corefer batch:' "$WORK/batch.err"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/batch.err")
cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$WORK/batch.err")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/batch.err")
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
batch_rate=$(rate "$secs")
echo "{\"engine\": \"corefer batch\", \"threads\": $THREADS, \"documents\": $COUNT, \"records\": $(wc -l < "$WORK/out.jsonl"), \"seconds\": $secs, \"documents_per_s\": $batch_rate, \"cpu_percent\": \"$cpu\", \"peak_rss_mb\": $((rss / 1024))}" | tee "$WORK/batch.json"
echo "## 3. engine again"
engine | tee "$WORK/engine2.json"

best=$(cat "$WORK/engine1.json" "$WORK/engine2.json" | python3 -c "import json, sys; print(max(json.loads(l)['documents_per_s'] for l in sys.stdin if l.strip()))")
echo "# batch / best engine rate: $(awk -v a="$batch_rate" -v b="$best" 'BEGIN { printf "%.3f", a / b }') (batch $batch_rate documents/s, best engine $best); batch CPU $cpu of $THREADS cores"
echo "# done: $(date -u '+%H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
