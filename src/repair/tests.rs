//! The repair stage's own tests: the lines, the passes, what is emitted.

use super::emitted::*;
use super::*;

fn fix(s: &str) -> String {
    repair(s, &RepairOptions::default(), &mut Vec::new()).into_owned()
}

proptest::proptest! {
    /// `nfc` is the normalizer's NFC, whichever way it goes: decomposed Latin letters,
    /// marks after non-ASCII letters, two marks in a row (which reorder), marks beyond
    /// U+036F, letters that are not NFC-safe.
    #[test]
    fn nfc_is_the_normalizers(chars in proptest::collection::vec(
        proptest::sample::select(vec![
            'a', 'u', 'o', 'e', 'c', 'Z', ' ', '\n', 'ß', 'ê', 'é', '„', '\u{308}',
            '\u{301}', '\u{323}', '\u{302}', '\u{327}', '\u{338}', '\u{20D0}', '日',
            'ệ', '\u{1100}', '\u{1161}', 'Å', '\u{340}', '\u{344}', '\u{34F}', '™',
            '\u{FFFD}', 'Ω', 'K',
        ]),
        0..12,
    )) {
        let text: String = chars.into_iter().collect();
        let expected = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(&text);
        proptest::prop_assert_eq!(nfc(&text), expected);
    }
}

#[test]
fn mojibake_is_repaired() {
    assert_eq!(
        fix("UnterstÃ¼tzung fÃ¼r MilitÃ¤r"),
        "Unterstützung für Militär"
    );
    assert_eq!(fix("Ã¢â‚¬Å“quoteÃ¢â‚¬Â\u{9d}"), "“quote”", "two layers");
    assert_eq!(fix("RUF MICH ZURÃœCK"), "RUF MICH ZURÜCK");
    assert_eq!(fix("Hi guys í\u{a0}½í¸\u{8d}"), "Hi guys 😍", "CESU-8");
}

#[test]
fn only_damaged_lines_change() {
    let text = "Größe „so“\nUnterstÃ¼tzung fÃ¼r\n– Ende –\n";
    assert_eq!(fix(text), "Größe „so“\nUnterstützung für\n– Ende –\n");
}

#[test]
fn mojibake_runs_inside_correct_lines_are_repaired() {
    // One pair of a common mix-up in a correct line, with typography that is no part
    // of it (so the whole line does not decode).
    assert_eq!(
        fix("Die Unterstützung für Kiew wÃ¤chst."),
        "Die Unterstützung für Kiew wächst."
    );
    assert_eq!(
        fix("Das ist fÃ¼r dich – sagte er."),
        "Das ist für dich – sagte er."
    );
    assert_eq!(
        fix("Sayun’s Garden, SayunÂ´s Request 1"),
        "Sayun’s Garden, Sayun´s Request 1"
    );
    // Two layers in one run, beside a correct quote.
    assert_eq!(
        fix("„So ein blÃƒÂ¶der Tag”, sagte sie."),
        "„So ein blöder Tag”, sagte sie."
    );
    // Central European and mac-roman mix-ups inside correct text.
    assert_eq!(
        fix("Včera – VÄŤera jsme byli v BrnÄ› na vĂ˝stavÄ›."),
        "Včera – Včera jsme byli v Brně na výstavě."
    );
    assert_eq!(
        fix("L’élève – le caf√© √©tait d√©j√† ferm√©."),
        "L’élève – le café était déjà fermé."
    );
    // A soft hyphen after `ß` has the bytes of an NKo letter: inside a Latin word it
    // stays a soft hyphen, even beside real mojibake.
    assert_eq!(
        fix("Die Ma\u{df}\u{ad}nahmen – und Ma\u{df}\u{ad}nahmen fÃ¼r MÃ¼ller"),
        "Die Ma\u{df}\u{ad}nahmen – und Ma\u{df}\u{ad}nahmen für Müller"
    );
}

#[test]
fn portuguese_capitals_before_signs_stay() {
    // A capital `Ã` ends Portuguese words; a footnote mark or a sign may follow it.
    for text in [
        "A MAÇÃ² e a IRMÃ³ – notas de rodapé, São Paulo.",
        "NÃO¹ – veja a nota; A MAÇÃ Verde, IRMÃ–Jyväskylä",
    ] {
        assert_eq!(fix(text), text);
    }
}

