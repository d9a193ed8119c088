#!/usr/bin/env python3
"""GAP (Gendered Ambiguous Pronouns, Wikipedia snippets) through `corefer batch`: gender balance of the
pronoun links and how right the resolved text's replacements are, per pronoun gender.

Each GAP row is one pronoun and two names A and B, each labelled as its antecedent or not (both may be
neither). The snippet is resolved with `corefer batch` (clusters after the pronoun guard, and the rewrite's
edits); then
* links: name X is predicted coreferent when the pronoun's cluster holds a mention overlapping X's span;
  precision, recall and F1 over the (row, name) pairs, per gender (she/her/hers: F, he/him/his: M), and
  GAP's bias ratio F1(F) / F1(M);
* replacements: a replaced pronoun is *right* when the name written in its place is the gold antecedent
  (the name's mention overlaps its span, or, for another mention, ends with the same word as it) and
  *wrong* when it is the other labelled name (likewise); a name that is neither is counted apart, since
  GAP labels only two names.

Only the development and validation splits are read (../shared/data/gap/README.md: the test split stays held
out). Usage: python3 bench/gap.py [--bin target/release/corefer] [--model default]
                                   [--min-pronoun-probability P] [--out FILE.md]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAP = ROOT.parent / "shared/data/gap"
FEMININE = {"she", "her", "hers"}
MASCULINE = {"he", "him", "his"}


def rows():
    for split in ("development", "validation"):
        with open(GAP / f"gap-{split}.tsv", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                yield r


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def last_word(name: str) -> str:
    words = [w.strip(".,'\"()").lower() for w in name.split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words if w]
    return words[-1] if words else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/corefer"))
    ap.add_argument("--model", default="default")
    ap.add_argument("--min-pronoun-probability", default="0.5")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    data = list(rows())
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "gap.jsonl"
        with open(src, "w") as f:
            for r in data:
                f.write(json.dumps({"id": r["ID"], "text": r["Text"]}) + "\n")
        t0 = time.time()
        out = subprocess.run(
            [a.bin, "batch", str(src), "--model", a.model, "--fields", "id,clusters,edits",
             "--min-pronoun-probability", a.min_pronoun_probability],
            capture_output=True, text=True, check=False)
        seconds = time.time() - t0
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        return out.returncode
    records = {rec["id"]: rec for rec in map(json.loads, out.stdout.splitlines())}

    # counts[gender][...]: tp/fp/fn of name links; right/wrong/other/kept of replacements.
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in data:
        word = r["Pronoun"].lower()
        gender = "F" if word in FEMININE else "M" if word in MASCULINE else None
        if gender is None:
            continue
        c = counts[gender]
        c["rows"] += 1
        rec = records[r["ID"]]
        p = (int(r["Pronoun-offset"]), int(r["Pronoun-offset"]) + len(r["Pronoun"]))
        names = {x: (int(r[f"{x}-offset"]), int(r[f"{x}-offset"]) + len(r[x])) for x in "AB"}
        gold = {x: r[f"{x}-coref"].upper() == "TRUE" for x in "AB"}
        cluster = next((cl for cl in rec.get("clusters", [])
                        if any(overlaps(p, (m["start"], m["end"])) for m in cl)), [])
        for x in "AB":
            predicted = any(overlaps(names[x], (m["start"], m["end"])) for m in cluster)
            c["tp"] += predicted and gold[x]
            c["fp"] += predicted and not gold[x]
            c["fn"] += (not predicted) and gold[x]
        if not any(gold.values()):
            continue
        c["resolvable"] += 1
        edit = next((e for e in rec.get("edits", []) if overlaps(p, (e["start"], e["end"]))), None)
        if edit is None:
            c["kept"] += 1
            continue
        span = (edit["name_start"], edit["name_end"])
        named = {x for x in "AB" if overlaps(span, names[x])}
        if not named:
            named = {x for x in "AB" if last_word(r[x]) and last_word(r[x]) == last_word(r["Text"][span[0]:span[1]])}
        right = {x for x in named if gold[x]}
        if right and len(named) == 1:
            c["right"] += 1
        elif named and not right:
            c["wrong"] += 1
        else:
            c["other"] += 1

    def prf(c):
        p = c["tp"] / max(1, c["tp"] + c["fp"])
        r = c["tp"] / max(1, c["tp"] + c["fn"])
        return p, r, 2 * p * r / max(1e-9, p + r)

    lines = [
        f"GAP development + validation ({len(data)} snippets) through `corefer batch --model {a.model} "
        f"--min-pronoun-probability {a.min_pronoun_probability}`; `python3 bench/gap.py`",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit "
        f"{subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}, "
        f"{seconds:.0f} s",
        "",
        "| pronouns | rows | link P | link R | link F1 | resolvable | replaced right | replaced wrong (other name) "
        "| replaced, name not labelled | kept | precision right / (right + wrong) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    f1 = {}
    for g in ("F", "M", "all"):
        c = counts[g] if g != "all" else {k: counts["F"][k] + counts["M"][k]
                                          for k in set(counts["F"]) | set(counts["M"])}
        p, r, f = prf(c)
        f1[g] = f
        decided = c.get("right", 0) + c.get("wrong", 0)
        lines.append(
            f"| {dict(F='feminine', M='masculine', all='all')[g]} | {c.get('rows', 0)} | {100 * p:.1f} | {100 * r:.1f} "
            f"| {100 * f:.1f} | {c.get('resolvable', 0)} | {c.get('right', 0)} | {c.get('wrong', 0)} "
            f"| {c.get('other', 0)} | {c.get('kept', 0)} | {100 * c.get('right', 0) / max(1, decided):.1f}% |")
    lines += ["", f"Bias (link F1 feminine / masculine, GAP's measure; 1.0 is balanced): "
                  f"{f1['F'] / max(1e-9, f1['M']):.3f}"]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if a.out:
        a.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
