"""Compact MUC, B³ and CEAFe (entity-based CEAF, φ4) for model selection; CoNLL F1 is their mean.

Design decision: mentions are compared as exact word spans and scores are micro-averaged over documents by
summing numerators/denominators, as the CoNLL-2012 reference scorer does. Official numbers come from the
project's Rust scorer; this one only picks the best epoch.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

Cluster = list[tuple[int, int]]


def _f1(p_num, p_den, r_num, r_den):
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _muc(key: list[set], resp: list[set]):
    where = {m: i for i, c in enumerate(resp) for m in c}
    num = den = 0
    for c in key:
        parts = {where.get(m, ("single", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num, den


def _b3(key: list[set], resp: list[set]):
    where = {m: c for c in resp for m in c}
    num = 0.0
    den = 0
    for c in key:
        for m in c:
            num += len(c & where.get(m, set())) / len(c)
            den += 1
    return num, den


def _ceafe(key: list[set], resp: list[set]):
    if not key or not resp:
        return 0.0, len(key), len(resp)
    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in resp] for k in key])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].sum()), len(key), len(resp)


class Scorer:
    """Accumulates counts over documents; `add(key_clusters, response_clusters)` per document."""

    def __init__(self):
        self.c = {"muc": [0, 0, 0, 0], "b3": [0.0, 0, 0.0, 0], "ceafe": [0.0, 0, 0.0, 0]}

    def add(self, key: list[Cluster], resp: list[Cluster]):
        k = [set(c) for c in key if c]
        r = [set(c) for c in resp if c]
        for name, fn in (("muc", _muc), ("b3", _b3)):
            rn, rd = fn(k, r)
            pn, pd = fn(r, k)
            acc = self.c[name]
            acc[0] += pn; acc[1] += pd; acc[2] += rn; acc[3] += rd
        s, nk, nr = _ceafe(k, r)
        acc = self.c["ceafe"]
        acc[0] += s; acc[1] += nr; acc[2] += s; acc[3] += nk

    def scores(self) -> dict[str, float]:
        out = {}
        for name, (pn, pd, rn, rd) in self.c.items():
            p, r, f = _f1(pn, pd, rn, rd)
            out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f
        out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
        return out
