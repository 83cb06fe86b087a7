//! The normalize stage: its scans against their definitions, and cases.

use super::*;

#[test]
fn one_line_titles_are_told_by_their_bytes_as_by_their_characters() {
    let by_chars = |t: &str| {
        !t.starts_with(' ')
            && !t.ends_with(' ')
            && !t.contains("  ")
            && !t.chars().any(|c| c.is_whitespace() && c != ' ')
    };
    for c in (0..0x3100)
        .chain(0xFE00..0x10000)
        .filter_map(char::from_u32)
    {
        for t in [format!("a{c}b"), format!("{c}"), format!("a {c} b")] {
            assert_eq!(is_one_line(&t), by_chars(&t), "{:#x}", c as u32);
        }
    }
}

fn norm(s: &str) -> (String, Counts) {
    let mut counts = Counts::default();
    (normalize(s, Normalization::Nfc, &mut counts), counts)
}

#[test]
fn decomposed_latin_is_composed_without_the_normalizer() {
    assert_eq!(
        compose_marks_after_ascii("fu\u{308}r Gro\u{308}ße „x“ e\u{338}").as_deref(),
        Some("für Größe „x“ e\u{338}")
    );
    for text in ["u\u{308}\u{323}", "ê\u{323}", "\u{308}", "\u{2126}u\u{308}"] {
        assert_eq!(compose_marks_after_ascii(text), None, "{text:?}");
    }
    // Every pair it composes, asked twice (the second answer is the remembered one), is
    // what the normalizer makes of it.
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    for base in (0..0x80u8).map(char::from) {
        for mark in ('\u{300}'..='\u{36F}').filter(|m| !matches!(m, '\u{340}'..='\u{344}')) {
            let pair: String = [base, mark].into_iter().collect();
            for _ in 0..2 {
                let ours = compose_marks_after_ascii(&pair).expect("a mark after ASCII");
                assert_eq!(ours, nfc.normalize(&pair), "{pair:?}");
            }
        }
    }
}

#[test]
fn nfc_safe_characters_are_nfc_next_to_any_other() {
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let safe: Vec<char> = (0..=0x20C0)
        .chain([0x2122, 0xFFFD])
        .filter_map(char::from_u32)
        .filter(|&c| nfc_safe(c))
        .collect();
    // Each is NFC alone and after any safe character (one that could compose with it);
    // sampled before to keep the test quick: every 7th, with all of Latin-1.
    for &c in &safe {
        assert!(
            nfc.is_normalized(&c.to_string()),
            "{c:?} U+{:04X}",
            c as u32
        );
    }
    let before: Vec<char> = safe
        .iter()
        .copied()
        .enumerate()
        .filter(|&(i, c)| i % 7 == 0 || (c as u32) < 0x100)
        .map(|(_, c)| c)
        .collect();
    let mut pair = String::new();
    for &a in &before {
        for &b in &safe {
            pair.clear();
            pair.push(a);
            pair.push(b);
            assert!(nfc.is_normalized(&pair), "{pair:?}");
        }
    }
}

/// The whole list, from the normalizer's data: each character is a starter, in NFC alone,
/// and neither it nor the first character of its decomposition is the second character of
/// a canonical composition (so nothing before it composes with it).
#[test]
fn nfc_safe_characters_never_compose_with_what_stands_before() {
    use icu_normalizer::properties::{
        CanonicalCombiningClassMapBorrowed, CanonicalDecompositionBorrowed, Decomposed,
    };
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let decomposition = CanonicalDecompositionBorrowed::new();
    let class = CanonicalCombiningClassMapBorrowed::new();
    let seconds: std::collections::BTreeSet<char> = ('\0'..=char::MAX)
        .filter_map(|c| match decomposition.decompose(c) {
            Decomposed::Expansion(_, second) => Some(second),
            _ => None,
        })
        .collect();
    assert!(seconds.contains(&'\u{301}') && seconds.contains(&'\u{11A8}'));
    let first = |mut c: char| loop {
        match decomposition.decompose(c) {
            Decomposed::Expansion(a, _) | Decomposed::Singleton(a) => c = a,
            Decomposed::Default => return c,
        }
    };
    let mut count = 0;
    for c in ('\0'..=char::MAX).filter(|&c| nfc_safe(c)) {
        count += 1;
        let at = c as u32;
        assert_eq!(class.get_u8(c), 0, "U+{at:04X}");
        assert!(nfc.is_normalized(c.encode_utf8(&mut [0; 4])), "U+{at:04X}");
        assert!(!seconds.contains(&c), "U+{at:04X}");
        assert!(!seconds.contains(&first(c)), "U+{at:04X}");
    }
    assert!(count > 40_000, "{count}");
    // What the list leaves out for these reasons: a Greek sign NFC replaces, a Cyrillic
    // combining mark, a Hangul trailing consonant, a kana voicing mark, the Ohm sign.
    for c in ['\u{387}', '\u{483}', '\u{11A8}', '\u{3099}', '\u{2126}'] {
        assert!(!nfc_safe(c), "{c:?}");
    }
}

