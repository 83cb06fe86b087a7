//! Parquet tables cleaned column by column (feature `parquet`): `scour clean a.parquet -o
//! b.parquet`, and `.parquet` inputs in batch mode.
//!
//! A table is read a record batch at a time ([`crate::io::Table`]) on the one driver
//! ([`run::drive_chunks`]): the rows of a batch are cleaned in parallel, and the batch goes
//! out with its text column replaced by the clean text and two columns added, while the
//! next batch is read. Every other column is carried over as it is, an Arrow array at a
//! time (its type, its nulls, its nesting), never taken apart into rows.
//!
//! - The text is the `--text-field` column: a string column (`string`, `large_string`,
//!   `string_view`) is text as it is; a binary column holds bytes that the decode stage
//!   reads as it reads files. The output's text column is a string column of the same
//!   width (`binary` becomes `string`).
//! - A row whose text is null, or a text column of another type, is a reject (kind
//!   `no_text`), and so is a row the stages reject: it is left out of the output and kept
//!   in the rejects as the JSON object of its row (`input: "jsonl"`, so `--rejects-in` runs
//!   it again as a JSONL line). Nothing else leaves out a row.
//! - A string `title` column is the title given apart, as a JSONL `title` is.
//! - Added: `title` (the title found, null without one) and `clean` (the report: the JSON
//!   text of the record's `metadata.clean` object, with `site_tag`, `site` and `section`
//!   first when the tags stage found them). The report is a JSON string rather than a
//!   struct column so that the schema does not depend on the data: a struct of the
//!   changes would grow a field with every new kind of change and differ from file to
//!   file. An input column of either name is kept as it is and scour's column is named
//!   `scour_title` (`scour_clean`), with `scour_` put before it again while that is taken.
//! - A table without the text column, or one whose columns differ from the first table's
//!   in a run of several, is one reject (its rows are not read); a table that cannot be
//!   read past some row is one reject for the rows from there on.
//!
//! The output is written with zstd ([`crate::io::writer`]). Each batch read (at most 1,024
//! rows and about 8 MB, from the sizes the footer gives) is one row group of the output,
//! encoded by the worker that cleaned it, four batches a chunk: batches depend on the
//! input alone, so the same input gives the same bytes at any thread count.

use crate::config::Config;
use crate::document::{Change, Document, Origin, Removed};
use crate::error::{FatalError, Reject, Target};
use crate::io::{Input, InputFormat, ListError, Table, encode, json_rows};
use crate::run::{self, Observer, Rejected, RunOptions, Sink, Summary};
use crate::{pipeline, record};
use arrow_array::builder::{
    GenericStringBuilder, LargeStringBuilder, StringBuilder, StringViewBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowRowGroupWriterFactory};
use parquet::file::writer::SerializedFileWriter;
use rayon::prelude::*;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

/// The text of one output batch stays below this many bytes: a string column's offsets are
/// 32-bit.
const BATCH_TEXT_BYTES: usize = 1 << 30;

/// Batches read into one chunk: each is cleaned and encoded as a row group of its own, so
/// that encoding keeps every worker busy.
const BATCHES_PER_CHUNK: usize = 4;

/// A batch of a table (one row group of the output) holds up to this many times the rows
/// of a JSONL chunk (`RunOptions::chunk_docs`, 256: so 1,024 rows) and this many times its
/// bytes of text (`chunk_bytes`, 4 MB: so 8 MB). Every row group costs each of its columns
/// a zstd context to compress and another to decompress, and pages that small compress
/// worse; row groups of 256 rows spent 3.4% of a run making contexts.
const ROWS_PER_CHUNK_DOCS: usize = 4;
const BYTES_PER_CHUNK_BYTES: usize = 2;

/// Where a table's text and title columns are, and the schema of its cleaned batches: what
/// [`clean_batch`] needs to know of a table, found once from its schema.
#[derive(Clone, Debug)]
pub struct Columns {
    /// The text column's index.
    text: usize,
    /// A string `title` column's index, when there is one.
    title: Option<usize>,
    /// The output's schema.
    schema: SchemaRef,
}

