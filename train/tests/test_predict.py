"""The dummy-score rules of `predict.tune_dummy`: δ leaves 0 only for a clear dev gain, the pronoun δ leaves δ
only for a gain of its own."""
import pytest

pytest.importorskip("torch")

from train.predict import DUMMY_MIN_GAIN, PRONOUN_DUMMY_MIN_GAIN, choose_dummy  # noqa: E402


def test_a_small_gain_keeps_zero():
    # minilm-wl-match's grid: −1.0 was best by 0.2 points
    assert choose_dummy({0.0: 0.5746, -0.5: 0.5742, -1.0: 0.5766, -1.5: 0.5686}, 0.0, DUMMY_MIN_GAIN) == 0.0


def test_a_clear_gain_moves_off_zero():
    # minilm-wl's grid: −1.5 gained 2.1 points
    assert choose_dummy({0.0: 0.4985, -1.0: 0.5150, -1.5: 0.5195, -2.0: 0.5100}, 0.0, DUMMY_MIN_GAIN) == -1.5


def test_the_threshold_itself_is_enough():
    assert choose_dummy({0.0: 0.5, -0.5: 0.5 + DUMMY_MIN_GAIN}, 0.0, DUMMY_MIN_GAIN) == -0.5
    assert choose_dummy({0.0: 0.5, -0.5: 0.5 + DUMMY_MIN_GAIN - 1e-4}, 0.0, DUMMY_MIN_GAIN) == 0.0


def test_the_pronoun_dummy_starts_from_the_chosen_dummy():
    # minilm-wl-coarse's pronoun grid with δ = 0 for the other words (rounded; −1.0 and −1.5 tie)
    grid = {0.0: 0.5891, -0.5: 0.5897, -1.0: 0.5934, -1.5: 0.5934, -2.0: 0.5922, -2.5: 0.5897, -3.0: 0.5847}
    assert choose_dummy(grid, 0.0, PRONOUN_DUMMY_MIN_GAIN) == -1.0, "the higher δ among equals"
    assert choose_dummy(grid, 0.0, DUMMY_MIN_GAIN) == 0.0
    assert choose_dummy({-1.0: 0.5, -1.5: 0.5 + PRONOUN_DUMMY_MIN_GAIN - 1e-4, 0.0: 0.49}, -1.0,
                        PRONOUN_DUMMY_MIN_GAIN) == -1.0
