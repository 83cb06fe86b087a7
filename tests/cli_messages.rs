//! What the command line says: sizes with units, singular counts, configuration errors,
//! encoding suggestions.

use crate::common::{records, scour, seed};

#[test]
fn sizes_take_units_and_defaults_show_them() {
    let out = scour().args(["clean", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--max-doc-bytes <SIZE>"), "{help}");
    assert!(help.contains("[default: 64MiB]"), "{help}");

    // The specimen is 3.5 KiB: 1K rejects it, 16M and 64MiB and 2kB… do not.
    for (size, code) in [
        ("1K", 1),
        ("1KiB", 1),
        ("1000", 1),
        ("16M", 0),
        ("64MiB", 0),
        ("0.5 M", 0),
        ("1MB", 0),
    ] {
        let out = scour()
            .args(["clean", "-q", "--max-doc-bytes", size])
            .arg(seed())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{size}");
    }
    let out = scour()
        .args(["clean", "--max-doc-bytes", "1K"])
        .arg(seed())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("exceeds the limit of 1KiB (--max-doc-bytes)"),
        "{stderr}"
    );
    let out = scour()
        .args(["clean", "--max-doc-bytes", "16 furlongs"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--max-doc-bytes <SIZE>") && stderr.contains("unknown unit \"furlongs\""),
        "{stderr}"
    );

    // In scour.toml, as a string with a unit or a number of bytes.
    let dir = tempfile::tempdir().unwrap();
    for setting in ["max-doc-bytes = \"1K\"", "max-doc-bytes = 1024"] {
        std::fs::write(dir.path().join("scour.toml"), setting).unwrap();
        let out = scour()
            .current_dir(dir.path())
            .args(["clean", "-q"])
            .arg(seed())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{setting}");
    }
    let out = scour()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("max-doc-bytes = 1024 "), "{stdout}");
}

/// One unit system (binary: KiB, MiB) in the summary, as in the progress bar, and the
/// singular for one.
#[test]
fn the_summary_says_one_document_in_binary_units() {
    let out = scour()
        .args(["clean", "-j", "1"])
        .arg(seed())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("scour: 1 document in, 1 out, 0 rejected; 3.5 KiB in "),
        "{stderr}"
    );
    assert!(stderr.contains("/s, 1 thread)\n"), "{stderr}");
    assert!(!stderr.contains("MB"), "{stderr}");

    let out = scour()
        .args(["learn", "-o", "-", "-j", "2"])
        .arg(seed())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("scour: learned 1 document (0 rejected), 3.5 KiB, "),
        "{stderr}"
    );

    let dir = tempfile::tempdir().unwrap();
    let nul = dir.path().join("nul.txt");
    std::fs::write(&nul, b"a\0b").unwrap();
    let out = scour().args(["clean"]).arg(&nul).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("nul.txt: binary data: 1 NUL byte\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scour: 1 document in, 0 out, 1 rejected;"),
        "{stderr}"
    );
    assert!(records(&out.stdout).is_empty());
}

/// A bad value in scour.toml names the file, the key and the type the key takes; it is
/// not reported as a flag the user never typed.
#[test]
fn config_errors_name_the_file_the_key_and_the_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scour.toml");
    for (setting, says) in [
        (
            "threads = \"four\"",
            "key `threads`: expected a whole number; found \"four\"",
        ),
        (
            "threads = -1",
            "key `threads`: expected a whole number; found -1",
        ),
        (
            "no-tags = \"yes\"",
            "key `no-tags`: expected true or false; found \"yes\"",
        ),
        (
            "normalization = 3",
            "key `normalization`: expected one of \"nfc\", \"nfkc\", \"none\"; found 3",
        ),
        (
            "tag-pattern = [\"a-b\", 5]",
            "key `tag-pattern`: expected a string, or a list of them; found 5",
        ),
        (
            "max-doc-bytes = true",
            "key `max-doc-bytes`: expected a size (a number of bytes, or a string such as \"64MiB\"); found true",
        ),
        ("threads = 100000", "key `threads`: invalid value '100000'"),
        (
            "encoding = \"utf-9\"",
            "key `encoding`: --encoding: unknown encoding \"utf-9\"",
        ),
    ] {
        std::fs::write(&path, setting).unwrap();
        for sub in ["clean", "diff", "config"] {
            let out = scour()
                .current_dir(dir.path())
                .arg(sub)
                .arg(if sub == "config" { "-q" } else { "/dev/null" })
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{setting}");
            assert!(out.stdout.is_empty());
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(
                stderr.starts_with(&format!("scour: scour.toml: {says}")),
                "{sub} {setting}: {stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
    }
}

/// `learn` reads scour.toml as `clean` does (the cleaning options and run settings), but
/// not `output`, which there names `clean`'s records file.
#[test]
fn learn_reads_the_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scour.toml"),
        "max-doc-bytes = \"1K\"\noutput = \"clean.jsonl\"\n",
    )
    .unwrap();
    let out = scour()
        .current_dir(dir.path())
        .args(["learn", "-o", "-"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the specimen is over 1 KiB");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("exceeds the limit of 1KiB"), "{stderr}");
    assert!(out.stdout.starts_with(b"scour-vocab "));
    assert!(!dir.path().join("clean.jsonl").exists());

    let other = dir.path().join("other.toml");
    std::fs::write(&other, "threads = \"four\"\n").unwrap();
    let out = scour()
        .args(["learn", "-o", "-", "--config"])
        .arg(&other)
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("other.toml: key `threads`: expected a whole number"),
        "{stderr}"
    );
}
