"""Gender-swapped copies of documents: he <-> she, his <-> her, gendered nouns, titles and first names swapped,
everything else (word positions, sentences, gold clusters) unchanged.

Design decision: first names get their gender from the training data itself, not from a name list: a
capitalised word that opens a multi-word mention of a cluster whose pronouns are all he/him/his or all
she/her is a first name of that gender. Names seen with one gender only are paired by frequency with names
of the other, so a swapped document stays consistent (every "Jeff" becomes the same name) and the model
cannot learn gender from the first names it saw in training.
"""
from __future__ import annotations

from collections import Counter

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
    frequency rank; the longer list wraps around the shorter)."""
    counts = first_name_counts(docs)
    male = [n for n, _ in counts["m"].most_common() if n not in counts["f"]]
    female = [n for n, _ in counts["f"].most_common() if n not in counts["m"]]
    if not male or not female:
        return {}
    out = {m: female[i % len(female)] for i, m in enumerate(male)}
    out.update({f: male[i % len(male)] for i, f in enumerate(female)})
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
