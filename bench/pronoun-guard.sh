#!/usr/bin/env bash
# What the pronoun guard (`--min-pronoun-probability P`) trades: for each P, `corefer predict` on OntoGUM
# splits and `corefer eval`, one markdown row per split with CoNLL F1, pronoun accuracy (gold anaphoric
# third-person pronouns resolved right), pronoun precision (links of a pronoun to a name or noun phrase,
# how many are right) and rewrite precision (pronouns the resolved text replaces, how many are replaced by
# a mention of their own entity; docs/eval.md).
#
# Usage: bench/pronoun-guard.sh [--model MODEL] [--splits dev,test,test2] [--probabilities 0,0.5,0.7] [--out FILE.md]
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
        *) echo "bench/pronoun-guard.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
    esac
done
[[ -d "$data" ]] || { echo "bench/pronoun-guard.sh: no OntoGUM data at $data" >&2; exit 2; }

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
        "$corefer" eval --lenient --json "$key" "$tmp/$split.$p.conll" > "$tmp/$split.$p.json"
    done
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
table="$(python3 - "$tmp" "$model" "$commit" "$machine" "$splits" "${p_list[@]}" <<'PY'
import datetime, json, sys
tmp, model, commit, machine, splits, ps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print(f"Pronoun guard of model `{model}` on OntoGUM (`corefer predict --min-pronoun-probability P`, `corefer eval`)")
print(f"corefer {commit}; {machine}; {now}; produced by `bench/pronoun-guard.sh --model {model}`\n")
print("| split | P | CoNLL F1 | pronoun acc. (right / gold) | pronoun prec. (right / linked) | rewrite prec. (right / rewritten) |")
print("|---|---|---|---|---|---|")
for split in splits.split(","):
    for p in ps:
        r = json.load(open(f"{tmp}/{split}.{p}.json"))
        q = r["pronouns"]
        print(f"| {split} | {p} | {100 * r['conll_f1']:.2f} | {100 * q['accuracy']:.2f} ({q['correct']} / {q['total']}) | "
              f"{100 * q['precision']:.2f} ({q['linked_right']} / {q['linked']}) | "
              f"{100 * q['rewrite_precision']:.2f} ({q['rewritten_right']} / {q['rewritten']}) |")
PY
)"
echo "$table"
[[ -z "$out" ]] || echo "$table" > "$out"