/// A line judged only until it is bad enough ([`badness::judge_until`]), and counted on
/// only as far as the repair asks ([`Badness`]), is repaired as if its badness were
/// known exactly: the same line, the same fixes.
#[test]
fn a_bound_on_the_badness_repairs_as_the_exact_one() {
    let pieces = [
        "Ã¼",
        "Ã©",
        "â€“",
        "â€œ",
        "Â©",
        "Ã",
        "Â",
        " ",
        "a",
        "Wort ",
        "für",
        "ß",
        "–",
        "„",
        "“",
        "\u{84}",
        "\u{93}",
        "\u{A0}",
        "\u{AD}",
        "ÃƒÂ¶",
        "Ð¿Ñ€",
        "Ä›",
        "√©",
        "РґРѕ",
        "д",
        "Я",
        "?",
        "\u{FFFD}",
        "A",
        "\u{308}",
        "\u{7}",
        "×’",
    ];
    let mut rng = crate::testing::XorShift::new(0x0bad_5eed_1234_5678);
    let mut checked = 0;
    for _ in 0..4_000 {
        let line = rng.text(&pieces, 10);
        let exact = badness::badness(&line);
        let (bound, _, next) = badness::judge_until(&line, changes_when_emitted, BAD);
        assert_eq!(bound >= BAD, exact >= BAD, "{line:?}");
        if exact < BAD {
            assert_eq!((bound, next), (exact, line.len()), "{line:?}");
            continue;
        }
        let (mut lazy, mut known, mut unjudged) = (Vec::new(), Vec::new(), Vec::new());
        let by_bound = fix_line(
            &line,
            Some(Badness::counted(&line, bound, next)),
            false,
            &mut lazy,
        );
        let by_exact = fix_line(&line, Some(Badness::exact(exact)), false, &mut known);
        let from_nothing = fix_line(&line, None, false, &mut unjudged);
        assert_eq!(by_bound, by_exact, "{line:?}");
        assert_eq!(from_nothing, by_exact, "{line:?}");
        assert_eq!(lazy, known, "{line:?}");
        assert_eq!(unjudged, known, "{line:?}");
        checked += 1;
    }
    assert!(checked > 1_000, "{checked} damaged lines");
}

/// A text is repaired as its lines would be alone: a line whose repair came to nothing
/// is passed over when met again ([`Unrepaired`]), in the same pass or the next, and
/// stays in its place.
#[test]
fn a_text_is_repaired_as_its_lines_alone() {
    let pieces = [
        "Ã¼",
        "â€œ",
        "Ã",
        " ",
        "Wort ",
        "für",
        "“",
        "\u{93}",
        "\u{A0}",
        "ÃƒÂ¶",
        "РґРѕ",
        "Я",
        "\u{FFFD}",
        "×’",
        "×‘×”",
        "Ä›",
        "√©",
        "?",
        "\u{AD}",
        "à®¤à®®",
    ];
    let opts = RepairOptions::default();
    let mut rng = crate::testing::XorShift::new(0x00c0_ffee_0bad_1dea);
    let mut passed_over = 0;
    for _ in 0..400 {
        let lines: Vec<String> = (0..1 + rng.below(4))
            .map(|_| rng.text(&pieces, 8))
            .collect();
        let text: Vec<&str> = (0..2 + rng.below(6))
            .map(|_| lines[rng.below(lines.len())].as_str())
            .collect();
        let text = text.join("\n");
        let alone: Vec<String> = text
            .split('\n')
            .map(|line| {
                repair_until_stable(line, &opts, true, &mut Vec::new())
                    .unwrap_or_else(|| line.to_owned())
            })
            .collect();
        let whole = repair_until_stable(&text, &opts, true, &mut Vec::new());
        assert_eq!(
            whole.unwrap_or_else(|| text.clone()),
            alone.join("\n"),
            "{text:?}"
        );
        let mut unrepaired = Unrepaired::default();
        fix_damaged_lines(&text, 0, false, &mut Vec::new(), &mut unrepaired);
        passed_over += usize::from(!unrepaired.0.is_empty());
    }
    assert!(passed_over > 50, "{passed_over} texts with a hopeless line");
}

