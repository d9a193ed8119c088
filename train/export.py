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
import dataclasses
import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from . import encoders, features
from .model import N_BUCKETS, SLOPE, CorefModel, HeadConfig

FORMAT_VERSION = 1
# Where a model directory whose config names `base_weights` finds the tensors it does not hold itself.
BASE_FILE = "base.safetensors"


def for_base(c: HeadConfig) -> HeadConfig:
    """`c` with the encoder sizes and conventions of its base (train/encoders.py)."""
    s = encoders.spec(c.base)
    return dataclasses.replace(
        c, encoder_type=s.kind, hidden=s.hidden, layers=s.layers, heads=s.heads, intermediate=s.intermediate,
        vocab_size=s.vocab_size, max_position=s.max_position, layer_norm_eps=s.layer_norm_eps, cls_id=s.cls_id,
        sep_id=s.sep_id, unk_id=s.unk_id, position_offset=s.position_offset, relative_buckets=s.relative_buckets,
        relative_max_distance=s.relative_max_distance)


def base_weights(base: str) -> dict[str, torch.Tensor]:
    """The pretrained encoder's tensors (f32), pooler and position-id buffer left out; the file is checked
    against the sha256 pinned in train/encoders.py where there is one."""
    s = encoders.spec(base)
    path = s.directory() / "model.safetensors"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run scripts/install-model.sh base")
    if s.base_sha256 and encoders.sha256(path) != s.base_sha256:
        raise ValueError(f"{path} does not have the sha256 pinned for {base} in train/encoders.py")
    return {k: v.float() for k, v in load_file(str(path)).items()
            if not k.startswith("pooler.") and k != "embeddings.position_ids"}


def pretrained(c: HeadConfig) -> CorefModel:
    """Model with the base encoder's pretrained weights and a freshly initialised head."""
    m = CorefModel(c)
    m.bert.load_state_dict(base_weights(c.base), strict=True)
    return m


def config_json(c: HeadConfig, name: str) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "name": name,
        "encoder": {"type": c.encoder_type, "base": c.base, "hidden": c.hidden, "layers": c.layers,
                    "heads": c.heads, "intermediate": c.intermediate, "layer_norm_eps": c.layer_norm_eps,
                    "max_position": c.max_position, "vocab_size": c.vocab_size, "activation": "gelu_erf",
                    "position_offset": c.position_offset, "relative_buckets": c.relative_buckets,
                    "relative_max_distance": c.relative_max_distance},
        "tokenizer": {"file": "tokenizer.json", "per_word": True, "add_special_tokens": False,
                      "unk_token_id": c.unk_id, "cls_token_id": c.cls_id,
                      "sep_token_id": c.sep_id, "lowercase_by_normalizer": True},
        "window": {"size": c.window_size, "stride": c.window_stride, "stitch": "most_central"},
        "head": {"casing_classes": ["title", "upper", "lower", "other"], "casing_dim": c.casing_dim,
                 "word_dim": c.hidden + c.casing_dim, "proj_dim": c.proj_dim, "pair_hidden": c.pair_hidden,
                 "top_k": c.top_k, "distance_buckets": N_BUCKETS, "span_hidden": c.span_hidden,
                 "span_max_dist": c.span_max_dist, "leaky_relu_slope": SLOPE, "dummy_score": c.dummy_score,
                 "speaker_feature": c.speaker_feature, "string_match": c.string_match,
                 "match_pronouns": c.match_pronouns},
        "dtype": "float16",
    }


