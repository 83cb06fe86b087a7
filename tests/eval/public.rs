//! The public encoding sets, read from a folder fetched outside the repository, and their
//! table: scour next to other detectors whose answers were recorded in the same run.
//!
//! The folder holds `char-dataset/<python codec>/<file>` (the Ousret/char-dataset
//! repository; `None/` holds binary files) and `uchardet/test/<language>/<label>.txt` (the
//! uchardet repository's test folder). A file is in scope when its label names an encoding
//! scour decodes (encoding_rs's, plus UTF-32). An answer is right when the encoding it names
//! decodes the bytes to the text the label gives (so `ascii` files accept any ASCII
//! superset, and ISO-8859-1 files windows-1252). Each in-scope file is judged whole and, when
//! it is longer than that and its first 256 bytes hold a non-ASCII byte, as that prefix
//! (a character cut by the prefix's end is not judged).
#![allow(dead_code)] // the test and the report example use different parts

use encoding_rs::Encoding;
use scour::config::{Charset, DecodeOptions, DosCodePage};
use scour::document::Confidence;
use std::collections::BTreeMap;
use std::path::Path;

/// How long the prefixes are.
pub const PREFIX: usize = 256;

/// The decoding a file's label gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge {
    /// An encoding_rs encoding (BOM sniffing on, as the label's decoder does).
    Rs(&'static Encoding),
    /// UTF-32, big-endian or not (a BOM, if any, decides).
    Utf32 { be: bool },
    /// ISO-2022-KR: shifted pairs are EUC-KR without the high bit (RFC 1557).
    Iso2022Kr,
    /// A DOS code page encoding_rs lacks.
    Dos(DosCodePage),
}

/// What a public file is.
#[derive(Debug, Clone)]
pub enum Label {
    /// Text in a scope encoding.
    Text(Judge),
    /// Not text.
    Binary,
    /// Text in an encoding scour does not decode (the label as the set spells it).
    OutOfScope(String),
}

/// One public file.
#[derive(Debug, Clone)]
pub struct PublicCase {
    /// `char-dataset` or `uchardet`.
    pub set: &'static str,
    /// The path under the public folder (the key of other detectors' answers).
    pub rel: String,
    /// The label as the set spells it.
    pub label: String,
    /// What the label means here.
    pub truth: Label,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Every file of both sets under `dir`, in path order.
pub fn cases(dir: &Path) -> Result<Vec<PublicCase>, String> {
    let mut out = Vec::new();
    let cd = dir.join("char-dataset");
    for folder in sorted_entries(&cd)? {
        if !folder.is_dir() {
            continue;
        }
        let label = name_of(&folder);
        for file in sorted_entries(&folder)? {
            push(&mut out, dir, "char-dataset", &label, &file)?;
        }
    }
    let uc = dir.join("uchardet/test");
    for lang in sorted_entries(&uc)? {
        if !lang.is_dir() {
            continue;
        }
        for file in sorted_entries(&lang)? {
            if file.extension().is_some_and(|e| e == "txt") {
                let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
                push(&mut out, dir, "uchardet", &stem.unwrap_or_default(), &file)?;
            }
        }
    }
    if out.is_empty() {
        return Err(format!(
            "{} holds neither char-dataset/ nor uchardet/test/",
            dir.display()
        ));
    }
    Ok(out)
}

fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn push(
    out: &mut Vec<PublicCase>,
    root: &Path,
    set: &'static str,
    label: &str,
    file: &Path,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let rel = file
        .strip_prefix(root)
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .into_owned();
    out.push(PublicCase {
        set,
        rel,
        label: label.to_owned(),
        truth: meaning(label, &bytes),
        bytes,
    });
    Ok(())
}

/// What a set's label means.
fn meaning(label: &str, bytes: &[u8]) -> Label {
    let key: String = label
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "none" => Label::Binary,
        "utf32" => Label::Text(Judge::Utf32 {
            be: bytes.starts_with(b"\0\0\xFE\xFF"),
        }),
        "utf32be" => Label::Text(Judge::Utf32 { be: true }),
        "utf32le" => Label::Text(Judge::Utf32 { be: false }),
        "iso2022kr" => Label::Text(Judge::Iso2022Kr),
        // The Web's KOI8-U decodes KOI8-R text alike except three box-drawing bytes: keep
        // the set's label.
        _ => match scour::decode::parse_charset(label) {
            Ok(Charset::Web(enc)) => Label::Text(Judge::Rs(enc)),
            Ok(Charset::Dos(page)) => Label::Text(Judge::Dos(page)),
            Err(_) => Label::OutOfScope(label.to_owned()),
        },
    }
}

