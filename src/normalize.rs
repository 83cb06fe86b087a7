//! Stage: normalize, one canonical form for the same text.
//!
//! In order: CRLF and CR become LF; NBSP and the other Unicode spaces become a plain space;
//! invisible characters (zero-width space, word joiner, BOM, soft hyphen) are removed, and
//! the zero-width (non-)joiner too where it stands between Latin letters (elsewhere it
//! shapes emoji and Indic or Persian text and stays); control characters except tab and
//! newline are removed; the text is brought to NFC (or NFKC); trailing whitespace is
//! trimmed from every line; runs of blank lines become one; blank lines at the start and
//! end go.

use crate::config::{Config, Normalization};
use crate::document::Document;
use crate::error::Reject;
use icu_normalizer::ComposingNormalizerBorrowed;

/// The stage's name in change logs.
pub const STAGE: &str = "normalize";

/// The normalize stage: normalizes the title (as one line) and the text.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let mut counts = Counts::default();
    if let Some(title) = doc.title.take() {
        let title = normalize_title(title, config.normalization, &mut counts);
        doc.title = (!title.is_empty()).then_some(title);
    }
    let text = std::mem::take(&mut doc.text);
    doc.text = normalize_owned(text, config.normalization, &mut counts);
    counts.log(doc);
    Ok(())
}

/// How many of each change the stage made.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// CRLF or lone CR line ends.
    pub line_ends: usize,
    /// Unicode spaces replaced by U+0020.
    pub spaces: usize,
    /// Invisible characters removed.
    pub invisible: usize,
    /// Soft hyphens removed.
    pub soft_hyphens: usize,
    /// Control characters removed.
    pub controls: usize,
    /// Texts that were not in the normalization form.
    pub unicode_form: usize,
    /// Lines whose trailing whitespace was trimmed.
    pub trailing_ws: usize,
    /// Blank lines removed (runs collapsed, leading and trailing ones dropped).
    pub blank_lines: usize,
}

impl Counts {
    /// Add `other`'s counts.
    pub fn add(&mut self, other: &Counts) {
        self.line_ends += other.line_ends;
        self.spaces += other.spaces;
        self.invisible += other.invisible;
        self.soft_hyphens += other.soft_hyphens;
        self.controls += other.controls;
        self.unicode_form += other.unicode_form;
        self.trailing_ws += other.trailing_ws;
        self.blank_lines += other.blank_lines;
    }

    /// Log the counts as the normalize stage's changes.
    pub fn log(&self, doc: &mut Document) {
        doc.log(STAGE, "line ends", self.line_ends);
        doc.log(STAGE, "unicode spaces", self.spaces);
        doc.log(STAGE, "invisible characters", self.invisible);
        doc.log(STAGE, "soft hyphens", self.soft_hyphens);
        doc.log(STAGE, "control characters", self.controls);
        doc.log(STAGE, "unicode normalization", self.unicode_form);
        doc.log(STAGE, "trailing whitespace", self.trailing_ws);
        doc.log(STAGE, "blank lines", self.blank_lines);
    }
}

/// Normalize a title: as [`normalize_owned`], then one line of single spaces.
pub fn normalize_title(title: String, form: Normalization, counts: &mut Counts) -> String {
    let title = normalize_owned(title, form, counts);
    match one_line(&title) {
        std::borrow::Cow::Borrowed(_) => title,
        std::borrow::Cow::Owned(joined) => joined,
    }
}

/// Whether a title is already what joining its words with single spaces gives.
fn is_one_line(title: &str) -> bool {
    if title.starts_with(' ') || title.ends_with(' ') || title.contains("  ") {
        return false;
    }
    // Most titles have no byte that can start whitespace other than the space (beyond ASCII,
    // U+0085 and U+00A0 start with C2, U+1680 with E1, U+2000–U+205F with E2, U+3000 with
    // E3): the characters need not be looked at. (A fold without an early exit, which the
    // compiler vectorizes.)
    let may_start_whitespace = |b: u8| matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3);
    !title
        .bytes()
        .fold(false, |seen, b| seen | may_start_whitespace(b))
        || !title.chars().any(|c| c.is_whitespace() && c != ' ')
}

