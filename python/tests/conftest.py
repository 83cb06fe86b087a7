"""Shared helpers: the scour CLI (SCOUR_BIN, set by scripts/python-test.sh) and the golden
fixture cases of the repository (fixtures/*/, folders with expected.jsonl)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
# The files of a case that are not inputs (as `scour check` reads a case).
NOT_INPUTS = {"expected.jsonl", "expected-rejects.jsonl", "args", "README.md"}


def scour_bin() -> str:
    found = os.environ.get("SCOUR_BIN") or shutil.which("scour")
    if not found:
        pytest.fail("set SCOUR_BIN to the scour binary (scripts/python-test.sh does)")
    return found


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([scour_bin(), *args], input=stdin, capture_output=True, check=False)


def cli_records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines() if line]


def golden_cases() -> list[Path]:
    return sorted(p.parent for p in FIXTURES.rglob("expected.jsonl"))


def case_args(case: Path) -> list[str]:
    """The case's `args` file: one argument per line, `#` starts a comment."""
    path = case / "args"
    if not path.exists():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        words.append(line)
    return words


# Flags that say how a file is split into documents and how a JSONL record keeps its input's
# shape: a text handed to Python is one document with neither.
READING_FLAGS = {"--format", "--lines", "--text-field", "--id-field", "--title-field", "--id-from", "--layout"}


def split_reading_args(words: list[str]) -> tuple[list[str], dict]:
    """A case's args without the reading flags (all of which take a value), and those as
    options (`--text-field X` → text_field=X)."""
    rest, reading = [], {}
    i = 0
    while i < len(words):
        flag, eq, value = words[i].partition("=")
        if flag in READING_FLAGS:
            if not eq:
                i += 1
                value = words[i]
            reading[flag[2:].replace("-", "_")] = value
        else:
            rest.append(words[i])
        i += 1
    return rest, reading


def options_from_args(words: list[str]) -> dict:
    """Command-line words as keyword options: `--tag-pattern X` → tag_pattern=[X]
    (values of a flag given twice add up), `--strip-boilerplate` → strip_boilerplate=True."""
    options: dict = {}
    i = 0
    while i < len(words):
        word = words[i]
        assert word.startswith("--"), f"not a flag: {word!r}"
        name = word[2:].replace("-", "_")
        if "=" in name:
            name, value = name.split("=", 1)
            i += 1
        elif i + 1 < len(words) and not words[i + 1].startswith("--"):
            value = words[i + 1]
            i += 2
        else:
            options[name] = True
            i += 1
            continue
        if name in options:
            previous = options[name]
            options[name] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            options[name] = value
    return options
