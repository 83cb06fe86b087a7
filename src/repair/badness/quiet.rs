//! The prefilter's fast path: the characters of clean text that add no point where they
//! stand, told from a table entry of the character and of the one before it and from the
//! byte after it, without [`points_in_context`](super::points_in_context) and its case tables. Tests hold every
//! entry to [`class`](super::class), [`script`](super::script) and the terms' own lists, and the fast path to scoring
//! every character.

use super::printable_or_line_end;
use crate::scan::next_non_ascii;

/// Bits of [`BYTE_CLASSES`]: printable ASCII, tab or a line end (no control the normalize stage
/// drops); an ASCII lowercase letter; an ASCII capital.
const PLAIN: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
/// Bits of [`BYTE_CLASSES`] for the byte after 0xC3: a Latin-1 letter (not `×`, `÷`); a capital;
/// a letter that may be quiet itself (not the lead-byte letters `Â`, `Ã`, `â`).
const LETTER: u8 = 8;
const CAPITAL: u8 = 16;
const CENTRE: u8 = 32;

/// What [`quiet`] and [`adds_no_points_latin1`] need to know of a byte, in one lookup.
static BYTE_CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let x = b as u8;
        let mut bits = 0;
        if printable_or_line_end(x) {
            bits |= PLAIN;
        }
        if x.is_ascii_lowercase() {
            bits |= LOWER;
        }
        if x.is_ascii_uppercase() {
            bits |= UPPER;
        }
        if x >= 0x80 && x <= 0xBF && x != 0x97 && x != 0xB7 {
            bits |= LETTER;
            if x < 0x9F {
                bits |= CAPITAL;
            }
            // Nor `ð`, which [`points_in_context`](super::points_in_context) scores at the start of a word.
            if x != 0x82 && x != 0x83 && x != 0xA2 && x != 0xB0 {
                bits |= CENTRE;
            }
        }
        table[b] = bits;
        b += 1;
    }
    table
};

// Bits of a character's entry in the prefilter's tables ([`entry`]): what the terms of
// [`points_in_context`](super::points_in_context) ask of it, as the character scored and as the one before it.
/// A letter's case, as [`class`](super::class) gives it: lowercase, capital, caseless; 0 for an entry
/// that is no letter ([`NEUTRAL`]).
pub(super) const CASE: u16 = 3;
pub(super) const LOWER_LETTER: u16 = 1;
pub(super) const UPPER_LETTER: u16 = 2;
pub(super) const CASELESS_LETTER: u16 = 3;
/// Not a letter, and of no script: the no-break space, dashes, the ellipsis, curly quotes,
/// CJK punctuation, emoji. Such a character before another scores it only as the same
/// character two before it.
pub(super) const NEUTRAL: u16 = 4;
/// `Р`, `С`, `в`: the letters windows-1251 shows lead bytes as.
pub(super) const LEAD_1251: u16 = 8;
/// Scores after a [`LEAD_1251`] letter ([`is_cp1251_continuation`](super::is_cp1251_continuation)).
pub(super) const AFTER_1251: u16 = 16;
/// Scores between two letters: one point, or two (guillemets).
pub(super) const IN_WORD: u16 = 32;
pub(super) const IN_WORD_TWICE: u16 = 64;
/// Scores after a letter: the low opening quotes.
pub(super) const AFTER_LETTER: u16 = 128;
/// A curly quote, which `special` of [`needs_repair`](super::needs_repair) is asked about.
pub(super) const QUOTE: u16 = 256;
/// Where a letter's [`script`](super::script) stands.
pub(super) const SCRIPT_SHIFT: u32 = 9;

const fn letter(case: u16, script: u16) -> u16 {
    case | (script << SCRIPT_SHIFT)
}

/// `UPPER_LETTER` when `cp` is even (`even_upper`) or odd (not), `LOWER_LETTER` otherwise:
/// the pairs of capital and small letter that Latin Extended-A, Cyrillic and Latin
/// Extended Additional are made of.
const fn paired(cp: u32, even_upper: bool, script: u16) -> u16 {
    let upper = (cp % 2 == 0) == even_upper;
    letter(if upper { UPPER_LETTER } else { LOWER_LETTER }, script)
}

