#!/usr/bin/env bash
# How right the resolved text is, and what the pronoun guard (`--min-pronoun-probability P`) trades: for
# each P, `corefer predict` on OntoGUM splits and `corefer eval`, one markdown row per split with CoNLL F1,
# pronoun accuracy (gold anaphoric
# third-person pronouns resolved right), pronoun precision (links of a pronoun to a name or noun phrase,
# how many are right) and rewrite precision (pronouns the resolved text replaces, how many are replaced by
# a mention of their own entity; docs/eval.md), the last with pronouns named by the nearest earlier mention
# (`--names nearest`, the default) and by the cluster's representative (`--names representative`).
#
# Usage: bench/resolved-text.sh [--model MODEL] [--splits dev,test,test2] [--probabilities 0,0.5,0.7] [--out FILE.md]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data/gum/ontogum"
model="default" splits="dev,test,test2" probabilities="0,0.5,0.7" out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --splits) splits="$2"; shift 2 ;;
        --probabilities) probabilities="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "bench/resolved-text.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
    esac
done
[[ -d "$data" ]] || { echo "bench/resolved-text.sh: no OntoGUM data at $data" >&2; exit 2; }

(cd "$root" && nice -n 10 cargo build --release -q -p corefer-cli)
corefer="$root/target/release/corefer"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

IFS=, read -r -a split_list <<< "$splits"
IFS=, read -r -a p_list <<< "$probabilities"
for p in "${p_list[@]}"; do
    for split in "${split_list[@]}"; do
        key="$data/$split.conll2012.gz"
        "$corefer" predict --lenient --model "$model" --min-pronoun-probability "$p" --conll "$key" \
            -o "$tmp/$split.$p.conll"
        for names in nearest representative; do
            "$corefer" eval --lenient --json --names "$names" "$key" "$tmp/$split.$p.conll" > "$tmp/$split.$p.$names.json"
        done
    done
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
table="$(python3 - "$tmp" "$model" "$commit" "$machine" "$splits" "${p_list[@]}" <<'PY'
import datetime, json, sys
tmp, model, commit, machine, splits, ps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print(f"Resolved text of model `{model}` on OntoGUM (`corefer predict --min-pronoun-probability P`, `corefer eval --names N`)")
print(f"corefer {commit}; {machine}; {now}; produced by `bench/resolved-text.sh --model {model}`\n")
print("| split | P | CoNLL F1 | pronoun acc. (right / gold) | pronoun prec. (right / linked) | "
      "rewrite prec., nearest names (right / rewritten) | rewrite prec., cluster names (right / rewritten) |")
print("|---|---|---|---|---|---|---|")
for split in splits.split(","):
    for p in ps:
        r = json.load(open(f"{tmp}/{split}.{p}.nearest.json"))
        q, c = r["pronouns"], json.load(open(f"{tmp}/{split}.{p}.representative.json"))["pronouns"]
        print(f"| {split} | {p} | {100 * r['conll_f1']:.2f} | {100 * q['accuracy']:.2f} ({q['correct']} / {q['total']}) | "
              f"{100 * q['precision']:.2f} ({q['linked_right']} / {q['linked']}) | "
              f"{100 * q['rewrite_precision']:.2f} ({q['rewritten_right']} / {q['rewritten']}) | "
              f"{100 * c['rewrite_precision']:.2f} ({c['rewritten_right']} / {c['rewritten']}) |")
PY
)"
echo "$table"
[[ -z "$out" ]] || echo "$table" > "$out"
