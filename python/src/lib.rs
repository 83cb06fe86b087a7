//! `scour._scour`: the Python binding of the scour library, kept thin.
//!
//! Keyword arguments become a [`scour::Config`] through [`scour::settings`], as `scour.toml`
//! keys do; each document goes through [`scour::pipeline::clean_document`] and its record
//! is built as dicts with the keys, order and values that [`scour::record::write_line`], the
//! record writer of `scour clean`, gives the CLI's JSONL (tests hold the two equal).
//! Batches are cleaned in bounded chunks on a rayon pool, without the GIL, while the thread
//! that called turns the chunk before into dicts; records come back in input order.
//! Arrow tables go through [`scour::table::clean_batch`] instead, as Parquet tables do in
//! `scour clean`, and come back as Arrow (`arrow.rs`).

mod arrow;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::{MutexExt, PyOnceLock};
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use scour::settings::{self, Settings, Value};
use scour::{Config, Document, Origin, Reject};
use std::sync::{Arc, Mutex, mpsc};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    scour,
    RejectedError,
    PyValueError,
    "A document scour cannot clean (binary data, too large); `.kind` names why."
);

/// Options that say how files are split into documents: they have no meaning for a text
/// handed over in memory.
const FILE_KEYS: &[&str] = &["format", "lines", "text-field", "id-field"];

/// At most this many documents, and about this many bytes, are cleaned per chunk of a
/// batch: what is held besides the caller's texts and the records stays bounded.
const CHUNK_DOCS: usize = 1024;
const CHUNK_BYTES: usize = 8 << 20;

/// A document's input, copied out of Python so that the GIL can be released.
enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    fn len(&self) -> usize {
        match self {
            Input::Text(s) => s.len(),
            Input::Bytes(b) => b.len(),
        }
    }
}

/// What cleaning one document gave: the cleaned document (its record is built from it as
/// dicts, see [`record_dict`]), or why it was rejected.
enum Outcome {
    Record(Box<Document>),
    Rejected(Reject),
}

/// The name a caller wrote for a setting (`_` for `-`).
fn python_name(key: &str) -> String {
    key.replace('-', "_")
}

fn bad_setting(e: settings::SettingError) -> PyErr {
    PyValueError::new_err(format!(
        "scour: option {}: {}",
        python_name(&e.key),
        e.reason
    ))
}

/// A keyword argument's value as a setting's value.
fn setting_value(key: &str, value: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::Str(s.to_cow()?.into_owned()));
    }
    if let Ok(n) = value.extract::<i64>() {
        return Ok(Value::Int(n));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        return value
            .try_iter()?
            .map(|item| setting_value(key, &item?))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::List);
    }
    // A path (`vocab=pathlib.Path(...)`).
    let os = value.py().import("os")?;
    if let Ok(path) = os.call_method1("fspath", (value,)) {
        if let Ok(s) = path.cast::<PyString>() {
            return Ok(Value::Str(s.to_cow()?.into_owned()));
        }
    }
    Err(PyValueError::new_err(format!(
        "scour: option {}: takes a bool, int, str, path or list, not {}",
        python_name(key),
        value.get_type().name()?
    )))
}

