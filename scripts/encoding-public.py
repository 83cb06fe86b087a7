"""Run chardet and charset-normalizer on the public encoding sets and print their answers.

Usage: encoding-public.py PUBLIC_DIR > answers.tsv

PUBLIC_DIR holds `char-dataset/` (the Ousret/char-dataset repository) and `uchardet/test/`
(the uchardet repository's test folder); BENCHMARKS.md says how to get them. Each file is detected whole and
as its first 256 bytes. One line per answer:

    detector<TAB>kind<TAB>relative path<TAB>encoding name (or "None")

and one line per detector with the CPU time it took on the whole files (best of three):

    #time<TAB>detector<TAB>seconds<TAB>files

`examples/encoding_eval.rs --public DIR --others answers.tsv` judges the answers, with the
same rule as scour's own (the guessed encoding decodes the bytes to the labelled text).
"""

import os
import sys
import time

import chardet
import charset_normalizer


def files(root):
    out = []
    for base in ("char-dataset", "uchardet/test"):
        top = os.path.join(root, base)
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root)
                if base == "char-dataset" and rel.count(os.sep) < 2:
                    continue  # README and the like
                if base == "uchardet/test" and (
                    not name.endswith(".txt") or rel.count(os.sep) < 3
                ):
                    continue  # CMakeLists.txt and the test program
                out.append(rel)
    return sorted(out)


def with_chardet(data):
    return chardet.detect(data)["encoding"]


def with_normalizer(data):
    best = charset_normalizer.from_bytes(data).best()
    return best.encoding if best is not None else None


def main():
    root = sys.argv[1]
    rels = files(root)
    blobs = {rel: open(os.path.join(root, rel), "rb").read() for rel in rels}
    for name, detect in (("chardet", with_chardet), ("charset-normalizer", with_normalizer)):
        answers = {}
        elapsed = float("inf")
        for _ in range(3):
            started = time.process_time()
            for rel in rels:
                answers[rel] = detect(blobs[rel])
            elapsed = min(elapsed, time.process_time() - started)
        for rel in rels:
            print(f"{name}\twhole\t{rel}\t{answers[rel]}")
        print(f"#time\t{name}\t{elapsed:.6f}\t{len(rels)}")
        for rel in rels:
            print(f"{name}\tprefix\t{rel}\t{detect(blobs[rel][:256])}")


main()
