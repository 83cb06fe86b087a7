//! Stage 1, decode: bytes to UTF-8 text, with a report of how the encoding was decided.
//!
//! # Encoding detection
//!
//! One ordered cascade ([`decode`]); the step that decides is the report's `detected_by`:
//!
//! 1. `bom`: a UTF-32 (checked first: its LE mark begins with UTF-16LE's), UTF-8 or UTF-16
//!    byte order mark decides and is stripped. With `--encoding` and `--ignore-bom` it is
//!    skipped; then `forced`: the named encoding is used.
//! 2. `nul-pattern`: UTF-16 or UTF-32 without a BOM, recognised from which byte lanes hold
//!    the NUL bytes, then confirmed by a strict decode of the whole input. CJK text has few
//!    NULs, some in the wrong lane (`一` is U+4E00): the UTF-16 byte order whose reading is
//!    clearly more text wins.
//! 3. `iso-2022-kr`: 7-bit Korean with its designator (`ESC $ ) C`) and shift bytes, decoded
//!    strictly (encoding_rs does not have it). Then binary: a known binary signature (PNG, gzip, ELF, …), NUL bytes left over, or many
//!    other control bytes: the document is rejected, never decoded into garbage. Except
//!    `utf16-reading`: UTF-16 without NUL bytes (CJK text), whose low bytes are often
//!    controls, when one byte order reads as text and decodes strictly.
//! 4. `iso-2022-jp` for 7-bit Japanese escapes, else `utf8`: the whole input is valid
//!    UTF-8 (SIMD validation), or valid up to a character cut off at the very end.
//! 5. `utf8-mixed`: valid UTF-8 runs with a few stray bytes, which are read as
//!    windows-1252 (`’` pasted into a UTF-8 page) instead of becoming U+FFFD.
//! 6. `guess`: chardetng on a window of at most 32 KiB starting at the first non-ASCII
//!    byte (fed the non-ASCII runs with their word's edges, 2 KiB of them at most), given
//!    the hint's domain; `hint` when weak evidence ties and a hinted encoding
//!    reads at least as well. Confidence grows with the non-ASCII bytes seen and drops when
//!    the hint changes the answer or the decode meets malformed sequences.
//! 7. `rescue-*`: encodings chardetng never answers, on evidence in the bytes
//!    (`rescue-iso-8859-15`, `rescue-mac-cyrillic`, `rescue-mac-roman`, `rescue-baltic`
//!    with a Baltic hint), then `rescue-alphabet`: the Latin single-byte encoding whose
//!    reading writes one language's alphabet (Hungarian `ő`, Estonian `š`, Romanian `ș`,
//!    Esperanto `ĉ`: ISO-8859-3, -10, -13, -16 and the code pages chardetng misses).
//!
//! 7c. `declared`: an XML declaration's `encoding` or an HTML `<meta charset>` breaks a close
//!    call, when it decodes the bytes cleanly, reads as one language's text and about as
//!    well as the answer.
//!
//! A legacy answer is "high" only when the reading looks like one language's text: its
//! non-ASCII characters read as words, its letters within one alphabet.
//!
//! When the guess decodes with many malformed sequences, the fallback encoding
//! (`--fallback`, windows-1252 by default) is used instead (`fallback`, low confidence).
//! Nothing that fails the UTF-8 checks is ever reported as UTF-8.

mod alphabet;
mod binary;
mod declared;
mod guess;
mod iso2022kr;
mod labels;
mod mixed;
mod rescue;
mod wide;

pub use labels::{LabelError, parse_hint, parse_label};

use crate::config::{Config, DecodeOptions, EncodingMode};
use crate::document::{Confidence, Document, EncodingReport};
use crate::error::Reject;
use encoding_rs::Encoding;
use wide::Wide;

/// How many bytes of the guess window the rescue rules read: each reads it in a few
/// encodings, and a few hundred letters settle them.
const RESCUE_WINDOW: usize = 4 * 1024;

/// How many plausibility points a declared encoding may trail the answer by and still be
/// taken: two case flips (`АвиаПорт`) or symbols inside words.
const DECLARED_SLACK: i64 = 4;

/// The stage's name in change logs.
pub const STAGE: &str = "decode";

/// The decode stage: turns `doc.raw` into `doc.text`. Documents that arrived as text pass.
/// On a reject the raw bytes stay in the document, for the rejects file.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let Some(raw) = &doc.raw else {
        return Ok(());
    };
    let decoded =
        cascade(raw, &config.decode, Scope::Whole).map_err(|b| Reject::Binary(b.reason))?;
    doc.raw = None;
    doc.log(STAGE, "stray windows-1252 bytes", decoded.stray);
    doc.text = decoded.text;
    doc.encoding = decoded.report;
    Ok(())
}

