//! Undoing UTF-8 that was read in a single-byte encoding.
//!
//! Two plans, tried in order on a line that looks bad ([`super::badness`]):
//!
//! 1. **Whole line**: write every character back as its byte in one of the
//!    [`charsets::WHOLE_LINE`] encodings and read the bytes as UTF-8. This works only when
//!    every non-ASCII character of the line is part of the damage, which is strong evidence;
//!    the least bad result wins if it is less bad than the line.
//! 2. **Runs**: inside otherwise correct text, find each maximal run of characters whose
//!    bytes in windows-1252, ISO-8859-2, windows-1250 or mac-roman are UTF-8 (decoded again
//!    while they still are: two layers), and replace those that leave their context clean,
//!    when the line holds evidence of that mix-up; the rest of the line stays as it is.
//!
//! Both read "UTF-8" loosely, the way damaged text needs: CESU-8 surrogate pairs and Java's
//! `C0 80` decode; a lone surrogate becomes U+FFFD; a continuation byte that was lost (shown
//! as `?` or U+FFFD) makes its whole sequence U+FFFD; and a space where 0xA0 belongs after a
//! few lead bytes was once a no-break space (`Ã ` for `à`).

use super::badness::{Badness, badness};
use super::charsets::{self, Charset};

mod lost;
mod runs;
use lost::lost_reading;
pub(crate) use runs::runs;

/// A unit of the byte string being decoded: a byte, or one of these markers.
type Unit = u16;
/// A byte that was lost: U+FFFD in the text.
const LOST: Unit = 0x100;
/// A character that has no byte in the encoding (only in runs mode).
const NONE: Unit = 0x200;
/// A space right after a lead byte that stood for a symbol, not a letter (mac-roman `–`
/// is 0xD0): read as a space, never taken for a lost 0xA0.
const HARD_SPACE: Unit = 0x300;

/// Whether `p` may be a lead byte that stood for a symbol: after it a space is a
/// [`HARD_SPACE`]. General punctuation and the currency signs, which windows-1252 shows
/// continuation bytes as (`–`, `”`, `€`), hold no letter: they are answered without the
/// table search of [`super::badness::alphabetic`] (a test holds both to the standard
/// library).
fn symbol_lead(p: char) -> bool {
    matches!(p, '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}')
        || (!p.is_ascii() && !super::badness::alphabetic(p))
}

/// The unit for `c`, given the character before it.
fn unit(c: char, byte: u8, prev: Option<char>) -> Unit {
    if c == ' ' && prev.is_some_and(symbol_lead) {
        HARD_SPACE
    } else {
        Unit::from(byte)
    }
}

/// One decoded UTF-8 sequence.
#[derive(Debug, PartialEq, Eq)]
struct Sequence {
    /// The character (U+FFFD when bytes were lost).
    ch: char,
    /// A second character to emit: the space kept after `Ã` when a NBSP was dropped.
    keep_space: bool,
    /// Units consumed.
    len: usize,
    /// Bytes guessed rather than read (spaces taken for 0xA0, lost bytes).
    guessed: u32,
}

/// Two-byte lead bytes whose 0xA0 continuation is common enough that a space in its place
/// is taken for a no-break space: NBSP itself, à, Š, Π, Р. In three-byte sequences any
/// continuation may have been one (`â € ` for U+2800, `à¸ ` for Thai ภ).
fn space_may_be_a0(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0)
}

