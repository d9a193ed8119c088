"""CI's install list (requirements-ci.txt) must pin what requirements.txt pins, so the two cannot drift."""
from __future__ import annotations

import re
from pathlib import Path

TRAIN = Path(__file__).resolve().parents[1]


def pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"{path.name}: {line!r} is not pinned with =="
        out[re.sub(r"[-_.]+", "-", name).lower()] = version
    return out


def test_ci_list_pins_every_requirement_at_its_version():
    wanted = pins(TRAIN / "requirements.txt")
    ci = pins(TRAIN / "requirements-ci.txt")
    for name, version in wanted.items():
        assert ci.get(name) == version, f"requirements-ci.txt has {name}=={ci.get(name)}, requirements.txt {version}"


def test_ci_list_has_no_duplicates():
    lines = [l.split("#", 1)[0].strip() for l in (TRAIN / "requirements-ci.txt").read_text().splitlines()]
    names = [re.sub(r"[-_.]+", "-", l.partition("==")[0]).lower() for l in lines if l]
    assert len(names) == len(set(names))
