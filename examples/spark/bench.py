#!/usr/bin/env python3
"""Documents per second: examples/spark/resolve_corpus.py in local mode against the CLI, same documents.

    python examples/spark/bench.py [--docs 200] [--rounds 3] [--cli target/release/corefer] [--master local[2]]

Measures, on the sample corpus (sample_corpus.py), the median of --rounds runs of
  * the CLI: `corefer resolve --json --jsonl DOCS --threads T` (clusters and resolved text, as Spark writes),
  * Spark cold: `python resolve_corpus.py DOCS OUT --master M` in a new process (JVM start, Python workers,
    model loading, reading and writing included): what one spark-submit of a small corpus costs,
  * Spark warm: the same job again in one SparkSession after a first run, so the workers hold their
    resolvers: the rate a long job settles at.
T is the number of cores in M (local[2]: 2). Prints a Markdown table and the machine's CPU.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sample_corpus import corpus, write_jsonl  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=200)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cli", default=str(HERE.parents[1] / "target" / "release" / "corefer"))
    p.add_argument("--master", default="local[2]")
    args = p.parse_args()
    cores = int(re.fullmatch(r"local\[(\d+)\]", args.master).group(1))
    tmp = Path(tempfile.mkdtemp(prefix="corefer-spark-bench-"))
    docs = corpus(args.docs)
    path = tmp / "docs.jsonl"
    write_jsonl(docs, path)
    words = sum(len(d["text"].split()) for d in docs)
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)

    def cli() -> None:
        cmd = [args.cli, "resolve", "--json", "--jsonl", str(path), "--threads", str(cores)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)

    def spark_cold() -> None:
        cmd = [sys.executable, str(HERE / "resolve_corpus.py"), str(path), str(tmp / "cold.parquet"), "--master", args.master]
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    os.environ.update(PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    import resolve_corpus
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master(args.master).appName("corefer-bench").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    job_args = resolve_corpus.parse_args([str(path), str(tmp / "warm.parquet")])

    def spark_warm() -> None:
        df = resolve_corpus.read(spark, job_args).select("id", "text")
        out = df.mapInPandas(resolve_corpus.resolve_partition("default", 1, 0.5), resolve_corpus.OUTPUT)
        out.write.mode("overwrite").parquet(job_args.output)

    spark_warm()  # the first job starts the Python workers and loads their models
    results = {}
    for name, fn in (("CLI `corefer resolve --json`", cli), ("Spark warm (workers hold their resolvers)", spark_warm), ("Spark cold (new process, spark-submit-like)", spark_cold)):
        times = [timed(fn) for _ in range(args.rounds)]
        results[name] = statistics.median(times)
        print(f"{name}: {', '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr)
    spark.stop()

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    print(f"{len(docs)} documents, {words:,} words (whitespace-split); {args.master}, CLI --threads {cores}; CPU: {cpu}, {os.cpu_count()} cores\n")
    print("| run | seconds (median of %d) | docs/s | vs CLI |" % args.rounds)
    print("|---|---|---|---|")
    base = results["CLI `corefer resolve --json`"]
    for name, t in results.items():
        print(f"| {name} | {t:.2f} | {len(docs) / t:.1f} | {base / t:.2f}x |")


if __name__ == "__main__":
    main()