/// The entry of the character `cp` for the prefilter's fast path ([`quiet`]): the letters of
/// Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, kana, CJK and Hangul, with their case
/// and script, and the common signs of no script ([`NEUTRAL`]); 0 for any other (the
/// lead-byte letters `Â`, `Ã`, `â`, `ð`, rare letters, marks, symbols, controls, spaces
/// other than the no-break space), which [`points_in_context`](super::points_in_context) scores in full. A test asks
/// [`class`](super::class), [`script`](super::script) and the terms' own lists about each.
pub(super) const fn entry(cp: u32) -> u16 {
    match cp {
        0xA0 => NEUTRAL | AFTER_1251,
        0xAB | 0xBB => NEUTRAL | IN_WORD_TWICE,
        0xC2 | 0xC3 | 0xE2 | 0xF0 | 0xD7 | 0xF7 => 0,
        0xC0..=0xDE => letter(UPPER_LETTER, 1),
        0xDF..=0xFF => letter(LOWER_LETTER, 1),
        0x100..=0x137 | 0x14A..=0x177 | 0x218..=0x21B => paired(cp, true, 1),
        0x139..=0x148 | 0x179..=0x17E => paired(cp, false, 1),
        0x138 | 0x149 => letter(LOWER_LETTER, 1),
        0x178 => letter(UPPER_LETTER, 1),
        0x386 | 0x388..=0x38A | 0x38C | 0x38E | 0x38F | 0x391..=0x3A1 | 0x3A3..=0x3AB => {
            letter(UPPER_LETTER, 2)
        }
        0x390 | 0x3AC..=0x3CE => letter(LOWER_LETTER, 2),
        0x420 | 0x421 => letter(UPPER_LETTER, 3) | LEAD_1251,
        0x432 => letter(LOWER_LETTER, 3) | LEAD_1251,
        0x402 | 0x403 | 0x405 | 0x408..=0x40C | 0x40E | 0x40F => {
            letter(UPPER_LETTER, 3) | AFTER_1251
        }
        0x452 | 0x453 | 0x455 | 0x458..=0x45C | 0x45E | 0x45F => {
            letter(LOWER_LETTER, 3) | AFTER_1251
        }
        0x490 | 0x491 => paired(cp, true, 3) | AFTER_1251,
        0x400..=0x42F => letter(UPPER_LETTER, 3),
        0x430..=0x45F => letter(LOWER_LETTER, 3),
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x4FF => paired(cp, true, 3),
        0x4C1..=0x4CE => paired(cp, false, 3),
        0x4C0 => letter(UPPER_LETTER, 3),
        0x4CF => letter(LOWER_LETTER, 3),
        0x531..=0x556 => letter(UPPER_LETTER, 4),
        0x561..=0x586 => letter(LOWER_LETTER, 4),
        0x5D0..=0x5EA => letter(CASELESS_LETTER, 5),
        0x620..=0x64A => letter(CASELESS_LETTER, 6),
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF => paired(cp, true, 1),
        0x2010..=0x2015 => NEUTRAL,
        0x2026 => NEUTRAL | AFTER_1251,
        0x2019 => NEUTRAL | QUOTE | AFTER_1251,
        0x2018 | 0x201C | 0x201D => NEUTRAL | QUOTE | AFTER_1251 | IN_WORD,
        0x201A | 0x201E => NEUTRAL | QUOTE | AFTER_1251 | IN_WORD | AFTER_LETTER,
        0x201B | 0x201F => NEUTRAL | QUOTE,
        0x2039 | 0x203A => NEUTRAL | AFTER_1251 | IN_WORD_TWICE,
        0x2600..=0x27BF => NEUTRAL,
        0x3001..=0x3004 | 0x3008..=0x3020 | 0x30FB => NEUTRAL,
        0x3041..=0x3096 | 0x309D..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF => {
            letter(CASELESS_LETTER, 0)
        }
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => letter(CASELESS_LETTER, 0),
        0xFE00..=0xFE0F | 0x1F300..=0x1FAFF => NEUTRAL,
        _ => 0,
    }
}

/// [`entry`] of U+0000–U+07FF, the characters of two bytes.
static TWO_BYTE_ENTRIES: [u16; 0x800] = {
    let mut table = [0; 0x800];
    let mut cp = 0;
    while cp < 0x800 {
        table[cp] = entry(cp as u32);
        cp += 1;
    }
    table
};

