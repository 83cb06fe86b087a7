//! A JSONL line to a document: the text, id and title fields read, the rest kept.
//!
//! Values are kept as the input wrote them (serde_json's `RawValue`): a 30-digit id or
//! `1e2` comes out with the same characters, and nothing nested is parsed but the objects
//! on the way to a field scour reads, so nothing nested can be lost. A field named twice at
//! the top level, in `metadata` or in an object on such a way makes the line a reject:
//! which of the two values is the document depends on the reader, and scour does not guess.
//!
//! The line is read into a [`Node`] tree once; [`Layout::Keep`] keeps the tree for the
//! record ([`crate::document::Kept`]), [`Layout::Nested`] flattens it into passthrough
//! fields ([`crate::record`] says what happens to names that collide).

use crate::config::{IdFrom, InputOptions, Layout, field_path};
use crate::document::{Document, Field, Kept, Node, Origin, ReportPlace};
use crate::error::Reject;
use serde_json::Value;
use serde_json::value::RawValue;

/// Parse one JSONL line. The text field must be a string; the id may be a string or a
/// number (a number's id is its digits as written; without an id the id is `stem:line`);
/// a string title field becomes the title. The fields may be paths into nested objects
/// (`content.body`, see [`field_path`]). A trailing `\r` (a CRLF line end) is white space.
pub fn document(
    line: &[u8],
    origin: Origin,
    stem: &str,
    opts: &InputOptions,
) -> Result<Document, Reject> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // JSON from other tools may hold lone UTF-16 surrogates (`\ud83d`), which no Rust string
    // can: those escapes become U+FFFD, counted, and the line is read after all (by
    // [`object`]; the common line takes the fast path, [`with_text_apart`]).
    let (entries, lone_surrogates) = match with_text_apart(line, opts) {
        Some(entries) => (entries, 0),
        None => object(line)?,
    };
    let apart = take_apart(entries, opts)?;
    let id = apart
        .id
        .unwrap_or_else(|| format!("{stem}:{}", origin.line.unwrap_or(0)));
    let mut doc = Document::from_text(id, origin, apart.text);
    doc.title = apart.title;
    match opts.layout {
        Layout::Nested => doc.passthrough = flatten(apart.tree)?,
        Layout::Keep => doc.kept = Some(Box::new(keep(apart.tree, apart.id_found, opts)?)),
    }
    doc.encoding.replacements = lone_surrogates;
    doc.log("decode", "lone surrogate", lone_surrogates);
    Ok(doc)
}

/// A field's value as read: the text field's string decoded by the fast reading, any other
/// value as written.
#[derive(Debug)]
enum Entry {
    Text(String),
    Raw(Box<RawValue>),
}

/// A line's fields in input order, repeated ones included.
type Entries = Vec<(String, Entry)>;

/// A JSON object's fields as a tree, with the text, id and title read out of it.
#[derive(Debug)]
struct Apart {
    tree: Vec<(String, Node)>,
    text: String,
    id: Option<String>,
    /// Whether the id field was there (a string, a number or anything else).
    id_found: bool,
    title: Option<String>,
}

/// The names of a field option's path (validated by [`crate::config::Config::validate`];
/// an invalid one is taken as one name).
enum Names<'a> {
    /// One plain name, as most paths are (`text`, `id`, `title`): read for every line,
    /// they are neither parsed nor copied.
    Plain(&'a str),
    /// A path with dots or escapes, parsed.
    Parsed(Vec<String>),
}

fn names(path: &str) -> Names<'_> {
    if plain(path) {
        return Names::Plain(path);
    }
    Names::Parsed(field_path(path).unwrap_or_else(|| vec![path.to_owned()]))
}

/// Whether a field option's path is one name without escapes.
fn plain(path: &str) -> bool {
    !path.bytes().any(|b| b == b'.' || b == b'\\')
}

impl Names<'_> {
    /// The name of a path of one name.
    fn single(&self) -> Option<&str> {
        match self {
            Names::Plain(name) => Some(name),
            Names::Parsed(names) => match &names[..] {
                [name] => Some(name),
                _ => None,
            },
        }
    }
}

