//! Titles through the binary: which first lines become titles, and `--no-title`.

use crate::common::{records, scour};

fn clean(args: &[&str], dir: Option<&std::path::Path>, input: &str) -> serde_json::Value {
    let mut cmd = scour();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd
        .arg("clean")
        .args(args)
        .arg("-")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    records(&out.stdout).remove(0)
}

#[test]
fn a_salutation_code_or_lead_paragraph_is_not_a_title() {
    for text in [
        "Dear John,\n\nI write to you.",
        "def f():\n\n    return 1",
        "Ein positives Signal gab es diese Woche für die Schule. Im Stadtrat wurde der …\n\nMehr.",
    ] {
        let rec = clean(&["--format", "text"], None, text);
        assert_eq!(rec.get("title"), None, "{text:?}");
    }
}

#[test]
fn no_title_by_flag_and_by_configuration_file() {
    let text = "Ein Titel\n\nDer Text.";
    let rec = clean(&["--format", "text"], None, text);
    assert_eq!(rec["title"], "Ein Titel");
    let rec = clean(&["--format", "text", "--no-title"], None, text);
    assert_eq!((rec.get("title"), rec["text"].as_str()), (None, Some(text)));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scour.toml"), "title = false\n").unwrap();
    let rec = clean(&["--format", "text"], Some(dir.path()), text);
    assert_eq!((rec.get("title"), rec["text"].as_str()), (None, Some(text)));
    // A given title is kept, and its duplicate in the text still goes.
    let line = r#"{"id":"1","title":"Ein Titel","text":"Ein Titel\n\nDer Text."}"#;
    let rec = clean(&["--no-title"], None, line);
    assert_eq!(
        (rec["title"].as_str(), rec["text"].as_str()),
        (Some("Ein Titel"), Some("Der Text."))
    );
}

#[test]
fn a_line_end_reference_in_the_title_line_keeps_it_one_title() {
    let text = "Freizeit in Bad Boll (ejw)&#10;- EJW Aktuell\n\nDer Text hier.&#10;Zweite Zeile.";
    let rec = clean(&["--format", "text"], None, text);
    assert_eq!(rec["title"], "Freizeit in Bad Boll (ejw) - EJW Aktuell");
    // Below the title line a reference to a line end is one.
    assert_eq!(rec["text"], "Der Text hier.\nZweite Zeile.");
}
