//! The decode stage: bytes to UTF-8 text, with a report of how the encoding was decided.
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
//! 3. binary: a known binary signature (PNG, gzip, ELF, …), NUL bytes left over, or many
//!    other control bytes: the document is rejected, never decoded into garbage. Except
//!    `iso-2022-kr`, 7-bit Korean whose shift bytes are controls (its designator
//!    `ESC $ ) C` and a strict decode decide; encoding_rs does not have it), and
//!    `utf16-reading`: UTF-16 without NUL bytes (CJK text), whose low bytes are often
//!    controls, when one byte order reads as text and decodes strictly.
//! 4. `iso-2022-jp` or `iso-2022-kr` for 7-bit escapes, else `utf8`: the whole input is valid
//!    UTF-8 (SIMD validation), or valid up to a character cut off at the very end.
//! 5. `utf8-mixed`: valid UTF-8 runs with a few stray bytes, which are read as
//!    windows-1252 (`’` pasted into a UTF-8 page) instead of becoming U+FFFD.
//! 6. `guess`: chardetng on a window of at most 32 KiB starting at the first non-ASCII
//!    byte (fed the non-ASCII runs with their word's edges, 2 KiB of them at most), given
//!    the hint's domain; `hint` when weak evidence ties and a hinted encoding
//!    reads at least as well. Confidence grows with the non-ASCII characters seen (a
//!    double-byte encoding's count half its bytes) and drops when
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
//! 7d. `rescue-dos`: a DOS (OEM) code page (IBM437, 850, 852, 855, 866, …; see
//!    [`DosCodePage`]) whose reading is one language's text where the answer's is not, or
//!    whose box-drawing bytes draw frames and lines. Medium confidence at most.
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
mod dos;
mod guess;
mod iso2022kr;
mod labels;
mod mixed;
mod rescue;
mod wide;

pub use labels::{LabelError, parse_charset, parse_hint, parse_label};

use crate::config::{Charset, Config, DecodeOptions, DosCodePage, EncodingHint, EncodingMode};
use crate::document::{Confidence, Document, EncodingReport};
use crate::error::Reject;
use encoding_rs::Encoding;
use wide::Wide;

/// How many bytes of the guess window the rescue rules read: each reads it in a few
/// encodings, and a few hundred letters settle them.
const RESCUE_WINDOW: usize = 4 * 1024;

/// How many ASCII bytes before the first non-ASCII one the rescue rules read: the start
/// of its word, so that a symbol inside that word counts against a reading.
const RESCUE_CONTEXT: usize = 16;

/// How many plausibility points a declared encoding may trail the answer by and still be
/// taken: two case flips (`ТехноМир`) or symbols inside words.
const DECLARED_SLACK: i64 = 4;

/// The stage's name in change logs.
pub const STAGE: &str = "decode";

/// The decode stage: turns `doc.raw` into `doc.text`. Documents that arrived as text pass.
/// On a reject the raw bytes stay in the document, for the rejects file. A web page's
/// declared charset (a WARC record's Content-Type) is a hint when detection runs: the
/// cascade still decides, and leans towards it only where its evidence is weak.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let Some(raw) = &doc.raw else {
        return Ok(());
    };
    let declared = doc
        .web
        .as_ref()
        .and_then(|web| web.charset.as_deref())
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    let hinted;
    let opts = match (declared, config.decode.mode) {
        (Some(encoding), EncodingMode::Auto) => {
            hinted = DecodeOptions {
                mode: EncodingMode::Hint(EncodingHint {
                    encoding: Some(encoding),
                    tld: None,
                }),
                ..config.decode.clone()
            };
            &hinted
        }
        _ => &config.decode,
    };
    let decoded = cascade(raw, opts, Scope::Whole).map_err(|b| Reject::Binary(b.reason))?;
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
    match forced {
        Some(Charset::Web(enc)) => {
            return Ok(with_encoding(enc, bytes, "forced", Confidence::Certain, 0));
        }
        Some(Charset::Dos(page)) => {
            return Ok(with_dos(page, bytes, "forced", Confidence::Certain, 0));
        }
        None => {}
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
    if let Some(refused) = binary::refusal(bytes) {
        // 3a. Unless it is ISO-2022-KR, whose shift bytes (SO, SI) are control bytes: its
        //     designator and a strict decode decide (checked here and among the 7-bit
        //     encodings below, so that other input pays no extra scan).
        if let Some(d) = iso_2022_kr(bytes) {
            return Ok(d);
        }
        // 3b. Or UTF-16 without NULs (CJK text with no ASCII), whose low bytes
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
            && let Some(d) = iso_2022_jp(bytes).or_else(|| iso_2022_kr(bytes))
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

    // 7. Rescue rules for encodings chardetng never answers, on the window's start, with
    //    the ASCII letters before its first non-ASCII byte (the word it sits in).
    let context = first - first.saturating_sub(RESCUE_CONTEXT);
    let window = &bytes[first - context..(first - context + RESCUE_WINDOW).min(end)];
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
        && decodes_cleanly(
            decl,
            window,
            window.len() == bytes.len() - (first - context),
        )
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

    // 7d. A DOS code page (chardetng answers none but IBM866, and rarely that): its
    //     reading is one language's text where the answer's is not, or it draws frames.
    //     A declaration that decided stands. Whether the answer reads as one language is
    //     asked here once, for step 8 too.
    let fits = alphabet::reads_as_one_language(enc, window);
    if step != "declared"
        && let Some(charset) = dos::rescue(enc, fits, window)
    {
        let confidence = confidence.min(Confidence::Medium);
        let span = match scope {
            Scope::Whole => bytes,
            Scope::Decision => &bytes[..end],
        };
        let mut decoded = match charset {
            Charset::Dos(page) => with_dos(page, span, "rescue-dos", confidence, end),
            Charset::Web(enc) => with_encoding(enc, span, "rescue-dos", confidence, end),
        };
        if decoded.report.replacements > 0 {
            decoded.report.confidence = Confidence::Low;
        }
        return Ok(decoded);
    }

    // 8. "High" only for a reading of one language's text.
    if confidence == Confidence::High && !fits {
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

/// ISO-2022-KR, when the input holds its designator and decodes strictly.
fn iso_2022_kr(bytes: &[u8]) -> Option<Decoded> {
    let text = iso2022kr::decode(bytes)?;
    Some(Decoded {
        text,
        report: EncodingReport {
            encoding: "ISO-2022-KR",
            detected_by: "iso-2022-kr",
            confidence: Confidence::High,
            replacements: 0,
        },
        examined: bytes.len(),
        stray: 0,
    })
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

fn with_dos(
    page: DosCodePage,
    bytes: &[u8],
    detected_by: &'static str,
    confidence: Confidence,
    examined: usize,
) -> Decoded {
    let (text, replacements) = dos::decode(page, bytes);
    Decoded {
        text,
        report: EncodingReport {
            encoding: page.name(),
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
mod tests;
