"""Calibration of a model's pronoun confidence: python -m train.calibrate fit|report ...

Design decision: the model's raw number for a pronoun (the softmax mass its link puts on its cluster) is
mapped per pronoun class by a logistic curve on its logit, σ(a·logit(p) + b), fitted on dev replacements
labelled right or wrong by `corefer eval --list-rewrites`, and stored in `config.json` as knots that the
Rust model interpolates (MODEL_FORMAT.md §15). Two parameters per class, because a class has only 100–200
dev replacements: a binned (isotonic) map of that little data follows its noise.

  fit     --model DIR --pairs CONF.tsv REWRITES.tsv [...] [--fitted-on TEXT]
          CONF.tsv from `corefer predict --confidence` with the model *without* a calibration, REWRITES.tsv
          from `corefer eval --list-rewrites` on the same predictions; writes `calibration` into
          DIR/config.json.
  report  --model DIR --split NAME RAW.tsv CALIBRATED.tsv REWRITES.tsv [--split ...]
          a markdown reliability table per split (raw against calibrated), and the largest difference
          between the Rust model's calibrated numbers and this module's map of the raw ones (parity).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
from pathlib import Path

CLASSES = ("he_she", "it", "they", "possessive")      # the keys of Rust's `pronoun::Class::key`
KNOTS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0)
MIN_PER_CLASS = 30        # fewer replacements than this: the class gets the curve fitted on all classes
CLIP = 0.01               # raw probabilities are clipped to [CLIP, 1 - CLIP] before the logit
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
THRESHOLDS = (0.0, 0.6, 0.7, 0.75, 0.8, 0.85)


def logit(p: float) -> float:
    p = min(max(p, CLIP), 1 - CLIP)
    return math.log(p / (1 - p))


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def fit_logistic(points: list[tuple[float, bool]], iterations: int = 100) -> tuple[float, float]:
    """(a, b) maximising the likelihood of σ(a·logit(p) + b) (Newton's method with steps of at most 1 and a
    tiny ridge for stability); a is kept ≥ 0 so the map never reverses the model's order."""
    a, b = 1.0, 0.0
    for _ in range(iterations):
        ga = gb = haa = hab = hbb = 0.0
        for p, right in points:
            x = logit(p)
            q = sigmoid(a * x + b)
            r = q - float(right)
            w = q * (1 - q)
            ga, gb = ga + r * x, gb + r
            haa, hab, hbb = haa + w * x * x, hab + w * x, hbb + w
        ga, haa, hbb = ga + 1e-3 * a, haa + 1e-3, hbb + 1e-3
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        step = max(1.0, abs(da), abs(db))
        da, db = da / step, db / step
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    if a < 0:                     # no usable order: the class's base rate
        rate = sum(r for _, r in points) / len(points)
        a, b = 0.0, logit(rate)
    return a, b


def knots(a: float, b: float) -> list[list[float]]:
    """The curve at the raw values of KNOTS, rounded, non-decreasing (as the Rust loader requires)."""
    out, last = [], 0.0
    for x in KNOTS:
        y = max(last, round(sigmoid(a * logit(x) + b), 4))
        out.append([x, y])
        last = y
    return out


def apply(calibration: dict, cls: str, raw: float) -> float:
    """The map the Rust model applies (`Calibration::apply`): linear between knots, flat beyond them."""
    ks = calibration["classes"].get(cls)
    if not ks:
        return raw
    if raw < ks[0][0]:
        return ks[0][1]
    for (x0, y0), (x1, y1) in zip(ks, ks[1:]):
        if raw < x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    return ks[-1][1]


def read_confidence(path: Path) -> dict[tuple[str, int], tuple[str, float]]:
    with open(path, encoding="utf-8") as f:
        return {(r["document"], int(r["word"])): (r["class"], float(r["probability"]))
                for r in csv.DictReader(f, delimiter="\t")}


