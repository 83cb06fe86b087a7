//! The command line as users run it: files, folders, stdin, exit codes, rejects, pipes.

use crate::common::{fixtures, origin, records, scour, seed};
use std::io::Read;
use std::process::Stdio;

const SEED_TITLE: &str = "Kim Jong Un verspricht Unterstützung für Russlands Militäraktionen in der Ukraine bei Putins Besuch in Nordkorea";

#[test]
fn seed_file_to_stdout() {
    let out = scour()
        .args(["clean", "--quiet"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "quiet run printed {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["title"], SEED_TITLE);
    let text = r["text"].as_str().unwrap();
    assert!(text.starts_with("Während eines Staatsbesuchs"));
    assert!(text.ends_with("(Mit Agenturbeiträgen)"));
    assert!(!text.contains("Unterstuetzung") && !text.contains("toi-allgemeines"));
    assert_eq!(r["metadata"]["site_tag"], "toi-allgemeines");
    assert_eq!(r["metadata"]["site"], "toi");
    assert_eq!(r["metadata"]["section"], "allgemeines");
    let removed = r["metadata"]["clean"]["removed"].as_array().unwrap();
    assert_eq!(removed[0]["text"], "toi-allgemeines");
    assert_eq!(removed[1]["kind"], "duplicate_heading");
    assert_eq!(
        r["metadata"]["clean"]["boilerplate"][0],
        "(Mit Agenturbeiträgen)"
    );
}

#[test]
fn stdin_text_and_jsonl_are_told_apart() {
    let out = scour()
        .arg("clean")
        .write_stdin("Titel hier\n\nText.\n")
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(
        (recs[0]["id"].as_str(), recs[0]["title"].as_str()),
        (Some("stdin"), Some("Titel hier"))
    );
    assert_eq!(recs[0]["metadata"]["path"], "-");

    let out = scour()
        .args(["clean", "-"])
        .write_stdin("{\"id\":\"x\",\"text\":\"eins\"}\n{\"id\":\"y\",\"text\":\"zwei\"}\n")
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(
        (recs[1]["id"].as_str(), origin(&recs[1])["line"].as_u64()),
        (Some("y"), Some(2))
    );
}

#[test]
fn stderr_has_a_summary_and_stdout_only_data() {
    let out = scour().arg("clean").arg(seed()).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("1 document in, 1 out, 0 rejected"),
        "{stderr}"
    );
    assert_eq!(records(&out.stdout).len(), 1);
}

#[test]
fn lines_mode_makes_a_document_per_line() {
    let out = scour()
        .args(["clean", "--lines", "-q"])
        .write_stdin("erste Zeile\n\nzweite\u{a0}Zeile\r\n")
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["text"], "zweite Zeile");
    assert_eq!(recs[1]["id"], "stdin:3");
}

