//! What the normalize stage will make of a line, as far as repair is concerned: repair
//! judges a line as it will be emitted (composed, without the characters normalize drops,
//! with plain spaces), so that mojibake those characters hide is repaired now and not by the
//! next run. The rules themselves are normalize's ([`crate::normalize`]); this module only
//! predicts them, cheaply, for the lines repair looks at.

use crate::config::Normalization;
use crate::normalize::nfc_safe;
use crate::scan::next_non_ascii;
use std::borrow::Cow;

/// Characters the normalize stage drops wherever they stand (invisible characters, soft
/// hyphens, controls), and the joiners it drops between Latin letters: inside mojibake or a
/// reference they are noise either way. Without them, the characters around them stand
/// side by side.
pub(super) fn dropped(c: char) -> bool {
    crate::normalize::is_dropped(c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// `line` as the normalize stage will emit it, as far as mojibake is concerned: composed
/// (NFC), with plain spaces for no-break spaces, and without the characters it drops (soft
/// hyphens, zero-width characters, controls other than C1). Mojibake hidden by those would otherwise show only to the next run.
pub(super) fn as_emitted(line: &str) -> Cow<'_, str> {
    // C1 controls stay: the repair may still make them windows-1252 characters.
    let dropped = |c: char| dropped(c) && !('\u{80}'..='\u{9F}').contains(&c);
    // Normalize also trims trailing whitespace from every line.
    let trailing = |l: &str| l.ends_with([' ', '\t', '\u{A0}']);
    if !trailing(line) && !drops_or_spaces(line) {
        return nfc(line);
    }
    // The characters to drop or replace are exactly where the byte test finds them
    // (`the_byte_test_finds_what_as_emitted_drops`): the runs between are copied whole.
    let mut kept = String::with_capacity(line.len());
    let mut done = 0;
    while let Some(at) = next_drop_or_space(line, done) {
        kept.push_str(&line[done..at]);
        let c = line[at..].chars().next().unwrap_or(' ');
        debug_assert!(c == '\u{A0}' || dropped(c));
        if c == '\u{A0}' {
            kept.push(' ');
        }
        done = at + c.len_utf8();
    }
    kept.push_str(&line[done..]);
    let kept = kept.trim_end_matches([' ', '\t']);
    Cow::Owned(nfc(kept).into_owned())
}

/// `text` in NFC. Text of characters that are NFC next to any other (the normalize stage's
/// list: Latin, general punctuation, currency signs; mojibake is mostly made of them) is
/// returned as it is, without the normalizer, which costs several times a look at each.
pub(super) fn nfc(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        i = next_non_ascii(bytes, i);
        // A lead byte below 0xCC starts a two-byte character below U+0300, which is
        // NFC-safe: mojibake's Latin-1 pairs are passed over without decoding them, one
        // after the other without going back to the search for non-ASCII. So are Greek
        // and Cyrillic U+03C0–U+047F, Cyrillic and Armenian U+04C0–U+057F, CJK
        // U+4000–U+9FFF and Hangul U+B000–U+CFFF ([`nfc_safe`]).
        loop {
            match bytes.get(i) {
                Some(0x80..=0xCB | 0xCF..=0xD1 | 0xD3..=0xD5) => i += 2,
                Some(0xE4..=0xE9 | 0xEB | 0xEC) => i += 3,
                _ => break,
            }
        }
        if bytes.get(i).is_some_and(u8::is_ascii) {
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            return Cow::Borrowed(text);
        };
        if !nfc_safe(c) {
            return match crate::normalize::compose_marks_after_ascii(text) {
                Some(composed) => composed,
                None => icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text),
            };
        }
        i += c.len_utf8();
    }
}

/// Whether [`as_emitted`] drops or replaces a character of `line`: a control other than C1,
/// tab and line ends, a soft hyphen, a zero-width character or joiner, the word joiner, the
/// BOM, or a no-break space. Decided on bytes, as the common line has none.
pub(super) fn drops_or_spaces(line: &str) -> bool {
    next_drop_or_space(line, 0).is_some()
}

/// Where in `line`, from `from` on (the start of a character), the next character
/// [`drops_or_spaces`] finds starts.
fn next_drop_or_space(line: &str, from: usize) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = from;
    while i < b.len() {
        // Eight bytes at a time past printable ASCII: a control borrows into its high bit
        // when 0x20 is taken from it, DEL carries into it when 1 is added. A borrow or a
        // carry from another byte only follows a flagged byte, so the lowest flagged byte is
        // always one.
        if let Some(word) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let flagged = (word
                | word.wrapping_sub(0x2020_2020_2020_2020)
                | word.wrapping_add(0x0101_0101_0101_0101))
                & 0x8080_8080_8080_8080;
            if flagged == 0 {
                i += 8;
                continue;
            }
            i += (flagged.trailing_zeros() / 8) as usize;
        }
        // Character by character up to the next printable ASCII byte, where words are
        // tested again: mojibake and Cyrillic come in runs of non-ASCII characters.
        // (The first is asked whatever it is: in the last seven bytes, no word is.)
        let mut x = b[i];
        loop {
            // Only the bytes [`drops_or_spaces_at`] can answer yes for are asked: in text
            // full of other non-ASCII characters (mojibake, Cyrillic) most bytes are not.
            if MAY_DROP[usize::from(x)] && drops_or_spaces_at(b, i) {
                return Some(i);
            }
            // On to the next character: its continuation bytes can start nothing, and `i`
            // stays on a character's start (a word of ASCII is passed whole above).
            i += 1 + usize::from(x >= 0xC0) + usize::from(x >= 0xE0) + usize::from(x >= 0xF0);
            match b.get(i) {
                Some(&next) if !(0x20..0x7F).contains(&next) => x = next,
                _ => break,
            }
        }
    }
    None
}

