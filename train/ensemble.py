"""Score-level ensembles of exported models on an OntoGUM split: how much of the F1 is run-to-run variance.

Design decision: models are combined by averaging their antecedent *probabilities* — the softmax over the
dummy and each model's own top-k candidates, a word outside a model's top k counting as probability 0 — not
their scores: each model prunes to its own candidate set and a score exists only inside it, while
probabilities over one common support (the dummy and every earlier word) can be averaged without inventing
the missing scores. Decoding is then the argmax of §8 on the averaged probabilities (the dummy wins ties);
mention spans come from the first model's span predictor. An ensemble costs one encoder pass per model, so
it is a measurement (and a possible teacher), not something `corefer` ships.

Usage: python -m train.ensemble --models models/a models/b [...] [--split dev]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from . import data, features, predict
from .export import load_export
from .model import CorefModel, DocInput, best_links, link_groups


def antecedent_probs(model: CorefModel, di: DocInput) -> tuple[torch.Tensor, torch.Tensor]:
    """The word vectors and the [n, n+1] antecedent distribution of one model: column 0 is the dummy (scored
    `dummy_score`), column j+1 the earlier word j; zero outside the model's top-k candidates."""
    v = model.word_vectors(di)
    cand, scores, _, _ = model.antecedent_scores(model.head.proj(v), di.sent, di.speaker, di.lex)
    n = v.shape[0]
    full = torch.cat([torch.full((n, 1), model.c.dummy_score), scores], dim=1).softmax(1)
    probs = torch.zeros(n, n + 1)
    probs[:, 0] = full[:, 0]
    probs.scatter_add_(1, cand + 1, full[:, 1:])   # invalid candidates carry probability 0
    return v, probs


def argmax_links(probs: torch.Tensor) -> list[tuple[int, int]]:
    """(anaphor, antecedent) links from an [n, n+1] distribution: §8's rule (`model.best_links`) with every
    earlier word as a candidate and the dummy's probability as its bar, so the dummy wins ties."""
    n = probs.shape[0]
    return best_links(torch.arange(n).expand(n, n), probs[:, 1:], probs[:, 0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", type=Path, nargs="+", required=True)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    models = [load_export(m).eval() for m in a.models]
    tok = features.load_tokenizer(a.models[0] / "tokenizer.json")
    docs = data.read_conllu(a.data / "gum/ontogum" / f"{a.split}.conllu.gz")
    gold = data.read_conll2012(a.data / "gum/ontogum" / f"{a.split}.conll2012.gz")
    rows = {m.name: {} for m in a.models}
    prefixes = {f"first {k}": {} for k in range(2, len(models) + 1)}
    with torch.no_grad():
        for d in docs:
            outs = [antecedent_probs(m, m.inputs(tok, d.words, d.sent, d.speaker)) for m in models]
            sent = torch.tensor(d.sent)
            n = len(d.words)
            for path, m, (v, p) in zip(a.models, models, outs):
                rows[path.name][d.doc_id] = m.cluster_spans(v, sent, link_groups(n, argmax_links(p)))
            for k in range(2, len(models) + 1):
                mean = torch.stack([p for _, p in outs[:k]]).mean(0)
                prefixes[f"first {k}"][d.doc_id] = models[0].cluster_spans(outs[0][0], sent,
                                                                           link_groups(n, argmax_links(mean)))
    print(f"ensembles on OntoGUM {a.split} ({len(docs)} docs), Python scorer; models in order: "
          + ", ".join(m.name for m in a.models))
    print("| decoding | CoNLL F1 | MUC | B³ | CEAFe |\n|---|---|---|---|---|")
    for name, pred in {**rows, **prefixes}.items():
        s = predict.score(gold, pred)
        print(f"| {name} | {100 * s['conll_f1']:.2f} | {100 * s['muc_f1']:.2f} | {100 * s['b3_f1']:.2f} | "
              f"{100 * s['ceafe_f1']:.2f} |")


if __name__ == "__main__":
    main()
