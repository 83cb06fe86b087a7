//! Parquet files at the edges (feature `parquet`): a table read batch by batch ([`Table`]),
//! its rows as JSON objects ([`json_rows`]), the writer scour's Parquet outputs share
//! ([`writer`]), the rows of a Parquet input as JSONL items for the line reader
//! ([`RowSource`]), and records turned into rows of a fixed schema ([`RecordsWriter`]).
//!
//! The Arrow crates do the format: `parquet` reads and writes the file (pages, codecs,
//! the footer), `arrow-array` holds a batch's columns, `arrow-json` writes a row as JSON.
//! What is written here is the plumbing between them and scour's items and records.

use super::item::{Item, Payload};
use super::span::Unread;
use crate::document::Origin;
use crate::error::Reject;
use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayAccessor, ArrayRef, RecordBatch, StructArray};
use arrow_json::writer::{Encoder, EncoderFactory, EncoderOptions, NullableEncoder, make_encoder};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The zstd level of scour's Parquet outputs: zstd's own default, which compresses text
/// about as well as gzip at several times its speed.
const ZSTD_LEVEL: i32 = 3;

/// A row group is closed once its encoded columns come to about this many bytes: the
/// writer holds the row group in memory until then, so this bounds its memory (and readers
/// still get row groups large enough to read well).
const ROW_GROUP_BYTES: usize = 64 << 20;

/// A Parquet file opened for reading, batch by batch: a batch is decoded from the pages
/// it needs when it is asked for, so memory holds one batch and the pages under it, not
/// the row group or the file.
pub struct Table {
    schema: SchemaRef,
    rows: u64,
    reader: ParquetRecordBatchReader,
}

impl Table {
    /// Open `path` and read its footer. Batches will hold at most `max_rows` rows, and
    /// fewer when the footer says that rows are large: about `max_bytes` of uncompressed
    /// data a batch (as the JSONL reader bounds its chunks).
    pub fn open(path: &Path, max_rows: usize, max_bytes: usize) -> Result<Self, String> {
        let file = super::input::open_file(path).map_err(|e| e.to_string())?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| format!("not a readable Parquet file: {e}"))?;
        let schema = builder.schema().clone();
        let meta = builder.metadata();
        let rows = u64::try_from(meta.file_metadata().num_rows()).unwrap_or(0);
        let bytes: i64 = meta.row_groups().iter().map(|g| g.total_byte_size()).sum();
        let per_row = usize::try_from(bytes)
            .unwrap_or(0)
            .checked_div(usize::try_from(rows).unwrap_or(0))
            .unwrap_or(0);
        let batch_rows = max_bytes.checked_div(per_row).unwrap_or(max_rows);
        let reader = builder
            .with_batch_size(batch_rows.clamp(1, max_rows.max(1)))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            schema,
            rows,
            reader,
        })
    }

    /// The table's Arrow schema (from the file's own Arrow schema when a writer stored it).
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The number of rows the footer gives.
    pub fn rows(&self) -> u64 {
        self.rows
    }
}

impl Iterator for Table {
    type Item = Result<RecordBatch, String>;

    fn next(&mut self) -> Option<Self::Item> {
        self.reader.next().map(|r| r.map_err(|e| e.to_string()))
    }
}

/// Each row of `batch` as one JSON object, its keys the column names in order, a null as
/// `null` (so that every column is there), nested lists and structs as JSON arrays and
/// objects, timestamps and dates as ISO 8601 strings (arrow-json's rendering).
pub fn json_rows(batch: &RecordBatch) -> Result<Vec<Vec<u8>>, String> {
    // arrow-json's line writer, one row at a time: each row is encoded straight into its
    // own buffer (rather than all into one, then split at the newlines and copied out).
    let rows = StructArray::from(batch.clone());
    let field = Arc::new(Field::new_struct(
        "",
        batch.schema().fields().clone(),
        false,
    ));
    let options = EncoderOptions::default()
        .with_explicit_nulls(true)
        .with_encoder_factory(Arc::new(Strings));
    let mut encoder = make_encoder(&field, &rows, &options).map_err(|e| e.to_string())?;
    let mut size = 0;
    Ok((0..batch.num_rows())
        .map(|i| {
            // About the size of the row before: most rows are encoded without growing.
            let mut row = Vec::with_capacity(size + size / 8);
            encoder.encode(i, &mut row);
            size = row.len();
            row
        })
        .collect())
}

