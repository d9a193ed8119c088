"""examples/spark/resolve_corpus.py in local mode (local[2]) on 200 documents, row for row against the
CLI on the same JSONL. Skips, saying why, without pyspark or a Java runtime."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
pytest.importorskip("pandas", reason="pandas is not installed (pyspark's mapInPandas needs it)")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (pyspark's mapInPandas needs it)")
if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (java on PATH or JAVA_HOME) for Spark; apt-get install default-jre-headless", allow_module_level=True)

SCRIPT = ROOT / "examples" / "spark" / "resolve_corpus.py"
sys.path.insert(0, str(SCRIPT.parent))
from sample_corpus import corpus, write_jsonl  # noqa: E402


def test_spark_local_mode_equals_the_cli(cli, tmp_path):
    docs = corpus()
    assert len(docs) == 200
    path = tmp_path / "docs.jsonl"
    write_jsonl(docs, path)
    out = tmp_path / "out.parquet"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(path), str(out), "--master", "local[2]", "--partitions", "4"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    rows = {r["id"]: r for r in pq.read_table(str(out)).to_pylist()}
    assert sorted(rows) == sorted(d["id"] for d in docs)

    clusters = {r["id"]: r["clusters"] for r in run_cli(cli, ["clusters", "--min-pronoun-probability", "0.5"], docs, tmp_path)}
    resolved = {r["id"]: r for r in run_cli(cli, ["resolve", "--json"], docs, tmp_path)}
    edit_fields = ["start", "end", "original", "replacement", "cluster", "resolved_start", "resolved_end"]
    for d in docs:
        row = rows[d["id"]]
        assert row["error"] is None, row["error"]
        assert row["clusters"] == clusters.get(d["id"], []), d["id"]
        assert row["resolved_text"] == resolved[d["id"]]["text"], d["id"]
        assert row["edits"] == [{k: e[k] for k in edit_fields} for e in resolved[d["id"]]["edits"]], d["id"]
    assert sum(bool(r["clusters"]) for r in rows.values()) > 150
    assert sum(bool(r["edits"]) for r in rows.values()) > 50
