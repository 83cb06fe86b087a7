//! `scour learn` and `scour clean --vocab/--restore` through the binary.

use crate::common::{records, scour};

/// A small corpus of clean German news, one file per document.
fn corpus(dir: &std::path::Path) {
    let docs = [
        "Grüße aus Köln\n\nDie Grüße aus Köln kommen an. Die Übungen der Feuerwehr sind vorbei.\n",
        "Übungen in Düsseldorf\n\nDie Übungen in Düsseldorf laufen. Grüße an die Feuerwehr in Köln.\n",
        "Neue Steuer\n\nDie neue Steuer trifft Thomas Müller und Gerd Mueller. Müller zahlt.\n",
    ];
    for (i, doc) in docs.iter().enumerate() {
        std::fs::write(dir.join(format!("doc{i}.txt")), doc).unwrap();
    }
}

#[test]
fn learn_writes_a_sorted_versioned_vocabulary_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus");
    std::fs::create_dir(&input).unwrap();
    corpus(&input);
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("vocab{threads}.txt"));
        scour()
            .args(["learn", "-q", "-j", threads, "-o"])
            .arg(&out)
            .arg(&input)
            .assert()
            .success()
            .stdout("");
        files.push(std::fs::read_to_string(&out).unwrap());
    }
    assert_eq!(files[0], files[1]);
    let lines: Vec<&str> = files[0].lines().collect();
    assert_eq!(lines[0], "scour-vocab 2");
    // Words first, sorted; then the corpus profile's `@` records.
    let words: Vec<&str> = lines[1..]
        .iter()
        .copied()
        .take_while(|l| !l.starts_with('@'))
        .collect();
    let mut sorted = words.clone();
    sorted.sort();
    assert_eq!(sorted, words);
    assert!(lines.iter().any(|l| l.starts_with("@docs\t")), "{lines:?}");
    for expected in [
        "grüße\t3",
        "köln\t3",
        "übungen\t3",
        "müller\t2",
        "mueller\t1",
    ] {
        assert!(lines.contains(&expected), "{expected} in {lines:?}");
    }
}

#[test]
fn clean_restores_with_a_vocabulary() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let vocab = dir.path().join("vocab.txt");
    scour()
        .args(["learn", "-q", "-o"])
        .arg(&vocab)
        .arg(dir.path())
        .assert()
        .success();
    let doc =
        "Feuerwehr in Koeln\n\nDie Uebungen sind vorbei, sagt Mueller, siehe duesseldorf.de.\n";
    // Default: only the title.
    let out = scour()
        .args(["clean", "-q", "--vocab"])
        .arg(&vocab)
        .write_stdin(doc)
        .output()
        .unwrap();
    let rec = &records(&out.stdout)[0];
    assert_eq!(rec["title"], "Feuerwehr in Köln");
    assert_eq!(
        rec["text"],
        "Die Uebungen sind vorbei, sagt Mueller, siehe duesseldorf.de."
    );
    // --restore body: the text too; Mueller (attested beside Müller) and the domain stay.
    // (A text that writes no `ß` gets none from the vocabulary, and a word it writes as a
    // domain, `koeln.de`, is a name: `restore::tests` holds those.)
    let out = scour()
        .args(["clean", "-q", "--restore", "body", "--vocab"])
        .arg(&vocab)
        .write_stdin(doc)
        .output()
        .unwrap();
    let rec = &records(&out.stdout)[0];
    assert_eq!(rec["title"], "Feuerwehr in Köln");
    assert_eq!(
        rec["text"],
        "Die Übungen sind vorbei, sagt Mueller, siehe duesseldorf.de."
    );
    let changes = &rec["metadata"]["clean"]["changes"];
    assert!(
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["stage"] == "translit" && c["kind"] == "restore from vocabulary"),
        "{changes}"
    );
}

#[test]
fn restore_body_needs_a_readable_vocabulary() {
    let fails = |args: &[&std::ffi::OsStr], message: &str| {
        let out = scour().args(args).write_stdin("Text.\n").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{stderr}");
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    fails(
        &[os("clean"), os("--restore"), os("body"), os("-")],
        "--restore body needs --vocab",
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "word\t1\n").unwrap();
    fails(
        &[os("clean"), os("--vocab"), bad.as_os_str(), os("-")],
        "scour-vocab 2",
    );
    let missing = dir.path().join("v.txt");
    fails(&[os("learn"), os("-o"), missing.as_os_str()], "PATHS");
}
