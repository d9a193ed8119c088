"""Re-exporting a checkpoint keeps the dummy score (δ) tuned on dev: a checkpoint does not hold δ, and an
export that silently wrote 0 over a tuned δ changed what the model predicts (train/README)."""
import dataclasses
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
from train.export import export_checkpoint, load_export  # noqa: E402

TINY = Path(__file__).resolve().parents[2] / "models" / "random-tiny"


def checkpoint(tmp_path: Path) -> Path:
    m = load_export(TINY)
    path = tmp_path / "best.pt"
    torch.save({"model": m.state_dict(), "head_config": dataclasses.asdict(m.c), "epoch": 0}, path)
    return path


def dummy(out: Path) -> float:
    return json.loads((out / "config.json").read_text())["head"]["dummy_score"]


def test_a_reexport_keeps_the_tuned_dummy_score_unless_told(tmp_path):
    ck, out = checkpoint(tmp_path), tmp_path / "model"
    assert export_checkpoint(ck, out, "t") == 0.0 and dummy(out) == 0.0, "a fresh directory gets 0"
    cfg = json.loads((out / "config.json").read_text())
    cfg["head"]["dummy_score"] = -1.0                      # what train/fit.py writes after tuning on dev
    (out / "config.json").write_text(json.dumps(cfg))
    assert export_checkpoint(ck, out, "t") == -1.0 and dummy(out) == -1.0
    assert load_export(out).c.dummy_score == -1.0
    assert export_checkpoint(ck, out, "t", dummy_score=0.5) == 0.5 and dummy(out) == 0.5


def test_a_reexport_keeps_the_calibration_with_the_dummy_score(tmp_path):
    ck, out = checkpoint(tmp_path), tmp_path / "model"
    export_checkpoint(ck, out, "t")
    cfg = json.loads((out / "config.json").read_text())
    cfg["calibration"] = {"fitted_on": "dev", "classes": {"it": [[0.0, 0.5], [1.0, 0.8]]}}
    (out / "config.json").write_text(json.dumps(cfg))
    export_checkpoint(ck, out, "t")
    assert json.loads((out / "config.json").read_text())["calibration"] == cfg["calibration"]
    export_checkpoint(ck, out, "t", dummy_score=0.5)
    assert "calibration" not in json.loads((out / "config.json").read_text()), "fitted on another δ: dropped"
