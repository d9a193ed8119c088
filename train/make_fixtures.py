"""Parity fixtures for the Rust implementation: intermediate values of `CorefModel.predict` on 3 short documents.

Design decision: the fixtures are computed from the *exported* model directory (f16 weights widened to f32),
i.e. exactly what the Rust side loads, and written as plain JSON (one file per document) so any test harness
can read them.

Usage: python -m train.make_fixtures --model models/<name>   ->  tests/fixtures/parity/<name>/doc{1,2,3,4}.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from . import features
from .export import load_export

REPO = Path(__file__).resolve().parent.parent

# Space-separated words, a new sentence after each "."; doc 3 contains a zero-width space word, which
# tokenizes to nothing -> [UNK]; doc 4 is a dialogue: "NAME:" opens a turn of that speaker (the marker is not
# a word; before the first marker the speaker is "").
DOCS = [
    ("John Smith met Mary at the station . He gave her a book that he had bought in Paris . "
     "She thanked him and they talked about the city ."),
    ("The U.S. Army announced on Tuesday that it will close two bases . The army said the decision was final . "
     "NASA , however , disagreed with it , and its director called the plan a mistake ."),
    ("Anna ’s café was closed ; its owner , Mr. Dubois , was on vacation in Zürich with his wife \u200b . "
     "When they returned , the café reopened and Anna was happy to see them again ."),
    ("Kendra: What did you do , Sabrina ? Sabrina: I left my phone in my bedroom , so I am grounded . "
     "Kendra: You told me that your mother took it . Sabrina: She did , and she was right ."),
]


def doc_words(text: str) -> tuple[list[str], list[int], list[str]]:
    """Words, sentence index and speaker of each word."""
    words, sent, speaker = [], [], []
    s, who = 0, ""
    for w in text.split(" "):
        if w.endswith(":") and len(w) > 1:
            who = w[:-1]
            continue
        words.append(w)
        sent.append(s)
        speaker.append(who)
        if w in (".", "?"):
            s += 1
    return words, sent, speaker


def rounded(t: torch.Tensor):
    return [[float(f"{v:.6g}") for v in row] for row in t.tolist()]


def fixture(model, tok, words: list[str], sent: list[int], speaker: list[str]) -> dict:
    di = model.inputs(tok, words, sent, speaker)
    clusters, dbg = model.predict(di, debug=True)
    n = len(words)
    top_k, scores, coarse = [], [], []
    antecedent = []
    for i in range(n):
        k = min(model.c.top_k, i)
        top_k.append(dbg["top_k"][i, :k].tolist())
        scores.append([float(f"{v:.6g}") for v in dbg["scores"][i, :k].tolist()])
        coarse.append([float(f"{v:.6g}") for v in dbg["coarse"][i, :k].tolist()])
        full = [model.c.dummy_score] + dbg["scores"][i, :k].tolist()
        best = max(range(len(full)), key=lambda j: (full[j], -j))
        antecedent.append(top_k[i][best - 1] if best > 0 else -1)
    starts = features.window_starts(len(di.sub_ids), model.c.window_size, model.c.window_stride)
    return {
        "words": words,
        "sentence_ids": sent,
        "speaker_ids": features.speaker_ids(speaker),      # §1: only equality matters
        "subword_ids": di.sub_ids,
        "subword_word": di.word_of.tolist(),
        "casing": di.case.tolist(),
        "lexeme_ids": di.lex.tolist(),                     # §6: equal exactly for equal lower-cased words
        "window_starts": starts,
        "word_vectors": rounded(dbg["word_vectors"]),      # v_w, §5 (D)
        "projected": rounded(dbg["proj"]),                 # x_w, §5 (P)
        "top_k": top_k,                                    # candidate j's per word, in candidate order (§6)
        "coarse_scores": coarse,                           # c(i, j) for those candidates
        "scores": scores,                                  # s(i, j) = coarse + fine (§7)
        "dummy_score": model.c.dummy_score,                # δ of §8
        "antecedent": antecedent,                          # chosen j, -1 = dummy (§8)
        "head_clusters": dbg["head_clusters"],
        "clusters": [[list(s) for s in c] for c in clusters],   # inclusive word spans (§10)
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--out", type=Path, help="default: tests/fixtures/parity/<model dir name>")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model = load_export(a.model)
    tok = features.load_tokenizer(a.model / "tokenizer.json")
    out = a.out or REPO / "tests/fixtures/parity" / a.model.name
    out.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(DOCS, 1):
        fx = {"model": a.model.name, **fixture(model, tok, *doc_words(text))}
        (out / f"doc{k}.json").write_text(json.dumps(fx, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"doc{k}: {len(fx['words'])} words, {len(fx['subword_ids'])} subwords, {len(fx['clusters'])} clusters")


if __name__ == "__main__":
    main()