impl Columns {
    /// The columns of a table with `schema` whose text is the column `text_field`, or why
    /// it has none (no column of that name). The text column may be of any type: a row of
    /// a type that holds no text is rejected by [`clean_batch`].
    pub fn of(schema: &Schema, text_field: &str) -> Result<Self, String> {
        let Some((text, field)) = schema.column_with_name(text_field) else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(format!(
                "no column `{text_field}` (its columns: {})",
                names.join(", ")
            ));
        };
        let title = schema
            .column_with_name("title")
            .filter(|(_, f)| is_string(f.data_type()))
            .map(|(i, _)| i);
        let out_type = match field.data_type() {
            DataType::LargeUtf8 | DataType::LargeBinary => DataType::LargeUtf8,
            DataType::Utf8View | DataType::BinaryView => DataType::Utf8View,
            _ => DataType::Utf8,
        };
        let mut fields: Vec<Field> = schema.fields().iter().map(|f| (**f).clone()).collect();
        fields[text] = field.clone().with_data_type(out_type);
        let free = |name: &str, fields: &[Field]| {
            let mut name = name.to_owned();
            while fields.iter().any(|f| f.name() == &name) {
                name.insert_str(0, "scour_");
            }
            name
        };
        let title_name = free("title", &fields);
        fields.push(Field::new(title_name, DataType::Utf8, true));
        let clean_name = free("clean", &fields);
        fields.push(Field::new(clean_name, DataType::Utf8, false));
        let schema = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
        Ok(Self {
            text,
            title,
            schema,
        })
    }

    /// The schema of the batches [`clean_batch`] returns: the input's columns (the text
    /// column a string column of the same width, `binary` becoming `string`), then scour's
    /// title and report (`title` and `clean`, or `scour_title` and `scour_clean` when the
    /// input has a column of that name).
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The names of the output's text columns (no dictionary for them).
    fn text_columns(&self) -> Vec<&str> {
        let names = self.schema.fields();
        let n = names.len();
        vec![
            names[self.text].name().as_str(),
            names[n - 2].name().as_str(),
            names[n - 1].name().as_str(),
        ]
    }
}

/// The columns of a table, and the writers that encode its cleaned batches as Parquet.
#[derive(Clone)]
struct Layout {
    columns: Columns,
    /// Makes the column writers of a row group, for the workers to encode with.
    encoders: Arc<ArrowRowGroupWriterFactory>,
}

impl Layout {
    /// The layout of a table with `schema`, or why it has none.
    fn of(schema: &Schema, config: &Config) -> Result<Self, String> {
        let columns = Columns::of(schema, &config.input.text_field)
            .map_err(|e| format!("{e}; name the text column with --text-field"))?;
        // The same writer setup as the output's, on nothing: its factory of column writers.
        let encoders = crate::io::writer(
            std::io::sink(),
            columns.schema.clone(),
            &columns.text_columns(),
        )
        .and_then(|w| w.into_serialized_writer().map_err(std::io::Error::other))
        .map_err(|e| e.to_string())?
        .1;
        Ok(Self {
            columns,
            encoders: Arc::new(encoders),
        })
    }
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// One cell of the text column.
enum Cell<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
    Null,
    /// The column is of a type that holds no text.
    NotText,
}

impl Cell<'_> {
    fn len(&self) -> usize {
        match self {
            Cell::Text(s) => s.len(),
            Cell::Bytes(b) => b.len(),
            Cell::Null | Cell::NotText => 0,
        }
    }
}

/// Row `i` of a text column.
fn cell(array: &dyn Array, i: usize) -> Cell<'_> {
    if array.is_null(i) {
        return Cell::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Cell::Text(array.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Cell::Text(array.as_string::<i64>().value(i)),
        DataType::Utf8View => Cell::Text(array.as_string_view().value(i)),
        DataType::Binary => Cell::Bytes(array.as_binary::<i32>().value(i)),
        DataType::LargeBinary => Cell::Bytes(array.as_binary::<i64>().value(i)),
        DataType::BinaryView => Cell::Bytes(array.as_binary_view().value(i)),
        _ => Cell::NotText,
    }
}

/// Row `i` of a string column, when not null.
fn string_at(array: &dyn Array, i: usize) -> Option<&str> {
    match cell(array, i) {
        Cell::Text(s) => Some(s),
        _ => None,
    }
}

/// What the reader hands the workers.
enum Chunk {
    Rows {
        /// Batches of one table, each with the row number (1-based) of its first row.
        batches: Vec<(RecordBatch, u64)>,
        shown: Arc<str>,
        stem: Arc<str>,
        layout: Layout,
    },
    Failed(Rejected),
}

