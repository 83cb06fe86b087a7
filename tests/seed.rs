//! The real specimen of the seed corpus and the clean-document invariant.

use scour::{Config, clean_bytes, clean_str};

const SEED: &[u8] = include_bytes!("../fixtures/translit/de_seed_075d2f900ea0f093/input.txt");

#[test]
fn seed_title_kept_and_transliterated_heading_removed() {
    let doc = clean_bytes(SEED, &Config::default()).unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some(
            "Kim Jong Un verspricht Unterstützung für Russlands Militäraktionen in der Ukraine bei Putins Besuch in Nordkorea"
        )
    );
    assert!(doc.text.starts_with("Während eines Staatsbesuchs"));
    assert!(!doc.text.contains("Unterstuetzung"));
    let removed: Vec<_> = doc
        .removed
        .iter()
        .map(|r| (r.kind, r.text.as_str()))
        .collect();
    assert_eq!(
        removed,
        [
            ("site_tag", "toi-allgemeines"),
            (
                "duplicate_heading",
                "Kim Jong Un verspricht Unterstuetzung fuer Russlands Militaeraktionen in der"
            ),
        ]
    );
}

#[test]
fn seed_with_only_the_transliterated_heading_gets_its_title_restored() {
    let text = std::str::from_utf8(SEED).unwrap();
    let (_, rest) = text.split_once("\n\n").unwrap();
    let doc = clean_str(rest, &Config::default()).unwrap();
    // `Militäraktionen` is not in the body (only `Militäroperation`, `militärische`): an
    // unattested word stays as it is.
    assert_eq!(
        doc.title.as_deref(),
        Some("Kim Jong Un verspricht Unterstützung für Russlands Militaeraktionen in der")
    );
    assert!(doc.text.starts_with("Während eines Staatsbesuchs"));
    let kinds: Vec<_> = doc.removed.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, ["site_tag", "transliterated_title"]);
    let restored: Vec<_> = doc
        .changes
        .iter()
        .map(|c| (c.stage, c.kind.as_str(), c.count))
        .collect();
    assert!(
        restored.contains(&("translit", "restore from document", 2)),
        "{restored:?}"
    );
}

#[test]
fn clean_document_is_unchanged() {
    let text = "Grüße aus Köln\n\nDie Grüße kommen aus Köln und Düsseldorf.";
    let doc = clean_str(text, &Config::default()).unwrap();
    assert_eq!(doc.title.as_deref(), Some("Grüße aus Köln"));
    assert_eq!(doc.text, "Die Grüße kommen aus Köln und Düsseldorf.");
    assert!(doc.changes.is_empty(), "{:?}", doc.changes);
    assert!(doc.removed.is_empty());
}