/// arrow-json's encoders, but for strings: a string is escaped as a record's text is
/// ([`crate::io::json_str`]: the same bytes as serde_json's, which arrow-json uses, a
/// block of 32 bytes at a time rather than byte by byte). A row's text is most of its
/// JSON, and escaping it byte by byte cost a Parquet → JSONL run a fifth of its time.
#[derive(Debug)]
struct Strings;

impl EncoderFactory for Strings {
    fn make_default_encoder<'a>(
        &self,
        _field: &'a FieldRef,
        array: &'a dyn Array,
        _options: &'a EncoderOptions,
    ) -> Result<Option<NullableEncoder<'a>>, ArrowError> {
        let encoder: Box<dyn Encoder + 'a> = match array.data_type() {
            DataType::Utf8 => Box::new(Escaped(array.as_string::<i32>())),
            DataType::LargeUtf8 => Box::new(Escaped(array.as_string::<i64>())),
            DataType::Utf8View => Box::new(Escaped(array.as_string_view())),
            _ => return Ok(None),
        };
        Ok(Some(NullableEncoder::new(encoder, array.nulls().cloned())))
    }
}

/// The strings of a string array, each as a JSON string.
struct Escaped<A>(A);

impl<'a, A: ArrayAccessor<Item = &'a str>> Encoder for Escaped<A> {
    fn encode(&mut self, idx: usize, out: &mut Vec<u8>) {
        super::json_str(out, self.0.value(idx));
    }
}

/// [`json_rows`] of `batch`, a slice of [`JSON_ROWS`] rows to a task: the reader runs on
/// one thread, and encoding every row's text as JSON there would set the pace of a run.
fn parallel_json_rows(batch: &RecordBatch) -> Result<Vec<Vec<u8>>, String> {
    let n = batch.num_rows();
    let parts: Vec<RecordBatch> = (0..n)
        .step_by(JSON_ROWS)
        .map(|start| batch.slice(start, JSON_ROWS.min(n - start)))
        .collect();
    let parts: Vec<Vec<Vec<u8>>> = parts.par_iter().map(json_rows).collect::<Result<_, _>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// Rows a task of [`parallel_json_rows`] encodes.
const JSON_ROWS: usize = 64;

/// The properties of every Parquet file scour writes: zstd, row groups of about
/// 64 MiB (`ROW_GROUP_BYTES`), and no dictionary for the `text_columns` (long texts seldom repeat,
/// and a dictionary page is tried and thrown away for each row group).
pub fn writer_properties(text_columns: &[&str]) -> WriterProperties {
    let level = ZstdLevel::try_new(ZSTD_LEVEL).expect("zstd level 3 is valid");
    let mut props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES));
    for name in text_columns {
        props = props.set_column_dictionary_enabled(ColumnPath::from(*name), false);
    }
    props.build()
}

/// A Parquet writer of `schema` to `out` with [`writer_properties`].
pub fn writer<W: Write + Send>(
    out: W,
    schema: SchemaRef,
    text_columns: &[&str],
) -> std::io::Result<ArrowWriter<W>> {
    ArrowWriter::try_new(out, schema, Some(writer_properties(text_columns)))
        .map_err(std::io::Error::other)
}