/// The bytes at which [`drops_or_spaces_at`] may hold: controls but tab and line ends,
/// DEL, and the lead bytes of the no-break space and the soft hyphen (0xC2), of U+180E
/// (0xE1), of the zero-width characters and the word joiner (0xE2), of the BOM (0xEF).
static MAY_DROP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] =
            matches!(b, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0xC2 | 0xE1 | 0xE2 | 0xEF);
        b += 1;
    }
    table
};

/// [`drops_or_spaces`] for the character that starts at `b[i]`, if one does.
pub(super) fn drops_or_spaces_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        x @ 0x00..=0x1F => !matches!(x, b'\t' | b'\n' | b'\r'),
        0x7F => true,
        0xC2 => matches!(b.get(i + 1), Some(0xA0 | 0xAD)),
        // U+180E.
        0xE1 => b.get(i + 1) == Some(&0xA0) && b.get(i + 2) == Some(&0x8E),
        // U+200B–U+200D, U+2060.
        0xE2 => match b.get(i + 1) {
            Some(0x80) => matches!(b.get(i + 2), Some(0x8B..=0x8D)),
            Some(0x81) => b.get(i + 2) == Some(&0xA0),
            _ => false,
        },
        // U+FEFF.
        0xEF => b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF),
        _ => false,
    }
}

/// Whether `line` ends in a space or a tab, which the normalize stage trims.
pub(super) fn trailing_blank(line: &str) -> bool {
    line.as_bytes()
        .last()
        .is_some_and(|&x| x == b' ' || x == b'\t')
}

/// A cheap byte test for [`as_emitted`] changing `line`: C0 controls, NBSP, soft hyphen,
/// combining diacritics, zero-width characters, word joiners, BOM.
pub(super) fn may_change_when_emitted(line: &str) -> bool {
    let b = line.as_bytes();
    if trailing_blank(line) {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time to the next control or byte above ASCII: a byte below 0x20
        // borrows into its high bit when 0x20 is taken from it. A borrow from a lower byte
        // only follows such a byte, so the lowest flagged byte is always one.
        while let Some(word) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let flagged = (word | word.wrapping_sub(0x2020_2020_2020_2020)) & 0x8080_8080_8080_8080;
            if flagged != 0 {
                i += (flagged.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&x) = b.get(i) else { break };
        if changes_when_emitted(b, i, x) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether the byte `x` at `b[i]` starts a character that [`as_emitted`] may change.
#[inline]
pub(super) fn changes_when_emitted(b: &[u8], i: usize, x: u8) -> bool {
    match x {
        0x00..=0x1F => x != b'\t',
        0xC2 => matches!(b.get(i + 1), Some(0xA0 | 0xAD)),
        0xCC | 0xCD => true,
        // U+180E, U+200B–U+200F, U+2060.
        0xE1 => b.get(i + 1) == Some(&0xA0) && b.get(i + 2) == Some(&0x8E),
        0xE2 => match b.get(i + 1) {
            Some(0x80) => matches!(b.get(i + 2), Some(0x8B..=0x8F)),
            Some(0x81) => b.get(i + 2) == Some(&0xA0),
            _ => false,
        },
        0xEF => b.get(i + 1) == Some(&0xBB),
        _ => false,
    }
}

/// One line exactly as the normalize stage emits it once repair is done (in NFC, the
/// default form): unlike [`as_emitted`], C1 controls and Unicode spaces too are taken as
/// normalize will take them.
pub(super) fn normalized(line: &str) -> String {
    let mut counts = crate::normalize::Counts::default();
    crate::normalize::normalize(line, Normalization::Nfc, &mut counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lead bytes `nfc` passes over without decoding start only NFC-safe characters,
    /// and `nfc` is the normalizer's NFC on generated text of every kind it meets.
    #[test]
    fn nfc_passes_over_only_what_is_nfc_safe() {
        for c in ('\u{80}'..=char::MAX).filter(|c| {
            let mut bytes = [0; 4];
            let lead = c.encode_utf8(&mut bytes).as_bytes()[0];
            matches!(lead, 0x80..=0xCB | 0xCF..=0xD1 | 0xD3..=0xD5 | 0xE4..=0xE9 | 0xEB | 0xEC)
        }) {
            assert!(nfc_safe(c), "U+{:04X}", c as u32);
        }
        let pieces = [
            "a",
            " ",
            "é",
            "Ã©",
            "Привет",
            "Ӂ",
            "ա",
            "日本",
            "한국",
            "\u{308}",
            "u\u{308}",
            "\u{11A8}",
            "\u{2126}",
            "Ω",
            "’",
            "™",
            "\u{fffd}",
            "😀",
            "か\u{3099}",
            "\u{483}",
        ];
        let normalizer = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
        let mut rng = crate::testing::XorShift::new(0x5eed_0fc0_0026_0002);
        for _ in 0..5_000 {
            let text = rng.text(&pieces, 10);
            assert_eq!(nfc(&text), normalizer.normalize(&text), "{text:?}");
        }
    }
}
