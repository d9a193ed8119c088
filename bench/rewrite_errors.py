#!/usr/bin/env python3
"""Where the wrong pronoun replacements of the resolved text come from: a name that names the pronoun's own
entity with other mention boundaries than the key's, or a name of another entity.

`corefer eval --list-rewrites FILE` marks a replacement right when its name is taken from a mention that
matches a key mention of the pronoun's entity (same last word, one enclosing the other). This script reads
that TSV and the key, and splits the wrong ones:
  boundary  the name's mention shares a word with a key mention of the pronoun's own entity (the entity is
            right, the span differs: "this coffee table" for the key's "This coffee table over here");
  other     the name's mention overlaps a key mention of another entity only, or none;
  no entity the pronoun is in no key chain (a pleonastic or generic "it", say).
It is a diagnostic: the precision `bench/resolved-text.sh` reports stays the strict one.

Usage: python3 bench/rewrite_errors.py KEY.conll2012[.gz] REWRITES.tsv [more KEY REWRITES pairs]
"""
import csv
import gzip
import re
import sys
from collections import Counter, defaultdict


def key_chains(path):
    """document id -> {entity: [(first word, last word)]}, words numbered through the document."""
    opener = gzip.open if path.endswith(".gz") else open
    docs, doc, word, stack = {}, None, 0, defaultdict(list)
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#begin document"):
                doc, word, stack = re.search(r"\((.*)\)", line).group(1), 0, defaultdict(list)
                docs[doc] = defaultdict(list)
                continue
            cols = line.split()
            if doc is None or line.startswith("#") or not cols:
                continue
            for part in cols[-1].split("|"):
                if part == "-":
                    continue
                entity = part.strip("()")
                if part.startswith("("):
                    stack[entity].append(word)
                if part.endswith(")") and stack[entity]:
                    docs[doc][entity].append((stack[entity].pop(), word))
            word += 1
    return docs


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    totals = Counter()
    by_class = defaultdict(Counter)
    for key_path, tsv_path in zip(args[::2], args[1::2]):
        chains = key_chains(key_path)
        with open(tsv_path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["right"] == "1":
                    continue
                doc = row["document"]
                entities = chains.get(doc, {})
                word, start = int(row["word"]), int(row["name_word"])
                end = start + len(row["name"].split()) - 1
                own = [e for e, spans in entities.items() if (word, word) in spans]
                overlaps = lambda e: any(a <= end and start <= b for a, b in entities[e])
                kind = "no entity" if not own else "boundary" if any(overlaps(e) for e in own) else "other"
                totals[kind] += 1
                by_class[row["class"]][kind] += 1
    kinds = ["boundary", "other", "no entity"]
    print("| class | wrong | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    for cls in sorted(by_class) + ["all"]:
        c = totals if cls == "all" else by_class[cls]
        print(f"| {cls} | {sum(c.values())} | " + " | ".join(str(c[k]) for k in kinds) + " |")


if __name__ == "__main__":
    main()