/// The settings the keyword arguments give, taking only those in `allowed`.
fn settings_from(options: Option<&Bound<'_, PyDict>>, allowed: &[&str]) -> PyResult<Settings> {
    let mut settings = Settings::default();
    let Some(options) = options else {
        return Ok(settings);
    };
    for (key, value) in options.iter() {
        let key: String = key.extract()?;
        let name = key.replace('_', "-");
        if FILE_KEYS.contains(&name.as_str()) {
            return Err(PyValueError::new_err(format!(
                "scour: option {key}: says how files are split into documents; here each text is one document"
            )));
        }
        if name == "threads" {
            return Err(PyValueError::new_err(
                "scour: option threads: only clean_batch takes threads",
            ));
        }
        let positive = format!("no-{name}");
        let known = |n: &str| settings::KEYS.contains(&n);
        let in_scope = |n: &str| allowed.contains(&n);
        if (known(&name) && !in_scope(&name)) || (known(&positive) && !in_scope(&positive)) {
            return Err(PyValueError::new_err(format!(
                "scour: option {key}: not an option of detect (it takes {})",
                allowed
                    .iter()
                    .map(|k| python_name(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        settings
            .set(&key, setting_value(&key, &value)?)
            .map_err(bad_setting)?;
    }
    Ok(settings)
}

fn config_from(options: Option<&Bound<'_, PyDict>>) -> PyResult<Arc<Config>> {
    let settings = settings_from(options, settings::KEYS)?;
    settings.config().map(Arc::new).map_err(bad_setting)
}

/// What the calling thread keeps of a `str` input while the pool cleans it: the `str` and
/// the UTF-8 Python made of it, so that the cleaned text can come back as that `str` or a
/// slice of it instead of a new `str` decoded from UTF-8 (see [`text_object`]).
struct Original<'py> {
    text: Bound<'py, PyString>,
    utf8: Bound<'py, PyBytes>,
}

/// Copy one Python text (`str`, `bytes` or `bytearray`) out of Python; `at` names it for
/// the error. A `str` of exactly that type also gives what to hand back if cleaning leaves
/// it unchanged (a subclass's instance is not handed back: a record holds plain `str`).
fn input<'py>(
    value: &Bound<'py, PyAny>,
    at: &dyn Fn() -> String,
) -> PyResult<(Input, Option<Original<'py>>)> {
    if let Ok(s) = value.cast::<PyString>() {
        // Python's UTF-8 of the str: a str with a lone surrogate raises here.
        let utf8 = s.encode_utf8()?;
        // SAFETY: `encode_utf8` is `PyUnicode_AsUTF8String`, Python's UTF-8 codec with strict
        // errors: it writes valid UTF-8 or raises (above), so checking it again (a fiftieth
        // of `clean_batch`'s instructions on the generated corpus) could never fail.
        let text = unsafe { std::str::from_utf8_unchecked(utf8.as_bytes()) }.to_owned();
        let original = s.is_exact_instance_of::<PyString>().then(|| Original {
            text: s.clone(),
            utf8,
        });
        return Ok((Input::Text(text), original));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok((Input::Bytes(b.as_bytes().to_vec()), None));
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        return Ok((Input::Bytes(b.to_vec()), None));
    }
    Err(PyTypeError::new_err(format!(
        "scour: {}: expected str or bytes, not {}",
        at(),
        value.get_type().name()?
    )))
}

/// Clean one document (never panics: a stage's panic is an internal reject, as in `scour
/// clean`).
fn clean_one(input: Input, config: &Config) -> Outcome {
    let limit = config.input.max_doc_bytes;
    if input.len() as u64 > limit {
        return Outcome::Rejected(Reject::TooLarge {
            size: input.len() as u64,
            limit,
        });
    }
    let run = || {
        let mut doc = match input {
            Input::Text(text) => Document::from_text("", Origin::default(), text),
            Input::Bytes(bytes) => Document::from_bytes("", Origin::default(), bytes),
        };
        scour::pipeline::clean_document(&mut doc, config)?;
        // What the record does not hold need not wait for it.
        doc.raw = None;
        doc.line_words = None;
        Ok(Box::new(doc))
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(record)) => Outcome::Record(record),
        Ok(Err(reject)) => Outcome::Rejected(reject),
        Err(_) => Outcome::Rejected(Reject::Internal(
            "a stage panicked; this is a bug in scour".into(),
        )),
    }
}

/// A JSON value as a Python object (objects as dicts in their key order).
fn to_python<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value as J;
    Ok(match value {
        J::Null => py.None().into_bound(py),
        J::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        J::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        J::String(s) => PyString::new(py, s).into_any(),
        J::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        J::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// The cleaned text as a `str`, made the cheapest way: the input's own `str` (a new
/// reference) when cleaning left it byte for byte as it was; a slice of it when the text is
/// one (what cleaning mostly does to a clean page is take lines off its ends: a title, a
/// site tag), which Python copies several times faster than it decodes UTF-8; else a new
/// `str` decoded from the text.
fn text_object<'py>(
    py: Python<'py>,
    text: &str,
    original: Option<&Original<'py>>,
) -> PyResult<Bound<'py, PyAny>> {
    let Some(original) = original.filter(|_| !text.is_empty()) else {
        return Ok(PyString::new(py, text).into_any());
    };
    let input = original.utf8.as_bytes();
    if input == text.as_bytes() {
        return Ok(original.text.clone().into_any());
    }
    let Some(at) = find_slice(input, text.as_bytes()) else {
        return Ok(PyString::new(py, text).into_any());
    };
    // A match of valid UTF-8 in valid UTF-8 starts and ends at character boundaries; Python
    // counts in characters, and knows the input's count: only the (short) parts cut off
    // either end are counted here.
    let start = chars(&input[..at]);
    let end = original.text.len()? - chars(&input[at + text.len()..]);
    let (Ok(start), Ok(end)) = (isize::try_from(start), isize::try_from(end)) else {
        return Ok(PyString::new(py, text).into_any());
    };
    // SAFETY: `original.text` is a live `str`; PyUnicode_Substring returns a new reference
    // or NULL with an exception set, which `from_owned_ptr_or_err` turns into an error.
    unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            pyo3::ffi::PyUnicode_Substring(original.text.as_ptr(), start, end),
        )
    }
}

/// Where `text` stands in `input`, if it does. The texts are long and the first bytes of
/// `text` occur in `input` seldom (a cleaned page starts where a line did): a search for
/// those bytes, then a comparison at each place they are found, costs less than searching
/// for all of `text` (whose searcher is as costly to build as the text is long). Only the
/// first few places are tried: a text of one repeated character would otherwise be
/// compared at every position of its input.
fn find_slice(input: &[u8], text: &[u8]) -> Option<usize> {
    const PREFIX: usize = 32;
    const PLACES: usize = 8;
    if text.len() > input.len() {
        return None;
    }
    memchr::memmem::find_iter(input, &text[..text.len().min(PREFIX)])
        .take(PLACES)
        .find(|&at| input[at..].starts_with(text))
}

/// The characters of valid UTF-8: its bytes that are not continuation bytes.
fn chars(utf8: &[u8]) -> usize {
    utf8.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum()
}

/// `str` objects of the library's `&'static str` values that records hold (encoding names,
/// stages, kinds of removal), made once per batch instead of once per record: a handful,
/// found by address.
#[derive(Default)]
struct Names<'py> {
    made: Vec<(&'static str, Bound<'py, PyString>)>,
}