/// What the workers hand the writer.
enum Piece {
    Rows {
        /// The output's row groups, encoded.
        groups: Vec<Vec<ArrowColumnChunk>>,
        /// Every row's outcome, in order.
        outcomes: Vec<Outcome>,
        schema: SchemaRef,
        text_columns: Vec<String>,
    },
    Failed(Rejected),
    /// Arrow refused a batch we built: a bug, reported as a failed output.
    Broken(String),
}

/// What became of a row of a batch [`clean_batch`] cleaned.
pub enum Outcome {
    /// The row is in the output: what cleaning changed and removed (also in its `clean`
    /// cell), for the run's summary.
    Kept {
        /// The changes made, as the record's `changes`.
        changes: Vec<Change>,
        /// What was removed, as the record's `removed`.
        removed: Vec<Removed>,
    },
    /// The row is left out of the output, and why: its text is null or of a type that
    /// holds no text (kind `no_text`), or the stages rejected it. It carries the row as
    /// the JSON object a rejects file holds.
    Rejected(Rejected),
}

/// A row cleaned: the new cells and what the summary counts.
struct Cleaned {
    text: String,
    title: Option<String>,
    clean: String,
    changes: Vec<Change>,
    removed: Vec<Removed>,
}

/// The tables still to read, and the one being read.
struct Source<'c> {
    inputs: std::vec::IntoIter<Result<Input, ListError>>,
    current: Option<Current>,
    config: &'c Config,
    batch_rows: usize,
    batch_bytes: usize,
    /// The first table's schema, which every other table must have.
    first: Option<SchemaRef>,
    /// A table that failed after the batches handed out with it: its reject comes next.
    failed: Option<Rejected>,
}

struct Current {
    table: Table,
    shown: Arc<str>,
    stem: Arc<str>,
    layout: Layout,
    rows: u64,
}

/// A reject for a whole input (or what is left of it).
fn whole(shown: &str, reason: String) -> Rejected {
    let origin = Origin {
        path: shown.to_owned(),
        line: None,
        offset: None,
    };
    Rejected::new(origin, "parquet", &Reject::Unreadable(reason))
}

impl Source<'_> {
    fn next(&mut self) -> Option<(Chunk, u64)> {
        loop {
            if let Some(failed) = self.failed.take() {
                return Some((Chunk::Failed(failed), 0));
            }
            if let Some(current) = &mut self.current {
                let mut batches = Vec::with_capacity(BATCHES_PER_CHUNK);
                let mut bytes = 0;
                let mut ended = false;
                while batches.len() < BATCHES_PER_CHUNK {
                    match current.table.next() {
                        Some(Ok(batch)) => {
                            let first_row = current.rows + 1;
                            current.rows += batch.num_rows() as u64;
                            let text = batch.column(current.layout.columns.text);
                            bytes += (0..batch.num_rows())
                                .map(|i| cell(text, i).len() as u64)
                                .sum::<u64>();
                            batches.push((batch, first_row));
                        }
                        Some(Err(e)) => {
                            let reason = format!(
                                "Parquet rows {} to {}: {e}",
                                current.rows + 1,
                                current.table.rows()
                            );
                            self.failed = Some(whole(&current.shown, reason));
                            ended = true;
                            break;
                        }
                        None => {
                            ended = true;
                            break;
                        }
                    }
                }
                // A table without rows still gives the output its columns.
                let chunk = (!batches.is_empty() || current.rows == 0).then(|| Chunk::Rows {
                    batches,
                    shown: current.shown.clone(),
                    stem: current.stem.clone(),
                    layout: current.layout.clone(),
                });
                if ended {
                    self.current = None;
                }
                match chunk {
                    Some(chunk) => return Some((chunk, bytes)),
                    None => continue,
                }
            }
            let input = match self.inputs.next()? {
                Ok(input) => input,
                Err(e) => return Some((Chunk::Failed(whole(&e.shown, e.reason)), 0)),
            };
            if let Err(reason) = self.open(&input) {
                return Some((Chunk::Failed(whole(&input.shown, reason)), 0));
            }
        }
    }

    fn open(&mut self, input: &Input) -> Result<(), String> {
        let path = input
            .path
            .as_deref()
            .ok_or("a Parquet table is read from a file, not standard input")?;
        let table = Table::open(path, self.batch_rows, self.batch_bytes)?;
        let layout = Layout::of(table.schema(), self.config)?;
        match &self.first {
            Some(first) if first.fields() != table.schema().fields() => {
                return Err(
                    "its columns differ from the first table's: clean it in a run of its own, \
                     or in batch mode"
                        .into(),
                );
            }
            Some(_) => {}
            None => self.first = Some(table.schema().clone()),
        }
        self.current = Some(Current {
            table,
            shown: Arc::from(input.shown.as_str()),
            stem: Arc::from(input.stem()),
            layout,
            rows: 0,
        });
        Ok(())
    }
}