#[test]
fn the_scan_finds_what_each_pass_needs() {
    let scan_of = |s: &str| {
        let s = scan(s);
        (s.char_pass, s.nfc_unsure)
    };
    assert_eq!(scan_of("Grüße „aus“ Köln – 5 € ŝ\tok\n"), (false, false));
    assert_eq!(
        scan_of("plain ascii, long enough for words"),
        (false, false)
    );
    assert_eq!(scan_of("a\u{A0}b"), (true, false));
    assert_eq!(scan_of("abcdefgh\r\nabcdefgh"), (true, false));
    assert_eq!(scan_of("abcdefghijk\u{7F}"), (true, false));
    assert_eq!(scan_of("Mu\u{308}ller"), (false, true));
    assert_eq!(scan_of("日本 한국 Россия Ελλάδα"), (false, false));
    assert_eq!(scan_of("か\u{3099}"), (false, true));
    assert_eq!(scan_of("\u{2000}"), (true, true));
    assert_eq!(scan_of("x\u{FEFF}y\u{301}"), (true, true));
    // Once one pass is known to be needed, the other's characters are still found,
    // however far on: a mark after a CR, a CR after a mark.
    for (needs_chars, not_nfc) in [
        ('\r', '\u{308}'),
        ('\u{A0}', '\u{3099}'),
        ('\u{200B}', '\u{2126}'),
    ] {
        for gap in [0, 5, 31, 32, 33, 70] {
            let pad = "a".repeat(gap);
            for s in [
                format!("{needs_chars}{pad}u{not_nfc}"),
                format!("u{not_nfc}{pad}{needs_chars}"),
            ] {
                assert_eq!(scan_of(&s), (true, true), "{s:?}");
            }
        }
    }
    // Whole blocks are skipped: what follows them, or straddles their end, still counts.
    for pad in 25..40 {
        let p = "ü".repeat(pad / 2) + &"a".repeat(pad % 2);
        assert_eq!(scan_of(&format!("{p}\u{A0}{p}")), (true, false), "{pad}");
        assert_eq!(scan_of(&format!("{p}e\u{301}{p}")), (false, true), "{pad}");
        assert_eq!(scan_of(&format!("{p}\r{p}ß")), (true, false), "{pad}");
        assert_eq!(scan_of(&format!("{p}\n{p}ß\t„x“")), (false, false), "{pad}");
    }
}

#[test]
fn clean_text_is_unchanged() {
    let s = "Titel\n\nErster Absatz mit Grüßen.\n\n\tEingerückt.";
    assert_eq!(norm(s), (s.to_owned(), Counts::default()));
}

#[test]
fn crlf_nbsp_zero_width_soft_hyphen() {
    let (out, c) = norm("A\r\nB\rC\u{A0}D\u{200B}E\u{AD}F\u{7}");
    assert_eq!(out, "A\nB\nC DEF");
    assert_eq!(
        (
            c.line_ends,
            c.spaces,
            c.invisible,
            c.soft_hyphens,
            c.controls
        ),
        (2, 1, 1, 1, 1)
    );
}

#[test]
fn nfd_is_composed() {
    let (out, c) = norm("Mu\u{308}ller");
    assert_eq!(out, "Müller");
    assert_eq!(c.unicode_form, 1);
}