/// The top-level members of the JSON object `json`, in order, values as written; `None`
/// when it is no object.
pub(crate) fn object_members(json: &str) -> Option<Vec<(String, &RawValue)>> {
    struct Members<'a>(Vec<(String, &'a RawValue)>);
    impl<'de> serde::Deserialize<'de> for Members<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Members<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Self::Value, A::Error> {
                    let mut members = Vec::new();
                    while let Some(key) = map.next_key::<String>()? {
                        members.push((key, map.next_value::<&RawValue>()?));
                    }
                    Ok(Members(members))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    serde_json::from_str::<Members>(json).ok().map(|m| m.0)
}

/// The rows of a Parquet input as JSONL items: each row is the JSON object of its
/// columns ([`json_rows`]), read as a JSONL line would be, its line number the row's
/// (1-based). A table that cannot be read further ends in one failed item.
pub(crate) struct RowSource {
    table: Table,
    shown: Arc<str>,
    stem: Arc<str>,
    /// Rows handed out so far.
    row: u64,
    pending: VecDeque<Vec<u8>>,
    max_doc_bytes: u64,
    done: bool,
}

impl RowSource {
    /// Open the Parquet file `path`, shown as `shown`.
    pub(crate) fn open(
        path: &Path,
        shown: Arc<str>,
        stem: Arc<str>,
        batch_rows: usize,
        max_doc_bytes: u64,
    ) -> Result<Self, String> {
        Ok(Self {
            table: Table::open(path, batch_rows, 4 << 20)?,
            shown,
            stem,
            row: 0,
            pending: VecDeque::new(),
            max_doc_bytes,
            done: false,
        })
    }

    fn item(&self, line: Option<u64>, payload: Payload) -> Item {
        Item {
            origin: Origin {
                path: String::from(&*self.shown),
                line,
                offset: None,
            },
            stem: self.stem.clone(),
            payload,
        }
    }

    /// The next row's item; `None` at the end of the table.
    pub(crate) fn next_item(&mut self) -> Option<Item> {
        while self.pending.is_empty() {
            if self.done {
                return None;
            }
            let failed = match self.table.next() {
                None => return None,
                Some(Ok(batch)) => match parallel_json_rows(&batch) {
                    Ok(rows) => {
                        self.pending.extend(rows);
                        continue;
                    }
                    Err(e) => e,
                },
                Some(Err(e)) => e,
            };
            self.done = true;
            let reject = Reject::Unreadable(format!(
                "Parquet rows {} to {}: {failed}",
                self.row + 1,
                self.table.rows()
            ));
            return Some(self.item(
                None,
                Payload::Failed(Unread {
                    input: Some("jsonl"),
                    ..reject.into()
                }),
            ));
        }
        let row = self.pending.pop_front()?;
        self.row += 1;
        let size = row.len() as u64;
        let payload = if size > self.max_doc_bytes {
            Payload::Failed(Unread {
                input: Some("jsonl"),
                ..Reject::TooLarge {
                    size,
                    limit: self.max_doc_bytes,
                }
                .into()
            })
        } else {
            Payload::Json(row)
        };
        Some(self.item(Some(self.row), payload))
    }
}

/// The columns of a Parquet file written from records (any input but a Parquet table
/// cleaned column by column): `id`, `title` (null without one), `text`, and `fields`, the
/// record's other members as one JSON object, in the record's order, values as written.
pub fn records_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("title", DataType::Utf8, true),
        Field::new("text", DataType::Utf8, false),
        Field::new("fields", DataType::Utf8, false),
    ]))
}

/// A row group of a records file holds up to this many rows, or the rows of about
/// [`GROUP_BYTES`] of record lines.
const GROUP_ROWS: usize = 1024;
const GROUP_BYTES: usize = 8 << 20;
/// Row groups gathered before they are parsed and encoded, in parallel: parsing the
/// records again and compressing their columns would otherwise fall to the output thread
/// alone, and the workers would wait for it.
const GROUPS: usize = 4;