/// [`still_as_bad`], which counts a line's own badness only as far as it needs, is the
/// comparison it stands for: more than two thirds of the line's badness.
#[test]
fn still_as_bad_is_two_thirds() {
    for bad in BAD..300 {
        for initial in 0..500 {
            assert_eq!(
                still_as_bad(bad, &mut Badness::exact(initial)),
                bad * 3 > initial * 2,
                "{bad} of {initial}"
            );
        }
    }
    // Counted from the line only as far as that: a line of garble, every character a
    // point or more.
    let line = "ì£¼ìš”ë‰´ìŠ¤ ".repeat(40);
    let own = badness::badness(&line);
    for bad in [BAD, own / 2, own * 2 / 3, own * 2 / 3 + 1, own] {
        assert_eq!(
            still_as_bad(bad, &mut Badness::of(&line)),
            bad * 3 > own * 2,
            "{bad} of {own}"
        );
    }
}

/// The badness [`fix_line_scored`] gives with a repaired line, which the as-emitted
/// alternative's test takes for the line's score, is that line's: whatever plan or layer
/// came last, whether runs were guessed, on lines of every kind of damage.
#[test]
fn a_repaired_line_comes_with_its_badness() {
    let pieces = [
        "Ã¼",
        "Ã©",
        "â€“",
        "â€",
        "Ã",
        "Â",
        " ",
        "Wort ",
        "für",
        "\u{A0}",
        "\u{AD}",
        "Ð\u{A0}",
        "Ð°",
        "РґРѕ",
        "ÃƒÂ¶",
        "\u{FFFD}",
        "\u{93}",
        "?",
        "×’",
        "ì\u{A0}",
        "ì£¼ìš”",
        "ë‰´",
        "ì\u{FFFD}",
        "ã\u{81}",
        "ã‚’",
        "dziesi±tej",
        "Ä›",
        "√©",
    ];
    let mut rng = crate::testing::XorShift::new(0x5c0e_d11e_0026_0003);
    let mut repaired = 0;
    for _ in 0..3_000 {
        let line = rng.text(&pieces, 10);
        if let Some((fixed, bad)) = fix_line_scored(&line, None, false, &mut Vec::new()) {
            assert_eq!(bad, badness::badness(&fixed), "{line:?} -> {fixed:?}");
            repaired += 1;
        }
    }
    assert!(repaired > 500, "{repaired} lines repaired");
}

/// [`fix_line_as_emitted`] tries the line as emitted only where that may win: the same
/// line and the same fixes as trying both and keeping the alternative when it scores
/// lower as emitted.
#[test]
fn a_line_is_repaired_as_by_trying_both_views() {
    let both = |line: &str| {
        let mut own = Vec::new();
        let as_is = fix_line(line, None, true, &mut own);
        let emitted = as_emitted(line);
        if emitted != line {
            let mut other = Vec::new();
            let alternative = fix_line(&emitted, None, true, &mut other);
            let score = |s: &str| badness::badness(&as_emitted(s));
            if score(alternative.as_deref().unwrap_or(&emitted))
                < score(as_is.as_deref().unwrap_or(line))
            {
                return (alternative, other);
            }
        }
        (as_is, own)
    };
    let pieces = [
        "Ã¼", "Ã©", "â€“", "â€", "Ã", "Â", " ", "Wort ", "für", "\u{A0}", "\u{AD}", "Ã\u{AD}",
        "Â\u{A0}", "Ð\u{A0}", "Ð°", "РґРѕ", "ÃƒÂ¶", "\u{FFFD}", "\u{93}", "?", "×’", "ì\u{A0}",
        "\u{2060}",
    ];
    let mut rng = crate::testing::XorShift::new(0x5eed_0fb0_7415_e5e5);
    let mut alternatives = 0;
    for _ in 0..3_000 {
        let line = rng.text(&pieces, 10);
        let mut fixes = Vec::new();
        let (fixed, normal) = fix_line_as_emitted(&line, None, true, &mut fixes);
        if let (Some(fixed), Some(normal)) = (&fixed, &normal) {
            assert_eq!(*normal, normalized(fixed), "{line:?}");
        }
        let (expected, expected_fixes) = both(&line);
        alternatives += usize::from(fixed.is_some() && as_emitted(&line) != line);
        assert_eq!(fixed, expected, "{line:?}");
        let mut tallied = Vec::new();
        for f in expected_fixes {
            tally(&mut tallied, &f.kind, f.example, f.count);
        }
        assert_eq!(fixes, tallied, "{line:?}");
    }
    assert!(alternatives > 300, "{alternatives} lines with two views");
}

