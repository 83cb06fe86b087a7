//! The bodies of scour's fuzz targets, one function per target in `fuzz_targets/`.
//!
//! The targets only hand libFuzzer's bytes to these functions, so that the main crate's
//! `tests/fuzz_regressions.rs` can run every saved failing input through exactly the same
//! code: it compiles this file in with `#[path]`. That is why this file uses nothing the main
//! crate does not already depend on, and only scour's public entry points: `clean_bytes`,
//! `pipeline::STAGES` (stages are picked by name), `io::json_document`, `record::write_line`.
//!
//! A function panics when scour panics or when an invariant fails. The invariants of a
//! cleaned document (the crate docs and issue 9): its record is one line of valid JSON that
//! scour reads back to the same title and text; title and text are NFC and free of control
//! characters other than `\n` and `\t`, the title is one line; cleaning the output again
//! changes nothing.

use icu_normalizer::ComposingNormalizerBorrowed;
use scour::config::{Config, EncodingMode, Normalization};
use scour::document::{Document, Origin};
use scour::pipeline::STAGES;

/// Bytes in, record out: `clean_bytes` with the default configuration, then the record and
/// the invariants. A rejected document (binary data) is a correct outcome.
pub fn pipeline(data: &[u8]) {
    let config = Config::default();
    if let Ok(doc) = scour::clean_bytes(data, &config) {
        check_cleaned(&doc, &config);
    }
}

/// One JSONL line: parsed as the reader parses it, cleaned, written, and checked like
/// [`pipeline`]. A malformed line is rejected, which is a correct outcome.
pub fn json_line(data: &[u8]) {
    let config = Config::default();
    let origin = Origin {
        path: "fuzz.jsonl".into(),
        line: Some(1),
        offset: Some(0),
    };
    let Ok(mut doc) = scour::io::json_document(data, origin, "fuzz", &config.input) else {
        return;
    };
    if scour::pipeline::clean_document(&mut doc, &config).is_ok() {
        check_cleaned(&doc, &config);
    }
}

/// The decode stage on raw bytes, detecting and with each of a few forced encodings. The
/// number of replacement characters it reports were inserted is at most the number in the
/// text.
pub fn decode(data: &[u8]) {
    let modes = [
        EncodingMode::Auto,
        EncodingMode::Forced(encoding_rs::UTF_8.into()),
        EncodingMode::Forced(encoding_rs::UTF_16LE.into()),
        EncodingMode::Forced(encoding_rs::UTF_16BE.into()),
        EncodingMode::Forced(encoding_rs::SHIFT_JIS.into()),
        EncodingMode::Forced(encoding_rs::ISO_2022_JP.into()),
    ];
    for mode in modes {
        let mut config = Config::default();
        config.decode.mode = mode;
        let mut doc = Document::from_bytes("", Origin::default(), data.to_vec());
        if run_through("decode", &mut doc, &config).is_some() {
            let in_text = doc.text.matches('\u{FFFD}').count();
            assert!(
                doc.encoding.replacements <= in_text,
                "{} replacements reported, {in_text} in the text",
                doc.encoding.replacements
            );
        }
    }
}

/// The repair stage: alone on arbitrary text, and after the stages before it.
pub fn repair(data: &[u8]) {
    stage("repair", data);
}

/// The normalize stage: alone on arbitrary text in each normalization form, then after the
/// stages before it. Its output is free of stray control characters, NFC unless the form is
/// `None`, and normalizing it again changes nothing.
pub fn normalize(data: &[u8]) {
    for form in [Normalization::Nfc, Normalization::Nfkc, Normalization::None] {
        let config = Config {
            normalization: form,
            ..Config::default()
        };
        let mut doc = text_document(data);
        run_stage("normalize", &mut doc, &config);
        check_text(&doc, form != Normalization::None);
        let mut again = doc.clone();
        again.changes.clear();
        run_stage("normalize", &mut again, &config);
        assert_eq!((&again.title, &again.text), (&doc.title, &doc.text));
        assert!(again.changes.is_empty(), "{:?}", again.changes);
    }
    stage("normalize", data);
}

/// The structure stage: alone on arbitrary text, and after the stages before it.
pub fn structure(data: &[u8]) {
    stage("structure", data);
}

/// The tags stage: alone on arbitrary text, and after the stages before it.
pub fn tags(data: &[u8]) {
    stage("tags", data);
}

/// Run the stage `name` alone on arbitrary text (no stage may panic, whatever document it
/// is given), then every stage up to and including it, as the pipeline runs them.
fn stage(name: &str, data: &[u8]) {
    let config = Config::default();
    let mut doc = text_document(data);
    run_stage(name, &mut doc, &config);
    let mut doc = text_document(data);
    run_through(name, &mut doc, &config);
}

/// A document as JSONL input gives one: the bytes up to the first NUL, if there is one, are
/// its title, the rest its text (invalid UTF-8 replaced).
fn text_document(data: &[u8]) -> Document {
    let (title, text) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (Some(&data[..nul]), &data[nul + 1..]),
        None => (None, data),
    };
    let mut doc = Document::from_text("", Origin::default(), String::from_utf8_lossy(text));
    doc.title = title.map(|t| String::from_utf8_lossy(t).into_owned());
    doc
}

fn run_stage(name: &str, doc: &mut Document, config: &Config) {
    let stage = STAGES
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stage named {name}"));
    // A rejected document is a correct outcome.
    let _ = (stage.run)(doc, config);
}

/// Every stage up to and including `name`; `None` when one rejected the document.
fn run_through(name: &str, doc: &mut Document, config: &Config) -> Option<()> {
    let last = STAGES
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stage named {name}"));
    for stage in &STAGES[..=last] {
        (stage.run)(doc, config).ok()?;
    }
    Some(())
}

/// The invariants of a document that went through every stage.
fn check_cleaned(doc: &Document, config: &Config) {
    check_text(doc, true);

    let mut line = Vec::new();
    scour::record::write_line(doc, &mut line);
    let line = std::str::from_utf8(&line).expect("the record is UTF-8");
    let record = line.strip_suffix('\n').expect("the record ends its line");
    assert!(!record.contains('\n'), "the record is one line: {record:?}");
    let mut back =
        scour::io::json_document(record.as_bytes(), Origin::default(), "", &config.input)
            .unwrap_or_else(|e| panic!("scour cannot read its own record: {e}: {record}"));
    assert_eq!(
        (&back.title, &back.text),
        (&doc.title, &doc.text),
        "the record reads back differently"
    );

    scour::pipeline::clean_document(&mut back, config).expect("cleaning the output again");
    assert_eq!(
        (&back.title, &back.text),
        (&doc.title, &doc.text),
        "cleaning the output again changes it"
    );
    assert!(
        back.changes.is_empty() && back.removed.is_empty(),
        "cleaning the output again changes it: {:?} {:?}",
        back.changes,
        back.removed
    );
}

/// Title and text are free of control characters but `\n` and `\t` (the title, one line of
/// single spaces, of those too) and, when `nfc`, in NFC.
fn check_text(doc: &Document, nfc: bool) {
    let normalizer = ComposingNormalizerBorrowed::new_nfc();
    for (part, allowed) in [
        (doc.title.as_deref(), &[][..]),
        (Some(doc.text.as_str()), &['\n', '\t'][..]),
    ] {
        let Some(part) = part else { continue };
        if let Some(c) = part
            .chars()
            .find(|c| c.is_control() && !allowed.contains(c))
        {
            panic!("control character {c:?} in {part:?}");
        }
        assert!(!nfc || normalizer.is_normalized(part), "not NFC: {part:?}");
    }
}