/// The record lines of a row group to come, one after the other, and where each ends.
#[derive(Default)]
struct Lines {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

/// Records (JSONL lines, as [`crate::run::clean_items`] writes them) turned into rows of
/// [`records_schema`] and written as Parquet: a `Write` that takes whole lines. Lines are
/// gathered into row groups (1,024 rows or 8 MiB: `GROUP_ROWS`, `GROUP_BYTES`) that
/// depend on the records alone, so the file is the same at any thread count. [`RecordsWriter::finish`] writes
/// the last rows and the footer and hands back `W`.
pub struct RecordsWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    encoders: ArrowRowGroupWriterFactory,
    partial: Vec<u8>,
    /// Full row groups, and the one being filled last.
    groups: Vec<Lines>,
    /// Row groups written, emptied: their buffers are filled again rather than grown
    /// again from nothing (by copying) for every row group.
    spare: Vec<Lines>,
}

impl<W: Write + Send> RecordsWriter<W> {
    /// A writer of Parquet to `out`.
    pub fn new(out: W) -> std::io::Result<Self> {
        let (file, encoders) = writer(out, records_schema(), &["text", "fields"])?
            .into_serialized_writer()
            .map_err(std::io::Error::other)?;
        Ok(Self {
            file,
            encoders,
            partial: Vec::new(),
            groups: Vec::new(),
            spare: Vec::new(),
        })
    }

    /// One record line (without its newline) to the row group being filled.
    fn add(&mut self, line: &[u8]) -> std::io::Result<()> {
        // A string column's offsets are 32-bit: a row group's lines stay below 1 GiB, and
        // each of its columns (parts of those lines) with them.
        if line.len() >= i32::MAX as usize / 2 {
            return Err(std::io::Error::other(
                "a record too long for a Parquet string column (over 1 GiB)",
            ));
        }
        let full = |g: &Lines| {
            g.ends.len() >= GROUP_ROWS
                || g.bytes.len() >= GROUP_BYTES
                || g.bytes.len() + line.len() >= i32::MAX as usize / 2
        };
        if self.groups.last().is_none_or(full) {
            if self.groups.len() >= GROUPS {
                self.write_groups()?;
            }
            let lines = self.spare.pop().unwrap_or_default();
            self.groups.push(lines);
        }
        let group = self.groups.last_mut().expect("a group was pushed");
        group.bytes.extend_from_slice(line);
        group.ends.push(group.bytes.len());
        Ok(())
    }

    /// Parse and encode the gathered row groups in parallel, and write them in order.
    fn write_groups(&mut self) -> std::io::Result<()> {
        let encoders = &self.encoders;
        let encoded: Vec<Result<Vec<ArrowColumnChunk>, std::io::Error>> = self
            .groups
            .par_iter()
            .map(|lines| {
                let batch = records_batch(lines)?;
                encode(&batch, encoders).map_err(std::io::Error::other)
            })
            .collect();
        for mut lines in self.groups.drain(..) {
            lines.bytes.clear();
            lines.ends.clear();
            self.spare.push(lines);
        }
        for columns in encoded {
            let mut row_group = self.file.next_row_group().map_err(std::io::Error::other)?;
            for column in columns? {
                column
                    .append_to_row_group(&mut row_group)
                    .map_err(std::io::Error::other)?;
            }
            row_group.close().map_err(std::io::Error::other)?;
        }
        Ok(())
    }

    /// Write the rows still gathered and the file's footer; hand back the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        if !self.partial.is_empty() {
            return Err(std::io::Error::other("a record without its newline"));
        }
        self.write_groups()?;
        self.file.into_inner().map_err(std::io::Error::other)
    }
}