/// `line` as one line of single spaces (borrowed when it already is one).
pub(crate) fn one_line(line: &str) -> std::borrow::Cow<'_, str> {
    if is_one_line(line) {
        std::borrow::Cow::Borrowed(line)
    } else {
        std::borrow::Cow::Owned(line.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Normalize `text`, adding what was changed to `counts`.
pub fn normalize(text: &str, form: Normalization, counts: &mut Counts) -> String {
    normalize_owned(text.to_owned(), form, counts)
}

/// [`normalize`] for a string the caller gives up: text that is already clean is returned
/// as it came, without a copy.
pub fn normalize_owned(text: String, form: Normalization, counts: &mut Counts) -> String {
    let scan = scan(&text);
    let chars_done = if scan.char_pass {
        char_pass(&text, counts)
    } else {
        text
    };
    // The char pass only drops characters or turns them into spaces and line ends, so text
    // of NFC-safe characters stays so.
    let composed = match form {
        Normalization::None => chars_done,
        Normalization::Nfc if !scan.nfc_unsure => chars_done,
        Normalization::Nfc => match compose_marks_after_ascii(&chars_done) {
            Some(std::borrow::Cow::Borrowed(_)) => chars_done,
            Some(std::borrow::Cow::Owned(composed)) => {
                counts.unicode_form += 1;
                composed
            }
            None => compose(chars_done, ComposingNormalizerBorrowed::new_nfc(), counts),
        },
        Normalization::Nfkc => compose(chars_done, ComposingNormalizerBorrowed::new_nfkc(), counts),
    };
    lines_pass(composed, counts)
}

/// What one pass over the bytes found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Scan {
    /// Some character is one the char pass changes ([`handled_by_char_pass`]).
    char_pass: bool,
    /// Some character is outside [`nfc_safe`]: only the normalizer can tell whether the
    /// text is NFC.
    nfc_unsure: bool,
}

/// Characters that are in NFC whatever stands around them: starters (canonical combining
/// class 0) that are in NFC alone and that no canonical composition takes as its second
/// character, nor the first character of their decomposition (Unicode's NFC quick check
/// says Yes for each, and no Maybe character is among them), so that a text of them is in
/// NFC. Latin up to U+02FF; Greek, Cyrillic and Armenian (but the Greek signs NFC replaces,
/// U+0374–U+0387, and the Cyrillic combining marks); Hebrew and Arabic letters; Devanagari
/// but its nukta, virama, stress marks and the letters NFC decomposes; the general
/// punctuation and currency signs of European text (quotes, dashes, €) but U+2000 and
/// U+2001, which NFC replaces; letterlike symbols up to U+2125; arrows, mathematical and
/// technical signs, box drawing, shapes, symbols and dingbats; CJK punctuation, kana, bopomofo, CJK ideographs and
/// Hangul syllables (a trailing consonant after a syllable composes with it, but that consonant
/// is not on the list); private use; variation selectors, half- and fullwidth forms, the
/// BOM; emoji; and two characters
/// that mojibake is full of: the trademark sign, in which the mojibake of the apostrophe
/// ends (`â€™`), and U+FFFD, which a byte windows-1252 leaves undefined becomes
/// (`â€\u{FFFD}` for `”`). A conservative list: whatever is not on it goes to the
/// normalizer (`icu_normalizer`). Tests check it against the normalizer's data.
#[inline]
pub(crate) fn nfc_safe(c: char) -> bool {
    // Latin, Greek and basic Cyrillic first, inlined without the whole list.
    matches!(c, '\0'..='\u{2FF}' | '\u{388}'..='\u{482}') || nfc_safe_beyond_cyrillic(c)
}

/// [`nfc_safe`] from U+0483 on.
fn nfc_safe_beyond_cyrillic(c: char) -> bool {
    matches!(
        c,
        '\u{48A}'..='\u{58F}'
            | '\u{5D0}'..='\u{5FF}'
            | '\u{620}'..='\u{64A}'
            | '\u{900}'..='\u{93B}'
            | '\u{93D}'..='\u{94C}'
            | '\u{960}'..='\u{97F}'
            | '\u{2002}'..='\u{20CF}'
            | '\u{20F1}'..='\u{2125}'
            | '\u{2190}'..='\u{2328}'
            | '\u{232B}'..='\u{2ADB}'
            | '\u{2ADD}'..='\u{2CEE}'
            | '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{3098}'
            | '\u{309B}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{E000}'..='\u{F8FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE30}'..='\u{FFFD}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

/// One pass over `text` for both prefilters of the stage. Blocks of 32 bytes in which no
/// byte can start a character of interest are skipped whole (a test the compiler turns into
/// vector instructions); a table sends the rest to the characters' own tests. Once one
/// prefilter has its answer, the pass goes on looking only for the other's bytes.
#[multiversion::multiversion(targets("x86_64+avx2+bmi1+bmi2+lzcnt+popcnt"))]
fn scan(text: &str) -> Scan {
    // Bytes that may start a character that is not NFC-safe: lead bytes from U+0300 up.
    // Continuation bytes and the lead bytes of U+00C0–U+02FF never are (the lead byte of a
    // multi-byte character decides).
    fn nfc_lead(b: u8) -> bool {
        b >= 0xCC
    }
    let mut found = Scan::default();
    // Either kind (the char pass's lead bytes from 0xE1 up are among the NFC ones; so
    // written, the block test vectorizes).
    let either =
        |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7F) | (b == 0xC2) | nfc_lead(b);
    let i = scan_from(text, 0, &mut found, either);
    if found.char_pass != found.nfc_unsure {
        if found.char_pass {
            scan_from(text, i, &mut found, nfc_lead);
        } else {
            scan_from(text, i, &mut found, char_pass_lead);
        }
    }
    found
}

/// [`scan`] from byte `i` (a character boundary, or inside a character whose lead byte was
/// not `notable`) until `found` gains a flag or the text ends; returns where it stopped.
/// `notable` must hold for the lead byte of every character that would add the flags still
/// missing.
#[inline(always)]
fn scan_from(text: &str, mut i: usize, found: &mut Scan, notable: impl Fn(u8) -> bool) -> usize {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let before = *found;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + BLOCK) {
            let block: &[u8; BLOCK] = block.try_into().expect("a block");
            if block.iter().fold(0u8, |any, &b| any | u8::from(notable(b))) == 0 {
                // This may stop inside a character: its continuation bytes are skipped below.
                i += BLOCK;
                continue;
            }
            // The first notable byte starts a character. (Its index is read off a bit mask
            // of the block, which vectorizes; a search byte by byte does not.)
            let mask = block
                .iter()
                .enumerate()
                .fold(0u32, |m, (k, &b)| m | (u32::from(notable(b)) << k));
            i += mask.trailing_zeros() as usize;
        }
        // Character by character from there, while the characters need no decoding: a
        // word of Cyrillic or CJK is passed here, without going back to the blocks for
        // each of its characters; an ASCII byte is stepped over and the blocks take over.
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\n' | b'\t' | 0x20..=0x7E => {
                    i += 1;
                    break;
                }
                // Continuation bytes are skipped with their lead byte.
                0x80..=0xBF => i += 1,
                // Latin letters U+00C0–U+02FF, Greek and Cyrillic U+03C0–U+047F, Cyrillic and
                // Armenian U+04C0–U+057F: NFC-safe, never the char pass's.
                0xC3..=0xCB | 0xCF..=0xD1 | 0xD3..=0xD5 => i += 2,
                // CJK U+4000–U+9FFF, Hangul syllables U+B000–U+CFFF: the same.
                0xE4..=0xE9 | 0xEB | 0xEC => i += 3,
                // Dashes, quotes, bullets and the ellipsis (U+2010–U+2027), per mille to the
                // reference mark (U+2030–U+203F), currency signs (U+20A0–U+20BF): NFC-safe
                // and never the char pass's, and in every other line of news text.
                0xE2 if matches!(
                    (bytes.get(i + 1), bytes.get(i + 2)),
                    (Some(0x80), Some(0x90..=0xA7 | 0xB0..=0xBF))
                        | (Some(0x82), Some(0xA0..=0xBF))
                ) =>
                {
                    i += 3;
                }
                _ => {
                    // `i` is a character boundary: ASCII bytes and lead bytes start
                    // characters.
                    let Some(c) = text[i..].chars().next() else {
                        return i;
                    };
                    found.char_pass |= handled_by_char_pass(c);
                    found.nfc_unsure |= !nfc_safe(c);
                    i += c.len_utf8();
                    if *found != before {
                        return i;
                    }
                }
            }
        }
    }
    i
}

