//! Parquet in and out (feature `parquet`): tables cleaned column by column, typed columns
//! carried over unchanged, rejects for rows without text, a file written by pyarrow, and
//! records to Parquet and back.

use crate::common::{records, scour};
use arrow_array::builder::{Int32Builder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{
    ArrayRef, BinaryArray, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Fields};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;
use std::sync::Arc;

/// Texts that the stages change (mojibake, a repeated heading, spaces) and one they leave.
const TEXTS: [Option<&str>; 5] = [
    Some("CafÃ© hours\n\nThe cafÃ© opens at seven."),
    Some("The harbour is quiet in winter.\nOnly the ferry runs."),
    None,
    Some("Market day\n\nMarket day\nStalls fill the square by eight.   \n\n\n\nThen rain."),
    Some("Plain text that is already clean."),
];

/// A struct column `source {site: string, depth: int32}` of `n` rows, row 1 null.
fn sources(n: usize) -> ArrayRef {
    let fields = Fields::from(vec![
        Field::new("site", DataType::Utf8, true),
        Field::new("depth", DataType::Int32, true),
    ]);
    let mut b = StructBuilder::from_fields(fields, n);
    for i in 0..n {
        b.field_builder::<StringBuilder>(0)
            .unwrap()
            .append_value(format!("site{i}.example"));
        b.field_builder::<Int32Builder>(1)
            .unwrap()
            .append_value(i as i32);
        b.append(i != 1);
    }
    Arc::new(b.finish())
}

/// A list column of `n` rows, row 2 null, row 3 empty.
fn tags(n: usize) -> ArrayRef {
    let mut b = ListBuilder::new(StringBuilder::new());
    for i in 0..n {
        match i {
            2 => b.append(false),
            3 => b.append(true),
            _ => {
                b.values().append_value(format!("tag{i}"));
                b.values().append_value("shared");
                b.append(true);
            }
        }
    }
    Arc::new(b.finish())
}

/// The test table: `id` int64, `text`, `added` (timestamp, UTC), `tags`, `source`.
fn table() -> RecordBatch {
    let n = TEXTS.len();
    let ids: ArrayRef = Arc::new(Int64Array::from_iter_values(
        (0..n as i64).map(|i| i * 1000),
    ));
    let text: ArrayRef = Arc::new(StringArray::from(TEXTS.to_vec()));
    let added: ArrayRef = Arc::new(
        TimestampMicrosecondArray::from_iter_values(
            (0..n as i64).map(|i| 1_700_000_000_000_000 + i),
        )
        .with_timezone("UTC"),
    );
    RecordBatch::try_from_iter([
        ("id", ids),
        ("text", text),
        ("added", added),
        ("tags", tags(n)),
        ("source", sources(n)),
    ])
    .unwrap()
}

/// `scour clean INPUT -o OUTPUT EXTRA…`, run to its end.
fn clean_to(input: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    scour()
        .arg("clean")
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(extra)
        .output()
        .unwrap()
}

fn write(path: &Path, batch: &RecordBatch) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

/// The whole table in `path`, as one batch.
fn read(path: &Path) -> RecordBatch {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let schema = arrow_array::RecordBatchReader::schema(&reader);
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    arrow_select::concat::concat_batches(&schema, &batches).unwrap()
}

fn names(batch: &RecordBatch) -> Vec<String> {
    batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

fn strings(batch: &RecordBatch, name: &str) -> Vec<Option<String>> {
    let column = batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no {name}"));
    column
        .as_string::<i32>()
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

/// The rows of `batch` but `skip`, column `name`.
fn without(batch: &RecordBatch, skip: usize, name: &str) -> ArrayRef {
    let keep: Vec<bool> = (0..batch.num_rows()).map(|i| i != skip).collect();
    let column = batch.column_by_name(name).unwrap();
    arrow_select::filter::filter(column, &keep.into()).unwrap()
}

#[test]
fn a_table_is_cleaned_column_by_column_and_typed_columns_pass_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output, rejects) = (
        dir.path().join("in.parquet"),
        dir.path().join("out.parquet"),
        dir.path().join("rejects.jsonl"),
    );
    let batch = table();
    write(&input, &batch);
    let run = clean_to(&input, &output, &["--rejects", rejects.to_str().unwrap()]);
    // The null text is a reject: some documents failed.
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("in.parquet:3: no text: column `text` is null"),
        "{stderr}"
    );

    let out = read(&output);
    assert_eq!(out.num_rows(), 4, "every row but the null one");
    let names = names(&out);
    assert_eq!(
        names,
        ["id", "text", "added", "tags", "source", "title", "clean"]
    );
    for name in ["id", "added", "tags", "source"] {
        let field = batch.schema().field_with_name(name).unwrap().clone();
        assert_eq!(
            out.schema().field_with_name(name).unwrap(),
            &field,
            "{name}"
        );
        assert_eq!(
            out.column_by_name(name).unwrap().as_ref(),
            without(&batch, 2, name).as_ref(),
            "{name} passes through"
        );
    }
    assert_eq!(
        strings(&out, "text"),
        [
            Some("The café opens at seven.".to_owned()),
            Some("The harbour is quiet in winter.\nOnly the ferry runs.".to_owned()),
            Some("Stalls fill the square by eight.\n\nThen rain.".to_owned()),
            Some("Plain text that is already clean.".to_owned()),
        ]
    );
    assert_eq!(
        strings(&out, "title"),
        [
            Some("Café hours".to_owned()),
            None,
            Some("Market day".to_owned()),
            None
        ]
    );
    let reports = strings(&out, "clean");
    let report: serde_json::Value = serde_json::from_str(reports[0].as_deref().unwrap()).unwrap();
    assert_eq!(report["detected_by"], "parquet");
    assert!(
        report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["stage"] == "repair"),
        "{report}"
    );
    let report: serde_json::Value = serde_json::from_str(reports[2].as_deref().unwrap()).unwrap();
    assert_eq!(
        report["removed"][0]["kind"], "duplicate_heading",
        "{report}"
    );

    // The reject keeps its row as JSON, to be run again as a JSONL line.
    let rejected = records(&std::fs::read(&rejects).unwrap());
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["kind"], "no_text");
    assert_eq!(rejected[0]["line"], 3);
    assert_eq!(rejected[0]["input"], "jsonl");
    let schema = crate::schemas::validator("reject");
    crate::schemas::check(&schema, &rejected[0], "a Parquet row's reject");
    let row: serde_json::Value =
        serde_json::from_str(rejected[0]["raw"].as_str().unwrap()).unwrap();
    assert_eq!(row["id"], 2000);
    assert_eq!(row["text"], serde_json::Value::Null);
    assert_eq!(row["tags"], serde_json::Value::Null);
}