impl<'py> Names<'py> {
    fn get(&mut self, py: Python<'py>, name: &'static str) -> Bound<'py, PyString> {
        if let Some((_, made)) = self.made.iter().find(|(n, _)| std::ptr::eq(*n, name)) {
            return made.clone();
        }
        let made = PyString::new(py, name);
        self.made.push((name, made.clone()));
        made
    }
}

/// A dict of `keys`, each to None, in that order: a template (see [`Templates`]).
fn template<'py>(py: Python<'py>, keys: &[&Bound<'py, PyString>]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for key in keys {
        dict.set_item(key, py.None())?;
    }
    Ok(dict)
}

/// The dicts records start from. A record's dicts are copies of these (`PyDict_Copy` clones
/// a dict's key table whole) with the values that differ set in place: cheaper than a new
/// dict and an insertion per key, which grows the report's table once on the way (six keys).
/// Copies keep the template's key order, the record's; a key that is there only sometimes
/// is set after the template's keys only where the record has it last (`boilerplate`),
/// else the dict is built key by key. The templates are made once per process and never
/// handed out, so that a single `clean` pays for copies only.
struct Templates {
    /// `{"id": "", "text": None, "metadata": None}`.
    record: Py<PyDict>,
    /// `{"id": "", "title": None, "text": None, "metadata": None}`.
    titled: Py<PyDict>,
    /// `{"path": "", "clean": None}`: the metadata of a text that has no line, no web
    /// fields, no site tag and no passthrough fields.
    metadata: Py<PyDict>,
}

static TEMPLATES: PyOnceLock<Templates> = PyOnceLock::new();