/// NFC of decomposed Latin text, the common case beyond NFC-safe text (`fu\u{308}r`),
/// without the normalizer: `None` unless every character is [NFC-safe](nfc_safe) or a
/// combining mark of U+0300–U+036F right after an ASCII character (not U+0340, U+0341,
/// U+0343 or U+0344, which NFC replaces). What follows such a mark is NFC-safe or the end
/// (another mark would not follow an ASCII character), so the mark is alone: nothing
/// reorders it, and an ASCII character is its own decomposition, so the pair's canonical
/// composition (or the pair, where there is none) is what NFC makes of it. The normalize
/// stage and the repair prefilter (for every mark it scores) use it.
pub(crate) fn compose_marks_after_ascii(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    let bytes = text.as_bytes();
    let next_non_ascii = crate::scan::next_non_ascii;
    // Built at the first pair that composes, from the runs of text between such pairs.
    let mut composed: Option<String> = None;
    let mut copied = 0;
    let mut i = next_non_ascii(bytes, 0);
    while let Some(c) = text[i..].chars().next() {
        let end = i + c.len_utf8();
        if !nfc_safe(c) {
            let mark = matches!(c, '\u{300}'..='\u{33F}' | '\u{342}' | '\u{345}'..='\u{36F}');
            let base = match i.checked_sub(1).map(|p| bytes[p]) {
                Some(base) if mark && base.is_ascii() => char::from(base),
                _ => return None,
            };
            if let Some(pair) = compose_with_ascii(base, c) {
                let out = composed.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..i - 1]);
                out.push(pair);
                copied = end;
            }
        }
        i = next_non_ascii(bytes, end);
    }
    Some(match composed {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(text),
    })
}