/// [`find`] for a field option's path.
fn find_path<'a>(
    tree: &'a mut [(String, Node)],
    path: &str,
) -> Result<Option<&'a mut Node>, Reject> {
    match names(path) {
        Names::Plain(name) => find(tree, &[name], ""),
        Names::Parsed(names) => find(tree, &names, ""),
    }
}

/// Read the text (a string), the id (a string or a number) and the title (a string) out of
/// `entries`, marking their places in the tree. A name that occurs twice rejects the line.
fn take_apart(entries: Entries, opts: &InputOptions) -> Result<Apart, Reject> {
    if let Some(name) = repeated(entries.iter().map(|(k, _)| k.as_str())) {
        return Err(Reject::Json(format!("duplicate field `{name}`")));
    }
    let mut text = None;
    let mut tree: Vec<(String, Node)> = entries
        .into_iter()
        .map(|(name, entry)| match entry {
            // Only the text field is read as a string by the fast reading.
            Entry::Text(s) => {
                text = Some(s);
                (name, Node::Text)
            }
            Entry::Raw(raw) => (name, Node::Raw(raw)),
        })
        .collect();
    let text = match text {
        Some(text) => text,
        None => {
            let Some(leaf) = find_path(&mut tree, &opts.text_field)? else {
                return Err(Reject::Json(format!("no field `{}`", opts.text_field)));
            };
            let Node::Raw(raw) = leaf else {
                unreachable!("the first place taken")
            };
            match serde_json::from_str::<Value>(raw.get()).map_err(self::json)? {
                Value::String(s) => {
                    *leaf = Node::Text;
                    s
                }
                other => {
                    return Err(Reject::Json(format!(
                        "field `{}` is {}, not a string",
                        opts.text_field,
                        kind(&other)
                    )));
                }
            }
        }
    };
    let (mut id, mut id_found) = (None, false);
    // With ids from the file (`--id-from stem|path`), the id field is a field like the
    // others.
    if opts.id_from == IdFrom::Field
        && let Some(leaf) = find_path(&mut tree, &opts.id_field)?
        && let Node::Raw(raw) = leaf
    {
        id_found = true;
        let json = raw.get();
        if json.starts_with('"') {
            id = Some(serde_json::from_str::<String>(json).map_err(self::json)?);
        } else if json.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
            // A number's digits as written: no float in between.
            id = Some(json.to_owned());
        }
        if id.is_some() {
            let raw = std::mem::replace(raw, RawValue::NULL.to_owned());
            *leaf = Node::Id(raw);
        }
    }
    let mut title = None;
    if let Some(leaf) = find_path(&mut tree, &opts.title_field)?
        && let Node::Raw(raw) = leaf
        && raw.get().starts_with('"')
    {
        title = Some(serde_json::from_str::<String>(raw.get()).map_err(self::json)?);
        *leaf = Node::Title;
    }
    Ok(Apart {
        tree,
        text,
        id,
        id_found,
        title,
    })
}

/// The value at `path` in `tree`, objects on the way opened up (their fields read as
/// written); `None` when a name on the way is missing or names no object, or the place is
/// taken already. `above` is the path to `tree`, for messages. A name twice in an opened
/// object rejects the line.
fn find<'a>(
    tree: &'a mut [(String, Node)],
    path: &[impl AsRef<str>],
    above: &str,
) -> Result<Option<&'a mut Node>, Reject> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(None);
    };
    let first = first.as_ref();
    let Some((_, node)) = tree.iter_mut().find(|(name, _)| name == first) else {
        return Ok(None);
    };
    if rest.is_empty() {
        return Ok(matches!(node, Node::Raw(_)).then_some(node));
    }
    let here = format!("{above}{first}.");
    if let Node::Raw(raw) = node {
        if !raw.get().starts_with('{') {
            return Ok(None);
        }
        let fields = object_fields(raw.get().as_bytes())?;
        if let Some(name) = repeated(fields.iter().map(|(k, _)| k.as_str())) {
            return Err(Reject::Json(format!("duplicate field `{here}{name}`")));
        }
        *node = Node::Object(
            fields
                .into_iter()
                .map(|(name, value)| (name, Node::Raw(value)))
                .collect(),
        );
    }
    match node {
        Node::Object(fields) => find(fields, rest, &here),
        _ => Ok(None),
    }
}

