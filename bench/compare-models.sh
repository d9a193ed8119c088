#!/usr/bin/env bash
# Paired speed comparison of two model directories: `corefer clusters` over 20 copies of news_700.txt,
# A and B in turn (farm-bench --vs), so that drift in the machine's speed cancels out of the ratio.
#
# Usage: bench/compare-models.sh MODEL_DIR_A MODEL_DIR_B [RUNS]
#   An older model from git history: mkdir /tmp/old && for f in config.json model.safetensors tokenizer.json;
#   do git show COMMIT:models/NAME/$f > /tmp/old/$f; done
# Needs: farm-bench (the tool library) and ../shared/bench/news_700.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
A="${1:?usage: bench/compare-models.sh MODEL_DIR_A MODEL_DIR_B [RUNS]}"
B="${2:?usage: bench/compare-models.sh MODEL_DIR_A MODEL_DIR_B [RUNS]}"
RUNS="${3:-6}"
NEWS="$ROOT/../shared/bench/news_700.txt"
WORK="$ROOT/target/bench-work/compare"
rm -rf "$WORK" && mkdir -p "$WORK"
for i in $(seq -w 1 20); do cp "$NEWS" "$WORK/news_$i.txt"; done
cargo build --release -q -p corefer-cli
echo "# A = $A, B = $B; $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# 20 articles per run: articles/s = 20 / median wall s"
farm-bench -n "$RUNS" --timeout 600 --vs "./target/release/corefer clusters --model $B $(echo "$WORK"/*.txt)" \
    -- ./target/release/corefer clusters --model "$A" "$WORK"/*.txt
