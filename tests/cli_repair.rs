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
fn explain_writes_examples_beside_the_kind() {
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
    // The example has a field of its own: the kinds stay the same few, so that --stats
    // counts kinds, not examples.
    let explained = clean(&["--explain"]);
    assert_eq!(kinds(&explained), plain);
    let changes = explained["metadata"]["clean"]["changes"]
        .as_array()
        .unwrap();
    let mojibake = changes
        .iter()
        .find(|c| c["kind"] == "mojibake: utf-8 as windows-1252")
        .unwrap();
    assert_eq!(
        mojibake["example"],
        serde_json::json!({"before": "Ã¼r MilitÃ¤", "after": "ür Militä"})
    );
    let entity = changes.iter().find(|c| c["kind"] == "html entity").unwrap();
    assert_eq!(
        entity["example"],
        serde_json::json!({"before": "&amp;", "after": "&"})
    );
    let plain = clean(&[]);
    let changes = plain["metadata"]["clean"]["changes"].as_array().unwrap();
    assert!(
        changes.iter().all(|c| c.get("example").is_none()),
        "{plain}"
    );

    // Two documents with other examples of the same repairs: --stats counts the same kinds
    // with --explain as without.
    let two = "{\"text\":\"fÃ¼r &amp; dich\"}\n{\"text\":\"MilitÃ¤r &lt; GrÃ¶ÃŸe\"}\n";
    let stats = |flags: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stats.json");
        let out = scour()
            .args(["clean", "-q", "--stats"])
            .arg(&path)
            .args(flags)
            .arg("-")
            .write_stdin(two)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stats: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        stats["changes"].clone()
    };
    let counted = stats(&[]);
    assert_eq!(counted.as_object().unwrap().len(), 3, "{counted}");
    assert_eq!(stats(&["--explain"]), counted);
}
