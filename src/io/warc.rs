//! WARC input (WARC 1.0 and 1.1): `.warc`, `.warc.gz`, and Common Crawl's `.warc.wet.gz`.
//!
//! Each `conversion` record (the text taken out of a page, what a WET file holds) is one
//! document: its id is the record's `WARC-Record-ID` as written, and its record keeps
//! `WARC-Target-URI` as `url`, `WARC-Date` as `date` and the URL's host as `site`. Every
//! other record (`warcinfo`, `request`, `response`, `metadata`, …) is skipped and counted
//! by its type. A record that is cut off or malformed is a reject that holds its bytes,
//! and the reading goes on with the next record.
//!
//! A record, as the specification writes it: a version line (`WARC/1.0`), header lines
//! `Name: value` (a line that starts with a space or a tab goes on with the value before),
//! an empty line, `Content-Length` bytes of block, and two CRLFs. Header names are
//! compared without case.
//!
//! gzip: every member is read on its own, as Common Crawl writes one member per record: a
//! record cut off inside its member is a reject, and the next member starts afresh. Memory
//! holds one record at a time (at most `--max-doc-bytes` of block; a larger block is
//! skipped and rejected). A plain or zstd input is one stream: after a malformed record
//! the reader goes on at the next line that starts with `WARC/`.
//!
//! No WARC crate was taken: the ones published either stop at the first bad record or
//! read a gzip file as one stream (and bring date, UUID and parser crates), while this
//! needs one member at a time, a reject with the bytes, and the reading to go on.

use super::compress::{Compression, decompress};
use crate::error::Reject;
use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// The most bytes a record's version and header lines may take.
const MAX_HEADERS: usize = 64 << 10;

/// A web page read from a `conversion` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebPage {
    /// `WARC-Record-ID`, as written (`<urn:uuid:…>`).
    pub id: String,
    /// Where it came from.
    pub web: crate::document::WebOrigin,
    /// The block: the page's text, undecoded.
    pub body: Vec<u8>,
}

/// What the next record of a WARC input is.
#[derive(Debug)]
pub enum Record {
    /// A `conversion` record.
    Page(WebPage),
    /// A record of another type, skipped (its type, lowercase; `other` for a type the
    /// specification does not name).
    Skipped(&'static str),
    /// A record that could not be read: why, and its bytes as read.
    Malformed {
        /// Why: [`Reject::Warc`], [`Reject::TooLarge`] for a block over the limit (skipped
        /// unread), [`Reject::Unreadable`] for a broken stream.
        reject: Reject,
        /// The record's bytes as read (its headers only, for a block over the limit).
        raw: Vec<u8>,
    },
}

/// The input being read: a plain stream, or gzip members one after another.
enum Stream {
    Plain(Box<dyn BufRead + Send>),
    /// Between members.
    Members(Box<dyn BufRead + Send>),
    /// In a member.
    Member(BufReader<GzDecoder<Box<dyn BufRead + Send>>>),
    Done,
}

/// Reads the records of one WARC input in order.
pub struct WarcReader {
    stream: Stream,
    /// The most bytes of block a record may hold.
    max: u64,
    /// A version line read while looking for the next record of a plain stream.
    pending: Option<Vec<u8>>,
}

impl WarcReader {
    /// A reader over `raw`, the input's bytes as stored: gzip is read member by member
    /// (by `path`'s extension or the magic bytes), zstd and plain bytes as one stream.
    pub fn new(
        mut raw: Box<dyn BufRead + Send>,
        path: Option<&Path>,
        max: u64,
    ) -> io::Result<Self> {
        let gzip = path.map(Compression::from_path) == Some(Compression::Gzip)
            || Compression::sniff(raw.fill_buf()?) == Compression::Gzip;
        let stream = if gzip {
            Stream::Members(raw)
        } else {
            Stream::Plain(decompress(raw, path)?)
        };
        Ok(Self {
            stream,
            max,
            pending: None,
        })
    }