/// A line the normalize stage leaves as it is, and without the joiners only repair drops,
/// is emitted as it is ([`emitted_as_normal`]): lines of every character either changes.
#[test]
fn a_normal_line_is_emitted_as_it_is() {
    let pieces = [
        "a",
        " ",
        "\t",
        "é",
        "e\u{301}",
        "\u{301}",
        "Ω",
        "\u{2126}",
        "\u{A0}",
        "\u{AD}",
        "\u{7}",
        "\u{7F}",
        "\u{85}",
        "\u{93}",
        "\u{180E}",
        "\u{200B}",
        "\u{200C}",
        "\u{200D}",
        "\u{200E}",
        "\u{2060}",
        "\u{FEFF}",
        "\u{2009}",
        "\u{3000}",
        "“",
        "’",
        "\u{FFFD}",
        "日",
        "한",
        "\u{1100}\u{1161}",
        "😀",
        "\u{2028}",
        "ﬁ",
        "Ｆ",
    ];
    let mut rng = crate::testing::XorShift::new(0x0e31_77ed_0026_0005);
    let mut normal = 0;
    for _ in 0..20_000 {
        let line = rng.text(&pieces, 6);
        if normalized(&line) == line {
            normal += 1;
            assert_eq!(
                emitted_as_normal(&line),
                as_emitted(&line) == line,
                "{line:?}"
            );
        }
    }
    assert!(normal > 1_000, "{normal} normal lines");
}

#[test]
fn c1_controls_become_windows_1252() {
    assert_eq!(fix("\u{84}Hallo\u{93}"), "„Hallo“");
}

#[test]
fn lines_are_repaired_as_they_will_be_emitted() {
    // U+0081 has no windows-1252 character: normalize drops it, and without it the
    // mojibake is repaired (by the next run, were it not for this one).
    assert_eq!(fix("\u{81}Ã¡ Ã©ÿÿÿÿÿ"), "á éÿÿÿÿÿ");
    // A control that normalize drops, and a combining mark it composes, are seen
    // through by the prefilter.
    assert_eq!(fix("é\u{feff}„„"), "鄄");
    assert_eq!(fix("ZÃu\u{308}"), "Z\u{31f}");
}

/// [`as_emitted`] copies the runs between what it drops or replaces: the same as
/// looking at every character.
#[test]
fn as_emitted_is_the_line_read_character_by_character() {
    let by_chars = |line: &str| -> String {
        let kept: String = line
            .chars()
            .filter(|&c| !dropped(c) || ('\u{80}'..='\u{9F}').contains(&c))
            .map(|c| if c == '\u{A0}' { ' ' } else { c })
            .collect();
        nfc(kept.trim_end_matches([' ', '\t'])).into_owned()
    };
    let pieces = [
        "abc", " ", "\t", "\u{A0}", "\u{AD}", "\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}",
        "\u{180E}", "\u{1}", "\u{7F}", "\u{85}", "é", "e\u{301}", "Ã©", "\u{2002}", "x",
    ];
    let mut rng = crate::testing::XorShift::new(0x2545_f491_4f6c_dd1d);
    let mut next = |n: usize| rng.below(n);
    for _ in 0..5_000 {
        let count = next(12);
        let line: String = (0..count).map(|_| pieces[next(pieces.len())]).collect();
        assert_eq!(as_emitted(&line), by_chars(&line), "{line:?}");
    }
}

#[test]
fn the_byte_test_finds_what_as_emitted_drops() {
    for c in '\0'..='\u{10FFFF}' {
        let kept_c1 = ('\u{80}'..='\u{9F}').contains(&c);
        let expected = (dropped(c) && !kept_c1) || c == '\u{A0}';
        let mut buf = [0; 4];
        assert_eq!(drops_or_spaces(c.encode_utf8(&mut buf)), expected, "{c:?}");
        // Past a word of plain ASCII, and inside one.
        if !c.is_ascii() || c < ' ' || c == '\u{7f}' || c == 'x' {
            let padded = format!("abcdefghi{c}xyz~ 0123");
            assert_eq!(drops_or_spaces(&padded), expected, "{c:?}");
        }
    }
}

