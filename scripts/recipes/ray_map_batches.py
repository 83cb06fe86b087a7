#!/usr/bin/env python3
"""scour under Ray Data, in-process: `map_batches` cleans each batch with the scour package
(`pip install ./python`), its GIL released while it cleans.

    python ray_map_batches.py 'in/*.jsonl' out/       # needs `pip install "ray[data]"` and scour

Each row keeps its id and gets the cleaned text, the title scour found ("" when none) and
the report as a JSON string (`scour`). A row scour cannot clean keeps its text, and its
`scour` column holds `{"rejected": {"kind", "reason"}}`.
"""
import json
import sys


class ScourBatch:
    """A callable class: Ray keeps one per actor, with its options checked once."""

    def __init__(self, **options):
        import scour

        self.cleaner = scour.Cleaner(**options)

    def __call__(self, batch):
        texts = [str(t) for t in batch["text"]]
        records = self.cleaner.clean_batch(texts, threads=1)
        out = {"id": [str(i) for i in batch["id"]], "title": [], "text": [], "scour": []}
        for text, record in zip(texts, records):
            if "rejected" in record:
                out["title"].append("")
                out["text"].append(text)
                out["scour"].append(json.dumps(record, ensure_ascii=False))
                continue
            out["title"].append(record.get("title", ""))
            out["text"].append(record["text"])
            out["scour"].append(json.dumps(record["metadata"], ensure_ascii=False))
        return out


def main():
    import ray

    src, dst = sys.argv[1:3]
    ds = ray.data.read_json(src)
    # num_cpus=0.5: on a 2-core machine two whole-CPU actors left none for the read tasks
    # and the run hung; each actor cleans on one thread (threads=1 above).
    cleaned = ds.map_batches(ScourBatch, concurrency=2, num_cpus=0.5, batch_size=1024, batch_format="numpy")
    cleaned.write_json(dst)


if __name__ == "__main__":
    main()
