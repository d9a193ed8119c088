#!/usr/bin/env bash
# Speed of an MPNet-base (accurate) model against PyTorch and against the fast default, in one run:
#   1. encoder only, 510-subword windows: Rust (examples/encoder_throughput) and PyTorch (transformers'
#      MPNetModel on the same weights, bench/torch_encoder.py), 1..MAX_THREADS threads, in f32 and, where the
#      CPU has AMX-BF16 or AVX-512 BF16, in bf16 (Rust's bf16 products against PyTorch under bf16 autocast);
#   2. `corefer clusters --threads T --precision P` over 20 copies of a 700-word news article, for the
#      accurate model and the default model, articles/s (model loading included), P = f32 and auto.
#
# Usage: bench/speed-accurate.sh MODEL_DIR   (an MPNet model directory with its base weights in place)
# Needs venv/ (train/requirements.txt and bench/requirements.txt: torch, transformers, safetensors) and
# ../shared/bench/news_700.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MODEL="${1:?usage: bench/speed-accurate.sh MODEL_DIR}"
PYTHON="${PYTHON:-$ROOT/venv/bin/python}"
MAX_THREADS="${MAX_THREADS:-2}"
NEWS="$ROOT/../shared/bench/news_700.txt"
WORK="$ROOT/target/bench-accurate"
mkdir -p "$WORK"

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; flags: $(grep -o -w 'avx2\|avx512f\|avx512_bf16\|amx_bf16\|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
precisions="f32"
grep -q -w 'amx_bf16\|avx512_bf16' /proc/cpuinfo && precisions="f32 bf16"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# model: $MODEL"
nice -n 10 cargo build --release -q -p corefer-cli -p corefer --examples --bins

echo "## encoder only (510-subword windows)"
for precision in $precisions; do
  ./target/release/examples/encoder_throughput "$MODEL" 8 "$MAX_THREADS" "$precision"
  "$PYTHON" bench/torch_encoder.py "$MODEL" 8 "$MAX_THREADS" "$precision" 2> "$WORK/torch.err" || { cat "$WORK/torch.err"; exit 1; }
done

echo "## corefer clusters over 20 copies of news_700.txt (load included)"
rm -rf "$WORK/news" && mkdir -p "$WORK/news"
for i in $(seq -w 1 20); do cp "$NEWS" "$WORK/news/news_$i.txt"; done
for precision in f32 auto; do
  for model in "$MODEL" default; do
    start=$(date +%s.%N)
    ./target/release/corefer clusters --model "$model" --precision "$precision" --threads "$MAX_THREADS" "$WORK"/news/*.txt > "$WORK/news.jsonl"
    end=$(date +%s.%N)
    echo "{\"engine\": \"rust-cli\", \"model\": \"$model\", \"precision\": \"$precision\", \"set\": \"news_700 x20\", \"threads\": $MAX_THREADS, \"seconds\": $(echo "$end - $start" | bc), \"articles_per_s\": $(echo "scale=2; 20 / ($end - $start)" | bc)}"
  done
done
echo "# done: $(date -u '+%H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