    /// The next record, `None` at the end of the input.
    pub fn next_record(&mut self) -> Option<Record> {
        loop {
            let in_member = matches!(self.stream, Stream::Member(_));
            let reader: &mut dyn BufRead = match &mut self.stream {
                Stream::Done => return None,
                Stream::Plain(r) => r,
                Stream::Member(r) => r,
                Stream::Members(_) => {
                    let Stream::Members(mut raw) =
                        std::mem::replace(&mut self.stream, Stream::Done)
                    else {
                        unreachable!("matched above")
                    };
                    match raw.fill_buf() {
                        Ok([]) => return None,
                        Ok(_) => {}
                        Err(e) => return Some(unreadable(&e, Vec::new())),
                    }
                    self.stream = Stream::Member(BufReader::new(GzDecoder::new(raw)));
                    continue;
                }
            };
            let read = read_record(reader, self.max, &mut self.pending, !in_member);
            return match read {
                Ok(Some(record)) => Some(record),
                Ok(None) => {
                    // The end of a member, or of the input.
                    self.end_member();
                    if matches!(self.stream, Stream::Done) {
                        return None;
                    }
                    continue;
                }
                Err(Bad::TooLarge(raw, size)) => Some(Record::Malformed {
                    reject: Reject::TooLarge {
                        size,
                        limit: self.max,
                    },
                    raw,
                }),
                Err(Bad::Record(reason, raw)) => {
                    let mut raw = raw;
                    if let Stream::Member(member) = &mut self.stream {
                        // The rest of the member belongs to this record.
                        let keep = self.max.saturating_sub(raw.len() as u64);
                        if let Err(e) = member.by_ref().take(keep).read_to_end(&mut raw)
                            && e.kind() != io::ErrorKind::UnexpectedEof
                        {
                            self.stream = Stream::Done;
                            return Some(unreadable(&e, raw));
                        }
                        let _ = io::copy(member, &mut io::sink());
                        self.end_member();
                    }
                    Some(Record::Malformed {
                        reject: Reject::Warc(reason),
                        raw,
                    })
                }
                Err(Bad::Io(e, raw)) => {
                    // A broken stream (a gzip member cut off or corrupt): nothing after it
                    // can be trusted.
                    self.stream = Stream::Done;
                    Some(unreadable(&e, raw))
                }
            };
        }
    }

    /// After the end of a gzip member, go on between members; after the end of a plain
    /// stream, stop.
    fn end_member(&mut self) {
        self.stream = match std::mem::replace(&mut self.stream, Stream::Done) {
            Stream::Member(member) => Stream::Members(member.into_inner().into_inner()),
            _ => Stream::Done,
        };
    }
}

fn unreadable(e: &io::Error, raw: Vec<u8>) -> Record {
    Record::Malformed {
        reject: Reject::Unreadable(e.to_string()),
        raw,
    }
}

/// Why a record could not be read.
enum Bad {
    /// The record is malformed or cut off (why, its bytes).
    Record(String, Vec<u8>),
    /// The record's block is over the limit, and was skipped (its headers, the block's
    /// size): the next record follows.
    TooLarge(Vec<u8>, u64),
    /// The stream broke (what was read of the record).
    Io(io::Error, Vec<u8>),
}

/// Read one line (with its line end) onto `raw`, at most `limit` bytes of it; how many
/// bytes were read.
fn read_line(r: &mut dyn BufRead, raw: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
    let before = raw.len();
    r.take(limit as u64).read_until(b'\n', raw)?;
    Ok(raw.len() - before)
}

/// Whether `line` is empty but for its line end.
fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\r\n" | b"\n")
}

