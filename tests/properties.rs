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

/// Text as scraped corpora damage it: real words, each perhaps read as windows-1252 (one
/// layer of mojibake), decomposed, hyphenated softly or joined by a no-break space, lines
/// ended by CRLF, a few entities.
fn scraped_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Straße",
        "für",
        "Müller",
        "Größe",
        "Unterstützung",
        "naïve",
        "café",
        "Zürich",
        "Öl",
        "Haus",
        "and",
        "the",
        "Krieg",
        "„Zitat“",
        "Preis:",
        "5€",
        "déjà",
        "Ærø",
        "København",
        "señor",
    ]);
    let damaged = (word, 0u8..6).prop_map(|(w, how)| match how {
        0 => {
            let bytes = w.as_bytes();
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
        1 => icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
            .normalize(w)
            .into_owned(),
        2 if w.chars().count() > 3 => {
            let mut chars: Vec<char> = w.chars().collect();
            chars.insert(2, '\u{ad}');
            chars.into_iter().collect()
        }
        _ => w.to_owned(),
    });
    let sep = prop::sample::select(vec![
        " ", " ", " ", "\u{a0}", "\n", "\r\n", "\n\n", "\n\n\n", " &amp; ", "  \n",
    ]);
    prop::collection::vec((damaged, sep), 0..40)
        .prop_map(|v| v.into_iter().map(|(w, s)| w + s).collect())
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
    fn cleaning_the_output_again_changes_nothing(s in scraped_text()) {
        let doc = scour::clean_str(&s, &Config::default()).unwrap();
        let again = reclean(&doc);
        prop_assert_eq!(&again.title, &doc.title);
        prop_assert_eq!(&again.text, &doc.text);
        prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
    }

    // Adversarial mixtures: mojibake fragments cut by C1 controls, entities and joiners;
    // tag-shaped and tab-separated first lines.
    #[test]
    fn cleaning_adversarial_mixtures_again_changes_nothing(s in messy_text()) {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn thread_count_does_not_change_a_byte(texts in prop::collection::vec(messy_text(), 1..150)) {
        let jsonl: String = texts
            .iter()
            .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, &jsonl).unwrap();
        let run = |threads: usize| {
            let inputs = scour::io::expand(std::slice::from_ref(&path), scour::io::InputFormat::Auto);
            let reader = scour::io::ItemReader::new(inputs, Default::default());
            let options = scour::run::RunOptions { threads, chunk_docs: 7, ..Default::default() };
            let mut out = Vec::new();
            scour::run::run(reader, &Config::default(), &options, &mut out, None, &scour::run::Silent).unwrap();
            out
        };
        let one = run(1);
        prop_assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), texts.len());
        prop_assert!(one == run(3), "output differs between 1 and 3 threads");
    }
}
