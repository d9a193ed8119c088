#!/usr/bin/env bash
# Whether the probability `corefer resolve --json` prints with each replaced pronoun means what it says: for
# each split, `corefer predict --confidence` with the model stripped of its calibration (raw numbers) and
# with the model as it is (calibrated), `corefer eval --list-rewrites` for which replacements are right, and
# `python -m train.calibrate report`: a reliability table (per bin, mean probability against the share
# right), expected calibration error and Brier score, raw against calibrated, and the Rust/Python parity
# of the map. With --fit, the calibration is first fitted on dev (train/calibrate.py) and written into the
# model directory's config.json; the default model is then rebuilt into the binary.
#
# Usage: bench/calibration.sh [--model DIR] [--fit] [--splits dev,test,test2] [--out FILE.md]
#   --model DIR  a model directory (default: the directory models/DEFAULT names, measured as embedded)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data/gum/ontogum"
dir="" fit="" splits="dev,test,test2" out="" args="$*"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --model) dir="$2"; shift 2 ;;
        --fit) fit=1; shift ;;
        --splits) splits="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "bench/calibration.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
    esac
done
[[ -d "$data" ]] || { echo "bench/calibration.sh: no OntoGUM data at $data" >&2; exit 2; }
model="$dir"
if [[ -z "$dir" ]]; then
    dir="$root/models/$(tr -d '[:space:]' < "$root/models/DEFAULT")"
    model="default"
fi
dir="$(cd "$dir" && pwd)"
python="$root/venv/bin/python"
[[ -x "$python" ]] || python=python3

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The model without its calibration: the same files, config.json less the key.
mkdir "$tmp/raw"
for f in "$dir"/*; do
    [[ "$(basename "$f")" == config.json ]] || ln -s "$f" "$tmp/raw/$(basename "$f")"
done
"$python" -c 'import json, sys; c = json.load(open(sys.argv[1])); c.pop("calibration", None); json.dump(c, open(sys.argv[2], "w"), indent=2)' \
    "$dir/config.json" "$tmp/raw/config.json"

(cd "$root" && cargo build --release -q -p corefer-cli)
corefer="$root/target/release/corefer"
IFS=, read -r -a split_list <<< "$splits"
for split in "${split_list[@]}"; do
    key="$data/$split.conll2012.gz"
    "$corefer" predict --lenient --model "$tmp/raw" --min-pronoun-probability 0 --conll "$key" \
        -o "$tmp/$split.conll" --confidence "$tmp/$split.raw.tsv"
    "$corefer" eval --lenient --list-rewrites "$tmp/$split.rw.tsv" "$key" "$tmp/$split.conll" > /dev/null
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$fit" ]]; then
    [[ -f "$tmp/dev.raw.tsv" ]] || { echo "bench/calibration.sh: --fit needs dev among the splits" >&2; exit 2; }
    (cd "$root" && "$python" -m train.calibrate fit --model "$dir" --pairs "$tmp/dev.raw.tsv" "$tmp/dev.rw.tsv" \
        --fitted-on "OntoGUM dev replacements at --min-pronoun-probability 0, corefer $commit")
    (cd "$root" && cargo build --release -q -p corefer-cli)
fi
grep -q '"calibration"' "$dir/config.json" || { echo "bench/calibration.sh: $dir has no calibration (use --fit)" >&2; exit 2; }

report=()
for split in "${split_list[@]}"; do
    "$corefer" predict --lenient --model "$model" --min-pronoun-probability 0 --conll "$data/$split.conll2012.gz" \
        -o "$tmp/$split.cal.conll" --confidence "$tmp/$split.cal.tsv"
    cmp -s <(grep -v '^#' "$tmp/$split.conll") <(grep -v '^#' "$tmp/$split.cal.conll") \
        || { echo "bench/calibration.sh: the calibration changed the clusters of $split" >&2; exit 1; }
    report+=(--split "$split" "$tmp/$split.raw.tsv" "$tmp/$split.cal.tsv" "$tmp/$split.rw.tsv")
done

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
{
    echo "Calibration of the pronoun probability of model \`$(basename "$dir")\` (\`corefer predict --confidence\`, \`corefer eval --list-rewrites\`)"
    echo "corefer $commit; $machine; $(date -u '+%Y-%m-%d %H:%M UTC'); produced by \`bench/calibration.sh $args\`"
    echo
    (cd "$root" && "$python" -m train.calibrate report --model "$dir" "${report[@]}")
} | if [[ -n "$out" ]]; then tee "$out"; else cat; fi