#[test]
fn the_block_scan_finds_what_the_byte_test_finds() {
    let every_byte = |b: &[u8]| {
        b.iter()
            .enumerate()
            .any(|(i, &x)| changes_when_emitted(b, i, x))
    };
    for special in [
        "", "\u{7}", "\u{1f}", "\t", "\u{a0}", "\u{ad}", "e\u{301}", "\u{200b}",
    ]
    .into_iter()
    .chain([
        "\u{2060}", "\u{feff}", "\u{180e}", "ä", "€", "\u{85}", "\u{7f}",
    ]) {
        for pad in 0..20 {
            for tail in ["", "x", "abcdefghi"] {
                let line = format!("{}{special}{tail}", "ab".repeat(pad)[..pad].to_owned());
                let expected = line.ends_with([' ', '\t']) || every_byte(line.as_bytes());
                assert_eq!(may_change_when_emitted(&line), expected, "{line:?}");
                // The judging scan asks the byte test where it must.
                let judged = badness::judge(&line, changes_when_emitted).1;
                assert_eq!(judged || trailing_blank(&line), expected, "{line:?}");
            }
        }
    }
}

#[test]
fn references_are_decoded_as_they_will_be_emitted() {
    assert_eq!(fix("&a\u{ad}mp; &#\u{200b}52;"), "& 4");
    // Decoding would make another reference: the next run would decode that.
    assert_eq!(fix("&amp;lt; &eacute;"), "&amp;lt; é");
    // Mojibake repair made `&#\u{200b}52;`: the stage's next pass decodes it.
    let mut doc = Document::from_text("d", Default::default(), "&#â€‹52;");
    stage(&mut doc, &Config::default()).expect("repair never rejects");
    assert_eq!(doc.text, "4");
}

#[test]
fn entities_are_decoded_outside_html() {
    assert_eq!(fix("Fish &amp; Chips &#252; &#xFC;"), "Fish & Chips ü ü");
    let html = "<html><body><p>a &amp; b</p></body></html>";
    assert_eq!(fix(html), html);
    let off = RepairOptions {
        entities: false,
        ..RepairOptions::default()
    };
    assert_eq!(repair("a &amp; b", &off, &mut Vec::new()), "a &amp; b");
}

#[test]
fn options_are_honoured() {
    let all = RepairOptions {
        uncurl_quotes: true,
        fix_width: true,
        ligatures: true,
        ..RepairOptions::default()
    };
    let mut fixes = Vec::new();
    let out = repair("„ﬁne“ ＡＢＣ", &all, &mut fixes);
    assert_eq!(out, "\"fine\" ABC");
    let kinds: Vec<&str> = fixes.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["latin ligature", "fullwidth", "curly quote"]);
    assert_eq!(fix("„ﬁne“ ＡＢＣ"), "„ﬁne“ ＡＢＣ", "all off by default");
}

#[test]
fn explain_shows_what_changed() {
    let opts = RepairOptions {
        explain: true,
        ..RepairOptions::default()
    };
    let mut fixes = Vec::new();
    repair("Er sagte: fÃ¼r &amp; MilitÃ¤r", &opts, &mut fixes);
    let kinds: Vec<&str> = fixes.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["html entity", "mojibake: utf-8 as latin-1"]);
    let examples: Vec<(&str, &str)> = fixes
        .iter()
        .filter_map(|f| f.example.as_ref())
        .map(|e| (e.before.as_str(), e.after.as_str()))
        .collect();
    assert_eq!(examples, [("&amp;", "&"), ("Ã¼r & MilitÃ¤", "ür & Militä")]);
}

#[test]
fn clean_text_is_borrowed() {
    for s in ["Größe „so“ – 5 € groß“", "plain", "", "Ελληνικά и русский"]
    {
        assert!(matches!(
            repair(s, &RepairOptions::default(), &mut Vec::new()),
            Cow::Borrowed(_)
        ));
    }
}

#[test]
fn the_stage_logs_what_it_did() {
    let mut doc = Document::from_text("d", Default::default(), "fÃ¼r MilitÃ¤r &amp; dich\u{93}");
    stage(&mut doc, &Config::default()).expect("repair never rejects");
    assert_eq!(doc.text, "für Militär & dich“");
    let kinds: Vec<&str> = doc.changes.iter().map(|c| c.kind.as_str()).collect();
    assert!(kinds.contains(&"html entity"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k.starts_with("mojibake")), "{kinds:?}");
}
