"""Model directory I/O: build from the pretrained encoder, export `models/<name>/`, load an export.

Design decision: the export is the single source of truth for inference — float16 tensors named as in
MODEL_FORMAT.md §12, and `load_export` widens them back to f32 so that parity fixtures are computed on exactly
the weights the Rust side reads.

Usage: python -m train.export --checkpoint train/runs/<name>/best.pt --out models/<name>
       python -m train.export --random --out models/random-tiny
         (random weights, tiny sizes, window 16/stride 12 so that stitching is exercised)
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from . import features
from .model import N_BUCKETS, SLOPE, CorefModel, HeadConfig

FORMAT_VERSION = 1


def pretrained(c: HeadConfig) -> CorefModel:
    """Model with the all-MiniLM-L6-v2 encoder weights and a freshly initialised head."""
    m = CorefModel(c)
    sd = {k: v for k, v in load_file(str(features.encoder_dir() / "model.safetensors")).items()
          if not k.startswith("pooler.") and k != "embeddings.position_ids"}
    m.bert.load_state_dict(sd, strict=True)
    return m


def config_json(c: HeadConfig, name: str) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "name": name,
        "encoder": {"type": "bert", "hidden": c.hidden, "layers": c.layers, "heads": c.heads,
                    "intermediate": c.intermediate, "layer_norm_eps": c.layer_norm_eps,
                    "max_position": c.max_position, "vocab_size": c.vocab_size, "activation": "gelu_erf"},
        "tokenizer": {"file": "tokenizer.json", "per_word": True, "add_special_tokens": False,
                      "unk_token_id": features.UNK_ID, "cls_token_id": features.CLS_ID,
                      "sep_token_id": features.SEP_ID, "lowercase_by_normalizer": True},
        "window": {"size": c.window_size, "stride": c.window_stride, "stitch": "most_central"},
        "head": {"casing_classes": ["title", "upper", "lower", "other"], "casing_dim": c.casing_dim,
                 "word_dim": c.hidden + c.casing_dim, "proj_dim": c.proj_dim, "pair_hidden": c.pair_hidden,
                 "top_k": c.top_k, "distance_buckets": N_BUCKETS, "span_hidden": c.span_hidden,
                 "span_max_dist": c.span_max_dist, "leaky_relu_slope": SLOPE, "dummy_score": c.dummy_score,
                 "speaker_feature": c.speaker_feature, "string_match": c.string_match,
                 "match_pronouns": c.match_pronouns},
        "dtype": "float16",
    }


def export(model: CorefModel, out: Path, name: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    sd = {(k[len("bert."):] if k.startswith("bert.") else k): v.detach().to(torch.float16).contiguous()
          for k, v in model.state_dict().items()}
    save_file(sd, str(out / "model.safetensors"), metadata={"format_version": str(FORMAT_VERSION)})
    (out / "config.json").write_text(json.dumps(config_json(model.c, name), indent=2) + "\n")
    tok = features.load_tokenizer()
    tok.save(str(out / "tokenizer.json"))


def load_export(path: Path) -> CorefModel:
    """Model from an export directory, weights widened f16 -> f32."""
    cfg = json.loads((path / "config.json").read_text())
    e, h, w = cfg["encoder"], cfg["head"], cfg["window"]
    c = HeadConfig(hidden=e["hidden"], layers=e["layers"], heads=e["heads"], intermediate=e["intermediate"],
                   vocab_size=e["vocab_size"], max_position=e["max_position"], layer_norm_eps=e["layer_norm_eps"],
                   casing_dim=h["casing_dim"], proj_dim=h["proj_dim"], pair_hidden=h["pair_hidden"],
                   top_k=h["top_k"], span_hidden=h["span_hidden"], span_max_dist=h["span_max_dist"],
                   window_size=w["size"], window_stride=w["stride"], dummy_score=h.get("dummy_score", 0.0),
                   speaker_feature=h.get("speaker_feature", False), string_match=h.get("string_match", False),
                   match_pronouns=h.get("match_pronouns", True))
    m = CorefModel(c)
    sd = {(k if k.startswith("head.") else "bert." + k): v.float() for k, v in load_file(str(path / "model.safetensors")).items()}
    m.load_state_dict(sd, strict=True)
    return m.eval()


def load_checkpoint(path: Path) -> tuple[CorefModel, dict]:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    m = CorefModel(HeadConfig(**ck["head_config"]))
    m.load_state_dict(ck["model"])
    return m.eval(), ck


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path)
    ap.add_argument("--random", action="store_true", help="random tiny model for Rust development")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--name")
    a = ap.parse_args()
    name = a.name or a.out.name
    if a.random:
        torch.manual_seed(0)
        c = HeadConfig(hidden=32, layers=2, heads=4, intermediate=64, casing_dim=8, proj_dim=16, pair_hidden=16,
                       top_k=8, span_hidden=16, span_max_dist=8, window_size=16, window_stride=12,
                       speaker_feature=True, string_match=True, match_pronouns=False)
        m = CorefModel(c)
        with torch.no_grad():          # small random weights keep activations in a sane range
            for p in m.parameters():
                p.normal_(0, 0.05) if p.dim() > 1 else p.zero_()
            for mod in m.modules():
                if isinstance(mod, torch.nn.LayerNorm):
                    mod.weight.fill_(1.0)
            m.head.same_speaker_emb.weight.normal_(0, 1.0)   # large enough that ignoring speakers fails parity
            m.head.same_word_emb.weight.normal_(0, 1.0)      # ... and the same for the string-match feature
            m.head.match_coarse.bias.fill_(1.0)
        export(m.eval(), a.out, name)
    else:
        m, _ = load_checkpoint(a.checkpoint)
        export(m, a.out, name)
    print(f"exported {a.out}")


if __name__ == "__main__":
    main()