/// Read the next record from `r`: `None` at a clean end (nothing but blank lines left).
/// `resync`: after a malformed start, skip to the next line that starts with `WARC/`
/// (kept in `pending` for the next call) and count the lines skipped as the record's.
fn read_record(
    r: &mut dyn BufRead,
    max: u64,
    pending: &mut Option<Vec<u8>>,
    resync: bool,
) -> Result<Option<Record>, Bad> {
    let io = |e: io::Error, raw: &[u8]| Bad::Io(e, raw.to_vec());
    let mut raw = Vec::new();
    // The version line, after any blank lines.
    match pending.take() {
        Some(line) => raw = line,
        None => loop {
            raw.clear();
            let n = read_line(r, &mut raw, MAX_HEADERS).map_err(|e| io(e, &raw))?;
            if n == 0 {
                return Ok(None);
            }
            if !is_blank(&raw) {
                break;
            }
        },
    }
    if !raw.starts_with(b"WARC/") {
        if resync {
            loop {
                let mut line = Vec::new();
                let n = read_line(r, &mut line, MAX_HEADERS).map_err(|e| io(e, &raw))?;
                if n == 0 {
                    break;
                }
                if line.starts_with(b"WARC/") {
                    *pending = Some(line);
                    break;
                }
                if (raw.len() as u64) < max {
                    raw.extend_from_slice(&line);
                }
            }
        }
        return Err(Bad::Record(
            "no WARC version line (`WARC/1.0`) where a record starts".into(),
            raw,
        ));
    }
    // Header lines, to the empty line.
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let start = raw.len();
        let room = MAX_HEADERS.saturating_sub(raw.len());
        let n = read_line(r, &mut raw, room.max(1)).map_err(|e| io(e, &raw))?;
        let line = &raw[start..];
        if n == 0 || !line.ends_with(b"\n") {
            let reason = if raw.len() >= MAX_HEADERS {
                format!("headers longer than {MAX_HEADERS} bytes")
            } else {
                "cut off in its headers".into()
            };
            return Err(Bad::Record(reason, raw));
        }
        if is_blank(line) {
            break;
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.starts_with([' ', '\t']) {
            match headers.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                None => {
                    return Err(Bad::Record(
                        "a continuation line before any header".into(),
                        raw,
                    ));
                }
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            let reason = format!("a header line without a colon: {text:?}");
            return Err(Bad::Record(reason, raw));
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let Some(length) = header("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
        return Err(Bad::Record(
            "no Content-Length (a number of bytes)".into(),
            raw,
        ));
    };
    if length > max {
        // Skipped unread: the reject keeps the headers.
        let skipped = io::copy(&mut r.take(length), &mut io::sink()).map_err(|e| io(e, &raw))?;
        if skipped < length {
            let reason = format!("cut off: {skipped} of {length} bytes of content");
            return Err(Bad::Record(reason, raw));
        }
        r.take(4)
            .read_to_end(&mut Vec::new())
            .map_err(|e| io(e, &raw))?;
        return Err(Bad::TooLarge(raw, length));
    }
    let head = raw.len();
    let got = r
        .take(length)
        .read_to_end(&mut raw)
        .map_err(|e| io(e, &raw))?;
    if (got as u64) < length {
        let reason = format!("cut off: {got} of {length} bytes of content");
        return Err(Bad::Record(reason, raw));
    }
    let mut end = Vec::new();
    r.take(4).read_to_end(&mut end).map_err(|e| io(e, &raw))?;
    if end != b"\r\n\r\n" {
        raw.extend_from_slice(&end);
        return Err(Bad::Record(
            "the block is not followed by CRLF CRLF (a wrong Content-Length?)".into(),
            raw,
        ));
    }
    let kind = record_type(header("WARC-Type").unwrap_or(""));
    if kind != "conversion" {
        return Ok(Some(Record::Skipped(kind)));
    }
    let Some(id) = header("WARC-Record-ID").filter(|id| !id.is_empty()) else {
        return Err(Bad::Record(
            "a conversion record without WARC-Record-ID".into(),
            raw,
        ));
    };
    let url = header("WARC-Target-URI").map(str::to_owned);
    let web = crate::document::WebOrigin {
        site: url.as_deref().and_then(host),
        url,
        date: header("WARC-Date").map(str::to_owned),
        charset: header("Content-Type").and_then(charset),
    };
    let page = WebPage {
        id: id.to_owned(),
        web,
        body: raw.split_off(head),
    };
    Ok(Some(Record::Page(page)))
}

/// The payload of the one record in `raw` (a reject's bytes, run again): a page, a record
/// skipped, or a reject again.
pub(super) fn payload_of_record(raw: Vec<u8>, max: u64) -> super::Payload {
    let mut reader = match WarcReader::new(Box::new(io::Cursor::new(raw)), None, max) {
        Ok(reader) => reader,
        Err(e) => return super::Payload::Failed(Reject::Unreadable(e.to_string()).into()),
    };
    match reader.next_record() {
        Some(Record::Page(page)) => super::Payload::Page(page),
        Some(Record::Skipped(kind)) => super::Payload::Skipped(kind),
        Some(Record::Malformed { reject, raw }) => super::Payload::Failed(super::Unread {
            reject,
            raw: Some(raw),
            span: None,
            input: Some("warc"),
        }),
        None => super::Payload::Failed(Reject::Warc("no record".into()).into()),
    }
}

/// The record type, as the specification names it, lowercase; `other` else.
fn record_type(value: &str) -> &'static str {
    const TYPES: &[&str] = &[
        "warcinfo",
        "response",
        "resource",
        "request",
        "metadata",
        "revisit",
        "conversion",
        "continuation",
    ];
    TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(value))
        .copied()
        .unwrap_or("other")
}