/// The tree of a line as [`Layout::Keep`] writes it: where the report goes, and the id and
/// title fields to add. The report goes to `metadata.clean`, else (the input's `metadata`
/// is no object, or has a `clean`) to `scour.clean`; when `scour` is taken too the line is
/// a reject, so that nothing is overwritten and its bytes are kept.
fn keep(tree: Vec<(String, Node)>, id_found: bool, opts: &InputOptions) -> Result<Kept, Reject> {
    let top = |name: &str| tree.iter().find(|(n, _)| n == name).map(|(_, node)| node);
    let report = match top("metadata") {
        None => ReportPlace::NewMetadata,
        Some(Node::Raw(raw)) if raw.get().starts_with('{') => {
            let fields = object_fields(raw.get().as_bytes())?;
            if let Some(name) = repeated(fields.iter().map(|(k, _)| k.as_str())) {
                return Err(Reject::Json(format!("duplicate field `metadata.{name}`")));
            }
            if fields.iter().any(|(name, _)| name == "clean") {
                ReportPlace::Scour
            } else {
                ReportPlace::Metadata
            }
        }
        Some(Node::Object(fields)) if !fields.iter().any(|(name, _)| name == "clean") => {
            ReportPlace::Metadata
        }
        Some(_) => ReportPlace::Scour,
    };
    if report == ReportPlace::Scour && top("scour").is_some() {
        return Err(Reject::Json(
            "`metadata.clean` and `scour` are both taken: no place for scour's report \
             (--layout nested keeps every field)"
                .into(),
        ));
    }
    // A field scour adds goes to the top level under a plain name that is free (and not
    // the report's), else into the report.
    let free = |path: &str| {
        let path = names(path);
        let name = path.single()?;
        (top(name).is_none() && name != "metadata" && name != "scour").then(|| name.to_owned())
    };
    let has_title = has_node(&tree, &|n| matches!(n, Node::Title));
    Ok(Kept {
        add_id: if id_found { None } else { free(&opts.id_field) },
        add_title: if has_title {
            None
        } else {
            free(&opts.title_field)
        },
        report,
        fields: tree,
    })
}

fn has_node(tree: &[(String, Node)], what: &dyn Fn(&Node) -> bool) -> bool {
    tree.iter().any(|(_, node)| match node {
        Node::Object(fields) => has_node(fields, what),
        node => what(node),
    })
}

/// The tree of a line as [`Layout::Nested`] writes it: every field but the text, id and
/// title, those of a `metadata` object one level up (marked so).
fn flatten(tree: Vec<(String, Node)>) -> Result<Vec<Field>, Reject> {
    let mut fields = Vec::with_capacity(tree.len());
    for (name, node) in tree {
        let members = match node {
            Node::Text | Node::Title | Node::Id(_) => continue,
            Node::Raw(raw) if name == "metadata" && raw.get().starts_with('{') => {
                let inner = object_fields(raw.get().as_bytes())?;
                if inner.is_empty() {
                    fields.push(Field {
                        name,
                        value: raw,
                        in_metadata: false,
                    });
                    continue;
                }
                if let Some(inner) = repeated(inner.iter().map(|(k, _)| k.as_str())) {
                    return Err(Reject::Json(format!("duplicate field `metadata.{inner}`")));
                }
                inner
                    .into_iter()
                    .map(|(name, value)| (name, Node::Raw(value)))
                    .collect()
            }
            Node::Raw(value) => {
                fields.push(Field {
                    name,
                    value,
                    in_metadata: false,
                });
                continue;
            }
            Node::Object(members) if name == "metadata" => members,
            Node::Object(members) => {
                fields.push(Field {
                    name,
                    value: object_without_places(&members),
                    in_metadata: false,
                });
                continue;
            }
        };
        for (name, node) in members {
            let value = match node {
                Node::Text | Node::Title | Node::Id(_) => continue,
                Node::Raw(value) => value,
                Node::Object(members) => object_without_places(&members),
            };
            fields.push(Field {
                name,
                value,
                in_metadata: true,
            });
        }
    }
    Ok(fields)
}

