//! Hostile inputs: nothing lost, nothing crashes. Sizes are scaled down for CI;
//! `scripts/hostile.sh` runs the full-size versions against the release binary.

use crate::common::{records, scour, seed};
use std::path::Path;
use std::process::Stdio;

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap();
}

fn stats(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_single_huge_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let line = "Ein sehr langer Satz ohne Zeilenende, der immer weitergeht. ".repeat(50_000);
    write(&path, &line);
    for mode in [&[][..], &["--lines"][..]] {
        let out = scour()
            .args(["clean", "-q"])
            .args(mode)
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 1);
        assert_eq!(
            recs[0]["text"].as_str().unwrap().len(),
            line.trim_end().len()
        );
    }
}

#[test]
fn a_million_empty_lines() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("empty.jsonl");
    write(&jsonl, "\n".repeat(1_000_000) + "{\"text\": \"am Ende\"}\n");
    let out = scour().args(["clean", "-q"]).arg(&jsonl).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["metadata"]["line"], 1_000_001);

    let text = dir.path().join("empty.txt");
    write(&text, "\n".repeat(1_000_000));
    let out = scour().args(["clean", "-q"]).arg(&text).output().unwrap();
    assert_eq!(records(&out.stdout)[0]["text"], "");
}

#[test]
fn an_oversized_jsonl_line_is_rejected_and_the_next_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let big = format!("{{\"text\": \"{}\"}}\n", "x".repeat(3_000_000));
    write(
        &path,
        format!("{big}{{\"id\": \"after\", \"text\": \"klein\"}}\n"),
    );
    let out = scour()
        .args(["clean", "-q", "--max-doc-bytes", "1000000"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("big.jsonl:1: document of 3000013 bytes exceeds the limit of 1000000 bytes"),
        "{stderr}"
    );
    assert_eq!(records(&out.stdout)[0]["id"], "after");
}

#[test]
fn deeply_nested_json_is_a_reject_not_a_stack_overflow() {
    let line = format!(
        "{{\"text\": \"t\", \"x\": {}{}}}\n",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let out = scour()
        .args(["clean", "-q", "-"])
        .write_stdin(line)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("-:1: malformed JSONL: recursion limit exceeded")
    );
}

#[test]
fn truncated_utf16_keeps_what_decodes() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("Grüße".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.push(b'!'); // odd length: half a code unit
    let out = scour()
        .args(["clean", "-q", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs[0]["text"], "Grüße\u{FFFD}");
    assert_eq!(recs[0]["metadata"]["clean"]["replacements"], 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    write(&root.join("sub/a.txt"), "Text A.");
    std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("missing.txt"), root.join("dangling.txt")).unwrap();
    let out = scour().args(["clean", "-q"]).arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("symlink loop"), "{stderr}");
    assert!(stderr.contains("dangling.txt"), "{stderr}");
    assert_eq!(records(&out.stdout).len(), 1);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, "Titel\n\nAus der Röhre.\n").unwrap())
    };
    let out = scour().args(["clean", "-q"]).arg(&fifo).output().unwrap();
    writer.join().unwrap();
    assert_eq!(records(&out.stdout)[0]["text"], "Aus der Röhre.");
}

