//! The guess: chardetng on a bounded window of the input, fed the evidence only, steered by
//! the hint's domain, with the hint's label breaking weak ties.

use super::rescue;
use crate::config::EncodingHint;
use crate::document::Confidence;
use encoding_rs::Encoding;

/// How many bytes chardetng sees, starting at the first non-ASCII byte. About 2 ms of
/// chardetng at most, whatever the size of the input.
pub(super) const GUESS_WINDOW: usize = 32 * 1024;

/// How many bytes of evidence chardetng is fed at most. chardetng's cost grows with what
/// it is fed; dense scripts (Cyrillic, Greek, CJK) give as much evidence as the window
/// holds, and Latin text gives hundreds of words in 2 KiB. On the public sets, 2 KiB
/// instead of the whole window changed no answer and took detection from 750 to 260 µs
/// per file (BENCHMARKS.md).
const EVIDENCE_CAP: usize = 2 * 1024;

/// chardetng's answer and how sure it is.
pub(super) struct Guess {
    /// The encoding.
    pub enc: &'static Encoding,
    /// How sure: grows with the non-ASCII bytes seen, drops when the hint decided.
    pub confidence: Confidence,
    /// `guess` or `hint`.
    pub step: &'static str,
    /// Where the window starts (the first non-ASCII byte).
    pub first: usize,
    /// Where it ends.
    pub end: usize,
    /// Non-ASCII bytes in the window.
    pub non_ascii: usize,
}

/// chardetng on a window of at most [`GUESS_WINDOW`] bytes from the first non-ASCII byte.
pub(super) fn guess(bytes: &[u8], hint: Option<&EncodingHint>) -> Guess {
    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let end = bytes.len().min(first + GUESS_WINDOW);
    let window = &bytes[first..end];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The end of the input ends the stream for chardetng, unless the input ends inside a
    // non-ASCII run: a scraped page cut in the middle of a character would then count as
    // malformed and rule out the double-byte encoding it is written in.
    let fed = evidence(window);
    let fed = &fed[..fed.len().min(EVIDENCE_CAP)];
    let last =
        end == bytes.len() && fed.len() < EVIDENCE_CAP && bytes.last().is_none_or(u8::is_ascii);
    detector.feed(fed, last);
    let deny = chardetng::Utf8Detection::Deny;
    let tld = hint
        .and_then(|h| h.tld)
        .filter(|t| t.iter().all(u8::is_ascii_lowercase));
    let plain = detector.guess(None, deny);
    let mut enc = tld.map_or(plain, |t| detector.guess(Some(&t), deny));
    let non_ascii = window.iter().filter(|b| !b.is_ascii()).count();
    // Evidence is counted in characters: a double-byte encoding's reading of 64 bytes is
    // 32 characters, and any bytes make some valid GBK (EUC-TW and Johab text read as
    // ideographs).
    let characters = if enc.is_single_byte() {
        non_ascii
    } else {
        non_ascii / 2
    };
    let mut confidence = match characters {
        0..=7 => Confidence::Low,
        8..=63 => Confidence::Medium,
        _ => Confidence::High,
    };
    let mut step = "guess";
    if enc != plain {
        // The hint changed the answer: the bytes alone did not settle it.
        confidence = confidence.min(Confidence::Medium);
    }
    if confidence == Confidence::Low
        && let Some(hinted) = hint.and_then(|h| h.encoding)
        && hinted != enc
        && reads_as_well(hinted, enc, window)
    {
        enc = hinted;
        step = "hint";
    }
    Guess {
        enc,
        confidence,
        step,
        first,
        end,
        non_ascii,
    }
}

/// What chardetng is fed of `window`: each run of non-ASCII bytes with up to
/// [`EVIDENCE_REACH`] bytes of its word on either side (with the whitespace byte before the
/// word when the piece starts the word, after a space otherwise; runs that close share a
/// piece), in order. ASCII reads the same in every encoding chardetng weighs, so the rest
/// of a German or French text only costs it time; the bytes next to a run are what it
/// scores the run's characters against. Cutting only inside ASCII stretches longer than
/// twice the reach never splits a character of the double-byte encodings (whose second
/// byte may be ASCII: it follows its first at once). When the pieces are most of the
/// window, the window is fed as it is.
///
/// Two bytes is the least reach that keeps chardetng's guess: on the evaluation texts cut
/// every 24 bytes (4,706 inputs in 21 legacy encodings) one byte changed 22 guesses, two
/// none, as whole words did (a test checks that).
fn evidence(window: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(p) = next_non_ascii(window, at) {
        let start = window[at..p]
            .iter()
            .rposition(|&b| is_space(b))
            .map_or(at, |i| at + i);
        let end = window[p..]
            .iter()
            .position(|&b| is_space(b))
            .map_or(window.len(), |i| p + i);
        let word = &window[..end];
        let mut run = p;
        let mut piece_start = start.max(p.saturating_sub(EVIDENCE_REACH));
        loop {
            let run_end = word[run..]
                .iter()
                .position(u8::is_ascii)
                .map_or(end, |i| run + i);
            let piece_end = (run_end + EVIDENCE_REACH).min(end);
            let next = next_non_ascii(word, run_end);
            if let Some(n) = next
                && n <= piece_end + EVIDENCE_REACH
            {
                run = n;
                continue;
            }
            if piece_start > start {
                pieces.push(b' ');
            }
            pieces.extend_from_slice(&window[piece_start..piece_end]);
            let Some(n) = next else { break };
            piece_start = n - EVIDENCE_REACH;
            run = n;
        }
        if pieces.len() * 2 > window.len() {
            return std::borrow::Cow::Borrowed(window);
        }
        at = end;
    }
    std::borrow::Cow::Owned(pieces)
}

