//! The filter contract (README "scour as a filter"): what a distributed engine that pipes
//! documents through `scour clean` can rely on.

use crate::common::{records, scour};
use std::io::Write;
use std::process::{Command, Stdio};

/// 300 JSONL documents: every seventh is broken in a different way, the rest carry text
/// that needs cleaning (CRLF, NBSP, a newline, non-ASCII, a line separator).
fn corpus() -> (String, Vec<bool>) {
    let mut input = String::new();
    let mut good = Vec::new();
    for i in 0..300 {
        let line = match i % 7 {
            3 => format!("{{\"id\": \"d{i}\", \"text\": 5}}"),
            5 => format!("{{\"id\": \"d{i}\", \"text\": \"cut"),
            _ => format!(
                "{{\"id\": \"d{i}\", \"text\": \"Grüße\\u00a0Nr. {i}\\r\\nZeile zwei\\u2028drei\", \"url\": \"u{i}\"}}"
            ),
        };
        good.push(!matches!(i % 7, 3 | 5));
        input.push_str(&line);
        input.push('\n');
    }
    (input, good)
}

#[test]
fn one_line_in_gives_one_record_or_one_reject_in_order() {
    let (input, good) = corpus();
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.jsonl");
    let out = scour()
        .args(["clean", "--quiet", "--threads", "4", "--rejects"])
        .arg(&rejects)
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "some lines were rejected");
    let recs = records(&out.stdout);
    let rejected = records(&std::fs::read(&rejects).unwrap());
    assert_eq!(recs.len() + rejected.len(), good.len());
    // Records come in input order, and exactly the good lines give records.
    let want: Vec<String> = (0..good.len())
        .filter(|&i| good[i])
        .map(|i| format!("d{i}"))
        .collect();
    let got: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, want);
    let lines: Vec<u64> = rejected
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    let want: Vec<u64> = (0..good.len() as u64)
        .filter(|&i| !good[i as usize])
        .map(|i| i + 1)
        .collect();
    assert_eq!(lines, want);
}

#[test]
fn records_are_single_valid_utf8_lines() {
    let (input, _) = corpus();
    let out = scour()
        .args(["clean", "--quiet"])
        .write_stdin(input)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    assert!(text.ends_with('\n'));
    assert!(!text.contains('\r'), "no carriage return anywhere");
    // Every line (split on \n alone, as Spark, Dask and Python file iteration do) is one
    // whole JSON object.
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), records(&out.stdout).len());
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(value.is_object());
    }
}

#[test]
fn stdout_carries_only_data_even_with_rejects() {
    let (input, good) = corpus();
    // Not quiet: the summary and every reject go to stderr.
    let out = scour().arg("clean").write_stdin(input).output().unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), good.iter().filter(|&&g| g).count());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("malformed JSONL"), "{stderr}");
    assert!(stderr.contains("documents in"), "{stderr}");
}

#[test]
fn works_with_an_empty_environment() {
    let (input, _) = corpus();
    let with_env = scour()
        .args(["clean", "--quiet"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    // `env -i`: no PATH, LANG, HOME; an absolute binary path, as Spark's `RDD.pipe` runs it.
    let bin = assert_cmd::cargo::cargo_bin("scour");
    assert!(bin.is_absolute());
    let mut child = Command::new(&bin)
        .env_clear()
        .current_dir("/")
        .args(["clean", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), with_env.status.code());
    assert_eq!(
        out.stdout, with_env.stdout,
        "same bytes without an environment"
    );
    assert!(!out.stdout.is_empty());
}

#[test]
fn fatal_errors_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    // The output cannot be created.
    let out = scour()
        .args(["clean", "--quiet", "-o"])
        .arg(dir.path().join("no/such/folder/out.jsonl"))
        .write_stdin("{\"text\": \"x\"}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // Unknown flags.
    let out = scour().args(["clean", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A batch that cannot run (a bad shard) is fatal too.
    let out = scour()
        .args(["clean", "--input", "x/*", "--output-dir"])
        .arg(dir.path())
        .args(["--shard", "4/4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn compressed_stdin_is_recognised_by_its_magic_bytes() {
    let plain = "{\"id\": \"a\", \"text\": \"eins\"}\n{\"id\": \"b\", \"text\": \"zwei\"}\n";
    let want = scour()
        .args(["clean", "--quiet"])
        .write_stdin(plain)
        .output()
        .unwrap();
    assert_eq!(records(&want.stdout).len(), 2);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(plain.as_bytes()).unwrap();
    let zst = zstd::encode_all(plain.as_bytes(), 3).unwrap();
    for packed in [gz.finish().unwrap(), zst] {
        let out = scour()
            .args(["clean", "--quiet"])
            .write_stdin(packed)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(out.stdout, want.stdout);
    }
}
