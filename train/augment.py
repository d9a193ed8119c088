"""Gender-swapped copies of documents: he <-> she, his <-> her, gendered nouns, titles and first names swapped,
everything else (word positions, sentences, gold clusters) unchanged.

Design decision: first names get their gender from the training data itself, not from a name list: a
capitalised word that opens a multi-word mention of a cluster whose pronouns are all he/him/his or all
she/her is a first name of that gender. Names seen with one gender only are paired by frequency with names
of the other, so a swapped document stays consistent (every "Jeff" becomes the same name) and the model
cannot learn gender from the first names it saw in training. The training data alone misses most first names
(a person named once, or only by a one-word mention): those that the rewriter's first-name list genders are
mapped onto the paired names too (`with_lexicon_names`), or a twin would read "Tom … she".
"""
from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Iterator

from . import rules
from .data import Doc

# Closed-class and lexical pairs (lower case); "her" is split by its PTB tag (PRP$ -> his, PRP -> him).
_PAIRS = [("he", "she"), ("himself", "herself"), ("man", "woman"), ("men", "women"), ("boy", "girl"),
          ("boys", "girls"), ("father", "mother"), ("fathers", "mothers"), ("son", "daughter"),
          ("sons", "daughters"), ("brother", "sister"), ("brothers", "sisters"), ("husband", "wife"),
          ("husbands", "wives"), ("king", "queen"), ("kings", "queens"), ("prince", "princess"),
          ("uncle", "aunt"), ("uncles", "aunts"), ("nephew", "niece"), ("gentleman", "lady"),
          ("gentlemen", "ladies"), ("boyfriend", "girlfriend"), ("grandfather", "grandmother"),
          ("grandson", "granddaughter"), ("dad", "mom"), ("daddy", "mommy"), ("actor", "actress"),
          ("actors", "actresses"), ("waiter", "waitress"), ("male", "female"), ("males", "females"),
          ("emperor", "empress"), ("duke", "duchess"), ("groom", "bride"), ("stepfather", "stepmother"),
          ("widower", "widow"), ("hero", "heroine"), ("monk", "nun"), ("sir", "madam"),
          ("mr.", "ms."), ("mr", "ms"), ("grandpa", "grandma"), ("fiance", "fiancee")]
WORDS: dict[str, str] = {**{a: b for a, b in _PAIRS}, **{b: a for a, b in _PAIRS},
                         "him": "her", "hers": "his", "mrs.": "mr.", "mrs": "mr"}
MALE_PRONOUNS = rules.pronouns(gender="masculine")       # the lexicon shared with the Rust side
FEMALE_PRONOUNS = rules.pronouns(gender="feminine")
# Titles before a first name are not first names ("Mr. John Smith": the name is "John").
_TITLES = frozenset("""mr. mr mrs. mrs ms. ms dr. dr sir dame lady lord king queen prince princess president
    senator judge general captain colonel major lieutenant sergeant coach professor prof. vice prime minister
    governor mayor chancellor pope father mother brother sister uncle aunt rev. reverend st. saint santa emperor
    empress tsar shah sheikh new st""".split())


def _cluster_gender(doc: Doc, cluster: list[tuple[int, int]]) -> str | None:
    """'m' or 'f' where the cluster's one-word pronoun mentions are all of one gender (at least two)."""
    words = [doc.words[s].lower() for s, e in cluster if s == e]
    m, f = sum(w in MALE_PRONOUNS for w in words), sum(w in FEMALE_PRONOUNS for w in words)
    if m >= 2 and f == 0:
        return "m"
    if f >= 2 and m == 0:
        return "f"
    return None


def first_name_counts(docs: list[Doc]) -> dict[str, Counter]:
    """Per gender, how often each capitalised word opens a multi-word mention of a cluster of that gender."""
    counts = {"m": Counter(), "f": Counter()}
    for doc in docs:
        for cluster in doc.clusters:
            g = _cluster_gender(doc, cluster)
            if g is None:
                continue
            for s, e in cluster:
                i = s
                while i < e and doc.words[i].lower() in _TITLES:
                    i += 1
                w, tags = doc.words[i], doc.xpos
                if (i < e and w.isalpha() and w[0].isupper() and w[1:].islower() and tags[i] == "NNP"
                        and tags[i + 1] == "NNP" and w.lower() not in _TITLES):
                    counts[g][w] += 1
    return counts


