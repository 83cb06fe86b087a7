//! The badness measure: its shortcuts against its definition, and cases.

use super::quiet::*;
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

/// Every character with an entry is what the entry says of it, as [`class`], [`script`]
/// and the lists of [`points_in_context`] have it.
#[test]
fn entries_agree_with_the_terms() {
    let mut letters = 0;
    for c in ('\u{80}'..=char::MAX).filter(|&c| entry(c as u32) != 0) {
        let e = entry(c as u32);
        let mut bytes = [0; 4];
        assert_eq!(
            entry_at(c.encode_utf8(&mut bytes).as_bytes(), 0).map(|(e, _)| e),
            Some(e)
        );
        let k = class(c);
        let case = match k {
            Class::Lower => LOWER_LETTER,
            Class::Upper => UPPER_LETTER,
            Class::Caseless => CASELESS_LETTER,
            _ => 0,
        };
        assert_eq!(e & CASE, case, "{c:?} {k:?}");
        if case == 0 {
            assert_eq!(e & NEUTRAL, NEUTRAL, "{c:?}");
            assert!(
                matches!(k, Class::Nbsp | Class::Quote | Class::Punct)
                    || (k == Class::Other && script(c) == 0 && c != '\u{FFFD}'),
                "{c:?} {k:?}"
            );
        } else {
            letters += 1;
            assert_eq!(e & NEUTRAL, 0, "{c:?}");
            assert_eq!(e >> SCRIPT_SHIFT, u16::from(script(c)), "{c:?}");
        }
        assert!(
            !matches!(c, 'Â' | 'Ã' | 'â' | 'ð') && !may_vanish(c),
            "{c:?}"
        );
        let flag = |bit: u16, holds: bool| assert_eq!(e & bit != 0, holds, "{c:?} {bit}");
        flag(LEAD_1251, matches!(c, 'Р' | 'С' | 'в'));
        flag(AFTER_1251, is_cp1251_continuation(c));
        flag(IN_WORD, matches!(c, '‘' | '“' | '”' | '‚' | '„'));
        flag(IN_WORD_TWICE, matches!(c, '«' | '»' | '‹' | '›'));
        flag(AFTER_LETTER, matches!(c, '‚' | '„'));
        flag(
            QUOTE,
            matches!(c, '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '‟'),
        );
    }
    assert!(letters > 30_000, "{letters}");
}

/// Wherever the fast path passes a character over, it adds no point, and neither it nor
/// a neighbour vanishes as emitted: among neighbours of every kind the terms look at.
#[test]
fn quiet_characters_add_no_point() {
    let neighbours: Vec<char> = "aZ 5.\t\n\r\u{7}\u{7f}äÄßéÉÂÃâð×–—…’‘“”„‚€•«»‹›РвСАаяЏѓЀΣσԱաאب日한カ😀\u{FE0F}、\u{483}\u{a0}\u{ad}\u{300}\u{200b}\u{85}©™ǅſ\u{2500}\u{fffd}"
        .chars()
        .collect();
    // The characters with an entry up to the general punctuation, and a sample of the
    // others. (A second character after the neighbour `n` only counts for `Â`, `Ã`, `â`.)
    let candidates = ('\u{80}'..=char::MAX)
        .filter(|&c| entry(c as u32) != 0)
        .enumerate()
        .filter(|&(k, c)| c < '\u{2100}' || k % 211 == 0)
        .map(|(_, c)| c)
        .chain(neighbours.iter().copied().filter(|c| !c.is_ascii()));
    let mut passed = 0;
    for c in candidates {
        for p in neighbours.iter().map(Some).chain([None]) {
            for n in neighbours.iter().map(Some).chain([None]) {
                for p2 in [None, Some(c)] {
                    let p2 = p2.filter(|_| p.is_some());
                    let text: String = [p2, p.copied(), Some(c), n.copied()]
                        .into_iter()
                        .flatten()
                        .collect();
                    let i = p2.map_or(0, char::len_utf8) + p.map_or(0, |p| p.len_utf8());
                    // The entry of the one before, as a caller that knows it gives it.
                    let before = p.filter(|p| !p.is_ascii()).map_or(0, |p| entry(*p as u32));
                    let Some((end, _)) = quiet(text.as_bytes(), i, 0) else {
                        assert!(quiet(text.as_bytes(), i, before).is_none(), "{text:?}");
                        continue;
                    };
                    assert!(quiet(text.as_bytes(), i, before).is_some(), "{text:?}");
                    passed += 1;
                    assert_eq!(end, i + c.len_utf8(), "{text:?}");
                    assert_eq!(
                        points_in_context(p2, p.copied(), c, n.copied(), None),
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
    assert!(passed > 100_000, "{passed}");
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
    let at = |s: &str, c: char| {
        let i = s.find(c).unwrap();
        quiet(s.as_bytes(), i, 0).is_some()
            || (c.len_utf8() == 2
                && s.as_bytes()[i] == 0xC3
                && adds_no_points_latin1(s.as_bytes(), i))
    };
    assert!(at("Größe", 'ö') && at("Größe", 'ß') && at("Ärger", 'Ä'));
    assert!(at("a – b", '–') && at(" „Zitat“ ", '„') && at(" „Zitat“ ", '“'));
    assert!(at("it’s", '’') && at("a\u{a0}b", '\u{a0}') && at("д\u{a0}д", '\u{a0}'));
    assert!(!at("frÃ¨", 'Ã') && !at("frÉ", 'É') && !at("ü\u{7}", 'ü') && !at("a„b", '„'));
    assert!(at("Привет, мир", 'и') && at("Привет, мир", 'П') && at("в ДНК", 'Н'));
    assert!(!at("аБ", 'Б') && !at("вA", 'в') && !at("éд", 'д') && !at("д\u{7}", 'д'));
    assert!(!at("в\u{a0}", '\u{a0}') && !at("a«b", '«'));
    assert!(quiet("\u{a0}、\u{a0}".as_bytes(), 5, 0).is_none());
    assert!(quiet("\u{a0}日\u{a0}".as_bytes(), 5, 0).is_some());
    assert!(at("한국어 日本語 カナ", '국') && at("日本語", '語') && at("😀 ok", '😀'));
    assert!(at("Ελλάδα", 'λ') && at("שלום", 'ל') && at("Ջան", 'Ջ') && at("Tiếng Việt", 'ệ'));
    // The same sign two before it (`p2`) scores.
    assert!(
        quiet("😀😀😀".as_bytes(), 8, 0).is_none() && quiet("😀😀😀".as_bytes(), 4, 0).is_some()
    );
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

/// [`needs_repair`] without its fast paths: every character that is not ASCII scored among
/// its neighbours, as it stands and as emitted, line by line; a line that no repair changes
/// is passed over where a windows-1251 lead letter and what follows it make it bad enough.
fn needs_repair_slowly(text: &str, special: impl Fn(char) -> bool) -> Option<usize> {
    needs_repair_counting(text, special, true)
}

/// [`needs_repair_slowly`], and with `by_line` false, as it was before it counted line by
/// line and passed over lines that no repair changes: the points of the whole text added
/// up.
fn needs_repair_counting(
    text: &str,
    special: impl Fn(char) -> bool,
    by_line: bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut total, mut emitted) = (0, 0);
    // The points of each line, by the index of its first byte.
    let mut lines = std::collections::BTreeMap::new();
    let line_of = |i: usize| text[..i].rfind(['\n', '\r']).map_or(0, |k| k + 1);
    let mut passed_over = None;
    for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
        let start = line_of(i);
        if passed_over == Some(start) {
            continue;
        }
        if special(c) {
            return Some(i);
        }
        let end = i + c.len_utf8();
        let vanishing = may_vanish(c)
            || i.checked_sub(1).is_some_and(|p| control(bytes[p]))
            || bytes.get(end).is_some_and(|&b| control(b));
        let around = if vanishing {
            as_emitted_around(text, i, c)
        } else {
            0
        };
        emitted += around;
        let mut before = text[..i].chars();
        let (p, p2) = (before.next_back(), before.next_back());
        let mut after = text[end..].chars();
        let (n, n2) = (after.next(), after.next());
        let points = points_in_context(p2, p, c, n, n2);
        let counted = lines.entry(start).or_insert((0, 0));
        counted.0 += points;
        counted.1 += around + if vanishing { 0 } else { points };
        total += points;
        if !vanishing {
            emitted += points;
        }
        if by_line {
            (total, emitted) = *counted;
        }
        if total >= 2 || emitted >= 2 {
            let end = text[i..].find(['\n', '\r']).map_or(text.len(), |k| i + k);
            if by_line
                && matches!(p, Some('Р' | 'С' | 'в'))
                && is_cp1251_continuation(c)
                && unrepairable::no_repair_changes(&text[start..end], &special)
            {
                passed_over = Some(start);
                continue;
            }
            return Some(i);
        }
    }
    None
}

/// [`badness`] without its fast paths.
fn badness_slowly(text: &str) -> u32 {
    text.char_indices()
        .filter(|(_, c)| !c.is_ascii())
        .map(|(i, c)| {
            let mut before = text[..i].chars();
            let (p, p2) = (before.next_back(), before.next_back());
            let mut after = text[i + c.len_utf8()..].chars();
            let (n, n2) = (after.next(), after.next());
            points_in_context(p2, p, c, n, n2)
        })
        .sum()
}

/// The fast paths agree with scoring every character, on generated text of every script
/// the entries know, clean and damaged, with the neighbours that decide.
#[test]
fn the_fast_paths_agree_with_scoring_every_character() {
    let pieces = [
        "Привет",
        " мир",
        "привет",
        "мирZ",
        "д\u{7}",
        "в",
        "\u{a0}",
        "Р",
        "С",
        "ёлка",
        "Ђ",
        "ДНК",
        "аБ",
        " ",
        "A",
        "z",
        ", ",
        "\r\n",
        "\u{7}",
        "Größe",
        "é",
        "Ã©",
        "â€™",
        "Ã",
        "–",
        "—",
        "…",
        "’",
        "‘",
        "“",
        "”",
        "„",
        "‚",
        "«",
        "»",
        "‹",
        "›",
        "日本",
        "한국",
        "カナ",
        "、",
        "😀",
        "\u{FE0F}",
        "Ελλάδα",
        "σ",
        "שלום",
        "مرحبا",
        "Ջան",
        "ệ",
        "Ÿ",
        "ĸ",
        "ǅ",
        "\u{ad}",
        "\u{300}",
        "\u{200b}",
        "\u{85}",
        "©",
        "\u{fffd}",
        "РґРѕ",
        "×’",
        "  ",
    ];
    let special = |c: char| matches!(c, '’' | '„' | '\u{FB01}');
    let mut rng = crate::testing::XorShift::new(0x5eed_0fc0_0026_0001);
    let mut found = [0; 2];
    for _ in 0..20_000 {
        let text = rng.text(&pieces, 16);
        let slow = needs_repair_slowly(&text, |_| false);
        assert_eq!(needs_repair(&text, |_| false), slow, "{text:?}");
        found[usize::from(slow.is_some())] += 1;
        assert_eq!(
            needs_repair(&text, special),
            needs_repair_slowly(&text, special),
            "{text:?}"
        );
        assert_eq!(badness(&text), badness_slowly(&text), "{text:?}");
    }
    // Both answers are common among the texts.
    assert!(found.iter().all(|&n| n > 2_000), "{found:?}");
}

/// Pieces of Russian text with its typography (a no-break space after a preposition,
/// dashes, guillemets), and of damage beside it.
const RUSSIAN_PIECES: [&str; 30] = [
    "Привет",
    " мир",
    "в",
    "\u{a0}",
    "\u{a0}",
    "Р",
    "С",
    " ",
    " ",
    "—",
    " – ",
    "«",
    "»",
    "½",
    "?",
    ", ",
    "ёлка",
    "…",
    "−",
    "Ђ",
    "Ã©",
    "â€™",
    "РґРѕ",
    "\u{ad}",
    "A",
    "д",
    "Я",
    "  ",
    "×",
    "\u{93}",
];

/// A line [`unrepairable::no_repair_changes`] passes is one the repair leaves as it is,
/// bad as it may look: the repair itself says so, with no fix tallied.
#[test]
fn a_line_no_repair_changes_is_left_alone() {
    let mut rng = crate::testing::XorShift::new(0x5eed_0fc0_0026_0003);
    let mut bad = 0;
    for _ in 0..20_000 {
        let line = rng.text(&RUSSIAN_PIECES, 12);
        if !unrepairable::no_repair_changes(&line, |_| false) {
            continue;
        }
        let mut fixes = Vec::new();
        let fixed =
            super::super::fix_line_until_stable(&line, Badness::of(&line), true, &mut fixes);
        assert_eq!(fixed, None, "{line:?}");
        assert!(fixes.is_empty(), "{line:?}");
        bad += usize::from(badness(&line) >= 2);
    }
    assert!(bad > 500, "{bad} bad lines passed");
    // The Russian of the issue's pages, and lines the repair does change.
    assert!(unrepairable::no_repair_changes(
        "Наши герои знают толк не только во вкусе,\u{a0}но и в\u{a0}красоте еды — «да».",
        |_| false
    ));
    for line in [
        "в\u{a0}РґРѕ",
        "в\u{a0}Ã©t",
        "в\u{a0}\u{93}",
        "в\u{a0}мир ’",
        "в\u{a0} x",
    ] {
        let special = |c| c == '’';
        assert!(!unrepairable::no_repair_changes(line, special), "{line:?}");
    }
}

/// Texts whose lines are passed over by the prefilter are repaired as when the prefilter
/// stopped at the first of them: the same text, the same fixes, on generated texts of
/// such lines among damaged ones and clean ones, with every kind of line end.
#[test]
fn passing_over_lines_no_repair_changes_repairs_as_before() {
    let mut rng = crate::testing::XorShift::new(0x5eed_0fc0_0026_0004);
    let ends = ["\r\n", "\n", "\r", "\r\n\r\n"];
    let mut passed = 0;
    for _ in 0..3_000 {
        let mut text = String::new();
        for _ in 0..1 + rng.below(5) {
            text.push_str(&rng.text(&RUSSIAN_PIECES, 10));
            text.push_str(ends[rng.below(ends.len())]);
        }
        let before = needs_repair_counting(&text, |_| false, false);
        let now = needs_repair(&text, |_| false);
        passed += usize::from(now != before);
        let repaired = |reason: Option<usize>| {
            let mut fixes = Vec::new();
            let mut unrepaired = super::super::Unrepaired::default();
            let fixed = reason.and_then(|reason| {
                super::super::fix_damaged_lines(&text, reason, true, &mut fixes, &mut unrepaired)
            });
            (fixed, fixes)
        };
        assert_eq!(repaired(now), repaired(before), "{text:?}");
    }
    assert!(passed > 150, "{passed} texts passed over further");
}
