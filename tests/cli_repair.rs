//! The repair options on the command line: each flag reaches the repair stage.

use crate::common::{records, scour};

const INPUT: &str = "{\"id\":\"a\",\"text\":\"Titel\\n\\n„Größe“ ＡＢ ﬁ &amp; fÃ¼r MilitÃ¤r.\"}\n";

fn clean(flags: &[&str]) -> serde_json::Value {
    let out = scour()
        .args(["clean", "-q"])
        .args(flags)
        .arg("-")
        .write_stdin(INPUT)
        .output()
        .expect("scour runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    records(&out.stdout).remove(0)
}

#[test]
fn repair_defaults_keep_typography_and_decode_entities() {
    let r = clean(&[]);
    assert_eq!(r["text"], "„Größe“ ＡＢ ﬁ & für Militär.");
}

#[test]
fn repair_flags_change_what_is_repaired() {
    let r = clean(&[
        "--uncurl-quotes",
        "--fix-width",
        "--fix-ligatures",
        "--no-entities",
    ]);
    assert_eq!(r["text"], "\"Größe\" AB fi &amp; für Militär.");
}

#[test]
fn explain_writes_examples_into_the_record() {
    let kinds = |r: &serde_json::Value| -> Vec<String> {
        r["metadata"]["clean"]["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["stage"] == "repair")
            .map(|c| c["kind"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let plain = kinds(&clean(&[]));
    assert!(
        plain.contains(&"mojibake: utf-8 as windows-1252".to_owned()),
        "{plain:?}"
    );
    let explained = kinds(&clean(&["--explain"]));
    assert!(
        explained
            .iter()
            .any(|k| k.starts_with("mojibake: utf-8 as windows-1252: \"Ã¼")),
        "{explained:?}"
    );
}