/// The text `judge` decodes `bytes` to (`last`: the bytes end the input).
pub fn decode_as(judge: Judge, bytes: &[u8], last: bool) -> String {
    let text = match judge {
        Judge::Rs(enc) => {
            let mut decoder = enc.new_decoder();
            let mut s = String::with_capacity(bytes.len() * 3 + 16);
            let _ = decoder.decode_to_string(bytes, &mut s, last);
            s
        }
        Judge::Iso2022Kr => {
            // Undo the shifts: SO sets the high bit of what follows, SI or a line end stops.
            let mut euc = Vec::with_capacity(bytes.len());
            let mut shifted = false;
            let body = bytes.strip_prefix(b"\x1B$)C").unwrap_or(bytes);
            for &b in body {
                match b {
                    0x0E => shifted = true,
                    0x0F => shifted = false,
                    b'\n' | b'\r' => {
                        shifted = false;
                        euc.push(b);
                    }
                    b' ' | b'\t' => euc.push(b),
                    _ => euc.push(if shifted { b | 0x80 } else { b }),
                }
            }
            return decode_as(Judge::Rs(encoding_rs::EUC_KR), &euc, last);
        }
        Judge::Dos(page) => {
            let table = page.table();
            bytes
                .iter()
                .map(|&b| {
                    if b.is_ascii() {
                        char::from(b)
                    } else {
                        table[usize::from(b - 0x80)]
                    }
                })
                .collect()
        }
        Judge::Utf32 { be } => {
            let (be, body) = if bytes.starts_with(b"\0\0\xFE\xFF") {
                (true, &bytes[4..])
            } else if bytes.starts_with(b"\xFF\xFE\0\0") {
                (false, &bytes[4..])
            } else {
                (be, bytes)
            };
            body.chunks(4)
                .map(|q| {
                    let q: [u8; 4] = q.try_into().unwrap_or([0xFF; 4]);
                    let u = if be {
                        u32::from_be_bytes(q)
                    } else {
                        u32::from_le_bytes(q)
                    };
                    char::from_u32(u).unwrap_or('\u{FFFD}')
                })
                .collect()
        }
    };
    text.trim_end_matches('\u{FFFD}').to_owned()
}

/// The decoding another detector's answer names, if scour can judge it.
pub fn judge_of(answer: &str) -> Option<Judge> {
    let key: String = answer
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "utf32" => Some(Judge::Utf32 { be: false }),
        "utf32le" => Some(Judge::Utf32 { be: false }),
        "utf32be" => Some(Judge::Utf32 { be: true }),
        "iso2022kr" => Some(Judge::Iso2022Kr),
        _ => match scour::decode::parse_charset(answer).ok()? {
            Charset::Web(enc) => Some(Judge::Rs(enc)),
            Charset::Dos(page) => Some(Judge::Dos(page)),
        },
    }
}

/// Whole file or prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The whole file.
    Whole,
    /// Its first [`PREFIX`] bytes.
    Prefix,
}

/// The bytes of `case` that `kind` judges, if it judges any.
pub fn sample(case: &PublicCase, kind: Kind) -> Option<&[u8]> {
    match kind {
        Kind::Whole => Some(&case.bytes),
        Kind::Prefix => {
            let p = &case.bytes[..case.bytes.len().min(PREFIX)];
            (case.bytes.len() > PREFIX && !p.is_ascii()).then_some(p)
        }
    }
}

/// scour's answer on one sample.
#[derive(Debug, Clone)]
pub struct ScourAnswer {
    /// The decoded text matches the label's, or the binary file was refused.
    pub right: bool,
    /// The encoding reported, or `binary`.
    pub encoding: &'static str,
    /// The cascade step.
    pub step: &'static str,
    /// The report's confidence (binary refusals are `Certain`).
    pub confidence: Confidence,
    /// Said UTF-8 of something that is not.
    pub false_utf8: bool,
}

/// Run scour's decode stage on a sample and judge it.
pub fn scour(case: &PublicCase, kind: Kind) -> Option<ScourAnswer> {
    let bytes = sample(case, kind)?;
    let last = kind == Kind::Whole;
    let result = scour::decode::decode(bytes, &DecodeOptions::default());
    let (right, encoding, step, confidence) = match (&result, &case.truth) {
        (Ok((text, r)), Label::Text(j)) => (
            text.trim_end_matches('\u{FFFD}') == decode_as(*j, bytes, last),
            r.encoding,
            r.detected_by,
            r.confidence,
        ),
        (Ok((_, r)), _) => (false, r.encoding, r.detected_by, r.confidence),
        (Err(_), Label::Binary) => (true, "binary", "binary", Confidence::Certain),
        (Err(_), _) => (false, "binary", "binary", Confidence::Certain),
    };
    let is_utf8 = matches!(&case.truth, Label::Text(Judge::Rs(e)) if *e == encoding_rs::UTF_8)
        || bytes.is_ascii();
    Some(ScourAnswer {
        right,
        encoding,
        step,
        confidence,
        false_utf8: encoding == "UTF-8" && !is_utf8 && !right,
    })
}

