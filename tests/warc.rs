//! WARC and WET input through the command line: the hand-written WET file of
//! `fixtures/pipeline/warc_wet_records` (a warcinfo, three pages, a request, a record cut
//! off at the end), plain and as Common Crawl writes it, one gzip member per record.

use crate::common::{fixtures, records, scour};
use std::io::Write;
use std::path::Path;

/// The fixture's bytes.
fn wet() -> Vec<u8> {
    std::fs::read(fixtures().join("pipeline/warc_wet_records/crawl.warc.wet")).unwrap()
}

/// `bytes` cut before every version line but the first: one record each.
fn records_of(bytes: &[u8]) -> Vec<&[u8]> {
    let mut starts: Vec<usize> = bytes
        .windows(14)
        .enumerate()
        .filter(|(_, w)| *w == b"\r\n\r\nWARC/1.0\r\n")
        .map(|(i, _)| i + 4)
        .collect();
    starts.insert(0, 0);
    starts.push(bytes.len());
    starts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

/// One gzip member per record, as Common Crawl writes WET files.
fn gzip_members(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for record in records_of(bytes) {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(record).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

/// Run `scour clean ARGS` in `dir`; (records, rejects, stats, exit code).
fn clean_in(
    dir: &Path,
    args: &[&str],
) -> (
    Vec<serde_json::Value>,
    Vec<serde_json::Value>,
    serde_json::Value,
    Option<i32>,
) {
    let out = scour()
        .current_dir(dir)
        .args([
            "clean",
            "-q",
            "--rejects",
            "rejects.jsonl",
            "--stats",
            "stats.json",
        ])
        .args(args)
        .output()
        .unwrap();
    let rejects = records(&std::fs::read(dir.join("rejects.jsonl")).unwrap_or_default());
    let stats = serde_json::from_slice(&std::fs::read(dir.join("stats.json")).unwrap()).unwrap();
    (records(&out.stdout), rejects, stats, out.status.code())
}

const IDS: [&str; 3] = [
    "<urn:uuid:6c1e5b0e-0000-4000-8000-000000000002>",
    "<urn:uuid:6c1e5b0e-0000-4000-8000-000000000004>",
    "<urn:uuid:6c1e5b0e-0000-4000-8000-000000000005>",
];

#[test]
fn the_fixture_holds_six_records() {
    assert_eq!(records_of(&wet()).len(), 6);
}

/// Each conversion record is a document with its id, URL, date and site; the warcinfo and
/// the request are skipped and counted; the record cut off is a reject with its bytes; a
/// gzip member per record reads as the plain file does.
#[test]
fn wet_pages_become_records_in_single_mode() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("crawl.warc.wet"), wet()).unwrap();
    std::fs::write(d.join("CC-MAIN-1.warc.wet.gz"), gzip_members(&wet())).unwrap();
    let mut seen = Vec::new();
    for name in ["crawl.warc.wet", "CC-MAIN-1.warc.wet.gz"] {
        let (recs, rejects, stats, code) = clean_in(d, &[name]);
        assert_eq!(code, Some(1), "{name}: a reject");
        let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, IDS, "{name}");
        let m = &recs[0]["metadata"];
        assert_eq!(
            (&m["path"], &m["url"], &m["date"], &m["site"]),
            (
                &name.into(),
                &"https://www.Beispiel-Zeitung.de/lokales/radwege?seite=2".into(),
                &"2024-05-02T08:01:17Z".into(),
                &"www.beispiel-zeitung.de".into()
            )
        );
        assert_eq!(recs[1]["metadata"]["site"], "library.example.org");
        // Decoded by the decode stage: the third page declares windows-1252.
        assert_eq!(recs[2]["text"], "Le café du marché ouvre à sept heures.");
        assert_eq!(recs[2]["metadata"]["clean"]["encoding"], "windows-1252");
        // Cleaned as any text: the no-break space is a space.
        assert!(
            recs[1]["text"]
                .as_str()
                .unwrap()
                .contains("Thursdays. Children")
        );
        assert_eq!(
            (
                &stats["documents_in"],
                &stats["documents_out"],
                &stats["rejected"]
            ),
            (&4.into(), &3.into(), &1.into())
        );
        assert_eq!(
            stats["skipped"],
            serde_json::json!({"request": 1, "warcinfo": 1})
        );
        assert_eq!(rejects.len(), 1);
        assert_eq!(
            (
                &rejects[0]["kind"],
                &rejects[0]["input"],
                &rejects[0]["reason"]
            ),
            (
                &"warc".into(),
                &"warc".into(),
                &"malformed WARC record: cut off: 66 of 67 bytes of content".into()
            )
        );
        let bytes = wet();
        let cut = *records_of(&bytes).last().unwrap();
        assert_eq!(rejects[0]["raw"].as_str().unwrap().as_bytes(), cut);
        seen.push(recs.iter().map(|r| r["text"].clone()).collect::<Vec<_>>());
    }
    assert_eq!(seen[0], seen[1]);
}

