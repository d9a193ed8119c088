"""Units of the error decomposition (train/analyze.py) and of the link grouping it shares with decoding."""
import pytest

pytest.importorskip("torch")
from train import analyze  # noqa: E402
from train.model import best_links, link_groups  # noqa: E402


def test_groups_join_links_and_drop_singletons():
    assert link_groups(6, [(3, 1), (5, 3), (4, 2)]) == [[1, 3, 5], [2, 4]]
    assert link_groups(3, []) == []


def test_category():
    assert [analyze.category(w) for w in ("She", "its", "Paris", "city")] == ["pronoun", "pronoun", "proper", "other"]


def test_agreeing_links_skip_a_gender_clash():
    import torch
    words = ["Ann", "she", "Bob", "he"]
    cand = torch.tensor([[0, 0], [0, 0], [1, 0], [1, 2]])
    inf = float("-inf")
    scores = torch.tensor([[inf, inf], [2.0, inf], [1.0, 0.5], [3.0, 1.0]])
    # "Bob" joins Ann's cluster (no pronoun of his yet); "he" would then clash with "she": no link left.
    assert analyze.agreeing_links(words, cand, scores, 0.0) == [(1, 0), (2, 1)]
    words[2] = "Bo"
    scores[2] = torch.tensor([-1.0, -1.0])   # "Bo" starts its own entity; "he" falls back to it
    assert analyze.agreeing_links(words, cand, scores, 0.0) == [(1, 0), (3, 2)]


def test_consistent_links_refuse_a_cluster_holding_a_rejected_candidate():
    import torch
    cand = torch.tensor([[0, 0], [0, 0], [1, 0], [2, 0]])
    inf = float("-inf")
    # 1 → 0, then 2 → 1; word 3 prefers 2 but scored 0 (in 2's cluster) at -7.
    scores = torch.tensor([[inf, inf], [2.0, inf], [3.0, -1.0], [4.0, -7.0]])
    assert analyze.consistent_links(cand, scores, 0.0, -6.0) == [(1, 0), (2, 1)]
    assert analyze.consistent_links(cand, scores, 0.0, -8.0) == [(1, 0), (2, 1), (3, 2)]
    scores[3, 1] = 1.0                       # no objection left, and 0 is the second choice anyway
    assert analyze.consistent_links(cand, scores, 0.0, -6.0) == [(1, 0), (2, 1), (3, 2)]


def test_pronoun_dummy_links_lower_the_bar_for_pronouns_only():
    import torch
    words = ["Ann", "Ann", "she", "this", "Bo"]
    cand = torch.tensor([[0, 0], [0, 0], [1, 0], [2, 1], [3, 2]])
    inf = float("-inf")
    scores = torch.tensor([[inf, inf], [-0.5, inf], [-0.5, -0.8], [-1.2, -0.9], [-0.1, -0.3]])
    assert best_links(cand, scores, analyze.pronoun_dummies(words, 0.0, 0.0)) == []
    assert best_links(cand, scores, analyze.pronoun_dummies(words, 0.0, -1.0)) == [(2, 1), (3, 1)]
    assert best_links(cand, scores, analyze.pronoun_dummies(words, -0.2, -1.0)) == [(2, 1), (3, 1), (4, 3)]