/// The report's start by its encoding name, `detected_by` and confidence (`{"encoding": …,
/// "detected_by": …, "confidence": …, "replacements": 0, "changes": None, "removed":
/// None}`), made as each is first needed: a handful, found by address.
static REPORTS: Mutex<Vec<(Encoding, Py<PyDict>)>> = Mutex::new(Vec::new());

/// What a report's start depends on: the encoding name, `detected_by` and confidence.
type Encoding = [&'static str; 3];

impl Templates {
    fn new(py: Python<'_>) -> PyResult<Self> {
        let empty = PyString::new(py, "");
        let record = template(
            py,
            &[
                intern!(py, "id"),
                intern!(py, "text"),
                intern!(py, "metadata"),
            ],
        )?;
        record.set_item(intern!(py, "id"), &empty)?;
        let titled = template(
            py,
            &[
                intern!(py, "id"),
                intern!(py, "title"),
                intern!(py, "text"),
                intern!(py, "metadata"),
            ],
        )?;
        titled.set_item(intern!(py, "id"), &empty)?;
        let metadata = template(py, &[intern!(py, "path"), intern!(py, "clean")])?;
        metadata.set_item(intern!(py, "path"), &empty)?;
        Ok(Self {
            record: record.unbind(),
            titled: titled.unbind(),
            metadata: metadata.unbind(),
        })
    }
}

/// What building a batch's records keeps at hand: the templates, the report starts found so
/// far and the names made so far.
struct Shapes<'py> {
    names: Names<'py>,
    templates: &'static Templates,
    reports: Vec<(Encoding, Bound<'py, PyDict>)>,
}

impl<'py> Shapes<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(Self {
            names: Names::default(),
            templates: TEMPLATES.get_or_try_init(py, || Templates::new(py))?,
            reports: Vec::new(),
        })
    }

    /// A copy of the report's start for `encoding`.
    fn clean(
        &mut self,
        py: Python<'py>,
        encoding: &scour::document::EncodingReport,
    ) -> PyResult<Bound<'py, PyDict>> {
        let key = [
            encoding.encoding,
            encoding.detected_by,
            encoding.confidence.as_str(),
        ];
        let same = |k: &Encoding| k.iter().zip(&key).all(|(a, b)| std::ptr::eq(*a, *b));
        if let Some((_, made)) = self.reports.iter().find(|(k, _)| same(k)) {
            return made.copy();
        }
        // The lock is held only to look and to add, never while Python runs.
        let found = REPORTS
            .lock_py_attached(py)
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(k, _)| same(k))
            .map(|(_, made)| made.clone_ref(py));
        let made = match found {
            Some(made) => made.into_bound(py),
            None => {
                let made = PyDict::new(py);
                made.set_item(intern!(py, "encoding"), self.names.get(py, key[0]))?;
                made.set_item(intern!(py, "detected_by"), self.names.get(py, key[1]))?;
                made.set_item(intern!(py, "confidence"), self.names.get(py, key[2]))?;
                made.set_item(intern!(py, "replacements"), 0)?;
                made.set_item(intern!(py, "changes"), py.None())?;
                made.set_item(intern!(py, "removed"), py.None())?;
                REPORTS
                    .lock_py_attached(py)
                    .unwrap_or_else(|e| e.into_inner())
                    .push((key, made.clone().unbind()));
                made
            }
        };
        let copy = made.copy();
        self.reports.push((key, made));
        copy
    }
}

/// The record of `doc` as a dict: the keys, their order and the values that
/// [`scour::record::write_line`] writes for `scour clean`, built straight from the document
/// instead of written as JSON and read back (which took about a third of `clean_batch`'s
/// time), from the templates of `shapes`. python/tests/test_golden.py holds it equal to the
/// CLI's record on every golden fixture, python/tests/test_records.py on generated
/// documents. A line kept in its own shape (which a text handed over alone never is) goes
/// the JSON way.
fn record_dict<'py>(
    py: Python<'py>,
    doc: &Document,
    original: Option<&Original<'py>>,
    shapes: &mut Shapes<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    if doc.kept.is_some() {
        let mut line = Vec::with_capacity(scour::record::size_hint(doc));
        scour::record::write_line(doc, &mut line);
        let value: serde_json::Value = serde_json::from_slice(&line)
            .map_err(|e| PyValueError::new_err(format!("scour: the record does not parse: {e}")))?;
        return to_python(py, &value);
    }
    let record = match &doc.title {
        Some(title) => {
            let record = shapes.templates.titled.bind(py).copy()?;
            record.set_item(intern!(py, "title"), PyString::new(py, title))?;
            record
        }
        None => shapes.templates.record.bind(py).copy()?,
    };
    if !doc.id.is_empty() {
        record.set_item(intern!(py, "id"), PyString::new(py, &doc.id))?;
    }
    record.set_item(intern!(py, "text"), text_object(py, &doc.text, original)?)?;
    record.set_item(intern!(py, "metadata"), metadata_dict(py, doc, shapes)?)?;
    Ok(record.into_any())
}

