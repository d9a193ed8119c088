"""Gender-swapped twins (train/augment.py) stay consistent: every first name the rewriter's list genders is
swapped with the pronouns, not only those the training documents pair, so a twin never reads "Tom … she"."""
import pytest

from train import augment, data

TRAIN = data.DEFAULT_DATA / "gum/ontogum/train.conllu.gz"


def doc(doc_id: str, words: str, xpos: str, clusters: list[list[tuple[int, int]]]) -> data.Doc:
    w = words.split()
    return data.Doc(doc_id, w, [0] * len(w), xpos=xpos.split(), clusters=clusters)


def test_a_first_name_the_training_pairs_miss_is_swapped_too():
    jeff = doc("a", "Jeff Smith said he knew he was late", "NNP NNP VBD PRP VBD PRP VBD JJ", [[(0, 1), (3, 3), (5, 5)]])
    mary = doc("b", "Mary Jones said she knew she was late", "NNP NNP VBD PRP VBD PRP VBD JJ", [[(0, 1), (3, 3), (5, 5)]])
    tom = doc("c", "Tom said he knew he was late", "NNP VBD PRP VBD PRP VBD JJ", [[(0, 0), (2, 2), (4, 4)]])
    pairs = augment.name_map([jeff, mary, tom])
    assert pairs == {"Jeff": "Mary", "Mary": "Jeff"}, "one-word mentions teach no first name"
    assert augment.gender_swapped(tom, pairs).words[:3] == ["Tom", "said", "she"]
    assert augment.name_clashes(augment.gender_swapped(tom, pairs)) == (1, 1)
    names = augment.with_lexicon_names(pairs, zip(tom.words, tom.xpos))
    assert names["Tom"] == "Mary" and names["Jeff"] == "Mary", "the lexicon's names map onto the paired ones"
    twin = augment.gender_swapped(tom, names)
    assert twin.words[:3] == ["Mary", "said", "she"]
    assert augment.name_clashes(twin) == (1, 0)
    assert augment.with_lexicon_names(pairs, [("Tom", "NN"), ("tom", "NNP")]) == pairs, "proper nouns only"


@pytest.mark.skipif(not TRAIN.exists(), reason="OntoGUM data not present")
def test_twins_of_the_training_documents_contradict_their_pronouns_no_more_than_the_originals():
    docs = data.read_conllu(TRAIN)
    names = augment.with_lexicon_names(augment.name_map(docs), augment.tokens(docs))
    original = sum(augment.name_clashes(d)[1] for d in docs)
    twins = sum(augment.name_clashes(augment.gender_swapped(d, names))[1] for d in docs)
    assert twins <= original, (twins, original)