/// The canonical composition of an ASCII character and a mark of U+0300–U+036F, asked of
/// the normalizer's data once per pair and process (its lookup costs more than the rest of
/// [`compose_marks_after_ascii`] per mark).
pub(crate) fn compose_with_ascii(base: char, mark: char) -> Option<char> {
    use std::sync::atomic::{AtomicU32, Ordering};
    const MARKS: usize = 0x70;
    const UNKNOWN: u32 = 0;
    const NONE: u32 = u32::MAX;
    static PAIRS: [AtomicU32; 128 * MARKS] = [const { AtomicU32::new(UNKNOWN) }; 128 * MARKS];
    let slot = &PAIRS[base as usize * MARKS + (mark as usize - 0x300)];
    match slot.load(Ordering::Relaxed) {
        UNKNOWN => {
            let composed =
                icu_normalizer::properties::CanonicalCompositionBorrowed::new().compose(base, mark);
            slot.store(composed.map_or(NONE, u32::from), Ordering::Relaxed);
            composed
        }
        NONE => None,
        known => char::from_u32(known),
    }
}

fn compose(
    text: String,
    normalizer: ComposingNormalizerBorrowed<'_>,
    counts: &mut Counts,
) -> String {
    match normalizer.normalize(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(composed) => {
            counts.unicode_form += 1;
            composed
        }
    }
}