#[test]
fn the_output_is_the_same_bytes_at_any_thread_count_and_written_with_zstd() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.parquet");
    // Several batches of rows (1,024 a batch), each with rejects.
    let one = table();
    let many =
        arrow_select::concat::concat_batches(&one.schema(), &vec![one.clone(); 1000]).unwrap();
    write(&input, &many);
    let run = |threads: &str| {
        let output = dir.path().join(format!("out{threads}.parquet"));
        scour()
            .args(["clean", "-q", "-j", threads])
            .arg(&input)
            .arg("-o")
            .arg(&output)
            .assert()
            .code(1);
        std::fs::read(output).unwrap()
    };
    let single = run("1");
    assert_eq!(single, run("4"));
    let file = std::fs::File::open(dir.path().join("out1.parquet")).unwrap();
    let meta = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    // Each batch of 1,024 rows read is one row group: 5,000 rows make five.
    assert_eq!(meta.metadata().num_row_groups(), 5);
    let column = meta.metadata().row_group(0).column(1);
    assert!(matches!(
        column.compression(),
        parquet::basic::Compression::ZSTD(_)
    ));
}

#[test]
fn a_file_written_by_pyarrow_is_read_and_its_title_column_kept() {
    // tests/data/parquet/pyarrow.parquet: written by scripts/parquet-fixture.py (snappy,
    // two row groups, pyarrow's own schema).
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/parquet/pyarrow.parquet");
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.parquet");
    let run = clean_to(&input, &output, &[]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("pyarrow.parquet:3: no text"));
    let before = read(&input);
    let out = read(&output);
    let names = names(&out);
    assert_eq!(
        names,
        [
            "id",
            "text",
            "title",
            "added",
            "tags",
            "source",
            "scour_title",
            "clean"
        ]
    );
    for name in ["id", "title", "added", "tags", "source"] {
        assert_eq!(
            out.column_by_name(name).unwrap().as_ref(),
            without(&before, 2, name).as_ref(),
            "{name} passes through"
        );
    }
    let ids: Vec<i64> = out.column(0).as_primitive::<Int64Type>().values().to_vec();
    assert_eq!(ids, [10, 11, 13]);
    let text = strings(&out, "text");
    assert_eq!(
        text[1].as_deref(),
        Some("The café opens at seven and closes when the bread runs out.")
    );
    // The title column is the title given apart: its heading repeated in the text goes.
    assert_eq!(
        text[2].as_deref(),
        Some("The path climbs past the old mill.")
    );
    assert_eq!(
        strings(&out, "scour_title")[1].as_deref(),
        Some("Café notes")
    );
}

