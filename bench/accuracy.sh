#!/usr/bin/env bash
# Accuracy harness: predicts OntoGUM dev and test with `corefer predict --model MODEL` (or takes given
# response files), scores them with `corefer eval`, and prints a markdown table: CoNLL F1, MUC/B³/CEAFe F1,
# LEA F1, mention F1, pronoun-resolution accuracy and precision and the precision of the resolved text's
# pronoun replacements (with their counts), for the corpus and per genre, with
# the wall time of prediction.
#
# Usage: bench/accuracy.sh --model MODEL [--precision auto|f32|bf16] [--splits dev,test] [--responses DIR]
#                          [--out FILE.md]
#   --precision P    the encoder's number format (`corefer --precision`; auto: bench/machine.sh)
#   --splits LIST    any of dev,test,test2 (test2 = GENTLE; its one broken mention is skipped, --lenient)
#   --responses DIR  score DIR/{split}.conll2012[.gz] instead of predicting (any system's output)
#   --out FILE       also write the table to FILE
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/machine.sh"
data="$root/../shared/data/gum/ontogum"
model="" precision="auto" splits="dev,test" responses="" out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --precision) precision="$2"; shift 2 ;;
        --splits) splits="$2"; shift 2 ;;
        --responses) responses="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "bench/accuracy.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
    esac
done
if [[ -z "$model" ]]; then
    echo "bench/accuracy.sh: --model MODEL is required (it names the table; it runs predict unless --responses)" >&2
    exit 2
fi
if [[ ! -d "$data" ]]; then
    echo "bench/accuracy.sh: no OntoGUM data at $data" >&2
    exit 2
fi

(cd "$root" && nice -n 10 cargo build --release -q -p corefer-cli)
corefer="$root/target/release/corefer"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

IFS=, read -r -a split_list <<< "$splits"
for split in "${split_list[@]}"; do
    key="$data/$split.conll2012.gz"
    if [[ -n "$responses" ]]; then
        response=""
        for candidate in "$responses/$split.conll2012" "$responses/$split.conll2012.gz"; do
            [[ -f "$candidate" ]] && response="$candidate" && break
        done
        [[ -n "$response" ]] || { echo "bench/accuracy.sh: no $responses/$split.conll2012[.gz]" >&2; exit 2; }
        echo "given" > "$tmp/$split.seconds"
    else
        if ! "$corefer" predict --help >/dev/null 2>&1; then
            echo "bench/accuracy.sh: this corefer has no predict subcommand; use --responses DIR" >&2
            exit 2
        fi
        response="$tmp/$split.pred.conll"
        start=$(date +%s.%N)
        "$corefer" predict --lenient --model "$model" --precision "$precision" --conll "$key" -o "$response"
        end=$(date +%s.%N)
        python3 -c "print(f'{$end - $start:.1f}')" > "$tmp/$split.seconds"
    fi
    "$corefer" eval --lenient --json --by-genre "$key" "$response" > "$tmp/$split.json"
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
machine="$(machine_line "$precision")"
table="$(python3 - "$tmp" "$model" "$commit" "$machine" "${split_list[@]}" <<'PY'
import datetime, json, sys
tmp, model, commit, machine, splits = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
pct = lambda x: f"{100 * x:.2f}"
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print(f"Model `{model}` on OntoGUM (scores in %, CoNLL reference semantics, `corefer eval`)")
print(f"corefer {commit}; {machine}; {now}; produced by `bench/accuracy.sh --model {model}`\n")
print("| split | genre | docs | CoNLL F1 | MUC F1 | B³ F1 | CEAFe F1 | LEA F1 | mention F1 | pronoun acc. (n) | pronoun prec. (n) | rewrite prec. (n) | predict wall s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
def row(split, genre, s, seconds):
    p = s["pronouns"]
    print(f"| {split} | {genre} | {s['documents_scored']} | {pct(s['conll_f1'])} | {pct(s['muc']['f1'])} | "
          f"{pct(s['bcub']['f1'])} | {pct(s['ceafe']['f1'])} | {pct(s['lea']['f1'])} | {pct(s['mentions']['f1'])} | "
          f"{pct(p['accuracy'])} ({p['total']}) | {pct(p['precision'])} ({p['linked']}) | "
          f"{pct(p['rewrite_precision'])} ({p['rewritten']}) | {seconds} |")
for split in splits:
    result = json.load(open(f"{tmp}/{split}.json"))
    seconds = open(f"{tmp}/{split}.seconds").read().strip()
    row(split, "**all**", result, seconds)
    for genre, scores in sorted(result["genres"].items()):
        row(split, genre, scores, "")
PY
)"
echo "$table"
if [[ -n "$out" ]]; then
    echo "$table" > "$out"
fi