/// Decode `bytes` to a string following the cascade described in the module docs. Binary
/// input is a [`Reject::Binary`] with the reason.
pub fn decode(bytes: &[u8], opts: &DecodeOptions) -> Result<(String, EncodingReport), Reject> {
    cascade(bytes, opts, Scope::Whole)
        .map(|d| (d.text, d.report))
        .map_err(|b| Reject::Binary(b.reason))
}

/// What `scour detect` prints for one input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DetectReport {
    /// The encoding's name (`UTF-8`, `windows-1252`, `UTF-32LE`, …), or `binary`.
    pub encoding: &'static str,
    /// How sure the deciding step was.
    #[serde(serialize_with = "confidence_name")]
    pub confidence: Confidence,
    /// The cascade step that decided (see the module docs), or `binary`.
    pub detected_by: &'static str,
    /// How many bytes the deciding step looked at.
    pub bytes_examined: usize,
    /// U+FFFD characters decoding with this encoding inserts.
    pub replacements: usize,
    /// Why binary input was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

fn confidence_name<S: serde::Serializer>(c: &Confidence, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

/// Run the detection cascade on `bytes` and report the decision. A legacy guess rests on
/// the chardetng window: only that window is decoded (to count malformed sequences), so
/// detection costs the same for a file of any size.
pub fn detect(bytes: &[u8], opts: &DecodeOptions) -> DetectReport {
    match cascade(bytes, opts, Scope::Decision) {
        Ok(d) => DetectReport {
            encoding: d.report.encoding,
            confidence: d.report.confidence,
            detected_by: d.report.detected_by,
            bytes_examined: d.examined,
            replacements: d.report.replacements,
            reason: None,
        },
        Err(b) => DetectReport {
            encoding: "binary",
            confidence: Confidence::Certain,
            detected_by: "binary",
            bytes_examined: b.examined,
            replacements: 0,
            reason: Some(b.reason),
        },
    }
}

/// Text decoded by the cascade.
struct Decoded {
    text: String,
    report: EncodingReport,
    /// Bytes the deciding step looked at.
    examined: usize,
    /// Bytes of `utf8-mixed` input read as windows-1252.
    stray: usize,
}

/// Input the cascade refused as binary.
struct Binary {
    reason: String,
    examined: usize,
}

/// How much of the input a legacy guess decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// All of it: the decode stage needs the text.
    Whole,
    /// The guess window only: `detect` needs the decision.
    Decision,
}

