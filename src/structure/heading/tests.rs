//! The heading matcher against slow definitions of what it computes, and cases.

use super::*;

const TITLE: &str = "Kim Jong Un verspricht Unterstützung für Russlands Militäraktionen in der Ukraine bei Putins Besuch in Nordkorea";

/// `s` folded character by character, as far as [`Fold::to`]`(max)` goes.
fn fold_slowly(s: &str, continues: bool, max: usize) -> (Vec<char>, bool) {
    let mut out = Vec::new();
    let mut space = false;
    let mut cut = false;
    for c in s.chars() {
        if out.len() > max {
            cut = true;
            break;
        }
        if c.is_whitespace() {
            space = continues || !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    let cut = cut || out.len() > max;
    (out, cut)
}

#[test]
fn folding_ascii_takes_the_same_steps() {
    for s in [
        "  Kim  Jong\tUn\x0Bverspricht ",
        "A",
        "",
        " \n ",
        " a",
        " ab cd",
        "Grüße  aus Köln",
        "İstanbul  İzmir ÄÖÜ \u{A0}x",
        "Kim Jong Un verspricht",
        "a b c d e f",
        "ab",
        "a\x7fb c",
    ] {
        for continues in [false, true] {
            for max in [0, 1, 2, 3, 4, 5, 6, 10, 21, 22, 100] {
                let slow = fold_slowly(s, continues, max);
                let what = format!("{s:?} {continues} {max}");
                let mut buf = Vec::new();
                let mut fold = Fold::new(s, continues, max, &mut buf);
                let cut = fold.to(max);
                assert_eq!((fold.chars().to_vec(), cut), slow, "{what}");
                // Folding on from a smaller bound gives the same, and so does going back.
                let mut buf = Vec::new();
                let mut fold = Fold::new(s, continues, max, &mut buf);
                fold.to(max / 2);
                let cut = fold.to(max);
                assert_eq!((fold.chars().to_vec(), cut), slow, "{what} resumed");
                fold.to(max + 7);
                let cut = fold.to(max);
                assert_eq!((fold.chars().to_vec(), cut), slow, "{what} back");
            }
        }
    }
}

/// [`heading_match`] as its definition reads: both folded whole, every start of the
/// title tried against every start of the line.
fn heading_match_slowly(title: &str, line: &str) -> Option<HeadingMatch> {
    let first_words = || {
        same_first_words(
            &mut Fold::new(title, false, 0, &mut Vec::new()),
            &mut Fold::new(line, false, 0, &mut Vec::new()),
            &mut Vec::new(),
        )
    };
    if !same_start(title, line) || (line.len() > 2 * title.len() && !first_words()) {
        return None;
    }
    let (t, _) = fold_slowly(title, false, usize::MAX);
    let (l, _) = fold_slowly(line, false, usize::MAX);
    if l.len() > 2 * MAX_SPELLING * title.len() + 8 || t.is_empty() || l.is_empty() {
        return None;
    }
    // spells[i][j]: the first `i` title characters spell the first `j` line characters.
    let mut spells = vec![vec![false; l.len() + 1]; t.len() + 1];
    spells[0][0] = true;
    for i in 0..t.len() {
        for j in 0..=l.len() {
            if !spells[i][j] {
                continue;
            }
            if l.get(j) == Some(&t[i]) {
                spells[i + 1][j + 1] = true;
            }
            for spelled in spellings(t[i]).unwrap_or(&[]) {
                let spelled: Vec<char> = spelled.chars().map(|c| c.to_ascii_lowercase()).collect();
                if l[j..].starts_with(&spelled) {
                    spells[i + 1][j + spelled.len()] = true;
                }
            }
        }
    }
    if spells[t.len()][l.len()] {
        return Some(HeadingMatch::Full);
    }
    let core = strip_ellipsis(&l).len();
    let words = l[..core].iter().filter(|&&c| c == ' ').count() + 1;
    if core < MIN_PREFIX_CHARS || words < MIN_PREFIX_WORDS {
        return None;
    }
    (0..t.len())
        .any(|i| spells[i][core] && t[i] == ' ')
        .then_some(HeadingMatch::Prefix)
}

#[test]
fn same_start_agrees_with_its_definition() {
    // The first characters that are not whitespace, lowercased, found by decoding every
    // string (no ASCII shortcut), start alike.
    let slowly = |title: &str, line: &str| {
        let first = |s: &str| {
            s.chars()
                .find(|c| !c.is_whitespace())
                .and_then(|c| c.to_lowercase().next())
        };
        let (Some(t), Some(l)) = (first(title), first(line)) else {
            return false;
        };
        starts_alike(t, l)
    };
    let starts = [
        "",
        " ",
        "Die",
        "die",
        " Die",
        "\tdie",
        "\u{A0}Die",
        "\x1fDie",
        "Äpfel",
        "ae",
        "A",
        "Öl",
        "oe",
        "O",
        "é",
        "E",
        "€",
        "eur",
        "\"Zitat",
        "„Zitat",
        ".",
        "1",
        "\x7f",
    ];
    for title in starts {
        for line in starts {
            assert_eq!(
                same_start(title, line),
                slowly(title, line),
                "{title:?} {line:?}"
            );
        }
    }
}

#[test]
fn heading_match_agrees_with_its_definition() {
    // Titles, copies of them spelled other ways, cut at every character with and without
    // an ellipsis, compared both ways round: the shortcuts (the common start skipped,
    // the early mismatch, the same text) must not change a result.
    let titles = [
        TITLE,
        "Große „Feier“ – heute in Zürich und Genf",
        "Die Europäische Kommission prüft die Öffnung der Grenzübergänge",
        "  Der  Preis\tsteigt weiter und weiter. Um 5 € ... und „mehr“ ",
        "ÄRGER ÜBER ÖL: Straßen zu",
        " Ein Leerzeichen vorweg, dann Köln und Zürich",
    ];
    let spell = |s: &str, pick: usize| -> String {
        s.chars()
            .map(|c| {
                let lower = c.to_lowercase().next().unwrap_or(c);
                match spellings(lower) {
                    Some(options) => options[pick.min(options.len() - 1)].to_string(),
                    None => c.to_string(),
                }
            })
            .collect()
    };
    let mut checked = 0;
    for title in titles {
        let copies = [
            title.to_string(),
            spell(title, 0),
            spell(title, 1),
            title.to_uppercase(),
            title.replace(' ', "  "),
        ];
        for copy in &copies {
            let cuts = copy.char_indices().map(|(i, _)| i).chain([copy.len()]);
            for cut in cuts {
                for end in ["", "...", " ...", "…", "x", " Text"] {
                    let line = format!("{}{end}", &copy[..cut]);
                    for (a, b) in [(title, line.as_str()), (line.as_str(), title)] {
                        assert_eq!(
                            heading_match(a, b),
                            heading_match_slowly(a, b),
                            "{a:?} {b:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 10_000);
}

#[test]
fn plain_runs_stop_at_whitespace_controls_beyond_ascii_and_two_spaces() {
    for len in [0, 1, 2, 15, 16, 17, 30, 31, 32, 46] {
        for stop in [b' ', b'\t', b'\n', 0x01, 0x1f, 0x7f, 0x80, 0xc3, 0xff] {
            for at in 0..len {
                let mut bytes = vec![b'x'; len];
                bytes[at] = stop;
                let want = if matches!(stop, b' ' | 0x7f) { len } else { at };
                assert_eq!(plain_run(&bytes), want, "{len} {stop:#x} {at}");
                // Two spaces: the run stops at the first.
                if at + 1 < len {
                    bytes[at + 1] = b' ';
                    let want = if stop == 0x7f { len } else { at };
                    assert_eq!(plain_run(&bytes), want, "{len} {stop:#x} {at} +space");
                }
            }
            assert_eq!(plain_run(&vec![b'!'; len]), len);
            assert_eq!(plain_run(&b"a ".repeat(len)), 2 * len);
        }
    }
}

#[test]
fn a_paragraph_is_not_a_heading_either_way_round() {
    let paragraph = format!("{TITLE} und noch viel mehr. ").repeat(20);
    assert_eq!(heading_match(TITLE, &paragraph), None);
    assert_eq!(heading_match(&paragraph, TITLE), Some(HeadingMatch::Prefix));
    assert_eq!(heading_match(&paragraph, "Kim"), None);
}

#[test]
fn seed_heading_is_a_truncated_transliteration() {
    let line = "Kim Jong Un verspricht Unterstuetzung fuer Russlands Militaeraktionen in der";
    assert_eq!(heading_match(TITLE, line), Some(HeadingMatch::Prefix));
}

#[test]
fn verbatim_and_stripped_copies() {
    assert_eq!(heading_match(TITLE, TITLE), Some(HeadingMatch::Full));
    let stripped = "kim jong un verspricht unterstutzung fur russlands militaraktionen in der ukraine bei putins besuch in nordkorea";
    assert_eq!(heading_match(TITLE, stripped), Some(HeadingMatch::Full));
    assert_eq!(
        heading_match("Große „Feier“ – heute", "Grosse \"Feier\" - heute"),
        Some(HeadingMatch::Full)
    );
}

#[test]
fn cut_copy_with_an_ellipsis() {
    let line = "Kim Jong Un verspricht Unterstuetzung fuer Russlands...";
    assert_eq!(heading_match(TITLE, line), Some(HeadingMatch::Prefix));
    let line = "Kim Jong Un verspricht Unterstuetzung fuer Russ…";
    assert_eq!(heading_match(TITLE, line), None);
}

#[test]
fn cut_inside_a_word_or_too_short_is_not_a_match() {
    assert_eq!(
        heading_match(TITLE, "Kim Jong Un verspricht Unterstuetzung fuer Russ"),
        None
    );
    assert_eq!(heading_match(TITLE, "Kim Jong"), None);
    assert_eq!(
        heading_match(
            TITLE,
            "Während eines Staatsbesuchs des russischen Präsidenten"
        ),
        None
    );
}
