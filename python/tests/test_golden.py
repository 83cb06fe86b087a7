"""The Python record equals the CLI's for every golden fixture case, with the case's args.

Each input of a case is cleaned by `scour clean --format text` and by `scour.clean` on the
same bytes; the texts of JSONL and JSON inputs are written out as text files first (the CLI
shapes JSONL records after their input, a text given to Python has no such input). A
document handed over in memory has neither a name nor a path: its `id` and
`metadata.path` are empty, and are the only keys set from the CLI's before comparing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scour

from conftest import NOT_INPUTS, case_args, cli_records, golden_cases, options_from_args, run_cli, split_reading_args


def field(item, path: str):
    """The value at a dotted field path (`content.body`), or None."""
    for name in path.split("."):
        if not isinstance(item, dict):
            return None
        item = item.get(name)
    return item


def texts_of(path: Path, text_field: str) -> list[str]:
    """The text fields (`text_field`, a dotted path) of a JSONL file (each line an object)
    or a JSON array."""
    raw = path.read_bytes().decode("utf-8-sig")
    if path.suffix == ".json":
        items = json.loads(raw)
        items = items if isinstance(items, list) else [items]
    else:
        items = []
        for line in raw.splitlines():
            try:
                items.append(json.loads(line))
            except ValueError:
                continue  # a malformed line is a reject of the JSONL reader, not a text
    return [t for t in (field(i, text_field) for i in items) if isinstance(t, str)]


def inputs_of(case: Path, scratch: Path, text_field: str = "text") -> list[Path]:
    """The case's inputs as files of one document each."""
    files = []
    for path in sorted(p for p in case.iterdir() if p.is_file() and p.name not in NOT_INPUTS):
        if path.suffix in (".jsonl", ".json"):
            for n, text in enumerate(texts_of(path, text_field)):
                out = scratch / f"{path.stem}-{n}.txt"
                out.write_bytes(text.encode("utf-8"))
                files.append(out)
        else:
            files.append(path)
    return files


CASES = golden_cases()


def test_there_are_golden_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(c.parents[1])) for c in CASES])
def test_python_record_equals_the_cli_record(case: Path, tmp_path: Path):
    args, reading = split_reading_args(case_args(case))
    options = options_from_args(args)
    inputs = inputs_of(case, tmp_path, reading.get("text_field", "text"))
    assert inputs, f"{case}: no input"
    rejects = tmp_path / "rejects.jsonl"
    done = run_cli("clean", "-q", "--threads", "1", "--format", "text", "--rejects", str(rejects), *args,
                   *map(str, inputs))
    assert done.returncode in (0, 1), done.stderr.decode()
    by_path = {r["metadata"]["path"]: r for r in cli_records(done.stdout)}
    rejected = {r["path"]: r for r in cli_records(rejects.read_bytes())}
    assert len(by_path) + len(rejected) == len(inputs)
    cleaner = scour.Cleaner(**options)
    for path in inputs:
        data = path.read_bytes()
        if str(path) in rejected:
            expected = rejected[str(path)]
            with pytest.raises(scour.RejectedError) as err:
                scour.clean(data, **options)
            assert (err.value.kind, err.value.reason) == (expected["kind"], expected["reason"])
            continue
        expected = by_path[str(path)]
        record = scour.clean(data, **options)
        assert record == cleaner.clean(data)
        assert record["id"] == "" and record["metadata"]["path"] == ""
        record["id"] = expected["id"]
        record["metadata"]["path"] = expected["metadata"]["path"]
        # Key order too: the same JSON text.
        assert json.dumps(record, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False), path


def test_reading_flags_pick_the_texts_and_do_not_reach_python():
    assert split_reading_args(["--text-field", "a.b", "--explain", "--layout=nested", "--id-field", "c"]) == (
        ["--explain"], {"text_field": "a.b", "layout": "nested", "id_field": "c"})
    assert field({"a": {"b": "t"}}, "a.b") == "t"
    assert field({"a": "x"}, "a.b") is None


def test_options_from_args_follow_the_command_line():
    assert options_from_args(["--tag-pattern", "a", "--strip-boilerplate", "--tag-pattern", "b"]) == {
        "tag_pattern": ["a", "b"],
        "strip_boilerplate": True,
    }


def test_every_case_with_args_changes_something():
    """A case's args must reach Python: cleaning without them gives another record."""
    for case in CASES:
        args, _ = split_reading_args(case_args(case))
        if not args:
            continue
        options = options_from_args(args)
        differs = False
        for path in sorted(p for p in case.iterdir() if p.is_file() and p.name not in NOT_INPUTS):
            data = path.read_bytes()
            try:
                differs |= scour.clean(data, **options) != scour.clean(data)
            except scour.RejectedError:
                continue
        assert differs, f"{case}: its args change nothing"
