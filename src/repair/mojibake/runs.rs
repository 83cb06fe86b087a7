//! Plan 2 of [`super`]: runs of mojibake inside otherwise correct text.
//!
//! Each maximal run of characters whose bytes in one of [`RUN_CHARSETS`] are UTF-8 is
//! decoded (again while it still is: two layers), and replaced when it leaves its context
//! clean and the line holds evidence of that mix-up; the rest of the line stays.

use super::super::badness::{Badness, alphabetic, badness, judge_until, uppercase};
use super::super::charsets::{self, Charset, RUN_CHARSETS};
use super::{LOST, NONE, Strict, Unit, sequence_at, strict_decoding, unit};

/// A candidate run in plan 2.
struct Run {
    /// Char indices `start..end` in the line.
    start: usize,
    end: usize,
    decoded: String,
    guessed: u32,
    /// Evidence on its own: three or more bytes, a C1 control among them, or `Â`/`Ã`
    /// before a sign ([`telling_pair`]).
    strong: bool,
}

/// Whether the two characters `lead`, `next` of a two-byte run are evidence on their own:
/// `Â` or `Ã` (0xC2, 0xC3, the leads of Latin-1 signs and letters) straight before a sign
/// that windows-1252 gives a continuation byte (`Ã¼`, `Â´`, `Ã©`, `Ã‰`). Real text has
/// `Ã` only in Portuguese and Vietnamese words, before letters, spaces and punctuation;
/// quotes and dashes after a capital `Ã` (`“IRMÃ”`, `MAÇÃ–`) are left out for that reason,
/// and so are currency signs, which follow capitals in real writing (`JP¥`, `C£`).
fn telling_pair(lead: char, next: char) -> bool {
    matches!(lead, 'Â' | 'Ã')
        && (matches!(next, '\u{A1}'..='\u{BF}' if !matches!(next, '«' | '»' | '¢' | '£' | '¥'))
            || matches!(next, 'ƒ' | '†' | '‡' | 'ˆ' | '‰' | '•' | '˜' | '™'))
}

/// Whether plan 2 can find a run of `charset` in `text`: some character whose byte can
/// lead a sequence for [`sequence_at`] (0xC0, 0xC2–0xF4) followed by one that can go on with
/// it (a byte of 0x80–0xBF, or a space, `?` or U+FFFD, which it may take for a lost or
/// no-break byte). Without such a pair there is no candidate, so text read right (`für`,
/// `„Zitat“`) is turned down before its characters and bytes are listed.
fn may_hold_a_run(text: &str, charset: &Charset) -> bool {
    let bytes = text.as_bytes();
    let byte_in = |c: char, range: std::ops::RangeInclusive<u8>| {
        charset.byte(c).is_some_and(|b| range.contains(&b))
    };
    let mut i = crate::scan::next_non_ascii(bytes, 0);
    while let Some(c) = text[i..].chars().next() {
        let end = i + c.len_utf8();
        if charset.byte(c) == Some(0xC0) || byte_in(c, 0xC2..=0xF4) {
            let next = text[end..].chars().next();
            if next.is_some_and(|n| matches!(n, ' ' | '?' | '\u{FFFD}') || byte_in(n, 0x80..=0xBF))
            {
                return true;
            }
        }
        i = crate::scan::next_non_ascii(bytes, end);
    }
    false
}

/// A decoded run that is itself mojibake (`ÃƒÂ¶` gives `Ã¶`) decoded again, in the same
/// encoding, while its bytes are UTF-8 and it gets no worse: layers of damage inside
/// correct text, undone run by run.
fn peel(mut decoded: String, charset: &Charset) -> String {
    for _ in 1..super::super::MAX_LAYERS {
        let Strict::Done(Some((score, again, _, _))) = strict_decoding(&decoded, charset) else {
            break;
        };
        if score > badness(&decoded) || !plausible(&again, charset) {
            break;
        }
        decoded = again;
    }
    decoded
}

/// Whether a run's decoding in `charset` is something the mix-up makes: runs of the rarer
/// mix-ups must decode to Latin letters (inside Latin text, `’é` is the mac-roman bytes
/// of an Armenian letter); windows-1252 runs may be any script.
fn plausible(decoded: &str, charset: &Charset) -> bool {
    charset.name == "windows-1252"
        || decoded
            .chars()
            .all(|c| !alphabetic(c) || c.is_ascii() || super::super::badness::script(c) == 1)
}

