//! Input that is UTF-8 except for a few bytes: a windows-1252 `’` or `é` pasted into a
//! UTF-8 page, or a UTF-8 file cut inside its last character.

/// What a scan of almost-UTF-8 input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scan {
    /// Valid UTF-8 up to an incomplete character at the very end.
    Truncated {
        /// Valid multi-byte characters before it.
        multibyte: usize,
    },
    /// Valid UTF-8 runs with stray bytes between them.
    Mixed {
        /// Valid multi-byte characters.
        multibyte: usize,
        /// Invalid sequences (each one or more stray bytes).
        stray: usize,
    },
    /// Too many invalid sequences for the valid ones: a legacy encoding.
    NotUtf8,
}

/// Scan `bytes` (which are known not to be valid UTF-8). Stops as soon as the invalid
/// sequences clearly outnumber the valid multi-byte characters, so a legacy file of any
/// size costs a few hundred bytes here.
pub(crate) fn scan(bytes: &[u8]) -> (Scan, usize) {
    let mut pos = 0;
    let mut multibyte = 0usize;
    let mut common = 0usize;
    let mut stray = 0usize;
    loop {
        let rest = &bytes[pos..];
        let (valid, error_len) = match simdutf8::compat::from_utf8(rest) {
            Ok(_) => (rest.len(), None),
            Err(e) => (e.valid_up_to(), Some(e.error_len())),
        };
        multibyte += count_multibyte(&rest[..valid]);
        common += count_common(&rest[..valid]);
        pos += valid;
        match error_len {
            None => break,
            // An incomplete sequence at the end of the input.
            Some(None) => {
                let result = if stray == 0 {
                    Scan::Truncated { multibyte }
                } else {
                    stray += 1;
                    verdict(multibyte, common, stray)
                };
                return (result, bytes.len());
            }
            Some(Some(n)) => {
                stray += 1;
                pos += n;
                // Mixed needs at least as many valid characters as stray sequences.
                if stray > multibyte + 8 {
                    return (Scan::NotUtf8, pos);
                }
            }
        }
    }
    (verdict(multibyte, common, stray), bytes.len())
}

/// Mixed only when the valid characters clearly outweigh the stray bytes: legacy text
/// contains an accidental valid pair now and then (`ß“` is `DF 93`, a valid sequence).
/// Near a tie, only characters text is commonly written in count: Shift_JIS pairs such as
/// `C5 8A`, `CA 8B`, `CE 81` are valid UTF-8 too, but for `Ŋ`, IPA `ʋ` and an unassigned
/// Greek code point.
fn verdict(multibyte: usize, common: usize, stray: usize) -> Scan {
    if multibyte >= 2 * stray || (common >= stray && common >= 3) {
        Scan::Mixed { multibyte, stray }
    } else {
        Scan::NotUtf8
    }
}