/// Clean the Parquet tables `inputs` into one Parquet file written to `out`, rejects to
/// `rejects` (JSONL), in input order; `out` is handed back with the file complete.
pub fn clean_tables<W: Write + Send>(
    inputs: Vec<Result<Input, ListError>>,
    config: &Config,
    options: &RunOptions,
    out: W,
    rejects: Option<&mut (dyn Write + Send)>,
    observer: &dyn Observer,
) -> Result<(Summary, W), FatalError> {
    let start = Instant::now();
    let fail = |e: String| FatalError::Output {
        target: Target::Records,
        source: std::io::Error::other(e),
    };
    let mut summary = Summary::default();
    let mut key = String::new();
    let mut out = Some(out);
    let mut writer: Option<SerializedFileWriter<W>> = None;
    let mut nowhere = std::io::sink();
    let mut sink = Sink {
        summary: &mut summary,
        out: &mut nowhere,
        rejects,
        observer,
    };
    let mut source = Source {
        inputs: inputs.into_iter(),
        current: None,
        config,
        batch_rows: options.chunk_docs.saturating_mul(ROWS_PER_CHUNK_DOCS),
        batch_bytes: options.chunk_bytes.saturating_mul(BYTES_PER_CHUNK_BYTES),
        first: None,
        failed: None,
    };
    let threads = run::drive_chunks(
        || source.next(),
        options,
        |chunk| work(chunk, config),
        |piece, bytes| {
            sink.summary.bytes_in += bytes;
            match piece {
                Piece::Failed(r) => sink.reject(&r)?,
                Piece::Broken(e) => return Err(fail(e)),
                Piece::Rows {
                    groups,
                    outcomes,
                    schema,
                    text_columns,
                } => {
                    for outcome in outcomes {
                        sink.summary.documents_in += 1;
                        match outcome {
                            Outcome::Kept { changes, removed } => {
                                sink.summary.documents_out += 1;
                                run::tally(sink.summary, &changes, &removed, &mut key);
                            }
                            Outcome::Rejected(r) => sink.reject(&r)?,
                        }
                    }
                    let w = match (&mut writer, out.take()) {
                        (Some(w), _) => w,
                        (None, Some(out)) => {
                            let names: Vec<&str> =
                                text_columns.iter().map(String::as_str).collect();
                            let w = crate::io::writer(out, schema, &names)
                                .and_then(|w| {
                                    w.into_serialized_writer().map_err(std::io::Error::other)
                                })
                                .map_err(|e| FatalError::Output {
                                    target: Target::Records,
                                    source: e,
                                })?
                                .0;
                            writer.insert(w)
                        }
                        (None, None) => unreachable!("the output goes to the first writer"),
                    };
                    for group in groups {
                        let mut row_group = w.next_row_group().map_err(|e| fail(e.to_string()))?;
                        for column in group {
                            column
                                .append_to_row_group(&mut row_group)
                                .map_err(|e| fail(e.to_string()))?;
                        }
                        row_group.close().map_err(|e| fail(e.to_string()))?;
                    }
                }
            }
            sink.observer
                .progress(sink.summary.documents_in, sink.summary.bytes_in);
            Ok(())
        },
    )?;
    // No table was read: the file has only scour's columns.
    let out = match (writer, out) {
        (Some(w), _) => w.into_inner().map_err(|e| fail(e.to_string()))?,
        (None, Some(out)) => {
            let name = config.input.text_field.as_str();
            let schema = Arc::new(Schema::new(vec![
                Field::new(name, DataType::Utf8, true),
                Field::new(
                    if name == "title" {
                        "scour_title"
                    } else {
                        "title"
                    },
                    DataType::Utf8,
                    true,
                ),
                Field::new(
                    if name == "clean" {
                        "scour_clean"
                    } else {
                        "clean"
                    },
                    DataType::Utf8,
                    false,
                ),
            ]));
            crate::io::writer(out, schema, &[name])
                .map_err(|source| FatalError::Output {
                    target: Target::Records,
                    source,
                })?
                .into_inner()
                .map_err(|e| fail(e.to_string()))?
        }
        (None, None) => unreachable!("the output goes to the first writer"),
    };
    summary.threads = threads;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok((summary, out))
}

