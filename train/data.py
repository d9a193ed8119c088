"""Corpus reading and gold conversion: CoNLL-U (CorefUD `Entity=`) -> documents -> head-word clusters.

Design decision: the model works on head words, so every gold mention is reduced to one word of its
dependency tree (the token whose syntactic head lies outside the mention) and the span is kept only as the
span predictor's target. Everything else (CoNLL-2012 reading/writing) is plain text plumbing.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
# One bracket item of a CoNLL-U `Entity=` value: "(3" / "(3)" (OntoGUM: numeric ids only), the same with the
# full GUM fields "(3-person-new-...-coref[-Wiki_Title][)]" (titles are %-escaped, so hold no brackets), or "3)".
ENTITY_RE = re.compile(r"\((\d+)(?:-([a-z]+))?[^()]*(\))?|(\d+)\)")
# Entity types of the full GUM scheme, in the order of the auxiliary classifier's classes 1..10 (0: no mention).
GUM_TYPES = ("abstract", "animal", "event", "object", "organization", "person", "place", "plant",
             "substance", "time")


@dataclass
class Doc:
    doc_id: str
    words: list[str]
    sent: list[int]                       # sentence index per word
    speaker: list[str] = field(default_factory=list)  # speaker per word ("" where the text names none)
    head: list[int] = field(default_factory=list)     # global index of UD head, -1 for root
    deprel: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)    # PTB tag per word (PRP$ tells possessive "her")
    clusters: list[list[tuple[int, int]]] = field(default_factory=list)  # inclusive word spans
    types: list[str] = field(default_factory=list)   # entity type per cluster ("" where the scheme has none)


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if str(path).endswith(".gz") else open(path, encoding="utf-8")


def read_conllu(path: Path) -> list[Doc]:
    """Read a CoNLL-U file with `# newdoc id` comments and `Entity=` brackets in MISC."""
    docs: list[Doc] = []
    doc = None
    opened: dict[str, list[int]] = {}
    mentions: dict[str, list[tuple[int, int]]] = {}
    types: dict[str, str] = {}
    sent_no = -1
    sent_base = 0
    speaker = ""

    def finish():
        if doc is not None:
            ordered = sorted(mentions.items(), key=lambda kv: min(kv[1]))
            doc.clusters = [sorted(m) for _, m in ordered]
            doc.types = [types.get(eid, "") for eid, _ in ordered]
            docs.append(doc)

    with _open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id"):
                finish()
                doc = Doc(line.split("=", 1)[1].strip(), [], [])
                opened, mentions, types, sent_no = {}, {}, {}, -1
                continue
            if line.startswith("# speaker"):
                speaker = line.split("=", 1)[1].strip()
                continue
            if line.startswith("#"):
                continue
            if not line:                     # end of sentence: a speaker comment covers one sentence
                speaker = ""
                continue
            cols = line.split("\t")
            if not cols[0].isdigit():        # multiword ranges and empty nodes
                continue
            if cols[0] == "1":
                sent_no += 1
                sent_base = len(doc.words)
            idx = len(doc.words)
            doc.words.append(cols[1])
            doc.sent.append(sent_no)
            doc.speaker.append(speaker)
            h = int(cols[6])
            doc.head.append(sent_base + h - 1 if h > 0 else -1)
            doc.deprel.append(cols[7])
            doc.xpos.append(cols[4])
            for item in cols[9].split("|"):
                if not item.startswith("Entity="):
                    continue
                for eid, etype, single, closing in ENTITY_RE.findall(item[len("Entity="):]):
                    if etype:
                        types[eid] = etype
                    _add_bracket(f"({eid}{single}" if eid else f"{closing})", idx, opened, mentions)
    finish()
    return docs


def _add_bracket(tok: str, idx: int, opened: dict[str, list[int]], mentions: dict[str, list[tuple[int, int]]]):
    """Apply one coreference bracket at word `idx`: "(3)" a one-word mention, "(3" opens, "3)" closes the
    innermost open mention of entity 3."""
    eid = tok.strip("()")
    if tok.startswith("(") and tok.endswith(")"):
        mentions.setdefault(eid, []).append((idx, idx))
    elif tok.startswith("("):
        opened.setdefault(eid, []).append(idx)
    else:
        mentions.setdefault(eid, []).append((opened[eid].pop(), idx))


def mention_head(doc: Doc, start: int, end: int) -> int:
    """Head word of span [start, end]: a token whose UD head is outside the span (or root).
    Several such tokens: prefer one that is not punctuation, then the leftmost."""
    cands = [t for t in range(start, end + 1) if not start <= doc.head[t] <= end]
    if not cands:                      # cannot happen in a tree; keep the function total
        return start
    non_punct = [t for t in cands if doc.deprel[t] != "punct"]
    return (non_punct or cands)[0]


def head_clusters(doc: Doc) -> tuple[list[list[int]], dict[int, tuple[int, int]]]:
    """Gold clusters of head words and the gold span of each head word.
    A head word already used by another mention is skipped (first mention in document order wins),
    mentions crossing a sentence boundary are skipped."""
    used: dict[int, tuple[int, int]] = {}
    order = sorted(((s, e, ci) for ci, c in enumerate(doc.clusters) for s, e in c), key=lambda m: (m[0], -m[1]))
    by_cluster: dict[int, list[int]] = {}
    for s, e, ci in order:
        if doc.sent[s] != doc.sent[e]:
            continue
        h = mention_head(doc, s, e)
        if h in used:
            continue
        used[h] = (s, e)
        by_cluster.setdefault(ci, []).append(h)
    clusters = [sorted(hs) for hs in by_cluster.values() if len(hs) >= 2]
    clusters.sort(key=lambda c: c[0])
    spans = {h: used[h] for c in clusters for h in c}
    return clusters, spans


def word_types(doc: Doc) -> list[int]:
    """Auxiliary target per word: 1 + index in GUM_TYPES of the entity whose mention it heads, 0 if none.
    A word heading several mentions takes the type of the widest (first in (start, -end) order)."""
    out = [0] * len(doc.words)
    done: set[int] = set()
    mentions = ((s, e, t) for c, t in zip(doc.clusters, doc.types) for s, e in c if t in GUM_TYPES)
    for s, e, t in sorted(mentions, key=lambda m: (m[0], -m[1])):
        h = mention_head(doc, s, e)
        if h not in done:
            done.add(h)
            out[h] = 1 + GUM_TYPES.index(t)
    return out


def read_conll2012(path: Path) -> dict[str, list[list[str]]]:
    """Lines of a CoNLL-2012 file grouped per document (all lines kept, including comments and blanks)."""
    docs: dict[str, list[str]] = {}
    cur = None
    with _open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#begin document"):
                cur = line[line.index("(") + 1: line.index(")")]
                docs[cur] = []
            if cur is not None:
                docs[cur].append(line)
            if line.startswith("#end document"):
                cur = None
    return docs


def conll2012_clusters(lines: list[str]) -> list[list[tuple[int, int]]]:
    """Clusters (word spans) from the last column of one document's CoNLL-2012 lines."""
    opened: dict[str, list[int]] = {}
    mentions: dict[str, list[tuple[int, int]]] = {}
    idx = 0
    for line in lines:
        if not line or line.startswith("#"):
            continue
        col = line.split("\t")[-1] if "\t" in line else line.split()[-1]
        if col != "-":
            for part in col.split("|"):
                _add_bracket(part, idx, opened, mentions)
        idx += 1
    return [sorted(set(m)) for m in mentions.values()]


def write_conll2012(gold: dict[str, list[str]], pred: dict[str, list[list[tuple[int, int]]]], path: Path) -> None:
    """Copy the gold rows, replacing the coreference column with the predicted clusters (ids 0, 1, ...)."""
    out = []
    for doc_id, lines in gold.items():
        clusters = pred.get(doc_id, [])
        parts: dict[int, tuple[list[str], list[str], list[str]]] = {}   # closes, singles, opens
        for cid, spans in enumerate(clusters):
            for s, e in sorted(set(spans)):
                if s == e:
                    parts.setdefault(s, ([], [], []))[1].append(f"({cid})")
                else:
                    parts.setdefault(s, ([], [], []))[2].append(f"({cid}")
                    parts.setdefault(e, ([], [], []))[0].append(f"{cid})")
        col = {i: c + o + p for i, (c, o, p) in parts.items()}   # closes first: "3)|(3" stays unambiguous
        idx = 0
        for line in lines:
            if not line or line.startswith("#"):
                out.append(line)
                continue
            cols = line.split("\t")
            cols[-1] = "|".join(col.get(idx, [])) or "-"
            out.append("\t".join(cols))
            idx += 1
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")
