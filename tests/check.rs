//! `scour check`: new cases, what it reports, bad `args` files, several paths, `-k`,
//! `--color`; and the README's first command.

use crate::common::{records, scour};
use std::path::Path;

fn write_case(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("doc.txt"), text).unwrap();
}

fn check(args: &[&str], paths: &[&Path]) -> (Option<i32>, String, String) {
    let out = scour()
        .arg("check")
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_folder_of_inputs_is_a_new_case_that_bless_writes() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("mycase");
    write_case(&case, "Titel\n\nDer Text.\n");
    let (code, stdout, _) = check(&[], &[dir.path()]);
    assert_eq!(code, Some(1), "a new case fails until blessed: {stdout}");
    assert!(
        stdout.starts_with(
            "NEW    mycase: no expected.jsonl yet (`scour check --bless` writes it)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\n+  title: \"Titel\"\n"), "{stdout}");
    assert!(stdout.ends_with("0 passed, 1 failed\n"), "{stdout}");
    assert!(!case.join("expected.jsonl").exists());

    let (code, stdout, _) = check(&["--bless"], &[dir.path()]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "blessed mycase\n0 passed, 1 blessed, 0 failed\n");
    let expected = std::fs::read(case.join("expected.jsonl")).unwrap();
    assert_eq!(records(&expected)[0]["text"], "Der Text.");

    // The case given itself is named by its path, not by an empty name.
    let (code, stdout, _) = check(&[], &[&case]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        format!("ok     {}\n1 passed, 0 failed\n", case.display())
    );

    // A failing case that is blessed says so; a passing one stays "ok".
    write_case(&dir.path().join("other"), "Zweiter\n\nText.\n");
    check(&["--bless"], &[dir.path()]);
    std::fs::write(case.join("doc.txt"), "Titel\n\nDer neue Text.\n").unwrap();
    let (code, stdout, _) = check(&["--bless"], &[dir.path()]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "blessed mycase\nok     other\n1 passed, 1 blessed, 0 failed\n"
    );
}

/// Folders of inputs that stand beside no case, below the folder given, are not cases
/// (the transliteration fixtures hold `expected.json` and an `input.txt`).
#[test]
fn other_folders_of_inputs_are_not_new_cases() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("area/case");
    write_case(&case, "Titel\n\nText.\n");
    check(&["--bless"], &[&case]);
    let other = dir.path().join("elsewhere/deeper/doc");
    write_case(&other, "Titel\n\nText.\n");
    std::fs::write(other.join("expected.json"), "{}").unwrap();
    let (code, stdout, _) = check(&[], &[dir.path()]);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(stdout, "ok     area/case\n1 passed, 0 failed\n");
    // Beside a case, a folder of inputs is a new one.
    write_case(&dir.path().join("area/second"), "Titel\n\nText.\n");
    let (code, stdout, _) = check(&[], &[dir.path()]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("NEW    area/second: "), "{stdout}");
}

#[test]
fn a_bad_args_file_is_a_usage_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = (dir.path().join("a_good"), dir.path().join("b_bad"));
    write_case(&good, "Titel\n\nText.\n");
    write_case(&bad, "Titel\n\nText.\n");
    check(&["--bless"], &[dir.path()]);
    let args = bad.join("args");
    for (text, line, says) in [
        (
            "--lines\n# a comment\n\n--bogus\n",
            4,
            "unexpected argument '--bogus' found",
        ),
        (
            "--strip-boilerplate\n--format\nxml\n",
            2,
            "invalid value 'xml' for '--format <FORMAT>'",
        ),
        ("--tag-first-line\n--encoding\n", 2, "a value is required"),
        ("--encoding\nutf-9\n", 1, "--encoding: "),
    ] {
        std::fs::write(&args, text).unwrap();
        let (code, stdout, stderr) = check(&[], &[dir.path()]);
        assert_eq!(code, Some(2), "{text:?}: {stderr}");
        assert!(stdout.is_empty(), "no case runs: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let prefix = format!("scour: {}:{line}: ", args.display());
        assert!(stderr.starts_with(&prefix), "{text:?}: {stderr}");
        assert!(stderr.contains(says), "{text:?}: {stderr}");
    }
}

#[test]
fn several_paths_a_filter_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["one/translit_a", "one/decode_b", "two/translit_c"] {
        write_case(&dir.path().join(name), "Titel\n\nText.\n");
    }
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let (code, stdout, _) = check(&["--bless"], &[&one, &two]);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    let (code, stdout, _) = check(&["-k", "translit"], &[&one, &two]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "ok     translit_a\nok     translit_c\n2 passed, 0 failed\n"
    );
    let (_, stdout, _) = check(&["-k", "decode", "-k", "_c"], &[&one, &two]);
    assert!(stdout.ends_with("2 passed, 0 failed\n"), "{stdout}");
    let (code, _, stderr) = check(&["-k", "nothing"], &[&one]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no fixture case matches -k nothing"),
        "{stderr}"
    );

    std::fs::write(dir.path().join("one/decode_b/doc.txt"), "Anders\n\nText.\n").unwrap();
    let (code, stdout, _) = check(&["--color", "always", "-k", "decode"], &[&one]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.starts_with("\u{1b}[31mFAILED\u{1b}[0m decode_b\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\u{1b}[31m-  title: \"Titel\"\u{1b}[0m\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\u{1b}[32m+  title: \"Anders\"\u{1b}[0m\n"),
        "{stdout}"
    );
    let (_, stdout, _) = check(&["--color", "never", "-k", "decode"], &[&one]);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}

/// The README's first command cleans the specimen into one record (pointed at the folder,
/// it also cleaned the fixture's `expected.jsonl`).
#[test]
fn readme_first_command_gives_one_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("target/release/scour clean"))
        .expect("README has a first command");
    let args = line.split("target/release/scour ").nth(1).unwrap();
    let out = scour()
        .current_dir(root)
        .args(args.split_whitespace())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{line}");
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1, "{line}");
    assert!(recs[0]["metadata"].get("input_id").is_none(), "{}", recs[0]);
}