/// Clean a chunk's rows in parallel, build its output batches and encode them, a row
/// group for each batch of the input, in parallel too: the encoding (zstd above all) costs
/// about as much as the cleaning, and one output thread could not keep up with the workers.
fn work(chunk: Chunk, config: &Config) -> Piece {
    let Chunk::Rows {
        batches,
        shown,
        stem,
        layout,
    } = chunk
    else {
        let Chunk::Failed(r) = chunk else {
            unreachable!("matched above")
        };
        return Piece::Failed(r);
    };
    let parts: Vec<Result<Encoded, String>> = batches
        .into_par_iter()
        .map(|(batch, first_row)| {
            let rows = Rows {
                shown: &shown,
                stem: &stem,
                first: first_row,
            };
            let (out, outcomes) = clean_batch(&batch, &layout.columns, &rows, config)?;
            let groups = out
                .iter()
                .filter(|b| b.num_rows() > 0)
                .map(|b| encode(b, &layout.encoders))
                .collect::<Result<_, _>>()?;
            Ok((groups, outcomes))
        })
        .collect();
    let mut groups = Vec::new();
    let mut outcomes = Vec::new();
    for part in parts {
        match part {
            Ok((g, o)) => {
                groups.extend(g);
                outcomes.extend(o);
            }
            Err(e) => return Piece::Broken(e),
        }
    }
    Piece::Rows {
        groups,
        outcomes,
        schema: layout.columns.schema.clone(),
        text_columns: layout
            .columns
            .text_columns()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    }
}

/// A batch's row groups, encoded, and its rows' outcomes.
type Encoded = (Vec<Vec<ArrowColumnChunk>>, Vec<Outcome>);

/// Where the rows of a batch come from, for their rejects and the ids of their documents.
pub struct Rows<'a> {
    /// The input as shown (a reject's `path`).
    pub shown: &'a str,
    /// The stem of the documents' ids (`STEM:ROW`).
    pub stem: &'a str,
    /// The row number (1-based) of the batch's first row in its input (a reject's `line`).
    pub first: u64,
}

/// Clean the rows of `batch`, a batch of a table with `columns`, in parallel on the
/// current rayon pool, as `scour clean` cleans a Parquet table's batch: the text column
/// replaced by the clean text, a string `title` column given as the title, scour's title
/// and report added, every other column carried over as it is (an Arrow array, sliced).
/// Returns the output batches (with the schema [`Columns::schema`]; one, or more when the
/// new text of one would pass 1 GB, the most a string column holds; a rejected row is left
/// out) and each row's [`Outcome`], in order. The output depends on the batch alone.
/// An error is a batch Arrow refuses to build: a bug.
pub fn clean_batch(
    batch: &RecordBatch,
    columns: &Columns,
    rows: &Rows<'_>,
    config: &Config,
) -> Result<(Vec<RecordBatch>, Vec<Outcome>), String> {
    let results: Vec<Result<Cleaned, Box<Rejected>>> = (0..batch.num_rows())
        .into_par_iter()
        .map(|i| {
            let origin = Origin {
                path: rows.shown.to_owned(),
                line: Some(rows.first + i as u64),
                offset: None,
            };
            clean_row(batch, i, columns, origin, rows.stem, config)
        })
        .collect();
    assemble(batch, results, columns)
}

