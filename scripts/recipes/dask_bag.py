#!/usr/bin/env python3
"""scour under Dask: a bag of shard indices, each mapped to one `scour clean --shard I/N`.

    python dask_bag.py SCOUR GLOB OUT_DIR [SHARDS] [--address tcp://scheduler:8786]

Without --address the bag runs on the local threaded scheduler (the work happens in the
scour processes, so threads are enough); with it, on a dask.distributed cluster whose
workers see the same file system. scour gets an empty environment (`env={}`) and an
absolute path, as it would on a worker with a different PATH. Exit status 1 from scour means
some documents were rejected (OUT/_rejects/I.jsonl); 2 is a failure and raises, so Dask
reports it (and a rerun redoes only the shards without OUT/_completions/I).
"""
import argparse
import os
import subprocess

import dask.bag as db


def run_shard(index, shards, scour, pattern, out):
    cmd = [scour, "clean", "--quiet", "--threads", "1", "--input", pattern,
           "--output-dir", out, "--shard", f"{index}/{shards}"]
    proc = subprocess.run(cmd, env={}, capture_output=True)
    if proc.returncode > 1:
        raise RuntimeError(f"shard {index}/{shards}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    return index, proc.returncode


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scour")
    p.add_argument("pattern")
    p.add_argument("out")
    p.add_argument("shards", type=int, nargs="?", default=8)
    p.add_argument("--address")
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args()
    scour = os.path.abspath(a.scour)
    bag = db.from_sequence(range(a.shards), npartitions=a.shards).map(
        run_shard, a.shards, scour, a.pattern, os.path.abspath(a.out))
    if a.address:
        from dask.distributed import Client
        with Client(a.address):
            results = bag.compute()
    else:
        results = bag.compute(scheduler="threads", num_workers=a.workers)
    missing = [i for i in range(a.shards) if not os.path.exists(os.path.join(a.out, "_completions", str(i)))]
    rejected = sum(1 for _, code in results if code == 1)
    print(f"dask: {len(results)} shards run, {rejected} with rejects, {len(missing)} incomplete")
    raise SystemExit(1 if missing else 0)


if __name__ == "__main__":
    main()