/// A record's `metadata`: where the document came from, its web fields and site tag, its
/// passthrough fields, and the report (`clean`).
fn metadata_dict<'py>(
    py: Python<'py>,
    doc: &Document,
    shapes: &mut Shapes<'py>,
) -> PyResult<Bound<'py, PyDict>> {
    let clean = clean_dict(py, doc, shapes)?;
    if doc.origin.line.is_none()
        && doc.web.is_none()
        && doc.site_tag.is_none()
        && doc.passthrough.is_empty()
    {
        let metadata = shapes.templates.metadata.bind(py).copy()?;
        if !doc.origin.path.is_empty() {
            metadata.set_item(intern!(py, "path"), PyString::new(py, &doc.origin.path))?;
        }
        metadata.set_item(intern!(py, "clean"), clean)?;
        return Ok(metadata);
    }
    let metadata = PyDict::new(py);
    metadata.set_item(intern!(py, "path"), PyString::new(py, &doc.origin.path))?;
    if let Some(line) = doc.origin.line {
        metadata.set_item(intern!(py, "line"), line)?;
    }
    let mut site = None;
    if let Some(web) = &doc.web {
        if let Some(url) = &web.url {
            metadata.set_item(intern!(py, "url"), PyString::new(py, url))?;
        }
        if let Some(date) = &web.date {
            metadata.set_item(intern!(py, "date"), PyString::new(py, date))?;
        }
        site = web.site.as_deref();
    }
    let tag = doc.site_tag.as_ref();
    if let Some(tag) = tag {
        metadata.set_item(intern!(py, "site_tag"), PyString::new(py, &tag.tag))?;
    }
    if let Some(site) = site.or(tag.map(|t| t.site.as_str())) {
        metadata.set_item(intern!(py, "site"), PyString::new(py, site))?;
    }
    if let Some(section) = tag.and_then(|t| t.section.as_ref()) {
        metadata.set_item(intern!(py, "section"), PyString::new(py, section))?;
    }
    for (field, name) in doc
        .passthrough
        .iter()
        .zip(scour::record::passthrough_names(&doc.passthrough))
    {
        let value: serde_json::Value = serde_json::from_str(field.value.get())
            .map_err(|e| PyValueError::new_err(format!("scour: field {name}: {e}")))?;
        metadata.set_item(&*name, to_python(py, &value)?)?;
    }
    metadata.set_item(intern!(py, "clean"), clean)?;
    Ok(metadata)
}

