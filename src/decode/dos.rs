//! DOS (OEM) code pages: their tables, their names, and the rule that answers one.
//!
//! `encoding_rs` holds one DOS code page (IBM866); the others come from the `oem_cp`
//! crate's decoding tables (the bytes 0x80–0xFF; 0x00–0x7F are ASCII). chardetng never
//! answers a DOS code page, so a DOS file comes out as the windows-125x reading it proposes:
//! `für` in IBM437 reads `f\u{81}r`, `zażółć` in IBM852 reads `za╛ˇ│Ć`-like soup. The rule
//! reads the window in each DOS code page and answers one only on clear evidence: its
//! reading is one language's text and beats the current reading clearly, or box-drawing
//! bytes (0xB0–0xDF) draw frames and lines, as DOS screens and text files did.

use super::alphabet;
use super::rescue::{self, HighHalf};
use crate::config::{Charset, DosCodePage};
use encoding_rs::Encoding;

impl DosCodePage {
    /// Every page, in the order ties go (the commonest first).
    pub const ALL: [DosCodePage; 13] = [
        DosCodePage::Cp437,
        DosCodePage::Cp850,
        DosCodePage::Cp865,
        DosCodePage::Cp860,
        DosCodePage::Cp863,
        DosCodePage::Cp861,
        DosCodePage::Cp852,
        DosCodePage::Cp857,
        DosCodePage::Cp775,
        DosCodePage::Cp855,
        DosCodePage::Cp737,
        DosCodePage::Cp869,
        DosCodePage::Cp862,
    ];

    /// Whether detection answers the page: the Latin and Cyrillic ones. The Greek and
    /// Hebrew pages read other encodings' bytes as plausible letters of their script
    /// (Vietnamese windows-1258 as Greek) too often; `--encoding` decodes them.
    fn detectable(self) -> bool {
        !matches!(
            self,
            DosCodePage::Cp737 | DosCodePage::Cp869 | DosCodePage::Cp862
        )
    }

    /// The code page's number.
    pub fn number(self) -> u16 {
        match self {
            DosCodePage::Cp437 => 437,
            DosCodePage::Cp737 => 737,
            DosCodePage::Cp775 => 775,
            DosCodePage::Cp850 => 850,
            DosCodePage::Cp852 => 852,
            DosCodePage::Cp855 => 855,
            DosCodePage::Cp857 => 857,
            DosCodePage::Cp860 => 860,
            DosCodePage::Cp861 => 861,
            DosCodePage::Cp862 => 862,
            DosCodePage::Cp863 => 863,
            DosCodePage::Cp865 => 865,
            DosCodePage::Cp869 => 869,
        }
    }

    /// The name reports and records give: `IBM` and the number, as `encoding_rs` names
    /// IBM866 (and as the IANA registry names most of them).
    pub fn name(self) -> &'static str {
        match self {
            DosCodePage::Cp437 => "IBM437",
            DosCodePage::Cp737 => "IBM737",
            DosCodePage::Cp775 => "IBM775",
            DosCodePage::Cp850 => "IBM850",
            DosCodePage::Cp852 => "IBM852",
            DosCodePage::Cp855 => "IBM855",
            DosCodePage::Cp857 => "IBM857",
            DosCodePage::Cp860 => "IBM860",
            DosCodePage::Cp861 => "IBM861",
            DosCodePage::Cp862 => "IBM862",
            DosCodePage::Cp863 => "IBM863",
            DosCodePage::Cp865 => "IBM865",
            DosCodePage::Cp869 => "IBM869",
        }
    }

    /// The page a label names: `cp437`, `ibm437`, `437`, `dos437`, `oem437` (compacted:
    /// lowercase, no separators).
    pub fn from_compact_label(key: &str) -> Option<DosCodePage> {
        let digits = ["cp", "ibm", "dos", "oem", "csibm"]
            .iter()
            .find_map(|p| key.strip_prefix(p))
            .unwrap_or(key);
        let number: u16 = digits.parse().ok()?;
        Self::ALL.into_iter().find(|p| p.number() == number)
    }

    /// The characters of the bytes 0x80–0xFF (U+FFFD where the page has none).
    pub fn table(self) -> [char; 128] {
        use oem_cp::code_table as t;
        let complete: &[char; 128] = match self {
            DosCodePage::Cp437 => &t::DECODING_TABLE_CP437,
            DosCodePage::Cp737 => &t::DECODING_TABLE_CP737,
            DosCodePage::Cp775 => &t::DECODING_TABLE_CP775,
            DosCodePage::Cp850 => &t::DECODING_TABLE_CP850,
            DosCodePage::Cp852 => &t::DECODING_TABLE_CP852,
            DosCodePage::Cp855 => &t::DECODING_TABLE_CP855,
            DosCodePage::Cp857 => {
                return t::DECODING_TABLE_CP857.map(|c| c.unwrap_or('\u{FFFD}'));
            }
            DosCodePage::Cp860 => &t::DECODING_TABLE_CP860,
            DosCodePage::Cp861 => &t::DECODING_TABLE_CP861,
            DosCodePage::Cp862 => &t::DECODING_TABLE_CP862,
            DosCodePage::Cp863 => &t::DECODING_TABLE_CP863,
            DosCodePage::Cp865 => &t::DECODING_TABLE_CP865,
            DosCodePage::Cp869 => &t::DECODING_TABLE_CP869,
        };
        *complete
    }
}