/// A URL's host, lowercase: what stands between `scheme://` (and any `user@`) and the
/// port, path, query or fragment. `None` for a URL without one.
pub fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.strip_prefix('[') {
        // An IPv6 address, kept in its brackets.
        Some(v6) => &authority[..v6.find(']').map_or(authority.len(), |end| end + 2)],
        None => authority.split(':').next().unwrap_or(""),
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The `charset` parameter of a Content-Type value.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A WARC record of `kind` with `block`, its Content-Length `length` (the block's own
    /// when `None`).
    fn record(kind: &str, id: &str, block: &str, length: Option<usize>) -> Vec<u8> {
        let length = length.unwrap_or(block.len());
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://User@Example.ORG:8080/a?b\r\n\
             WARC-Date: 2024-03-01T10:00:00Z\r\nWARC-Record-ID: {id}\r\n\
             Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Length: {length}\r\n\r\n{block}\r\n\r\n"
        )
        .into_bytes()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>, max: u64) -> Vec<Record> {
        let mut reader = WarcReader::new(Box::new(std::io::Cursor::new(bytes)), None, max).unwrap();
        std::iter::from_fn(|| reader.next_record()).collect()
    }

    /// A short name for each record read: the page's id, `skip:TYPE`, `bad:REASON`.
    fn names(records: &[Record]) -> Vec<String> {
        records
            .iter()
            .map(|r| match r {
                Record::Page(p) => p.id.clone(),
                Record::Skipped(kind) => format!("skip:{kind}"),
                Record::Malformed { reject, .. } => format!("bad:{reject}"),
            })
            .collect()
    }

    #[test]
    fn conversion_records_are_pages_and_the_rest_is_skipped() {
        let mut bytes = record("warcinfo", "<urn:uuid:0>", "software: hand", None);
        bytes.extend(record("conversion", "<urn:uuid:1>", "Erster Text.", None));
        bytes.extend(record("request", "<urn:uuid:2>", "GET / HTTP/1.1", None));
        bytes.extend(record(
            "conversion",
            "<urn:uuid:3>",
            "Zweiter\r\nText.",
            None,
        ));
        let records = read_all(bytes.clone(), 1000);
        assert_eq!(
            names(&records),
            [
                "skip:warcinfo",
                "<urn:uuid:1>",
                "skip:request",
                "<urn:uuid:3>"
            ]
        );
        let Record::Page(page) = &records[3] else {
            panic!()
        };
        assert_eq!(page.body, b"Zweiter\r\nText.");
        assert_eq!(
            page.web.url.as_deref(),
            Some("https://User@Example.ORG:8080/a?b")
        );
        assert_eq!(page.web.site.as_deref(), Some("example.org"));
        assert_eq!(page.web.date.as_deref(), Some("2024-03-01T10:00:00Z"));
        assert_eq!(page.web.charset.as_deref(), Some("utf-8"));
        // The same as one gzip stream, and as one member per record.
        assert_eq!(names(&read_all(gzip(&bytes), 1000)), names(&records));
        let members: Vec<u8> = ["warcinfo", "conversion", "request", "conversion"]
            .iter()
            .enumerate()
            .flat_map(|(i, kind)| gzip(&record(kind, &format!("<urn:uuid:{i}>"), "T.", None)))
            .collect();
        assert_eq!(
            names(&read_all(members, 1000)),
            [
                "skip:warcinfo",
                "<urn:uuid:1>",
                "skip:request",
                "<urn:uuid:3>"
            ]
        );
    }

    #[test]
    fn a_record_cut_off_in_its_member_is_a_reject_and_the_next_member_is_read() {
        let mut bytes = gzip(&record("conversion", "<urn:uuid:1>", "Eins.", None));
        let cut = record("conversion", "<urn:uuid:2>", "Nur ein Teil", Some(500));
        let cut = &cut[..cut.len() - 4];
        bytes.extend(gzip(cut));
        bytes.extend(gzip(&record("conversion", "<urn:uuid:3>", "Drei.", None)));
        let records = read_all(bytes, 1000);
        assert_eq!(
            names(&records),
            [
                "<urn:uuid:1>",
                "bad:malformed WARC record: cut off: 12 of 500 bytes of content",
                "<urn:uuid:3>"
            ]
        );
        let Record::Malformed { raw, .. } = &records[1] else {
            panic!()
        };
        assert_eq!(raw, cut);
    }

    #[test]
    fn a_plain_stream_goes_on_at_the_next_version_line() {
        let mut bytes = b"Kein WARC hier\r\nnoch eine Zeile\r\n".to_vec();
        bytes.extend(record("conversion", "<urn:uuid:1>", "Eins.", None));
        bytes.extend(b"WARC/1.1\r\nWARC-Type conversion\r\n\r\n");
        bytes.extend(record("conversion", "<urn:uuid:2>", "Zwei.", None));
        // A block longer than said: the record runs into the next one's bytes.
        bytes.extend(record(
            "conversion",
            "<urn:uuid:3>",
            "Drei und mehr",
            Some(4),
        ));
        bytes.extend(record("conversion", "<urn:uuid:4>", "Vier.", Some(40)));
        let records = read_all(bytes, 1000);
        assert_eq!(
            names(&records),
            [
                "bad:malformed WARC record: no WARC version line (`WARC/1.0`) where a record starts",
                "<urn:uuid:1>",
                "bad:malformed WARC record: a header line without a colon: \"WARC-Type conversion\"",
                "<urn:uuid:2>",
                "bad:malformed WARC record: the block is not followed by CRLF CRLF (a wrong Content-Length?)",
                "bad:malformed WARC record: no WARC version line (`WARC/1.0`) where a record starts",
                "bad:malformed WARC record: cut off: 9 of 40 bytes of content",
            ]
        );
        let Record::Malformed { raw, .. } = &records[0] else {
            panic!()
        };
        assert_eq!(raw, b"Kein WARC hier\r\nnoch eine Zeile\r\n");
    }

    #[test]
    fn a_block_over_the_limit_is_skipped_and_rejected() {
        let mut bytes = record("conversion", "<urn:uuid:1>", &"x".repeat(50), None);
        bytes.extend(record("conversion", "<urn:uuid:2>", "kurz", None));
        let records = read_all(gzip(&bytes), 20);
        assert_eq!(
            names(&records)[1..],
            ["<urn:uuid:2>"],
            "{:?}",
            names(&records)
        );
        assert!(matches!(
            records[0],
            Record::Malformed {
                reject: Reject::TooLarge {
                    size: 50,
                    limit: 20
                },
                ..
            }
        ));
    }

    #[test]
    fn a_broken_gzip_stream_ends_the_input_with_a_reject() {
        let mut bytes = gzip(&record("conversion", "<urn:uuid:1>", "Eins.", None));
        let second = gzip(&record("conversion", "<urn:uuid:2>", "Zwei.", None));
        bytes.extend(&second[..second.len() / 2]);
        let records = read_all(bytes, 1000);
        assert_eq!(records.len(), 2);
        assert!(
            names(&records)[1].starts_with("bad:cannot read: "),
            "{:?}",
            names(&records)
        );
    }

    proptest::proptest! {
        /// Records, pieces of records and stray bytes in any order, plain or one gzip
        /// member each: the reader ends, without a panic; with a member each, every whole
        /// conversion record is read as a page, whatever the members before it held.
        #[test]
        fn any_bytes_are_read_to_the_end(
            parts in proptest::collection::vec((0u8..4, 0usize..120, proptest::bool::ANY), 0..8),
            members in proptest::bool::ANY,
        ) {
            let whole = record("conversion", "<urn:uuid:w>", "Ganz.", None);
            let mut bytes = Vec::new();
            let wholes = parts.iter().filter(|(kind, _, _)| *kind == 0).count();
            for (kind, cut, crlf) in parts {
                let piece = match kind {
                    0 => whole.clone(),
                    1 => whole[..cut.min(whole.len())].to_vec(),
                    2 => record("warcinfo", "<urn:uuid:i>", "x", Some(cut)),
                    _ => vec![b'\xff'; cut],
                };
                let piece = if crlf { [&piece[..], b"\r\n"].concat() } else { piece };
                if members {
                    bytes.extend(gzip(&piece));
                } else {
                    bytes.extend(piece);
                }
            }
            let records = read_all(bytes, 64);
            proptest::prop_assert!(records.len() <= 16);
            if members {
                let pages = records.iter().filter(|r| matches!(r, Record::Page(_))).count();
                proptest::prop_assert_eq!(pages, wholes);
            }
        }
    }

    #[test]
    fn hosts_of_urls() {
        for (url, host_) in [
            ("https://example.org/a", Some("example.org")),
            ("http://A.B.example.org:80", Some("a.b.example.org")),
            ("https://u:p@h.de?x#y", Some("h.de")),
            ("http://[::1]:8080/x", Some("[::1]")),
            ("mailto:a@b", None),
            ("https:///x", None),
        ] {
            assert_eq!(host(url).as_deref(), host_, "{url}");
        }
    }
}
