#!/usr/bin/env python3
"""Builds the word lists the rewriter checks names with (crates/corefer/data/lexicon/, see its README.md).

Sources (both MIT licensed, fetched from PyPI by `pip download --no-deps`):
  * nomquamgender 0.1.4 (Van Buskirk et al. 2023, MIT): first names with how often each was given to women
    across its sources; kept when the name was seen at least MIN_COUNT times and at least 95% of one gender.
  * lemminflect 0.2.3 (Jascob 2019, MIT; word forms from the NLM SPECIALIST Lexicon): verb, noun,
    adjective and adverb forms.

Usage: scripts/make-lexicons.py DIR_WITH_THE_TWO_WHEELS   (writes crates/corefer/data/lexicon/*.txt)
"""
import collections
import glob
import gzip
import io
import json
import os
import sys
import zipfile

MIN_COUNT = 2000
MAJORITY = 0.95

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "crates", "corefer", "data", "lexicon")
wheels = sys.argv[1]


def wheel(name):
    [path] = glob.glob(os.path.join(wheels, f"{name}-*.whl"))
    return zipfile.ZipFile(path)


def write(name, header, lines):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(header)
        for line in sorted(set(lines)):
            f.write(line + "\n")


# First names: "name<TAB>f" or "name<TAB>m".
names = json.loads(wheel("nomquamgender").read("nomquamgender/name_data.json"))
first = []
for name, info in names.items():
    count, p_female = info[1], info[2]
    if count < MIN_COUNT or not name.isalpha() or len(name) < 2:
        continue
    if p_female >= MAJORITY:
        first.append(f"{name}\tf")
    elif p_female <= 1 - MAJORITY:
        first.append(f"{name}\tm")
write("first-names.txt",
      f"# first names seen >= {MIN_COUNT} times, >= {MAJORITY:.0%} one gender; from nomquamgender 0.1.4 (MIT)\n",
      first)

# Word forms: lemma,pos,forms (verbs: past,participle,gerund,3sg; nouns: plural forms; adjectives: ...).
table = gzip.open(io.BytesIO(wheel("lemminflect").read("lemminflect/resources/infl_lu.csv.gz")), "rt")
finite = collections.defaultdict(set)  # lower-case finite verb form -> {"past", "3sg"}
other = set()  # lower-case forms of nouns, adjectives, adverbs
noun_singular, noun_plural, adjectives = set(), set(), set()
verb_lemmas, verb_forms, adjective_forms, adverbs = set(), set(), set(), set()
for line in table:
    lemma, pos, *forms = line.rstrip("\n").split(",")
    if not lemma.islower() or not lemma.isalpha():
        continue
    if pos == "verb":
        verb_lemmas.add(lemma)
        verb_forms.update(f for group in forms for f in group.split("/") if f)
        past, participle, _gerund, third = (forms + ["", "", "", ""])[:4]
        for form in past.split("/"):
            if form:
                finite[form].add("past")
        for form in third.split("/"):
            if form:
                finite[form].add("3sg")
        for form in (participle or past).split("/"):
            if form:
                other.add(form)  # a participle is also an adjective ("the elected mayor")
        other.update(f for f in _gerund.split("/") if f)
    elif pos == "noun":
        noun_singular.add(lemma)
        other.add(lemma)
        for form in forms[0].split("/") if forms else []:
            if form and form != lemma:
                noun_plural.add(form)
                other.add(form)
    else:
        other.add(lemma)
        other.update(f for group in forms for f in group.split("/") if f)
        if pos == "adj":
            adjectives.add(lemma)
            adjective_forms.add(lemma)
            adjective_forms.update(f for group in forms for f in group.split("/") if f)
        elif pos == "adv":
            adverbs.add(lemma)

# "word<TAB>only" (no other part of speech) or "word<TAB>also" (also a noun, adjective or participle)
write("finite-verbs.txt",
      "# finite verb forms (past tense, 3rd person singular present); from lemminflect 0.2.3 (MIT)\n",
      (f"{w}\t{'also' if w in other else 'only'}" for w, k in finite.items()
       if w.isalpha()))
# Plural nouns that do not end in -s, and singular nouns that do (the two exceptions to "-s is plural").
write("plural-nouns.txt",
      "# plural noun forms not ending in s; from lemminflect 0.2.3 (MIT)\n",
      (w for w in noun_plural if w.isalpha() and not w.endswith("s") and w not in noun_singular))
write("singular-nouns-in-s.txt",
      "# singular nouns ending in s (not also a plural form); from lemminflect 0.2.3 (MIT)\n",
      (w for w in noun_singular if w.isalpha() and w.endswith("s") and w not in noun_plural))
# Adjectives that are no noun and no verb form ("proud", "happy"): after "her" they show an object.
verbs = set(finite)
write("adjectives.txt",
      "# adjectives that are no noun or verb form; from lemminflect 0.2.3 (MIT)\n",
      (w for w in adjectives if w.isalpha() and w not in noun_singular and w not in noun_plural and w not in verbs))
# Verb base forms that are no other word ("explore", "continue"): after "her" they show an object ("let her
# explore"), where a noun would be what she has.
write("base-verbs.txt",
      "# verb base forms that are no noun, adjective or adverb; from lemminflect 0.2.3 (MIT)\n",
      (w for w in verb_lemmas if w.isalpha() and w not in other))
# Adverbs that are no noun, adjective or verb form ("easily", "highly"): after "her" and before no noun
# they show an object ("recommend her highly").
nominal = noun_singular | noun_plural | adjective_forms | verb_lemmas | verb_forms
write("adverbs.txt",
      "# adverbs that are no noun, adjective or verb form; from lemminflect 0.2.3 (MIT)\n",
      (w for w in adverbs if w.isalpha() and w not in nominal))
