"""Throughput of scour in one Python process, on the same documents: in-process
``clean_batch`` and ``clean_arrow``, a ``scour clean`` subprocess, and ``ftfy.fix_text``.

    python python/bench.py CORPUS.jsonl [--scour target/release/scour] [--ftfy-mb 4]

CORPUS.jsonl holds one ``{"text": ...}`` object per line (``gen_corpus --layout jsonl``;
``scripts/python-bench.sh`` makes one). Each figure is the best of three runs, in MB of
input text (UTF-8) per second. The CLI reads the same file (``--format jsonl``, so its
texts skip detection as ``str`` input does) and writes to /dev/null; ``clean_batch`` gets
the texts as a list of ``str`` and returns the records as dicts; ``clean_arrow`` gets them
as the string column of a pyarrow Table (made before the clock starts: an Arrow user has
the table already; a row gives what making it from the ``str`` costs) and returns a
Table. ftfy runs on the first
documents up to ``--ftfy-mb`` MB (it is single-threaded). Each row gives MB per second of
wall-clock time and MB per CPU-second (the process's threads and its children's), which a
shared machine disturbs less. A last row gives what Python's own UTF-8 encoding of the
texts and decoding of as many bytes cost: a floor under ``clean_batch`` on ``str``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

# The script's folder holds the package's sources without the built extension: import the
# installed package instead.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]

import scour  # noqa: E402


def best_of(runs: int, fn) -> tuple[float, float]:
    """The best wall-clock time and the best CPU time (this process's threads and its
    children's) of `runs` calls of `fn`."""
    wall = cpu = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu + children)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--scour", default="target/release/scour")
    parser.add_argument("--ftfy-mb", type=float, default=4.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cores = os.cpu_count() or 1
    print(f"{len(texts)} documents, {mb:.1f} MB of text, {cores} cores, scour {scour.__version__}")

    def cli(threads: int):
        cmd = [args.scour, "clean", "-q", "--format", "jsonl", "--threads", str(threads), args.corpus]
        return best_of(args.runs, lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True))

    import pyarrow as pa

    table = pa.table({"text": pa.array(texts, pa.string())})
    table_wall, table_cpu = best_of(args.runs, lambda: pa.table({"text": pa.array(texts, pa.string())}))

    rows = {}
    for threads in sorted({1, cores}):
        rows[("clean_batch", threads)] = best_of(args.runs, lambda: scour.clean_batch(texts, threads=threads))
        rows[("clean_arrow", threads)] = best_of(args.runs, lambda: scour.clean_arrow(table, threads=threads))
        rows[("scour clean subprocess", threads)] = cli(threads)

    # What Python's own codecs cost on these texts: every str crosses as UTF-8 and every
    # cleaned text comes back through UTF-8, a floor under clean_batch that the CLI does not pay.
    encoded = [t.encode("utf-8") for t in texts]
    codec_wall, codec_cpu = best_of(args.runs, lambda: [t.encode("utf-8") for t in texts])
    decode_wall, decode_cpu = best_of(args.runs, lambda: [b.decode("utf-8") for b in encoded])
    del encoded

    import ftfy

    sample, size = [], 0
    for t in texts:
        if size >= args.ftfy_mb * 1e6:
            break
        sample.append(t)
        size += len(t.encode("utf-8"))
    ftfy_wall, ftfy_cpu = best_of(1, lambda: [ftfy.fix_text(t) for t in sample])
    ftfy_mb = size / 1e6

    print(f"{'':<40} {'wall MB/s':>10} {'MB per CPU-s':>13}")
    for (name, threads), (wall, cpu) in rows.items():
        print(f"{name + f', {threads} thread(s)':<40} {mb / wall:10.1f} {mb / cpu:13.1f}")
    print(f"{f'ftfy.fix_text {ftfy.__version__}, 1 thread':<40} {ftfy_mb / ftfy_wall:10.2f} {ftfy_mb / ftfy_cpu:13.2f}")
    print(f"{'str → UTF-8 → str of the texts (Python)':<40} {mb / (codec_wall + decode_wall):10.1f}"
          f" {mb / (codec_cpu + decode_cpu):13.1f}")
    print(f"{f'pa.table of the str texts (pyarrow {pa.__version__})':<40} {mb / table_wall:10.1f} {mb / table_cpu:13.1f}")
    for name in ("clean_batch", "clean_arrow"):
        per_core = mb / rows[(name, 1)][1]
        print(f"{name} per core / ftfy (CPU time): {per_core / (ftfy_mb / ftfy_cpu):.0f}x")
    for name in ("clean_batch", "clean_arrow"):
        for threads in sorted({1, cores}):
            wall = rows[("scour clean subprocess", threads)][0] / rows[(name, threads)][0]
            cpu = rows[("scour clean subprocess", threads)][1] / rows[(name, threads)][1]
            print(f"{name} / CLI throughput at {threads} thread(s): {wall:.0%} (wall clock), {cpu:.0%} (per CPU-second)")


if __name__ == "__main__":
    main()
