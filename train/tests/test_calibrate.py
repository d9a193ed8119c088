"""The pronoun-confidence calibration (train/calibrate.py, MODEL_FORMAT.md §15): the map agrees with the
hand-computed cases the Rust loader is tested on, the fit recovers a known curve and only ever writes knots
the Rust loader accepts, and the committed default model's calibration is one the loader accepts."""
import json
import math
import random
import subprocess
from pathlib import Path

from train import calibrate

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "crates/corefer/tests/fixtures/calibration.json"


def valid(classes: dict) -> bool:
    """The Rust loader's check (`Calibration::is_valid`)."""
    return all(all(0 <= x <= 1 and 0 <= y <= 1 for x, y in k)
               and all(a[0] < b[0] and a[1] <= b[1] for a, b in zip(k, k[1:])) for k in classes.values())


def test_the_map_gives_the_shared_hand_computed_answers():
    fixture = json.loads(FIXTURE.read_text())
    for cls, raw, expected in fixture["cases"]:
        assert abs(calibrate.apply(fixture["calibration"], cls, raw) - expected) < 1e-9, (cls, raw)


def test_the_fit_recovers_a_known_curve_and_writes_valid_knots():
    rng = random.Random(7)
    data = []
    for _ in range(4000):
        p = rng.random()
        q = calibrate.sigmoid(0.5 * calibrate.logit(p) + 0.4)       # the truth: flatter than the raw number
        data.append(("it", p, rng.random() < q))
    data += [("they", rng.random(), True) for _ in range(5)]        # too few: the pooled curve
    fitted = calibrate.fit(data, "synthetic")
    assert valid(fitted["classes"])
    a, b = calibrate.fit_logistic([(p, r) for _, p, r in data if _ == "it"])
    assert abs(a - 0.5) < 0.1 and abs(b - 0.4) < 0.15, (a, b)
    assert fitted["classes"]["they"] == fitted["classes"]["he_she"], "classes without data share the pooled fit"
    for raw in (0.05, 0.5, 0.95):
        expected = calibrate.sigmoid(a * calibrate.logit(raw) + b)
        assert abs(calibrate.apply(fitted, "it", raw) - expected) < 0.02


def test_an_order_reversing_fit_becomes_the_base_rate():
    data = [(0.9, False), (0.8, False), (0.2, True), (0.1, True), (0.5, True)]
    a, b = calibrate.fit_logistic(data)
    assert a == 0.0 and math.isclose(calibrate.sigmoid(b), 0.6, abs_tol=1e-9)


def test_the_committed_default_calibration_is_valid():
    default = (REPO / "models/DEFAULT").read_text().strip()
    path = f"models/{default}/config.json"
    committed = subprocess.run(["git", "-C", str(REPO), "ls-files", path], capture_output=True, text=True).stdout
    cfg = json.loads((REPO / path).read_text())
    if not committed.strip() or "calibration" not in cfg:
        return
    assert set(cfg["calibration"]["classes"]) <= set(calibrate.CLASSES)
    assert valid(cfg["calibration"]["classes"])