def name_map(docs: list[Doc]) -> dict[str, str]:
    """First names seen with one gender only, each mapped to a name of the other gender (paired by
    frequency rank; the longer list wraps around the shorter). `with_lexicon_names` adds the other first
    names of the documents to be swapped."""
    counts = first_name_counts(docs)
    male = [n for n, _ in counts["m"].most_common() if n not in counts["f"]]
    female = [n for n, _ in counts["f"].most_common() if n not in counts["m"]]
    if not male or not female:
        return {}
    out = {m: female[i % len(female)] for i, m in enumerate(male)}
    out.update({f: male[i % len(male)] for i, f in enumerate(female)})
    return out


def tokens(docs: Iterable[Doc]) -> Iterator[tuple[str, str]]:
    """The (word, PTB tag) pairs of `docs`, as `with_lexicon_names` reads them."""
    return ((w, x) for d in docs for w, x in zip(d.words, d.xpos or []))


def with_lexicon_names(names: dict[str, str], tokens: Iterable[tuple[str, str]]) -> dict[str, str]:
    """`names` plus the first names among `tokens` ((word, PTB tag) pairs) that it misses: a capitalised
    proper noun (NNP) that the rewriter's first-name list (`rules.FIRST_NAMES`) gives one gender is mapped to
    one of `names`' names of the other gender, chosen by a hash of the word so that it is the same wherever it
    occurs. Without this a name seen in no gendered multi-word mention stays as it is and a twin reads
    "Tom … she"."""
    out = dict(names)
    by_gender = {g: sorted(n for n in set(names.values()) if rules.FIRST_NAMES.get(n.lower()) == g) for g in "mf"}
    for word, xpos in tokens:
        gender = rules.FIRST_NAMES.get(word.lower())
        if xpos == "NNP" and gender and word[:1].isupper() and word not in out:
            other = by_gender["f" if gender == "m" else "m"]
            if other:
                out[word] = other[zlib.crc32(word.encode()) % len(other)]
    return out


def _cased(template: str, word: str) -> str:
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def swap_word(word: str, xpos: str, names: dict[str, str]) -> str:
    low = word.lower()
    if low == "her":
        return _cased(word, "his" if xpos == "PRP$" else "him")
    if low == "his":
        return _cased(word, "her" if xpos == "PRP$" else "hers")
    if low in WORDS:
        return _cased(word, WORDS[low])
    return names.get(word, word)


def gender_swapped(doc: Doc, names: dict[str, str]) -> Doc:
    """A copy of `doc` with every gendered word swapped (same length, same annotations)."""
    xpos = doc.xpos or [""] * len(doc.words)
    words = [swap_word(w, x, names) for w, x in zip(doc.words, xpos)]
    return Doc(doc.doc_id, words, doc.sent, doc.speaker, doc.head, doc.deprel, doc.xpos, doc.clusters, doc.types)


def name_clashes(doc: Doc) -> tuple[int, int]:
    """(gendered clusters, those holding a capitalised proper noun that `rules.FIRST_NAMES` gives the other
    gender): how far a document's first names contradict its pronouns."""
    total = clashing = 0
    xpos = doc.xpos or [""] * len(doc.words)
    for cluster in doc.clusters:
        gender = _cluster_gender(doc, cluster)
        if gender is None:
            continue
        total += 1
        clashing += any(doc.words[i][:1].isupper() and xpos[i] == "NNP"
                        and rules.FIRST_NAMES.get(doc.words[i].lower()) not in (None, gender)
                        for s, e in cluster for i in range(s, e + 1))
    return total, clashing


def main() -> None:
    """python -m train.augment TRAIN.conllu.gz: how consistent the gender-swapped twins are, with the training
    pairs alone and with the lexicon's names added (what train/fit.py uses)."""
    import sys
    from pathlib import Path

    from . import data
    docs = data.read_conllu(Path(sys.argv[1]))
    pairs = name_map(docs)
    full = with_lexicon_names(pairs, tokens(docs))
    for label, docs_ in (("original documents", docs),
                         ("twins, training pairs only", [gender_swapped(d, pairs) for d in docs]),
                         ("twins, with the lexicon's names", [gender_swapped(d, full) for d in docs])):
        counts = [name_clashes(d) for d in docs_]
        print(f"{label}: {sum(c for _, c in counts)} of {sum(t for t, _ in counts)} gendered clusters hold a "
              f"first name of the other gender")


if __name__ == "__main__":
    main()
