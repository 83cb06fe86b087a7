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
            (
                r["id"].as_str().unwrap().to_owned(),
                r["metadata"]["id"].as_str().map(str::to_owned),
            )
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
