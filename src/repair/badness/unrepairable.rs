//! Lines that look bad but that no repair can change: the prefilter passes over them.
//!
//! Russian typography puts a no-break space after a one-letter preposition (`в\u{A0}доме`),
//! and `в` followed by a no-break space is also what windows-1251 shows the lead byte 0xE2
//! and a continuation byte as: the measure gives the pair two points, a repair attempt.
//! In a line of Cyrillic words such an attempt comes to nothing, and the text's prefilter
//! reason, standing there, made the repair judge every later line of the text as well
//! (every line with a no-break space as it will be emitted too). [`no_repair_changes`]
//! shows from the line alone that each plan of the repair refuses it, so that the
//! prefilter may go on past it: the repair's decisions, and so its output, stay the same.
//!
//! The conditions mirror what the plans of `repair::fix_line` accept (the encodings of
//! plan 2 are the same constant, `charsets::RUN_CHARSETS`), and are written to
//! be sufficient, not exact: a line they do not cover is judged as before. A test holds
//! every line they pass to the repair itself (`a_line_no_repair_changes_is_left_alone`).

use super::super::BAD;
use super::super::charsets::{RUN_CHARSETS, WHOLE_LINE};
use super::super::emitted::{as_emitted, normalized};
use super::{alphabetic, badness};

/// How many signs the Latin-1 rereading (`misread::reread`) needs before it looks at a
/// line, and how many of `ð`, `þ`, `Ð`, `Þ` its Baltic reading needs.
const MISREAD_EVIDENCE: usize = 3;

/// Whether the repair stage's line repair (`repair::fix_line_until_stable`) leaves `line`
/// as it is, whatever its badness, and `special` holds for none of its characters; `false`
/// when that is not shown. Each plan is refused by what the line is made of:
///
/// - no C1 control (the windows-1252 reading of C1 controls), fewer than three signs of
///   Latin-1's upper half and fewer than three `ð`/`þ` (the rereading of Latin-1 as a
///   Central European or Baltic encoding), and no U+FFFD (a lost byte);
/// - plan 1, the whole line as UTF-8 written in one encoding: in each of them some
///   character has no byte, or two characters side by side both have a byte from 0xC0
///   up, a lead byte followed by one that cannot go on with it;
/// - plan 2, runs: in each encoding of [`RUN_CHARSETS`], no character whose byte may lead
///   a sequence is followed by one that may go on with it (a byte of 0x80–0xBF, a `?`
///   for a lost byte, or a space for a no-break one, unless the lead stands for a sign:
///   then the space is a space);
/// - as it will be emitted (its no-break spaces plain, its end trimmed, composed), and as
///   the normalize stage makes it, the line is not bad enough for an attempt, so neither
///   view is repaired in its place.
pub(super) fn no_repair_changes(line: &str, special: impl Fn(char) -> bool) -> bool {
    let mut signs = 0;
    let mut icelandic = 0;
    for c in line.chars().filter(|c| !c.is_ascii()) {
        match c {
            '\u{80}'..='\u{9F}' | '\u{FFFD}' => return false,
            '\u{A0}' | '\u{AD}' => {}
            '\u{A1}'..='\u{BF}' | '×' | '÷' => signs += 1,
            'ð' | 'þ' | 'Ð' | 'Þ' => icelandic += 1,
            _ => {}
        }
        if special(c) {
            return false;
        }
    }
    if signs >= MISREAD_EVIDENCE || icelandic >= MISREAD_EVIDENCE {
        return false;
    }
    let no_whole_line = WHOLE_LINE.iter().all(|charset| {
        let mut before_high = false;
        for c in line.chars() {
            let Some(b) = charset.byte(c) else {
                return true;
            };
            let high = b >= 0xC0;
            if high && before_high {
                return true;
            }
            before_high = high;
        }
        false
    });
    if !no_whole_line {
        return false;
    }
    let no_run = WHOLE_LINE
        .iter()
        .filter(|charset| RUN_CHARSETS.contains(&charset.name))
        .all(|charset| {
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                let Some(next) = chars.peek().copied() else {
                    break;
                };
                let leads = c != ' '
                    && charset
                        .byte(c)
                        .is_some_and(|b| b == 0xC0 || (0xC2..=0xF4).contains(&b));
                if !leads {
                    continue;
                }
                let goes_on = match next {
                    '?' => true,
                    ' ' => c.is_ascii() || alphabetic(c),
                    n => charset.byte(n).is_some_and(|b| (0x80..=0xBF).contains(&b)),
                };
                if goes_on {
                    return false;
                }
            }
            true
        });
    if !no_run {
        return false;
    }
    let emitted = as_emitted(line);
    if emitted != line && badness(&emitted) >= BAD {
        return false;
    }
    let normalized = normalized(line);
    if normalized == line {
        return true;
    }
    // Mostly what `as_emitted` made of the line too, judged just above.
    let again = as_emitted(&normalized);
    (normalized == emitted || badness(&normalized) < BAD)
        && (again == normalized || badness(&again) < BAD)
}
