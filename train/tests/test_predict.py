"""The dummy-score rules of `predict.tune_dummy` (δ and the same-word bar δ_w leave their base only for a clear
dev gain) and the decoding of §8 with both bars."""
import pytest

torch = pytest.importorskip("torch")

from train.predict import DUMMY_MIN_GAIN, choose_dummy  # noqa: E402


def test_a_small_gain_keeps_zero():
    # minilm-wl-match's grid: −1.0 was best by 0.2 points
    assert choose_dummy({0.0: 0.5746, -0.5: 0.5742, -1.0: 0.5766, -1.5: 0.5686}) == 0.0


def test_a_clear_gain_moves_off_zero():
    # minilm-wl's grid: −1.5 gained 2.1 points
    assert choose_dummy({0.0: 0.4985, -1.0: 0.5150, -1.5: 0.5195, -2.0: 0.5100}) == -1.5


def test_the_threshold_itself_is_enough():
    assert choose_dummy({0.0: 0.5, -0.5: 0.5 + DUMMY_MIN_GAIN}) == -0.5
    assert choose_dummy({0.0: 0.5, -0.5: 0.5 + DUMMY_MIN_GAIN - 1e-4}) == 0.0


def test_the_same_word_bar_is_chosen_against_its_base():
    # δ = −0.5 chosen first; δ_w = δ is "off", and a lower δ_w needs the same clear gain
    assert choose_dummy({-0.5: 0.58, -1.0: 0.583, -1.5: 0.5801}, base=-0.5) == -0.5
    assert choose_dummy({-0.5: 0.58, -1.0: 0.586, -1.5: 0.586}, base=-0.5) == -1.0


def test_a_repeated_word_gets_the_lower_bar():
    from train.model import best_links, link_bars
    cand = torch.tensor([[0, 0], [0, 0], [1, 0], [2, 1]])
    lex = torch.tensor([7, 8, 7, 8])                  # words 0 and 2 are one word, 1 and 3 another
    bars = link_bars(cand, lex, 0.0, -1.0)
    assert bars.tolist() == [[-1.0, -1.0], [0.0, 0.0], [0.0, -1.0], [0.0, -1.0]]
    assert link_bars(cand, lex, 0.0, None).eq(0.0).all() and link_bars(cand, lex, -1.0, -0.5).eq(-1.0).all()
    inf = float("-inf")
    scores = torch.tensor([[inf, inf], [-0.2, inf], [-0.4, -0.6], [-0.1, -1.0]])
    assert best_links(cand, scores, link_bars(cand, lex, 0.0, None)) == []
    # word 2: "1" scores higher but only its own word 0 clears the lower bar; word 3's own word 1 sits on
    # its bar (-1.0 is not above -1.0) and word 2 is not its word: no link
    assert best_links(cand, scores, bars) == [(2, 0)]
    assert best_links(cand, scores, torch.tensor([-0.5, -0.5, -0.5, -0.5])) == [(1, 0), (2, 1), (3, 2)]
