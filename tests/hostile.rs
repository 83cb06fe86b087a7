//! Hostile inputs: nothing lost, nothing crashes. Sizes are scaled down for CI;
//! `scripts/hostile.sh` runs the full-size versions against the release binary.

use crate::common::{origin, records, scour, seed};
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
    assert_eq!(origin(&recs[0])["line"], 1_000_001);

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
        .args(["clean", "--max-doc-bytes", "1000000"])
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
        .args(["clean", "-"])
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
    let out = scour().arg("clean").arg(&root).output().unwrap();
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
    let summary = scour::run::clean_items(
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
        stderr.contains("cannot write standard output: No space left on device"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(stderr.matches("No space left").count(), 1, "{stderr}");
    // The same through `-o` (a device is written in place), naming the file.
    let out = scour()
        .args(["clean", "-q", "-o", "/dev/full"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "scour: cannot write /dev/full: No space left on device (os error 28)\n"
    );
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
            // The clean text is in the line's text field.
            again[0]["body"].as_str(),
            origin(&again[0])["path"].as_str()
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
        scour::run::clean_items(
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

// ---- Outputs onto files that are not regular files (issue 20) ----

/// Make a FIFO at `path`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A file of three documents, one of them rejected (binary).
fn three_docs_one_bad(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("in.jsonl");
    write(
        &input,
        "{\"id\":\"a\",\"text\":\"Eins.\"}\nnot json\n{\"id\":\"c\",\"text\":\"Drei.\"}\n",
    );
    input
}

#[cfg(unix)]
#[test]
fn outputs_onto_a_fifo_are_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let input = three_docs_one_bad(dir.path());
    for flag in ["-o", "--rejects", "--stats"] {
        let fifo = dir.path().join(format!("fifo{flag}"));
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let out = scour()
            .args(["clean", "-q", flag])
            .arg(&fifo)
            .arg(&input)
            .output()
            .unwrap();
        let read = String::from_utf8(reader.join().unwrap()).unwrap();
        assert_eq!(out.status.code(), Some(1), "{flag}: {out:?}");
        let expected = match flag {
            "-o" => "\"id\":\"c\"",
            "--rejects" => "not json",
            _ => "\"documents_in\": 3",
        };
        assert!(read.contains(expected), "{flag}: {read}");
        let meta = std::fs::symlink_metadata(&fifo).unwrap();
        assert!(
            meta.file_type().is_fifo(),
            "{flag}: the FIFO is still a FIFO"
        );
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 4, "no temporary files: {names:?}");
}

#[cfg(unix)]
#[test]
fn outputs_through_a_symlink_replace_the_target_and_keep_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let input = three_docs_one_bad(dir.path());
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    for flag in ["-o", "--rejects", "--stats"] {
        let target = real.join(format!("target{flag}"));
        write(&target, "old contents\n");
        let link = dir.path().join(format!("link{flag}"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let out = scour()
            .args(["clean", "-q", flag])
            .arg(&link)
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{flag}: {out:?}");
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink(), "{flag}: the link is kept");
        assert_eq!(std::fs::read_link(&link).unwrap(), target);
        let written = std::fs::read_to_string(&target).unwrap();
        assert!(!written.contains("old contents"), "{flag}: {written}");
        assert!(!written.is_empty(), "{flag}");
    }
    // No temporary file is left next to the links or the targets.
    assert_eq!(std::fs::read_dir(&real).unwrap().count(), 3);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 5);
}

/// `-o` onto a link to the process's own standard output (what `/dev/stdout` is), with
/// standard output redirected to a file: the records land in that file and the link stays.
#[cfg(target_os = "linux")]
#[test]
fn output_onto_a_link_to_standard_output_writes_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = three_docs_one_bad(dir.path());
    let link = dir.path().join("stdout-link");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let captured = dir.path().join("captured.jsonl");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .args(["clean", "-q", "-o"])
        .arg(&link)
        .arg(&input)
        .stdout(std::fs::File::create(&captured).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let recs = records(&std::fs::read(&captured).unwrap());
    assert_eq!(recs.len(), 2);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Whether this process runs as root (some device tests need it).
#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// As root, an output onto a character device writes to the device and leaves it one: a
/// null device made for the test (so that a failure harms nothing), then the system's own.
#[cfg(target_os = "linux")]
#[test]
fn outputs_onto_a_null_device_leave_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    if !is_root() {
        eprintln!("skipped: needs root to make a device");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = three_docs_one_bad(dir.path());
    let null = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    if !made.success() {
        eprintln!("skipped: mknod is not allowed here");
        return;
    }
    for flag in ["-o", "--rejects", "--stats"] {
        let out = scour()
            .args(["clean", "-q", flag])
            .arg(&null)
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{flag}: {out:?}");
        let meta = std::fs::symlink_metadata(&null).unwrap();
        assert!(meta.file_type().is_char_device(), "{flag}: still a device");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    // The made device behaved: the system's own is safe to use.
    let out = scour()
        .args([
            "clean",
            "-q",
            "--rejects",
            "/dev/null",
            "--stats",
            "/dev/null",
        ])
        .args(["-o", "/dev/null"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let meta = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device());
}

#[test]
fn learn_writes_to_standard_output_for_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let out = scour()
        .current_dir(dir.path())
        .args(["learn", "-q", "-o", "-"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.starts_with(b"scour-vocab "), "{out:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // The same for `--stats -` and `--rejects -`.
    let out = scour()
        .current_dir(dir.path())
        .args(["clean", "-q", "--stats", "-", "--rejects", "-", "-o"])
        .arg(dir.path().join("out.jsonl"))
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\"documents_in\": 1"), "{stdout}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

// ---- Signals and temporary files (issue 20) ----

/// Start `scour clean -q -o OUT ARGS… -` with a thread that feeds its stdin JSONL lines
/// until the pipe closes, and wait until its temporary output file exists.
#[cfg(unix)]
fn start_fed(args: &[&std::ffi::OsStr], watch: &Path) -> std::process::Child {
    let clean: [&std::ffi::OsStr; 4] = [
        "clean".as_ref(),
        "-q".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ];
    let child = spawn_fed(
        &[&clean[..], args].concat(),
        "Ein Satz, der wieder und wieder kommt.",
    );
    let started = std::time::Instant::now();
    while !std::fs::read_dir(watch).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".scour-tmp-")
    }) {
        assert!(started.elapsed().as_secs() < 30, "scour did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

#[cfg(unix)]
fn signal(child: &std::process::Child, name: &str) {
    std::process::Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .unwrap();
}

/// Stopped while it is reading and cleaning (not blocked on input), a single run exits
/// 130, says so, and leaves no file.
#[cfg(unix)]
#[test]
fn sigterm_mid_run_exits_130_and_leaves_nothing() {
    for sig in ["-TERM", "-INT"] {
        let dir = tempfile::tempdir().unwrap();
        let out_path = dir.path().join("out.jsonl");
        let child = start_fed(&["-o".as_ref(), out_path.as_os_str()], dir.path());
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "{sig}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{sig}");
    }
}

/// A run killed outright leaves its temporary file; the next run that writes the same
/// output removes it, but not the temporary file of a run that is still alive.
#[cfg(unix)]
#[test]
fn the_next_run_removes_temporary_files_of_dead_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let mut killed = start_fed(&["-o".as_ref(), out_path.as_os_str()], dir.path());
    signal(&killed, "-KILL");
    killed.wait().unwrap();
    let stale: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        stale.len(),
        1,
        "kill -9 leaves its temporary file: {stale:?}"
    );
    // A run that is alive (this test process) has a temporary file for the same output.
    let host = std::process::Command::new("uname")
        .arg("-n")
        .output()
        .unwrap()
        .stdout;
    let host = String::from_utf8(host).unwrap();
    let alive = dir.path().join(format!(
        ".out.jsonl.scour-tmp-{}-{}",
        std::process::id(),
        host.trim()
    ));
    write(&alive, "in progress");
    let out = scour()
        .args(["clean", "-q", "-o"])
        .arg(&out_path)
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let alive_name = alive.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(names, [alive_name, "out.jsonl".to_owned()]);
}

#[cfg(unix)]
#[test]
fn a_batch_stopped_by_a_signal_exits_130_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let line = "{\"text\": \"Ein Satz, der wieder und wieder kommt.\"}\n".repeat(20_000);
    for i in 0..40 {
        write(&input.join(format!("{i:02}.jsonl")), &line);
    }
    let out_dir = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .current_dir(&input)
        .args([
            "clean",
            "-q",
            "-j",
            "1",
            "--input",
            "*.jsonl",
            "--output-dir",
        ])
        .arg(&out_dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !out_dir.join("00.jsonl").exists() {
        assert!(started.elapsed().as_secs() < 60, "the batch did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the batch ended before the signal: {status:?}");
        }
    }
    signal(&child, "-TERM");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    let mut temps = Vec::new();
    let mut stack = vec![out_dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else if e.file_name().to_string_lossy().contains("scour-tmp") {
                temps.push(e.path());
            }
        }
    }
    assert!(temps.is_empty(), "{temps:?}");
    assert!(!out_dir.join("_completions/0").exists());
}

// ---- Walks (issue 20) ----

/// A FIFO inside a walked folder is not opened (nobody may ever write to it): it is a
/// reject with a reason, and the run ends.
#[cfg(unix)]
#[test]
fn a_fifo_inside_a_folder_is_a_reject_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.txt"), "Text A.");
    mkfifo(&dir.path().join("b.txt"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .arg("clean")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed().as_secs() > 20 {
            child.kill().unwrap();
            panic!("scour blocked on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("b.txt: cannot read: a FIFO"), "{stderr}");
    assert_eq!(records(&out.stdout).len(), 1);
}

/// Names that differ only in bytes that are not UTF-8 give distinct paths and ids.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_distinct() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [(&b"x\xff.txt"[..], "Eins."), (b"x\xfe.txt", "Zwei.")] {
        write(&dir.path().join(std::ffi::OsStr::from_bytes(name)), text);
    }
    write(&dir.path().join("y\\z.txt"), "Drei.");
    let out = scour()
        .args(["clean", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let recs = records(&out.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["x\\xFE", "x\\xFF", "y\\\\z"]);
    let root = dir.path().to_str().unwrap();
    let paths: Vec<String> = recs
        .iter()
        .map(|r| origin(r)["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{root}/x\\xFE.txt"),
            format!("{root}/x\\xFF.txt"),
            format!("{root}/y\\\\z.txt"),
        ]
    );
}
/// A tree deeper than PATH_MAX: every file in it is one document.
#[cfg(target_os = "linux")]
#[test]
fn a_tree_deeper_than_path_max_gives_one_document_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("deep");
    std::fs::create_dir(&root).unwrap();
    // 30 levels of 200-byte names: 6,000 bytes, more than PATH_MAX (4,096); created
    // relative to each level so that no call sees the whole path.
    let name = "d".repeat(200);
    let script = format!(
        "set -e; cd {}; for i in $(seq 30); do printf 'Ebene %s.' $i > f.txt; mkdir {name}; cd {name}; done; printf 'Ganz unten.' > f.txt",
        root.display()
    );
    let ok = std::process::Command::new("bash")
        .args(["-c", &script])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let out = scour().args(["clean", "-q"]).arg(&root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let recs = records(&out.stdout);
    let mut texts: Vec<&str> = recs.iter().map(|r| r["text"].as_str().unwrap()).collect();
    texts.sort();
    let mut expected: Vec<String> = (1..=30).map(|i| format!("Ebene {i}.")).collect();
    expected.push("Ganz unten.".into());
    expected.sort();
    assert_eq!(texts, expected, "{stderr}");
}

/// `scour ARGS -` with stdin fed the JSONL line of `sentence`, again and again, until it
/// stops reading.
#[cfg(unix)]
fn spawn_fed(args: &[&std::ffi::OsStr], sentence: &str) -> std::process::Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = format!("{{\"text\": \"{sentence}\"}}\n").repeat(1000);
    std::thread::spawn(move || {
        use std::io::Write;
        while stdin.write_all(line.as_bytes()).is_ok() {}
    });
    child
}

/// `scour learn` goes through the same driver as `clean`: a signal stops it between chunks,
/// exit 130, and no vocabulary file is written.
#[cfg(unix)]
#[test]
fn learn_stopped_by_a_signal_exits_130_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = dir.path().join("vocab.txt");
    let args: [&std::ffi::OsStr; 6] = [
        "learn".as_ref(),
        "-q".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        "-o".as_ref(),
        vocab.as_os_str(),
    ];
    let child = spawn_fed(&args, "Grüße aus Köln, wieder und wieder.");
    std::thread::sleep(std::time::Duration::from_millis(500));
    signal(&child, "-TERM");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert!(!vocab.exists());
}
