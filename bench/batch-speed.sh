#!/usr/bin/env bash
# `corefer batch` against the engine's documents-in-parallel rate, on the same 1,000 article-sized
# documents in one run (issue #24, item 4).
#
# Usage: bench/batch-speed.sh [COUNT] [THREADS]      (default 1000 documents, 2 threads; prints a report)
# Needs ../shared/data (GUM texts for bench/make_articles.py) and python3. Runs, in this order:
#   1. engine: crates/corefer/examples/parallel_documents.rs (library par_iter, in memory, no I/O);
#   2. corefer batch ARTICLES.jsonl -o OUT.jsonl --threads THREADS under /usr/bin/time -v;
#   3. the engine again, so that drift of a shared machine between the two shows.
# The ratio batch / best engine rate is what to read; absolute rates depend on the machine's load.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
COUNT="${1:-1000}"
THREADS="${2:-2}"
WORK="$ROOT/target/bench-batch"
mkdir -p "$WORK"
MODEL=default

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(lscpu | grep '^Flags' | cut -c1-200)..."
nice -n 10 cargo build --release -q -p corefer-cli -p corefer --example parallel_documents --bins
python3 bench/make_articles.py "$COUNT" "$WORK/articles.jsonl"

engine() {
  ./target/release/examples/parallel_documents "$MODEL" "$WORK/articles.jsonl" "$THREADS"
}

echo "## 1. engine"
engine | tee "$WORK/engine1.json"
echo "## 2. corefer batch"
rm -f "$WORK/out.jsonl"
/usr/bin/time -v ./target/release/corefer batch "$WORK/articles.jsonl" -o "$WORK/out.jsonl" --threads "$THREADS" \
  --model "$MODEL" 2> "$WORK/batch.err"
grep -E '^corefer batch:' "$WORK/batch.err"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/batch.err")
cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$WORK/batch.err")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/batch.err")
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
lines=$(wc -l < "$WORK/out.jsonl")
batch_rate=$(echo "scale=3; $COUNT / $secs" | bc)
echo "{\"engine\": \"corefer batch\", \"threads\": $THREADS, \"documents\": $COUNT, \"records\": $lines, \"seconds\": $secs, \"documents_per_s\": $batch_rate, \"cpu_percent\": \"$cpu\", \"peak_rss_mb\": $((rss / 1024))}" | tee "$WORK/batch.json"
echo "## 3. engine again"
engine | tee "$WORK/engine2.json"

best=$(python3 -c "import json; print(max(json.load(open('$WORK/engine1.json'))['documents_per_s'], json.load(open('$WORK/engine2.json'))['documents_per_s']))")
echo "# batch / best engine rate: $(echo "scale=3; $batch_rate / $best" | bc) (batch $batch_rate documents/s, engine best $best); batch CPU $cpu of $THREADS cores"
echo "# done: $(date -u '+%H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
