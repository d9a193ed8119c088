"""PyTorch peer for the encoder throughput benchmark: the same weights (transformers' BertModel or
MPNetModel), the same 512-token windows.

Usage: python bench/torch_encoder.py MODEL_DIR [windows] [max threads] [f32|bf16]
bf16 runs the model under `torch.autocast("cpu", dtype=torch.bfloat16)` (oneDNN's bf16 kernels, AMX where the
CPU has it), the peer of `corefer --precision bf16`.
MODEL_DIR holds model.safetensors with encoder tensors named as in MODEL_FORMAT.md §12 (a corefer model
directory, whose config.json says which encoder and, for a delta model, which base file completes it; or
the original all-MiniLM-L6-v2 directory). Prints one JSON line per thread count, like
`cargo run --release --example encoder_throughput`.
"""
import json
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file
from transformers import BertConfig, BertModel, MPNetConfig, MPNetModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from train.export import dequantize  # noqa: E402  (8-bit weights and 4-bit differences, as Rust reads them)

WINDOW = 510   # subwords per window without [CLS]/[SEP], as in the shipped models


def main() -> None:
    model_dir = Path(sys.argv[1])
    windows = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    max_threads = int(sys.argv[3]) if len(sys.argv) > 3 else torch.get_num_threads()
    precision = sys.argv[4] if len(sys.argv) > 4 else "f32"
    if precision not in ("f32", "bf16"):
        sys.exit(f"precision must be f32 or bf16, not {precision!r}")
    cfg_path = model_dir / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else None
    base = {}
    if cfg and "base_weights" in cfg:
        base = load_file(str(model_dir / cfg["base_weights"]["file"]))
    tensors = {**base, **dequantize(load_file(str(model_dir / "model.safetensors")), base)}
    tensors = {k: v.float() for k, v in tensors.items() if k.startswith(("embeddings.", "encoder."))}
    if cfg and cfg["encoder"]["type"] == "mpnet":
        e = cfg["encoder"]
        config = MPNetConfig(vocab_size=e["vocab_size"], hidden_size=e["hidden"], num_hidden_layers=e["layers"],
                             num_attention_heads=e["heads"], intermediate_size=e["intermediate"],
                             max_position_embeddings=e["max_position"], layer_norm_eps=e["layer_norm_eps"],
                             relative_attention_num_buckets=e["relative_buckets"])
        model = MPNetModel(config, add_pooling_layer=False).eval()
        cls, sep, token_types = cfg["tokenizer"]["cls_token_id"], cfg["tokenizer"]["sep_token_id"], False
    else:
        config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                            intermediate_size=1536, max_position_embeddings=512, layer_norm_eps=1e-12)
        model = BertModel(config, add_pooling_layer=False).eval()
        cls, sep, token_types = 101, 102, True
    missing, _ = model.load_state_dict(tensors, strict=False)
    assert not [m for m in missing if "position_ids" not in m], missing
    seqs = [[cls] + [1000 + (i * 7919 + w * 104729) % 29000 for i in range(WINDOW)] + [sep] for w in range(windows)]
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
        model(input_ids=torch.tensor([seqs[0]]))  # warm-up
        for threads in range(1, max_threads + 1):
            torch.set_num_threads(threads)
            start = time.perf_counter()
            for s in seqs:
                ids = torch.tensor([s])
                model(input_ids=ids, **({"token_type_ids": torch.zeros_like(ids)} if token_types else {}))
            secs = time.perf_counter() - start
            tokens = windows * (WINDOW + 2)
            print(json.dumps({"engine": "pytorch", "precision": precision, "threads": threads, "mode": "one-sequence", "tokens": tokens,
                              "seconds": round(secs, 3), "tokens_per_s": round(tokens / secs)}))


if __name__ == "__main__":
    main()
