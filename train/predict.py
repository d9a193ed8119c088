"""Run a model over a split, score it with train/metrics.py and write a CoNLL-2012 prediction file.

Design decision: the prediction file copies the gold `*.conll2012.gz` rows and only replaces the last column,
so the Rust scorer (`corefer eval KEY RESPONSE`) sees identical token rows.

Usage: python -m train.predict --model models/<name> --split dev --out train/runs/<name>/dev.pred.conll
       python -m train.predict --model models/<name> --tune-dummy     (sets head.dummy_score from dev)
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from . import data, features
from .export import load_export
from .metrics import Scorer


def predict_docs(model, tok, docs: list[data.Doc], inputs=None) -> dict[str, list]:
    model.eval()
    inputs = inputs or [model.inputs(tok, d.words, d.sent, d.speaker) for d in docs]
    return {d.doc_id: model.predict(di) for d, di in zip(docs, inputs)}


def score(gold: dict[str, list[str]], pred: dict[str, list]) -> dict[str, float]:
    s = Scorer()
    for doc_id, lines in gold.items():
        s.add(data.conll2012_clusters(lines), pred.get(doc_id, []))
    return s.scores()


def run_split(model, tok, data_dir: Path, split: str, out: Path | None, inputs=None, docs=None) -> dict[str, float]:
    """Predict one split of OntoGUM; optionally write the prediction file; return the Python scores."""
    docs = docs or data.read_conllu(data_dir / "gum/ontogum" / f"{split}.conllu.gz")
    gold = data.read_conll2012(data_dir / "gum/ontogum" / f"{split}.conll2012.gz")
    gold = {k: v for k, v in gold.items() if k in {d.doc_id for d in docs}}
    pred = predict_docs(model, tok, docs, inputs)
    if out is not None:
        data.write_conll2012(gold, pred, out)
    return score(gold, pred)


DUMMY_GRID = (0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0)
# A lower dummy links more (one wrong link can merge two entities), so δ leaves 0 only for a clear dev gain.
DUMMY_MIN_GAIN = 0.005


def tune_dummy(model, tok, data_dir: Path, log=print) -> float:
    """Pick the dummy (no-antecedent) score with the best dev CoNLL F1 on a fixed grid, keeping 0 unless the
    best beats it by `DUMMY_MIN_GAIN`; the word vectors are computed once per document and only the
    decoding is repeated."""
    model.eval()
    docs = data.read_conllu(data_dir / "gum/ontogum/dev.conllu.gz")
    gold = data.read_conll2012(data_dir / "gum/ontogum/dev.conll2012.gz")
    with torch.no_grad():
        vecs = [(model.word_vectors(di), di.sent, di.speaker, di.lex)
                for di in (model.inputs(tok, d.words, d.sent, d.speaker) for d in docs)]
    f1 = {}
    for dummy in DUMMY_GRID:
        f1[dummy] = score(gold, {d.doc_id: model.decode(v, s, dummy=dummy, speaker=sp, lex=lx)
                                 for d, (v, s, sp, lx) in zip(docs, vecs)})["conll_f1"]
        log(f"dummy {dummy:+.1f} dev_conll_f1 {100 * f1[dummy]:.2f}")
    return choose_dummy(f1)


def choose_dummy(f1: dict[float, float]) -> float:
    """The δ with the best dev CoNLL F1 (the higher δ among equals), or 0 unless it gains `DUMMY_MIN_GAIN`."""
    best = max(f1, key=lambda d: (f1[d], d))
    return best if f1[best] >= f1[0.0] + DUMMY_MIN_GAIN else 0.0


def set_dummy(model_dir: Path, dummy: float) -> None:
    cfg = json.loads((model_dir / "config.json").read_text())
    cfg["head"]["dummy_score"] = dummy
    (model_dir / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tune-dummy", action="store_true", help="tune head.dummy_score on dev, write it to config.json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = load_export(a.model)
    tok = features.load_tokenizer(a.model / "tokenizer.json")
    if a.tune_dummy:
        model.c.dummy_score = tune_dummy(model, tok, a.data)
        set_dummy(a.model, model.c.dummy_score)
        print(f"head.dummy_score = {model.c.dummy_score} written to {a.model / 'config.json'}")
    print(json.dumps(run_split(model, tok, a.data, a.split, a.out), indent=1))


if __name__ == "__main__":
    main()