/// Clean row `i`, or say why it is rejected (with the row as JSON for its reject record).
fn clean_row(
    batch: &RecordBatch,
    i: usize,
    columns: &Columns,
    origin: Origin,
    stem: &str,
    config: &Config,
) -> Result<Cleaned, Box<Rejected>> {
    let text = batch.column(columns.text);
    let name = columns.schema.field(columns.text).name();
    let rejected = |origin: Origin, reject: Reject| {
        let raw = json_rows(&batch.slice(i, 1))
            .ok()
            .and_then(|mut rows| rows.pop());
        Box::new(Rejected::new(origin, "jsonl", &reject).with_raw(raw))
    };
    let id = format!("{stem}:{}", origin.line.unwrap_or(0));
    let cell = cell(text, i);
    let max = config.input.max_doc_bytes;
    if cell.len() as u64 > max {
        let size = cell.len() as u64;
        return Err(rejected(origin, Reject::TooLarge { size, limit: max }));
    }
    let mut doc = match cell {
        Cell::Text(s) => {
            let mut doc = Document::from_text(id, origin.clone(), s);
            doc.encoding.detected_by = "parquet";
            doc
        }
        Cell::Bytes(b) => Document::from_bytes(id, origin.clone(), b.to_vec()),
        Cell::Null => {
            return Err(rejected(
                origin,
                Reject::NoText(format!("column `{name}` is null")),
            ));
        }
        Cell::NotText => {
            let found = text.data_type();
            return Err(rejected(
                origin,
                Reject::NoText(format!("column `{name}` holds {found}, not text")),
            ));
        }
    };
    doc.title = columns
        .title
        .and_then(|t| string_at(batch.column(t), i))
        .map(str::to_owned);
    let cleaned = std::panic::catch_unwind(AssertUnwindSafe(|| {
        pipeline::clean_document(&mut doc, config)
    }));
    match cleaned {
        Ok(Ok(())) => {
            let text = std::mem::take(&mut doc.text);
            let title = doc.title.take();
            let clean = report(&doc);
            Ok(Cleaned {
                text,
                title,
                clean,
                changes: std::mem::take(&mut doc.changes),
                removed: std::mem::take(&mut doc.removed),
            })
        }
        Ok(Err(reject)) => Err(rejected(origin, reject)),
        Err(_) => Err(rejected(
            origin,
            Reject::Internal("a stage panicked; this is a bug in scour".into()),
        )),
    }
}

/// The `clean` cell of a cleaned document: the record's `metadata.clean` object with the
/// site keys first, as JSON text, written by the record writer's own code
/// ([`record::write_report_object`]).
fn report(doc: &Document) -> String {
    let mut out = Vec::with_capacity(256);
    record::write_report_object(doc, &mut out);
    // The record writer writes JSON from strings: UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The output batches of `batch` (its rejected rows left out, the text replaced, the
/// title and report added) and every row's outcome.
fn assemble(
    batch: &RecordBatch,
    results: Vec<Result<Cleaned, Box<Rejected>>>,
    layout: &Columns,
) -> Result<(Vec<RecordBatch>, Vec<Outcome>), String> {
    let kept: Vec<bool> = results.iter().map(Result::is_ok).collect();
    let kept_batch = if kept.iter().all(|&k| k) {
        batch.clone()
    } else {
        arrow_select::filter::filter_record_batch(batch, &BooleanArray::from(kept))
            .map_err(|e| e.to_string())?
    };
    let mut outcomes = Vec::with_capacity(results.len());
    let mut cleaned = Vec::with_capacity(kept_batch.num_rows());
    for result in results {
        match result {
            Ok(mut c) => {
                outcomes.push(Outcome::Kept {
                    changes: std::mem::take(&mut c.changes),
                    removed: std::mem::take(&mut c.removed),
                });
                cleaned.push(c);
            }
            Err(r) => outcomes.push(Outcome::Rejected(*r)),
        }
    }
    let mut batches = Vec::new();
    let mut start = 0;
    while start < cleaned.len() {
        // Rows up to about BATCH_TEXT_BYTES of new text, and at least one.
        let mut end = start;
        let mut bytes = 0;
        while end < cleaned.len() {
            let c = &cleaned[end];
            let size = c.text.len() + c.clean.len() + c.title.as_ref().map_or(0, String::len);
            if end > start && bytes + size > BATCH_TEXT_BYTES {
                break;
            }
            bytes += size;
            end += 1;
        }
        let rows = &cleaned[start..end];
        let part = kept_batch.slice(start, end - start);
        let mut columns: Vec<ArrayRef> = part.columns().to_vec();
        let out_type = layout.schema.field(layout.text).data_type();
        let size = |f: fn(&Cleaned) -> usize| rows.iter().map(f).sum();
        columns[layout.text] = strings(
            out_type,
            rows.iter().map(|c| Some(c.text.as_str())),
            size(|c| c.text.len()),
        )?;
        columns.push(strings(
            &DataType::Utf8,
            rows.iter().map(|c| c.title.as_deref()),
            size(|c| c.title.as_ref().map_or(0, String::len)),
        )?);
        columns.push(strings(
            &DataType::Utf8,
            rows.iter().map(|c| Some(c.clean.as_str())),
            size(|c| c.clean.len()),
        )?);
        batches
            .push(RecordBatch::try_new(layout.schema.clone(), columns).map_err(|e| e.to_string())?);
        start = end;
    }
    Ok((batches, outcomes))
}

/// A string array of type `t` (`Utf8`, `LargeUtf8` or `Utf8View`) from `values`, which
/// come to `bytes` (so that the array's buffer is allocated once, not grown by copying).
fn strings<'a>(
    t: &DataType,
    values: impl ExactSizeIterator<Item = Option<&'a str>>,
    bytes: usize,
) -> Result<ArrayRef, String> {
    fn offsets<'v, O: arrow_array::OffsetSizeTrait>(
        mut b: GenericStringBuilder<O>,
        values: impl Iterator<Item = Option<&'v str>>,
    ) -> ArrayRef {
        for v in values {
            b.append_option(v);
        }
        Arc::new(b.finish())
    }
    Ok(match t {
        DataType::Utf8 => offsets(StringBuilder::with_capacity(values.len(), bytes), values),
        DataType::LargeUtf8 => offsets(
            LargeStringBuilder::with_capacity(values.len(), bytes),
            values,
        ),
        DataType::Utf8View => {
            let mut b = StringViewBuilder::with_capacity(values.len());
            for v in values {
                b.append_option(v);
            }
            Arc::new(b.finish())
        }
        other => return Err(format!("no string array of type {other}")),
    })
}