#[test]
fn joiners_stay_in_emoji() {
    let family = "👩\u{200D}👩\u{200D}👧";
    assert_eq!(norm(family).0, family);
    assert_eq!(norm("ab\u{200D}cd").0, "abcd");
}

/// The char pass by its definition: every character in turn, without skipping.
fn char_pass_slowly(text: &str, counts: &mut Counts) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for (i, c) in text.char_indices() {
        if skip > 0 {
            skip -= 1;
        } else if handled_by_char_pass(c) {
            skip = pass_char(c, &text[i + c.len_utf8()..], &mut out, counts);
        } else {
            out.push(c);
        }
    }
    out
}

/// Text of up to `max` characters, seven in eight from `common` (the scans' plain
/// characters), the rest from `rare` (those they stop for).
fn mostly(
    common: &[char],
    rare: &[char],
    max: usize,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    proptest::collection::vec(
        proptest::prop_oneof![
            7 => proptest::sample::select(common.to_vec()),
            1 => proptest::sample::select(rare.to_vec()),
        ],
        0..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest::proptest! {
    /// The scan's answers are those of asking every character, whichever flag comes
    /// first and wherever it stands among the blocks.
    #[test]
    fn the_scan_answers_as_every_character_would(text in mostly(
        &['a', ' ', '\n', '\t', 'ü', 'ß', '„', '–', '€', 'ǅ', 'д', 'Ӂ', 'ա', '日', '한'],
        &[
            '\r', '\u{1}', '\u{7F}', '\u{85}', '\u{A0}', '\u{AD}', '\u{1680}', '\u{2003}',
            '\u{200B}', '\u{2028}', '\u{3000}', '\u{FEFF}', '\u{308}', '\u{2000}', '日',
            '😀', '\u{2126}', 'Ω',
        ],
        150,
    )) {
        let want = Scan {
            char_pass: text.chars().any(handled_by_char_pass),
            nfc_unsure: text.chars().any(|c| !nfc_safe(c)),
        };
        proptest::prop_assert_eq!(scan(&text), want, "{:?}", text);
    }
}

proptest::proptest! {
    /// Skipping blocks and copying runs changes nothing: the same text and counts as
    /// the pass character by character, on text long enough for several blocks.
    #[test]
    fn the_char_pass_skips_only_what_it_keeps(text in mostly(
        &['a', 'Z', ' ', '\n', '\t', 'ü', 'ß', '„', '–', '€', '😀', '\u{308}'],
        &[
            '\r', '\u{1}', '\u{7F}', '\u{85}', '\u{A0}', '\u{AD}', '\u{1680}', '\u{2003}',
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2028}', '\u{202F}', '\u{205F}',
            '\u{2060}', '\u{3000}', '\u{FEFF}', '\u{180E}',
        ],
        120,
    )) {
        let (mut fast, mut slow) = (Counts::default(), Counts::default());
        proptest::prop_assert_eq!(char_pass(&text, &mut fast), char_pass_slowly(&text, &mut slow));
        proptest::prop_assert_eq!(fast, slow);
    }
}

#[test]
fn prefilter_agrees_with_the_char_pass() {
    let samples = [
        "Grüße „aus“ Köln – 5 € … ß",
        "a\u{A0}b",
        "a\u{202F}b",
        "a\u{2060}b",
        "a\u{200C}b",
        "\u{FEFF}a",
        "a\u{3000}b",
        "a\u{1680}b",
        "a\u{180E}b",
        "a\u{85}b",
        "a\u{9F}b",
        "a\u{AD}b",
        "a\rb",
        "a\u{1}b",
        "a\u{7F}b",
        "a\u{2028}b\u{2010}c\u{20AC}\u{FFFD}\u{1F600}",
        "tab\tand\nnewline",
    ];
    for s in samples {
        let mut counts = Counts::default();
        let passed = char_pass(s, &mut counts);
        let changes = passed != s || counts != Counts::default();
        let joiner = s.contains(['\u{200C}', '\u{200D}']);
        assert_eq!(scan(s).char_pass, changes || joiner, "{s:?}");
    }
    for c in (0..0x3100)
        .chain(0xFE00..0x10000)
        .filter_map(char::from_u32)
    {
        let s = format!("x{c}y");
        let mut counts = Counts::default();
        let passed = char_pass(&s, &mut counts);
        if passed != s || counts != Counts::default() {
            assert!(scan(&s).char_pass, "U+{:04X}", c as u32);
        }
        if !nfc_safe(c) {
            assert!(scan(&s).nfc_unsure, "U+{:04X}", c as u32);
        }
    }
}

#[test]
fn titles_are_one_line() {
    let mut doc = Document::from_text("t", Default::default(), "x");
    for (title, want) in [
        ("Ein Titel", Some("Ein Titel")),
        ("  Ein   Titel\t", Some("Ein Titel")),
        ("Ein\u{2028}Titel", Some("Ein Titel")),
        ("\u{200B}", None),
    ] {
        doc.title = Some(title.into());
        stage(&mut doc, &Config::default()).unwrap();
        assert_eq!(doc.title.as_deref(), want, "{title:?}");
    }
}

/// The lines pass by its definition: the text split at `\n`, each line trimmed.
fn lines_pass_slowly(text: &str, counts: &mut Counts) -> String {
    let text = match text.strip_suffix('\n') {
        Some(one) if !one.ends_with('\n') => one,
        _ => text,
    };
    // No text has no lines, not one blank one.
    if text.is_empty() {
        return String::new();
    }
    let (mut lines, mut blank_in) = (Vec::new(), 0);
    for line in text.split('\n') {
        let trimmed = line.trim_end_matches([' ', '\t']);
        counts.trailing_ws += usize::from(trimmed.len() != line.len());
        if trimmed.is_empty() {
            blank_in += 1;
            lines.push(None);
        } else {
            lines.push(Some(trimmed));
        }
    }
    // Runs of blank lines become one, none at either end.
    let mut out = String::new();
    let mut blank_out = 0;
    let mut pending = false;
    for line in lines {
        match line {
            None => pending = !out.is_empty(),
            Some(line) => {
                if !out.is_empty() {
                    out.push('\n');
                    if pending {
                        out.push('\n');
                        blank_out += 1;
                    }
                }
                pending = false;
                out.push_str(line);
            }
        }
    }
    counts.blank_lines += blank_in - blank_out;
    out
}

proptest::proptest! {
    /// The lines pass gives the text and counts of its definition.
    #[test]
    fn the_lines_pass_trims_and_collapses_as_defined(text in mostly(
        &['a', 'ü', ' ', '\n'],
        &['\t', '\n', '😀'],
        80,
    )) {
        let (mut fast, mut slow) = (Counts::default(), Counts::default());
        proptest::prop_assert_eq!(lines_pass(text.clone(), &mut fast), lines_pass_slowly(&text, &mut slow));
        proptest::prop_assert_eq!(fast, slow);
    }
}

#[test]
fn blank_lines_and_trailing_space() {
    let (out, c) = norm("\n\nA  \n\n\n\nB\t\n\n");
    assert_eq!(out, "A\n\nB");
    assert_eq!(c.trailing_ws, 2);
    assert_eq!(c.blank_lines, 6);
    assert_eq!(norm("A\n\nB\n"), ("A\n\nB".to_owned(), Counts::default()));
}

#[test]
fn ideographic_spaces_stay_between_cjk_characters() {
    let run = |text: &str| {
        let mut doc = Document::from_text("t", Default::default(), text);
        stage(&mut doc, &Config::default()).unwrap();
        doc.text
    };
    for text in [
        "我没有\u{3000}埋怨",
        "\u{3000}\u{3000}今日は晴れ。\n\u{3000}明日も。",
        "한국어\u{3000}문장",
    ] {
        assert_eq!(run(text), text);
    }
    // Elsewhere it is a space like any other.
    assert_eq!(run("Grüße\u{3000}aus Köln"), "Grüße aus Köln");
    assert_eq!(run("我没有\u{3000}Köln"), "我没有 Köln");
    assert_eq!(run("Köln\u{3000}埋怨"), "Köln 埋怨");
}