/// Decode `bytes` with `page`: the text and the number of bytes the page has no character
/// for (each becomes U+FFFD).
pub(super) fn decode(page: DosCodePage, bytes: &[u8]) -> (String, usize) {
    let table = page.table();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut missing = 0;
    for &b in bytes {
        if b.is_ascii() {
            text.push(char::from(b));
        } else {
            let c = table[usize::from(b - 0x80)];
            missing += usize::from(c == '\u{FFFD}');
            text.push(c);
        }
    }
    (text, missing)
}

/// How many box-drawing characters a reading must draw to count as a DOS screen on its
/// own, whatever the letters say.
const FRAME: usize = 8;

/// How much a DOS reading must beat the current one by.
const MARGIN: i64 = 4;

/// The DOS code page (or IBM866) whose reading of `window` is clearly better than
/// `current`'s, if any. `current` is the cascade's answer so far (`fits`: its reading is
/// one language's text).
pub(super) fn rescue(current: &'static Encoding, fits: bool, window: &[u8]) -> Option<Charset> {
    let non_ascii = window.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii < 4 {
        return None;
    }
    // A double-byte guess is CJK text or nothing a DOS page would read better.
    if !current.is_single_byte() {
        return None;
    }
    // A reading that is already one language's text leaves only a drawn frame to argue
    // (checked first on every byte a page may draw with, 0xB0–0xDF, as a cheap gate).
    // Mac OS Roman, a rescue on weak evidence, reads DOS accents at 0x80–0x9F as letters
    // too: the scores decide between them.
    let current_fits = fits && current != encoding_rs::MACINTOSH;
    let drawn = frame_chars(window, |b| (0xB0..=0xDF).contains(&b));
    if current_fits && drawn < FRAME {
        return None;
    }
    let mut counts = [0usize; 128];
    for &b in window {
        if !b.is_ascii() {
            counts[usize::from(b - 0x80)] += 1;
        }
    }
    let now_table = rescue::high_half(current)?;
    let now = alphabet::reading(&now_table, window, &counts).total;
    let mut candidates: Vec<(Charset, HighHalf)> = DosCodePage::ALL
        .iter()
        .filter(|p| p.detectable())
        .map(|&p| (Charset::Dos(p), HighHalf::from(p.table())))
        .collect();
    if current != encoding_rs::IBM866
        && let Some(t) = rescue::high_half(encoding_rs::IBM866)
    {
        // Before the other Cyrillic page (IBM855).
        let at = candidates.len() - 1;
        candidates.insert(at, (Charset::Web(encoding_rs::IBM866), t));
    }
    let mut best: Option<(i64, Charset)> = None;
    for (charset, table) in &candidates {
        // Its letters are one language's, and half the non-ASCII bytes at least are
        // letters unless it draws (checked on the byte counts first: most pages fail
        // without a pass over the window).
        let (letters, fit) = alphabet::alphabet_fit(table, &counts);
        if (letters - fit) * 20 > letters || (letters * 2 < non_ascii && drawn < FRAME) {
            continue;
        }
        let r = alphabet::reading(table, window, &counts);
        let frame = frame_chars(window, |b| is_box(table, b));
        // The characters that are not box drawing read as words, and it beats the current
        // reading clearly.
        let words = r.plausibility * 4
            >= i64::try_from(non_ascii - frame.min(non_ascii)).unwrap_or(i64::MAX);
        let total = r.total + 2 * i64::try_from(frame).unwrap_or(i64::MAX);
        let evidence = !current_fits || frame >= FRAME;
        if words && evidence && total > now + MARGIN && best.is_none_or(|(b, _)| total > b) {
            best = Some((total, *charset));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `table` reads byte `b` as a box-drawing or block character.
fn is_box(table: &[char], b: u8) -> bool {
    !b.is_ascii() && ('\u{2500}'..='\u{259F}').contains(&table[usize::from(b - 0x80)])
}

/// Bytes that read as box-drawing and block characters (`is_box`) in `window` used as
/// such: a run of four or more that draws a line (three alike in a row: `╚═══╝`; letters
/// of another script are seldom thrice alike), or one or two standing between spaces and
/// line ends (`║ text ║`).
fn frame_chars(window: &[u8], is_box: impl Fn(u8) -> bool) -> usize {
    let blank = |b: Option<&u8>| b.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    let mut n = 0;
    let mut i = 0;
    while i < window.len() {
        if !is_box(window[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < window.len() && is_box(window[i]) {
            i += 1;
        }
        let run = &window[start..i];
        let line = run.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]);
        let standing = run.len() <= 2
            && blank(start.checked_sub(1).and_then(|s| window.get(s)))
            && blank(window.get(i));
        if (run.len() >= 4 && line) || standing {
            n += run.len();
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` in `page`, every character present in it.
    pub(crate) fn encode(page: DosCodePage, text: &str) -> Vec<u8> {
        let table = page.table();
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    let i = table
                        .iter()
                        .position(|&t| t == c)
                        .expect("a character of the page");
                    0x80 + i as u8
                }
            })
            .collect()
    }

    #[test]
    fn labels_name_pages() {
        for (label, page) in [
            ("cp437", DosCodePage::Cp437),
            ("ibm850", DosCodePage::Cp850),
            ("852", DosCodePage::Cp852),
            ("dos855", DosCodePage::Cp855),
            ("oem737", DosCodePage::Cp737),
        ] {
            assert_eq!(
                DosCodePage::from_compact_label(label),
                Some(page),
                "{label}"
            );
        }
        assert_eq!(DosCodePage::from_compact_label("cp866"), None);
        assert_eq!(DosCodePage::from_compact_label("cp1252"), None);
    }

    #[test]
    fn decoding_round_trips_and_marks_holes() {
        let text = "Grüße, ╔═╗ ½";
        assert_eq!(
            decode(DosCodePage::Cp437, &encode(DosCodePage::Cp437, text)).0,
            text
        );
        // IBM857 has no character at 0xD5.
        assert_eq!(
            decode(DosCodePage::Cp857, b"a\xD5b"),
            ("a\u{FFFD}b".to_owned(), 1)
        );
    }

    #[test]
    fn frames_count_only_when_drawn() {
        let table = DosCodePage::Cp437.table();
        let framed = encode(DosCodePage::Cp437, "╔════╗\n║ hi ║\n╚════╝\n");
        let drawn = |bytes: &[u8]| frame_chars(bytes, |b| is_box(&table, b));
        assert_eq!(drawn(&framed), 14);
        // Box characters inside a word are not a frame.
        assert_eq!(drawn(&encode(DosCodePage::Cp437, "ab╬cd")), 0);
    }
}
