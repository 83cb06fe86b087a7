"""`clean_batch` builds each record as dicts straight from the cleaned document, not from
the CLI's JSON: on many generated documents (GEN_CORPUS, the `gen_corpus` example that
scripts/python-test.sh builds) its records equal the CLI's, key order included, with
and without the options that add keys (`explain` gives examples, boilerplate lines,
titles)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import scour

from conftest import cli_records, run_cli


def gen_corpus(out: Path, seed: int, docs: int) -> list[Path]:
    found = os.environ.get("GEN_CORPUS")
    if not found:
        pytest.fail("set GEN_CORPUS to the gen_corpus example (scripts/python-test.sh does)")
    mix = "clean=40,cp1252=12,utf16=12,mojibake=12,crlf=12,nfd=12"
    subprocess.run([found, "--seed", str(seed), "--docs", str(docs), "--out", str(out), "--layout", "files",
                    "--mix", mix], check=True, capture_output=True)
    return sorted((out / "files").iterdir())


@pytest.mark.parametrize(("args", "reached"), [
    ([], {"title", "changes", "removed"}),
    (["--explain", "--strip-boilerplate"], {"title", "example"}),
    (["--no-title", "--uncurl-quotes"], {"changes"}),
], ids=["defaults", "explain", "no-title"])
def test_batch_records_equal_the_cli_records_on_generated_documents(args: list[str], reached: set[str],
                                                                     tmp_path: Path):
    files = gen_corpus(tmp_path / "corpus", seed=7, docs=300)
    assert len(files) == 300
    done = run_cli("clean", "-q", "--threads", "1", "--format", "text", *args, *map(str, files))
    assert done.returncode == 0, done.stderr.decode()
    by_path = {r["metadata"]["path"]: r for r in cli_records(done.stdout)}
    options = {a[2:].replace("-", "_"): True for a in args}
    records = scour.clean_batch([f.read_bytes() for f in files], threads=2, **options)
    keys = set()
    for path, record in zip(files, records):
        expected = by_path[str(path)]
        record["id"] = expected["id"]
        record["metadata"]["path"] = expected["metadata"]["path"]
        assert json.dumps(record, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False), path
        clean = record["metadata"]["clean"]
        keys |= set(record) | set(clean) | {k for change in clean["changes"] for k in change}
    # The documents reach the keys that are there only sometimes.
    assert reached <= keys, keys


def test_str_records_equal_the_cli_records_and_share_the_input_str(tmp_path: Path):
    # A text handed over as str comes back as that str when cleaning leaves it unchanged,
    # as a slice of it when cleaning only took lines off its ends, else decoded anew: all
    # three equal the CLI's record of the same text read from JSONL (text, title, report).
    found = os.environ.get("GEN_CORPUS")
    if not found:
        pytest.fail("set GEN_CORPUS to the gen_corpus example (scripts/python-test.sh does)")
    out = tmp_path / "corpus"
    subprocess.run([found, "--seed", "11", "--docs", "300", "--out", str(out), "--layout", "jsonl"],
                   check=True, capture_output=True)
    corpus = out / "corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    # Texts cleaning leaves as they are, and one with a line only cleaning takes off.
    texts += ["Ein sauberer Satz über Köln.\nNoch einer.", "Überschrift\n\nÜberschrift\nDer Text über Köln."]
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    done = run_cli("clean", "-q", "--threads", "1", "--format", "jsonl", "-", stdin=lines.encode("utf-8"))
    assert done.returncode == 0, done.stderr.decode()
    expected = cli_records(done.stdout)
    records = scour.clean_batch(texts, threads=2)
    assert len(records) == len(expected) == len(texts)
    ways = {"same": 0, "slice": 0, "new": 0}
    for text, record, cli in zip(texts, records, expected):
        # A JSONL line's record says where it came from and its site tag inside its report
        # (its own metadata is the line's); a str has no origin.
        report = {k: v for k, v in record["metadata"].items() if k not in ("path", "clean")}
        report |= record["metadata"]["clean"]
        del cli["metadata"]["clean"]["path"], cli["metadata"]["clean"]["line"]
        assert record["text"] == cli["text"] and record.get("title") == cli.get("title"), text[:60]
        assert report == cli["metadata"]["clean"], text[:60]
        cleaned = record["text"]
        ways["same" if cleaned is text else "slice" if cleaned in text else "new"] += 1
    assert all(ways.values()), ways