/// The detection cascade: one branch per step, in order.
fn cascade(bytes: &[u8], opts: &DecodeOptions, scope: Scope) -> Result<Decoded, Binary> {
    let (forced, hint) = match opts.mode {
        EncodingMode::Auto => (None, None),
        EncodingMode::Forced(enc) => (Some(enc), None),
        EncodingMode::Hint(hint) => (None, Some(hint)),
    };
    let use_bom = !(forced.is_some() && opts.ignore_bom);

    // 1. A byte order mark is the strongest evidence there is. UTF-32 first: FF FE 00 00
    //    also starts with the UTF-16LE mark.
    if use_bom && let Some(w) = wide::utf32_bom(bytes) {
        return Ok(utf32(w, &bytes[4..], "bom", Confidence::Certain, 4));
    }
    if use_bom && let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return Ok(with_encoding(
            enc,
            body,
            "bom",
            Confidence::Certain,
            bom_len,
        ));
    }
    // 1b. The user said so.
    if let Some(enc) = forced {
        return Ok(with_encoding(enc, bytes, "forced", Confidence::Certain, 0));
    }

    // 2. UTF-16/32 without a BOM: NULs in the right byte lanes and a strict decode.
    let signature = binary::signature(bytes);
    if signature.is_none()
        && let Some(w) = wide::sniff(bytes)
    {
        let examined = bytes.len();
        return Ok(match w {
            Wide::Utf16Le => with_encoding(
                encoding_rs::UTF_16LE,
                bytes,
                "nul-pattern",
                Confidence::High,
                examined,
            ),
            Wide::Utf16Be => with_encoding(
                encoding_rs::UTF_16BE,
                bytes,
                "nul-pattern",
                Confidence::High,
                examined,
            ),
            Wide::Utf32Le | Wide::Utf32Be => {
                utf32(w, bytes, "nul-pattern", Confidence::High, examined)
            }
        });
    }

    // 3. Binary: a file format's signature, NULs that are not UTF-16/32, or control bytes
    //    no text has in such numbers.
    if let Some((name, len)) = signature {
        return Err(Binary {
            reason: format!("{name} signature"),
            examined: len,
        });
    }
    // 3a. ISO-2022-KR: its designator, and shift bytes that would count as controls.
    if memchr::memmem::find(bytes, iso2022kr::DESIGNATOR).is_some()
        && let Some(text) = iso2022kr::decode(bytes)
    {
        return Ok(Decoded {
            text,
            report: EncodingReport {
                encoding: "ISO-2022-KR",
                detected_by: "iso-2022-kr",
                confidence: Confidence::High,
                replacements: 0,
            },
            examined: bytes.len(),
            stray: 0,
        });
    }
    if let Some(refused) = binary::refusal(bytes) {
        // 3b. Unless it is UTF-16 without NULs (CJK text with no ASCII), whose low bytes
        //     are often control bytes: a byte order that reads as text decides.
        if let Some(w) = wide::sniff_without_nuls(bytes) {
            let enc = if w == Wide::Utf16Be {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            let examined = bytes.len().min(wide::SNIFF_WINDOW);
            return Ok(with_encoding(
                enc,
                bytes,
                "utf16-reading",
                Confidence::Medium,
                examined,
            ));
        }
        return Err(refused);
    }

    // 4. Valid UTF-8 is UTF-8: legacy text of any length is practically never valid UTF-8.
    //    The one 7-bit legacy encoding, ISO-2022-JP, is told apart by its escapes.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        if memchr::memchr(0x1B, bytes).is_some()
            && let Some(d) = iso_2022_jp(bytes)
        {
            return Ok(d);
        }
        return Ok(Decoded {
            text: text.to_owned(),
            report: report(encoding_rs::UTF_8, "utf8", Confidence::Certain, 0),
            examined: bytes.len(),
            stray: 0,
        });
    }

    // 5. Mostly UTF-8: stray windows-1252 bytes in UTF-8 text, or a cut last character.
    let (scan, scanned) = mixed::scan(bytes);
    match scan {
        mixed::Scan::Truncated { multibyte } if multibyte >= 2 => {
            return Ok(with_encoding(
                encoding_rs::UTF_8,
                bytes,
                "utf8",
                Confidence::High,
                scanned,
            ));
        }
        mixed::Scan::Mixed { multibyte, stray } => {
            let (text, stray_bytes) = mixed::decode(bytes);
            let confidence = if multibyte >= 4 * stray {
                Confidence::High
            } else {
                Confidence::Medium
            };
            return Ok(Decoded {
                text,
                report: report(encoding_rs::UTF_8, "utf8-mixed", confidence, 0),
                examined: scanned,
                stray: stray_bytes,
            });
        }
        _ => {}
    }

    // 6. A legacy encoding: chardetng on a bounded window from the first non-ASCII byte.
    let guess::Guess {
        mut enc,
        mut confidence,
        mut step,
        first,
        end,
        non_ascii,
    } = guess::guess(bytes, hint.as_ref());
    let window = &bytes[first..end];

    // 7. Rescue rules for encodings chardetng never answers, on the window's start.
    let window = &window[..window.len().min(RESCUE_WINDOW)];
    if let Some((rescued, rule)) = rescue::rescue(enc, window, hint.as_ref()) {
        enc = rescued;
        step = rule;
        confidence = confidence.min(Confidence::Medium);
    }
    // 7b. The Latin encoding whose reading writes one language's alphabet.
    if let Some(latin) = alphabet::rescue(enc, window) {
        enc = latin;
        step = "rescue-alphabet";
        confidence = confidence.min(Confidence::Medium);
    }

    // 7c. The document's own declaration breaks a close call: it decodes the window
    //     cleanly, reads as one language, and about as well as the answer so far.
    if let Some(decl) = declared::declared(bytes)
        && decl != enc
        && decodes_cleanly(decl, window, window.len() == bytes.len() - first)
        && alphabet::reads_as_one_language(decl, window)
        && rescue::plausibility_of(decl, window) + DECLARED_SLACK
            >= rescue::plausibility_of(enc, window)
    {
        // Where both read the window alike, the declaration only settles what lies beyond
        // (ISO-8859-2 and windows-1250 differ in bytes a page may use further on).
        let alike =
            decl.decode_without_bom_handling(window).0 == enc.decode_without_bom_handling(window).0;
        enc = decl;
        step = "declared";
        if !alike {
            confidence = confidence.min(Confidence::Medium);
        }
    }

    // 8. "High" only for a reading of one language's text.
    if confidence == Confidence::High && !alphabet::reads_as_one_language(enc, window) {
        confidence = Confidence::Medium;
    }

    let span = match scope {
        Scope::Whole => bytes,
        Scope::Decision => &bytes[..end],
    };
    let last = span.len() == bytes.len();
    let mut decoded = decode_span(enc, span, last, step, confidence, end);
    let replacements = decoded.report.replacements;
    if replacements > 0 {
        // Nothing decodes the input cleanly: use the fallback when the guess is plainly
        // wrong (many malformed sequences) and the fallback does better.
        if replacements > 1 + non_ascii / 20 && enc != opts.fallback {
            let fb = decode_span(opts.fallback, span, last, "fallback", Confidence::Low, end);
            if fb.report.replacements < replacements {
                return Ok(fb);
            }
        }
        decoded.report.confidence = Confidence::Low;
    }
    Ok(decoded)
}