/// Decode the sequence starting at `units[i]`, a byte ≥ 0x80.
///
/// The common case first, inline: a two- or three-byte sequence of real continuation
/// bytes (0x80–0xBF) that is neither overlong nor a surrogate, which is what every
/// character of a line of mojibake is. Nothing is guessed there and none of
/// [`sequence_at_slowly`]'s special cases (lost bytes, spaces for 0xA0, `Ã `, CESU-8,
/// Java's NUL) can apply, so it reads the same (a test holds the two together).
#[inline]
fn sequence_at(units: &[Unit], i: usize) -> Option<Sequence> {
    let continuation = |u: Unit| (0x80..=0xBF).contains(&u);
    let (len, code) = match units.get(i..) {
        Some(&[lead @ 0xC2..=0xDF, b1, ..]) if continuation(b1) => {
            (2, (u32::from(lead & 0x1F) << 6) | u32::from(b1 & 0x3F))
        }
        Some(&[lead @ 0xE0..=0xEF, b1, b2, ..])
            if continuation(b1)
                && continuation(b2)
                && (lead != 0xE0 || b1 >= 0xA0)
                && (lead != 0xED || b1 <= 0x9F) =>
        {
            let code =
                (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            (3, code)
        }
        _ => return sequence_at_slowly(units, i),
    };
    char::from_u32(code).map(|ch| Sequence {
        ch,
        keep_space: false,
        len,
        guessed: 0,
    })
}

/// The UTF-8 sequence `lead` starts, in the common way: its length, the range of its
/// first continuation byte, and the lead's bits of the character; `None` for a byte that
/// starts none (Java's `C0 80` is a case of its own). The loose reading and the reading
/// that goes on at lost bytes ([`lost_reading`]) both start sequences so.
#[inline]
fn utf8_lead(lead: u8) -> Option<(usize, (u8, u8), u32)> {
    Some(match lead {
        0xC2..=0xDF => (2, (0x80, 0xBF), u32::from(lead & 0x1F)),
        0xE0 => (3, (0xA0, 0xBF), 0),
        0xE1..=0xEF => (3, (0x80, 0xBF), u32::from(lead & 0x0F)),
        0xF0 => (4, (0x90, 0xBF), 0),
        0xF1..=0xF3 => (4, (0x80, 0xBF), u32::from(lead & 0x07)),
        0xF4 => (4, (0x80, 0x8F), 4),
        _ => return None,
    })
}

/// [`sequence_at`] in full, every case of loose UTF-8.
#[inline(never)]
fn sequence_at_slowly(units: &[Unit], i: usize) -> Option<Sequence> {
    let lead = u8::try_from(*units.get(i)?).ok()?;
    // Java's modified UTF-8 writes U+0000 as C0 80.
    if lead == 0xC0 {
        return (units.get(i + 1) == Some(&0x80)).then_some(Sequence {
            ch: '\0',
            keep_space: false,
            len: 2,
            guessed: 0,
        });
    }
    let (len, (low, high), init) = utf8_lead(lead)?;
    // `Ã ` (C3 20): the NBSP of `à` became a space, or was dropped before a real space.
    if lead == 0xC3 && units.get(i + 1) == Some(&0x20) {
        let rest: Vec<u8> = units
            .iter()
            .skip(i + 2)
            .take(6)
            .map_while(|&u| u8::try_from(u).ok())
            .collect();
        let nbsp_was_the_space = rest.first() == Some(&b' ')
            || rest.starts_with(b"s ")
            || rest.starts_with(b"quel")
            || rest.starts_with(b"quil");
        return Some(Sequence {
            ch: 'à',
            keep_space: !nbsp_was_the_space,
            len: 2,
            guessed: 1,
        });
    }
    let mut code = init;
    let mut guessed = 0;
    let mut lost = false;
    for k in 1..len {
        let mut unit = *units.get(i + k)?;
        if unit == LOST || (unit == Unit::from(b'?') && !lost) {
            lost = true;
            guessed += 1;
            continue;
        }
        if (unit == 0x20 && ((len == 2 && space_may_be_a0(lead)) || len == 3))
            || (unit == HARD_SPACE && k > 1)
        {
            unit = 0xA0;
            guessed += 1;
        }
        let (lo, hi) = if k == 1 {
            (Unit::from(low), Unit::from(high))
        } else {
            (0x80, 0xBF)
        };
        if !(lo..=hi).contains(&unit) {
            return None;
        }
        code = (code << 6) | u32::from(unit & 0x3F);
    }
    if lost {
        // A sequence cannot be all guesses: the lead and at least one real byte, or a
        // two-byte sequence whose one continuation is lost.
        if len > 2 && guessed as usize >= len - 1 {
            return None;
        }
        return Some(Sequence {
            ch: '\u{FFFD}',
            keep_space: false,
            len,
            guessed,
        });
    }
    // CESU-8: a surrogate pair written as two three-byte sequences.
    if (0xD800..0xDC00).contains(&code) {
        if let Some(low_seq) = surrogate_at(units, i + 3)
            && (0xDC00..0xE000).contains(&low_seq)
        {
            let c = 0x10000 + ((code - 0xD800) << 10) + (low_seq - 0xDC00);
            return Some(Sequence {
                ch: char::from_u32(c)?,
                keep_space: false,
                len: 6,
                guessed,
            });
        }
        return Some(lone_surrogate(guessed));
    }
    if (0xDC00..0xE000).contains(&code) {
        return Some(lone_surrogate(guessed));
    }
    Some(Sequence {
        ch: char::from_u32(code)?,
        keep_space: false,
        len,
        guessed,
    })
}

/// A surrogate without its pair decodes as U+FFFD, and counts as weak evidence: real
/// mojibake of CESU-8 comes in pairs.
fn lone_surrogate(guessed: u32) -> Sequence {
    Sequence {
        ch: '\u{FFFD}',
        keep_space: false,
        len: 3,
        guessed: guessed + 3,
    }
}

/// The code of a three-byte surrogate sequence at `units[i]`.
fn surrogate_at(units: &[Unit], i: usize) -> Option<u32> {
    let s = units.get(i..i + 3)?;
    (s[0] == 0xED && (0xA0..=0xBF).contains(&s[1]) && (0x80..=0xBF).contains(&s[2]))
        .then(|| 0xD000 | (u32::from(s[1] & 0x3F) << 6) | u32::from(s[2] & 0x3F))
}

/// Decode all of `units` as loose UTF-8 into `out`; `None` if any byte does not fit.
/// Bytes, not a `String`: a run of ASCII units is then copied in one go.
fn decode_all(units: &[Unit], out: &mut Vec<u8>) -> Option<u32> {
    let push = |out: &mut Vec<u8>, c: char| {
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    };
    let mut guessed = 0;
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        if unit < 0x80 {
            let end = units[i..]
                .iter()
                .position(|&u| u >= 0x80)
                .map_or(units.len(), |n| i + n);
            out.extend(units[i..end].iter().map(|&u| u as u8));
            i = end;
        } else if unit == HARD_SPACE {
            out.push(b' ');
            i += 1;
        } else if unit == LOST {
            push(out, '\u{FFFD}');
            i += 1;
        } else if unit == 0xA0 {
            // A no-break space on its own was one all along (`Ã¼\u{a0}a`); the normalize
            // stage makes it a space either way.
            push(out, '\u{A0}');
            i += 1;
        } else {
            let seq = sequence_at(units, i)?;
            push(out, seq.ch);
            if seq.keep_space {
                i += seq.len - 1;
            } else {
                i += seq.len;
            }
            guessed += seq.guessed;
        }
    }
    Some(guessed)
}