/// An opened object written again without the places scour read (text, id, title).
fn object_without_places(members: &[(String, Node)]) -> Box<RawValue> {
    let mut out = String::from("{");
    for (name, node) in members {
        let value = match node {
            Node::Text | Node::Title | Node::Id(_) => continue,
            Node::Raw(value) => value.get().to_owned(),
            Node::Object(members) => object_without_places(members).get().to_owned(),
        };
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).expect("a string serializes"));
        out.push(':');
        out.push_str(&value);
    }
    out.push('}');
    RawValue::from_string(out).expect("an object of valid values")
}

fn json(e: serde_json::Error) -> Reject {
    Reject::Json(e.to_string())
}

/// The first name that occurs twice, if any.
fn repeated<'a>(names: impl ExactSizeIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if names.len() <= 16 {
        // A handful of fields: comparing each pair costs less than sorting.
        let mut rest = names.clone();
        for name in names {
            rest.next();
            if rest.clone().any(|other| other == name) {
                return Some(name);
            }
        }
        return None;
    }
    let mut sorted: Vec<&str> = names.collect();
    sorted.sort_unstable();
    sorted.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
}

/// Parse `line` as a JSON object, with serde_json's own rules and messages, every value as
/// written. Lone surrogates are replaced (see [`document`]); returns the fields (repeated
/// ones included) and how many surrogates were replaced.
fn object(line: &[u8]) -> Result<(Entries, usize), Reject> {
    let (fixed, lone_surrogates) = replace_lone_surrogates(line);
    let line = if lone_surrogates > 0 {
        &fixed[..]
    } else {
        line
    };
    if line.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Reject::Json("not a JSON object".into()));
    }
    let fields = object_fields(line)?;
    let mut entries = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        entries.push((name, Entry::Raw(checked(value)?)));
    }
    Ok((entries, lone_surrogates))
}

/// The fields of the JSON object `json` in order, repeated ones included, values as
/// written.
fn object_fields(json: &[u8]) -> Result<Vec<(String, Box<RawValue>)>, Reject> {
    struct Fields(Vec<(String, Box<RawValue>)>);
    impl<'de> serde::Deserialize<'de> for Fields {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Fields;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Fields, A::Error> {
                    let mut fields = Vec::new();
                    while let Some(name) = map.next_key::<String>()? {
                        fields.push((name, map.next_value::<Box<RawValue>>()?));
                    }
                    Ok(Fields(fields))
                }
            }
            d.deserialize_map(Visitor)
        }
    }
    let parsed = match simdutf8::basic::from_utf8(json) {
        Ok(json) => serde_json::from_str::<Fields>(json),
        Err(_) => serde_json::from_slice::<Fields>(json),
    };
    parsed.map(|f| f.0).map_err(self::json)
}

/// How deep a value may nest: serde_json refuses nesting deeper than 127 levels below a
/// line's object, and records that it could not read would be no use downstream.
const MAX_DEPTH: usize = 127;

/// A value read as written, checked: not nested deeper than [`MAX_DEPTH`], and with white
/// space other than the space taken out (outside strings, where alone a control character
/// can stand in valid JSON), so that a record has no raw `\r` or `\n`.
fn checked(value: Box<RawValue>) -> Result<Box<RawValue>, Reject> {
    let json = value.get();
    if depth(json) >= MAX_DEPTH {
        return Err(Reject::Json(format!(
            "recursion limit exceeded: a value nested deeper than {MAX_DEPTH} levels"
        )));
    }
    if !has_control(json.as_bytes()) {
        return Ok(value);
    }
    let compact: String = json.chars().filter(|&c| c >= ' ').collect();
    RawValue::from_string(compact).map_err(self::json)
}