/// Decode `span`: the whole input (`last`), or a window whose end may cut a character,
/// which is then not counted as malformed.
fn decode_span(
    enc: &'static Encoding,
    span: &[u8],
    last: bool,
    detected_by: &'static str,
    confidence: Confidence,
    examined: usize,
) -> Decoded {
    if last {
        return with_encoding(enc, span, detected_by, confidence, examined);
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length(span.len())
        .unwrap_or(span.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (_, _, had_errors) = decoder.decode_to_string(span, &mut text, false);
    let replacements = if had_errors {
        let before = count_replacement_chars_in_input(enc, span);
        text.matches('\u{FFFD}').count().saturating_sub(before)
    } else {
        0
    };
    Decoded {
        text,
        report: report(enc, detected_by, confidence, replacements),
        examined,
        stray: 0,
    }
}

/// Whether `enc` decodes `window` without a malformed sequence (`last`: the window ends
/// the input; otherwise a character cut by its end is no error).
fn decodes_cleanly(enc: &'static Encoding, window: &[u8], last: bool) -> bool {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(window.len())
        .unwrap_or(window.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let (result, _) = decoder.decode_to_string_without_replacement(window, &mut out, last);
    result == encoding_rs::DecoderResult::InputEmpty
}

/// ISO-2022-JP, when chardetng recognises its escapes and the whole input decodes cleanly.
fn iso_2022_jp(bytes: &[u8]) -> Option<Decoded> {
    let window = &bytes[..bytes.len().min(guess::GUESS_WINDOW)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(window, window.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess != encoding_rs::ISO_2022_JP {
        return None;
    }
    let d = with_encoding(guess, bytes, "iso-2022-jp", Confidence::High, window.len());
    (d.report.replacements == 0).then_some(d)
}

fn report(
    enc: &'static Encoding,
    detected_by: &'static str,
    confidence: Confidence,
    replacements: usize,
) -> EncodingReport {
    EncodingReport {
        encoding: enc.name(),
        detected_by,
        confidence,
        replacements,
    }
}

fn utf32(
    w: Wide,
    bytes: &[u8],
    detected_by: &'static str,
    confidence: Confidence,
    examined: usize,
) -> Decoded {
    // Only what the decoder inserts counts: U+FFFD in the input decodes as itself.
    let (text, replacements) = wide::decode_utf32(bytes, w);
    let encoding = if w == Wide::Utf32Be {
        "UTF-32BE"
    } else {
        "UTF-32LE"
    };
    Decoded {
        text,
        report: EncodingReport {
            encoding,
            detected_by,
            confidence,
            replacements,
        },
        examined,
        stray: 0,
    }
}

fn with_encoding(
    enc: &'static Encoding,
    bytes: &[u8],
    detected_by: &'static str,
    confidence: Confidence,
    examined: usize,
) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let replacements = if had_errors {
        let before = count_replacement_chars_in_input(enc, bytes);
        text.chars()
            .filter(|&c| c == '\u{FFFD}')
            .count()
            .saturating_sub(before)
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        report: report(enc, detected_by, confidence, replacements),
        examined,
        stray: 0,
    }
}

/// Aligned code units equal to `unit`.
fn count_units(bytes: &[u8], unit: &[u8]) -> usize {
    bytes
        .chunks_exact(unit.len())
        .filter(|c| *c == unit)
        .count()
}

/// U+FFFD characters already present in the input (only possible in Unicode encodings).
fn count_replacement_chars_in_input(enc: &'static Encoding, bytes: &[u8]) -> usize {
    if enc == encoding_rs::UTF_8 {
        memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count()
    } else if enc == encoding_rs::UTF_16LE {
        count_units(bytes, &[0xFD, 0xFF])
    } else if enc == encoding_rs::UTF_16BE {
        count_units(bytes, &[0xFF, 0xFD])
    } else if enc == encoding_rs::GB18030 {
        // GB18030 encodes U+FFFD as a four-byte sequence.
        memchr::memmem::find_iter(bytes, b"\x84\x31\xA4\x37").count()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EncodingHint;

    fn hint_opts(hint: &str) -> DecodeOptions {
        let h: EncodingHint = parse_hint(hint).expect("a valid hint");
        DecodeOptions {
            mode: EncodingMode::Hint(h),
            ..DecodeOptions::default()
        }
    }

    fn auto(bytes: &[u8]) -> Result<(String, EncodingReport), Reject> {
        decode(bytes, &DecodeOptions::default())
    }

    fn forced(enc: &'static Encoding, ignore_bom: bool) -> DecodeOptions {
        DecodeOptions {
            mode: EncodingMode::Forced(enc),
            ignore_bom,
            ..DecodeOptions::default()
        }
    }

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    }

    fn utf32(s: &str, be: bool) -> Vec<u8> {
        s.chars()
            .flat_map(|c| {
                let v = u32::from(c);
                if be { v.to_be_bytes() } else { v.to_le_bytes() }
            })
            .collect()
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
    fn utf32_boms_are_decoded_by_hand() {
        for be in [false, true] {
            let mark = if be {
                &b"\0\0\xFE\xFF"[..]
            } else {
                &b"\xFF\xFE\0\0"[..]
            };
            let bytes = [mark, &utf32("Grüße 😀", be)].concat();
            let (text, report) = auto(&bytes).unwrap();
            assert_eq!(text, "Grüße 😀");
            assert_eq!(report.detected_by, "bom");
            assert_eq!(report.encoding, if be { "UTF-32BE" } else { "UTF-32LE" });
        }
    }

    #[test]
    fn bom_wins_over_forced_unless_ignored() {
        let bytes = b"\xEF\xBB\xBFcaf\xC3\xA9";
        let (text, r) = decode(bytes, &forced(encoding_rs::WINDOWS_1252, false)).unwrap();
        assert_eq!((text.as_str(), r.detected_by), ("café", "bom"));
        let (text, r) = decode(bytes, &forced(encoding_rs::WINDOWS_1252, true)).unwrap();
        assert_eq!((text.as_str(), r.detected_by), ("ï»¿cafÃ©", "forced"));
    }

    #[test]
    fn bomless_utf16_and_utf32() {
        let text = "Grüße aus Köln.\nСъешь же ещё этих мягких булок.\n";
        for be in [false, true] {
            let (got, r) = auto(&utf16(text, be)).unwrap();
            assert_eq!(got, text);
            assert_eq!(r.detected_by, "nul-pattern");
            assert_eq!(r.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
            let (got, r) = auto(&utf32(text, be)).unwrap();
            assert_eq!(got, text);
            assert_eq!(r.encoding, if be { "UTF-32BE" } else { "UTF-32LE" });
        }
    }

    #[test]
    fn cjk_utf16_without_nuls_is_not_binary() {
        let text = "今天下午我们去图书馆借书，然后在湖边散步。晚上回家做饭，早点睡觉。";
        for be in [false, true] {
            let (got, r) = auto(&utf16(text, be)).unwrap();
            assert_eq!(got, text);
            assert_eq!(r.detected_by, "utf16-reading");
        }
    }

    /// A page cut inside a double-byte character keeps its encoding (the cut character
    /// becomes one U+FFFD), whatever character the cut falls in.
    #[test]
    fn cjk_cut_inside_a_character_keeps_its_encoding() {
        let cases = [
            (
                encoding_rs::EUC_KR,
                "오늘은 날씨가 맑아서 친구들과 함께 공원에 갔습니다. 우리는 나무 아래에서 점심을 먹고 오후 내내 이야기를 나누었습니다.",
            ),
            (
                encoding_rs::GBK,
                "今天天气很好，我们一起去公园散步。下午在湖边坐了很久，晚上回家做饭，大家都很开心。",
            ),
            (
                encoding_rs::BIG5,
                "今天天氣很好，我們一起去公園散步。下午在湖邊坐了很久，晚上回家做飯，大家都很開心。",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "今日は天気が良かったので、友達と一緒に公園へ行きました。午後は湖のそばで本を読みました。",
            ),
        ];
        for (enc, text) in cases {
            let (bytes, _, _) = enc.encode(text);
            let mut checked = 0;
            for cut in (bytes.len() - 40)..bytes.len() {
                let cut_bytes = &bytes[..cut];
                if !enc.decode_without_bom_handling(cut_bytes).1 {
                    continue; // the cut falls between characters
                }
                let (_, r) = auto(cut_bytes).unwrap();
                assert_eq!(r.encoding, enc.name(), "cut at {cut}");
                checked += 1;
            }
            assert!(checked > 5, "{}", enc.name());
        }
    }

    /// Hungarian `ő`/`ű` and Estonian `š`/`ž` sit where windows-1252 has `õ`/`û` and
    /// `ð`/`þ`: chardetng's windows-1252 guess gives way to the alphabet rule.
    #[test]
    fn hungarian_and_estonian_are_not_windows_1252() {
        let cases = [
            (
                encoding_rs::WINDOWS_1250,
                "A szélvédő első része törött, a hűtő és az ülés is új.\nÖt különböző kérdés merült fel a főnöknél.\n",
            ),
            (
                encoding_rs::WINDOWS_1257,
                "Mootor töötab režiimis, mida juhib üks väike süsteem.\nÕhtul sõitsime Tõnuga koju ja žürii ootas.\n",
            ),
        ];
        for (enc, text) in cases {
            let (bytes, _, _) = enc.encode(text);
            let (got, r) = auto(&bytes).unwrap();
            assert_eq!(got, text, "{r:?}");
        }
    }

    /// Text in a code page scour does not know (Kazakh, here as windows-1251 reads it)
    /// is answered, but not with high confidence.
    #[test]
    fn a_reading_that_mixes_alphabets_is_not_high() {
        let text = "Бґл ќазаќ тілі, ал мынау орыс тілі ѕана. Біз бүгін ќалаѕа барамыз.\n".repeat(3);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        let (_, r) = auto(&bytes).unwrap();
        assert_eq!(r.encoding, "windows-1251");
        assert_eq!(r.confidence, Confidence::Medium);
        // Russian text in the same encoding stays high.
        let russian = "Съешь же ещё этих мягких французских булок, да выпей чаю.\n".repeat(3);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
        assert_eq!(auto(&bytes).unwrap().1.confidence, Confidence::High);
    }

    #[test]
    fn iso_2022_kr_is_not_binary() {
        // "오늘은 날씨가 맑습니다." written by hand: SO, the EUC-KR bytes less their high
        // bit, SI.
        let mut bytes = b"\x1B$)C".to_vec();
        for word in ["오늘은", "날씨가", "맑습니다"] {
            bytes.push(0x0E);
            let (b, _, _) = encoding_rs::EUC_KR.encode(word);
            bytes.extend(b.iter().map(|x| x & 0x7F));
            bytes.extend_from_slice(b"\x0F ");
        }
        bytes.pop();
        bytes.push(b'.');
        let (text, r) = auto(&bytes).unwrap();
        assert_eq!(text, "오늘은 날씨가 맑습니다.");
        assert_eq!((r.encoding, r.detected_by), ("ISO-2022-KR", "iso-2022-kr"));
    }

    /// A short feed whose few Cyrillic letters chardetng reads as Chinese, or Korean as
    /// Japanese: the XML declaration breaks the tie.
    #[test]
    fn a_declaration_breaks_a_close_call() {
        let cases = [
            (
                encoding_rs::WINDOWS_1251,
                "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss><title>АвиаПорт.Ru</title>",
            ),
            (
                encoding_rs::ISO_8859_7,
                "<?xml version=\"1.0\" encoding=\"iso-8859-7\"?>\n<rss><title>Οικονομία</title>",
            ),
            (
                encoding_rs::EUC_KR,
                "<?xml version=\"1.0\" encoding=\"euc-kr\"?>\n<rss><title>하늘 바다</title>",
            ),
        ];
        for (enc, text) in cases {
            let (bytes, _, _) = enc.encode(text);
            let (got, r) = auto(&bytes).unwrap();
            assert_eq!(got, text, "{r:?}");
        }
        // A declaration that does not decode the bytes is ignored.
        let text =
            "<?xml version=\"1.0\" encoding=\"euc-kr\"?>\n<p>Grüße aus Köln, schöne Grüße</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(auto(&bytes).unwrap().0, text);
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
    fn binary_is_rejected_with_a_reason() {
        let cases: &[(&[u8], &str)] = &[
            (b"PK\x03\x04\x00\x00", "zip signature"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG signature"),
            (b"text\x00with a NUL", "1 NUL bytes"),
            (b"\x01\x02\x03\x04\x05abc", "5 control bytes"),
        ];
        for &(bytes, reason) in cases {
            match auto(bytes) {
                Err(Reject::Binary(r)) => assert!(r.starts_with(reason), "{r}"),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
        // Words that begin like a signature are still text.
        assert_eq!(auto(b"BZh is not bzip2").unwrap().1.encoding, "UTF-8");
    }

    #[test]
    fn escape_and_form_feed_are_text() {
        let (text, r) = auto(b"page one\x0cpage two\x1b[0m").unwrap();
        assert_eq!(text, "page one\x0cpage two\x1b[0m");
        assert_eq!(r.detected_by, "utf8");
    }

    #[test]
    fn iso_2022_jp_is_not_utf8() {
        let (bytes, _, _) = encoding_rs::ISO_2022_JP.encode("日本語のテキストです。");
        let (text, r) = auto(&bytes).unwrap();
        assert_eq!(text, "日本語のテキストです。");
        assert_eq!((r.encoding, r.detected_by), ("ISO-2022-JP", "iso-2022-jp"));
    }

    #[test]
    fn mixed_utf8_and_cp1252() {
        let bytes = "Grüße aus Köln, schöne Grüße, it’s ".as_bytes();
        let bytes = [bytes, b"caf\xE9 \x96 fine"].concat();
        let doc = crate::clean_bytes(&bytes, &Config::default()).unwrap();
        assert_eq!(doc.encoding.detected_by, "utf8-mixed");
        assert_eq!(doc.encoding.replacements, 0);
        assert!(doc.text.ends_with("it’s café – fine"), "{}", doc.text);
        assert!(
            doc.changes
                .iter()
                .any(|c| c.kind == "stray windows-1252 bytes" && c.count == 2)
        );
    }

    #[test]
    fn truncated_utf8_stays_utf8_with_one_replacement() {
        let full = "Grüße aus Köln €".as_bytes();
        let (text, r) = auto(&full[..full.len() - 1]).unwrap();
        assert_eq!(text, "Grüße aus Köln \u{FFFD}");
        assert_eq!(
            (r.encoding, r.detected_by, r.replacements),
            ("UTF-8", "utf8", 1)
        );
        // A legacy file whose only non-ASCII byte is its last is not UTF-8.
        let (text, r) = auto(b"Ein Caf\xE9").unwrap();
        assert_eq!(text, "Ein Café");
        assert_ne!(r.encoding, "UTF-8");
    }

    #[test]
    fn no_legacy_prefix_is_called_utf8() {
        let text = "Съешь же ещё этих мягких французских булок, да выпей чаю.";
        for enc in [
            encoding_rs::WINDOWS_1251,
            encoding_rs::KOI8_R,
            encoding_rs::IBM866,
        ] {
            let (bytes, _, _) = enc.encode(text);
            for n in 1..=bytes.len() {
                if let Ok((_, r)) = auto(&bytes[..n]) {
                    let utf8 = r.encoding == "UTF-8";
                    assert!(!utf8 || bytes[..n].is_ascii(), "{} prefix {n}", enc.name());
                }
            }
        }
    }

    #[test]
    fn hint_domain_steers_the_guess() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1257.encode("Ačiū, gražų šeštadienį žmonės ėjo į turgų.");
        let (text, r) = decode(&bytes, &hint_opts("lang:lt")).unwrap();
        assert_eq!(text, "Ačiū, gražų šeštadienį žmonės ėjo į turgų.");
        assert!(
            matches!(r.encoding, "windows-1257" | "ISO-8859-13"),
            "{r:?}"
        );
    }

    #[test]
    fn a_label_hint_breaks_low_confidence_ties() {
        let (text, r) = decode(b"Caf\x8E au lait", &hint_opts("mac_roman")).unwrap();
        assert_eq!(text, "Café au lait");
        assert_eq!((r.encoding, r.detected_by), ("macintosh", "hint"));
        // With plenty of evidence the hint does not override the bytes.
        let russian = "Съешь же ещё этих булок. ".repeat(8);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
        let (_, r) = decode(&bytes, &hint_opts("mac_roman")).unwrap();
        assert_eq!((r.encoding, r.detected_by), ("windows-1251", "guess"));
    }

    #[test]
    fn a_hand_built_hint_with_a_bad_domain_does_not_panic() {
        let opts = DecodeOptions {
            mode: EncodingMode::Hint(EncodingHint {
                tld: Some(*b"R."),
                encoding: None,
            }),
            ..DecodeOptions::default()
        };
        assert_eq!(decode(b"caf\xE9", &opts).unwrap().0, "café");
    }

    #[test]
    fn fallback_takes_over_from_a_broken_guess() {
        let opts = DecodeOptions {
            fallback: encoding_rs::WINDOWS_1252,
            ..DecodeOptions::default()
        };
        // Never panics, never U+FFFD-heavy, whatever chardetng makes of noise.
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 0x80)
            .collect();
        let (text, r) = decode(&noise, &opts).unwrap();
        assert!(r.replacements * 20 <= text.chars().count(), "{r:?}");
        assert_ne!(r.encoding, "UTF-8");
    }

    #[test]
    fn replacements_are_counted_not_inherited() {
        let (text, report) =
            decode(b"a\xEF\xBF\xBDb\xFF", &forced(encoding_rs::UTF_8, false)).unwrap();
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(report.replacements, 1);
    }

    #[test]
    fn detect_of_a_large_legacy_file_looks_at_the_window_only() {
        let text = "日本語 の テキスト。\n".repeat(5000);
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let cut = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes[..guess::GUESS_WINDOW]);
        assert!(cut.1, "the window's end falls inside a character");
        let r = detect(&bytes, &DecodeOptions::default());
        assert_eq!((r.encoding, r.detected_by), ("Shift_JIS", "guess"));
        assert_eq!(r.bytes_examined, guess::GUESS_WINDOW);
        // The window's end cuts a character: that is not a malformed sequence.
        assert_eq!((r.replacements, r.confidence), (0, Confidence::High));
        let (decoded, report) = auto(&bytes).unwrap();
        assert_eq!(
            (decoded.as_str(), report.encoding),
            (text.as_str(), "Shift_JIS")
        );
    }

    #[test]
    fn detect_reports_the_step_and_bytes() {
        let r = detect(b"plain ascii", &DecodeOptions::default());
        assert_eq!(
            (r.encoding, r.detected_by, r.bytes_examined),
            ("UTF-8", "utf8", 11)
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"confidence\":\"certain\""), "{json}");
        let r = detect(b"\x7fELF\x02\x01\x01\0\0\0", &DecodeOptions::default());
        assert_eq!(r.encoding, "binary");
        assert_eq!(r.reason.as_deref(), Some("ELF signature"));
    }

    proptest::proptest! {
        /// Whatever the bytes: no panic, and UTF-8 is only claimed for input that is UTF-8
        /// (whole, cut in its last character, or with stray bytes read as windows-1252).
        #[test]
        fn utf8_is_only_claimed_for_utf8(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let r = detect(&bytes, &DecodeOptions::default());
            if r.detected_by == "utf8" {
                let valid = simdutf8::compat::from_utf8(&bytes)
                    .map_or_else(|e| e.error_len().is_none(), |_| true);
                proptest::prop_assert!(valid, "{r:?}");
            }
        }


        /// Legacy text is never called UTF-8, cut anywhere.
        #[test]
        fn legacy_text_is_never_utf8(cut in 0usize..200, which in 0usize..4) {
            let (enc, text) = [
                (encoding_rs::WINDOWS_1252, "Für die Straße und „Grüße“ an Müller, ähnlich schön. "),
                (encoding_rs::WINDOWS_1251, "Съешь же ещё этих мягких французских булок, да выпей чаю. "),
                (encoding_rs::SHIFT_JIS, "日本語のテキストです。東京で会議が開かれました。"),
                (encoding_rs::WINDOWS_1250, "Příliš žluťoučký kůň úpěl ďábelské ódy. "),
            ][which];
            let text = text.repeat(4);
            let (bytes, _, _) = enc.encode(&text);
            let bytes = &bytes[..cut.min(bytes.len())];
            if let Ok((_, r)) = decode(bytes, &DecodeOptions::default()) {
                proptest::prop_assert!(r.encoding != "UTF-8" || bytes.is_ascii(), "{r:?}");
            }
        }
    }

    #[test]
    fn arbitrary_prefixes_never_panic() {
        let mut bytes = Vec::new();
        for i in 0..600u32 {
            bytes.push((i.wrapping_mul(7919) % 251) as u8);
        }
        for n in 0..bytes.len() {
            let _ = detect(&bytes[..n], &DecodeOptions::default());
            let _ = decode(&bytes[n..], &hint_opts("lang:ja"));
        }
    }
}
