#!/usr/bin/env bash
# Paired speed check of two model directories with the same binary: `corefer clusters --threads 2` over 20
# copies of ../shared/bench/news_700.txt, the two models alternating ROUNDS times (default 3), so that drift
# in the machine's speed hits both alike. Prints one line per timing and the median seconds of each model.
#
# Usage: bench/ab-models.sh MODEL_DIR_A MODEL_DIR_B [ROUNDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
A="$1"; B="$2"; ROUNDS="${3:-3}"
WORK="$ROOT/target/bench-work/ab"
mkdir -p "$WORK/news"
for i in $(seq -w 1 20); do cp ../shared/bench/news_700.txt "$WORK/news/news_$i.txt"; done
cargo build --release --quiet
echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
time_one() {
  local start end
  start=$(date +%s.%N)
  ./target/release/corefer clusters --model "$1" --threads 2 "$WORK"/news/*.txt > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
declare -a ta tb
for r in $(seq 1 "$ROUNDS"); do
  ta+=("$(time_one "$A")"); tb+=("$(time_one "$B")")
  echo "round $r: $A ${ta[-1]} s, $B ${tb[-1]} s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}")
echo "median: $A $ma s ($(echo "scale=2; 20 / $ma" | bc) articles/s), $B $mb s ($(echo "scale=2; 20 / $mb" | bc) articles/s), B/A time $(echo "scale=3; $mb / $ma" | bc)"
