//! Properties of the repair stage: it never panics, correct text comes out unchanged, and
//! one layer of mojibake over correct text is undone.

use proptest::prelude::*;
use scour::config::RepairOptions;
use scour::repair::repair;
use std::borrow::Cow;

/// Correctly written words in several scripts, with the typography that mojibake detection
/// must not mistake for damage.
const WORDS: &[&str] = &[
    "Größe",
    "Straße",
    "über",
    "München",
    "Ärger",
    "naïve",
    "café",
    "déjà",
    "garçon",
    "cœur",
    "Dvořák",
    "łódź",
    "Şişli",
    "ağaç",
    "Ελληνικά",
    "русский",
    "ёлка",
    "Україна",
    "עברית",
    "العربية",
    "日本語",
    "中文",
    "한국어",
    "ภาษาไทย",
    "Việt",
    "São",
    "CONCLUSÃO",
    "NÃO",
    "„Zitat“",
    "«citation»",
    "“quote”",
    "‘single’",
    "it’s",
    "5 €",
    "£35",
    "10 °C",
    "½",
    "—",
    "–",
    "…",
    "©",
    "NESTLÉ®",
    "™",
    "×",
    "√π",
    "∞",
    "→",
    "•",
    "¿qué?",
    "¡sí!",
    "Å",
    "Øre",
    "Æble",
    "fjörður",
    "þorn",
    "the",
    "and",
    "a",
    "1999",
    "(x)",
    "e-mail",
    "🙂",
    // Central European and Icelandic letters, and signs that glue to words.
    "ďábelské",
    "Ďalší",
    "Příliš",
    "București",
    "ȘCOALĂ",
    "Þórður",
    "þriðjudaginn",
    "¶",
    "¤",
    "¢",
    "ª",
    "‰",
    "²",
];

const SEPARATORS: &[&str] = &[" ", " ", ", ", ". ", "\n", "’", "–"];
const PLAIN: &[&str] = &["Haus", "the", "und", "de", "1999"];

fn clean_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(SEPARATORS),
        ),
        1..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

/// Words whose windows-1252 mojibake the repair must undo.
const LATIN: &[&str] = &[
    "Größe",
    "Straße",
    "über",
    "München",
    "Ärger",
    "café",
    "déjà",
    "garçon",
    "São",
    "Unterstützung",
    "für",
    "Militär",
    "élève",
    "naïve",
    "cœur",
    "“quote”",
    "–",
    "…",
];

fn latin_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(LATIN), prop::sample::select(PLAIN)),
        1..20,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(a, b)| format!("{a} {b}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn cp1252(s: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(s.as_bytes())
        .0
        .into_owned()
}

proptest! {
    #[test]
    fn never_panics_on_any_text(s in any::<String>()) {
        let opts = RepairOptions { fix_width: true, uncurl_quotes: true, ..RepairOptions::default() };
        let _ = repair(&s, &opts, &mut Vec::new());
    }

    #[test]
    fn never_panics_on_mojibake_soup(s in "[ÃÂâ€™œ\u{80}-\u{9f}Ð¢í ½¸?\u{fffd}a-z&;#0-9 ]{0,200}") {
        let _ = repair(&s, &RepairOptions::default(), &mut Vec::new());
        let _ = repair(&cp1252(&s), &RepairOptions::default(), &mut Vec::new());
    }

    #[test]
    fn clean_text_is_unchanged(s in clean_text()) {
        let out = repair(&s, &RepairOptions::default(), &mut Vec::new());
        prop_assert!(matches!(out, Cow::Borrowed(_)), "changed: {:?} -> {:?}", s, out);
    }

    #[test]
    fn one_layer_of_mojibake_is_undone(s in latin_text()) {
        let mut fixes = Vec::new();
        let damaged = cp1252(&s);
        let out = repair(&damaged, &RepairOptions::default(), &mut fixes);
        prop_assert_eq!(out.as_ref(), s.as_str());
        prop_assert!(!fixes.is_empty());
    }
}

#[test]
fn long_lines_and_deep_layers_take_bounded_time() {
    let clean = "Unterstützung für Militär ".repeat(4_000);
    let mut text = clean.clone();
    for _ in 0..4 {
        text = cp1252(&text);
    }
    // A line of about 1 MB, four layers deep: undone in one pass per layer.
    let start = std::time::Instant::now();
    let out = repair(&text, &RepairOptions::default(), &mut Vec::new());
    assert_eq!(out, clean);
    // Ten layers, cut mid-sequence: whatever can be done, in bounded time.
    for _ in 0..6 {
        text = cp1252(&text);
    }
    let cut: String = text.chars().take(500_000).collect();
    let _ = repair(&cut, &RepairOptions::default(), &mut Vec::new());
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}
