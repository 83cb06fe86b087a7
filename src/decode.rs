//! Stage 1, decode: bytes to UTF-8 text, with a report of how the encoding was decided.
//!
//! The detection cascade, in order (the branch that fires is the report's `detected_by`):
//! 1. `bom`: a UTF-8 or UTF-16 byte order mark decides, and is stripped.
//! 2. `forced`: the user named the encoding.
//! 3. `binary`: NUL bytes mean the input is not text: the document is rejected.
//! 4. `utf8`: the whole input is valid UTF-8 (SIMD validation).
//! 5. `guess`: chardetng guesses a legacy encoding from a bounded window.

use crate::config::{Config, DecodeOptions, EncodingMode};
use crate::document::{Confidence, Document, EncodingReport};
use crate::error::Reject;
use encoding_rs::Encoding;

/// The stage's name in change logs.
pub const STAGE: &str = "decode";

/// How many bytes chardetng sees, starting at the first non-ASCII byte.
const GUESS_WINDOW: usize = 64 * 1024;

/// The decode stage: turns `doc.raw` into `doc.text`. Documents that arrived as text pass.
/// On a reject the raw bytes stay in the document, for the rejects file.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let Some(raw) = &doc.raw else {
        return Ok(());
    };
    let (text, report) = decode(raw, &config.decode)?;
    doc.raw = None;
    doc.text = text;
    doc.encoding = report;
    Ok(())
}

/// Decode `bytes` to a string following the cascade described in the module docs.
pub fn decode(bytes: &[u8], opts: &DecodeOptions) -> Result<(String, EncodingReport), Reject> {
    let forced = match opts.mode {
        EncodingMode::Forced(enc) => Some(enc),
        EncodingMode::Auto => None,
    };

    // 1. A byte order mark is the strongest evidence there is.
    if !(forced.is_some() && opts.ignore_bom)
        && let Some((enc, bom_len)) = Encoding::for_bom(bytes)
    {
        return Ok(decode_with(
            enc,
            &bytes[bom_len..],
            "bom",
            Confidence::Certain,
        ));
    }

    // 2. The user said so.
    if let Some(enc) = forced {
        return Ok(decode_with(enc, bytes, "forced", Confidence::Certain));
    }

    // 3. NUL bytes do not occur in text of any encoding we decode without a BOM.
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls > 0 {
        return Err(Reject::Binary(format!("{nuls} NUL bytes")));
    }

    // 4. Valid UTF-8 is UTF-8: legacy text of any length is practically never valid UTF-8.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok((
            text.to_owned(),
            EncodingReport {
                encoding: "UTF-8",
                detected_by: "utf8",
                confidence: Confidence::Certain,
                replacements: 0,
            },
        ));
    }

    // 5. A legacy encoding: ask chardetng about a bounded window from the first non-ASCII byte.
    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let window = &bytes[first..bytes.len().min(first + GUESS_WINDOW)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let non_ascii = detector.feed(window, true);
    let enc = if non_ascii {
        detector.guess(None, chardetng::Utf8Detection::Deny)
    } else {
        opts.fallback
    };
    let non_ascii_count = window.iter().filter(|b| !b.is_ascii()).count();
    let confidence = match non_ascii_count {
        0..=3 => Confidence::Low,
        4..=31 => Confidence::Medium,
        _ => Confidence::High,
    };
    Ok(decode_with(enc, bytes, "guess", confidence))
}

fn decode_with(
    enc: &'static Encoding,
    bytes: &[u8],
    detected_by: &'static str,
    confidence: Confidence,
) -> (String, EncodingReport) {
    let (text, _had_errors) = enc.decode_without_bom_handling(bytes);
    let replacements = if _had_errors {
        let before = count_replacement_chars_in_input(enc, bytes);
        text.chars().filter(|&c| c == '\u{FFFD}').count() - before
    } else {
        0
    };
    (
        text.into_owned(),
        EncodingReport {
            encoding: enc.name(),
            detected_by,
            confidence,
            replacements,
        },
    )
}

/// U+FFFD characters already present in the input (only possible in UTF-8 and UTF-16).
fn count_replacement_chars_in_input(enc: &'static Encoding, bytes: &[u8]) -> usize {
    if enc == encoding_rs::UTF_8 {
        memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count()
    } else if enc == encoding_rs::UTF_16LE {
        bytes.chunks_exact(2).filter(|c| c == &[0xFD, 0xFF]).count()
    } else if enc == encoding_rs::UTF_16BE {
        bytes.chunks_exact(2).filter(|c| c == &[0xFF, 0xFD]).count()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(bytes: &[u8]) -> Result<(String, EncodingReport), Reject> {
        decode(bytes, &DecodeOptions::default())
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (text, report) = auto(b"\xEF\xBB\xBFGr\xC3\xBC\xC3\x9Fe").unwrap();
        assert_eq!(text, "Grüße");
        assert_eq!((report.encoding, report.detected_by), ("UTF-8", "bom"));
    }

    #[test]
    fn utf16le_bom() {
        let (text, report) = auto(b"\xFF\xFEG\x00r\x00\xFC\x00").unwrap();
        assert_eq!(text, "Grü");
        assert_eq!((report.encoding, report.detected_by), ("UTF-16LE", "bom"));
    }

    #[test]
    fn windows_1252_is_guessed() {
        let bytes =
            b"F\xFCr die Stra\xDFe und \x84Gr\xFC\xDFe\x93 an M\xFCller, \xE4hnlich sch\xF6n.";
        let (text, report) = auto(bytes).unwrap();
        assert_eq!(text, "Für die Straße und „Grüße“ an Müller, ähnlich schön.");
        assert_eq!(report.encoding, "windows-1252");
        assert_eq!(report.detected_by, "guess");
        assert_eq!(report.replacements, 0);
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(matches!(
            auto(b"PK\x03\x04\x00\x00"),
            Err(Reject::Binary(_))
        ));
    }

    #[test]
    fn replacements_are_counted_not_inherited() {
        let opts = DecodeOptions {
            mode: EncodingMode::Forced(encoding_rs::UTF_8),
            ..DecodeOptions::default()
        };
        let (text, report) = decode(b"a\xEF\xBF\xBDb\xFF", &opts).unwrap();
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(report.replacements, 1);
    }
}