/// Write `text` back as bytes of `charset`; `None` if a character has no byte or no byte
/// is above ASCII.
fn encode(text: &str, charset: &Charset, units: &mut Vec<Unit>) -> Option<()> {
    units.clear();
    let bytes = text.as_bytes();
    let mut high = false;
    // The character before, when it was not ASCII (whether it is a [`symbol_lead`] is
    // asked only of one before a space: the question costs a Unicode table lookup).
    let mut before: Option<char> = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is its own unit, a run at a time; only a space right after a symbol lead is
        // a HARD_SPACE.
        let end = crate::scan::next_non_ascii(bytes, i);
        if end > i {
            let start = units.len();
            units.extend(bytes[i..end].iter().map(|&b| Unit::from(b)));
            if bytes[i] == b' ' && before.is_some_and(symbol_lead) {
                units[start] = HARD_SPACE;
            }
            i = end;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let u = if c == '\u{FFFD}' {
            LOST
        } else {
            let b = charset.byte(c)?;
            high |= b >= 0x80;
            Unit::from(b)
        };
        units.push(u);
        before = Some(c);
        i += c.len_utf8();
    }
    high.then_some(())
}

/// Plan 1: the whole line was one encoding. Returns the fixed line, the encoding's name and
/// the fixed line's badness. `text_badness` is the line's, measured only if a bound does
/// not decide.
///
/// Encodings are tried in order of how common the mix-up is and the first one that makes the
/// line less bad wins, as a valid UTF-8 reading in the most likely encoding is the best
/// evidence there is. When no single step helps, a step is still taken if a second one
/// after it would (`Г‚ВЈ` → `Â£` → `£`).
pub(crate) fn whole_line(
    text: &str,
    text_badness: &mut Badness<'_>,
) -> Option<(String, &'static str, u32)> {
    let mut units = Vec::with_capacity(text.len());
    let mut tried = Vec::new();
    // A line whose only oddity is the case of its Latin letters (`ßÖäA`) is weak evidence:
    // such a line is only repaired into Latin letters, never into another script (`ᙄA`).
    let latin = |s: &str| {
        s.chars().all(|c| {
            c.is_ascii() || !super::badness::alphabetic(c) || super::badness::script(c) == 1
        })
    };
    // Asked once, of a line some charset decodes (most lines of legacy text none does).
    let mut letters_only = None;
    for charset in charsets::WHOLE_LINE.iter() {
        if let Some((score, fixed, name, fixed_badness)) = decoding(text, charset, &mut units) {
            let letters_only = *letters_only.get_or_insert_with(|| {
                text.chars().all(|c| {
                    c.is_ascii()
                        || (super::badness::alphabetic(c) && super::badness::script(c) == 1)
                })
            });
            if letters_only && !latin(&fixed) {
                continue;
            }
            // The rarer mix-ups need the line to get clearly better, not just better.
            let clearly = charset.name == "windows-1252" || text_badness.at_least_twice(score);
            if clearly && text_badness.above(score) {
                return Some((fixed, name, fixed_badness));
            }
            tried.push((fixed, name, fixed_badness));
        }
    }
    tried.into_iter().find(|(fixed, _, _)| {
        charsets::WHOLE_LINE.iter().any(|charset| {
            decoding(fixed, charset, &mut units)
                .is_some_and(|(score, _, _, _)| text_badness.above(score))
        })
    })
}

