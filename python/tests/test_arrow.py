"""`clean_arrow`: Arrow tables in and out. Its output equals what `scour clean` writes for
the same table as Parquet (`scour clean in.parquet -o out.parquet`), column for column, on
the golden fixtures and on generated documents; other columns come through with their
types and nulls; rejected rows are left out and named in `rejects`; any object of the Arrow
PyCapsule interface is read; the thread count changes nothing."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import scour

from conftest import case_args, golden_cases, options_from_args, run_cli, split_reading_args
from test_golden import inputs_of

SCOUR_COLUMNS = ["title", "clean"]


def cli_parquet(table: pa.Table, tmp_path: Path, args: list[str] = ()) -> tuple[pa.Table, list[dict]]:
    """The table `scour clean` writes for `table` written as Parquet, and its rejects."""
    src, out, rejects = tmp_path / "in.parquet", tmp_path / "out.parquet", tmp_path / "rejects.jsonl"
    pq.write_table(table, src)
    done = run_cli("clean", "-q", "--threads", "1", "--rejects", str(rejects), *args, str(src), "-o", str(out))
    assert done.returncode in (0, 1), done.stderr.decode()
    lines = rejects.read_text(encoding="utf-8").splitlines() if rejects.exists() else []
    return pq.read_table(out), [json.loads(line) for line in lines]


def assert_same_table(got: pa.Table, expected: pa.Table, text: str = "text"):
    """The same columns, values and (for scour's columns) types. Types of the columns
    carried over are checked against the input itself: a Parquet file may name a list's
    item otherwise."""
    assert got.schema.names == expected.schema.names
    for name in expected.schema.names:
        if name in (text, *SCOUR_COLUMNS):
            assert got.schema.field(name).type == expected.schema.field(name).type, name
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name


def generated_texts(tmp_path: Path, seed: int = 5, docs: int = 300) -> list[str]:
    found = os.environ.get("GEN_CORPUS")
    if not found:
        pytest.fail("set GEN_CORPUS to the gen_corpus example (scripts/python-test.sh does)")
    out = tmp_path / "corpus"
    subprocess.run([found, "--seed", str(seed), "--docs", str(docs), "--out", str(out), "--layout", "jsonl"],
                   check=True, capture_output=True)
    lines = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


def with_other_columns(texts: list) -> pa.Table:
    """`texts` and columns of other types beside them: int64 with nulls, a list, a struct,
    a timestamp."""
    n = len(texts)
    start = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.timezone.utc)
    return pa.table({
        "n": pa.array([None if i % 7 == 3 else i for i in range(n)], pa.int64()),
        "text": pa.array(texts, pa.string()),
        "tags": pa.array([[f"t{i}", "x"][: i % 3] for i in range(n)], pa.list_(pa.string())),
        "meta": pa.array([{"source": f"s{i % 4}", "score": i / 2} for i in range(n)],
                         pa.struct([("source", pa.string()), ("score", pa.float64())])),
        "at": pa.array([start + datetime.timedelta(minutes=i) for i in range(n)], pa.timestamp("us", tz="UTC")),
    })


CASES = golden_cases()


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(c.parents[1])) for c in CASES])
def test_arrow_output_equals_the_cli_parquet_output_on_golden_fixtures(case: Path, tmp_path: Path):
    # Each input of a case as the bytes of one row of a binary column (decoded as a file
    # is), with its name beside it.
    args, reading = split_reading_args(case_args(case))
    inputs = inputs_of(case, tmp_path, reading.get("text_field", "text"))
    table = pa.table({
        "name": pa.array([p.name for p in inputs], pa.string()),
        "text": pa.array([p.read_bytes() for p in inputs], pa.binary()),
    })
    expected, cli_rejects = cli_parquet(table, tmp_path, args)
    rejects: list = []
    got = scour.clean_arrow(table, rejects=rejects, **options_from_args(args))
    assert isinstance(got, pa.Table)
    assert got.schema.names == ["name", "text", *SCOUR_COLUMNS]
    assert got.schema.field("text").type == pa.string()
    assert_same_table(got, expected)
    # The same rows rejected, for the same reasons (the CLI counts rows from 1).
    assert [(r["row"] + 1, r["kind"], r["reason"]) for r in rejects] == [
        (r["line"], r["kind"], r["reason"]) for r in cli_rejects]


@pytest.mark.parametrize("args", [[], ["--explain", "--strip-boilerplate"], ["--no-title", "--uncurl-quotes"]],
                         ids=["defaults", "explain", "no-title"])
def test_arrow_output_equals_the_cli_parquet_output_on_generated_documents(args: list[str], tmp_path: Path):
    texts = generated_texts(tmp_path)
    table = with_other_columns(texts)
    expected, cli_rejects = cli_parquet(table, tmp_path, args)
    got = scour.clean_arrow(table, **options_from_args(args))
    assert cli_rejects == []
    assert_same_table(got, expected)
    # The columns carried over are the input's, types, values and nulls.
    for name in ("n", "tags", "meta", "at"):
        assert got.column(name).equals(table.column(name)), name
    assert got.column("n").null_count == table.column("n").null_count > 0


def test_arrow_text_title_and_report_equal_clean_batch_records(tmp_path: Path):
    texts = generated_texts(tmp_path, seed=9, docs=200)
    got = scour.clean_arrow(pa.table({"text": texts}), explain=True)
    records = scour.clean_batch(texts, explain=True)
    assert got.column("text").to_pylist() == [r["text"] for r in records]
    assert got.column("title").to_pylist() == [r.get("title") for r in records]
    for cell, record in zip(got.column("clean").to_pylist(), records):
        metadata = record["metadata"]
        report = {k: metadata[k] for k in ("site_tag", "site", "section") if k in metadata}
        # A string column's text is taken as it is, like a str; the report names where it
        # came from as the Parquet output does.
        report |= metadata["clean"] | {"detected_by": "parquet"}
        assert json.loads(cell) == report
        assert list(json.loads(cell)) == list(report)


def test_thread_count_changes_nothing(tmp_path: Path):
    table = with_other_columns(generated_texts(tmp_path, seed=3, docs=400))
    # Small batches and large ones: several slices are cleaned side by side.
    batches = pa.Table.from_batches(table.to_batches(max_chunksize=37))
    one = scour.clean_arrow(table, threads=1)
    for threads in (2, 4, None):
        assert scour.clean_arrow(table, threads=threads).equals(one)
        assert scour.clean_arrow(batches, threads=threads).combine_chunks().equals(one.combine_chunks())


def test_null_texts_are_left_out_and_named_in_rejects(tmp_path: Path):
    texts = ["Die GrÃ¼ÃŸe kamen an.", None, "Ein Satz.", None, "x" * 300]
    table = pa.table({"text": texts, "n": pa.array([0, 1, None, 3, 4], pa.int64())})
    rejects: list = []
    got = scour.clean_arrow(table, rejects=rejects, max_doc_bytes=200)
    assert got.column("text").to_pylist() == ["Die Grüße kamen an.", "Ein Satz."]
    assert got.column("n").to_pylist() == [0, None]
    assert [(r["row"], r["kind"]) for r in rejects] == [(1, "no_text"), (3, "no_text"), (4, "too_large")]
    assert rejects[0]["reason"] == "no text: column `text` is null"
    expected, cli_rejects = cli_parquet(table, tmp_path, ["--max-doc-bytes", "200"])
    assert_same_table(got, expected)
    assert [(r["row"] + 1, r["kind"], r["reason"]) for r in rejects] == [
        (r["line"], r["kind"], r["reason"]) for r in cli_rejects]
    # Without a list the rows are left out all the same.
    assert scour.clean_arrow(table, max_doc_bytes=200).equals(got)


def test_rejected_rows_are_counted_across_the_batches_of_a_stream():
    schema = pa.schema([("text", pa.string())])
    batches = [pa.record_batch([pa.array(["Ein Satz.", None])], schema=schema),
               pa.record_batch([pa.array([None, "Noch ein Satz.", None])], schema=schema)]
    rejects: list = []
    got = scour.clean_arrow(pa.RecordBatchReader.from_batches(schema, iter(batches)), rejects=rejects)
    assert got.column("text").to_pylist() == ["Ein Satz.", "Noch ein Satz."]
    assert [r["row"] for r in rejects] == [1, 2, 4]


class StreamOnly:
    """An object with the Arrow stream capsule and nothing else of pyarrow."""

    def __init__(self, table: pa.Table):
        self.table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self.table.__arrow_c_stream__(requested_schema)


class ArrayOnly:
    """An object with the Arrow array capsules (a record batch) and nothing else."""

    def __init__(self, batch: pa.RecordBatch):
        self.batch = batch

    def __arrow_c_array__(self, requested_schema=None):
        return self.batch.__arrow_c_array__(requested_schema)


def test_every_kind_of_arrow_input_gives_the_same_table(tmp_path: Path):
    table = with_other_columns(generated_texts(tmp_path, seed=4, docs=60))
    expected = scour.clean_arrow(table)
    batch = table.combine_chunks().to_batches()[0]
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=16))
    for data in (batch, reader, StreamOnly(table), ArrayOnly(batch)):
        assert scour.clean_arrow(data).combine_chunks().equals(expected.combine_chunks()), type(data)


def test_text_columns_of_every_width_and_bytes():
    texts = ["Die GrÃ¼ÃŸe kamen an.", "Ein Satz."]
    expected = ["Die Grüße kamen an.", "Ein Satz."]
    for given, out in [(pa.string(), pa.string()), (pa.large_string(), pa.large_string()),
                       (pa.string_view(), pa.string_view()), (pa.binary(), pa.string()),
                       (pa.large_binary(), pa.large_string())]:
        data = [t.encode("utf-8") for t in texts] if pa.types.is_binary(given) or pa.types.is_large_binary(given) \
            else texts
        got = scour.clean_arrow(pa.table({"text": pa.array(data, given)}))
        assert got.schema.field("text").type == out, given
        assert got.column("text").to_pylist() == expected, given
    # Bytes are detected and decoded as a file is.
    got = scour.clean_arrow(pa.table({"text": pa.array(["Grüße".encode("cp1252")], pa.binary())}))
    assert got.column("text").to_pylist() == ["Grüße"]
    assert json.loads(got.column("clean")[0].as_py())["encoding"] == "windows-1252"


def test_a_title_column_is_the_given_title_and_names_are_not_taken():
    table = pa.table({"text": ["Der Text.\n"], "title": ["Gegebener Titel"], "clean": [1]})
    got = scour.clean_arrow(table)
    assert got.schema.names == ["text", "title", "clean", "scour_title", "scour_clean"]
    assert got.column("title").to_pylist() == ["Gegebener Titel"]
    assert got.column("scour_title").to_pylist() == ["Gegebener Titel"]
    assert got.column("clean").to_pylist() == [1]
    json.loads(got.column("scour_clean")[0].as_py())


def test_an_empty_table_keeps_its_columns():
    table = pa.table({"text": pa.array([], pa.string()), "n": pa.array([], pa.int32())})
    got = scour.clean_arrow(table)
    assert got.num_rows == 0
    assert got.schema.names == ["text", "n", "title", "clean"]
    assert got.schema.field("n").type == pa.int32()


def test_another_text_column_and_the_cleaner():
    table = pa.table({"body": ["Die GrÃ¼ÃŸe kamen an.\r\n", "„Zitat“"]})
    got = scour.clean_arrow(table, text_field="body", uncurl_quotes=True)
    assert got.column("body").to_pylist() == ["Die Grüße kamen an.", '"Zitat"']
    cleaner = scour.Cleaner(uncurl_quotes=True)
    assert cleaner.clean_arrow(table, text_field="body", threads=1).equals(got)


def test_bad_input_raises_clearly():
    table = pa.table({"body": ["x"], "n": [1]})
    with pytest.raises(KeyError, match=r"no column `text` \(its columns: body, n\)"):
        scour.clean_arrow(table)
    with pytest.raises(TypeError, match="column `n` holds Int64, not text"):
        scour.clean_arrow(table, text_field="n")
    with pytest.raises(TypeError, match="expected an Arrow table .* not list"):
        scour.clean_arrow(["x"])
    with pytest.raises(TypeError, match="not a table"):
        scour.clean_arrow(pa.array(["x"]))
    with pytest.raises(ValueError, match="option uncurl_quote: unknown option"):
        scour.clean_arrow(table, text_field="body", uncurl_quote=True)
    with pytest.raises(ValueError, match="threads"):
        scour.clean_arrow(table, text_field="body", threads=-1)
    # A string column whose bytes are not UTF-8 (its buffers made by hand) is refused, not
    # read.
    offsets = pa.py_buffer(b"\x00\x00\x00\x00\x02\x00\x00\x00")
    bad = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(b"\xc3\x28")])
    with pytest.raises(ValueError, match="(?i)scour: data: .*utf-?8"):
        scour.clean_arrow(pa.table({"text": bad}))


def test_datasets_map_with_arrow_format():
    import datasets
    import scour.hf

    texts = ["Grüße aus Köln\n\nGruesse aus Koeln\nDer Text kam gestern an.\n", "Ein Satz.",
             "Die GrÃ¼ÃŸe kamen an.\r\nZweite Zeile.\n", "„Zitat“"]
    ds = datasets.Dataset.from_dict({"text": texts, "n": list(range(len(texts)))})
    out = ds.with_format("arrow").map(scour.hf.clean_arrow, batched=True, batch_size=3)
    expected = scour.clean_arrow(ds.data.table)
    assert out.column_names == ["text", "n", "title", "clean"]
    table = out.with_format("arrow")[:]
    for name in out.column_names:
        assert table.column(name).to_pylist() == expected.column(name).to_pylist(), name
    # Options through fn_kwargs, another text column.
    other = datasets.Dataset.from_dict({"body": texts}).with_format("arrow").map(
        scour.hf.clean_arrow, batched=True, fn_kwargs={"text_column": "body", "uncurl_quotes": True})
    assert other.with_format(None)["body"][3] == '"Zitat"'
    # A row left out: map takes a batch returned whole with fewer rows.
    holes = datasets.Dataset.from_dict({"text": [texts[1], None, texts[3]], "n": [0, 1, 2]})
    cleaned = holes.with_format("arrow").map(scour.hf.clean_arrow, batched=True).with_format(None)
    assert cleaned["n"] == [0, 2]
    assert cleaned["text"] == ["Ein Satz.", "„Zitat“"]
