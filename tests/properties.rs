//! Invariants over generated text: valid NFC output without stray controls, idempotence,
//! clean text unchanged.

use icu_normalizer::ComposingNormalizerBorrowed;
use proptest::prelude::*;
use scour::{Config, Document, Origin};

/// Text built from the characters that scraped corpora get wrong.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b",
        "Z",
        " ",
        "  ",
        "\n",
        "\n\n\n",
        "\r\n",
        "\r",
        "\t",
        "\u{a0}",
        "\u{200b}",
        "\u{200d}",
        "\u{ad}",
        "\u{7}",
        "\u{84}",
        "\u{93}",
        "ä",
        "ü",
        "ß",
        "u\u{308}",
        "Ã¼",
        "Ã",
        "â€",
        "œ",
        "€",
        "&amp;",
        "&",
        ";",
        "#",
        "&#252;",
        "„",
        "“",
        "é",
        "toi-allgemeines",
        "Titel",
        ".",
        "-",
        "😀",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn reclean(doc: &Document) -> Document {
    let mut again = Document::from_text("", Origin::default(), doc.text.clone());
    again.title = doc.title.clone();
    scour::pipeline::run(&mut again, &Config::default()).unwrap();
    again
}

proptest! {
    #[test]
    fn output_is_nfc_without_stray_controls(s in messy_text()) {
        let doc = scour::clean_str(&s, &Config::default()).unwrap();
        let nfc = ComposingNormalizerBorrowed::new_nfc();
        for part in doc.title.iter().chain([&doc.text]) {
            prop_assert!(nfc.is_normalized(part), "not NFC: {part:?}");
            prop_assert!(!part.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "control in {part:?}");
            prop_assert!(!part.contains("\n\n\n") && !part.contains(" \n"), "unnormalized lines in {part:?}");
        }
    }

    #[test]
    fn cleaning_the_output_again_changes_nothing(s in messy_text()) {
        let doc = scour::clean_str(&s, &Config::default()).unwrap();
        let again = reclean(&doc);
        prop_assert_eq!(&again.title, &doc.title);
        prop_assert_eq!(&again.text, &doc.text);
        prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = scour::clean_bytes(&bytes, &Config::default());
    }

    #[test]
    fn clean_paragraphs_are_unchanged(words in prop::collection::vec("[A-Za-zäöüÄÖÜß]{1,12}", 1..40)) {
        let text = format!("Die Überschrift\n\n{}.\n\nZweiter Absatz.", words.join(" "));
        let doc = scour::clean_str(&text, &Config::default()).unwrap();
        prop_assert_eq!(doc.title.as_deref(), Some("Die Überschrift"));
        prop_assert_eq!(doc.text, format!("{}.\n\nZweiter Absatz.", words.join(" ")));
        prop_assert!(doc.changes.is_empty() && doc.removed.is_empty());
    }
}