/// A record's report (`metadata.clean`): the encoding, the changes, the removed text and
/// the boilerplate lines.
fn clean_dict<'py>(
    py: Python<'py>,
    doc: &Document,
    shapes: &mut Shapes<'py>,
) -> PyResult<Bound<'py, PyDict>> {
    let clean = shapes.clean(py, &doc.encoding)?;
    if doc.encoding.replacements != 0 {
        clean.set_item(intern!(py, "replacements"), doc.encoding.replacements)?;
    }
    let changes = PyList::empty(py);
    for c in &doc.changes {
        let change = PyDict::new(py);
        change.set_item(intern!(py, "stage"), shapes.names.get(py, c.stage))?;
        change.set_item(intern!(py, "kind"), PyString::new(py, &c.kind))?;
        change.set_item(intern!(py, "count"), c.count)?;
        if let Some(example) = &c.example {
            let e = PyDict::new(py);
            e.set_item(intern!(py, "before"), PyString::new(py, &example.before))?;
            e.set_item(intern!(py, "after"), PyString::new(py, &example.after))?;
            change.set_item(intern!(py, "example"), e)?;
        }
        changes.append(change)?;
    }
    clean.set_item(intern!(py, "changes"), changes)?;
    let removed = PyList::empty(py);
    for r in &doc.removed {
        let item = PyDict::new(py);
        item.set_item(intern!(py, "kind"), shapes.names.get(py, r.kind))?;
        item.set_item(intern!(py, "text"), PyString::new(py, &r.text))?;
        removed.append(item)?;
    }
    clean.set_item(intern!(py, "removed"), removed)?;
    if !doc.boilerplate.is_empty() {
        let lines = PyList::empty(py);
        for line in &doc.boilerplate {
            lines.append(PyString::new(py, line))?;
        }
        clean.set_item(intern!(py, "boilerplate"), lines)?;
    }
    Ok(clean)
}

/// A rejected document in a batch: `{"rejected": {"kind": …, "reason": …}}`.
fn reject_record<'py>(py: Python<'py>, reject: &Reject) -> PyResult<Bound<'py, PyAny>> {
    let inner = PyDict::new(py);
    inner.set_item("kind", reject.kind())?;
    inner.set_item("reason", reject.to_string())?;
    let outer = PyDict::new(py);
    outer.set_item("rejected", inner)?;
    Ok(outer.into_any())
}

fn rejected_error(py: Python<'_>, reject: &Reject) -> PyErr {
    let err = RejectedError::new_err(format!("scour: {}: {reject}", reject.kind()));
    let value = err.value(py);
    if value.setattr("kind", reject.kind()).is_err()
        || value.setattr("reason", reject.to_string()).is_err()
    {
        return PyValueError::new_err(format!("scour: {}: {reject}", reject.kind()));
    }
    err
}

fn clean_text(py: Python<'_>, text: &Bound<'_, PyAny>, config: &Config) -> PyResult<Py<PyAny>> {
    let (input, original) = input(text, &|| "text".to_owned())?;
    match py.detach(|| clean_one(input, config)) {
        Outcome::Record(doc) => {
            Ok(record_dict(py, &doc, original.as_ref(), &mut Shapes::new(py)?)?.unbind())
        }
        Outcome::Rejected(reject) => Err(rejected_error(py, &reject)),
    }
}

/// The rayon pools of the thread counts asked for, built once each.
static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());

/// The most worker threads per core and in all (as `scour clean --threads`).
const MAX_THREADS_PER_CORE: usize = 16;
const MAX_THREADS: usize = 1024;

fn pool(threads: Option<i64>) -> PyResult<Arc<rayon::ThreadPool>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = match threads.map(usize::try_from) {
        None | Some(Ok(0)) => cores,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Err(PyValueError::new_err(
                "scour: threads: a number of threads is 0 or more; None or 0 means one per core",
            ));
        }
    };
    let max = (cores * MAX_THREADS_PER_CORE).min(MAX_THREADS);
    if n > max {
        return Err(PyValueError::new_err(format!(
            "scour: threads: {n} threads on {cores} cores: at most {max}; None or 0 means one per core"
        )));
    }
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(k, _)| *k == n) {
        return Ok(Arc::clone(pool));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| PyValueError::new_err(format!("scour: threads: {e}")))?;
    let pool = Arc::new(pool);
    pools.push((n, Arc::clone(&pool)));
    Ok(pool)
}

/// Python's cyclic garbage collector, paused while records are built and set back as it was
/// when dropped: records hold no cycles, and a batch of them made the collector walk the
/// growing heap again and again (an eighth of the time of `clean_batch`).
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        let was_enabled: bool = gc.call_method0("isenabled")?.extract()?;
        if !was_enabled {
            return Ok(Self { gc: None });
        }
        gc.call_method0("disable")?;
        Ok(Self { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Enabling cannot fail short of a broken interpreter; there is no one to tell.
            let _ = gc.call_method0("enable");
        }
    }
}

