"""Error decomposition of an exported model on an OntoGUM split: where the CoNLL F1 is lost.

Design decision: every variant re-decodes the same word vectors (computed once per document) and swaps one
stage's output for the gold one, so the differences between rows are attributable to that stage alone:
  predicted            the model as shipped
  gold spans           predicted head clusters; a head that heads a gold mention gets the gold span
                       (what the span predictor costs)
  gold heads, linked   the model's antecedent choice restricted to gold mention heads: non-mention heads are
                       dropped (what mention detection costs: spurious heads)
  gold clusters        gold head clusters with predicted spans (upper bound of linking)
  gender agreement    the model's decoding, but an anaphor whose best antecedent would join a cluster
                       holding a pronoun of another gender (he / she / it) takes its next-best compatible
                       candidate above the dummy (a decoding constraint that was tried and not adopted)
  consistent links     the model's decoding, but an anaphor rejects a candidate whose cluster holds another
                       of its top-k candidates scored below --consistency-floor, and takes the next one above
                       the dummy (an entity-level check against merged entities; tried, not adopted)
  pronoun dummy        the model's decoding, but pronouns (personal and demonstrative, `category`) link when
                       their best candidate beats --pronoun-dummy instead of the model's dummy score (a
                       dummy of their own, tuned on dev; tried, not adopted: train/README "Run history")
and per-category antecedent accuracy for gold anaphoric heads (pronoun / proper noun / other): the share
whose chosen antecedent (or "none") agrees with gold (an earlier head of the same cluster), and the top-k
recall: the share of gold anaphoric heads with at least one gold antecedent among their top-k candidates
(what the coarse pruning costs before the fine scorer sees anything). --top-k overrides the model's k.

Usage: python -m train.analyze --model models/<name> [--split dev] [--top-k K] [--pronoun-dummy D]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from . import data, features, predict, rules
from .export import load_export
from .model import UnionFind, best_links, link_groups

# Personal pronouns (the lexicon shared with the Rust side, crates/corefer/data/pronouns.tsv) and demonstratives.
PRONOUNS = rules.pronouns() | {"this", "that", "these", "those"}


def category(word: str) -> str:
    if word.lower() in PRONOUNS:
        return "pronoun"
    return "proper" if word[:1].isupper() else "other"


GENDERS = {w: g[0] for g in ("masculine", "feminine", "neuter") for w in rules.pronouns(gender=g)}


def agreeing_links(words: list[str], cand, scores, dummy: float) -> list[tuple[int, int]]:
    """Greedy left-to-right decoding that never joins two clusters whose pronouns mark different genders."""
    sets = UnionFind(len(words))
    genders = [{GENDERS[w.lower()]} if w.lower() in GENDERS else set() for w in words]
    links = []
    for i in range(len(words)):
        for j in torch.argsort(scores[i], descending=True, stable=True).tolist():
            if not float(scores[i, j]) > dummy:
                break
            a = int(cand[i, j])
            ri, ra = sets.find(i), sets.find(a)
            if ri == ra or len(genders[ri] | genders[ra]) <= 1:
                root, other = sets.union(i, a)
                if root != other:
                    genders[root] |= genders[other]
                links.append((i, a))
                break
    return links


def consistent_links(cand, scores, dummy: float, floor: float) -> list[tuple[int, int]]:
    """Greedy left-to-right decoding in which an anaphor never joins a cluster holding one of its own
    candidates that it scored below `floor` (members outside its top k are not judged)."""
    sets = UnionFind(cand.shape[0])
    members: dict[int, list[int]] = {}
    links = []
    for i in range(cand.shape[0]):
        mine = {int(cand[i, j]): float(scores[i, j]) for j in range(cand.shape[1]) if torch.isfinite(scores[i, j])}
        for a, s in sorted(mine.items(), key=lambda t: -t[1]):
            if not s > dummy:
                break
            if any(mine.get(m, floor) < floor for m in members.get(sets.find(a), [a])):
                continue
            root, other = sets.union(i, a)
            members[root] = members.pop(root, [root]) + members.pop(other, [other])
            links.append((i, a))
            break
    return links


def pronoun_dummies(words: list[str], dummy: float, pronoun_dummy: float) -> torch.Tensor:
    """Each word's dummy score for the "pronoun dummy" variant: `pronoun_dummy` for pronouns, else `dummy`."""
    return torch.tensor([pronoun_dummy if category(w) == "pronoun" else dummy for w in words])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--consistency-floor", type=float, default=-6.0)
    ap.add_argument("--top-k", type=int, help="decode with this many coarse candidates instead of the model's")
    ap.add_argument("--pronoun-dummy", type=float, default=-1.0, help="the pronouns' dummy score (variant)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = load_export(a.model).eval()
    if a.top_k:
        model.c.top_k = a.top_k
    tok = features.load_tokenizer(a.model / "tokenizer.json")
    docs = data.read_conllu(a.data / "gum/ontogum" / f"{a.split}.conllu.gz")
    gold = data.read_conll2012(a.data / "gum/ontogum" / f"{a.split}.conll2012.gz")
    variants: dict[str, dict[str, list]] = {k: {} for k in ("predicted", "gold spans", "gold heads, linked",
                                                              "gold clusters", "gender agreement",
                                                              "consistent links", "pronoun dummy")}
    right: dict[str, list[int]] = {}
    with torch.no_grad():
        for d in docs:
            di = model.inputs(tok, d.words, d.sent, d.speaker)
            v = model.word_vectors(di)
            clusters, dbg = model.decode(v, di.sent, debug=True, speaker=di.speaker, lex=di.lex)
            gold_heads, gold_span = data.head_clusters(d)
            cid = {h: i for i, c in enumerate(gold_heads) for h in c}
            n = len(d.words)
            full = torch.cat([torch.full((n, 1), model.c.dummy_score), dbg["scores"]], dim=1)
            variants["predicted"][d.doc_id] = clusters
            variants["gold spans"][d.doc_id] = model.cluster_spans(v, di.sent, dbg["head_clusters"], gold_span)
            variants["gold clusters"][d.doc_id] = model.cluster_spans(v, di.sent, gold_heads)
            agreeing = agreeing_links(d.words, dbg["top_k"], dbg["scores"], model.c.dummy_score)
            variants["gender agreement"][d.doc_id] = model.cluster_spans(v, di.sent, link_groups(n, agreeing))
            consistent = consistent_links(dbg["top_k"], dbg["scores"], model.c.dummy_score, a.consistency_floor)
            variants["consistent links"][d.doc_id] = model.cluster_spans(v, di.sent, link_groups(n, consistent))
            by_class = best_links(dbg["top_k"], dbg["scores"],
                                  pronoun_dummies(d.words, model.c.dummy_score, a.pronoun_dummy))
            variants["pronoun dummy"][d.doc_id] = model.cluster_spans(v, di.sent, link_groups(n, by_class))
            links = []
            for i in cid:
                cand = dbg["top_k"][i].tolist()
                ok = [j + 1 for j, c in enumerate(cand) if c in cid and torch.isfinite(dbg["scores"][i, j])]
                best = max([0] + ok, key=lambda j: float(full[i, j]))
                if best > 0:
                    links.append((i, cand[best - 1]))
                first = min(gold_heads[cid[i]])
                if i != first:                               # a gold anaphor: was its own choice right?
                    b = int(full[i].argmax())
                    good = b > 0 and cid.get(int(dbg["top_k"][i, b - 1])) == cid[i]
                    r = right.setdefault(category(d.words[i]), [0, 0, 0])
                    r[0] += good
                    r[1] += 1
                    r[2] += any(c < i and cid.get(c) == cid[i] and torch.isfinite(dbg["scores"][i, j])
                                    for j, c in enumerate(cand))
            variants["gold heads, linked"][d.doc_id] = model.cluster_spans(v, di.sent, link_groups(n, links))
    print(f"{a.model.name} on OntoGUM {a.split} ({len(docs)} docs), top {model.c.top_k} candidates, Python scorer")
    print("| variant | CoNLL F1 | MUC | B³ | CEAFe |\n|---|---|---|---|---|")
    for name, pred in variants.items():
        s = predict.score(gold, pred)
        print(f"| {name} | {100 * s['conll_f1']:.2f} | {100 * s['muc_f1']:.2f} | {100 * s['b3_f1']:.2f} | "
              f"{100 * s['ceafe_f1']:.2f} |")
    print(f"\n| gold anaphor head | antecedent correct | gold antecedent in the top {model.c.top_k} | of |\n"
          "|---|---|---|---|")
    for k, (ok, tot, rec) in sorted(right.items()):
        print(f"| {k} | {100 * ok / tot:.1f}% | {100 * rec / tot:.1f}% | {tot} |")
    tot, rec = sum(r[1] for r in right.values()), sum(r[2] for r in right.values())
    print(f"| all | {100 * sum(r[0] for r in right.values()) / tot:.1f}% | {100 * rec / tot:.2f}% | {tot} |")


if __name__ == "__main__":
    main()