/// The rows of record `lines` as a batch of [`records_schema`].
fn records_batch(lines: &Lines) -> std::io::Result<RecordBatch> {
    let mut id = StringBuilder::new();
    let mut title = StringBuilder::new();
    // The texts come to less than the lines: their buffer is allocated once.
    let mut text = StringBuilder::with_capacity(lines.ends.len(), lines.bytes.len());
    let mut fields = StringBuilder::new();
    // One row's `fields`, reused from row to row.
    let mut members = String::new();
    let mut start = 0;
    for &end in &lines.ends {
        let line = &lines.bytes[start..end];
        start = end;
        match read_row(line, &mut members) {
            Some(row) => {
                id.append_option(row.id);
                title.append_option(row.title);
                text.append_value(row.text);
                fields.append_value(&members);
            }
            None => {
                let row = record_row(line)?;
                id.append_option(row.id);
                title.append_option(row.title);
                text.append_value(row.text);
                fields.append_value(row.fields);
            }
        }
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(title.finish()),
        Arc::new(text.finish()),
        Arc::new(fields.finish()),
    ];
    RecordBatch::try_new(records_schema(), columns).map_err(std::io::Error::other)
}

/// The cells of one record's row as [`read_row`] reads them: the text and the title are
/// borrowed from the line when they hold no escape (the row's `fields` go to a buffer).
struct BorrowedRow<'a> {
    id: Option<String>,
    title: Option<Cow<'a, str>>,
    text: Cow<'a, str>,
}

/// One record line (without its newline) as the cells of its row, read in one pass: the
/// text is scanned once, straight from the line (rather than once as a raw value and again
/// as a string, as [`record_row`] does). `fields` gets the row's `fields` cell. `None` when
/// the line is anything but a plain record (not UTF-8, not an object, no string `text`, a
/// title of another kind than string or null): [`record_row`] reads it then, and says what
/// is wrong.
fn read_row<'a>(line: &'a [u8], fields: &mut String) -> Option<BorrowedRow<'a>> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};

    /// A JSON string, borrowed from the line when it holds no escape; anything else is an
    /// error (and the line goes to `record_row`).
    struct Text;
    impl<'de> Visitor<'de> for Text {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(s))
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(s.to_owned()))
        }
    }
    struct Str<'a>(Cow<'a, str>);
    impl<'de> serde::Deserialize<'de> for Str<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_str(Text).map(Str)
        }
    }

    struct Row<'f>(&'f mut String);
    impl<'de> DeserializeSeed<'de> for Row<'_> {
        type Value = BorrowedRow<'de>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Row<'_> {
        type Value = BorrowedRow<'de>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a record")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let fields = self.0;
            fields.clear();
            fields.push('{');
            let (mut id, mut title, mut text) = (None, None, None);
            while let Some(Str(key)) = map.next_key()? {
                match &*key {
                    "id" if id.is_none() => {
                        let value: &RawValue = map.next_value()?;
                        id = Some(
                            serde_json::from_str::<String>(value.get())
                                .unwrap_or_else(|_| value.get().to_owned()),
                        );
                    }
                    // A null is no title (nor text), and a later member of the name may
                    // give one, as in record_row; a title or a text of another kind is an
                    // error here, and record_row's to read.
                    "title" if title.is_none() => {
                        title = map.next_value::<Option<Str>>()?.map(|v| v.0);
                    }
                    "text" if text.is_none() => {
                        text = map.next_value::<Option<Str>>()?.map(|v| v.0);
                    }
                    _ => {
                        let value: &RawValue = map.next_value()?;
                        if fields.len() > 1 {
                            fields.push(',');
                        }
                        let name =
                            serde_json::to_string(&*key).map_err(serde::de::Error::custom)?;
                        fields.push_str(&name);
                        fields.push(':');
                        fields.push_str(value.get());
                    }
                }
            }
            fields.push('}');
            let text = text.ok_or_else(|| serde::de::Error::missing_field("text"))?;
            Ok(BorrowedRow { id, title, text })
        }
    }

    // simdutf8: std's check cost a JSONL → Parquet run 6% of its instructions.
    let line = simdutf8::basic::from_utf8(line).ok()?;
    let mut de = serde_json::Deserializer::from_str(line);
    let row = Row(fields).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(row)
}

