//! Inputs and ids on the command line: `--id-from`, `-g/--glob`, `--hidden`.

use crate::common::{records, scour};
use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn ids(dir: &Path, flags: &[&str]) -> Vec<(String, Option<String>)> {
    let out = scour()
        .current_dir(dir)
        .args(["clean", "-q"])
        .args(flags)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    records(&out.stdout)
        .iter()
        .map(|r| {
            // The record keeps a JSONL line's shape: an id field the line has stays in
            // place, and scour's id then goes to the report, `metadata.clean.id`.
            match r["metadata"]["clean"]["id"].as_str() {
                Some(id) => (id.to_owned(), r["id"].as_str().map(str::to_owned)),
                None => (r["id"].as_str().unwrap().to_owned(), None),
            }
        })
        .collect()
}

#[test]
fn ids_come_from_the_field_the_stem_or_the_path() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("c/a/index.txt"), "Eins\n");
    write(&dir.path().join("c/b/index.txt"), "Zwei\n");
    write(
        &dir.path().join("c/a/docs.jsonl"),
        "{\"id\":\"x1\",\"text\":\"drei\"}\n{\"text\":\"vier\"}\n",
    );
    let owned = |v: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|(id, field)| (id.to_string(), field.map(str::to_owned)))
            .collect()
    };
    // The default: the id field where there is one, else the stem (so two index.txt
    // files share an id).
    let default = ids(dir.path(), &["c"]);
    assert_eq!(
        default,
        owned(&[
            ("x1", None),
            ("docs:2", None),
            ("index", None),
            ("index", None)
        ])
    );
    assert_eq!(ids(dir.path(), &["--id-from", "field", "c"]), default);
    // The stem for every document; the id field passes through.
    assert_eq!(
        ids(dir.path(), &["--id-from", "stem", "c"]),
        owned(&[
            ("docs:1", Some("x1")),
            ("docs:2", None),
            ("index", None),
            ("index", None)
        ])
    );
    // The path as shown: unique in the run.
    assert_eq!(
        ids(dir.path(), &["--id-from", "path", "c"]),
        owned(&[
            ("c/a/docs.jsonl:1", Some("x1")),
            ("c/a/docs.jsonl:2", None),
            ("c/a/index.txt", None),
            ("c/b/index.txt", None)
        ])
    );
    // Stdin has no path: its id stays `stdin`.
    let out = scour()
        .args(["clean", "-q", "--id-from", "path", "--lines"])
        .write_stdin("eins\nzwei\n")
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(
        (recs[0]["id"].as_str(), recs[1]["id"].as_str()),
        (Some("stdin:1"), Some("stdin:2"))
    );
}

/// The paths (metadata.path) a `clean` run reads from the folder `c` under `dir`.
fn paths_read(dir: &Path, flags: &[&str]) -> Vec<String> {
    let out = scour()
        .current_dir(dir)
        .args(["clean", "-q"])
        .args(flags)
        .arg("c")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    records(&out.stdout)
        .iter()
        .map(|r| r["metadata"]["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn globs_and_hidden_pick_what_walks_read() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "c/a.txt",
        "c/b.md",
        "c/drafts/d.txt",
        "c/2024/x.txt",
        "c/2024/deep/y.txt",
        "c/.hidden.txt",
        "c/.git/config",
    ] {
        write(&dir.path().join(name), "Titel\n\nText.\n");
    }
    let read = |flags: &[&str]| paths_read(dir.path(), flags);
    assert_eq!(
        read(&[]),
        [
            "c/2024/deep/y.txt",
            "c/2024/x.txt",
            "c/a.txt",
            "c/b.md",
            "c/drafts/d.txt"
        ],
        "hidden entries are skipped by default"
    );
    assert_eq!(
        read(&["--hidden"]),
        [
            "c/.git/config",
            "c/.hidden.txt",
            "c/2024/deep/y.txt",
            "c/2024/x.txt",
            "c/a.txt",
            "c/b.md",
            "c/drafts/d.txt"
        ]
    );
    // An including glob: only what it matches, at any depth; a glob that names a hidden
    // file includes it, a hidden folder stays out.
    assert_eq!(
        read(&["-g", "*.txt"]),
        [
            "c/.hidden.txt",
            "c/2024/deep/y.txt",
            "c/2024/x.txt",
            "c/a.txt",
            "c/drafts/d.txt"
        ]
    );
    // Excluding: a folder is not walked; the last glob that matches decides.
    assert_eq!(
        read(&["-g", "*.txt", "--glob", "!drafts", "-g", "!.*"]),
        ["c/2024/deep/y.txt", "c/2024/x.txt", "c/a.txt"]
    );
    assert_eq!(
        read(&["-g", "!*.txt"]),
        ["c/b.md"],
        "only excludes: the rest is read"
    );
    assert_eq!(read(&["-g", "!*.txt", "-g", "a.txt"]), ["c/a.txt"]);
    // A glob with a slash matches the path below the folder walked; `*` stops at `/`.
    assert_eq!(read(&["-g", "2024/*.txt"]), ["c/2024/x.txt"]);
    assert_eq!(
        read(&["-g", "2024/**"]),
        ["c/2024/deep/y.txt", "c/2024/x.txt"]
    );

    // A path given is read whatever the globs say.
    let out = scour()
        .current_dir(dir.path())
        .args(["clean", "-q", "-g", "*.txt", "c/b.md"])
        .output()
        .unwrap();
    assert_eq!(records(&out.stdout).len(), 1);

    // The same flags for diff, learn and detect; and in scour.toml.
    let out = scour()
        .current_dir(dir.path())
        .args(["detect", "-g", "2024/*.txt", "c"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        1,
        "detect"
    );
    let out = scour()
        .current_dir(dir.path())
        .args(["diff", "--stat", "-g", "2024/*.txt", "c"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("1 document, 0 changed, 0 rejected: -0 +0 lines\n")
    );
    let out = scour()
        .current_dir(dir.path())
        .args(["learn", "-o", "-", "--hidden", "c"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("scour: learned 7 documents"),
    );
    std::fs::write(
        dir.path().join("scour.toml"),
        "glob = [\"*.md\"]\nhidden = true\n",
    )
    .unwrap();
    assert_eq!(read(&[]), ["c/b.md"]);
}

#[test]
fn a_bad_glob_is_a_usage_error() {
    for sub in ["clean", "diff", "detect"] {
        let out = scour().args([sub, "-g", "a[b", "."]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{sub}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("scour: --glob: invalid glob \"a[b\": "),
            "{stderr}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = scour()
        .args(["clean", "--input", "x/*.txt", "--output-dir"])
        .arg(dir.path().join("o"))
        .args(["-g", "*.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("batch mode takes those --input GLOB matches")
    );
}

/// Batch mode draws a bar of files done out of the shard's files, with documents and
/// bytes (it showed only a spinner). `script` gives stderr a terminal, where bars are drawn.
#[test]
fn batch_progress_counts_files_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(
            &dir.path().join(format!("in/f{i}.jsonl")),
            &"{\"text\": \"Ein Satz.\"}\n".repeat(50),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("scour");
    let out = std::process::Command::new("script")
        .current_dir(dir.path())
        .args([
            "-qec",
            &format!(
                "'{}' clean --input 'in/*.jsonl' --output-dir out",
                bin.display()
            ),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) gives the command a terminal");
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("/3 files, "), "{shown}");
    assert!(
        shown.contains("scour: shard 0/1: 3 of 3 files; 150 documents in, 150 out"),
        "{shown}"
    );
}
