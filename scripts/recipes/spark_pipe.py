#!/usr/bin/env python3
"""scour under Apache Spark: `RDD.pipe` streams each partition's JSONL lines through one
scour process and keeps the records in partition order.

    spark-submit spark_pipe.py /abs/path/scour 'hdfs:///in/*/*.jsonl.gz' hdfs:///out
    python spark_pipe.py /abs/path/scour 'in/*/*.jsonl*' out     # local mode, with pyspark installed

What Spark needs from the filter, and how this recipe gives it:
- `pipe` starts the command with an empty environment (no PATH): the binary path is
  absolute, and scour assumes no PATH, LANG or HOME.
- `pipe` ignores the exit code unless `checkCode=True`. scour exits 1 when it rejected some
  documents (malformed lines: reported on the executor's stderr, the run goes on) and 2 on
  a fatal error; the `/bin/sh` wrapper lets 1 pass and fails the task on 2, so Spark retries it.
- The JVM's default charset must not mangle the UTF-8 lines: `-Dfile.encoding=UTF-8`.
- Records are single lines of UTF-8 with `\\n` ends, one per good input line, in order.
`metadata.path` is `-` (stdin) and `metadata.line` counts lines within the partition; give
documents an `id` field so records can be joined back.
"""
import os
import shlex
import sys

from pyspark.sql import SparkSession


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: spark_pipe.py /abs/path/scour INPUT_PATHS OUTPUT_DIR")
    scour, inputs, out = sys.argv[1:]
    if not os.path.isabs(scour):
        sys.exit("spark_pipe: the scour path must be absolute (pipe gives the child no PATH)")
    utf8 = "-Dfile.encoding=UTF-8"
    spark = (
        SparkSession.builder.appName("scour")
        .master(os.environ.get("SPARK_MASTER", "local[2]"))
        .config("spark.driver.extraJavaOptions", utf8)
        .config("spark.executor.extraJavaOptions", utf8)
        .getOrCreate()
    )
    sc = spark.sparkContext
    command = "/bin/sh -c " + shlex.quote(
        f"{shlex.quote(scour)} clean --format jsonl --threads 1; test $? -le 1"
    )
    lines = sc.textFile(inputs)  # comma-separated paths and Hadoop globs; .gz decoded by Hadoop
    cleaned = lines.pipe(command, env={}, checkCode=True)
    cleaned.saveAsTextFile(out)
    spark.stop()


if __name__ == "__main__":
    main()
