"""The word-level coreference model: a small BERT encoder plus the head of MODEL_FORMAT.md, and its losses.

Design decision: the pair scorer's first layer is factored (a·x_i + b·x_j + M(x_i∘x_j) + embeddings) on a
128-d projection, so only one P×H product per pair remains — cheap enough for CPU inference in Rust.
`predict` is the reference implementation of the spec; names of parameters equal the exported tensor names
(with `bert.` stripped for the encoder).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import encoders, features, rules


@dataclass
class HeadConfig:
    # encoder sizes and conventions (train/encoders.py; MODEL_FORMAT.md §4, §11); the defaults are MiniLM's
    hidden: int = encoders.MINILM.hidden
    layers: int = encoders.MINILM.layers
    heads: int = encoders.MINILM.heads
    intermediate: int = encoders.MINILM.intermediate
    vocab_size: int = encoders.MINILM.vocab_size
    max_position: int = encoders.MINILM.max_position
    layer_norm_eps: float = encoders.MINILM.layer_norm_eps
    casing_dim: int = 16
    proj_dim: int = 128
    pair_hidden: int = 128
    top_k: int = 40
    span_hidden: int = 128
    span_max_dist: int = 64
    window_size: int = 384
    window_stride: int = 320
    dropout: float = 0.3
    encoder_dropout: float = 0.1
    dummy_score: float = 0.0     # score of "no antecedent" at inference (tuned on dev after training)
    speaker_feature: bool = False  # pair feature: same speaker (MODEL_FORMAT.md §7); off in older models
    string_match: bool = False     # same lower-cased word: coarse bias and pair embedding (§6, §7); off in older models
    match_pronouns: bool = True    # whether third-person pronouns take part in the string match (§6)
    # the encoder's name and conventions (MODEL_FORMAT.md §2–§4, §11)
    base: str = encoders.MINILM.name
    encoder_type: str = encoders.MINILM.kind   # "bert" or "mpnet"
    cls_id: int = encoders.MINILM.cls_id
    sep_id: int = encoders.MINILM.sep_id
    unk_id: int = encoders.MINILM.unk_id
    position_offset: int = encoders.MINILM.position_offset    # position id of a window's first token
    relative_buckets: int = encoders.MINILM.relative_buckets  # MPNet relative-position buckets (0: none)
    relative_max_distance: int = encoders.MINILM.relative_max_distance


# Pair-distance buckets (§7): their first distances are the data file the Rust side compiles in
# (crates/corefer/data/distance-buckets.txt); the count is written to config.json as head.distance_buckets.
BUCKET_STARTS = torch.tensor(rules.DISTANCE_BUCKET_STARTS)
N_BUCKETS = len(rules.DISTANCE_BUCKET_STARTS)
# The leaky-ReLU slope (§7, §9): written to config.json as head.leaky_relu_slope, which the Rust side reads.
SLOPE = 0.01


def leaky(x):
    return F.leaky_relu(x, SLOPE)


def distance_bucket(d: torch.Tensor) -> torch.Tensor:
    """MODEL_FORMAT.md §7 for d >= 1: the index of the last bucket start <= d (1..4 -> 0..3, then
    floor(log2 d) + 2, capped at 9)."""
    return torch.bucketize(d, BUCKET_STARTS, right=True) - 1


def antecedent_nll(scores: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """Mean −log of the probability mass on gold antecedents, with a dummy at score 0 beside `scores` [n, m]
    (-inf where invalid); the dummy is the target of a row whose `gold` mask [n, m] is empty."""
    n = scores.shape[0]
    gold = torch.cat([~gold.any(1, keepdim=True), gold], dim=1)
    full = torch.cat([torch.zeros(n, 1), scores], dim=1)
    return (torch.logsumexp(full, 1) - torch.logsumexp(full.masked_fill(~gold, float("-inf")), 1)).mean()


@dataclass
class Teacher:
    """Another model's antecedent choices on a document: its top-k candidates [n, k], their final scores
    [n, k] (-inf where invalid) and its no-antecedent score (§8's δ)."""
    cand: torch.Tensor
    scores: torch.Tensor
    dummy: float

    def probabilities(self) -> torch.Tensor:
        """[n, n + 1]: the teacher's distribution over the dummy (column 0) and every earlier word j (j + 1)."""
        n = self.cand.shape[0]
        full = torch.full((n, n + 1), float("-inf"))
        full[:, 0] = self.dummy
        valid = torch.isfinite(self.scores)
        rows = torch.arange(n)[:, None].expand_as(self.cand)
        full[rows[valid], self.cand[valid] + 1] = self.scores[valid].float()
        return torch.softmax(full, 1)


def soft_cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean over rows of −Σ target · log softmax(logits); entries with zero target (or -inf logits) add nothing."""
    logp = torch.log_softmax(logits, 1)
    return -(target * logp.masked_fill(target == 0, 0.0)).sum(1).mean()


def distill_loss(cand: torch.Tensor, scores: torch.Tensor, coarse_all: torch.Tensor, teacher: Teacher) -> torch.Tensor:
    """Cross-entropy of a student's antecedent distributions against a teacher's (dummy at 0 for the student):
    the coarse one over all earlier words, and the final one over the student's own top-k, where the teacher's
    probabilities are renormalised over the dummy and those candidates."""
    n = cand.shape[0]
    p = teacher.probabilities()
    coarse = soft_cross_entropy(torch.cat([torch.zeros(n, 1), coarse_all], 1), p)
    q = torch.cat([p[:, :1], p.gather(1, cand + 1) * torch.isfinite(scores)], 1)
    q = q / q.sum(1, keepdim=True).clamp(min=1e-12)
    fine = soft_cross_entropy(torch.cat([torch.zeros(n, 1), scores], 1), q)
    return coarse + fine


def cluster_ids(n: int, clusters: list[list[int]]) -> torch.Tensor:
    """Cluster index of each of `n` words, -1 for words in no cluster."""
    cid = torch.full((n,), -1)
    for i, c in enumerate(clusters):
        cid[torch.tensor(c)] = i
    return cid


def earlier_gold(cid: torch.Tensor) -> torch.Tensor:
    """[n, n] mask of gold antecedents over all words: j < i and both in one cluster (`cid` from cluster_ids)."""
    n = len(cid)
    return (cid[:, None] >= 0) & (cid[None, :] == cid[:, None]) & torch.ones(n, n, dtype=torch.bool).tril(-1)


def best_links(cand: torch.Tensor, scores: torch.Tensor, dummy: torch.Tensor) -> list[tuple[int, int]]:
    """The (anaphor, antecedent) links of §8: each word's best candidate where it beats the word's dummy
    score (`dummy`: [n]); the first maximum wins, so the dummy wins ties."""
    best = torch.cat([dummy[:, None], scores], dim=1).argmax(1)
    return [(i, int(cand[i, best[i] - 1])) for i in range(len(best)) if best[i] > 0]


class UnionFind:
    """Disjoint sets over words 0..n-1; a set's root is its smallest word."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> tuple[int, int]:
        """Joins the sets of a and b; returns (kept root, absorbed root), equal when already joined."""
        ra, rb = self.find(a), self.find(b)
        root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        return root, other


def link_groups(n: int, links: list[tuple[int, int]]) -> list[list[int]]:
    """The groups of two or more words joined by (anaphor, antecedent) links, each sorted, ordered by their
    first word (MODEL_FORMAT.md §8)."""
    sets = UnionFind(n)
    for a, b in links:
        sets.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(sets.find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) >= 2), key=lambda g: g[0])