/// The next chunk of inputs, copied out of Python, and what the calling thread keeps of them
/// (`index` counts the texts read so far).
fn next_chunk<'py>(
    iter: &mut Bound<'py, pyo3::types::PyIterator>,
    index: &mut usize,
) -> PyResult<(Vec<Input>, Vec<Option<Original<'py>>>)> {
    let mut chunk = Vec::new();
    let mut originals = Vec::new();
    let mut bytes = 0;
    while chunk.len() < CHUNK_DOCS && bytes < CHUNK_BYTES {
        let Some(item) = iter.next() else {
            break;
        };
        let at = *index;
        let (one, original) = input(&item?, &|| format!("texts[{at}]"))?;
        bytes += one.len();
        chunk.push(one);
        originals.push(original);
        *index += 1;
    }
    Ok((chunk, originals))
}

/// Clean `chunk` on `pool` in the background; its outcomes, in order, arrive on the channel.
fn spawn_chunk(
    pool: &rayon::ThreadPool,
    chunk: Vec<Input>,
    config: &Arc<Config>,
) -> mpsc::Receiver<Vec<Outcome>> {
    let (tx, rx) = mpsc::channel();
    let config = Arc::clone(config);
    pool.spawn(move || {
        let outcomes = chunk
            .into_par_iter()
            .map(|i| clean_one(i, &config))
            .collect();
        // The caller may have gone (a bad text further on raised): nothing to hand over then.
        let _ = tx.send(outcomes);
    });
    rx
}

/// A chunk on the pool: its outcomes to come, and what the calling thread keeps of its texts.
struct Pending<'py> {
    outcomes: mpsc::Receiver<Vec<Outcome>>,
    originals: Vec<Option<Original<'py>>>,
}

/// Clean every text of `texts`, a chunk at a time: while the pool cleans chunk N, the
/// calling thread (holding the GIL) turns chunk N-1's records into dicts and reads chunk
/// N+1's texts. At most three chunks are held besides the caller's texts and the records.
fn clean_texts(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    threads: Option<i64>,
    config: &Arc<Config>,
) -> PyResult<Py<PyList>> {
    let pool = pool(threads)?;
    let out = PyList::empty(py);
    let mut iter = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "scour: texts: expected an iterable of str or bytes, not {}",
            texts
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    let _paused = GcPause::new(py)?;
    let mut index = 0usize;
    let mut shapes = Shapes::new(py)?;
    let mut pending: Option<Pending<'_>> = None;
    loop {
        let (chunk, originals) = next_chunk(&mut iter, &mut index)?;
        let next = (!chunk.is_empty()).then(|| Pending {
            outcomes: spawn_chunk(&pool, chunk, config),
            originals,
        });
        if let Some(Pending {
            outcomes: rx,
            originals,
        }) = pending.take()
        {
            let outcomes = py
                .detach(move || rx.recv())
                .map_err(|_| PyValueError::new_err("scour: a worker thread stopped"))?;
            for (outcome, original) in outcomes.iter().zip(&originals) {
                let item = match outcome {
                    Outcome::Record(doc) => record_dict(py, doc, original.as_ref(), &mut shapes)?,
                    Outcome::Rejected(reject) => reject_record(py, reject)?,
                };
                out.append(item)?;
            }
        }
        match next {
            Some(next) => pending = Some(next),
            None => break,
        }
    }
    Ok(out.unbind())
}

/// Clean one document and return its record, the JSONL record of `scour clean` as a dict.
///
/// `text` is a `str` (taken as it is: no detection, `detected_by` is `"json"`) or `bytes`
/// (detected and decoded, as a file is); a `str` that cleaning leaves unchanged comes back
/// as itself. Options are the long flags of `scour clean` with `_` for `-`
/// (`uncurl_quotes=True`, `title=False`, `tag_pattern=["..."]`), as keys of scour.toml. An
/// unknown option or a bad value raises ValueError naming it; a document scour cannot clean
/// (binary data, too large) raises RejectedError.
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn clean(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let config = config_from(options)?;
    clean_text(py, text, &config)
}