/// How deep arrays and objects nest in the valid JSON `json` (0 for a scalar).
fn depth(json: &str) -> usize {
    let bytes = json.as_bytes();
    if !matches!(bytes.first(), Some(b'[' | b'{')) {
        return 0;
    }
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The common line, parsed faster: an object whose text field is a string, read as
/// [`object`] would read it. `None` for anything else (a control character anywhere in the
/// line, invalid UTF-8, a lone surrogate, a value nested too deep, malformed JSON), which
/// [`object`] then reads.
///
/// The text is most of a line, and serde_json reads a string eight bytes at a time (it
/// must find control characters too) into a scratch buffer that grows from empty, then
/// hands it over to be copied again. Here the line is checked once, for control characters
/// and as UTF-8; the text string is then read by memchr for `"` and `\` only, copied once,
/// and its escapes decoded as serde_json decodes them (any escape it would refuse, or a
/// surrogate that is not half of a pair, leaves the line to [`object`]). Other values
/// are taken as written, their extent found by serde_json. Outside strings JSON is ASCII,
/// and without a control character the only white space is the space.
fn with_text_apart(line: &[u8], opts: &InputOptions) -> Option<Entries> {
    if has_control(line) {
        return None;
    }
    let mut at = Cursor {
        line: simdutf8::basic::from_utf8(line).ok()?,
        at: 0,
    };
    let mut entries = Vec::new();
    // A text field that is a path (or a name with an escape) is found by [`find`].
    let plain = plain(&opts.text_field);
    at.skip_spaces();
    at.expect(b'{')?;
    at.skip_spaces();
    if !at.take_if(b'}') {
        loop {
            at.skip_spaces();
            let key = at.string()?;
            at.skip_spaces();
            at.expect(b':')?;
            at.skip_spaces();
            let entry = if key == opts.text_field && plain && at.peek() == Some(b'"') {
                Entry::Text(at.string()?)
            } else {
                Entry::Raw(at.raw()?)
            };
            entries.push((key, entry));
            at.skip_spaces();
            if !at.take_if(b',') {
                at.expect(b'}')?;
                break;
            }
        }
    }
    at.skip_spaces();
    (at.at == at.line.len()).then_some(entries)
}

/// Whether some byte is below 0x20. (OR-ing bytes, not bools, is what vectorizes.)
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |any, &b| any | u8::from(b < 0x20)) != 0
}

/// Where [`with_text_apart`] stands in a line without control characters.
struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn skip_spaces(&mut self) {
        let bytes = self.line.as_bytes();
        while bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    /// Step over `byte` if it is next.
    fn take_if(&mut self, byte: u8) -> bool {
        let next = self.line.as_bytes().get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.take_if(byte).then_some(())
    }

    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    /// A value as written, its extent found by serde_json; `None` for a lone surrogate in
    /// it (left to [`object`], which replaces it) or a value nested too deep.
    fn raw(&mut self) -> Option<Box<RawValue>> {
        let rest = &self.line[self.at..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Box<RawValue>>();
        let value = values.next()?.ok()?;
        self.at += values.byte_offset();
        let json = value.get();
        if memchr::memmem::find(json.as_bytes(), b"\\u").is_some()
            && replace_lone_surrogates(json.as_bytes()).1 > 0
        {
            return None;
        }
        (depth(json) < MAX_DEPTH).then_some(value)
    }

    /// A string, its escapes decoded.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let (line, bytes) = (self.line, self.line.as_bytes());
        let first = self.at + memchr::memchr2(b'"', b'\\', &bytes[self.at..])?;
        if bytes[first] == b'"' {
            let s = line[self.at..first].to_owned();
            self.at = first + 1;
            return Some(s);
        }
        // Room for the rest of the line: a string with escapes is most often the text,
        // which is most of the line.
        let mut out = String::with_capacity(line.len() - self.at);
        let mut next = first;
        loop {
            // `"` and `\` are ASCII: the slices end on character boundaries.
            out.push_str(&line[self.at..next]);
            self.at = next;
            if bytes[next] == b'"' {
                self.at += 1;
                break;
            }
            self.at = unescape(bytes, next, &mut out)?;
            next = self.at + memchr::memchr2(b'"', b'\\', &bytes[self.at..])?;
        }
        if out.capacity() - out.len() > 256 {
            out.shrink_to_fit();
        }
        Some(out)
    }
}

