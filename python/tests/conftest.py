"""Shared fixtures: one resolver per session, and the corefer CLI to compare against.

The CLI is $COREFER_BIN, else target/release/corefer, else target/debug/corefer of this checkout; tests
that compare with it skip (saying so) when none is built. It must embed the same model as the package.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List, Sequence

import pytest

import corefer

ROOT = Path(__file__).resolve().parents[2]

# Texts with offsets that differ in code points, UTF-16 units and bytes: curly quotes and apostrophes,
# accents (precomposed and combining), emoji beyond the BMP, CJK, right-to-left script.
NON_ASCII = [
    "Zoë Kim arrived in Zürich on Monday. She said her flight had been late, but it didn’t bother her.",
    "😀🎉 Ann met Bob at the café. She gave him the key, and he thanked her.",
    "“I’ll be there,” said Renée. Her brother José nodded; he had promised their mother.",
    "東京 and 北京 are far apart. The engineer Li Wei moved to Tokyo because he wanted to learn Japanese.",
    "The company e\u0301tait small. Marta founded it in 2019, and she still runs it herself.",
    "Dr. Ngũgĩ wa Thiong’o wrote in Gĩkũyũ. His novels made him famous, and they are still read. 👍",
    "Noura said שלום to Daniel. He smiled at her because she had learned it for him.",
]


def cli_path() -> Path:
    env = os.environ.get("COREFER_BIN")
    if env:
        return Path(env)
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "corefer"
        if path.is_file():
            return path
    pytest.skip("no corefer CLI built (cargo build --release, or set COREFER_BIN) to compare with")


@pytest.fixture(scope="session")
def cli() -> Path:
    return cli_path()


def run_cli(cli: Path, args: Sequence[str], docs: Sequence[dict], tmp: Path) -> List[dict]:
    """Runs `corefer ARGS --jsonl FILE` on docs ({"id", "text"} dicts) and returns its records."""
    path = tmp / "docs.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    out = subprocess.run(
        [str(cli), *args, "--jsonl", str(path)], check=True, capture_output=True, text=True, encoding="utf-8"
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.fixture(scope="session")
def resolver() -> corefer.Resolver:
    return corefer.Resolver(threads=2)
