#!/usr/bin/env python3
"""Write a small, dirty, deterministic corpus for the recipes: JSONL (plain and gzip) and
text files in nested folders, with NBSPs, CRLFs, mojibake, duplicated headings, site tags
and a few malformed lines (rejects).

usage: make_corpus.py OUT_DIR [DOCS] [FILES]
"""
import gzip
import json
import os
import sys

out = sys.argv[1]
docs = int(sys.argv[2]) if len(sys.argv) > 2 else 600
files = int(sys.argv[3]) if len(sys.argv) > 3 else 12

TITLES = ["Grüße aus Köln", "Straßenbahn fährt wieder", "Übersicht zur Wahl"]
FOLDED = ["Gruesse aus Koeln", "Strassenbahn faehrt wieder", "Uebersicht zur Wahl"]


def text(i):
    t = i % 3
    body = f"Absatz {i}:\u00a0Die Unterst\u00c3\u00bctzung w\u00e4chst.\r\nZweite Zeile\u200b mit Text.  "
    return f"{TITLES[t]}\n\n{FOLDED[t]}\n{body}\n\nnews-lokales\n"


per_file = docs // files
n = 0
for f in range(files):
    folder = os.path.join(out, f"part{f % 3}", "sub" if f % 2 else "")
    os.makedirs(folder, exist_ok=True)
    kind = f % 4
    if kind == 3:
        # Text files: one document each.
        for j in range(per_file):
            with open(os.path.join(folder, f"doc{f:02d}_{j:03d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(text(n))
            n += 1
        continue
    lines = []
    for j in range(per_file):
        if n % 97 == 13:
            lines.append('{"id": "broken-%d", "text": ' % n)  # malformed: a reject
        else:
            lines.append(json.dumps({"id": f"doc-{n}", "text": text(n), "url": f"https://example.org/{n}"}, ensure_ascii=False))
        n += 1
    data = ("\n".join(lines) + "\n").encode("utf-8")
    name = os.path.join(folder, f"file{f:02d}.jsonl")
    if kind == 1:
        with open(name + ".gz", "wb") as fh:
            # mtime=0: the same corpus gives the same bytes
            fh.write(gzip.compress(data, mtime=0))
    else:
        with open(name, "wb") as fh:
            fh.write(data)
print(f"make_corpus: {n} documents in {out}", file=sys.stderr)