#[test]
fn a_text_column_that_holds_no_strings_rejects_every_row_and_bytes_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let numbers = dir.path().join("numbers.parquet");
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
    write(
        &numbers,
        &RecordBatch::try_from_iter([("text", ids)]).unwrap(),
    );
    let output = dir.path().join("out.parquet");
    let run = clean_to(&numbers, &output, &[]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("numbers.parquet:1: no text: column `text` holds Int64, not text"),
        "{stderr}"
    );
    assert!(stderr.contains("numbers.parquet:2: no text"), "{stderr}");
    let out = read(&output);
    assert_eq!(out.num_rows(), 0);
    assert_eq!(out.schema().field(0).data_type(), &DataType::Utf8);

    // A binary text column holds bytes in any encoding: decoded as files are.
    let bytes = dir.path().join("bytes.parquet");
    let raw: ArrayRef = Arc::new(BinaryArray::from(vec![
        &b"Gr\xfc\xdfe aus K\xf6ln und M\xfcnchen"[..],
    ]));
    write(
        &bytes,
        &RecordBatch::try_from_iter([("text", raw)]).unwrap(),
    );
    scour()
        .arg("clean")
        .arg(&bytes)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    let out = read(&output);
    assert_eq!(
        strings(&out, "text")[0].as_deref(),
        Some("Grüße aus Köln und München")
    );
}

#[test]
fn a_table_without_rows_gives_an_output_with_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("empty.parquet");
    write(&input, &table().slice(0, 0));
    let output = dir.path().join("out.parquet");
    scour()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    let out = read(&output);
    assert_eq!(out.num_rows(), 0);
    assert_eq!(
        names(&out),
        ["id", "text", "added", "tags", "source", "title", "clean"]
    );
}