/// The cells of one record's row.
struct RecordRow {
    id: Option<String>,
    title: Option<String>,
    text: String,
    fields: String,
}

/// One record line (without its newline) as the cells of its row.
fn record_row(line: &[u8]) -> std::io::Result<RecordRow> {
    let bad = |what: &str| std::io::Error::other(format!("a record {what}"));
    let line = std::str::from_utf8(line).map_err(|_| bad("that is not UTF-8"))?;
    let members = object_members(line).ok_or_else(|| bad("that is not a JSON object"))?;
    let string = |raw: &RawValue| serde_json::from_str::<String>(raw.get()).ok();
    let (mut id, mut title, mut text) = (None, None, None);
    let mut fields = String::from("{");
    for (key, value) in members {
        match key.as_str() {
            "id" if id.is_none() => {
                id = Some(string(value).unwrap_or_else(|| value.get().to_owned()));
            }
            "title" if title.is_none() => title = string(value),
            "text" if text.is_none() => text = string(value),
            _ => {
                if fields.len() > 1 {
                    fields.push(',');
                }
                fields.push_str(&serde_json::to_string(&key).map_err(std::io::Error::other)?);
                fields.push(':');
                fields.push_str(value.get());
            }
        }
    }
    fields.push('}');
    let text = text.ok_or_else(|| bad("without a string `text`"))?;
    Ok(RecordRow {
        id,
        title,
        text,
        fields,
    })
}

/// One row group of `batch`, its columns encoded and compressed by column writers from
/// `encoders` (a writer's own, so that the row group can be appended to that file).
pub(crate) fn encode(
    batch: &RecordBatch,
    encoders: &ArrowRowGroupWriterFactory,
) -> Result<Vec<ArrowColumnChunk>, String> {
    // The row group's index matters only to encryption, which scour does not use.
    let mut writers = encoders
        .create_column_writers(0)
        .map_err(|e| e.to_string())?;
    let mut next = writers.iter_mut();
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        for leaf in compute_leaves(field, column).map_err(|e| e.to_string())? {
            next.next()
                .ok_or("more leaf columns than writers")?
                .write(&leaf)
                .map_err(|e| e.to_string())?;
        }
    }
    writers
        .into_iter()
        .map(|w| w.close().map_err(|e| e.to_string()))
        .collect()
}

