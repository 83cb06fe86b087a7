//! `clean_arrow`: Arrow tables in, a pyarrow `Table` out, the texts never made `str`.
//!
//! The input is any object of the Arrow PyCapsule interface: `__arrow_c_stream__` (a
//! pyarrow `Table` or `RecordBatchReader`, a polars `DataFrame`, …) or `__arrow_c_array__`
//! of a struct array (a pyarrow `RecordBatch`). Its batches are read through the C stream
//! and data interfaces (arrow-rs's `ffi`), cleaned with the GIL released by
//! [`scour::table::clean_batch`], the function `scour clean` cleans a Parquet table's
//! batches with, and handed to `pyarrow.table` as a C stream: the columns carried over are
//! the caller's own buffers, never copied.

use crate::pool;
use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{
    Array, RecordBatch, RecordBatchIterator, RecordBatchOptions, RecordBatchReader, StructArray,
};
use arrow_schema::{ArrowError, DataType, Schema, SchemaRef};
use pyo3::exceptions::{PyImportError, PyKeyError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyTuple};
use rayon::prelude::*;
use scour::Config;
use scour::table::{self, Columns, Outcome, Rows};
use std::ffi::CStr;
use std::sync::{Arc, Mutex};

/// The names the Arrow PyCapsule interface gives its capsules.
const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// A batch of the input is cleaned in slices of at most this many rows, and about this many
/// bytes of text, cleaned side by side: as `scour clean` reads a Parquet table (1,024 rows,
/// 8 MB), so that what cleaning holds besides the input and the output stays bounded, and
/// one large batch still gives every worker rows.
const SLICE_ROWS: usize = 1024;
const SLICE_BYTES: usize = 8 << 20;

fn bad_data(what: &str, e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("scour: data: {what}: {e}"))
}

/// The batches of `data`, an object of the Arrow PyCapsule interface.
fn reader(data: &Bound<'_, PyAny>) -> PyResult<Box<dyn RecordBatchReader + Send>> {
    let py = data.py();
    if data.hasattr(intern!(py, "__arrow_c_stream__"))? {
        let capsule = data.call_method0(intern!(py, "__arrow_c_stream__"))?;
        let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
            PyTypeError::new_err("scour: data: __arrow_c_stream__ did not return a capsule")
        })?;
        let stream = capsule.pointer_checked(Some(STREAM))?;
        // SAFETY: a capsule named `arrow_array_stream` holds an `ArrowArrayStream` (the
        // PyCapsule interface); `from_raw` moves it out and marks the capsule's released,
        // so that the capsule's destructor leaves it alone.
        let reader = unsafe { ArrowArrayStreamReader::from_raw(stream.as_ptr().cast()) }
            .map_err(|e| bad_data("the stream's schema", e))?;
        return Ok(Box::new(reader));
    }
    if data.hasattr(intern!(py, "__arrow_c_array__"))? {
        let pair = data.call_method0(intern!(py, "__arrow_c_array__"))?;
        let pair = pair.cast::<PyTuple>().map_err(|_| {
            PyTypeError::new_err("scour: data: __arrow_c_array__ did not return a pair of capsules")
        })?;
        let (schema, array) = pair.extract::<(Bound<'_, PyCapsule>, Bound<'_, PyCapsule>)>()?;
        let schema = schema.pointer_checked(Some(SCHEMA))?;
        let array = array.pointer_checked(Some(ARRAY))?;
        // SAFETY: capsules named `arrow_schema` and `arrow_array` hold an `ArrowSchema` and an
        // `ArrowArray`. The schema is borrowed (its capsule releases it); the array is moved
        // out, its capsule's marked released.
        let (schema, array) = unsafe {
            (
                &*schema.as_ptr().cast::<FFI_ArrowSchema>(),
                FFI_ArrowArray::from_raw(array.as_ptr().cast()),
            )
        };
        let batch = struct_batch(schema, array)?;
        let schema = batch.schema();
        return Ok(Box::new(RecordBatchIterator::new([Ok(batch)], schema)));
    }
    Err(PyTypeError::new_err(format!(
        "scour: data: expected an Arrow table (an object with __arrow_c_stream__ or \
         __arrow_c_array__: a pyarrow Table, RecordBatch or RecordBatchReader, a polars \
         DataFrame), not {}",
        data.get_type().name()?
    )))
}