class Layer(nn.Module):
    def __init__(self, c: HeadConfig):
        super().__init__()
        h = c.hidden
        self.attention = nn.ModuleDict({
            "self": nn.ModuleDict({n: nn.Linear(h, h) for n in ("query", "key", "value")}),
            "output": nn.ModuleDict({"dense": nn.Linear(h, h), "LayerNorm": nn.LayerNorm(h, eps=c.layer_norm_eps)}),
        })
        self.intermediate = nn.ModuleDict({"dense": nn.Linear(h, c.intermediate)})
        self.output = nn.ModuleDict({"dense": nn.Linear(c.intermediate, h),
                                     "LayerNorm": nn.LayerNorm(h, eps=c.layer_norm_eps)})
        self.n_heads, self.p = c.heads, c.encoder_dropout

    def forward(self, x):
        b, t, h = x.shape
        sa = self.attention["self"]
        q, k, v = (sa[n](x).view(b, t, self.n_heads, -1).transpose(1, 2) for n in ("query", "key", "value"))
        a = F.scaled_dot_product_attention(q, k, v, dropout_p=self.p if self.training else 0.0)
        a = a.transpose(1, 2).reshape(b, t, h)
        ao = self.attention["output"]
        x = ao["LayerNorm"](x + F.dropout(ao["dense"](a), self.p, self.training))
        f = self.output["dense"](F.gelu(self.intermediate["dense"](x)))
        return self.output["LayerNorm"](x + F.dropout(f, self.p, self.training))


