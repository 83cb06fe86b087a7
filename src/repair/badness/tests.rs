//! The badness measure: its shortcuts against its definition, and cases.

use super::*;

#[test]
fn basic_cyrillic_is_classed_as_the_case_tables_say() {
    for c in '\u{400}'..='\u{45F}' {
        assert_eq!(class(c), cased(c), "{c}");
    }
}

#[test]
fn east_asian_blocks_and_emoji_are_classed_as_the_case_tables_say() {
    let ranges = [
        0x3001..=0x3004,
        0x3008..=0x3020,
        0x30FB..=0x30FB,
        0x3041..=0x3096,
        0x309D..=0x309F,
        0x30A1..=0x30FA,
        0x30FC..=0x30FF,
        0x4E00..=0x9FFF,
        0xAC00..=0xD7A3,
        0x1F300..=0x1FAFF,
    ];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        assert_eq!(class(c), cased(c), "{c} U+{:04X}", c as u32);
    }
}

#[test]
fn clean_text_scores_zero() {
    for s in [
        "Größe „so“ – 5 € groß",
        "L’épisode 8 est trop fou",
        "NESTLÉ® requiere",
        "C O N C L U S Ã O",
        "Ελληνικά, русский, עברית, 日本語",
        "├┤a┼┐a",
        "",
    ] {
        assert_eq!(badness(s), 0, "{s}");
    }
}

#[test]
fn mojibake_scores_high() {
    for s in [
        "UnterstÃ¼tzung",
        "ZURÃœCK",
        "РґРѕСЂРѕРіРµ",
        "g√¢teaux",
        "â€œ",
        "×‘×”×•",
    ] {
        assert!(badness(s) >= 2, "{s}: {}", badness(s));
    }
}

proptest::proptest! {
    /// The points of a mark composed among ASCII are those of the window built in full:
    /// decomposed German, capitals beside lowercase, marks that do not compose, marks
    /// beside dropped characters, controls, mojibake and other scripts.
    #[test]
    fn a_mark_among_ascii_scores_as_the_window_does(tokens in proptest::collection::vec(
        proptest::sample::select(vec![
            "a", "u", "A", "U", "x", " ", "\n", "\t", "5", "$", "\u{308}", "\u{301}",
            "\u{327}", "\u{300}", "\u{340}", "\u{344}", "\u{345}", "\u{36F}", "ä", "Ã",
            "€", "„", "’", "ß", "Р", "\u{AD}", "\u{7}", "\u{200B}", "\u{A0}",
            "u\u{308}", "U\u{308}", "a\u{301}", "A\u{300}",
        ]),
        0..10,
    )) {
        let text: String = tokens.concat();
        for (i, c) in text.char_indices() {
            if let Some(points) = composed_among_ascii(text.as_bytes(), i, c) {
                proptest::prop_assert_eq!(
                    points,
                    as_emitted_around_slowly(&text, i, c),
                    "{:?} at {}", text, i
                );
            }
        }
    }
}

#[test]
fn a_mark_among_ascii_is_scored_without_the_window() {
    let points = |text: &str, i| composed_among_ascii(text.as_bytes(), i, '\u{308}');
    // Composed, `ü` between lowercase letters is quiet; `Ü` after one is not, nor is
    // `ü` before an ASCII capital.
    assert_eq!(points("fu\u{308}r", 2), Some(0));
    assert_eq!(points("aU\u{308}", 2), Some(1));
    assert_eq!(points("xu\u{308}Ab", 2), Some(1));
    // Each neighbour counts as in the window built in full.
    for (text, i) in [("xu\u{308}Ab", 2), ("ab u\u{308}", 4), ("aU\u{308}xy", 2)] {
        let full = as_emitted_around_slowly(text, i, '\u{308}');
        assert_eq!(points(text, i), Some(full), "{text:?}");
    }
    // Not ASCII around it, or no letter to compose with: the window is built.
    for (text, i) in [("äu\u{308}", 3), ("u\u{308}\u{7}", 1), ("\u{308}a", 0)] {
        assert_eq!(points(text, i), None, "{text:?}");
    }
}

#[test]
fn may_vanish_covers_what_normalize_drops() {
    for c in ('\0'..='\u{10FFFF}').filter(|&c| super::super::emitted::dropped(c)) {
        assert!(may_vanish(c), "{c:?}");
    }
}

#[test]
fn the_prefilter_sees_the_text_as_emitted() {
    for s in [
        "é\u{feff}„„",
        "é\u{7}„",
        "Ã\u{7}©",
        "a\u{7}Éa\u{7}É",
        "ZÃu\u{308}",
    ] {
        assert!(needs_repair(s, |_| false).is_some(), "{s:?}");
    }
    for s in ["Größe „so“ – 5 €", "fu\u{308}r", "Zei\u{ad}tung"] {
        assert_eq!(needs_repair(s, |_| false), None, "{s:?}");
    }
}

