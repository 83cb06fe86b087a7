#!/usr/bin/env python3
"""scour as a datatrove PipelineStep: each task streams its documents through one scour
process (`scour clean --format jsonl`), so the Rust pipeline runs at full speed and Python
only moves lines.

    from datatrove_step import ScourClean
    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), ScourClean("/abs/scour"), JsonlWriter("out/")],
                          tasks=16).run()

A writer thread feeds the documents in; the step reads records back in the same order (the
filter contract: one line in gives one record or one reject, in input order), so a record
is matched to its document by a sequence number sent as the id. A document with no record
was rejected: it is dropped and counted (`scour_rejected`); scour prints the reason on
stderr. Exit code 2 (fatal) raises, so the task fails and the executor reruns it.

Run as a script it cleans a JSONL folder with a local executor (needs `pip install datatrove`):
    python datatrove_step.py /abs/scour in_folder out_folder [tasks]
"""
import json
import subprocess
import sys
import threading
from collections import deque

from datatrove.pipeline.base import PipelineStep


class ScourClean(PipelineStep):
    name = "scour clean"
    type = "🧹 - CLEAN"

    def __init__(self, scour, threads=1, extra_args=()):
        super().__init__()
        self.command = [scour, "clean", "--quiet", "--format", "jsonl", "--threads", str(threads), *extra_args]

    def run(self, data, rank=0, world_size=1):
        proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={})
        pending = deque()
        failure = []

        def feed():
            try:
                for seq, doc in enumerate(data):
                    pending.append((str(seq), doc))
                    line = json.dumps({"id": str(seq), "text": doc.text}, ensure_ascii=False)
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            except BaseException as e:  # noqa: BLE001 - handed to the reading thread
                failure.append(e)
            finally:
                proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for line in proc.stdout:
            record = json.loads(line)
            seq, doc = pending.popleft()
            while seq != record["id"]:
                self.stat_update("scour_rejected")
                seq, doc = pending.popleft()
            doc.text = record["text"]
            if "title" in record:
                doc.metadata["title"] = record["title"]
            doc.metadata["scour"] = record["metadata"]["clean"]
            self.stat_update("scour_cleaned")
            yield doc
        writer.join()
        code = proc.wait()
        if failure:
            raise failure[0]
        for _ in pending:  # the last documents were rejected
            self.stat_update("scour_rejected")
        if code > 1:
            raise RuntimeError(f"scour exited with {code} on task {rank}")


if __name__ == "__main__":
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    scour, src, dst = sys.argv[1:4]
    tasks = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    LocalPipelineExecutor(
        pipeline=[JsonlReader(src), ScourClean(scour), JsonlWriter(dst)],
        tasks=tasks,
        logging_dir=f"{dst}/_logs",
    ).run()
