#!/usr/bin/env python3
"""scour under Ray Data: `map_batches` pipes each batch of documents through one scour
process and returns the cleaned rows (rejected documents are dropped; scour prints why on
the worker's stderr).

    python ray_map_batches.py /abs/path/scour 'in/*.jsonl' out/       # needs `pip install "ray[data]"`

The scour path is absolute and the child gets an empty environment, so workers with another
PATH or locale behave the same. Exit status 1 (some documents rejected) is fine; 2 raises and
Ray retries the task.
"""
import json
import subprocess
import sys


class ScourBatch:
    """A callable class: Ray keeps one per actor, reused across batches."""

    def __init__(self, scour):
        self.command = [scour, "clean", "--quiet", "--format", "jsonl", "--threads", "1"]

    def __call__(self, batch):
        ids = [str(i) for i in batch["id"]]
        lines = "".join(
            json.dumps({"id": i, "text": str(t)}, ensure_ascii=False) + "\n"
            for i, t in zip(ids, batch["text"])
        )
        proc = subprocess.run(self.command, input=lines.encode("utf-8"), capture_output=True, env={})
        if proc.returncode > 1:
            raise RuntimeError(f"scour failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
        out = {"id": [], "title": [], "text": []}
        for line in proc.stdout.splitlines():  # bytes: split on \n only
            record = json.loads(line)
            out["id"].append(record["id"])
            out["title"].append(record.get("title", ""))
            out["text"].append(record["text"])
        return out


def main():
    import ray

    scour, src, dst = sys.argv[1:4]
    ds = ray.data.read_json(src)
    # num_cpus=0.5: the actor only waits on scour; leave CPUs for the read tasks.
    cleaned = ds.map_batches(ScourBatch, fn_constructor_args=(scour,), concurrency=2, num_cpus=0.5,
                             batch_size=1024, batch_format="numpy")
    cleaned.write_json(dst)


if __name__ == "__main__":
    main()
