//! UTF-16 and UTF-32 without a byte order mark, and UTF-32 decoding (which `encoding_rs`
//! does not have).
//!
//! Text in these encodings is recognised from where its NUL bytes fall: Latin text in
//! UTF-16LE has a NUL in every odd byte, CJK text at least in the odd bytes of its spaces,
//! digits and line ends; UTF-32 has NULs in its top byte (and almost always the one below).
//! The pattern alone is not enough: the whole input must then decode strictly and read as
//! text (no NUL characters, hardly any controls).

/// A UTF-16 or UTF-32 byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wide {
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

/// How many bytes the NUL-lane count looks at.
pub(crate) const SNIFF_WINDOW: usize = 64 * 1024;

/// The wide encoding whose NUL pattern `bytes` has and which decodes all of it strictly.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Wide> {
    let window = &bytes[..bytes.len().min(SNIFF_WINDOW)];
    // Most input has no NUL at all: one SIMD scan settles it.
    memchr::memchr(0, window)?;
    let mut lane_nuls = [0usize; 4];
    for (i, &b) in window.iter().enumerate() {
        lane_nuls[i % 4] += usize::from(b == 0);
    }
    let units32 = window.len() / 4;
    if bytes.len() % 4 == 0 && units32 > 0 {
        // UTF-32: the top byte is always 0, the next one at most 0x10, and the low byte is
        // rarely 0 (only for U+xx00 characters).
        let le = lane_nuls[3] == units32 && lane_nuls[0] * 2 < units32;
        let be = lane_nuls[0] == units32 && lane_nuls[3] * 2 < units32;
        for (fits, wide) in [(le, Wide::Utf32Le), (be, Wide::Utf32Be)] {
            if fits && strict_text(bytes, wide) {
                return Some(wide);
            }
        }
    }
    if bytes.len() % 2 == 0 {
        // UTF-16: NULs gather in the high byte of each unit; the low byte is 0 only for
        // U+xx00 characters. Require the pattern on at least 1% of the units so a stray NUL
        // in ASCII text is not read as CJK.
        let even = lane_nuls[0] + lane_nuls[2];
        let odd = lane_nuls[1] + lane_nuls[3];
        let units16 = window.len() / 2;
        let pattern = |hi: usize, lo: usize| hi >= 2 && hi * 100 >= units16 && lo * 8 <= hi;
        let (le, be) = (pattern(odd, even), pattern(even, odd));
        if le || be {
            // CJK text has few NULs, and some of them are the low byte of U+xx00 (`一` is
            // U+4E00): the pattern can point at the wrong byte order. The other order wins
            // when it reads as clearly more text.
            let (fit, other) = if le {
                (Wide::Utf16Le, Wide::Utf16Be)
            } else {
                (Wide::Utf16Be, Wide::Utf16Le)
            };
            let fit_share = text_share(window, fit);
            if text_share(window, other) > fit_share + SHARE_MARGIN && strict_text(bytes, other) {
                return Some(other);
            }
            if strict_text(bytes, fit) {
                return Some(fit);
            }
        }
    }
    None
}

/// How many more units per thousand one UTF-16 reading must have in text blocks to beat
/// the other.
const SHARE_MARGIN: usize = 150;

/// UTF-16 without NUL bytes (CJK text with no ASCII and no U+xx00 character), for input that
/// would otherwise be refused for its control bytes (the low bytes of such text are often
/// below 0x20): the byte order whose reading has at least nine units in ten in the blocks
/// text is written in ([`text_share`]), clearly more than the other order, and which
/// decodes all of the input strictly. Not for other input: ASCII read as UTF-16 also lands
/// in CJK blocks.
pub(crate) fn sniff_without_nuls(bytes: &[u8]) -> Option<Wide> {
    if bytes.len() % 2 != 0 || bytes.len() < 16 {
        return None;
    }
    let window = &bytes[..bytes.len().min(SNIFF_WINDOW)];
    let (le, be) = (
        text_share(window, Wide::Utf16Le),
        text_share(window, Wide::Utf16Be),
    );
    let (best, share, other) = if le >= be {
        (Wide::Utf16Le, le, be)
    } else {
        (Wide::Utf16Be, be, le)
    };
    (share >= 900 && share > other + SHARE_MARGIN && strict_text(bytes, best)).then_some(best)
}

