#!/usr/bin/env bash
# Gender bias of a model on OntoGUM: `corefer predict` and `corefer eval` on each split and on its
# gender-swapped copy (bench/gender_swap.py), one markdown row per split and version with CoNLL F1, pronoun
# accuracy and the resolved text's rewrite precision at the default guard; the issue's bar is the two CoNLL F1
# within 1.
#
# Usage: bench/gender-swap.sh [--model MODEL] [--precision auto|f32|bf16] [--splits dev,test] [--out FILE.md]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/machine.sh"
data="$root/../shared/data/gum/ontogum"
model="default" precision="auto" splits="dev" out="" args="$*"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --precision) precision="$2"; shift 2 ;;
        --splits) splits="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "bench/gender-swap.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
    esac
done
[[ -d "$data" ]] || { echo "bench/gender-swap.sh: no OntoGUM data at $data" >&2; exit 2; }
python="$root/venv/bin/python"
[[ -x "$python" ]] || python=python3
(cd "$root" && cargo build --release -q -p corefer-cli)
corefer="$root/target/release/corefer"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rows=()
IFS=, read -r -a split_list <<< "$splits"
for split in "${split_list[@]}"; do
    "$python" "$root/bench/gender_swap.py" "$data/$split.conll2012.gz" "$data/train.conllu.gz" "$tmp/$split.swapped.conll"
    for version in original swapped; do
        key="$data/$split.conll2012.gz"
        [[ "$version" == swapped ]] && key="$tmp/$split.swapped.conll"
        for p in 0 0.5; do
            "$corefer" predict --lenient --model "$model" --precision "$precision" --min-pronoun-probability "$p" --conll "$key" -o "$tmp/$split.$version.$p.conll"
            "$corefer" eval --lenient --json "$key" "$tmp/$split.$version.$p.conll" > "$tmp/$split.$version.$p.json"
        done
        rows+=("$split" "$version" "$tmp/$split.$version.0.json" "$tmp/$split.$version.0.5.json")
    done
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
machine="$(machine_line "$precision")"
{
    echo "Gender-swapped OntoGUM (\`bench/gender_swap.py\`) against the original, model \`$model\`"
    echo "corefer $commit; $machine; $(date -u '+%Y-%m-%d %H:%M UTC'); produced by \`bench/gender-swap.sh $args\`"
    echo
    "$python" - "${rows[@]}" <<'PY'
import json, sys
args = sys.argv[1:]
print("| split | text | CoNLL F1 (P 0) | pronoun acc. (P 0) | rewrite prec. (P 0.5) | he/she rewrite prec. (P 0.5) |")
print("|---|---|---|---|---|---|")
f1 = {}
def share(right, n):
    return f"{100 * right / max(1, n):.2f} ({right} / {n})"
for split, version, p0, p5 in zip(args[::4], args[1::4], args[2::4], args[3::4]):
    a, b = json.load(open(p0)), json.load(open(p5))
    pa, pb = a["pronouns"], b["pronouns"]
    he = pb["by_class"]["he/she"]
    f1[(split, version)] = 100 * a["conll_f1"]
    print(f"| {split} | {version} | {100 * a['conll_f1']:.2f} | {share(pa['correct'], pa['total'])} "
          f"| {share(pb['rewritten_right'], pb['rewritten'])} | {share(he['rewritten_right'], he['rewritten'])} |")
print()
for split in dict.fromkeys(s for s, _ in f1):
    d = f1[(split, "swapped")] - f1[(split, "original")]
    print(f"{split}: swapped − original CoNLL F1 = {d:+.2f} ({'within' if abs(d) <= 1 else 'outside'} the 1-point bar)")
PY
} | if [[ -n "$out" ]]; then tee "$out"; else cat; fi