/// A reject run again is read as the record it was: cut off again, with the same bytes.
#[test]
fn a_warc_reject_runs_again_as_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("crawl.warc.wet.gz"), gzip_members(&wet())).unwrap();
    let (_, first, _, _) = clean_in(d, &["crawl.warc.wet.gz"]);
    std::fs::rename(d.join("rejects.jsonl"), d.join("first.jsonl")).unwrap();
    let (recs, again, _, code) = clean_in(d, &["--rejects-in", "first.jsonl"]);
    assert_eq!((code, recs.len()), (Some(1), 0));
    assert_eq!(again, first);
}

/// Batch mode reads WET files as single mode does: one output per input, the skipped
/// records in the shard's stats.
#[test]
fn wet_files_in_batch_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(input.join("2024")).unwrap();
    std::fs::write(
        input.join("2024/CC-MAIN-1.warc.wet.gz"),
        gzip_members(&wet()),
    )
    .unwrap();
    let run = scour()
        .current_dir(&input)
        .args([
            "clean",
            "--quiet",
            "--input",
            "**/*.warc.wet.gz",
            "--output-dir",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let packed = std::fs::read(out.join("2024/CC-MAIN-1.warc.jsonl.gz")).unwrap();
    let mut text = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::MultiGzDecoder::new(&packed[..]),
        &mut text,
    )
    .unwrap();
    let ids: Vec<String> = records(&text)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, IDS);
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("_stats/0.json")).unwrap()).unwrap();
    assert_eq!(
        stats["summary"]["skipped"],
        serde_json::json!({"request": 1, "warcinfo": 1})
    );
    assert_eq!(
        stats["files"][0]["skipped"],
        serde_json::json!({"request": 1, "warcinfo": 1})
    );
    let rejects = records(&std::fs::read(out.join("_rejects/0.jsonl")).unwrap());
    assert_eq!(rejects.len(), 1);
}

/// Standard input is WARC when `--format warc` says so; the summary line counts the
/// records skipped.
#[test]
fn wet_on_standard_input() {
    let out = scour()
        .args(["clean", "--format", "warc", "-"])
        .write_stdin(gzip_members(&wet()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout).len(), 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "4 documents in, 3 out, 1 rejected, 2 WARC records skipped (request 1, warcinfo 1)"
        ),
        "{stderr}"
    );
}

/// A page's Content-Type charset is a hint to the decode stage: a short Greek word in
/// ISO-8859-7 that detection alone reads as something else is read as Greek with it.
#[test]
fn a_declared_charset_is_a_hint() {
    let (greek, _, _) = encoding_rs::ISO_8859_7.encode("Καλημέρα");
    let page = |content_type: &str| {
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:g>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            greek.len()
        )
        .into_bytes();
        rec.extend_from_slice(&greek);
        rec.extend_from_slice(b"\r\n\r\n");
        let out = scour()
            .args(["clean", "-q", "--format", "warc", "-"])
            .write_stdin(rec)
            .output()
            .unwrap();
        let rec = records(&out.stdout).remove(0);
        (
            rec["text"].as_str().unwrap().to_owned(),
            rec["metadata"]["clean"]["encoding"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    };
    assert_eq!(
        page("text/plain; charset=ISO-8859-7"),
        ("Καλημέρα".to_owned(), "ISO-8859-7".to_owned())
    );
    assert_ne!(page("text/plain").0, "Καλημέρα", "no longer needs the hint");
}