#[test]
fn a_table_without_the_text_column_is_one_reject() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.parquet");
    let body: ArrayRef = Arc::new(StringArray::from(vec!["Some words."]));
    write(
        &input,
        &RecordBatch::try_from_iter([("body", body)]).unwrap(),
    );
    let output = dir.path().join("out.parquet");
    let run = clean_to(&input, &output, &[]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no column `text` (its columns: body)"),
        "{stderr}"
    );
    // --text-field names it.
    scour()
        .args(["clean", "--text-field", "body"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    assert_eq!(
        strings(&read(&output), "body")[0].as_deref(),
        Some("Some words.")
    );
}

#[test]
fn jsonl_to_parquet_and_back_keeps_every_text_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("in.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            "{\"id\":\"a\",\"text\":\"CafÃ© hours\\n\\nThe cafÃ© opens at seven.\",\"n\":12345678901234567890}\n",
            "{\"id\":7,\"text\":\"Plain text.\",\"tags\":[\"x\",{\"y\":1e2}]}\n",
        ),
    )
    .unwrap();
    let direct = scour().arg("clean").arg(&jsonl).output().unwrap();
    assert!(direct.status.success());
    let direct = records(&direct.stdout);

    let parquet = dir.path().join("mid.parquet");
    scour()
        .arg("clean")
        .arg(&jsonl)
        .arg("-o")
        .arg(&parquet)
        .assert()
        .success();
    let table = read(&parquet);
    let names = names(&table);
    assert_eq!(names, ["id", "title", "text", "fields"]);
    assert_eq!(
        strings(&table, "id"),
        [Some("a".to_owned()), Some("7".to_owned())]
    );
    for (i, record) in direct.iter().enumerate() {
        assert_eq!(
            strings(&table, "text")[i].as_deref(),
            record["text"].as_str()
        );
        assert_eq!(
            strings(&table, "title")[i].as_deref(),
            record["title"].as_str()
        );
    }
    // The record's other members, values as written.
    let fields = strings(&table, "fields");
    assert!(
        fields[0]
            .as_deref()
            .unwrap()
            .contains("12345678901234567890"),
        "{fields:?}"
    );
    assert!(
        fields[1].as_deref().unwrap().contains("{\"y\":1e2}"),
        "{fields:?}"
    );

    // And back: each row is read as a JSONL line would be.
    let back = scour().arg("clean").arg(&parquet).output().unwrap();
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    let back = records(&back.stdout);
    assert_eq!(back.len(), 2);
    for (again, first) in back.iter().zip(&direct) {
        assert_eq!(again["text"], first["text"], "clean text is unchanged");
        // The table's `id` column is a string column: a JSONL number id (kept a number in
        // the JSONL record) comes back as the string of its digits.
        let digits = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(digits(&again["id"]), digits(&first["id"]));
    }
    let line = back[0]["metadata"]["line"]
        .as_u64()
        .or(back[0]["line"].as_u64());
    assert!(back[0].to_string().contains("mid.parquet"), "{}", back[0]);
    let _ = line;
}

#[test]
fn parquet_rows_become_jsonl_records_with_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.parquet");
    write(&input, &table());
    let run = scour().arg("clean").arg(&input).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("in.parquet:3:"), "{stderr}");
    let out = records(&run.stdout);
    assert_eq!(out.len(), 4);
    assert_eq!(out[0]["text"], "The café opens at seven.");
    // An int64 id column stays a number: the row is read as a JSONL line, whose fields
    // keep their values.
    assert_eq!(out[0]["id"], 0);
    let text = out[0].to_string();
    for expected in [
        "2023-11-14T22:13:20",
        "[\"tag0\",\"shared\"]",
        "site0.example",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

#[test]
fn batch_mode_writes_a_parquet_output_for_a_parquet_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("part")).unwrap();
    write(&input.join("part/a.parquet"), &table());
    let out = dir.path().join("out");
    let pattern = format!("{}/**/*.parquet", input.display());
    scour()
        .args(["clean", "-q", "--input", &pattern, "--output-dir"])
        .arg(&out)
        .assert()
        .code(1);
    let cleaned = read(&out.join("part/a.parquet"));
    assert_eq!(cleaned.num_rows(), 4);
    assert_eq!(
        strings(&cleaned, "text")[3].as_deref(),
        Some("Plain text that is already clean.")
    );
    let rejects = records(&std::fs::read(out.join("_rejects/0.jsonl")).unwrap());
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0]["kind"], "no_text");
}

#[test]
fn a_report_of_tables_cleaned_into_parquet_is_a_usage_error_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.parquet");
    write(&input, &table());
    let (output, report) = (dir.path().join("out.parquet"), dir.path().join("r.html"));
    let run = clean_to(&input, &output, &["--report", report.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--report"));
    assert!(!output.exists() && !report.exists());
}

#[test]
fn records_written_to_parquet_get_their_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"Caf&eacute; am Markt\"}\n").unwrap();
    let (output, report) = (dir.path().join("out.parquet"), dir.path().join("r.html"));
    let run = clean_to(&input, &output, &["--report", report.to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_to_string(&report).unwrap();
    assert!(page.contains("html entity"), "the page counts the repair");
}