/// Whether a Parquet output of `inputs` is cleaned column by column: every input is a
/// Parquet file.
pub fn all_tables(inputs: &[Result<Input, ListError>]) -> bool {
    !inputs.is_empty()
        && inputs
            .iter()
            .all(|i| i.as_ref().is_ok_and(|i| i.format == InputFormat::Parquet))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Example, SiteTag, WebOrigin};

    /// The `clean` cell as read off the document's JSONL record: the site keys of its
    /// `metadata`, then the members of `metadata.clean` (serde_json keeps their order).
    fn from_record(doc: &Document) -> String {
        let mut line = Vec::new();
        record::write_line(doc, &mut line);
        let record: serde_json::Value = serde_json::from_slice(&line).unwrap();
        let metadata = record["metadata"].as_object().unwrap();
        let mut cell = serde_json::Map::new();
        for key in ["site_tag", "site", "section"] {
            if let Some(value) = metadata.get(key) {
                cell.insert(key.to_owned(), value.clone());
            }
        }
        cell.extend(metadata["clean"].as_object().unwrap().clone());
        serde_json::to_string(&cell).unwrap()
    }

    #[test]
    fn the_clean_cell_is_the_records_report_with_the_site_keys_first() {
        let origin = Origin {
            path: "a.parquet".into(),
            line: Some(3),
            offset: None,
        };
        let mut doc = Document::from_text("a:3", origin, "Text \"quoted\"\n");
        doc.encoding.detected_by = "parquet";
        assert_eq!(report(&doc), from_record(&doc));
        doc.changes.push(Change {
            stage: "repair",
            kind: "mojibake".into(),
            count: 2,
            example: Some(Example {
                before: "CafÃ©".into(),
                after: "Café\t\"x\"".into(),
            }),
        });
        doc.removed.push(Removed {
            kind: "duplicate_heading",
            text: "Market day\\".into(),
        });
        doc.boilerplate.push("Share this".into());
        assert_eq!(report(&doc), from_record(&doc));
        doc.site_tag = Some(SiteTag {
            tag: "toi-allgemeines".into(),
            site: "toi".into(),
            section: Some("allgemeines".into()),
        });
        assert_eq!(report(&doc), from_record(&doc));
        assert!(report(&doc).starts_with(r#"{"site_tag":"toi-allgemeines","site":"toi","#));
        doc.site_tag.as_mut().unwrap().section = None;
        doc.web = Some(WebOrigin {
            url: Some("https://example.org/a".into()),
            site: Some("example.org".into()),
            ..WebOrigin::default()
        });
        assert_eq!(report(&doc), from_record(&doc));
        serde_json::from_str::<serde_json::Value>(&report(&doc)).unwrap();
    }
}