/// How many bytes on either side of a run of non-ASCII bytes chardetng is fed
/// ([`evidence`]).
const EVIDENCE_REACH: usize = 2;

/// The position of the first non-ASCII byte of `bytes` at or after `from`, if any.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let at = crate::scan::next_non_ascii(bytes, from);
    (at < bytes.len()).then_some(at)
}

/// Whether `hinted` reads `window` at least as naturally as `guessed`.
fn reads_as_well(hinted: &'static Encoding, guessed: &'static Encoding, window: &[u8]) -> bool {
    let (h, h_errors) = hinted.decode_without_bom_handling(window);
    let (g, _) = guessed.decode_without_bom_handling(window);
    !h_errors && rescue::plausibility(&h) >= rescue::plausibility(&g)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// chardetng guesses the same from the evidence as from the whole window, on the
    /// evaluation texts (46 languages) in every legacy encoding that can write them, whole
    /// and cut every 24 bytes from 64 to 1,100.
    #[test]
    fn the_evidence_fed_to_chardetng_gives_the_guess_of_the_window() {
        let guess = |bytes: &[u8], last: bool| {
            let mut d = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            d.feed(bytes, last);
            d.guess(None, chardetng::Utf8Detection::Deny)
        };
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/encodings/text");
        let labels = [
            "windows-1250",
            "windows-1251",
            "windows-1252",
            "windows-1253",
            "windows-1254",
            "windows-1255",
            "windows-1256",
            "windows-1257",
            "windows-1258",
            "windows-874",
            "iso-8859-2",
            "iso-8859-5",
            "iso-8859-7",
            "koi8-r",
            "koi8-u",
            "ibm866",
            "shift_jis",
            "euc-jp",
            "euc-kr",
            "gbk",
            "big5",
        ];
        let mut compared = 0;
        let mut shorter = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for label in labels {
                let enc = Encoding::for_label(label.as_bytes()).unwrap();
                let (bytes, _, unmappable) = enc.encode(&text);
                if unmappable || bytes.is_ascii() {
                    continue;
                }
                let cuts = (64..1100).step_by(24).chain([bytes.len()]);
                for cut in cuts.filter(|&cut| cut <= bytes.len()) {
                    let bytes = &bytes[..cut];
                    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
                    let end = bytes.len().min(first + GUESS_WINDOW);
                    let window = &bytes[first..end];
                    let fed = evidence(window);
                    shorter += usize::from(fed.len() < window.len());
                    assert_eq!(
                        guess(&fed, true),
                        guess(window, true),
                        "{label}: {text:.60}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(
            compared > 4000 && shorter > 1000,
            "{compared} compared, {shorter} shortened"
        );
    }

    #[test]
    fn evidence_is_the_non_ascii_bytes_in_their_words() {
        let window =
            "Müller sagte heute, dass die Straße offen ist und bleibt, weil es so gesagt wurde."
                .as_bytes();
        // Two bytes of the word on either side of each run, a space before a cut piece.
        assert_eq!(&*evidence(window), "Müll raße".as_bytes());
        // Runs closer than twice the reach share a piece; others are cut apart.
        assert_eq!(
            &*evidence("x Ausführungsbestimmungsänderung y".repeat(3).as_bytes()),
            " sführ gsänd".repeat(3).as_bytes()
        );
        let padded = format!("{} Grüße {}", "a".repeat(40), "b".repeat(40));
        assert_eq!(&*evidence(padded.as_bytes()), " Grüße".as_bytes());
        assert_eq!(next_non_ascii(b"abcdefghij\xC3", 0), Some(10));
        assert_eq!(next_non_ascii(b"abc", 0), None);
        // A window that is mostly such words is fed whole.
        let dense = "Grüße für Müller".as_bytes();
        assert_eq!(&*evidence(dense), dense);
    }
}