/// The characters [`char_pass`] does not simply copy.
fn handled_by_char_pass(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' | '\u{200C}' | '\u{200D}' | '\u{AD}' => true,
        c => is_unicode_space(c) || is_invisible(c) || c.is_control(),
    }
}

fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Whether an ideographic space (U+3000) between `out` (the text before it, as passed) and
/// `rest` stays: the next character that is not one is CJK, and so is the one before, or
/// the space starts a line.
fn ideographic_space_stays(out: &str, rest: &str) -> bool {
    let next = rest.chars().find(|&c| c != '\u{3000}');
    let prev = out.chars().rev().find(|&c| c != '\u{3000}');
    next.is_some_and(is_cjk) && prev.is_none_or(|p| p == '\n' || is_cjk(p))
}

/// Han, kana, Hangul, CJK symbols and punctuation, and fullwidth forms.
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{2E80}'..='\u{2FDF}'
            | '\u{3001}'..='\u{303F}'
            | '\u{3040}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF01}'..='\u{FF60}'
            | '\u{20000}'..='\u{3134F}'
    )
}

/// Invisible characters that never carry meaning in text.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Characters the normalize stage drops wherever they stand (invisible characters, soft
/// hyphens, control characters other than line breaks and tabs).
pub fn is_dropped(c: char) -> bool {
    is_invisible(c) || c == '\u{AD}' || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

fn is_latin_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() || (c.is_alphabetic() && (c as u32) < 0x250))
}

/// Bytes that may start a character the char pass changes ([`handled_by_char_pass`]):
/// controls but tab and newline, DEL, the lead byte of U+0080–U+00BF, and the lead bytes of
/// the Unicode spaces, the zero-width characters and the BOM. (`&`, not `&&`: the block
/// tests that use it vectorize.)
fn char_pass_lead(b: u8) -> bool {
    (b < 0x20) & (b != b'\n') & (b != b'\t') | matches!(b, 0x7F | 0xC2 | 0xE1..=0xE3 | 0xEF)
}