/// The entry of the character that starts at `bytes[i]` (not ASCII), and where it ends;
/// `None` when it has none.
#[inline(always)]
pub(super) fn entry_at(bytes: &[u8], i: usize) -> Option<(u16, usize)> {
    let lead = bytes[i];
    let continuation = |k: usize| u32::from(bytes[i + k] & 0x3F);
    let (found, end) = if lead < 0xE0 {
        let cp = (u32::from(lead & 0x1F) << 6) | continuation(1);
        (TWO_BYTE_ENTRIES[cp as usize & 0x7FF], i + 2)
    } else if lead < 0xF0 {
        let cp = (u32::from(lead & 0x0F) << 12) | (continuation(1) << 6) | continuation(2);
        // CJK ideographs and Hangul syllables, the commonest, without the whole match.
        let found = if (0x4E00..=0x9FFF).contains(&cp) || (0xAC00..=0xD7A3).contains(&cp) {
            letter(CASELESS_LETTER, 0)
        } else {
            entry(cp)
        };
        (found, i + 3)
    } else {
        let cp = (u32::from(lead & 0x07) << 18)
            | (continuation(1) << 12)
            | (continuation(2) << 6)
            | continuation(3);
        (entry(cp), i + 4)
    };
    (found != 0).then_some((found, end))
}