#[test]
fn output_file_rejects_file_stats_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, rej_path, stats_path) = (
        dir.path().join("out.jsonl"),
        dir.path().join("rejects.jsonl"),
        dir.path().join("stats.json"),
    );
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for case in [
        "binary_rejected/image.png",
        "binary_rejected/note.txt",
        "jsonl_malformed_line/docs.jsonl",
    ] {
        let from = fixtures().join("pipeline").join(case);
        std::fs::copy(&from, inputs.join(from.file_name().unwrap())).unwrap();
    }
    let out = scour()
        .args(["clean", "-o"])
        .arg(&out_path)
        .arg("--rejects")
        .arg(&rej_path)
        .arg("--stats")
        .arg(&stats_path)
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "rejected documents mean exit 1");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("image.png: binary data"), "{stderr}");
    assert!(stderr.contains("docs.jsonl:2: malformed JSONL"), "{stderr}");
    assert_eq!(records(&std::fs::read(&out_path).unwrap()).len(), 3);
    let rejects = records(&std::fs::read(&rej_path).unwrap());
    assert_eq!(rejects.len(), 3);
    assert_eq!(rejects[2]["kind"], "binary", "rejects come in input order");
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&stats_path).unwrap()).unwrap();
    assert_eq!(
        (
            stats["documents_in"].as_u64(),
            stats["documents_out"].as_u64(),
            stats["rejected"].as_u64()
        ),
        (Some(6), Some(3), Some(3))
    );
    assert_eq!(stats["rejects"]["json"], 2);
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn a_mistyped_path_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = scour()
        .args(["clean", "-q", "corpsu/", "-o"])
        .arg(&out_path)
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("corpsu/: no such file or folder"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // The same for `learn`, a rejects file to run again, output to stdout, and `diff`.
    for args in [
        &["learn", "-q", "-o", "-", "corpsu/"][..],
        &["clean", "-q", "--rejects-in", "corpsu.jsonl"],
        &["clean", "-q", "corpsu/"],
        &["diff", "corpsu/"],
    ] {
        let out = scour().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn output_dir_without_input_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = scour()
        .args(["clean", "-q", "--output-dir"])
        .arg(dir.path().join("out"))
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--input"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn absurd_thread_counts_are_refused() {
    for n in ["100000", "1025"] {
        let out = scour()
            .args(["clean", "-q", "--threads", n])
            .arg(seed())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{n}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("at most"), "{stderr}");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let out = scour()
        .args(["learn", "-q", "-o", "-", "-j"])
        .arg((cores * 16 + 1).min(1025).to_string())
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The first 20 reject lines (or `--max-errors N`), then how many more; `-q` prints none.
#[test]
fn reject_lines_on_stderr_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.jsonl");
    std::fs::write(&input, "not json\n".repeat(30) + "{\"text\": \"gut\"}\n").unwrap();
    let run = |extra: &[&str]| {
        let out = scour()
            .arg("clean")
            .args(extra)
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert_eq!(records(&out.stdout).len(), 1);
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = run(&[]);
    let rejects = stderr.lines().filter(|l| l.contains("malformed JSONL"));
    assert_eq!(rejects.count(), 20, "{stderr}");
    assert!(stderr.contains("bad.jsonl:20: "), "{stderr}");
    assert!(!stderr.contains("bad.jsonl:21: "), "{stderr}");
    assert!(
        stderr.contains("scour: … and 10 more rejected (see --rejects)"),
        "{stderr}"
    );
    let stderr = run(&["--max-errors", "5"]);
    let rejects = stderr.lines().filter(|l| l.contains("malformed JSONL"));
    assert_eq!(rejects.count(), 5, "{stderr}");
    assert!(stderr.contains("… and 25 more rejected"), "{stderr}");
    assert_eq!(run(&["-q"]), "");
    // All of them, and no "more" line, when there are no more than the limit.
    let stderr = run(&["--max-errors", "30"]);
    assert!(!stderr.contains("more rejected"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        scour()
            .args(["clean", "--no-such-flag"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let out = scour()
        .args(["clean", "--tag-pattern", "("])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("invalid --tag-pattern")
    );
}

#[test]
fn same_bytes_at_any_thread_count() {
    let run = |threads: &str| {
        scour()
            .args(["clean", "-q", "--threads", threads])
            .arg(fixtures())
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(records(&one).len() > 15);
    assert_eq!(one, run("4"));
}

#[test]
fn closed_stdout_ends_quietly() {
    // Enough input that the reader closes the pipe while scour is still writing.
    let line = "{\"text\": \"Ein Satz, der oft wiederholt wird, damit die Ausgabe groß wird.\"}\n";
    let input = line.repeat(200_000);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("scour"))
        .args(["clean", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    writer.join().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn check_shows_a_diff_then_bless_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(case.join("doc.txt"), "Titel\n\nDer Text\u{a0}hier.\n").unwrap();
    // An expectation from a "previous rule": the NBSP was kept.
    std::fs::write(
        case.join("expected.jsonl"),
        "{\"id\":\"doc\",\"title\":\"Titel\",\"text\":\"Der Text\u{a0}hier.\",\"metadata\":{\"path\":\"doc.txt\"}}\n",
    )
    .unwrap();
    let out = scour().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("FAILED case"), "{stdout}");
    assert!(
        stdout.contains("-  text: \"Der Text\u{a0}hier.\"\n+  text: \"Der Text hier.\""),
        "{stdout}"
    );
    assert!(stdout.ends_with("0 passed, 1 failed\n"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "piped output has no colour codes"
    );

    let out = scour()
        .args(["check", "--bless"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = scour().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("1 passed, 0 failed\n")
    );
    let blessed = std::fs::read_to_string(case.join("expected.jsonl")).unwrap();
    assert!(
        !blessed.contains(dir.path().to_str().unwrap()),
        "expectations hold no absolute paths"
    );
}

#[test]
fn diff_labels_hunks_by_stage_and_says_unchanged() {
    let out = scour().arg("diff").arg(seed()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}'),
        "piped output has no colour codes"
    );
    assert!(
        stdout.contains("@@ structure: duplicate heading ×1\n")
            || stdout.contains(" structure: duplicate heading ×1\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "\n-Kim Jong Un verspricht Unterstuetzung fuer Russlands Militaeraktionen in der\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("tags: site tag ×1\n") && stdout.contains("\n-toi-allgemeines\n"),
        "{stdout}"
    );

    let clean = fixtures().join("pipeline/clean_document/clean.txt");
    let out = scour().arg("diff").arg(&clean).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("clean.txt): unchanged\n")
    );
    let out = scour()
        .args(["diff", "--only-changed"])
        .arg(&clean)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());

    let out = scour()
        .args(["diff", "--color", "always"])
        .arg(seed())
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\u{1b}[31m-")
    );
}

#[test]
fn diff_stat_is_one_line_per_document_and_shows_invisibles() {
    let out = scour()
        .args(["diff", "--stat"])
        .arg(seed())
        .arg(fixtures().join("pipeline/clean_document/clean.txt"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        3,
        "one per document, then the totals: {stdout}"
    );
    assert!(
        stdout.contains("tags: site tag ×1, structure: duplicate heading ×1"),
        "{stdout}"
    );

    let out = scour()
        .args(["diff", "-"])
        .write_stdin("Titel hier\n\nA\u{a0}B\r\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("-A<U+00A0>B␍\n+A B\n"), "{stdout}");
}

#[test]
fn config_file_settings_and_flags_that_win() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scour.toml"),
        "no-tags = true\nnormalization = \"nfkc\"\ntag-pattern = [\"[a-z]+/[a-z]+\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "Titel\n\nText mit ﬁ.\n\ntoi-allgemeines\n",
    )
    .unwrap();
    let out = scour()
        .current_dir(dir.path())
        .args(["clean", "-q", "doc.txt"])
        .output()
        .unwrap();
    let r = &records(&out.stdout)[0];
    assert_eq!(
        r["text"], "Text mit fi.\n\ntoi-allgemeines",
        "nfkc and no-tags from the file"
    );

    let out = scour()
        .current_dir(dir.path())
        .args(["clean", "-q", "--normalization", "nfc", "doc.txt"])
        .output()
        .unwrap();
    assert_eq!(
        records(&out.stdout)[0]["text"],
        "Text mit ﬁ.\n\ntoi-allgemeines",
        "the flag wins"
    );

    let out = scour()
        .current_dir(dir.path())
        .args(["config", "--threads", "3"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("# configuration file: scour.toml"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("normalization = \"nfkc\"") && l.ends_with("# file")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("threads = 3") && l.ends_with("# flag")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("text-field = \"text\"") && l.ends_with("# default")),
        "{stdout}"
    );
}

#[test]
fn unknown_config_key_names_the_key_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my.toml");
    std::fs::write(&path, "thread = 2\n").unwrap();
    let out = scour()
        .args(["clean", "--config"])
        .arg(&path)
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "scour: {}: unknown key `thread` (did you mean threads?)\n",
            path.display()
        )
    );
}

#[test]
fn diff_exit_code_and_stat_totals() {
    let clean = fixtures().join("pipeline/clean_document/clean.txt");
    let run = |args: &[&str], paths: &[&std::path::Path]| {
        let out = scour().arg("diff").args(args).args(paths).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    // Without --exit-code a change is not a failure; with it, 1 when anything changes.
    assert_eq!(run(&[], &[&seed()]).0, Some(0));
    assert_eq!(run(&["--exit-code"], &[&seed()]).0, Some(1));
    assert_eq!(run(&["--exit-code"], &[&clean]).0, Some(0));
    assert_eq!(
        run(&["--exit-code", "--only-changed"], &[&clean]).0,
        Some(0)
    );

    let (code, stdout) = run(&["--stat", "--exit-code"], &[&seed(), &clean]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(lines[2], "2 documents, 1 changed, 0 rejected: -3 +0 lines");
    let (_, stdout) = run(&["--stat"], &[&clean]);
    assert!(
        stdout.ends_with("\n1 document, 0 changed, 0 rejected: -0 +0 lines\n"),
        "{stdout}"
    );
}

/// README's pager example keeps its colour: `auto` turns colour off on a pipe.
#[test]
fn readme_pager_example_asks_for_colour() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let pager: Vec<&str> = readme.lines().filter(|l| l.contains("less -R")).collect();
    assert!(!pager.is_empty());
    for line in pager {
        assert!(line.contains("--color always"), "{line}");
    }
}
