#!/usr/bin/env python3
"""Resolve a corpus with corefer on Spark: JSONL, CSV or Parquet in, Parquet out.

    python examples/spark/resolve_corpus.py docs.jsonl out.parquet                  # local[2]
    spark-submit --py-files ... examples/spark/resolve_corpus.py s3://in/ s3://out/  # a cluster

Each input row needs a text column (``--text-column``, default ``text``) and may have an id column
(``--id-column``, default ``id``; without one, Spark's ``monotonically_increasing_id`` is the id). Each output
row holds ``id``, ``clusters`` (lists of mentions with ``start``/``end`` code-point and
``start_byte``/``end_byte`` UTF-8 offsets into the text, and the mention's ``text``, as
``corefer clusters`` prints them), ``resolved_text``, ``edits`` (as ``corefer resolve --json``) and
``error`` (null, or why the document failed; its other columns are then null).

The documents are resolved with ``mapInPandas``: every Python worker process gets one
``corefer.Resolver`` from ``corefer.get_resolver`` the first time one of its tasks runs and keeps it for
its later tasks, so the model is loaded once per worker, not per task or per row. Spark already runs
one task per core, so each resolver gets ``--threads-per-worker`` threads (default 1).
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterator

from pyspark.sql import SparkSession, functions as F, types as T

MENTION = T.StructType(
    [
        T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()),
        T.StructField("start_byte", T.LongType()),
        T.StructField("end_byte", T.LongType()),
        T.StructField("text", T.StringType()),
    ]
)
EDIT = T.StructType(
    [
        T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()),
        T.StructField("original", T.StringType()),
        T.StructField("replacement", T.StringType()),
        T.StructField("cluster", T.LongType()),
        T.StructField("resolved_start", T.LongType()),
        T.StructField("resolved_end", T.LongType()),
    ]
)
OUTPUT = T.StructType(
    [
        T.StructField("id", T.StringType()),
        T.StructField("clusters", T.ArrayType(T.ArrayType(MENTION))),
        T.StructField("resolved_text", T.StringType()),
        T.StructField("edits", T.ArrayType(EDIT)),
        T.StructField("error", T.StringType()),
    ]
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a file or folder of JSONL (.jsonl/.json), CSV (.csv) or Parquet")
    p.add_argument("output", help="the Parquet folder to write (replaced if it exists)")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="input format (default: from the extension)")
    p.add_argument("--id-column", default="id")
    p.add_argument("--text-column", default="text")
    p.add_argument("--model", default="default", help='"default", "accurate", "baseline" or a model directory on every worker')
    p.add_argument("--threads-per-worker", type=int, default=1)
    p.add_argument("--min-pronoun-probability", type=float, default=0.5)
    p.add_argument("--batch-size", type=int, default=64, help="rows per Arrow batch handed to the resolver")
    p.add_argument("--partitions", type=int, help="repartition the input into this many partitions first")
    p.add_argument("--master", help="Spark master, such as local[2] (default: spark-submit's, else Spark's local[*])")
    return p.parse_args(argv)


def input_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    name = args.input.rstrip("/").lower()
    for suffix, fmt in ((".jsonl", "jsonl"), (".json", "jsonl"), (".csv", "csv"), (".parquet", "parquet")):
        if name.endswith(suffix) or name.endswith(suffix + ".gz"):
            return fmt
    sys.exit(f"cannot tell the format of {args.input}; give --format jsonl|csv|parquet")


def read(spark: SparkSession, args: argparse.Namespace):
    fmt = input_format(args)
    if fmt == "jsonl":
        return spark.read.json(args.input)
    if fmt == "csv":
        return spark.read.csv(args.input, header=True, multiLine=True, escape='"')
    return spark.read.parquet(args.input)


def resolve_partition(model: str, threads: int, min_pronoun_probability: float):
    """The mapInPandas function: (id, text) batches in, OUTPUT batches out."""

    def run(batches: Iterator["pandas.DataFrame"]) -> Iterator["pandas.DataFrame"]:  # noqa: F821
        import pandas as pd

        import corefer

        # One resolver per Python worker process, created by its first task and reused by the next.
        resolver = corefer.get_resolver(model, threads, min_pronoun_probability=min_pronoun_probability)
        for batch in batches:
            ids = batch["id"].astype(str).tolist()
            texts = batch["text"].tolist()
            rows = {name: [] for name in OUTPUT.fieldNames()}
            todo = [i for i, t in enumerate(texts) if isinstance(t, str)]
            results = dict(zip(todo, resolver.resolve_batch([texts[i] for i in todo], [ids[i] for i in todo], on_error="return")))
            for i, doc_id in enumerate(ids):
                result = results.get(i)
                rows["id"].append(doc_id)
                if isinstance(result, corefer.Resolution):
                    record = result.to_dict()
                    rows["clusters"].append(record["clusters"])
                    rows["resolved_text"].append(record["resolved_text"])
                    rows["edits"].append([{k: e[k] for k in EDIT.fieldNames()} for e in record["edits"]])
                    rows["error"].append(None)
                else:
                    rows["clusters"].append(None)
                    rows["resolved_text"].append(None)
                    rows["edits"].append(None)
                    rows["error"].append(str(result) if result is not None else "the text is missing (null)")
            yield pd.DataFrame(rows)

    return run


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    builder = SparkSession.builder.appName("corefer-resolve-corpus")
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_size))
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    df = read(spark, args)
    if args.text_column not in df.columns:
        sys.exit(f"{args.input} has no column {args.text_column!r} (columns: {', '.join(df.columns)})")
    ids = F.col(args.id_column).cast("string") if args.id_column in df.columns else F.monotonically_increasing_id().cast("string")
    df = df.select(ids.alias("id"), F.col(args.text_column).cast("string").alias("text"))
    if args.partitions:
        df = df.repartition(args.partitions)
    out = df.mapInPandas(resolve_partition(args.model, args.threads_per_worker, args.min_pronoun_probability), OUTPUT)
    out.write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