#[test]
fn a_file_that_vanishes_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.txt"), "bleibt");
    write(&dir.path().join("b.txt"), "verschwindet");
    let inputs = scour::io::expand(&[dir.path().to_owned()], scour::io::InputFormat::Auto);
    std::fs::remove_file(dir.path().join("b.txt")).unwrap();
    let reader = scour::io::ItemReader::new(inputs, Default::default());
    let mut out = Vec::new();
    let summary = scour::run::run(
        reader,
        &scour::Config::default(),
        &Default::default(),
        &mut out,
        None,
        &scour::run::Silent,
    )
    .unwrap();
    assert_eq!(
        (
            summary.documents_in,
            summary.documents_out,
            summary.rejected
        ),
        (2, 1, 1)
    );
    assert_eq!(summary.rejects["unreadable"], 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_fatal_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .args(["clean", "-q"])
        .arg(seed())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot write output: No space left on device"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[cfg(unix)]
#[test]
fn sigint_leaves_no_partial_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .args(["clean", "-q", "-o"])
        .arg(&out_path)
        .arg("-")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Keep stdin open so that scour is mid-run, then wait for its temporary file.
    let stdin = child.stdin.take().unwrap();
    let started = std::time::Instant::now();
    while std::fs::read_dir(dir.path()).unwrap().count() == 0 {
        assert!(started.elapsed().as_secs() < 20, "scour did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no output and no temporary file"
    );
}

#[test]
fn rejects_can_be_run_again_after_a_fix_and_every_run_balances() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(&corpus.join("good.txt"), "Titel\n\nText.");
    write(&corpus.join("bin.dat"), b"\x00\xff\xfe\x03binary\x00");
    write(
        &corpus.join("docs.jsonl"),
        "{\"id\": 1, \"body\": \"Erster\"}\nnot json\n{\"id\": 3, \"body\": \"Dritter\"}\n",
    );
    let (rejects, stats1) = (dir.path().join("rejects.jsonl"), dir.path().join("s1.json"));
    let out = scour()
        .args(["clean", "-q", "--text-field", "text", "--rejects"])
        .arg(&rejects)
        .arg("--stats")
        .arg(&stats1)
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = stats(&stats1);
    assert_eq!(s["documents_in"], 5);
    assert_eq!(
        s["documents_out"].as_u64().unwrap() + s["rejected"].as_u64().unwrap(),
        5
    );
    let recs = records(&std::fs::read(&rejects).unwrap());
    assert_eq!(recs.len(), 4);
    assert!(
        recs[0]["raw_base64"].is_string(),
        "binary bytes are base64: {}",
        recs[0]
    );
    assert_eq!(recs[1]["raw"], "{\"id\": 1, \"body\": \"Erster\"}");
    assert_eq!(
        (recs[1]["line"].as_u64(), recs[1]["offset"].as_u64()),
        (Some(1), Some(0))
    );

    // The fix: the text is in `body`. The two JSON records come back; the rest are rejected again.
    let stats2 = dir.path().join("s2.json");
    let out = scour()
        .args(["clean", "-q", "--text-field", "body", "--stats"])
        .arg(&stats2)
        .arg("--rejects-in")
        .arg(&rejects)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let again = records(&out.stdout);
    assert_eq!(again.len(), 2);
    assert_eq!(
        (
            again[0]["text"].as_str(),
            again[0]["metadata"]["path"].as_str()
        ),
        (
            Some("Erster"),
            Some(corpus.join("docs.jsonl").to_str().unwrap())
        )
    );
    let s = stats(&stats2);
    assert_eq!(
        (
            s["documents_in"].as_u64(),
            s["documents_out"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(4), Some(2), Some(2))
    );
}

/// A writer that takes a few bytes at a time, across the slices of a vectored write, and
/// is interrupted now and then, as pipes and slow devices may be.
struct Trickle {
    out: Vec<u8>,
    calls: usize,
}

impl std::io::Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_vectored(&[std::io::IoSlice::new(buf)])
    }

    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls % 5 == 0 {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let room = 1 + self.calls % 13;
        let mut taken = 0;
        for buf in bufs {
            let n = buf.len().min(room - taken);
            self.out.extend_from_slice(&buf[..n]);
            taken += n;
            if taken == room {
                break;
            }
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_writer_that_takes_a_few_bytes_at_a_time_gets_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    let lines: String = (0..40)
        .map(|i| {
            serde_json::json!({ "id": i, "text": format!("Zeile {i}: Grüße\n„zwei“") }).to_string()
                + "\n"
        })
        .collect();
    write(&path, lines);
    let run = |out: &mut (dyn std::io::Write + Send)| {
        let inputs = scour::io::expand(std::slice::from_ref(&path), scour::io::InputFormat::Auto);
        let reader = scour::io::ItemReader::new(inputs, Default::default());
        let options = scour::run::RunOptions {
            chunk_docs: 7,
            ..Default::default()
        };
        scour::run::run(
            reader,
            &scour::Config::default(),
            &options,
            out,
            None,
            &scour::run::Silent,
        )
        .unwrap()
    };
    let mut whole = Vec::new();
    let summary = run(&mut whole);
    let mut trickle = Trickle {
        out: Vec::new(),
        calls: 0,
    };
    run(&mut trickle);
    assert_eq!(summary.documents_out, 40);
    assert!(trickle.calls > 100, "{} calls", trickle.calls);
    assert_eq!(
        String::from_utf8(trickle.out).unwrap(),
        String::from_utf8(whole).unwrap()
    );
}
