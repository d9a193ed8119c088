#!/usr/bin/env bash
# How right the resolved text is, and what the pronoun guard (`--min-pronoun-probability P`) trades: for
# each P, `corefer predict` on OntoGUM splits and `corefer eval`, one markdown row per split with CoNLL F1,
# pronoun accuracy (gold anaphoric
# third-person pronouns resolved right), pronoun precision (links of a pronoun to a name or noun phrase,
# how many are right) and rewrite precision (pronouns the resolved text replaces, how many are replaced by
# a mention of their own entity; docs/eval.md), the last with pronouns named by the nearest earlier mention
# (`--names nearest`, the default) and by the cluster's representative (`--names representative`).
#
# Then, per pronoun class (he/she, it, they, possessives), replaced right / replaced and replaced right /
# resolvable at each P (the precision–recall curve over the guard's threshold), and, with --rules-off,
# the same counts with each rewrite rule turned off in turn (what each rule contributes).
#
# Usage: bench/resolved-text.sh [--model MODEL] [--precision auto|f32|bf16] [--splits dev,test,test2]
#                               [--probabilities 0,0.5,0.7] [--predictions DIR] [--rules-off] [--out FILE.md]
#   --precision P      the encoder's number format (`corefer --precision`; auto: bench/machine.sh)
#   --predictions DIR  keep the predictions in DIR and reuse those already there (rules change only the
#                      rewrite, so a rule can be measured without predicting again)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/machine.sh"
data="$root/../shared/data/gum/ontogum"
model="default" precision="auto" splits="dev,test,test2" probabilities="0,0.5,0.7" out="" predictions="" ablate=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --precision) precision="$2"; shift 2 ;;
        --splits) splits="$2"; shift 2 ;;
        --probabilities) probabilities="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --predictions) predictions="$2"; shift 2 ;;
        --rules-off) ablate=1; shift ;;
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
pred="${predictions:-$tmp}"
mkdir -p "$pred"
rules="agreement,noun-phrase,speech,reported-speech,cataphora,expletive,binding"  # corefer::rewrite::Rules::NAMES
for p in "${p_list[@]}"; do
    for split in "${split_list[@]}"; do
        key="$data/$split.conll2012.gz"
        response="$pred/${model//\//_}.$precision.$split.$p.conll"
        if [[ ! -s "$response" ]]; then
            "$corefer" predict --lenient --model "$model" --precision "$precision" --min-pronoun-probability "$p" --conll "$key" -o "$response.part"
            mv "$response.part" "$response"
        fi
        for names in nearest representative; do
            "$corefer" eval --lenient --json --names "$names" "$key" "$response" > "$tmp/$split.$p.$names.json"
        done
        if [[ -n "$ablate" ]]; then
            IFS=, read -r -a rule_list <<< "$rules"
            for rule in none all "${rule_list[@]}"; do
                case "$rule" in
                    none) off=() ;;
                    all) off=(--rules-off "$rules") ;;
                    *) off=(--rules-off "$rule") ;;
                esac
                "$corefer" eval --lenient --json "${off[@]}" "$key" "$response" > "$tmp/$split.$p.off-$rule.json"
            done
        fi
    done
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
machine="$(machine_line "$precision")"
table="$(python3 - "$tmp" "$model" "$commit" "$machine" "$splits" "$rules" "$ablate" "${p_list[@]}" <<'PY'
import datetime, json, os, sys
tmp, model, commit, machine, splits, rules, ablate, ps = (sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4],
                                                          sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8:])
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

def pct(a, b):
    return f"{100 * a / b:.2f}" if b else "–"

print("\nPer pronoun class, nearest names: replaced right / replaced (precision) and replaced right / resolvable "
      "(recall); the rows over P are the precision–recall curve of the guard's threshold.\n")
classes = ["he/she", "it", "they", "possessive"]
print("| split | P | all: prec. | all: recall | " + " | ".join(f"{c}: prec. | {c}: recall" for c in classes) + " |")
print("|---|---|---|---|" + "---|---|" * len(classes))
for split in splits.split(","):
    for p in ps:
        q = json.load(open(f"{tmp}/{split}.{p}.nearest.json"))["pronouns"]
        row = [f"{pct(q['rewritten_right'], q['rewritten'])} ({q['rewritten_right']} / {q['rewritten']})",
               f"{pct(q['rewritten_right'], q['total'])} ({q['rewritten_right']} / {q['total']})"]
        for c in classes:
            k = q["by_class"][c]
            row += [f"{pct(k['rewritten_right'], k['rewritten'])} ({k['rewritten_right']} / {k['rewritten']})",
                    f"{pct(k['rewritten_right'], k['total'])} ({k['rewritten_right']} / {k['total']})"]
        print(f"| {split} | {p} | " + " | ".join(row) + " |")

if ablate:
    print("\nWhat each rewrite rule does (`corefer eval --rules-off RULE`): replaced right / replaced with every "
          "rule on, with all off, and with one rule off; the rule's contribution is the difference to \"all on\".\n")
    names = ["none", "all"] + rules.split(",")
    head = ["all on", "all off"] + [f"without {r}" for r in rules.split(",")]
    print("| split | P | " + " | ".join(head) + " |")
    print("|---|---|" + "---|" * len(head))
    for split in splits.split(","):
        for p in ps:
            cells = []
            for n in names:
                f = f"{tmp}/{split}.{p}.off-{n}.json"
                if not os.path.exists(f):
                    cells.append("–")
                    continue
                q = json.load(open(f))["pronouns"]
                cells.append(f"{pct(q['rewritten_right'], q['rewritten'])} ({q['rewritten_right']} / {q['rewritten']})")
            print(f"| {split} | {p} | " + " | ".join(cells) + " |")
PY
)"
echo "$table"
[[ -z "$out" ]] || echo "$table" > "$out"