/// Units per thousand of `window` read as UTF-16 in `wide` that fall in blocks text is
/// written in: ASCII text characters, Latin, Greek, Cyrillic, Hebrew, Arabic, the Indic
/// scripts and Thai, general punctuation, CJK symbols and kana, CJK ideographs, Hangul
/// syllables and fullwidth forms. A byte-swapped reading spreads over the whole range.
fn text_share(window: &[u8], wide: Wide) -> usize {
    let mut units = 0usize;
    let mut text = 0usize;
    for p in window.chunks_exact(2) {
        let u = match wide {
            Wide::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
            _ => u16::from_le_bytes([p[0], p[1]]),
        };
        units += 1;
        text += usize::from(matches!(
            u,
            0x09 | 0x0A | 0x0D
                | 0x20..=0x7E
                | 0xA0..=0x24F
                | 0x370..=0x6FF
                | 0x900..=0xE7F
                | 0x1E00..=0x1EFF
                | 0x2000..=0x206F
                | 0x3000..=0x30FF
                | 0x4E00..=0x9FFF
                | 0xAC00..=0xD7A3
                | 0xFF00..=0xFFEF
        ));
    }
    text * 1000 / units.max(1)
}

/// Whether all of `bytes` decodes in `wide` without an error, a NUL character or more than
/// one control character in a hundred.
fn strict_text(bytes: &[u8], wide: Wide) -> bool {
    let mut chars = 0usize;
    let mut controls = 0usize;
    let mut check = |c: char| {
        chars += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            controls += 1;
        }
        true
    };
    let ok = match wide {
        Wide::Utf16Le | Wide::Utf16Be => {
            let units = bytes.chunks_exact(2).map(|p| match wide {
                Wide::Utf16Le => u16::from_le_bytes([p[0], p[1]]),
                _ => u16::from_be_bytes([p[0], p[1]]),
            });
            char::decode_utf16(units).all(|r| r.is_ok_and(&mut check))
        }
        Wide::Utf32Le | Wide::Utf32Be => bytes
            .chunks_exact(4)
            .all(|q| unit32(q, wide).is_some_and(&mut check)),
    };
    ok && controls * 100 <= chars
}

/// One UTF-32 code unit as a char, `None` for surrogates and values above U+10FFFF.
fn unit32(q: &[u8], wide: Wide) -> Option<char> {
    let arr = [q[0], q[1], q[2], q[3]];
    let v = match wide {
        Wide::Utf32Be => u32::from_be_bytes(arr),
        _ => u32::from_le_bytes(arr),
    };
    char::from_u32(v)
}

/// Decode UTF-32 (`wide` must be a UTF-32 variant), replacing invalid units and a partial
/// last unit with U+FFFD. Returns the text and the number of replacements made.
pub(crate) fn decode_utf32(bytes: &[u8], wide: Wide) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len() / 4 + 4);
    let mut replacements = 0;
    let units = bytes.chunks_exact(4);
    let partial = !units.remainder().is_empty();
    for q in units {
        match unit32(q, wide) {
            Some(c) => text.push(c),
            None => {
                text.push('\u{FFFD}');
                replacements += 1;
            }
        }
    }
    if partial {
        text.push('\u{FFFD}');
        replacements += 1;
    }
    (text, replacements)
}

