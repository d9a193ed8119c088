"""Weight averaging ("model soup"): python -m train.soup --out models/<name> SOURCE SOURCE [...]

Each SOURCE is an export directory (`models/<name>/`) or a training checkpoint (`train/runs/<name>/best.pt`).
Design decision: only models with the same architecture (identical `HeadConfig`, dummy score aside) are
averaged, parameter by parameter and uniformly, and the result is an ordinary export, so that the Rust
pipeline and `corefer eval` score it like any trained model. Averaging works, if at all, for runs fine-tuned
from the same pretrained encoder with the same head initialisation (same seed): they stay close enough in
weight space for the mean to be a model of its own. The soup gets the dummy score of the first source.
"""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import torch

from .export import export, load_checkpoint, load_export
from .model import CorefModel


def load_any(source: Path) -> CorefModel:
    return load_export(source) if source.is_dir() else load_checkpoint(source)[0]


def average(models: list[CorefModel]) -> CorefModel:
    """The first model with every floating-point parameter and buffer replaced by the mean over `models`."""
    first = models[0]
    base = dataclasses.replace(first.c, dummy_score=0.0)
    for i, m in enumerate(models[1:], start=2):
        if dataclasses.replace(m.c, dummy_score=0.0) != base:
            raise ValueError(f"source {i} has another architecture than source 1: {m.c} vs {first.c}")
    states = [m.state_dict() for m in models]
    mean = {k: torch.stack([s[k].float() for s in states]).mean(0) if v.is_floating_point() else v
            for k, v in states[0].items()}
    first.load_state_dict(mean)
    return first.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", type=Path, nargs="+")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    if len(a.sources) < 2:
        ap.error("give at least two sources to average")
    export(average([load_any(s) for s in a.sources]), a.out, a.out.name)
    print(f"exported {a.out}: mean of {', '.join(map(str, a.sources))}")


if __name__ == "__main__":
    main()
