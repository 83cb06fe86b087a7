//! The encoding evaluation set (see `tests/eval/mod.rs`): accuracy targets per group.
//! `cargo run --release --example encoding_eval` prints the full report, with chardetng
//! alone as the baseline (left out here to keep the test quick).

use crate::eval;

use std::path::PathBuf;

#[test]
fn encoding_detection_meets_its_targets() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/encodings/text");
    let cases = eval::cases(&dir);
    let outcomes: Vec<eval::Outcome> = cases.iter().map(|c| eval::run(c, false)).collect();
    let groups = eval::tally(&cases, &outcomes);
    let report = eval::table(&groups);
    let failures: Vec<String> = cases
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| !o.scour)
        .map(|(c, o)| format!("{} [{}]: {}", c.name, c.group, o.said))
        .collect();
    let context = format!("{report}\nfailures:\n{}", failures.join("\n"));

    // The set is as large and varied as issue 3 asks.
    assert!(cases.len() >= 300, "{} cases", cases.len());
    let languages: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| c.name.split('/').next())
        .collect();
    assert!(languages.len() >= 25, "{languages:?}");
    let encodings: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| match &c.truth {
            eval::Truth::Text(_, e) => Some(*e),
            eval::Truth::Binary => None,
        })
        .collect();
    assert!(encodings.len() >= 30, "{encodings:?}");

    let rate = |group: &str| {
        let g = groups.get(group).copied().unwrap_or_default();
        assert!(g[0] > 0, "group {group} is empty");
        g[1] as f64 / g[0] as f64
    };
    for group in [
        "bom", "utf16-32", "utf8", "utf8-256", "binary", "mixed", "hinted", "rescue", "dos",
    ] {
        assert_eq!(rate(group), 1.0, "{group}\n{context}");
    }
    assert!(rate("legacy") >= 0.99, "{context}");
    assert!(rate("legacy-256") >= 0.97, "{context}");
    let false_utf8: usize = groups.values().map(|g| g[3]).sum();
    assert_eq!(false_utf8, 0, "{context}");
}