/// Clean many documents on all cores (or `threads` worker threads) with the GIL released,
/// and return their records in input order. A document scour cannot clean gives
/// `{"rejected": {"kind": ..., "reason": ...}}` in its place; the batch goes on. The
/// texts are read in chunks, so that memory beyond the texts and the records stays
/// bounded.
#[pyfunction]
#[pyo3(signature = (texts, threads=None, **options))]
fn clean_batch(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    threads: Option<i64>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyList>> {
    let config = config_from(options)?;
    clean_texts(py, texts, threads, &config)
}

/// Clean the text column `text_field` of an Arrow table (`data`: an object of the Arrow
/// PyCapsule interface) on all cores (or `threads` worker threads) with the GIL released, and
/// return a pyarrow Table with the columns of `scour clean`'s Parquet output: the clean text
/// in place of the text, then `title` and `clean` (the report as JSON), every other column
/// carried over. A row scour cannot clean (its text null, binary data, too large) is left
/// out, as in the Parquet output; `rejects`, a list, receives `{"row", "kind", "reason"}`
/// for each.
#[pyfunction]
#[pyo3(signature = (data, text_field="text", threads=None, rejects=None, **options))]
fn clean_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    text_field: &str,
    threads: Option<i64>,
    rejects: Option<&Bound<'_, PyList>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let config = config_from(options)?;
    arrow::clean_arrow(py, data, text_field, threads, rejects, &config)
}

/// Detect the encoding of `data` (bytes) as `scour detect --json` does, without the path:
/// `encoding`, `confidence`, `detected_by`, `bytes_examined`, `replacements`, and `reason`
/// for binary data. Options: encoding, encoding_hint, fallback, ignore_bom.
#[pyfunction]
#[pyo3(signature = (data, **options))]
fn detect(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let settings = settings_from(options, settings::DECODE_KEYS)?;
    let opts = settings.decode_options().map_err(bad_setting)?;
    let bytes = match input(data, &|| "data".to_owned())?.0 {
        Input::Bytes(b) => b,
        Input::Text(_) => {
            return Err(PyTypeError::new_err(
                "scour: data: expected bytes (a str is already decoded)",
            ));
        }
    };
    let report = py.detach(|| scour::decode::detect(&bytes, &opts));
    let value = serde_json::to_value(&report)
        .map_err(|e| PyValueError::new_err(format!("scour: detect: {e}")))?;
    Ok(to_python(py, &value)?.unbind())
}

/// A cleaner with its options checked once (patterns compiled, a vocabulary read), for
/// many calls of `.clean` and `.clean_batch`.
#[pyclass(frozen, module = "scour")]
struct Cleaner {
    config: Arc<Config>,
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(Self {
            config: config_from(options)?,
        })
    }

    /// Clean one document (see `scour.clean`).
    fn clean(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        clean_text(py, text, &self.config)
    }

    /// Clean many documents in parallel, in input order (see `scour.clean_batch`).
    #[pyo3(signature = (texts, threads=None))]
    fn clean_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<i64>,
    ) -> PyResult<Py<PyList>> {
        clean_texts(py, texts, threads, &self.config)
    }

    /// Clean an Arrow table's text column in parallel (see `scour.clean_arrow`).
    #[pyo3(signature = (data, text_field="text", threads=None, rejects=None))]
    fn clean_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        text_field: &str,
        threads: Option<i64>,
        rejects: Option<&Bound<'_, PyList>>,
    ) -> PyResult<Py<PyAny>> {
        arrow::clean_arrow(py, data, text_field, threads, rejects, &self.config)
    }
}

/// The names of the options `clean`, `clean_batch`, `clean_arrow` and `Cleaner` take, with `_` for `-`.
#[pyfunction]
fn options() -> Vec<String> {
    settings::KEYS
        .iter()
        .copied()
        .filter(|k| !FILE_KEYS.contains(k))
        .map(python_name)
        .collect()
}

#[pymodule]
fn _scour(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_function(wrap_pyfunction!(clean_batch, m)?)?;
    m.add_function(wrap_pyfunction!(clean_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(detect, m)?)?;
    m.add_function(wrap_pyfunction!(options, m)?)?;
    m.add_class::<Cleaner>()?;
    m.add("RejectedError", m.py().get_type::<RejectedError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