/// Whether another detector's answer on a sample is right.
pub fn other_right(case: &PublicCase, kind: Kind, answer: &str) -> bool {
    let Some(bytes) = sample(case, kind) else {
        return false;
    };
    match &case.truth {
        Label::Binary => matches!(answer, "None" | "binary" | ""),
        Label::OutOfScope(_) => false,
        Label::Text(truth) => judge_of(answer).is_some_and(|j| {
            decode_as(j, bytes, kind == Kind::Whole)
                == decode_as(*truth, bytes, kind == Kind::Whole)
        }),
    }
}

/// Other detectors' answers: (detector, kind, path) → answer; and seconds per detector
/// on the whole files.
#[derive(Debug, Default)]
pub struct Others {
    /// The answers.
    pub answers: BTreeMap<(String, Kind, String), String>,
    /// Seconds and files per detector, whole files.
    pub times: BTreeMap<String, (f64, usize)>,
}

/// Parse the answers file `scripts/encoding-public.py` prints.
pub fn parse_others(text: &str) -> Result<Others, String> {
    let mut o = Others::default();
    for (n, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["#time", det, secs, files] => {
                let secs = secs.parse().map_err(|e| format!("line {}: {e}", n + 1))?;
                let files = files.parse().map_err(|e| format!("line {}: {e}", n + 1))?;
                o.times.insert((*det).to_owned(), (secs, files));
            }
            [det, kind, rel, answer] => {
                let kind = match *kind {
                    "whole" => Kind::Whole,
                    "prefix" => Kind::Prefix,
                    k => return Err(format!("line {}: unknown kind {k:?}", n + 1)),
                };
                o.answers.insert(
                    ((*det).to_owned(), kind, (*rel).to_owned()),
                    (*answer).to_owned(),
                );
            }
            _ => return Err(format!("line {}: not four fields", n + 1)),
        }
    }
    Ok(o)
}

/// Right and judged counts for one detector over the table's columns.
#[derive(Debug, Default, Clone, Copy)]
pub struct Row {
    /// In-scope whole files, both sets.
    pub all: [usize; 2],
    /// char-dataset in scope, whole files.
    pub char_dataset: [usize; 2],
    /// uchardet in scope, whole files.
    pub uchardet: [usize; 2],
    /// Prefixes holding non-ASCII.
    pub prefix: [usize; 2],
    /// Binary files refused.
    pub binary: [usize; 2],
}

impl Row {
    /// Count one judged sample.
    pub fn add(&mut self, case: &PublicCase, kind: Kind, right: bool) {
        let r = usize::from(right);
        let bump = |c: &mut [usize; 2]| {
            c[0] += 1;
            c[1] += r;
        };
        match (&case.truth, kind) {
            (Label::Binary, Kind::Whole) => bump(&mut self.binary),
            (Label::Text(_), Kind::Whole) => {
                bump(&mut self.all);
                if case.set == "uchardet" {
                    bump(&mut self.uchardet);
                } else {
                    bump(&mut self.char_dataset);
                }
            }
            (Label::Text(_), Kind::Prefix) => bump(&mut self.prefix),
            _ => {}
        }
    }
}

/// The table's Markdown: one row per detector.
pub fn table(rows: &[(String, Row, String)]) -> String {
    let pct = |c: [usize; 2]| format!("{:.1}", 100.0 * c[1] as f64 / c[0].max(1) as f64);
    let first = rows.first().map(|r| r.1).unwrap_or_default();
    let mut out = format!(
        "| detector | public in-scope, whole files ({}) | char-dataset ({}) | uchardet snippets ({}) | 256-byte prefixes holding non-ASCII ({}) | binary refused ({}) | time per file |\n|---|---:|---:|---:|---:|---:|---:|\n",
        first.all[0], first.char_dataset[0], first.uchardet[0], first.prefix[0], first.binary[0]
    );
    for (name, r, time) in rows {
        out += &format!(
            "| {name} | {} | {} | {} | {} | {} | {time} |\n",
            pct(r.all),
            pct(r.char_dataset),
            pct(r.uchardet),
            pct(r.prefix),
            pct(r.binary)
        );
    }
    out
}