def labelled(conf: dict[tuple[str, int], tuple[str, float]], rewrites_path: Path) -> list[tuple[str, float, bool]]:
    """(class, probability, right) of every replacement the model gave a probability for (`conf`:
    `read_confidence`'s table)."""
    out = []
    with open(rewrites_path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            found = conf.get((r["document"], int(r["word"])))
            if found is not None and found[0] in CLASSES:
                out.append((found[0], found[1], r["right"] == "1"))
    return out


def fit(data: list[tuple[str, float, bool]], fitted_on: str) -> dict:
    pooled = fit_logistic([(p, r) for _, p, r in data])
    classes = {}
    for cls in CLASSES:
        points = [(p, r) for c, p, r in data if c == cls]
        classes[cls] = knots(*(fit_logistic(points) if len(points) >= MIN_PER_CLASS else pooled))
    return {"fitted_on": fitted_on, "method": "logistic on logit(raw) per class", "classes": classes}


def reliability(values: list[tuple[float, bool]]) -> tuple[list[tuple[str, int, float, float]], float, float]:
    """Rows (bin, n, mean probability, share right), the expected calibration error and the Brier score."""
    rows, ece = [], 0.0
    for lo, hi in zip(BINS, BINS[1:]):
        inside = [(p, r) for p, r in values if lo <= p < hi]
        if not inside:
            continue
        mean = sum(p for p, _ in inside) / len(inside)
        share = sum(r for _, r in inside) / len(inside)
        rows.append((f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}", len(inside), mean, share))
        ece += len(inside) / len(values) * abs(mean - share)
    brier = sum((p - r) ** 2 for p, r in values) / len(values)
    return rows, ece, brier


def report(model: Path, splits: list[tuple[str, Path, Path, Path]]) -> str:
    calibration = json.loads((model / "config.json").read_text())["calibration"]
    lines = [f"Fitted on: {calibration.get('fitted_on', '?')}\n",
             "| split | probability | bin | replacements | mean probability | right |",
             "|---|---|---|---|---|---|"]
    summary, filtered, parity = [], [], 0.0
    for name, raw_path, cal_path, rewrites in splits:
        raw_conf = read_confidence(raw_path)
        data = labelled(raw_conf, rewrites)
        rust = read_confidence(cal_path)
        for key, (cls, raw) in raw_conf.items():
            if cls in CLASSES and key in rust:
                parity = max(parity, abs(rust[key][1] - apply(calibration, cls, raw)))
        calibrated = [(apply(calibration, c, p), r) for c, p, r in data]
        total_right = sum(r for _, r in calibrated)
        for t in THRESHOLDS:
            kept = [r for p, r in calibrated if p >= t]
            filtered.append(f"| {name} | {t:.2f} | {sum(kept)} / {len(kept)} | {100 * sum(kept) / max(1, len(kept)):.1f}% "
                            f"| {100 * sum(kept) / max(1, total_right):.1f}% |")
        for kind, values in (("raw", [(p, r) for _, p, r in data]),
                             ("calibrated", [(apply(calibration, c, p), r) for c, p, r in data])):
            rows, ece, brier = reliability(values)
            for b, n, mean, share in rows:
                lines.append(f"| {name} | {kind} | {b} | {n} | {mean:.3f} | {share:.3f} |")
            summary.append(f"| {name} | {kind} | {len(values)} | {ece:.3f} | {brier:.3f} |")
    lines += ["", "| split | probability | replacements | expected calibration error | Brier score |",
              "|---|---|---|---|---|", *summary, "",
              "Keeping only the edits whose printed (calibrated) probability is at least t, as a user of "
              "`resolve --min-pronoun-probability 0 --json` may: right / kept (precision) and the share of "
              "the right replacements kept.", "",
              "| split | t | right / kept | precision | right kept |", "|---|---|---|---|---|", *filtered, "",
              f"Largest difference between the Rust model's calibrated probability and train/calibrate.py's "
              f"map of its raw one: {parity:.2e}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["fit", "report"])
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--pairs", nargs="+", type=Path, default=[], help="fit: CONF.tsv REWRITES.tsv pairs")
    ap.add_argument("--fitted-on", default="")
    ap.add_argument("--split", nargs=4, action="append", default=[], metavar=("NAME", "RAW", "CAL", "REWRITES"))
    a = ap.parse_args()
    if a.command == "fit":
        if not a.pairs or len(a.pairs) % 2:
            ap.error("--pairs takes CONF.tsv REWRITES.tsv pairs")
        data = [t for conf, rw in zip(a.pairs[::2], a.pairs[1::2]) for t in labelled(read_confidence(conf), rw)]
        path = a.model / "config.json"
        cfg = json.loads(path.read_text())
        cfg["calibration"] = fit(data, a.fitted_on)
        path.write_text(json.dumps(cfg, indent=2) + "\n")
        print(f"{path}: calibration fitted on {len(data)} replacements")
    else:
        print(report(a.model, [(n, Path(r), Path(c), Path(w)) for n, r, c, w in a.split]), end="")


if __name__ == "__main__":
    main()
