"""Words -> model inputs: per-word subword tokenization, casing classes, windows and the stitching rule.

Design decision: every word is tokenized on its own (no special tokens), so the subword -> word map is
exact and identical on the Rust side; windows overlap and each subword keeps the vector of the window in
which it is most central (MODEL_FORMAT.md §2, §3, §5).
"""
from __future__ import annotations

from pathlib import Path

from tokenizers import Tokenizer

from . import encoders, rules

# MiniLM's special ids (models trained before train/encoders.py; a model's own are in its HeadConfig)
UNK_ID, CLS_ID, SEP_ID = encoders.MINILM.unk_id, encoders.MINILM.cls_id, encoders.MINILM.sep_id


def encoder_dir(base: str = encoders.MINILM.name) -> Path:
    return encoders.spec(base).directory()


def load_tokenizer(path: Path | None = None, base: str = encoders.MINILM.name) -> Tokenizer:
    """Tokenizer (the file at `path`, else the base encoder's) with truncation and padding switched off."""
    tok = Tokenizer.from_file(str(path or encoder_dir(base) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def subwords(tok: Tokenizer, words: list[str], unk_id: int = UNK_ID) -> tuple[list[int], list[int]]:
    """Subword ids of the document and the word index of each subword (`unk_id` for a word that yields
    none)."""
    ids, word_of = [], []
    for w, enc in enumerate(tok.encode_batch(words, add_special_tokens=False)):
        piece = enc.ids or [unk_id]
        ids.extend(piece)
        word_of.extend([w] * len(piece))
    return ids, word_of


def speaker_ids(speakers: list[str]) -> list[int]:
    """Speaker names -> small integers in order of first appearance (only equality matters; "" is a name)."""
    ids: dict[str, int] = {}
    return [ids.setdefault(s, len(ids)) for s in speakers]


# Third-person personal pronouns, matched case-insensitively: the lexicon the Rust side compiles in
# (crates/corefer/data/pronouns.tsv, read by train/rules.py).
THIRD_PERSON = rules.pronouns(person="third")


def lexeme_ids(words: list[str], match_pronouns: bool = True) -> list[int]:
    """Lower-cased word forms -> small integers in order of first appearance (MODEL_FORMAT.md §6); with
    `match_pronouns` off, every third-person pronoun gets a new id, so it matches no other word."""
    ids: dict[str, int] = {}
    out, fresh = [], 0
    for w in words:
        key = w.lower()
        if not match_pronouns and key.replace("\u2019", "'") in THIRD_PERSON:
            out.append(fresh)
            fresh += 1
            continue
        if key not in ids:
            ids[key] = fresh
            fresh += 1
        out.append(ids[key])
    return out


def casing(word: str) -> int:
    """0 Title, 1 UPPER, 2 lower, 3 other — on ASCII letters only."""
    letters = [c for c in word if c.isascii() and c.isalpha()]
    if not letters:
        return 3
    if all(c.isupper() for c in letters) and len(letters) >= 2:
        return 1
    if word[0].isascii() and word[0].isupper() and all(c.islower() for c in letters[1:]):
        return 0
    if all(c.islower() for c in letters):
        return 2
    return 3


def window_starts(n: int, size: int, stride: int) -> list[int]:
    if n <= size:
        return [0]
    starts = [0]
    while starts[-1] + size < n:
        starts.append(min(starts[-1] + stride, n - size))
    return starts


def stitch_index(n: int, size: int, stride: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Window starts, and for each subword (window, position in window incl. [CLS] offset)."""
    starts = window_starts(n, size, stride)
    best = []
    for i in range(n):
        choice = None
        for k, s in enumerate(starts):
            length = min(size, n - s)
            if s <= i < s + length:
                d = abs(2 * (i - s) - (length - 1))
                if choice is None or d < choice[0]:
                    choice = (d, k, 1 + i - s)
        best.append((choice[1], choice[2]))
    return starts, best
