#!/usr/bin/env bash
# Token- and sentence-boundary F1 of the tokenizer on GUM (dev+test, then train), against CoNLL-U gold.
# Needs the data at ../shared/data (relative to the repository root). Usage: bench/tokenizer.sh [--errors N]
set -euo pipefail
cd "$(dirname "$0")/.."
gum=../shared/data/gum/gum
if [ ! -f "$gum/dev.conllu.gz" ]; then
    echo "GUM data not found at $gum; nothing to measure" >&2
    exit 1
fi
cargo build --quiet --release -p corefer --example tokenizer_eval
eval_bin=target/release/examples/tokenizer_eval
echo "== GUM dev+test"
"$eval_bin" "$@" "$gum/dev.conllu.gz" "$gum/test.conllu.gz"
echo "== GUM train"
"$eval_bin" "$gum/train.conllu.gz"
