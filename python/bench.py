"""Throughput of scour in one Python process, on the same documents: in-process
``clean_batch``, a ``scour clean`` subprocess, and ``ftfy.fix_text``.

    python python/bench.py CORPUS.jsonl [--scour target/release/scour] [--ftfy-mb 4]

CORPUS.jsonl holds one ``{"text": ...}`` object per line (``gen_corpus --layout jsonl``;
``scripts/python-bench.sh`` makes one). Each figure is the best of three runs, in MB of
input text (UTF-8) per second. The CLI reads the same file (``--format jsonl``, so its
texts skip detection as ``str`` input does) and writes to /dev/null; ``clean_batch`` gets
the texts as a list of ``str`` and returns the records as dicts. ftfy runs on the first
documents up to ``--ftfy-mb`` MB (it is single-threaded).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time

import scour


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


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

    def cli(threads: int) -> float:
        cmd = [args.scour, "clean", "-q", "--format", "jsonl", "--threads", str(threads), args.corpus]
        return best_of(args.runs, lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True))

    rows = []
    for threads in (1, cores):
        batch = best_of(args.runs, lambda: scour.clean_batch(texts, threads=threads))
        rows.append((f"clean_batch, {threads} thread(s)", mb / batch))
        rows.append((f"scour clean subprocess, {threads} thread(s)", mb / cli(threads)))

    import ftfy

    sample, size = [], 0
    for t in texts:
        if size >= args.ftfy_mb * 1e6:
            break
        sample.append(t)
        size += len(t.encode("utf-8"))
    ftfy_time = best_of(1, lambda: [ftfy.fix_text(t) for t in sample])
    rows.append((f"ftfy.fix_text {ftfy.__version__}, 1 thread", size / 1e6 / ftfy_time))

    for name, rate in rows:
        print(f"{name:<40} {rate:9.2f} MB/s")
    by = dict(rows)
    one = by["clean_batch, 1 thread(s)"]
    ftfy_rate = rows[-1][1]
    print(f"clean_batch per core / ftfy: {one / ftfy_rate:.0f}x")
    for threads in sorted({1, cores}):
        ratio = by[f"clean_batch, {threads} thread(s)"] / by[f"scour clean subprocess, {threads} thread(s)"]
        print(f"clean_batch / CLI at {threads} thread(s): {ratio:.0%}")


if __name__ == "__main__":
    main()