/// Decode the escape at `at` (a backslash) onto `out`, as serde_json does; the index after
/// it, or `None` for an escape serde_json refuses or a surrogate that is not half of a pair.
fn unescape(bytes: &[u8], at: usize, out: &mut String) -> Option<usize> {
    let c = match *bytes.get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(bytes, at + 2)?;
            return match unit {
                0xD800..=0xDBFF => {
                    if bytes.get(at + 6..at + 8)? != b"\\u" {
                        return None;
                    }
                    let low = hex4(bytes, at + 8)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return None;
                    }
                    out.push(char::from_u32(
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                    )?);
                    Some(at + 12)
                }
                _ => {
                    // `None` for a lone low surrogate.
                    out.push(char::from_u32(unit)?);
                    Some(at + 6)
                }
            };
        }
        _ => return None,
    };
    out.push(c);
    Some(at + 2)
}

/// Four hex digits at `at`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)?
        .iter()
        .try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))
}

/// Replace every `\uXXXX` escape of a surrogate that is not half of a high-low pair by
/// `\ufffd`; returns the new line and how many were replaced.
fn replace_lone_surrogates(line: &[u8]) -> (Vec<u8>, usize) {
    let unit = |at: usize| -> Option<u16> {
        let hex = line.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let mut out = Vec::with_capacity(line.len());
    let mut replaced = 0;
    let mut i = 0;
    while i < line.len() {
        if line[i] != b'\\' {
            out.push(line[i]);
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => {
                out.extend_from_slice(&line[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                replaced += 1;
                i += 6;
            }
            // Any other escape (`\\`, `\"`, `\u00e4`): copy its first two bytes, so that an
            // escaped backslash is never read as the start of an escape.
            _ => {
                out.extend_from_slice(&line[i..(i + 2).min(line.len())]);
                i += 2;
            }
        }
    }
    (out, replaced)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Append the string `s` as JSON, escaped exactly as serde_json escapes it (`\"`, `\\`,
/// `\b \f \n \r \t`, other controls as `\u00xx`, everything else as it is), but a block
/// of 32 bytes at a time: the text is most of a record, and most of it needs no escape.
#[multiversion::multiversion(targets("x86_64+avx2+bmi1+bmi2+lzcnt+popcnt"))]
pub(crate) fn json_str(out: &mut Vec<u8>, s: &str) {
    // Every byte to escape is ASCII, a character of its own.
    let escaped = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `bytes[start..]` is still to be copied.
    let mut start = 0;
    let mut escape = |out: &mut Vec<u8>, at: usize| {
        out.extend_from_slice(&bytes[start..at]);
        escape_byte(out, bytes[at]);
        start = at + 1;
    };
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 32) {
        let block: &[u8; 32] = block.try_into().expect("a block");
        // Blocks without a byte to escape are skipped whole (a test the compiler turns into
        // vector instructions; OR-ing bytes, not bools, is what vectorizes).
        if block.iter().fold(0u8, |any, &b| any | u8::from(escaped(b))) != 0 {
            // A bit for each byte to escape, read off in order.
            let mut mask = block
                .iter()
                .enumerate()
                .fold(0u32, |m, (k, &b)| m | (u32::from(escaped(b)) << k));
            while mask != 0 {
                escape(out, i + mask.trailing_zeros() as usize);
                mask &= mask - 1;
            }
        }
        i += 32;
    }
    // The last bytes, fewer than a block.
    for (at, &b) in bytes.iter().enumerate().skip(i) {
        if escaped(b) {
            escape(out, at);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Append the escape of `b`, a control character, `"` or `\\`, as serde_json writes it.
fn escape_byte(out: &mut Vec<u8>, b: u8) {
    let short: &[u8] = match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\t' => b"\\t",
        b'\r' => b"\\r",
        0x08 => b"\\b",
        0x0C => b"\\f",
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
            return;
        }
    };
    out.extend_from_slice(short);
}

#[cfg(test)]
mod tests;
