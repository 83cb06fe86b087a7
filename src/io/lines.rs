//! How a line-oriented input splits into documents: what its first bytes say it is
//! ([`sniff`]), its lines, or the elements of a JSON array, each read bounded by
//! `max_doc_bytes` (a longer one is read past, its checksum taken on the way).

use super::input::InputFormat;
use super::span::Span;
use std::io::{BufRead, BufReader, Read};

/// What each line of a line-oriented input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    Json,
    Text,
    Reject,
    /// Not lines: the elements of one JSON array (`[{…}, {…}]`), each read as a JSONL
    /// line, numbered as lines are.
    Element,
}

impl LineKind {
    /// How a document of this kind is read (as a reject record says).
    pub(super) fn input(self) -> &'static str {
        match self {
            LineKind::Text => "line",
            _ => "jsonl",
        }
    }
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How an input of `format` is read: as one text document (`None`), or line by line (or
/// element by element) after `skip` bytes (a BOM, an array's `[`). The format decides, but
/// for [`InputFormat::Auto`], where the first bytes do:
/// - a UTF-8 BOM is skipped (a line-oriented input is read without it; a text document
///   keeps it, for the decode stage to see);
/// - standard input whose first non-blank byte is `{` is JSONL;
/// - a file (a `.json` file: the only files of no fixed format) is JSONL when its first
///   non-blank byte is `{` and its first line is a JSON object (or is longer than the read
///   buffer), as the JSON Lines that Hugging Face names `.json` are; one JSON object over
///   several lines is a text document;
/// - a file whose first non-blank byte is `[`, then `{` or `]`, is a JSON array of
///   documents, read element by element;
/// - anything else is a text document.
pub(super) fn sniff(
    reader: &mut Box<dyn BufRead + Send>,
    format: InputFormat,
    file: bool,
) -> std::io::Result<(Option<LineKind>, usize)> {
    let bom = bom_len(reader)?;
    let kind = match format {
        InputFormat::Jsonl => LineKind::Json,
        InputFormat::Rejects => LineKind::Reject,
        // A line keeps its BOM, as its own text document.
        InputFormat::Lines => return Ok((Some(LineKind::Text), 0)),
        // WARC inputs are read by their own reader: as a whole here. A Parquet table is read
        // by rows, never sniffed (see the reader).
        InputFormat::Text | InputFormat::Warc | InputFormat::Parquet => return Ok((None, 0)),
        InputFormat::Auto => {
            let head = &reader.fill_buf()?[bom..];
            let blank = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let rest = &head[blank..];
            match rest.first() {
                Some(b'{') if !file => LineKind::Json,
                Some(b'{') => {
                    let object = match memchr::memchr(b'\n', rest) {
                        Some(end) => is_object(&rest[..end]),
                        // The whole input, or a first line longer than the buffer: an
                        // object cut off by the buffer's end is taken as one.
                        None => match serde_json::from_slice::<serde::de::IgnoredAny>(rest) {
                            Ok(_) => true,
                            Err(e) => e.is_eof(),
                        },
                    };
                    if !object {
                        return Ok((None, 0));
                    }
                    LineKind::Json
                }
                Some(b'[') if file => {
                    let inner = rest[1..].iter().find(|b| !b.is_ascii_whitespace());
                    if !matches!(inner, Some(b'{' | b']')) {
                        return Ok((None, 0));
                    }
                    return Ok((Some(LineKind::Element), bom + blank + 1));
                }
                _ => return Ok((None, 0)),
            }
        }
    };
    Ok((Some(kind), bom))
}

/// Whether `line` is one JSON object (and white space).
fn is_object(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

/// 3 when the input starts with a UTF-8 BOM, else 0; nothing is consumed. A short first
/// read (a slow pipe) that could be the start of a BOM is read on until it can tell.
pub(super) fn bom_len(reader: &mut Box<dyn BufRead + Send>) -> std::io::Result<usize> {
    let head = reader.fill_buf()?;
    if head.starts_with(BOM) {
        return Ok(BOM.len());
    }
    if head.is_empty() || head.len() >= BOM.len() || !BOM.starts_with(head) {
        return Ok(0);
    }
    let mut first = Vec::with_capacity(BOM.len());
    (&mut *reader)
        .take(BOM.len() as u64)
        .read_to_end(&mut first)?;
    let is_bom = first == BOM;
    let rest = std::mem::replace(reader, Box::new(std::io::empty()));
    *reader = Box::new(BufReader::new(std::io::Cursor::new(first).chain(rest)));
    Ok(if is_bom { BOM.len() } else { 0 })
}

pub(super) enum Line {
    Eof,
    /// A document of `size` bytes (a line with its line end) is in the buffer; `skipped`
    /// bytes before it belong to no document (white space and commas between elements).
    Read {
        skipped: u64,
        size: u64,
    },
    /// A document longer than the limit was read past without being stored.
    TooLong {
        skipped: u64,
        span: Span,
    },
    /// An array goes on with something that is no element: the rest of the input, `size`
    /// bytes, is in the buffer, or only its span when it is longer than the limit.
    Malformed {
        skipped: u64,
        size: u64,
        what: String,
        span: Option<Span>,
    },
}

/// Read up to and with the byte `until` (or to the end of the input) into `buf`, keeping
/// at most `max` bytes of it; a longer one is read to its end without being stored, its
/// checksum taken on the way.
pub(super) fn read_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: u64,
    until: Option<u8>,
) -> std::io::Result<Line> {
    let mut consumed = 0u64;
    let mut hasher: Option<crc32fast::Hasher> = None;
    loop {
        let available = fill(reader)?;
        if available.is_empty() {
            break;
        }
        let (take, done) = match until.and_then(|b| memchr::memchr(b, available)) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        keep(buf, &mut hasher, &available[..take], max);
        reader.consume(take);
        consumed += take as u64;
        if done {
            break;
        }
    }
    Ok(match (consumed, hasher) {
        (0, _) => Line::Eof,
        (length, Some(h)) => Line::TooLong {
            skipped: 0,
            span: Span {
                offset: 0,
                length,
                crc32: h.finalize(),
            },
        },
        (size, None) => Line::Read { skipped: 0, size },
    })
}

/// Add `bytes` to `buf`, or once it would hold more than `max + 1`, to the checksum of a
/// document too long to hold (of `buf` first, then emptied).
fn keep(buf: &mut Vec<u8>, hasher: &mut Option<crc32fast::Hasher>, bytes: &[u8], max: u64) {
    match hasher {
        Some(h) => h.update(bytes),
        None if (buf.len() + bytes.len()) as u64 > max + 1 => {
            let mut h = crc32fast::Hasher::new();
            h.update(buf);
            h.update(bytes);
            buf.clear();
            *hasher = Some(h);
        }
        None => buf.extend_from_slice(bytes),
    }
}

/// Read the next element of a JSON array whose `[` was read: white space and commas
/// before it are skipped, and `]` ends the array (anything but white space after it is
/// [`Line::Malformed`]). The element's extent is found by brackets and quotes alone; it is
/// parsed later, as a JSONL line is. Bounded as [`read_bounded`] is.
pub(super) fn read_element(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Line> {
    let skipped = skip_while(reader, |b| b.is_ascii_whitespace() || b == b',')?;
    match reader.fill_buf()?.first() {
        None => return Ok(Line::Eof),
        Some(b']') => {
            reader.consume(1);
            let after = 1 + skip_while(reader, |b| b.is_ascii_whitespace())?;
            return Ok(match read_bounded(reader, buf, max, None)? {
                Line::Eof => Line::Eof,
                Line::Read { size, .. } => Line::Malformed {
                    skipped: skipped + after,
                    size,
                    what: "not a JSON array of objects: text after its `]`".into(),
                    span: None,
                },
                Line::TooLong { span, .. }
                | Line::Malformed {
                    span: Some(span), ..
                } => Line::Malformed {
                    skipped: skipped + after,
                    size: span.length,
                    what: "not a JSON array of objects: text after its `]`".into(),
                    span: Some(span),
                },
                Line::Malformed { .. } => unreachable!("read_bounded reads no arrays"),
            });
        }
        Some(_) => {}
    }
    let mut consumed = 0u64;
    let mut hasher: Option<crc32fast::Hasher> = None;
    let (mut depth, mut in_string, mut escaped) = (0u64, false, false);
    loop {
        let available = fill(reader)?;
        if available.is_empty() {
            // Cut off: what there is, is the element (and a malformed one).
            break;
        }
        let mut end = None;
        for (i, &b) in available.iter().enumerate() {
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 1 => depth -= 1,
                b'}' | b']' if depth == 1 => {
                    end = Some(i + 1);
                    break;
                }
                // The end of a number or a literal.
                b',' | b']' | b'}' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                b if depth == 0 && b.is_ascii_whitespace() => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let take = end.unwrap_or(available.len());
        keep(buf, &mut hasher, &available[..take], max);
        reader.consume(take);
        consumed += take as u64;
        if end.is_some() {
            break;
        }
    }
    Ok(match hasher {
        Some(h) => Line::TooLong {
            skipped,
            span: Span {
                offset: 0,
                length: consumed,
                crc32: h.finalize(),
            },
        },
        None => Line::Read {
            skipped,
            size: consumed,
        },
    })
}

/// Consume bytes while `skip` holds; how many.
fn skip_while(reader: &mut dyn BufRead, skip: impl Fn(u8) -> bool) -> std::io::Result<u64> {
    let mut skipped = 0;
    loop {
        let available = fill(reader)?;
        let n = available.iter().take_while(|&&b| skip(b)).count();
        let more = n == available.len() && n > 0;
        reader.consume(n);
        skipped += n as u64;
        if !more {
            return Ok(skipped);
        }
    }
}

pub(super) fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The reader's next bytes (empty at its end), an interrupted read tried again.
fn fill(reader: &mut dyn BufRead) -> std::io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // Read once more: the borrow of a returned slice cannot outlive the loop here.
            Ok(_) => return reader.fill_buf(),
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut r: &[u8] = b"short\nthis line is too long\nok";
        let mut buf = Vec::new();
        let mut next = |buf: &mut Vec<u8>| {
            buf.clear();
            read_bounded(&mut r, buf, 8, Some(b'\n')).unwrap()
        };
        assert!(matches!(
            next(&mut buf),
            Line::Read {
                skipped: 0,
                size: 6
            }
        ));
        assert_eq!(buf, b"short\n");
        let Line::TooLong { span, .. } = next(&mut buf) else {
            panic!("too long")
        };
        assert_eq!(
            (span.length, span.crc32),
            (22, crc32fast::hash(b"this line is too long\n"))
        );
        assert!(matches!(
            next(&mut buf),
            Line::Read {
                skipped: 0,
                size: 2
            }
        ));
        assert_eq!(buf, b"ok");
        assert!(matches!(next(&mut buf), Line::Eof));
    }

    /// The elements of an array, as `(bytes before, the element)`; a long one as its span;
    /// the rest after a `]` as a reject.
    fn elements(mut input: &[u8], max: u64) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match read_element(&mut input, &mut buf, max).unwrap() {
                Line::Eof => return out,
                Line::Read { skipped, size } => {
                    assert_eq!(size as usize, buf.len());
                    out.push(format!("{skipped} {}", String::from_utf8_lossy(&buf)));
                }
                Line::TooLong { skipped, span } => {
                    out.push(format!("{skipped} long {}", span.length))
                }
                Line::Malformed { what, .. } => {
                    out.push(format!("{what}: {}", String::from_utf8_lossy(&buf)));
                    return out;
                }
            }
        }
    }

    #[test]
    fn array_elements_by_brackets_and_quotes() {
        let input = br#" {"a":"]}\",[{"}, {"b":[1,{}]} ,"s\"x" , 12,true,
 {"long":"0123456789"}, [] ] "#;
        assert_eq!(
            elements(input, 16),
            [
                r#"1 {"a":"]}\",[{"}"#,
                r#"2 {"b":[1,{}]}"#,
                r#"2 "s\"x""#,
                "3 12",
                "1 true",
                "3 long 21",
                "2 []",
            ]
        );
        assert_eq!(
            elements(b"{\"a\":1}] trailing", 100),
            [
                "0 {\"a\":1}",
                "not a JSON array of objects: text after its `]`: trailing"
            ]
        );
        // Cut off: what there is.
        assert_eq!(elements(b"{\"a\":[1", 100), ["0 {\"a\":[1"]);
        assert!(elements(b"  ]  ", 100).is_empty());
    }

    /// How inputs of each kind are read: whether a line source, after how many bytes.
    #[test]
    fn sniffed_by_their_first_bytes() {
        let sniffed = |bytes: &[u8], format: InputFormat, file: bool| {
            let mut reader: Box<dyn BufRead + Send> =
                Box::new(std::io::Cursor::new(bytes.to_vec()));
            sniff(&mut reader, format, file).unwrap()
        };
        use InputFormat::{Auto, Jsonl, Lines, Text};
        let bom_json = b"\xEF\xBB\xBF{\"text\":1}\n";
        assert_eq!(sniffed(bom_json, Jsonl, true), (Some(LineKind::Json), 3));
        assert_eq!(sniffed(bom_json, Auto, false), (Some(LineKind::Json), 3));
        assert_eq!(sniffed(bom_json, Auto, true), (Some(LineKind::Json), 3));
        assert_eq!(sniffed(bom_json, Lines, true), (Some(LineKind::Text), 0));
        assert_eq!(sniffed(bom_json, Text, true), (None, 0));
        // A text document keeps its BOM.
        assert_eq!(sniffed(b"\xEF\xBB\xBFText", Auto, false), (None, 0));
        // A file: `{` and a first line that is an object; or an array.
        assert_eq!(sniffed(b"{\n  \"text\": 1\n}\n", Auto, true), (None, 0));
        assert_eq!(
            sniffed(b"{\n  \"text\": 1\n}\n", Auto, false),
            (Some(LineKind::Json), 0)
        );
        assert_eq!(
            sniffed(b" {\"a\":1}", Auto, true),
            (Some(LineKind::Json), 0)
        );
        assert_eq!(sniffed(b" {\"a\":1", Auto, true), (Some(LineKind::Json), 0));
        assert_eq!(sniffed(b" {\"a\" x", Auto, true), (None, 0));
        assert_eq!(
            sniffed(b"\xEF\xBB\xBF\n[ {", Auto, true),
            (Some(LineKind::Element), 5)
        );
        assert_eq!(sniffed(b"[]", Auto, true), (Some(LineKind::Element), 1));
        assert_eq!(sniffed(b"[Intro] text", Auto, true), (None, 0));
        assert_eq!(sniffed(b"[{", Auto, false), (None, 0));
        assert_eq!(sniffed(b"", Auto, false), (None, 0));
    }

    /// A BOM split over reads of one byte (a slow pipe) is still seen.
    #[test]
    fn a_bom_over_short_reads() {
        for bytes in [&b"\xEF\xBB\xBF{}"[..], b"\xEF\xBBx", b"\xEF"] {
            let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(
                1,
                std::io::Cursor::new(bytes.to_vec()),
            ));
            let bom = bom_len(&mut reader).unwrap();
            let mut all = Vec::new();
            reader.read_to_end(&mut all).unwrap();
            assert_eq!(
                (bom, &all[..]),
                (if bytes.len() > 3 { 3 } else { 0 }, bytes)
            );
        }
    }
}
