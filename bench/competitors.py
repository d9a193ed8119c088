#!/usr/bin/env python3
"""Is a he/she/his/her replacement less often right when another entity of the same gender was mentioned
just before it ("Ann met Mary at the station. She smiled.")? A guard that leaves such pronouns as written
only pays if it is.

For each replaced he/she/his/her/him of `corefer eval --list-rewrites` (right or wrong against the key), a
*competitor* is a mention of another predicted cluster that ends before the pronoun, starts at most WINDOW
sentences back, and is of the pronoun's gender: a he/she pronoun form, or words holding a gendered title or
a first name of crates/corefer/data/lexicon/first-names.txt. Prints right / replaced with and without one.
Models predict no singletons, so a person named once is no mention; the second table therefore reads the
text: a capitalised same-gender first name, or a gendered title, among the words between the name the
pronoun was given and the pronoun, outside the pronoun's own cluster.

Usage: python3 bench/competitors.py RESPONSE.conll REWRITES.tsv [WINDOW ...]   (default windows 0 1 2)
"""
import collections
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from train import data  # noqa: E402
MASC = {"he", "him", "his", "himself"}
FEM = {"she", "her", "hers", "herself"}
TITLES = {"mr": "m", "mr.": "m", "sir": "m", "king": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
          "lady": "f", "queen": "f"}


def first_names():
    out = {}
    for line in (ROOT / "crates/corefer/data/lexicon/first-names.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            out[name] = gender
    return out


def gender_of(words, names):
    if len(words) == 1 and words[0].lower() in MASC | FEM:
        return "m" if words[0].lower() in MASC else "f"
    for word in words:
        lower = word.lower()
        if lower in TITLES:
            return TITLES[lower]
        if word[:1].isupper() and lower in names:
            return names[lower]
    return None


def read_response(path):
    """Per document: its words, each word's sentence number, and its chains as half-open word spans."""
    docs = {}
    for doc_id, lines in data.read_conll2012(Path(path)).items():
        rows = [line for line in lines if not line.startswith("#")]
        words, sentence_of, sentence = [], [], 0
        for line in rows:
            if not line.strip():
                sentence += 1
                continue
            words.append(line.split()[3])
            sentence_of.append(sentence)
        chains = {i: [(s, e + 1) for s, e in spans] for i, spans in enumerate(data.conll2012_clusters(rows))}
        docs[doc_id] = {"words": words, "sentence": sentence_of, "chains": chains}
    return docs


def gendered_rows(rows, docs):
    """(row, document, pronoun word index, gender, the pronoun's own chain) for each replaced he/she form."""
    for row in rows:
        doc = docs.get(row["document"])
        word = int(row["word"])
        if doc is None or doc["words"][word].lower() not in MASC | FEM:
            continue
        gender = "m" if doc["words"][word].lower() in MASC else "f"
        own = next((c for c, spans in doc["chains"].items() if (word, word + 1) in spans), None)
        yield row, doc, word, gender, own


def table(counts, label):
    for flag in (False, True):
        right, total = counts[(flag, True)], counts[(flag, True)] + counts[(flag, False)]
        print(f"| {label}{'yes' if flag else 'no'} | {right} / {total} | {100 * right / max(total, 1):.1f}% |")


def main():
    response, rewrites, *windows = sys.argv[1:]
    windows = [int(w) for w in windows] or [0, 1, 2]
    docs, names = read_response(response), first_names()
    rows = list(csv.DictReader(open(rewrites, encoding="utf-8"), delimiter="\t"))
    print("| sentences back | competitor | right / replaced | precision |\n|---|---|---|---|")
    for window in windows:
        counts = collections.Counter()
        for row, doc, word, gender, own in gendered_rows(rows, docs):
            competitor = any(
                end <= word and doc["sentence"][word] - doc["sentence"][start] <= window
                and gender_of(doc["words"][start:end], names) == gender
                for chain, spans in doc["chains"].items() if chain != own for start, end in spans)
            counts[(competitor, row["right"] == "1")] += 1
        table(counts, f"{window} | ")
    print("\n| same-gender name between the given name and the pronoun | right / replaced | precision |")
    print("|---|---|---|")
    counts = collections.Counter()
    for row, doc, word, gender, own in gendered_rows(rows, docs):
        covered = {i for start, end in doc["chains"].get(own, []) for i in range(start, end)}
        after_name = int(row["name_word"]) + len(row["name"].split())
        between = any(
            i not in covered and (gender_of([doc["words"][i]], names) == gender)
            and (doc["words"][i][:1].isupper() or doc["words"][i].lower() in TITLES)
            and doc["words"][i].lower() not in MASC | FEM
            for i in range(after_name, word))
        counts[(between, row["right"] == "1")] += 1
    table(counts, "")


if __name__ == "__main__":
    main()
