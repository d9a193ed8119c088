"""The rules the trainer shares with the Rust library, read from the data files the library compiles in.

Design decision: a closed list that both sides need (the pronoun lexicon, the pair-distance buckets) lives
in one file under `crates/corefer/data/`, which the Rust side embeds with `include_str!` and this module
reads from the path, so the two can never disagree; values the Rust side reads from a model's
`config.json` are written by `train/export.py` instead. The full list, and the tests that guard the rules
that still exist in code on both sides, is train/MODEL_FORMAT.md's "Rules shared by Python and Rust".
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "crates/corefer/data"


def _rows(name: str) -> list[list[str]]:
    """The non-comment lines of a data file, split at tabs."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class Pronoun:
    word: str
    person: str   # first second third
    number: str   # singular plural either
    gender: str   # masculine feminine neuter unknown
    form: str     # personal possessive-determiner possessive-pronoun reflexive


PRONOUNS: dict[str, Pronoun] = {r[0]: Pronoun(*r) for r in _rows("pronouns.tsv")}


def pronoun(word: str) -> Pronoun | None:
    """The lexicon's entry for a word: lower-cased, ’ read as ' (as `corefer::pronoun::lookup`)."""
    return PRONOUNS.get(word.lower().replace("\u2019", "'"))


def pronouns(person: str | None = None, gender: str | None = None) -> frozenset[str]:
    """The lexicon's words of a person and/or gender."""
    return frozenset(p.word for p in PRONOUNS.values()
                     if (person is None or p.person == person) and (gender is None or p.gender == gender))


# First names with the gender they are given almost always (lower case -> "m" or "f"): the list the Rust
# rewriter checks a name's agreement with (crates/corefer/data/lexicon/first-names.txt).
FIRST_NAMES: dict[str, str] = {r[0]: r[1] for r in _rows("lexicon/first-names.txt")}

# First distance d = i - j of each pair-distance bucket (MODEL_FORMAT.md §7).
DISTANCE_BUCKET_STARTS: tuple[int, ...] = tuple(int(r[0]) for r in _rows("distance-buckets.txt"))