impl<W: Write + Send> Write for RecordsWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            if self.partial.is_empty() {
                self.add(&rest[..end])?;
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&rest[..end]);
                self.add(&line)?;
            }
            rest = &rest[end + 1..];
        }
        self.partial.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(file: Vec<u8>) -> RecordBatch {
        let mut temp = tempfile::tempfile().unwrap();
        temp.write_all(&file).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(temp)
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        arrow_select::concat::concat_batches(&records_schema(), &batches).unwrap()
    }

    #[test]
    fn records_split_anywhere_give_the_same_rows() {
        let lines = concat!(
            "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\\ny \\\"q\\\"\",\"metadata\":{\"n\":1e2}}\n",
            "{\"id\":7,\"text\":\"\",\"url\":\"u\"}\n",
        )
        .as_bytes();
        let whole = {
            let mut w = RecordsWriter::new(Vec::new()).unwrap();
            w.write_all(lines).unwrap();
            rows(w.finish().unwrap())
        };
        assert_eq!(whole.num_rows(), 2);
        let column = |i: usize| -> Vec<Option<String>> {
            let c = whole.column(i).as_string::<i32>();
            c.iter().map(|s| s.map(str::to_owned)).collect()
        };
        assert_eq!(column(0), [Some("a".into()), Some("7".into())]);
        assert_eq!(column(1), [Some("T".into()), None]);
        assert_eq!(column(2), [Some("x\ny \"q\"".into()), Some(String::new())]);
        assert_eq!(
            column(3),
            [
                Some("{\"metadata\":{\"n\":1e2}}".into()),
                Some("{\"url\":\"u\"}".into())
            ]
        );
        for cut in 1..lines.len() {
            let mut w = RecordsWriter::new(Vec::new()).unwrap();
            w.write_all(&lines[..cut]).unwrap();
            w.write_all(&lines[cut..]).unwrap();
            assert_eq!(rows(w.finish().unwrap()), whole, "cut at {cut}");
        }
    }

    #[test]
    fn records_are_written_in_order_in_row_groups_of_1024() {
        let mut w = RecordsWriter::new(Vec::new()).unwrap();
        for i in 0..5000 {
            writeln!(w, "{{\"id\":\"{i}\",\"text\":\"line {i}\\n\"}}").unwrap();
        }
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&w.finish().unwrap()).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
        let groups: Vec<i64> = (0..reader.metadata().num_row_groups())
            .map(|g| reader.metadata().row_group(g).num_rows())
            .collect();
        assert_eq!(groups, [1024, 1024, 1024, 1024, 904]);
        let mut n = 0;
        for batch in reader.build().unwrap() {
            let batch = batch.unwrap();
            for (id, text) in batch
                .column(0)
                .as_string::<i32>()
                .iter()
                .zip(batch.column(2).as_string::<i32>())
            {
                assert_eq!(id, Some(n.to_string().as_str()));
                assert_eq!(text, Some(format!("line {n}\n").as_str()));
                n += 1;
            }
        }
        assert_eq!(n, 5000);
    }

    #[test]
    fn a_record_without_its_newline_or_text_is_an_error() {
        let mut w = RecordsWriter::new(Vec::new()).unwrap();
        w.write_all(b"{\"text\":\"a\"}").unwrap();
        assert!(w.finish().is_err());
        // Rows are parsed a row group at a time: the error comes by `finish` at the latest.
        let mut w = RecordsWriter::new(Vec::new()).unwrap();
        let wrote = w.write_all(b"{\"id\":\"a\"}\n");
        assert!(wrote.is_err() || w.finish().is_err());
    }

    #[test]
    fn a_record_read_in_one_pass_gives_the_cells_of_record_row() {
        let lines = [
            r#"{"id":"a","title":"T","text":"x\ny \"q\" \u00e9","metadata":{"n":1e2}}"#,
            r#"{"id":7,"text":"","url":"u"}"#,
            r#"{"id":null,"text":"plain"}"#,
            r#"{"title":null,"te\u0078t":"escaped key","title":"second","id":"a","id":"b"}"#,
            r#"{"text":null,"text":"second text","k\"ey":[1, {"a": "b"}] }"#,
            r#"  {"text":"spaces around" , "n" : 1.50 }  "#,
            r#"{"text":"a\ud83d\ude00b","title":"tab\tbed"}"#,
        ];
        let mut fields = String::new();
        for line in lines {
            let fast = read_row(line.as_bytes(), &mut fields).unwrap_or_else(|| panic!("{line}"));
            let slow = record_row(line.as_bytes()).unwrap();
            assert_eq!(fast.id, slow.id, "{line}");
            assert_eq!(fast.title.as_deref(), slow.title.as_deref(), "{line}");
            assert_eq!(fast.text, slow.text, "{line}");
            assert_eq!(fields, slow.fields, "{line}");
        }
        // Lines it leaves to record_row: a title or a text of another kind (record_row
        // drops such a title and looks for another text), a lone surrogate, no text, no
        // object, not UTF-8, something after the object.
        let others: [&[u8]; 8] = [
            br#"{"title":1e400,"text":"t"}"#,
            br#"{"title":{"a":1},"text":"t"}"#,
            br#"{"text":5,"text":"t"}"#,
            br#"{"title":"\ud800","text":"t"}"#,
            br#"{"id":"a"}"#,
            b"[1]",
            b"{\"text\":\"\xff\"}",
            br#"{"text":"t"} x"#,
        ];
        for line in others {
            assert!(read_row(line, &mut fields).is_none(), "{line:?}");
        }
        let kept = record_row(others[0]).unwrap();
        assert_eq!((kept.title, kept.text.as_str()), (None, "t"));
        assert_eq!(record_row(others[2]).unwrap().text, "t");
        assert!(record_row(others[4]).is_err());
        // Rows of both kinds in one row group, in order.
        let mut w = RecordsWriter::new(Vec::new()).unwrap();
        for line in [lines[0], r#"{"title":[],"text":"t","id":"c"}"#, lines[1]] {
            writeln!(w, "{line}").unwrap();
        }
        let batch = rows(w.finish().unwrap());
        let ids: Vec<Option<&str>> = batch.column(0).as_string::<i32>().iter().collect();
        assert_eq!(ids, [Some("a"), Some("c"), Some("7")]);
        let titles: Vec<Option<&str>> = batch.column(1).as_string::<i32>().iter().collect();
        assert_eq!(titles, [Some("T"), None, None]);
    }

    #[test]
    fn json_rows_are_the_lines_of_arrow_jsons_writer() {
        use arrow_array::builder::ListBuilder;
        use arrow_array::{Int64Array, LargeStringArray, StringArray};
        let batch = RecordBatch::try_from_iter([
            (
                "id",
                Arc::new(Int64Array::from(vec![Some(1), None, Some(3)])) as ArrayRef,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec![
                    Some("a\nb \"q\" é"),
                    Some(""),
                    None,
                ])) as ArrayRef,
            ),
            (
                "more",
                // Every kind of escape, inside and after blocks of 32 bytes.
                Arc::new(LargeStringArray::from(vec![
                    Some("\\ \t\r\u{1}\u{1f}\u{7f}\u{8}\u{c} ščř 🙂 ".repeat(5)),
                    None,
                    Some("\"".to_owned()),
                ])) as ArrayRef,
            ),
            ("tags", {
                // Strings inside a list are escaped by the same encoder.
                let mut tags = ListBuilder::new(StringBuilder::new());
                tags.values().append_value("a\u{2}\"b");
                tags.values().append_null();
                tags.append(true);
                tags.append(true);
                tags.append(false);
                Arc::new(tags.finish()) as ArrayRef
            }),
        ])
        .unwrap();
        let rows = json_rows(&batch).unwrap();
        let mut lines = Vec::new();
        let mut writer = arrow_json::WriterBuilder::new()
            .with_explicit_nulls(true)
            .build::<_, arrow_json::writer::LineDelimited>(&mut lines);
        writer.write(&batch).unwrap();
        writer.finish().unwrap();
        drop(writer);
        assert_eq!(rows.join(&b'\n'), lines.trim_ascii_end());
        assert_eq!(rows[1], br#"{"id":null,"text":"","more":null,"tags":[]}"#);
        // In slices of JSON_ROWS rows, in parallel: the same rows in the same order.
        let long = arrow_select::concat::concat_batches(&batch.schema(), &vec![batch; 50]).unwrap();
        let each = json_rows(&long).unwrap();
        assert_eq!(each.len(), 150);
        assert_eq!(parallel_json_rows(&long).unwrap(), each);
    }

    #[test]
    fn object_members_keep_order_and_values_as_written() {
        let members = object_members(r#"{"b": 1.50, "a": {"x": [1, 2]}, "b": null}"#).unwrap();
        let shown: Vec<(&str, &str)> = members.iter().map(|(k, v)| (k.as_str(), v.get())).collect();
        assert_eq!(
            shown,
            [("b", "1.50"), ("a", r#"{"x": [1, 2]}"#), ("b", "null")]
        );
        assert!(object_members("[1]").is_none());
    }
}