class Bert(nn.Module):
    def __init__(self, c: HeadConfig):
        super().__init__()
        self.embeddings = nn.ModuleDict({
            "word_embeddings": nn.Embedding(c.vocab_size, c.hidden),
            "position_embeddings": nn.Embedding(c.max_position, c.hidden),
            "token_type_embeddings": nn.Embedding(2, c.hidden),
            "LayerNorm": nn.LayerNorm(c.hidden, eps=c.layer_norm_eps),
        })
        self.encoder = nn.ModuleDict({"layer": nn.ModuleList(Layer(c) for _ in range(c.layers))})
        self.p = c.encoder_dropout

    def forward(self, ids, stop: int | None = None):
        """Hidden states after layer `stop` (all layers by default)."""
        e = self.embeddings
        pos = torch.arange(ids.shape[1])
        x = e["word_embeddings"](ids) + e["position_embeddings"](pos)[None] + e["token_type_embeddings"].weight[0]
        x = F.dropout(e["LayerNorm"](x), self.p, self.training)
        return self.resume(x, 0, stop)

    def resume(self, x, start: int, stop: int | None = None):
        """Run layers start..stop-1 on hidden states x (used to train on cached frozen lower layers)."""
        for layer in self.encoder["layer"][start:stop]:
            x = layer(x)
        return x


def relative_buckets(n: int, buckets: int, max_distance: int) -> torch.Tensor:
    """MPNet's relative-position bucket [n, n] of key position j for query position i (MODEL_FORMAT.md §4):
    half the buckets for keys after the query; exact distances below buckets/4, then log-spaced up to
    `max_distance`, capped at the last bucket of the half."""
    rel = torch.arange(n)[None, :] - torch.arange(n)[:, None]        # j - i
    half = buckets // 2
    ret = (rel > 0).long() * half
    d = rel.abs()
    exact = half // 2
    large = exact + (torch.log(d.float() / exact) / math.log(max_distance / exact) * (half - exact)).long()
    large = large.clamp(max=half - 1)
    return ret + torch.where(d < exact, d, large)


class MpnetLayer(nn.Module):
    def __init__(self, c: HeadConfig):
        super().__init__()
        h = c.hidden
        self.attention = nn.ModuleDict({
            "attn": nn.ModuleDict({n: nn.Linear(h, h) for n in ("q", "k", "v", "o")}),
            "LayerNorm": nn.LayerNorm(h, eps=c.layer_norm_eps),
        })
        self.intermediate = nn.ModuleDict({"dense": nn.Linear(h, c.intermediate)})
        self.output = nn.ModuleDict({"dense": nn.Linear(c.intermediate, h),
                                     "LayerNorm": nn.LayerNorm(h, eps=c.layer_norm_eps)})
        self.n_heads, self.p = c.heads, c.encoder_dropout

    def forward(self, x, bias):
        b, t, h = x.shape
        at = self.attention["attn"]
        q, k, v = (at[n](x).view(b, t, self.n_heads, -1).transpose(1, 2) for n in ("q", "k", "v"))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, dropout_p=self.p if self.training else 0.0)
        a = a.transpose(1, 2).reshape(b, t, h)
        x = self.attention["LayerNorm"](x + F.dropout(at["o"](a), self.p, self.training))
        f = self.output["dense"](F.gelu(self.intermediate["dense"](x)))
        return self.output["LayerNorm"](x + F.dropout(f, self.p, self.training))


