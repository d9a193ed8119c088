#!/usr/bin/env python3
"""A gender-swapped copy of a CoNLL-2012 key: he <-> she, his <-> her, gendered nouns and titles, and first
names swapped (train/augment.py, the swap the trainer's gender-swapped twins use, with first names paired
from the training documents), every other column and the coreference column unchanged. Scoring a model on
the key and on its swapped copy shows whether it resolves women and men alike (`bench/gender-swap.sh`).

First names the training documents do not pair are mapped as the trainer maps them
(`augment.with_lexicon_names`: a proper noun the rewriter's first-name list genders becomes a paired name of
the other gender), so the key does not read "John … she".

Usage: python3 bench/gender_swap.py KEY.conll2012[.gz] TRAIN.conllu.gz OUT.conll2012
"""
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from train import augment, data  # noqa: E402


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    key, train, out = sys.argv[1:]
    names = augment.name_map(data.read_conllu(Path(train)))
    opener = gzip.open if key.endswith(".gz") else open
    with opener(key, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    cells = [line.split("\t") for line in lines if not line.startswith("#")]
    names = augment.with_lexicon_names(names, ((c[3], c[4]) for c in cells if len(c) >= 5))
    changed = rows = 0
    with open(out, "w", encoding="utf-8") as w:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cols) < 5:
                w.write(line)
                continue
            rows += 1
            swapped = augment.swap_word(cols[3], cols[4], names)
            changed += swapped != cols[3]
            cols[3] = swapped
            w.write("\t".join(cols) + "\n")
    print(f"{out}: {changed} of {rows} words swapped ({len(names)} first names paired)", file=sys.stderr)


if __name__ == "__main__":
    main()
