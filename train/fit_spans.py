"""EXPERIMENT, reverted in the next commit (Python only; neither Rust nor MODEL_FORMAT.md know `span_conv`).

Retrain the span predictor of an exported model on its frozen word vectors:

    python -m train.fit_spans --model models/minilm-wl-match --span-conv 16 --epochs 12 --name x --no-export

Design decision: the encoder and the antecedent scorer stay frozen, so each document's word vectors are
computed once and only the span predictor (§9) trains — minutes instead of a 100-minute joint run, and the
links of the new model are exactly those of the old one, so a dev difference is the span predictor's alone.
The epoch with the best dev span accuracy (gold head words, exact start and end) is kept.
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import time
from pathlib import Path

import torch

from . import data, features
from .export import export, load_export
from .model import CorefModel
from .predict import score

REPO = Path(__file__).resolve().parent.parent


def span_parameters(model: CorefModel) -> list[torch.nn.Parameter]:
    return [p for k, p in model.head.named_parameters() if k.startswith("span_")]


def with_span_conv(old: CorefModel, channels: int) -> CorefModel:
    """A copy of `old` whose span predictor has `channels` convolution channels (0: linear output); every
    tensor the two share is copied, new ones keep their initialisation."""
    new = CorefModel(dataclasses.replace(old.c, span_conv=channels))
    own = new.state_dict()
    own.update({k: v for k, v in old.state_dict().items() if k in own and own[k].shape == v.shape})
    new.load_state_dict(own)
    return new


@torch.no_grad()
def span_accuracy(model: CorefModel, cached) -> float:
    """Share of gold mentions whose span the predictor gets exactly right from the gold head word."""
    model.eval()
    right = total = 0
    for v, di, (_, spans) in cached:
        if not spans:
            continue
        heads = torch.tensor(sorted(spans))
        pos, st, en = model.span_scores(v, heads, di.sent)
        start = pos.gather(1, st.argmax(1, keepdim=True)).squeeze(1).tolist()
        end = pos.gather(1, en.argmax(1, keepdim=True)).squeeze(1).tolist()
        right += sum((s, e) == spans[h] for h, s, e in zip(heads.tolist(), start, end))
        total += len(spans)
    return right / max(total, 1)


@torch.no_grad()
def conll_f1(model: CorefModel, cached, docs: list[data.Doc], gold_path: Path) -> dict[str, float]:
    model.eval()
    gold = data.read_conll2012(gold_path)
    pred = {d.doc_id: model.decode(v, di.sent, speaker=di.speaker, lex=di.lex) for (v, di, _), d in zip(cached, docs)}
    return score({k: x for k, x in gold.items() if k in pred}, pred)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="exported model directory to start from")
    ap.add_argument("--span-conv", type=int, default=16, help="convolution channels (0: linear output layer)")
    ap.add_argument("--name", required=True, help="name of the exported model (models/<name>/)")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data", type=Path, default=REPO / "../shared/data")
    ap.add_argument("--train-docs", type=int, help="use only the first N train documents (smoke runs)")
    ap.add_argument("--no-export", action="store_true")
    a = ap.parse_args()
    random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    t0 = time.time()

    old = load_export(a.model)
    model = with_span_conv(old, a.span_conv)
    tok = features.load_tokenizer()
    onto = a.data.resolve() / "gum/ontogum"
    splits = {s: data.read_conllu(onto / f"{s}.conllu.gz") for s in ("train", "dev", "test")}
    if a.train_docs:
        splits["train"] = splits["train"][: a.train_docs]
    cached = {}
    with torch.no_grad():
        for s, docs in splits.items():
            cached[s] = []
            for d in docs:
                di = old.inputs(tok, d.words, d.sent, d.speaker)
                cached[s].append((old.word_vectors(di), di, data.head_clusters(d)))
    print(f"word vectors of {sum(map(len, splits.values()))} documents in {time.time() - t0:.0f}s", flush=True)

    base = span_accuracy(old, cached["dev"])
    print(f"start: dev span accuracy {base:.4f} ({a.model.name})", flush=True)
    optim = torch.optim.Adam(span_parameters(model), lr=a.lr)
    best, best_state = -1.0, None
    for epoch in range(a.epochs):
        model.train()
        order = list(range(len(cached["train"])))
        random.shuffle(order)
        total = 0.0
        for i in order:
            v, di, (_, spans) = cached["train"][i]
            if not spans:
                continue
            v = torch.nn.functional.dropout(v, model.c.dropout, True)
            loss = model.span_loss(v, di.sent, spans)
            optim.zero_grad()
            loss.backward()
            optim.step()
            total += loss.item()
        acc = span_accuracy(model, cached["dev"])
        print(f"epoch {epoch}: train span loss {total / len(order):.4f}, dev span accuracy {acc:.4f} "
              f"({time.time() - t0:.0f}s)", flush=True)
        if acc > best:
            best, best_state = acc, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    for s in ("dev", "test"):
        before = conll_f1(old, cached[s], splits[s], onto / f"{s}.conll2012.gz")
        after = conll_f1(model, cached[s], splits[s], onto / f"{s}.conll2012.gz")
        print(f"{s}: span accuracy {span_accuracy(old, cached[s]):.4f} -> {span_accuracy(model, cached[s]):.4f}; "
              f"CoNLL F1 {100 * before['conll_f1']:.2f} -> {100 * after['conll_f1']:.2f}", flush=True)
    if not a.no_export:
        export(model, REPO / "models" / a.name, a.name)
        print(f"exported models/{a.name}", flush=True)


if __name__ == "__main__":
    main()