/// The BOM-marked UTF-32 variant `bytes` starts with, if any. Checked before UTF-16: the
/// UTF-32LE BOM begins with the UTF-16LE one.
pub(crate) fn utf32_bom(bytes: &[u8]) -> Option<Wide> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some(Wide::Utf32Le),
        [0, 0, 0xFE, 0xFF, ..] => Some(Wide::Utf32Be),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }
    fn utf32(s: &str, be: bool) -> Vec<u8> {
        s.chars()
            .flat_map(|c| {
                if be {
                    u32::from(c).to_be_bytes()
                } else {
                    u32::from(c).to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn latin_and_cjk_utf16_are_found() {
        assert_eq!(sniff(&utf16le("Grüße aus Köln\n")), Some(Wide::Utf16Le));
        assert_eq!(sniff(&utf16be("Grüße aus Köln\n")), Some(Wide::Utf16Be));
        let cjk = "日本語のテキストです。\n二行目。\n";
        assert_eq!(sniff(&utf16le(cjk)), Some(Wide::Utf16Le));
        assert_eq!(sniff(&utf16be(cjk)), Some(Wide::Utf16Be));
    }

    /// Chinese text whose only NULs are the low bytes of `一` (U+4E00): in the wrong lane
    /// for the NUL pattern, so the byte order is decided by which reading is text.
    #[test]
    fn cjk_utf16_with_few_nuls_keeps_its_byte_order() {
        let text = "我们一起去公园散步，天气很好。一切都很安静，一只鸟在树上唱歌。";
        assert_eq!(sniff(&utf16le(text)), Some(Wide::Utf16Le));
        assert_eq!(sniff(&utf16be(text)), Some(Wide::Utf16Be));
    }

    #[test]
    fn cjk_utf16_without_nuls_is_found_by_its_reading() {
        let text = "今天下午我们去图书馆借书，然后在湖边散步。晚上回家做饭，早点睡觉。";
        assert_eq!(sniff_without_nuls(&utf16le(text)), Some(Wide::Utf16Le));
        assert_eq!(sniff_without_nuls(&utf16be(text)), Some(Wide::Utf16Be));
        // ASCII reads as CJK in UTF-16 too: only input refused otherwise comes here, but
        // the share alone does not take Latin text with control bytes.
        let latin = b"\x01\x02\x03\x04 Ein kurzer Satz \x05\x06 ohne Sinn.";
        assert_eq!(sniff_without_nuls(latin), None);
    }

    #[test]
    fn utf32_is_found_before_utf16() {
        assert_eq!(sniff(&utf32("Grüße 😀\n", false)), Some(Wide::Utf32Le));
        assert_eq!(sniff(&utf32("Grüße 😀\n", true)), Some(Wide::Utf32Be));
    }

    #[test]
    fn odd_lengths_and_sizes_sweep() {
        let text = "Ein kurzer Satz über nichts.\n".repeat(3);
        for n in 1..text.len() {
            let Some(prefix) = text.get(..n) else {
                continue;
            };
            let le = utf16le(prefix);
            let found = sniff(&le);
            // A single character cannot show a pattern of two NULs; anything longer can.
            if prefix.chars().filter(|c| c.is_ascii()).count() >= 2 {
                assert_eq!(found, Some(Wide::Utf16Le), "{prefix:?}");
            }
            assert_eq!(sniff(&le[..le.len() - 1]), None, "odd length {prefix:?}");
        }
    }

    #[test]
    fn stray_nuls_in_ascii_are_not_utf16() {
        let mut ascii = b"Plain ASCII text with one stray NUL".repeat(10);
        ascii[101] = 0;
        assert_eq!(sniff(&ascii), None);
        // NULs in both lanes, as in binary formats.
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"),
            None
        );
    }

    #[test]
    fn unpaired_surrogate_fails_the_strict_decode() {
        let mut bytes = utf16le("abcdef");
        bytes.extend_from_slice(&[0x00, 0xD8, b'x', 0]);
        assert_eq!(sniff(&bytes), None);
    }

    #[test]
    fn utf32_decoding_replaces_bad_units() {
        let mut bytes = utf32("aé", false);
        bytes.extend_from_slice(&[0, 0, 0x11, 0]); // above U+10FFFF
        bytes.extend_from_slice(&[b'z', 0]); // partial unit
        let (text, n) = decode_utf32(&bytes, Wide::Utf32Le);
        assert_eq!(text, "aé\u{FFFD}\u{FFFD}");
        assert_eq!(n, 2);
        assert_eq!(utf32_bom(b"\xFF\xFE\0\0a"), Some(Wide::Utf32Le));
        assert_eq!(utf32_bom(b"\xFF\xFEa\0"), None);
    }
}