/// Whether a run decoded inside a Latin word stays Latin: glued to a Latin letter, every
/// character it decodes to must be ASCII, a Latin letter, a Latin-1 sign or punctuation.
/// `Maß\u{AD}nahmen` (a soft hyphen after `ß`) has the bytes of an NKo letter, and
/// `Ö\u{AD}` those of a Hebrew accent; inside a word of Latin letters they are not that.
fn fits_its_word(decoded: &str, before: Option<char>, after: Option<char>) -> bool {
    let latin = |c: Option<char>| {
        c.is_some_and(|c| c.is_ascii_alphabetic() || super::super::badness::script(c) == 1)
    };
    if !latin(before) && !latin(after) {
        return true;
    }
    decoded.chars().all(|c| {
        c.is_ascii()
            || super::super::badness::script(c) == 1
            || matches!(c, '\u{A0}'..='\u{BF}' | '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{214F}')
    })
}

/// Whether the badness of `text` reaches `points`, counted only that far: a run's window
/// is asked whether it is clean or clearly bad, and a garble's run (a whole word of
/// Korean shown byte by byte) answers within its first characters.
fn at_least(text: &str, points: u32) -> bool {
    judge_until(text, |_, _, _| false, points).0 >= points
}

/// The letters of Latin Extended-A that the major European languages write (Baltic,
/// Central European, Romanian and Turkish ones, and French `œ`).
const COMMON_EXTENDED_A: &str =
    "ĀāĂăĄąĆćČčĎďĐđĒēĖėĘęĚěĞğĢģĪīİıĶķĻļĽľĹĺŁłŃńŅņŇňŐőŒœŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŹźŻżŽž";

/// Decoded characters that few languages write: letters of Latin Extended-A and -B that
/// no major European language has (`ŷ`, `Į`, `ĸ`), and signs where a letter stood (`÷`).
/// Where two encodings explain the same bytes (`Ĺˇ` is `š` in windows-1250 and `ŷ` in
/// ISO-8859-2), the one that needs fewer of them is the one the text was written in.
fn uncommon(c: char) -> bool {
    match c {
        '\u{A1}'..='\u{BF}' | '×' | '÷' => true,
        '\u{100}'..='\u{17F}' => !COMMON_EXTENDED_A.contains(c),
        '\u{180}'..='\u{24F}' => !matches!(c, 'ƒ' | 'Ș' | 'ș' | 'Ț' | 'ț'),
        _ => false,
    }
}

