//! Plan 1's reading of a line whose bytes were lost: it goes on where the strict reading
//! meets the first U+FFFD, instead of leaving the whole line to the loose reading.

use super::super::charsets::Charset;
use super::{Strict, found, utf8_lead};

/// A sequence [`lost_reading`] is reading: where its bytes start in the output, how many
/// units it has and how many are still to come, the range of its next unit, and the bytes
/// lost in it so far.
struct Pending {
    start: usize,
    len: usize,
    left: usize,
    range: (u8, u8),
    lost: u32,
}

/// [`decoding_in_full`](super::decoding_in_full) for a line of mojibake whose bytes in `charset` are UTF-8 as they
/// stand but for bytes that were lost (U+FFFD), inside sequences or between them: the line
/// of English mojibake whose closing quote lost its last byte (`â€\u{FFFD}`: windows-1252
/// has no character for 0x9D). [`strict_decoding`](super::strict_decoding) read `text` up to its first U+FFFD, at
/// byte `at`, into `out`; this goes on from there, unit by unit as [`decode_all`](super::decode_all) walks,
/// without the units: a lost byte inside a sequence makes it U+FFFD, one between sequences
/// is U+FFFD, a no-break space between them is one. Where the walk would go on to one of
/// [`sequence_at_slowly`](super::sequence_at_slowly)'s special cases (a space or `?` inside a sequence, `C0`, a
/// surrogate), the loose reading decides; where it fails, so does this; what was read
/// before `at` is checked as UTF-8 at the end, as the strict reading checks it (a test
/// holds the two readings together).
///
/// The sequence cut by the first U+FFFD is found in the last bytes of `out`: a lead byte
/// (never a continuation, so the loose walk starts a sequence there, or has failed before)
/// and the continuation bytes after it; with a space or `?` among them, the loose reading
/// decides.
// Only lines with a lost byte come here: kept out of plan 1's common path.
#[inline(never)]
pub(super) fn lost_reading(
    text: &str,
    at: usize,
    charset: &Charset,
    mut out: Vec<u8>,
    high: bool,
) -> Strict {
    let bytes = text.as_bytes();
    let mut high = high;
    let mut guessed = 0;
    // A space or `?` among the units a sequence cut by the U+FFFD may hold: the loose
    // walk may have taken it for a guessed byte.
    if out[out.len().saturating_sub(2)..]
        .iter()
        .any(|&b| b == b' ' || b == b'?')
    {
        return Strict::Loose;
    }
    let mut pending = {
        let n = out.len();
        let mut j = n;
        while j > 0 && n - j < 3 && (0x80..=0xBF).contains(&out[j - 1]) {
            j -= 1;
        }
        let started = j.checked_sub(1).and_then(|k| Some((k, utf8_lead(out[k])?)));
        match started {
            // Its first continuation byte out of range: the loose reading fails there.
            Some((_, (_, range, _))) if n > j && !(range.0..=range.1).contains(&out[j]) => {
                return Strict::Done(None);
            }
            Some((start, (len, range, _))) if n - j < len - 1 => Some(Pending {
                start,
                len,
                left: len - 1 - (n - j),
                range: if n == j { range } else { (0x80, 0xBF) },
                lost: 0,
            }),
            _ => None,
        }
    };
    let mut i = at;
    loop {
        let end = crate::scan::next_non_ascii(bytes, i);
        if end > i {
            // ASCII inside a sequence: a space or `?` may be a guessed byte.
            if pending.is_some() {
                return Strict::Loose;
            }
            out.extend_from_slice(&bytes[i..end]);
        }
        let c = match bytes.get(end..end + 2) {
            // U+0080–U+00FF, as in the strict reading.
            Some(&[lead @ (0xC2 | 0xC3), next]) => char::from(((lead & 0x03) << 6) | (next & 0x3F)),
            _ => match text[end..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        i = end + c.len_utf8();
        // The unit: a byte, or `None` for a lost one.
        let unit = if c == '\u{FFFD}' {
            None
        } else {
            let Some(b) = charset.byte(c) else {
                return Strict::Done(None);
            };
            high |= b >= 0x80;
            Some(b)
        };
        match (&mut pending, unit) {
            (None, None) => out.extend_from_slice("\u{FFFD}".as_bytes()),
            (None, Some(0xA0)) => out.extend_from_slice("\u{A0}".as_bytes()),
            // Java's `C0 80`.
            (None, Some(0xC0)) => return Strict::Loose,
            (None, Some(b)) => {
                // No sequence starts at any other byte: the loose reading fails too.
                let Some((len, range, _)) = utf8_lead(b) else {
                    return Strict::Done(None);
                };
                pending = Some(Pending {
                    start: out.len(),
                    len,
                    left: len - 1,
                    range,
                    lost: 0,
                });
                out.push(b);
            }
            (Some(p), unit) => {
                match unit {
                    None => p.lost += 1,
                    // A surrogate: CESU-8 or a lone one.
                    Some(0xA0..=0xBF) if out[p.start] == 0xED && p.left == 2 => {
                        return Strict::Loose;
                    }
                    Some(b) if (p.range.0..=p.range.1).contains(&b) => out.push(b),
                    Some(_) => return Strict::Done(None),
                }
                p.range = (0x80, 0xBF);
                p.left -= 1;
                if p.left == 0 {
                    if p.lost > 0 {
                        // A sequence cannot be all guesses (see `sequence_at_slowly`).
                        if p.len > 2 && p.lost as usize >= p.len - 1 {
                            return Strict::Done(None);
                        }
                        guessed += p.lost;
                        out.truncate(p.start);
                        out.extend_from_slice("\u{FFFD}".as_bytes());
                    }
                    pending = None;
                }
            }
        }
    }
    // A sequence cut short by the line's end.
    if pending.is_some() {
        return Strict::Done(None);
    }
    // U+FFFD is above Latin-1: the line is no Latin-1 mojibake.
    found(text, charset, &out, high, true, guessed)
}

#[cfg(test)]
mod tests {
    use super::super::super::badness::badness;
    use super::super::super::charsets;
    use super::super::{Strict, decoding_in_full, strict_decoding};
    use super::*;

    /// [`strict_decoding`], going on at the first U+FFFD with [`lost_reading`], as plan 1
    /// reads: `Done` or `Loose`.
    fn strict_reading(text: &str, charset: &Charset) -> Strict {
        match strict_decoding(text, charset) {
            Strict::Lost { at, out, high } => lost_reading(text, at, charset, out, high),
            other => other,
        }
    }

    /// Where the reading that goes on at lost bytes decides, it gives what the loose
    /// reading gives, in every charset of plan 1: mojibake with bytes lost inside its
    /// sequences and between them (one, two, all but the lead), cut short, before spaces
    /// and `?`, lone no-break spaces, surrogates, Java's NUL, text read right.
    #[test]
    fn the_lost_reading_is_the_loose_ones() {
        let pieces = [
            "a",
            " ",
            "?",
            "für",
            "Ã¼",
            "Ã©",
            "ÃŸ",
            "Ã ",
            "Ã",
            "Â",
            "Â ",
            "Â©",
            "â€“",
            "â€ž",
            "â€\u{9d}",
            "â€\u{FFFD}",
            "â\u{FFFD}\u{FFFD}",
            "â\u{FFFD}™",
            "\u{FFFD}",
            "\u{FFFD}\u{FFFD}",
            "Ñ\u{FFFD}",
            "Ð\u{FFFD}",
            "Ã\u{FFFD}",
            "à\u{FFFD}€",
            "à\u{FFFD}",
            "ð\u{FFFD}",
            "ðŸ\u{FFFD}",
            "ðŸ˜\u{FFFD}",
            "ô\u{FFFD}",
            "ô€",
            "ð€",
            "ì\u{FFFD}",
            "ì£",
            "\u{FFFD}¼",
            "â‚¬",
            "\u{A0}",
            "Ð¿",
            "Ð",
            "Ñ\u{81}",
            "Ð\u{A0}",
            "À\u{80}",
            "í ½í¸\u{8d}",
            "í\u{FFFD}",
            "í½",
            "íŸ",
            "Ã¢â‚¬Å“",
            "ï»¿",
            "Ð¡Ð",
            "Р",
            "Р\u{FFFD}",
            "РЎ",
            "α",
            "ðŸ˜",
            "€",
            "–",
            " – ",
            "©",
            "Î±",
            "Ï\u{80}",
            "\u{93}",
            "ÿ",
            "Á",
            "â",
            "í",
            "ð",
            "ô",
            "à",
            "ì",
            "ï",
            "â ",
            "â?",
            "Ã?",
            "ðŸ",
            "ÃƒÂ",
            "Ñ",
            "ðŸ˜€",
            " \u{FFFD}",
            "?\u{FFFD}",
            "\u{FFFD}?",
            "\u{FFFD} ",
            "í€",
            "Ð\u{AD}",
        ];
        let mut rng = crate::testing::XorShift::new(0x1057_b17e_0026_0006);
        let mut units = Vec::new();
        let mut decided = 0;
        for _ in 0..30_000 {
            let text = rng.text(&pieces, 10);
            for charset in charsets::WHOLE_LINE.iter() {
                if let Strict::Done(found) = strict_reading(&text, charset) {
                    decided += usize::from(found.is_some() && text.contains('\u{FFFD}'));
                    assert_eq!(
                        found,
                        decoding_in_full(&text, charset, &mut units),
                        "{text:?} in {}",
                        charset.name
                    );
                }
            }
        }
        assert!(decided > 500, "{decided} lines with lost bytes decoded");
    }

    /// The one-pass reading decides the lines of English mojibake whose closing quotes
    /// lost a byte, which the strict reading leaves to the loose one.
    #[test]
    fn the_lost_reading_takes_lost_bytes() {
        let cp1252 = &charsets::WHOLE_LINE[0];
        let line = "â€œQuoteâ€\u{FFFD} and itâ€™s â€\u{FFFD}";
        assert!(matches!(strict_decoding(line, cp1252), Strict::Lost { .. }));
        let Strict::Done(Some((score, fixed, name, bad))) = strict_reading(line, cp1252) else {
            panic!("not decided");
        };
        assert_eq!(fixed, "“Quote\u{FFFD} and it’s \u{FFFD}");
        assert_eq!(
            (score, name, bad),
            (2 + bad, "windows-1252", badness(&fixed))
        );
    }
}