#[test]
fn quiet_characters_add_no_point() {
    let neighbours: Vec<char> = "aZ 5.\t\n\r\u{7}\u{7f}äÄßöÖéÉÂÃâ×÷ÿÞ–—…’‘“”„‚€•РвСАЯаяЏЀѐёЁѓ\u{483}σ\u{a0}\u{ad}\u{300}\u{200b}\u{85}£©™ǅ\u{2500}\u{fffd}"
        .chars()
        .collect();
    // Latin-1 letters, common punctuation, and Cyrillic letters around the Russian alphabet.
    let candidates = ('\u{C0}'..='\u{FF}')
        .chain("–—…’‘“”„‚€•£".chars())
        .chain('\u{3F0}'..='\u{46F}');
    for c in candidates {
        for p in neighbours.iter().map(Some).chain([None]) {
            for n in neighbours.iter().map(Some).chain([None]) {
                for p2 in [None, Some(' '), Some(c)] {
                    for n2 in [None, Some('A')] {
                        let text: String = [p2.filter(|_| p.is_some()), p.copied(), Some(c)]
                            .into_iter()
                            .chain([n.copied(), n2.filter(|_| n.is_some())])
                            .flatten()
                            .collect();
                        let i = p2.filter(|_| p.is_some()).map_or(0, char::len_utf8)
                            + p.map_or(0, |p| p.len_utf8());
                        if !adds_no_points(text.as_bytes(), i, c.len_utf8()) {
                            continue;
                        }
                        let (p2, n2) = (p2.filter(|_| p.is_some()), n2.filter(|_| n.is_some()));
                        assert_eq!(
                            points_in_context(p2, p.copied(), c, n.copied(), n2),
                            0,
                            "{text:?}"
                        );
                        assert!(!may_vanish(c), "{text:?}");
                        for x in [p, n].into_iter().flatten() {
                            assert!(!(x.is_ascii() && control(*x as u8)), "{text:?}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn latin1_letters_keep_their_case_class() {
    for c in ('\u{C0}'..='\u{FF}').filter(|c| !matches!(c, '×' | '÷')) {
        let expected = if c.is_uppercase() {
            Class::Upper
        } else {
            assert!(c.is_lowercase(), "{c}");
            Class::Lower
        };
        assert_eq!(class(c), expected, "{c}");
    }
}

#[test]
fn common_characters_are_quiet() {
    let at = |s: &str, c: char| adds_no_points(s.as_bytes(), s.find(c).unwrap(), c.len_utf8());
    assert!(at("Größe", 'ö') && at("Größe", 'ß') && at("Ärger", 'Ä'));
    assert!(at("a – b", '–') && at(" „Zitat“ ", '„') && at(" „Zitat“ ", '“'));
    assert!(at("5 € ", '€') && at("it’s", '’'));
    assert!(!at("frÃ¨", 'Ã') && !at("frÉ", 'É') && !at("ü\u{7}", 'ü') && !at("a„b", '„'));
    assert!(at("Привет, мир", 'и') && at("Привет, мир", 'П') && at("в ДНК", 'Н'));
    assert!(!at("аБ", 'Б') && !at("вA", 'в') && !at("éд", 'д') && !at("д\u{7}", 'д'));
}

#[test]
fn ascii_scan_finds_the_first_high_byte() {
    let text = "abcdefghijklmnopä";
    assert_eq!(next_non_ascii(text.as_bytes(), 0), 16);
    assert_eq!(next_non_ascii(b"abc", 0), 3);
    assert_eq!(next_non_ascii("ü".as_bytes(), 0), 0);
}

/// A count stopped and taken up again ([`Badness`]) answers every question as the badness
/// measured at once: each stop, each score, on lines of mojibake, clean text and both.
#[test]
fn a_count_taken_up_again_is_the_badness() {
    let pieces = [
        "Ã¼",
        "â€œ",
        "â€\u{FFFD}",
        "Ã",
        " ",
        "Wort ",
        "für",
        "„",
        "“",
        "\u{93}",
        "\u{A0}",
        "РґРѕ",
        "д",
        "×’",
        "\u{7}",
        "é",
        "日",
        "A",
    ];
    let mut rng = crate::testing::XorShift::new(0x5eed_0fc0_0007_0001);
    for _ in 0..2_000 {
        let line = rng.text(&pieces, 12);
        let exact = badness(&line);
        // Plan 2's test that a fixed line is at most half as bad as it was, counted only
        // that far.
        for was in 0..=2 * exact + 2 {
            let half = judge_until(&line, |_, _, _| false, was / 2 + 1).0 * 2 <= was;
            assert_eq!(half, exact * 2 <= was, "{line:?} {was}");
        }
        for stop in 0..=exact + 1 {
            let (points, _, next) = judge_until(&line, |_, _, _| false, stop);
            assert!(
                points <= exact && (points >= stop || next == line.len()),
                "{line:?}"
            );
            assert!(line.is_char_boundary(next), "{line:?}");
            for score in 0..=exact + 2 {
                let counted = || Badness::counted(&line, points, next);
                assert_eq!(counted().above(score), score < exact, "{line:?} {score}");
                let twice = counted().at_least_twice(score);
                assert_eq!(twice, score * 2 <= exact, "{line:?} {score}");
                let mut asked = counted();
                asked.above(score);
                assert_eq!(asked.get(), exact, "{line:?} {score}");
            }
        }
    }
}