/// The record batch a struct array of the C data interface holds.
fn struct_batch(schema: &FFI_ArrowSchema, array: FFI_ArrowArray) -> PyResult<RecordBatch> {
    let fields = Schema::try_from(schema).map_err(|e| {
        PyTypeError::new_err(format!(
            "scour: data: not a table (an array of struct, one field a column): {e}"
        ))
    })?;
    // SAFETY: the array comes with its schema from a producer of the C data interface; its
    // contents are checked below before anything reads them.
    let data = unsafe { from_ffi(array, schema) }.map_err(|e| bad_data("the array", e))?;
    data.validate_full().map_err(|e| bad_data("the array", e))?;
    if !matches!(data.data_type(), DataType::Struct(_)) {
        return Err(PyTypeError::new_err(format!(
            "scour: data: not a table: an array of {}",
            data.data_type()
        )));
    }
    let rows = data.len();
    let (_, columns, nulls) = StructArray::from(data).into_parts();
    if nulls.is_some_and(|n| n.null_count() > 0) {
        return Err(PyValueError::new_err(
            "scour: data: a struct array with null rows is not a table",
        ));
    }
    RecordBatch::try_new_with_options(
        Arc::new(fields),
        columns,
        &RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .map_err(|e| bad_data("the array", e))
}

/// Where the text is, or a clear error: no such column, or one that holds no text.
fn columns_of(schema: &Schema, text_field: &str) -> PyResult<Columns> {
    let columns = Columns::of(schema, text_field)
        .map_err(|e| PyKeyError::new_err(format!("scour: {e}; name it with text_field")))?;
    let field = schema
        .field_with_name(text_field)
        .map_err(|e| PyKeyError::new_err(format!("scour: no column `{text_field}`: {e}")))?;
    match field.data_type() {
        DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView => Ok(columns),
        other => Err(PyTypeError::new_err(format!(
            "scour: column `{text_field}` holds {other}, not text (a string or binary column)"
        ))),
    }
}

/// The bytes of text of row `i` of a text column (0 for a null).
fn text_bytes(array: &dyn Array, i: usize) -> usize {
    if array.is_null(i) {
        return 0;
    }
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value_length(i) as usize,
        DataType::LargeUtf8 => array.as_string::<i64>().value_length(i) as usize,
        DataType::Utf8View => array.as_string_view().value(i).len(),
        DataType::Binary => array.as_binary::<i32>().value_length(i) as usize,
        DataType::LargeBinary => array.as_binary::<i64>().value_length(i) as usize,
        DataType::BinaryView => array.as_binary_view().value(i).len(),
        _ => 0,
    }
}

/// `batch` cut into slices of at most [`SLICE_ROWS`] rows and about [`SLICE_BYTES`] of
/// text (at least one row each), with the index of each one's first row in `batch`.
fn slices(batch: &RecordBatch, text: usize) -> Vec<(RecordBatch, usize)> {
    let column = batch.column(text);
    let mut out = Vec::new();
    let mut start = 0;
    while start < batch.num_rows() {
        let mut end = start;
        let mut bytes = 0;
        while end < batch.num_rows()
            && end - start < SLICE_ROWS
            && (end == start || bytes < SLICE_BYTES)
        {
            bytes += text_bytes(column, end);
            end += 1;
        }
        out.push((batch.slice(start, end - start), start));
        start = end;
    }
    out
}

/// A row left out of the output: its index in the input (from 0) and why.
struct RejectedRow {
    row: u64,
    kind: &'static str,
    reason: String,
}

impl RejectedRow {
    /// `{"row": …, "kind": …, "reason": …}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item(intern!(py, "row"), self.row)?;
        dict.set_item(intern!(py, "kind"), self.kind)?;
        dict.set_item(intern!(py, "reason"), &self.reason)?;
        Ok(dict)
    }
}

/// What cleaning a whole input gave: the output's batches, and the rows left out.
struct Cleaned {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    rejected: Vec<RejectedRow>,
}

