#!/usr/bin/env python3
"""scour in a datatrove pipeline, in-process: the package's step, `scour.datatrove.ScourClean`
(`pip install ./python`), cleans each task's documents in batches with the GIL released.

    from scour.datatrove import ScourClean
    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), ScourClean(threads=1), JsonlWriter("out/")],
                          tasks=16).run()

Each document keeps its id; its text is cleaned (a title scour finds goes back on top,
followed by a blank line), and the report goes to `doc.metadata["scour"]` (with `title`).
A document scour cannot clean passes on unchanged and is counted (`rejected: KIND`).
With several tasks on one machine, give each `threads=cores // tasks`.

Run as a script it cleans a JSONL folder with a local executor (needs datatrove, orjson
and the scour package):
    python datatrove_step.py in_folder out_folder [tasks]
"""
import os
import sys

if __name__ == "__main__":
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from scour.datatrove import ScourClean

    src, dst = sys.argv[1:3]
    tasks = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    threads = max(1, (os.cpu_count() or 1) // tasks)
    LocalPipelineExecutor(
        pipeline=[JsonlReader(src), ScourClean(threads=threads), JsonlWriter(dst)],
        tasks=tasks,
        logging_dir=f"{dst}/_logs",
    ).run()
