"""The dummy-score rule of `predict.tune_dummy`: δ leaves 0 only for a clear dev gain."""
import pytest

pytest.importorskip("torch")

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