/// Plan 2: fix runs of one encoding's characters inside otherwise correct text. Returns
/// the fixed line, the number of runs fixed and the encoding's name. Every encoding of
/// [`RUN_CHARSETS`] is tried and the one that explains the most characters wins, the
/// first listed on a tie: windows-1250 and ISO-8859-2 both read `ĂĄ` as UTF-8 (`å`, `á`),
/// but only the right one also reads the rest of the damage. A line that mixes two is
/// fixed a layer at a time by the caller. `text_badness` is the line's, counted only if
/// asked.
pub(crate) fn runs(
    text: &str,
    text_badness: &mut Badness<'_>,
) -> Option<(String, usize, &'static str)> {
    // Most characters explained first, then fewest uncommon ones, then the list's order.
    let mut best: Option<((usize, usize), Vec<Run>, &'static str)> = None;
    // The line's characters, listed once for every encoding that may hold a run.
    let mut chars: Option<Vec<char>> = None;
    for name in RUN_CHARSETS {
        let Some(charset) = charsets::WHOLE_LINE.iter().find(|c| c.name == name) else {
            continue;
        };
        if !may_hold_a_run(text, charset) {
            continue;
        }
        let chars = chars.get_or_insert_with(|| text.chars().collect());
        if let Some((clean, explained, rare)) = runs_in(text, chars, charset, text_badness) {
            let key = (explained, usize::MAX - rare);
            if best.as_ref().is_none_or(|b| key > b.0) {
                best = Some((key, clean, charset.name));
            }
        }
    }
    // Only the winner's line is written out.
    let (_, clean, name) = best?;
    let chars = chars.as_deref().unwrap_or_default();
    Some((with_runs_decoded(text, chars, &clean), clean.len(), name))
}

/// The line of `chars` (those of `text`) with each of the `clean` runs replaced by its
/// decoding.
fn with_runs_decoded(text: &str, chars: &[char], clean: &[Run]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for run in clean {
        out.extend(&chars[at..run.start]);
        out.push_str(&run.decoded);
        at = run.end;
    }
    out.extend(&chars[at..]);
    out
}

/// [`runs`] in one encoding, for a line [`may_hold_a_run`] of it, whose characters are
/// `chars`: the runs to fix, the characters they replace and the [`uncommon`] characters
/// they give. The fixed line is written only where the evidence needs it, and by [`runs`]
/// for the encoding that wins.
fn runs_in(
    text: &str,
    chars: &[char],
    charset: &Charset,
    text_badness: &mut Badness<'_>,
) -> Option<(Vec<Run>, usize, usize)> {
    let units: Vec<Unit> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '\u{FFFD}' => LOST,
            c => charset
                .byte(c)
                .map_or(NONE, |b| unit(c, b, i.checked_sub(1).map(|p| chars[p]))),
        })
        .collect();
    let mut candidates: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let seq = (units[i] >= 0x80 && units[i] < LOST)
            .then(|| sequence_at(&units, i))
            .flatten();
        let Some(seq) = seq else {
            i += 1;
            continue;
        };
        let consumed = if seq.keep_space { seq.len - 1 } else { seq.len };
        let has_c1 = chars[i..i + seq.len]
            .iter()
            .any(|c| ('\u{80}'..='\u{9F}').contains(c));
        // Not inside capitals: `IRMÃ²` is a Portuguese word before a footnote mark.
        let capital = |back: usize| i.checked_sub(back).is_some_and(|p| uppercase(chars[p]));
        let telling =
            seq.len == 2 && telling_pair(chars[i], chars[i + 1]) && !(capital(1) && capital(2));
        let strong = seq.guessed == 0 && (seq.len >= 3 || has_c1 || telling);
        match candidates.last_mut() {
            Some(run) if run.end == i => {
                run.decoded.push(seq.ch);
                run.end = i + consumed;
                run.guessed += seq.guessed;
                run.strong |= strong;
            }
            _ => candidates.push(Run {
                start: i,
                end: i + consumed,
                decoded: seq.ch.to_string(),
                guessed: seq.guessed,
                strong,
            }),
        }
        i += consumed;
    }
    for run in &mut candidates {
        run.decoded = peel(std::mem::take(&mut run.decoded), charset);
    }
    candidates.retain(|run| {
        plausible(&run.decoded, charset)
            && fits_its_word(
                &run.decoded,
                run.start.checked_sub(1).map(|p| chars[p]),
                chars.get(run.end).copied(),
            )
    });
    // Judge each run in its immediate context.
    let window = |run: &Run, middle: &str| {
        let mut w = String::new();
        if let Some(&p) = run.start.checked_sub(1).and_then(|s| chars.get(s)) {
            w.push(p);
        }
        w.push_str(middle);
        if let Some(&n) = chars.get(run.end) {
            w.push(n);
        }
        w
    };
    // A run must leave its context clean; a lone telling pair at least a quarter as bad
    // as it was (`SayunÂ´s` is `Sayun´s`, a sign inside a word, but as written).
    candidates.retain(|run| {
        let after = window(run, &run.decoded);
        let pair = run.end - run.start == 2 && telling_pair(chars[run.start], chars[run.start + 1]);
        !at_least(&after, 1)
            || (pair && {
                let before: String = chars[run.start..run.end].iter().collect();
                badness(&after) * 4 <= badness(&window(run, &before))
            })
    });
    let clean = candidates;
    // A sure fix: no byte guessed, and the context clearly worse before.
    // Two characters after two capitals (`IRMÃ²`, a Portuguese word in capitals and a
    // footnote mark) are no evidence on their own; after one (`SÃ©rie`) they are.
    let short_after_capital = |run: &Run| {
        let capital = |back: usize| {
            run.start
                .checked_sub(back)
                .is_some_and(|p| uppercase(chars[p]))
        };
        run.end - run.start == 2 && capital(1) && capital(2)
    };
    let is_sure = |run: &Run| {
        run.guessed == 0 && !short_after_capital(run) && {
            let before: String = chars[run.start..run.end].iter().collect();
            at_least(&window(run, &before), 2)
        }
    };
    let sure: Vec<&Run> = clean.iter().filter(|r| is_sure(r)).collect();
    // Evidence that the line holds this mix-up: two sure fixes, or one that is strong on
    // its own (one lone two-character oddity beside correct text, `Bremer/Mccoy – DrÃ¥ber`,
    // is not); or two runs or more without a guessed byte that together clearly improve
    // the line, where each alone looks like a letter (`cafĂŠ`, `Ä›` for `ě`, `≈°` for `š`).
    let sure_enough = sure.len() >= 2 || sure.iter().any(|r| r.strong);
    // Counted there: runs that decode to letters inside a word of their script (`Ä›` in
    // `BrnÄ›`), not signs between signs (`×’` beside `—`) nor a Hebrew letter beside `日`.
    let in_a_word = |run: &Run| {
        let script = |c: char| {
            if c.is_ascii_alphabetic() {
                1
            } else {
                super::super::badness::script(c)
            }
        };
        let Some(first) = run.decoded.chars().next() else {
            return false;
        };
        let same =
            |c: Option<&char>| c.is_some_and(|&c| alphabetic(c) && script(c) == script(first));
        run.decoded
            .chars()
            .all(|c| alphabetic(c) && script(c) == script(first))
            && (same(run.start.checked_sub(1).and_then(|p| chars.get(p)))
                || same(chars.get(run.end)))
    };
    // (Asked only without the evidence above: it writes the fixed line.)
    let mut clearly_better = || {
        clean
            .iter()
            .filter(|run| run.guessed == 0 && !short_after_capital(run) && in_a_word(run))
            .count()
            >= 2
            && {
                // The line's badness is known, or counted once for all encodings; the fixed
                // line's only until it is more than half of that.
                let was = text_badness.get();
                let out = with_runs_decoded(text, chars, &clean);
                was >= 2 && judge_until(&out, |_, _, _| false, was / 2 + 1).0 * 2 <= was
            }
    };
    // mac-roman shows its lead bytes as signs mathematics writes (`√`, `∆`, `≈`): `√π` is
    // the bytes of `ù`. Its runs need three in the line.
    if charset.name == "mac-roman" && clean.len() < 3 {
        return None;
    }
    if !sure_enough && !clearly_better() {
        return None;
    }
    // With that evidence in the line, every run that leaves its context clean is taken,
    // the ones the measure alone finds unremarkable (`Ä…` for `ą`, `Å\u{a0}` for `Š`) and
    // those with guessed bytes (`Ã l’`) too.
    let explained = clean.iter().map(|run| run.end - run.start).sum();
    let rare = clean
        .iter()
        .map(|run| run.decoded.chars().filter(|&c| uncommon(c)).count())
        .sum();
    Some((clean, explained, rare))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Plan 2 is only turned down early where it finds no run anyway.
        #[test]
        fn plan_2_is_skipped_only_without_a_run(tokens in proptest::collection::vec(
            proptest::sample::select(vec![
                "Caf", "e", " ", " und ", "?", ".", "\u{FFFD}", "für", "Straße", "„Zitat“",
                // UTF-8 read as windows-1252: é è © ü ß – € à, and their pieces.
                "Ã©", "Ã¨", "Â©", "Ã¼", "ÃŸ", "â€“", "â‚¬", "Ã ", "Ã", "Â", "â€", "©", "¼",
                "\u{84}", "\u{9D}", "\u{A0}", "À\u{80}", "Ð¿", "Ð",
            ]),
            0..12,
        )) {
            let text: String = tokens.concat();
            for charset in charsets::WHOLE_LINE.iter() {
                if !may_hold_a_run(&text, charset) {
                    let chars: Vec<char> = text.chars().collect();
                    proptest::prop_assert!(runs_in(&text, &chars, charset, &mut Badness::of(&text)).is_none(), "{text:?}");
                }
            }
        }
    }

    /// [`at_least`] is the badness compared with its points, on windows of mojibake,
    /// garbles and clean text.
    #[test]
    fn at_least_is_the_badness_compared() {
        let pieces = [
            "Ã©",
            "Ã",
            "â€“",
            "ì£¼ìš”",
            "ë‰´",
            "\u{FFFD}",
            " ",
            "a",
            "für",
            "×’",
            "РґРѕ",
            "д",
            "한국",
            "\u{93}",
        ];
        let mut rng = crate::testing::XorShift::new(0x0a71_ea57_0026_0004);
        for _ in 0..2_000 {
            let text = rng.text(&pieces, 6);
            for points in 1..=3 {
                assert_eq!(
                    at_least(&text, points),
                    badness(&text) >= points,
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn plan_2_looks_for_a_lead_and_what_follows_it() {
        let cp1252 = &charsets::WHOLE_LINE[0];
        for text in ["für „Zitat“ Müller", "Ärger, Öl, Straße."] {
            assert!(!may_hold_a_run(text, cp1252), "{text:?}");
        }
        for text in ["Ã©t", "Ã l", "â€\u{9d}", "Ã?", "À\u{80}"] {
            assert!(may_hold_a_run(text, cp1252), "{text:?}");
        }
        // Runs behind each kind of lead: 0xC3, 0xC2, 0xE2.
        for text in [
            "Das CafÃ© und die CrÃ¨me brÃ»lÃ©e, sagte er.",
            "Es sind 20Â°C und Â»Zitat«",
            "Sie sagte â€žjaâ€œ und ging â€“ schnell.",
        ] {
            assert!(may_hold_a_run(text, cp1252), "{text:?}");
            assert!(runs(text, &mut Badness::of(text)).is_some(), "{text:?}");
        }
    }

    #[test]
    fn runs_need_more_than_one_two_byte_oddity() {
        let line = "Bremer/Mccoy – DrÃ¥ber";
        assert_eq!(runs(line, &mut Badness::of(line)), None);
        let line = "l’Ã©valuation du barÃ¨me";
        let fixed = runs(line, &mut Badness::of(line)).map(|(s, _, _)| s);
        assert_eq!(fixed.as_deref(), Some("l’évaluation du barème"));
    }
}