/// Clean every batch of `input` on `pool`, in order. Runs without the GIL: reading a stream
/// whose producer is Python code takes the GIL in the producer.
fn clean_all(
    input: Box<dyn RecordBatchReader + Send>,
    columns: &Columns,
    text: usize,
    pool: &rayon::ThreadPool,
    config: &Config,
) -> Result<Cleaned, String> {
    let mut batches = Vec::new();
    let mut rejected = Vec::new();
    let mut row = 0u64;
    // A batch of the stream has the stream's schema: the reader builds it so.
    for (n, batch) in input.enumerate() {
        let batch = batch.map_err(|e| format!("batch {n} of the stream: {e}"))?;
        // The C interfaces hand over buffers unchecked: a string column that is not UTF-8,
        // offsets past the end, would be read as they are.
        for column in batch.columns() {
            column
                .to_data()
                .validate_full()
                .map_err(|e| format!("batch {n} of the stream: {e}"))?;
        }
        let parts = slices(&batch, text);
        let cleaned: Vec<Result<_, String>> = pool.install(|| {
            parts
                .par_iter()
                .map(|(slice, start)| {
                    let rows = Rows {
                        shown: "",
                        stem: "",
                        first: row + *start as u64 + 1,
                    };
                    table::clean_batch(slice, columns, &rows, config)
                })
                .collect()
        });
        for part in cleaned {
            let (out, outcomes) = part?;
            batches.extend(out.into_iter().filter(|b| b.num_rows() > 0));
            for outcome in outcomes {
                if let Outcome::Rejected(r) = outcome {
                    rejected.push(RejectedRow {
                        row: r.line.unwrap_or(0).saturating_sub(1),
                        kind: r.kind,
                        reason: r.reason,
                    });
                }
            }
        }
        row += batch.num_rows() as u64;
    }
    Ok(Cleaned {
        schema: columns.schema().clone(),
        batches,
        rejected,
    })
}

/// The output, handed to pyarrow through the C stream interface (`__arrow_c_stream__`), once.
#[pyclass(frozen, module = "scour")]
struct Stream {
    stream: Mutex<Option<FFI_ArrowArrayStream>>,
}

#[pymethods]
impl Stream {
    /// The stream's capsule (`requested_schema` is not honoured: the batches keep theirs).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let stream = self
            .stream
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| PyValueError::new_err("scour: the stream was read already"))?;
        PyCapsule::new_with_value(py, stream, STREAM)
    }
}

/// Clean the text column `text_field` of `data` (see `scour.clean_arrow`) and return the
/// output as a pyarrow `Table`; rows left out are appended to `rejects` when given.
pub(crate) fn clean_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    text_field: &str,
    threads: Option<i64>,
    rejects: Option<&Bound<'_, PyList>>,
    config: &Arc<Config>,
) -> PyResult<Py<PyAny>> {
    let pool = pool(threads)?;
    let pyarrow = py.import("pyarrow").map_err(|e| {
        PyImportError::new_err(format!(
            "scour: clean_arrow returns a pyarrow Table: install pyarrow ({e})"
        ))
    })?;
    let input = reader(data)?;
    let schema = input.schema();
    let columns = columns_of(&schema, text_field)?;
    let text = schema
        .index_of(text_field)
        .map_err(|e| PyKeyError::new_err(format!("scour: {e}")))?;
    let config = Arc::clone(config);
    let cleaned = py
        .detach(|| clean_all(input, &columns, text, &pool, &config))
        .map_err(|e| PyValueError::new_err(format!("scour: data: {e}")))?;
    if let Some(rejects) = rejects {
        for r in &cleaned.rejected {
            rejects.append(r.to_dict(py)?)?;
        }
    }
    let Cleaned {
        schema, batches, ..
    } = cleaned;
    let reader = RecordBatchIterator::new(batches.into_iter().map(Ok::<_, ArrowError>), schema);
    let stream = Stream {
        stream: Mutex::new(Some(FFI_ArrowArrayStream::new(Box::new(reader)))),
    };
    Ok(pyarrow
        .getattr(intern!(py, "table"))?
        .call1((Bound::new(py, stream)?,))?
        .unbind())
}