/// What a decoding found: its score (the badness plus the bytes guessed), the line, the
/// encoding's name, and the line's badness alone.
type Found = (u32, String, &'static str, u32);

/// `text` read as UTF-8 written in `charset`, with its score: its badness plus the bytes
/// that had to be guessed. Read strictly where it can be, going on at lost bytes, and
/// loosely where that cannot decide.
fn decoding(text: &str, charset: &Charset, units: &mut Vec<Unit>) -> Option<Found> {
    if fails_at_first(text, charset) {
        return None;
    }
    match strict_decoding(text, charset) {
        Strict::Done(found) => found,
        Strict::Lost { at, out, high } => match lost_reading(text, at, charset, out, high) {
            Strict::Done(found) => found,
            _ => decoding_in_full(text, charset, units),
        },
        Strict::Loose => decoding_in_full(text, charset, units),
    }
}

/// What a reading into the bytes `out` found: nothing where no byte was above ASCII or
/// the line stays as it is, the loose reading's decision where `out` is not UTF-8, else
/// the line with its score (its badness plus the `guessed` bytes) and the encoding's name
/// (`latin-1` for windows-1252 where no character was `above_latin1`).
#[inline(always)]
fn found(
    text: &str,
    charset: &Charset,
    out: &[u8],
    high: bool,
    above_latin1: bool,
    guessed: u32,
) -> Strict {
    if !high {
        return Strict::Done(None);
    }
    // The vectorized validator: the bytes are mostly non-ASCII pairs, which the standard
    // one checks a character at a time.
    let Ok(valid) = simdutf8::basic::from_utf8(out) else {
        return Strict::Loose;
    };
    if valid == text {
        return Strict::Done(None);
    }
    let fixed = valid.to_owned();
    let name = if charset.name == "windows-1252" && !above_latin1 {
        "latin-1"
    } else {
        charset.name
    };
    let fixed_badness = badness(&fixed);
    Strict::Done(Some((fixed_badness + guessed, fixed, name, fixed_badness)))
}

/// What [`strict_decoding`] found.
enum Strict {
    /// What [`decoding_in_full`] gives.
    Done(Option<Found>),
    /// The bytes are not UTF-8 as they stand: the loose reading decides.
    Loose,
    /// A U+FFFD at byte `at`, with the bytes before it read into `out` (`high`: one of them
    /// above ASCII): [`lost_reading`] may go on from there; else the loose reading decides.
    Lost { at: usize, out: Vec<u8>, high: bool },
}

/// [`decoding_in_full`] for the common case, from the bytes alone: `text` written in
/// `charset` is valid UTF-8 as it stands. Loose UTF-8 reads valid UTF-8 as the standard
/// does, with nothing guessed (its guesses, a space for 0xA0, `?` for a lost byte, a
/// surrogate, `C0 80`, are all invalid UTF-8), and a space after a symbol lead is a space.
/// So the bytes and the standard validator give the same line, without the units.
/// Invalid bytes go the loose way, and so does U+FFFD in the text (a lost byte), but that
/// the bytes read before it come with it ([`Strict::Lost`]): plan 1 goes on from there
/// ([`lost_reading`]).
fn strict_decoding(text: &str, charset: &Charset) -> Strict {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let (mut high, mut above_latin1) = (false, false);
    let mut i = 0;
    loop {
        let end = crate::scan::next_non_ascii(bytes, i);
        out.extend_from_slice(&bytes[i..end]);
        let c = match bytes.get(end..end + 2) {
            // U+0080–U+00FF, which mojibake is mostly made of, from its two bytes.
            Some(&[lead @ (0xC2 | 0xC3), next]) => char::from(((lead & 0x03) << 6) | (next & 0x3F)),
            _ => match text[end..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        if c == '\u{FFFD}' {
            return Strict::Lost { at: end, out, high };
        }
        let Some(b) = charset.byte(c) else {
            return Strict::Done(None);
        };
        high |= b >= 0x80;
        above_latin1 |= u32::from(c) > 0xFF;
        out.push(b);
        i = end + c.len_utf8();
    }
    found(text, charset, &out, high, above_latin1, 0)
}

/// Whether [`decoding_in_full`] fails on `text`'s first non-ASCII character already: it has
/// no byte in `charset`, or its byte can start no sequence [`sequence_at`] reads (0x80–0xBF
/// but the no-break space, 0xC1, 0xF5–0xFF; 0xC0 can, for Java's `C0 80`). Everything before it is ASCII, so [`decode_all`] meets that
/// byte as a unit of its own and gives up there: most lines of legacy text that was read
/// right (`für` is `f\xFCr`) are turned down without writing the whole line as bytes.
fn fails_at_first(text: &str, charset: &Charset) -> bool {
    let first = crate::scan::next_non_ascii(text.as_bytes(), 0);
    match text[first..].chars().next() {
        None | Some('\u{FFFD}') => false,
        Some(c) => match charset.byte(c) {
            None => true,
            Some(b) => matches!(b, 0x80..=0x9F | 0xA1..=0xBF | 0xC1 | 0xF5..=0xFF),
        },
    }
}

/// [`decoding`] without the early refusal.
fn decoding_in_full(text: &str, charset: &Charset, units: &mut Vec<Unit>) -> Option<Found> {
    encode(text, charset, units)?;
    let mut fixed = Vec::with_capacity(text.len());
    let guessed = decode_all(units, &mut fixed)?;
    let fixed = String::from_utf8(fixed).expect("decode_all writes whole characters");
    if fixed == text {
        return None;
    }
    // Only characters above U+00FF have a lead byte from 0xC4 up.
    let name = if charset.name == "windows-1252" && !text.bytes().any(|b| b >= 0xC4) {
        "latin-1"
    } else {
        charset.name
    };
    let fixed_badness = badness(&fixed);
    Some((fixed_badness + guessed, fixed, name, fixed_badness))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(bytes: &[u8]) -> Vec<Unit> {
        bytes.iter().map(|&b| Unit::from(b)).collect()
    }

    fn decode(bytes: &[u8]) -> Option<String> {
        let mut out = Vec::new();
        decode_all(&units(bytes), &mut out).map(|_| String::from_utf8(out).unwrap())
    }

    proptest::proptest! {
        /// The inline reading of plain two- and three-byte sequences is the full one's, at
        /// every position of units of every kind: bytes around the edges of the ranges,
        /// lost bytes, spaces, `?`, hard spaces.
        #[test]
        fn the_quick_sequence_is_the_full_ones(units in proptest::collection::vec(
            proptest::sample::select(vec![
                0x20, 0x3F, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                0xC3, 0xD0, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
                LOST, NONE, HARD_SPACE,
            ]),
            0..8,
        )) {
            for i in 0..units.len() {
                proptest::prop_assert_eq!(
                    sequence_at(&units, i),
                    sequence_at_slowly(&units, i),
                    "{:x?} at {}", units, i
                );
            }
        }
    }

    proptest::proptest! {
        /// The early refusal only refuses what the full decoding refuses, in every charset
        /// of plan 1: German text read right, mojibake, lone bytes of every kind first.
        #[test]
        fn the_early_refusal_is_the_full_decodings(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', ' ', 'f', 'r', 'ü', 'ä', 'ö', 'ß', 'Ö', 'Ã', 'Â', 'â', '¤', '©', '¼', '€',
                '„', '“', '\u{84}', '\u{93}', '\u{A0}', '\u{FFFD}', 'À', 'Á', 'ô', 'õ', 'ÿ',
                'Ð', 'Р', 'с', 'α', '√', '日', '¿', '?',
            ]),
            0..10,
        )) {
            let text: String = chars.into_iter().collect();
            let mut units = Vec::new();
            for charset in charsets::WHOLE_LINE.iter() {
                if fails_at_first(&text, charset) {
                    proptest::prop_assert!(
                        decoding_in_full(&text, charset, &mut units).is_none(),
                        "{text:?} in {}", charset.name
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// Where the bytes are valid UTF-8, reading them strictly gives what the loose
        /// reading gives, in every charset of plan 1: mojibake, its pieces, lost bytes,
        /// symbol leads before spaces, text read right.
        #[test]
        fn the_strict_reading_is_the_loose_ones(tokens in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", " ", "?", "für", "Ã¼", "Ã©", "ÃŸ", "Ã ", "Ã", "Â", "Â ", "Â©", "â€“",
                "â€ž", "â€\u{9d}", "â‚¬", "\u{A0}", "\u{FFFD}", "Ð¿", "Ð", "Ñ\u{81}",
                "Ð\u{A0}", "À\u{80}", "í ½í¸\u{8d}", "Ã¢â‚¬Å“", "ï»¿", "Ð¡Ð", "Р", "α",
                "ðŸ˜", "€", "–", " – ", "©", "Î±", "Ï\u{80}",
            ]),
            0..10,
        )) {
            let text: String = tokens.concat();
            let mut units = Vec::new();
            for charset in charsets::WHOLE_LINE.iter() {
                if let Strict::Done(found) = strict_decoding(&text, charset) {
                    proptest::prop_assert_eq!(
                        found,
                        decoding_in_full(&text, charset, &mut units),
                        "{:?} in {}", text, charset.name
                    );
                }
            }
        }
    }

    /// The character classes plan 1 and plan 2 ask, by range where they can, are the
    /// standard library's for every character.
    #[test]
    fn the_classes_by_range_are_the_standard_librarys() {
        for c in '\0'..='\u{10FFFF}' {
            assert_eq!(
                super::super::badness::alphabetic(c),
                c.is_alphabetic(),
                "{c:?}"
            );
            assert_eq!(
                super::super::badness::uppercase(c),
                c.is_uppercase(),
                "{c:?}"
            );
        }
    }

    /// A symbol lead is any character above ASCII that is not a letter, whether answered
    /// by range or by the table.
    #[test]
    fn a_symbol_lead_is_what_is_not_a_letter() {
        for c in '\0'..='\u{10FFFF}' {
            assert_eq!(symbol_lead(c), !c.is_ascii() && !c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn the_early_refusal_refuses_only_bytes_that_start_nothing() {
        let cp1252 = &charsets::WHOLE_LINE[0];
        let mut units = Vec::new();
        // `ü` is 0xFC, `„` (here U+0084, as Latin-1 reads it) 0x84: neither starts a
        // sequence, so the line is refused at once.
        for text in ["für Müller", "\u{84}Zitat\u{93}"] {
            assert!(fails_at_first(text, cp1252), "{text:?}");
        }
        // A no-break space is read as one and the next character decides; 0xC0 0x80 is
        // Java's NUL; `Ã©` is `é`.
        for text in ["\u{A0}Ã© x", "À€", "Ã©"] {
            assert!(!fails_at_first(text, cp1252), "{text:?}");
            assert!(
                decoding_in_full(text, cp1252, &mut units).is_some(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn loose_utf8_decodes_variants() {
        assert_eq!(decode("é😍".as_bytes()).as_deref(), Some("é😍"));
        // CESU-8 for U+1F60D, Java's NUL, a lone surrogate.
        assert_eq!(
            decode(&[0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x8D]).as_deref(),
            Some("😍")
        );
        assert_eq!(decode(&[0xC0, 0x80]).as_deref(), Some("\0"));
        assert_eq!(
            decode(&[0xED, 0xA0, 0xBD, b'x']).as_deref(),
            Some("\u{FFFD}x")
        );
        // Lost bytes and spaces that were NBSPs.
        assert_eq!(decode(&[0xE2, b'?', 0x99]).as_deref(), Some("\u{FFFD}"));
        assert_eq!(decode(b"\xC3 le").as_deref(), Some("à le"));
        assert_eq!(decode(b"\xC3  le").as_deref(), Some("à le"));
        assert_eq!(decode(b"\xC3 s ").as_deref(), Some("às "));
        assert_eq!(decode(&[0xC2, b' ', b'x']).as_deref(), Some("\u{A0}x"));
        // Not UTF-8.
        assert_eq!(decode(&[0xC3, 0xBC, 0xA0]).as_deref(), Some("ü\u{a0}"));
        assert_eq!(decode(&[0xE9, b'x']), None);
        assert_eq!(decode(&[0x93]), None);
        assert_eq!(decode(&[0xC3]), None);
    }

    #[test]
    fn encode_gives_each_character_its_unit() {
        for text in [
            "Ã¼ber â€“ a Ã  le",
            "â€ x",
            "\u{fffd} y",
            " lead",
            "plain",
            "√ ¢ ∂ µ",
            "",
        ] {
            for charset in charsets::WHOLE_LINE.iter() {
                let mut prev = None;
                let expected: Option<Vec<Unit>> = text
                    .chars()
                    .map(|c| {
                        let u = match c {
                            '\u{FFFD}' => Some(LOST),
                            c => charset.byte(c).map(|b| unit(c, b, prev)),
                        };
                        prev = Some(c);
                        u
                    })
                    .collect();
                let expected = expected.filter(|u| u.iter().any(|u| (0x80..0x100).contains(u)));
                let mut units = Vec::new();
                let got = encode(text, charset, &mut units).map(|()| units);
                assert_eq!(got, expected, "{text:?} {}", charset.name);
            }
        }
    }

    #[test]
    fn whole_line_picks_the_encoding() {
        let line = "РґРѕСЂРѕРіРµ";
        let fixed = whole_line(line, &mut Badness::exact(10));
        assert_eq!(fixed, Some(("дороге".to_string(), "windows-1251", 0)));
        let plain = "plain ascii";
        assert_eq!(whole_line(plain, &mut Badness::exact(10)), None);
    }
}