#[multiversion::multiversion(targets("x86_64+avx2+bmi1+bmi2+lzcnt+popcnt"))]
fn char_pass(text: &str, counts: &mut Counts) -> String {
    let may_change = char_pass_lead;
    const BLOCK: usize = 32;
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    // `text[copied..i]` is still to be copied: runs of characters the pass keeps are copied
    // whole, and blocks without a byte that may start one it changes are skipped whole.
    let mut copied = 0;
    let mut i = 0;
    // The character starting at byte `at` (a `may_change` byte: ASCII or a lead byte),
    // passed if the pass changes it; returns where the text goes on.
    let mut visit = |at: usize, out: &mut String, copied: &mut usize| {
        // A carriage return, the commonest, is passed without decoding a character.
        if bytes[at] == b'\r' {
            out.push_str(&text[*copied..at]);
            let next = at + 1 + pass_char('\r', &text[at + 1..], out, counts);
            *copied = next;
            return next;
        }
        let c = text[at..]
            .chars()
            .next()
            .expect("a character at a lead byte");
        if !handled_by_char_pass(c) {
            return at + c.len_utf8();
        }
        out.push_str(&text[*copied..at]);
        let next = at + c.len_utf8();
        let next = next + pass_char(c, &text[next..], out, counts);
        *copied = next;
        next
    };
    while let Some(block) = bytes.get(i..i + BLOCK) {
        let block: &[u8; BLOCK] = block.try_into().expect("a block");
        if block
            .iter()
            .fold(0u8, |any, &b| any | u8::from(may_change(b)))
            == 0
        {
            // This may stop inside a character: its continuation bytes are skipped below.
            i += BLOCK;
            continue;
        }
        // A bit for each byte that may start a character the pass changes.
        let mut mask = block
            .iter()
            .enumerate()
            .fold(0u32, |m, (k, &b)| m | (u32::from(may_change(b)) << k));
        // Where the characters visited so far end.
        let mut pos = i;
        while mask != 0 {
            let at = i + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            // Bytes a character before took (the `\n` of a `\r\n`) are passed over.
            if at >= pos {
                pos = visit(at, &mut out, &mut copied);
            }
        }
        // This may stop inside a character: its continuation bytes have no bit.
        i = pos.max(i + BLOCK);
    }
    // The last bytes, fewer than a block, one by one.
    while i < bytes.len() {
        if may_change(bytes[i]) {
            i = visit(i, &mut out, &mut copied);
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// What the char pass makes of `c` (a [handled](handled_by_char_pass) character), with
/// `rest` the text after it and `out` what came before: appended to `out`, counted in
/// `counts`. Returns how many bytes of `rest` it took too (the `\n` of a `\r\n`).
fn pass_char(c: char, rest: &str, out: &mut String, counts: &mut Counts) -> usize {
    match c {
        '\r' => {
            out.push('\n');
            counts.line_ends += 1;
            return usize::from(rest.starts_with('\n'));
        }
        // The ideographic space is Chinese and Japanese text's own space: it stays between
        // CJK characters (and before one at the start of a line, where Japanese indents).
        '\u{3000}' if ideographic_space_stays(out, rest) => out.push(c),
        c if is_unicode_space(c) => {
            out.push(' ');
            counts.spaces += 1;
        }
        c if is_invisible(c) => counts.invisible += 1,
        '\u{200C}' | '\u{200D}' => {
            // Judge by the next character that stays.
            let next = rest.chars().find(|&n| !is_dropped(n));
            // Combining marks belong to the letter before them (NFC may fuse them).
            let prev = out
                .chars()
                .rev()
                .find(|p| !('\u{300}'..='\u{36F}').contains(p));
            if is_latin_letter(prev) && is_latin_letter(next) {
                counts.invisible += 1;
            } else {
                out.push(c);
            }
        }
        '\u{AD}' => counts.soft_hyphens += 1,
        c if c.is_control() => counts.controls += 1,
        c => out.push(c),
    }
    0
}

/// Trim trailing whitespace, collapse runs of blank lines, drop blank lines at both ends.
#[multiversion::multiversion(targets("x86_64+avx2+bmi1+bmi2+lzcnt+popcnt"))]
fn lines_pass(text: String, counts: &mut Counts) -> String {
    // One final newline ends the last line (as in any text file): dropping it from the
    // record's text is framing, not a change, and is not counted.
    let mut text = text;
    if text.ends_with('\n') && !text.ends_with("\n\n") {
        text.pop();
    }
    let bytes = text.as_bytes();
    let clean = !text.starts_with('\n')
        && !text.ends_with(['\n', ' ', '\t'])
        // One pass over the line ends: none after a space or tab, no three in a row.
        && memchr::memchr_iter(b'\n', bytes).all(|i| {
            !(i > 0 && matches!(bytes[i - 1], b' ' | b'\t'))
                && bytes.get(i + 1..i + 3) != Some(b"\n\n")
        });
    if clean {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let (mut blank_in, mut blank_out) = (0usize, 0usize);
    let mut pending_blank = false;
    // The lines as `split('\n')` gives them, found by memchr (the pattern searcher of
    // `split` costs more per line).
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain([text.len()]) {
        let line = &text[start..end];
        start = end + 1;
        let trimmed = line.trim_end_matches([' ', '\t']);
        if trimmed.len() != line.len() {
            counts.trailing_ws += 1;
        }
        if trimmed.is_empty() {
            blank_in += 1;
            pending_blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if pending_blank {
                out.push('\n');
                blank_out += 1;
            }
        }
        pending_blank = false;
        out.push_str(trimmed);
    }
    counts.blank_lines += blank_in - blank_out;
    out
}

#[cfg(test)]
mod tests;