def quantize_rows(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """8-bit weights of MODEL_FORMAT.md §12: per row, q = round(w / s) + 128 as uint8 with s = max|w| / 127."""
    scale = (w.abs().amax(1) / 127).clamp(min=1e-12)
    q = (torch.round(w / scale[:, None]).clamp(-127, 127) + 128).to(torch.uint8)
    return q, scale.float()


def quantize_delta4(w: torch.Tensor, base: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """4-bit differences of MODEL_FORMAT.md §12: per row, d = w - base, s = max|d| / 7, q = round(d / s) + 8 in
    1..15, two per byte (even column in the low nibble; an odd last column is padded with 8)."""
    d = w - base
    scale = (d.abs().amax(1) / 7).clamp(min=1e-12)
    q = (torch.round(d / scale[:, None]).clamp(-7, 7) + 8).to(torch.uint8)
    if q.shape[1] % 2:
        q = torch.cat([q, torch.full((q.shape[0], 1), 8, dtype=torch.uint8)], 1)
    return (q[:, 0::2] | (q[:, 1::2] << 4)).contiguous(), scale.float()


def dequantize(sd: dict[str, torch.Tensor], base: dict[str, torch.Tensor] | None = None) -> dict[str, torch.Tensor]:
    """Tensors read from a model file, 8-bit ones widened back to f32 with their row scales and 4-bit
    differences added to the `base` tensor of the same name."""
    out = {}
    for k, v in sd.items():
        if k.endswith(".delta4"):
            name = k[: -len(".delta4")]
            if base is None or name not in base:
                raise ValueError(f"{k}: a 4-bit difference needs the base tensor {name}")
            b = base[name].float()
            q = torch.stack([v & 15, v >> 4], 2).reshape(v.shape[0], -1)[:, : b.shape[1]]
            out[name] = b + (q.float() - 8) * sd[k + ".scale"].float()[:, None]
        elif v.dtype == torch.uint8:
            out[k] = (v.float() - 128) * sd[k + ".scale"].float()[:, None]
        elif not (k.endswith(".scale") and k[: -len(".scale")] in sd):
            out[k] = v
    return out


MATRICES = ("f16", "int8", "delta4")


def export(model: CorefModel, out: Path, name: str, matrices: str = "f16", calibration: dict | None = None) -> None:
    """Writes `out/{config.json, model.safetensors, tokenizer.json}`. A model on a base that is rebuilt from
    a registry package (one with a pinned sha256) is exported as a delta: only the tensors that differ from
    the base, in f16, and `config.json` names the base file that completes it (MODEL_FORMAT.md §12). The
    delta's encoder matrices are stored as `matrices` says: "f16"; "int8", the weights in 8 bits with a scale
    per row (half the size); "delta4", their differences from the base in 4 bits (a quarter). A
    `calibration` (MODEL_FORMAT.md §15) is written into `config.json` as given."""
    if matrices not in MATRICES:
        raise ValueError(f"matrices {matrices!r}: expected one of {', '.join(MATRICES)}")
    out.mkdir(parents=True, exist_ok=True)
    sd = {(k[len("bert."):] if k.startswith("bert.") else k): v.detach() for k, v in model.state_dict().items()}
    cfg = config_json(model.c, name)
    spec = encoders.spec(model.c.base)
    base = {}
    if spec.base_sha256 and (model.c.hidden, model.c.layers) == (spec.hidden, spec.layers):
        base = base_weights(model.c.base)
        sd = {k: v for k, v in sd.items() if k not in base or not torch.equal(v.float(), base[k])}
        cfg["base_weights"] = {"file": BASE_FILE, "sha256": spec.base_sha256, "name": spec.name,
                               "install": "scripts/install-model.sh accurate"}
    packed = {}
    for k, v in sd.items():
        matrix = k.startswith("encoder.layer.") and v.dim() == 2 and matrices != "f16"
        if matrix and matrices == "delta4":
            if k not in base:
                raise ValueError(f"{k}: 4-bit differences need a delta model whose base holds the tensor")
            packed[k + ".delta4"], packed[k + ".delta4.scale"] = quantize_delta4(v.float(), base[k])
        elif matrix:
            packed[k], packed[k + ".scale"] = quantize_rows(v.float())
        else:
            packed[k] = v.to(torch.float16).contiguous()
    save_file(packed, str(out / "model.safetensors"), metadata={"format_version": str(FORMAT_VERSION)})
    if calibration is not None:
        cfg["calibration"] = calibration
    (out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    features.load_tokenizer(base=model.c.base).save(str(out / "tokenizer.json"))


def head_config(cfg: dict) -> HeadConfig:
    """The HeadConfig an exported `config.json` describes (absent keys: the MiniLM models' conventions)."""
    e, h, w, t = cfg["encoder"], cfg["head"], cfg["window"], cfg["tokenizer"]
    return HeadConfig(hidden=e["hidden"], layers=e["layers"], heads=e["heads"], intermediate=e["intermediate"],
                      vocab_size=e["vocab_size"], max_position=e["max_position"], layer_norm_eps=e["layer_norm_eps"],
                      casing_dim=h["casing_dim"], proj_dim=h["proj_dim"], pair_hidden=h["pair_hidden"],
                      top_k=h["top_k"], span_hidden=h["span_hidden"], span_max_dist=h["span_max_dist"],
                      window_size=w["size"], window_stride=w["stride"], dummy_score=h.get("dummy_score", 0.0),
                      speaker_feature=h.get("speaker_feature", False), string_match=h.get("string_match", False),
                      match_pronouns=h.get("match_pronouns", True), base=e.get("base", encoders.MINILM.name),
                      encoder_type=e["type"], cls_id=t["cls_token_id"], sep_id=t["sep_token_id"],
                      unk_id=t["unk_token_id"], position_offset=e.get("position_offset", 0),
                      relative_buckets=e.get("relative_buckets", 0),
                      relative_max_distance=e.get("relative_max_distance", 0))


def load_export(path: Path) -> CorefModel:
    """Model from an export directory, weights widened f16 -> f32."""
    cfg = json.loads((path / "config.json").read_text())
    c = head_config(cfg)
    m = CorefModel(c)
    base = {}
    if "base_weights" in cfg:          # a delta: the rest comes from the base file, as the Rust loader does
        base_file = path / cfg["base_weights"]["file"]
        base = ({k: v.float() for k, v in load_file(str(base_file)).items()} if base_file.exists()
                else base_weights(c.base))
    sd = dequantize(load_file(str(path / "model.safetensors")), base)
    sd = {**{k: v for k, v in base.items() if k not in sd}, **sd}
    sd = {(k if k.startswith("head.") else "bert." + k): v.float() for k, v in sd.items()
          if not k.startswith("pooler.") and k != "embeddings.position_ids"}
    m.load_state_dict(sd, strict=True)
    return m.eval()


def load_checkpoint(path: Path) -> tuple[CorefModel, dict]:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    m = CorefModel(HeadConfig(**ck["head_config"]))
    m.load_state_dict(ck["model"])
    return m.eval(), ck


def export_checkpoint(checkpoint: Path, out: Path, name: str, matrices: str = "f16",
                      dummy_score: float | None = None) -> float:
    """Exports a checkpoint to `out` and returns the dummy score (δ) its config carries. A checkpoint does not
    hold δ (train/fit.py tunes it on dev after exporting), so re-exporting over a directory keeps the δ found
    there unless `dummy_score` says otherwise; a fresh directory gets 0. A pronoun calibration found there
    (MODEL_FORMAT.md §15, fitted on the exported model's predictions) is kept with the δ, and dropped when
    `dummy_score` changes what the model predicts."""
    config = out / "config.json"
    old = json.loads(config.read_text()) if config.exists() else {}
    kept = old.get("head", {}).get("dummy_score", 0.0)
    m, _ = load_checkpoint(checkpoint)
    m.c.dummy_score = kept if dummy_score is None else dummy_score
    calibration = old.get("calibration") if m.c.dummy_score == kept else None
    export(m, out, name, matrices=matrices, calibration=calibration)
    return m.c.dummy_score


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path)
    ap.add_argument("--from-export", type=Path,
                    help="re-encode an export directory (its weights as stored, δ kept) instead of a checkpoint")
    ap.add_argument("--random", action="store_true", help="random tiny model for Rust development")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--name")
    ap.add_argument("--matrices", choices=MATRICES, default="f16",
                    help="a delta's encoder matrices: f16, 8-bit weights or 4-bit differences (MODEL_FORMAT §12)")
    ap.add_argument("--dummy-score", type=float,
                    help="head.dummy_score (δ) to write; default: the one already in --out (tuned on dev by "
                         "train/fit.py), else 0")
    ap.add_argument("--base", default=encoders.MINILM.name,
                    help="with --random: whose conventions (special ids, positions, tokenizer) to follow")
    a = ap.parse_args()
    name = a.name or a.out.name
    if a.random:
        torch.manual_seed(0)
        c = dataclasses.replace(
            for_base(HeadConfig(base=a.base)), hidden=32, layers=2, heads=4, intermediate=64, casing_dim=8,
            proj_dim=16, pair_hidden=16, top_k=8, span_hidden=16, span_max_dist=8, window_size=16,
            window_stride=12, speaker_feature=True, string_match=True, match_pronouns=False)
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
            if c.encoder_type == "mpnet":    # ... and for the relative-position bias
                m.bert.encoder["relative_attention_bias"].weight.normal_(0, 1.0)
        export(m.eval(), a.out, name)
    elif a.from_export:
        m = load_export(a.from_export)
        export(m, a.out, name, matrices=a.matrices)
        print(f"head.dummy_score = {m.c.dummy_score}")
    else:
        dummy = export_checkpoint(a.checkpoint, a.out, name, matrices=a.matrices, dummy_score=a.dummy_score)
        print(f"head.dummy_score = {dummy}")
    print(f"exported {a.out}")


if __name__ == "__main__":
    main()