/// The start of the character that ends at `i` (not ASCII): back over its continuation
/// bytes.
#[inline]
fn start_before(bytes: &[u8], i: usize) -> usize {
    let mut start = i - 1;
    while bytes[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    start
}

/// The prefilter's fast path: where the character at `i` (not ASCII, with an [`entry`])
/// ends, and its entry, when it adds no point where it stands and has no control beside
/// it; `None` when [`points_in_context`](super::points_in_context) must say. Decided from the entries of the
/// character and of the one before it, and from the byte after it (or its entry, for a
/// quote between letters): a capital after no small letter, a small letter before no ASCII
/// capital, a letter after one of the same script or of none, the no-break space, a dash,
/// a quote or an emoji where no term scores it. Such a character does not vanish either,
/// so skipping it changes neither view of [`needs_repair`](super::needs_repair). Clean text of every script
/// the entries know is passed over at a few table lookups a character.
///
/// `before` is the entry of the character before, when the caller knows it (the last one
/// this passed over ended at `i`), else 0.
#[inline(always)]
pub(super) fn quiet(bytes: &[u8], i: usize, before: u16) -> Option<(usize, u16)> {
    let (c, end) = entry_at(bytes, i)?;
    let case = c & CASE;
    // The one before: whether it is a letter, a small one, a windows-1251 lead, and its
    // script (0 unless it is a letter of one).
    let (p_letter, p_lower, p_lead, p_script) = match i.checked_sub(1).map(|p| bytes[p]) {
        None => (false, false, false, 0),
        Some(_) if before & CASE != 0 => (
            true,
            before & CASE == LOWER_LETTER,
            before & LEAD_1251 != 0,
            before >> SCRIPT_SHIFT,
        ),
        Some(b) if b < 0x80 => {
            let x = BYTE_CLASSES[usize::from(b)];
            if x & PLAIN == 0 {
                return None;
            }
            (x & (LOWER | UPPER) != 0, x & LOWER != 0, false, 0)
        }
        Some(_) => {
            let start = start_before(bytes, i);
            let (p, _) = entry_at(bytes, start)?;
            if p & CASE == 0 {
                // Neutral: it only makes the same character two before count.
                if bytes[..start].ends_with(&bytes[i..end]) {
                    return None;
                }
                (false, false, false, 0)
            } else {
                let lower = p & CASE == LOWER_LETTER;
                (true, lower, p & LEAD_1251 != 0, p >> SCRIPT_SHIFT)
            }
        }
    };
    if p_lead && c & AFTER_1251 != 0 {
        return None;
    }
    if case != 0 {
        let script = c >> SCRIPT_SHIFT;
        if (case == UPPER_LETTER && p_lower) || (script != 0 && p_script != 0 && script != p_script)
        {
            return None;
        }
    } else if p_letter && c & AFTER_LETTER != 0 {
        return None;
    }
    let between_letters = p_letter && c & (IN_WORD | IN_WORD_TWICE) != 0;
    match bytes.get(end) {
        Some(&b) if b < 0x80 => {
            let x = BYTE_CLASSES[usize::from(b)];
            let wrong = if case == LOWER_LETTER { UPPER } else { 0 }
                | if between_letters { LOWER | UPPER } else { 0 };
            if x & PLAIN == 0 || x & wrong != 0 {
                return None;
            }
        }
        Some(_) if between_letters => {
            let (n, _) = entry_at(bytes, end)?;
            if n & CASE != 0 {
                return None;
            }
        }
        _ => {}
    }
    Some((end, c))
}

/// Where the scan for the next character to score goes on after one that ended at `end`:
/// there when it is not ASCII (words of Cyrillic, CJK), else at the next byte that is not.
#[inline]
pub(super) fn after_quiet(bytes: &[u8], end: usize) -> usize {
    if bytes.get(end).is_some_and(|&b| b >= 0x80) {
        end
    } else {
        next_non_ascii(bytes, end)
    }
}

/// The commonest quiet character, decided from the bytes around it alone: a Latin-1 letter
/// (0xC3 and one more byte) at `i` other than the usual lead-byte letters `Â`, `Ã`, `â`
/// (nor `ð`), between ASCII or Latin-1 letters, with no lowercase letter before a capital
/// and no capital after a lowercase one, and no control beside it. Inlined into the scans.
#[inline(always)]
pub(super) fn adds_no_points_latin1(bytes: &[u8], i: usize) -> bool {
    let before = if i == 0 { b' ' } else { bytes[i - 1] };
    let after = bytes.get(i + 2).copied().unwrap_or(b' ');
    let x = BYTE_CLASSES[usize::from(bytes[i + 1])];
    if x & CENTRE == 0 {
        return false;
    }
    // A capital after a lowercase letter, a lowercase one before an ASCII capital.
    let capital = x & CAPITAL != 0;
    let left = if before < 0x80 {
        let wrong = if capital { PLAIN | LOWER } else { PLAIN };
        BYTE_CLASSES[usize::from(before)] & wrong == PLAIN
    } else {
        let wrong = if capital { LETTER | CAPITAL } else { LETTER };
        let want = LETTER | (wrong & CAPITAL);
        i >= 2 && bytes[i - 2] == 0xC3 && BYTE_CLASSES[usize::from(before)] & wrong == want
    };
    let right = if after < 0x80 {
        let wrong = if capital { PLAIN } else { PLAIN | UPPER };
        BYTE_CLASSES[usize::from(after)] & wrong == PLAIN
    } else {
        after == 0xC3
            && bytes
                .get(i + 3)
                .is_some_and(|&b| BYTE_CLASSES[usize::from(b)] & LETTER != 0)
    };
    left && right
}

/// Past the small Russian letters (`а`–`я`) that follow a quiet Cyrillic letter, which
/// ended at `end` with the entry `found`: after a Cyrillic letter such a letter adds no
/// point and does not vanish unless the byte after it is an ASCII capital or a control,
/// so a word of them is passed over at a few byte tests a letter, without [`quiet`]'s
/// questions. Returns where the last letter passed over ends, and its entry (`found`'s
/// when none is).
#[inline(always)]
pub(super) fn past_small_cyrillic(bytes: &[u8], mut end: usize, mut found: u16) -> (usize, u16) {
    if !matches!(bytes.get(end), Some(0xD0 | 0xD1))
        || found & CASE == 0
        || found >> SCRIPT_SHIFT != 3
    {
        return (end, found);
    }
    while let Some(&[lead, second]) = bytes.get(end..end + 2) {
        let small = match lead {
            0xD0 => (0xB0..=0xBF).contains(&second),
            0xD1 => (0x80..=0x8F).contains(&second),
            _ => false,
        };
        if !small {
            break;
        }
        if let Some(&after) = bytes.get(end + 2)
            && after < 0x80
            && BYTE_CLASSES[usize::from(after)] & (PLAIN | UPPER) != PLAIN
        {
            break;
        }
        let cp = (usize::from(lead & 0x1F) << 6) | usize::from(second & 0x3F);
        found = TWO_BYTE_ENTRIES[cp];
        end += 2;
    }
    (end, found)
}
