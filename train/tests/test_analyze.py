"""Units of the error decomposition (train/analyze.py) and of the link grouping it shares with decoding."""
import pytest

pytest.importorskip("torch")
from train import analyze  # noqa: E402
from train.model import link_groups  # noqa: E402


def test_groups_join_links_and_drop_singletons():
    assert link_groups(6, [(3, 1), (5, 3), (4, 2)]) == [[1, 3, 5], [2, 4]]
    assert link_groups(3, []) == []


def test_category():
    assert [analyze.category(w) for w in ("She", "its", "Paris", "city")] == ["pronoun", "pronoun", "proper", "other"]