/// Lead bytes of multi-byte characters in valid UTF-8.
fn count_multibyte(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// Characters of `valid` (valid UTF-8) in the blocks text is commonly written in: Latin
/// letters and punctuation (Latin-1, Extended-A, Extended Additional), Greek and Cyrillic,
/// Hebrew and Arabic, the Indic scripts and Thai, general punctuation and currency, CJK
/// symbols, kana and ideographs, Hangul, fullwidth forms and emoji.
fn count_common(valid: &[u8]) -> usize {
    std::str::from_utf8(valid).map_or(0, |s| {
        s.chars()
            .filter(|&c| {
                matches!(c,
                    '\u{A0}'..='\u{17F}'
                        | '\u{370}'..='\u{3FF}'
                        | '\u{400}'..='\u{4FF}'
                        | '\u{590}'..='\u{6FF}'
                        | '\u{900}'..='\u{E7F}'
                        | '\u{1E00}'..='\u{1EFF}'
                        | '\u{2000}'..='\u{20CF}'
                        | '\u{3000}'..='\u{30FF}'
                        | '\u{4E00}'..='\u{9FFF}'
                        | '\u{AC00}'..='\u{D7A3}'
                        | '\u{FF00}'..='\u{FFEF}'
                        | '\u{1F300}'..='\u{1FAFF}')
                    && !matches!(
                        c,
                        '\u{378}' | '\u{379}' | '\u{380}'
                            ..='\u{383}' | '\u{38B}' | '\u{38D}' | '\u{3A2}'
                    )
            })
            .count()
    })
}

/// Decode `bytes` as UTF-8, turning each invalid sequence into its windows-1252 reading.
/// Returns the text and the number of bytes read as windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut stray_bytes = 0;
    let mut rest = bytes;
    while !rest.is_empty() {
        match simdutf8::compat::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let (valid, tail) = rest.split_at(e.valid_up_to());
                // The prefix is valid by construction; the fallible call keeps this free of
                // unsafe code and costs one more validation of an already-cached run.
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let n = e.error_len().unwrap_or(tail.len());
                let (bad, after) = tail.split_at(n);
                let (cp1252, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bad);
                text.push_str(&cp1252);
                stray_bytes += n;
                rest = after;
            }
        }
    }
    (text, stray_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_cp1252_bytes_in_utf8() {
        let bytes = b"Gr\xC3\xBC\xC3\x9Fe aus K\xC3\xB6ln \x96 it\x92s caf\xE9 time, sch\xC3\xB6n";
        assert_eq!(
            scan(bytes).0,
            Scan::Mixed {
                multibyte: 4,
                stray: 3
            }
        );
        let (text, n) = decode(bytes);
        assert_eq!(text, "Grüße aus Köln – it’s café time, schön");
        assert_eq!(n, 3);
    }

    #[test]
    fn adjacent_stray_bytes_are_read_together() {
        let (text, n) = decode(b"\xC3\xA4 \xE9\x92 \xC3\xB6");
        assert_eq!(text, "ä é’ ö");
        assert_eq!(n, 2);
    }

    #[test]
    fn legacy_text_is_not_mixed() {
        let cp1252 = b"F\xFCr die Stra\xDF\x93e und Gr\xFC\xDFe an M\xFCller, \xE4hnlich sch\xF6n.";
        assert_eq!(scan(cp1252).0, Scan::NotUtf8);
        // One valid pair and one stray byte could be either: not enough to call it UTF-8.
        assert_eq!(scan(b"Stra\xDF\x93 und caf\xE9 ok").0, Scan::NotUtf8);
    }

    /// Shift_JIS text after ASCII can hold pairs that are valid UTF-8 by chance: in
    /// `で楽々通勤～` (`82 C5 8A 79 81 58 92 CA 8B CE 81 60`), `C5 8A`, `CA 8B` and `CE 81`
    /// are, for `Ŋ`, IPA `ʋ` and an unassigned code point. Never mixed, cut anywhere.
    #[test]
    fn shift_jis_after_ascii_is_not_mixed() {
        let text = "<feed>\n<title>Cycleで楽々通勤～my days</title>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let mut checked = 0;
        for cut in 1..=bytes.len() {
            if std::str::from_utf8(&bytes[..cut]).is_ok() {
                continue; // the scan only sees input that is not UTF-8
            }
            let (result, _) = scan(&bytes[..cut]);
            assert!(
                !matches!(result, Scan::Mixed { .. }),
                "cut {cut}: {result:?}"
            );
            checked += 1;
        }
        assert!(checked > 20);
    }

    #[test]
    fn a_long_legacy_file_stops_early() {
        let mut koi8 = Vec::new();
        for _ in 0..10_000 {
            koi8.extend_from_slice(b"\xF0\xD2\xC9\xD7\xC5\xD4 \xCD\xC9\xD2! ");
        }
        let (scan_result, examined) = scan(&koi8);
        assert_eq!(scan_result, Scan::NotUtf8);
        assert!(examined < 200, "{examined}");
    }

    #[test]
    fn double_byte_legacy_text_stops_early() {
        let text =
            "日本語の文章です。東京で会議が開かれ、各国の代表が参加しました。\n".repeat(2000);
        for enc in [
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_JP,
            encoding_rs::GBK,
            encoding_rs::BIG5,
        ] {
            let (bytes, _, _) = enc.encode(&text);
            let (result, examined) = scan(&bytes);
            assert_eq!(result, Scan::NotUtf8, "{}", enc.name());
            assert!(examined < 4096, "{}: {examined}", enc.name());
        }
    }

    #[test]
    fn truncated_last_character() {
        let full = "Grüße, schöne Grüße".as_bytes();
        for cut in 1..3 {
            let bytes = [full, "€".as_bytes()].concat();
            let bytes = &bytes[..bytes.len() - cut];
            assert_eq!(scan(bytes).0, Scan::Truncated { multibyte: 5 }, "{cut}");
        }
    }
}