class Mpnet(nn.Module):
    """MPNet: BERT-like post-LN layers with absolute positions from `position_offset` and, in every layer's
    attention, a learned bias per head and relative-position bucket (one table shared by all layers)."""

    def __init__(self, c: HeadConfig):
        super().__init__()
        self.c = c
        self.embeddings = nn.ModuleDict({
            "word_embeddings": nn.Embedding(c.vocab_size, c.hidden),
            "position_embeddings": nn.Embedding(c.max_position, c.hidden),
            "LayerNorm": nn.LayerNorm(c.hidden, eps=c.layer_norm_eps),
        })
        self.encoder = nn.ModuleDict({"layer": nn.ModuleList(MpnetLayer(c) for _ in range(c.layers)),
                                      "relative_attention_bias": nn.Embedding(c.relative_buckets, c.heads)})
        self.p = c.encoder_dropout

    def forward(self, ids, stop: int | None = None):
        e = self.embeddings
        pos = torch.arange(ids.shape[1]) + self.c.position_offset
        x = e["word_embeddings"](ids) + e["position_embeddings"](pos)[None]
        x = F.dropout(e["LayerNorm"](x), self.p, self.training)
        return self.resume(x, 0, stop)

    def position_bias(self, n: int) -> torch.Tensor:
        """[1, heads, n, n] attention bias of a sequence of n tokens."""
        buckets = relative_buckets(n, self.c.relative_buckets, self.c.relative_max_distance)
        return self.encoder["relative_attention_bias"](buckets).permute(2, 0, 1)[None]

    def resume(self, x, start: int, stop: int | None = None):
        bias = self.position_bias(x.shape[1]).to(x.dtype)
        for layer in self.encoder["layer"][start:stop]:
            x = layer(x, bias)
        return x


class Head(nn.Module):
    def __init__(self, c: HeadConfig):
        super().__init__()
        d = c.hidden + c.casing_dim
        p, h, s = c.proj_dim, c.pair_hidden, c.span_hidden
        self.subword_attn = nn.Linear(c.hidden, 1)
        self.casing_emb = nn.Embedding(4, c.casing_dim)
        self.proj = nn.Linear(d, p)
        self.coarse = nn.Linear(p, p)
        self.pair_a = nn.Linear(p, h, bias=False)
        self.pair_b = nn.Linear(p, h, bias=False)
        self.pair_prod = nn.Linear(p, h)
        self.dist_emb = nn.Embedding(N_BUCKETS, h)
        self.same_sent_emb = nn.Embedding(2, h)
        if c.speaker_feature:
            self.same_speaker_emb = nn.Embedding(2, h)
        if c.string_match:
            self.same_word_emb = nn.Embedding(2, h)
            self.match_coarse = nn.Linear(p, 1)          # anaphor-dependent coarse bias for same-word pairs
            nn.init.zeros_(self.match_coarse.weight)
            nn.init.zeros_(self.match_coarse.bias)
        self.pair_hidden = nn.Linear(h, h)
        self.pair_out = nn.Linear(h, 1)
        self.span_head = nn.Linear(d, s, bias=False)
        self.span_word = nn.Linear(d, s)
        self.span_dist_emb = nn.Embedding(2 * c.span_max_dist + 1, s)
        self.span_hidden = nn.Linear(s, s)
        self.span_out = nn.Linear(s, 2)


