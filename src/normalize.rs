//! Stage 3, normalize: one canonical form for the same text.
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
        let title = normalize(&title, config.normalization, &mut counts);
        // A title is one line.
        let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
        doc.title = (!one_line.is_empty()).then_some(one_line);
    }
    doc.text = normalize(&doc.text, config.normalization, &mut counts);
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
    fn log(&self, doc: &mut Document) {
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

/// Normalize `text`, adding what was changed to `counts`.
pub fn normalize(text: &str, form: Normalization, counts: &mut Counts) -> String {
    let chars_done = if needs_char_pass(text) {
        char_pass(text, counts)
    } else {
        text.to_owned()
    };
    let composed = match form {
        Normalization::None => chars_done,
        Normalization::Nfc => compose(chars_done, ComposingNormalizerBorrowed::new_nfc(), counts),
        Normalization::Nfkc => compose(chars_done, ComposingNormalizerBorrowed::new_nfkc(), counts),
    };
    lines_pass(composed, counts)
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

/// Whether any character the char pass changes may occur (cheap check on the bytes).
fn needs_char_pass(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || b >= 0xC2)
}

fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
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

fn char_pass(text: &str, counts: &mut Counts) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                counts.line_ends += 1;
            }
            '\n' | '\t' => out.push(c),
            c if is_unicode_space(c) => {
                out.push(' ');
                counts.spaces += 1;
            }
            c if is_invisible(c) => counts.invisible += 1,
            '\u{200C}' | '\u{200D}' => {
                // Judge by the next character that stays.
                let next = chars.clone().find(|&n| !is_dropped(n));
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
    }
    out
}

/// Trim trailing whitespace, collapse runs of blank lines, drop blank lines at both ends.
fn lines_pass(text: String, counts: &mut Counts) -> String {
    // One final newline ends the last line (as in any text file): dropping it from the
    // record's text is framing, not a change, and is not counted.
    let text = match text.strip_suffix('\n') {
        Some(t) if !t.ends_with('\n') => t.to_owned(),
        _ => text,
    };
    let clean = !text.starts_with('\n')
        && !text.ends_with(['\n', ' ', '\t'])
        && !text.contains(" \n")
        && !text.contains("\t\n")
        && !text.contains("\n\n\n");
    if clean {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let (mut blank_in, mut blank_out) = (0usize, 0usize);
    let mut pending_blank = false;
    for line in text.split('\n') {
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
mod tests {
    use super::*;

    fn norm(s: &str) -> (String, Counts) {
        let mut counts = Counts::default();
        (normalize(s, Normalization::Nfc, &mut counts), counts)
    }

    #[test]
    fn clean_text_is_unchanged() {
        let s = "Titel\n\nErster Absatz mit Grüßen.\n\n\tEingerückt.";
        assert_eq!(norm(s), (s.to_owned(), Counts::default()));
    }

    #[test]
    fn crlf_nbsp_zero_width_soft_hyphen() {
        let (out, c) = norm("A\r\nB\rC\u{A0}D\u{200B}E\u{AD}F\u{7}");
        assert_eq!(out, "A\nB\nC DEF");
        assert_eq!(
            (
                c.line_ends,
                c.spaces,
                c.invisible,
                c.soft_hyphens,
                c.controls
            ),
            (2, 1, 1, 1, 1)
        );
    }

    #[test]
    fn nfd_is_composed() {
        let (out, c) = norm("Mu\u{308}ller");
        assert_eq!(out, "Müller");
        assert_eq!(c.unicode_form, 1);
    }

    #[test]
    fn joiners_stay_in_emoji() {
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(norm(family).0, family);
        assert_eq!(norm("ab\u{200D}cd").0, "abcd");
    }

    #[test]
    fn blank_lines_and_trailing_space() {
        let (out, c) = norm("\n\nA  \n\n\n\nB\t\n\n");
        assert_eq!(out, "A\n\nB");
        assert_eq!(c.trailing_ws, 2);
        assert_eq!(c.blank_lines, 6);
        assert_eq!(norm("A\n\nB\n"), ("A\n\nB".to_owned(), Counts::default()));
    }
}
