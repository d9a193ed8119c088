#!/usr/bin/env python3
"""A sample corpus for the Spark example, its test and its benchmark: `sample_corpus.py N OUT.jsonl`.

The first N texts of GAP development (Wikipedia paragraphs, ../shared/data/gap, Apache 2.0 / CC BY-SA)
when that data is beside the checkout, else N generated paragraphs; either way with non-ASCII text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GAP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gap" / "gap-development.tsv"


def corpus(n: int = 200) -> list[dict]:
    """n {"id", "text"} documents."""
    if GAP.is_file():
        rows = GAP.read_text(encoding="utf-8").splitlines()[1 : n + 1]
        docs = [{"id": row.split("\t")[0], "text": row.split("\t")[1]} for row in rows]
    else:
        names = [("Zoë Kim", "She", "her"), ("José Ortega", "He", "his"), ("Li Wei 李伟", "He", "his"), ("Ann Lee", "She", "her")]
        docs = []
        for i in range(n):
            name, subject, possessive = names[i % len(names)]
            docs.append(
                {
                    "id": f"gen-{i}",
                    "text": f"{name} joined the firm in {1990 + i % 30}. {subject} said the move changed "
                    f"{possessive} life. “It was {i} years ago,” {subject.lower()} said. 😀",
                }
            )
    if len(docs) > 7:
        docs[7]["text"] = "Ünïcödé “quotes” 😀 " + docs[7]["text"]
    return docs


def write_jsonl(docs: list[dict], path: Path) -> None:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sample_corpus.py N OUT.jsonl")
    write_jsonl(corpus(int(sys.argv[1])), Path(sys.argv[2]))