@dataclass
class DocInput:
    """Tensors of one document (built by `CorefModel.inputs`)."""
    windows: torch.Tensor      # [n_windows, len+2] subword ids with [CLS]/[SEP]
    sub_win: torch.Tensor      # [n_sub] window of each subword
    sub_pos: torch.Tensor      # [n_sub] position in that window
    word_of: torch.Tensor      # [n_sub]
    case: torch.Tensor         # [n_words]
    sent: torch.Tensor         # [n_words]
    sub_ids: list[int]
    speaker: torch.Tensor | None = None   # [n_words] speaker ids (None: one speaker throughout)
    lex: torch.Tensor | None = None       # [n_words] ids of lower-cased word forms (only equality matters)
    cache: torch.Tensor | None = None   # [n_windows, len+2, hidden] after the first `cache_layers` layers
    cache_layers: int = 0


class CorefModel(nn.Module):
    def __init__(self, c: HeadConfig):
        super().__init__()
        self.encoder_bf16 = False       # train/fit.py's `optim.bf16`: the encoder under bf16 autocast in training
        self.c = c
        self.bert = Mpnet(c) if c.encoder_type == "mpnet" else Bert(c)
        self.head = Head(c)

    # ---- inputs ----
    def inputs(self, tok, words: list[str], sent: list[int], speaker: list[str] | None = None) -> DocInput:
        ids, word_of = features.subwords(tok, words, self.c.unk_id)
        starts, best = features.stitch_index(len(ids), self.c.window_size, self.c.window_stride)
        length = min(self.c.window_size, len(ids))
        windows = torch.tensor([[self.c.cls_id] + ids[s:s + length] + [self.c.sep_id] for s in starts])
        return DocInput(windows, torch.tensor([b[0] for b in best]), torch.tensor([b[1] for b in best]),
                        torch.tensor(word_of), torch.tensor([features.casing(w) for w in words]),
                        torch.tensor(sent), ids,
                        torch.tensor(features.speaker_ids(speaker)) if speaker else None,
                        torch.tensor(features.lexeme_ids(words, self.c.match_pronouns)))

    # ---- shared forward pieces ----
    def word_vectors(self, di: DocInput) -> torch.Tensor:
        """v_w of §5 (D-dim). With `di.cache` set (hidden states after the frozen layers), only the rest runs."""
        n = len(di.case)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.encoder_bf16 and self.training):
            if di.cache is None:
                out = self.bert(di.windows)
            else:
                out = self.bert.resume(di.cache.float(), di.cache_layers)
        out = out.float()
        hs = out[di.sub_win, di.sub_pos]                                          # [n_sub, hidden]
        a = self.head.subword_attn(hs).squeeze(-1)
        amax = torch.full((n,), -1e30).scatter_reduce(0, di.word_of, a, "amax")
        ex = torch.exp(a - amax[di.word_of])
        alpha = ex / torch.zeros(n).index_add(0, di.word_of, ex)[di.word_of]
        e = torch.zeros(n, hs.shape[1]).index_add(0, di.word_of, alpha[:, None] * hs)
        return torch.cat([e, self.head.casing_emb(di.case)], dim=1)

    def antecedent_scores(self, x: torch.Tensor, sent: torch.Tensor, speaker: torch.Tensor | None = None,
                          lex: torch.Tensor | None = None):
        """Top-k candidates [n,k], their final scores [n,k] (-inf where invalid), coarse scores [n,k], and the
        coarse scores of all pairs [n,n] (-inf unless the second word comes first; for the coarse loss)."""
        hd = self.head
        n = x.shape[0]
        coarse = hd.coarse(x) @ x.T
        if self.c.string_match:
            same_word = lex[:, None] == lex[None, :]
            coarse = coarse + same_word * hd.match_coarse(x)
        earlier = torch.ones(n, n, dtype=torch.bool).tril(-1)
        coarse = coarse.masked_fill(~earlier, float("-inf"))
        k = max(1, min(self.c.top_k, n - 1))
        order = torch.sort(coarse, dim=1, descending=True, stable=True).indices[:, :k]
        c_top = coarse.gather(1, order)
        valid = torch.arange(k)[None, :] < torch.arange(n)[:, None]
        cand = order
        d = (torch.arange(n)[:, None] - cand).clamp(min=1)
        z = (hd.pair_prod(x[:, None, :] * x[cand]) + hd.pair_a(x)[:, None, :] + hd.pair_b(x)[cand]
             + hd.dist_emb(distance_bucket(d)) + hd.same_sent_emb((sent[:, None] == sent[cand]).long()))
        if self.c.speaker_feature:
            same = (speaker[:, None] == speaker[cand]) if speaker is not None else torch.ones_like(cand, dtype=torch.bool)
            z = z + hd.same_speaker_emb(same.long())
        if self.c.string_match:
            z = z + hd.same_word_emb(same_word.gather(1, cand).long())
        z = F.dropout(leaky(z), self.c.dropout, self.training)
        z = F.dropout(leaky(hd.pair_hidden(z)), self.c.dropout, self.training)
        fine = hd.pair_out(z).squeeze(-1)
        scores = (c_top + fine).masked_fill(~valid, float("-inf"))
        return cand, scores, c_top.masked_fill(~valid, float("-inf")), coarse

    def span_scores(self, v: torch.Tensor, heads: torch.Tensor, sent: torch.Tensor):
        """Start/end scores [m, L, 2] over each head's sentence (positions [m, L]), constraints applied."""
        hd = self.head
        n = len(sent)
        change = torch.cat([torch.tensor([True]), sent[1:] != sent[:-1]])
        first = torch.nonzero(change).squeeze(1)
        last = torch.cat([first[1:] - 1, torch.tensor([n - 1])])
        run = torch.cumsum(change.long(), 0) - 1
        sent_start, sent_end = first[run], last[run]
        lo, hi = sent_start[heads], sent_end[heads]
        width = int((hi - lo).max()) + 1 if len(heads) else 1
        pos = lo[:, None] + torch.arange(width)[None, :]
        inside = pos <= hi[:, None]
        pos = torch.where(inside, pos, heads[:, None])
        m = self.c.span_max_dist
        y = (hd.span_head(v[heads])[:, None, :] + hd.span_word(v)[pos]
             + hd.span_dist_emb((pos - heads[:, None]).clamp(-m, m) + m))
        y = F.dropout(leaky(y), self.c.dropout, self.training)
        y = F.dropout(leaky(hd.span_hidden(y)), self.c.dropout, self.training)
        out = hd.span_out(y)
        neg = float("-inf")
        st = out[..., 0].masked_fill(~inside | (pos > heads[:, None]), neg)
        en = out[..., 1].masked_fill(~inside | (pos < heads[:, None]), neg)
        return pos, st, en

    # ---- training ----
    def loss(self, di: DocInput, clusters: list[list[int]] | None, spans: dict[int, tuple[int, int]], bce_weight=0.5,
             aux: tuple[nn.Module, torch.Tensor] | None = None, aux_weight: float = 0.0, coarse_weight: float = 0.0,
             chains: tuple[nn.Module, list[list[int]]] | None = None, chain_weight: float = 0.0,
             teacher: "Teacher | None" = None, teacher_weight: float = 0.0):
        """Antecedent NLL + `bce_weight`·pair BCE + span cross-entropy; with `aux` = (classifier, targets [n]),
        plus `aux_weight`·cross-entropy of a training-only word classifier on the projected word vectors
        (train/README.md: entity types of the full GUM scheme); plus `coarse_weight`·the same antecedent NLL
        on the coarse scores of all earlier words, so that gold antecedents outside the top k get a gradient
        that pulls them in (the top-k loss alone never sees them); with `chains` = (bilinear scorer, head
        clusters of another annotation scheme), plus `chain_weight`·the antecedent NLL of that training-only
        scorer over all earlier words (train/README.md: the full GUM scheme's chains); with `teacher` (another
        model's antecedent distribution on the same words), plus `teacher_weight`·the cross-entropy of this
        model's coarse and final antecedent distributions against it (`distill_loss`). `clusters` None marks an
        unlabeled document: only the teacher's terms are trained."""
        v = F.dropout(self.word_vectors(di), self.c.dropout, self.training)
        x = self.head.proj(v)
        n = x.shape[0]
        cand, scores, _, coarse_all = self.antecedent_scores(x, di.sent, di.speaker, di.lex)
        loss = torch.zeros(())
        if teacher is not None:
            loss = loss + teacher_weight * distill_loss(cand, scores, coarse_all, teacher)
        if clusters is None:
            return loss
        cid = cluster_ids(n, clusters)
        valid = torch.isfinite(scores)
        gold = (cid[:, None] >= 0) & (cid[cand] == cid[:, None]) & valid
        bce = F.binary_cross_entropy_with_logits(scores[valid].clamp(-50, 50), gold[valid].float())
        loss = loss + antecedent_nll(scores, gold) + bce_weight * bce
        if coarse_weight > 0:
            loss = loss + coarse_weight * antecedent_nll(coarse_all, earlier_gold(cid))
        if chains is not None:
            scorer, other = chains
            earlier = torch.isfinite(coarse_all)        # j < i, the coarse step's mask
            loss = loss + chain_weight * antecedent_nll((scorer(x) @ x.T).masked_fill(~earlier, float("-inf")),
                                                        earlier_gold(cluster_ids(n, other)))
        if aux is not None:
            classifier, targets = aux
            loss = loss + aux_weight * F.cross_entropy(classifier(x), targets)
        if spans:
            heads = torch.tensor(sorted(spans))
            pos, st, en = self.span_scores(v, heads, di.sent)
            tgt = torch.tensor([spans[h] for h in heads.tolist()])
            s_idx = (pos == tgt[:, :1]).float().argmax(1)
            e_idx = (pos == tgt[:, 1:]).float().argmax(1)
            loss = loss + F.cross_entropy(st, s_idx) + F.cross_entropy(en, e_idx)
        return loss

    # ---- inference (the reference implementation of MODEL_FORMAT.md) ----
    @torch.no_grad()
    def predict(self, di: DocInput, debug: bool = False):
        return self.decode(self.word_vectors(di), di.sent, debug, speaker=di.speaker, lex=di.lex)

    @torch.no_grad()
    def cluster_spans(self, v: torch.Tensor, sent: torch.Tensor, head_clusters: list[list[int]],
                      known: dict[int, tuple[int, int]] | None = None) -> list[list[tuple[int, int]]]:
        """Mention spans of head clusters (§9–§10): the span predictor's, or `known[h]` where given (gold
        spans, for error analysis); a span already taken is dropped, clusters left with one span vanish."""
        if not head_clusters:
            return []
        heads = torch.tensor([h for g in head_clusters for h in g])
        pos, st, en = self.span_scores(v, heads, sent)
        start = pos.gather(1, st.argmax(1, keepdim=True)).squeeze(1).tolist()
        end = pos.gather(1, en.argmax(1, keepdim=True)).squeeze(1).tolist()
        span_of = {h: (s, e) for h, s, e in zip(heads.tolist(), start, end)}
        if known:
            span_of.update({h: known[h] for h in span_of if h in known})
        clusters: list[list[tuple[int, int]]] = []
        seen: set[tuple[int, int]] = set()
        for g in head_clusters:
            out = []
            for h in g:
                if span_of[h] not in seen:
                    seen.add(span_of[h])
                    out.append(span_of[h])
            if len(out) >= 2:
                clusters.append(out)
        return clusters

    @torch.no_grad()
    def decode(self, v: torch.Tensor, sent: torch.Tensor, debug: bool = False, dummy: float | None = None,
               speaker: torch.Tensor | None = None, lex: torch.Tensor | None = None):
        """Everything after the word vectors (§6–§10); `dummy` overrides `c.dummy_score` (for tuning)."""
        x = self.head.proj(v)
        n = x.shape[0]
        cand, scores, coarse, _ = self.antecedent_scores(x, sent, speaker, lex)
        dummy = self.c.dummy_score if dummy is None else dummy
        head_clusters = link_groups(n, best_links(cand, scores, torch.full((n,), dummy)))
        clusters = self.cluster_spans(v, sent, head_clusters)
        if not debug:
            return clusters
        return clusters, {"word_vectors": v, "proj": x, "top_k": cand, "scores": scores, "coarse": coarse,
                          "head_clusters": head_clusters}
