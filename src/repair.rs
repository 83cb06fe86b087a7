//! Stage 2, repair: undo damage that earlier software did to the text.
//!
//! - C1 control characters (U+0080–U+009F) become the windows-1252 characters their byte
//!   stands for: text decoded as Latin-1 when it was windows-1252.
//! - Mojibake: UTF-8 bytes that were decoded as windows-1252 (`UnterstÃ¼tzung`) are decoded
//!   again, one character at a time, and only where the result is a plausible character.
//! - HTML entities (`&amp;`, `&#252;`) are decoded, except in documents that are HTML.

use crate::config::{Config, RepairOptions};
use crate::document::Document;
use crate::error::Reject;
use std::borrow::Cow;

/// The stage's name in change logs.
pub const STAGE: &str = "repair";

/// How many layers of mojibake are undone at most.
const MAX_LAYERS: usize = 4;

/// One kind of repair and how often it was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What was done, e.g. `mojibake: utf-8 as windows-1252`.
    pub kind: &'static str,
    /// How many times.
    pub count: usize,
}

/// The repair stage: repairs the title and the text.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let mut fixes = Vec::new();
    if let Some(title) = &doc.title
        && let Cow::Owned(fixed) = repair(title, &config.repair, &mut fixes)
    {
        doc.title = Some(fixed);
    }
    if let Cow::Owned(fixed) = repair(&doc.text, &config.repair, &mut fixes) {
        doc.text = fixed;
    }
    for fix in fixes {
        doc.log(STAGE, fix.kind, fix.count);
    }
    Ok(())
}

/// Repair one string, appending what was done to `fixes`. Clean text is returned borrowed.
pub fn repair<'a>(text: &'a str, opts: &RepairOptions, fixes: &mut Vec<Fix>) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    // Prefilter: every repair here needs a non-ASCII character or an ampersand.
    if text.is_ascii() && !(opts.entities && text.contains('&')) {
        return out;
    }
    apply(&mut out, fixes, "c1 control", c1_controls);
    // Text can be damaged more than once; each pass undoes one layer.
    for _ in 0..MAX_LAYERS {
        let before = fixes.len();
        apply(&mut out, fixes, "mojibake: utf-8 as windows-1252", mojibake);
        if fixes.len() == before {
            break;
        }
    }
    if opts.entities && !looks_like_html(&out) {
        apply(&mut out, fixes, "html entity", entities);
    }
    out
}

fn apply(
    text: &mut Cow<'_, str>,
    fixes: &mut Vec<Fix>,
    kind: &'static str,
    f: fn(&str) -> Option<(String, usize)>,
) {
    if let Some((fixed, count)) = f(text) {
        *text = Cow::Owned(fixed);
        fixes.push(Fix { kind, count });
    }
}

/// The windows-1252 characters of bytes 0x80–0x9F (U+FFFD where windows-1252 has none).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

fn c1_controls(text: &str) -> Option<(String, usize)> {
    if !text.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)) {
        return None;
    }
    let mut count = 0;
    let out = text
        .chars()
        .map(|c| match c {
            '\u{80}'..='\u{9F}' => {
                let mapped = CP1252_HIGH[c as usize - 0x80];
                if mapped == '\u{FFFD}' {
                    c
                } else {
                    count += 1;
                    mapped
                }
            }
            c => c,
        })
        .collect();
    (count > 0).then_some((out, count))
}

/// The byte a character stood for when UTF-8 was misread as windows-1252 (or Latin-1).
fn as_cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..0x100).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c && h != '\u{FFFD}')
        .map(|i| 0x80 + i as u8)
}

/// Characters that mojibake repair may produce: Latin letters with diacritics, Latin-1
/// symbols and general punctuation. Anything else is too likely to be a false positive.
fn plausible(c: char) -> bool {
    matches!(c as u32, 0xA0..=0x24F | 0x2010..=0x2044 | 0x20AC | 0x2122)
}

fn mojibake(text: &str) -> Option<(String, usize)> {
    // A misread UTF-8 lead byte shows as one of Â..ô (0xC2..0xF4).
    if !text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some((c, used)) = utf8_sequence_at(&chars[i..]) {
            out.push(c);
            count += 1;
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (count > 0).then_some((out, count))
}

/// If `chars` starts with the windows-1252 reading of one plausible UTF-8 character,
/// return it and how many characters it spans. Characters inside the sequence that the
/// normalize stage drops (zero-width, soft hyphen, controls) are noise; they are skipped
/// here so that a later pass would not find a sequence this one missed.
fn utf8_sequence_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = as_cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut filled = 1;
    let mut used = 1;
    while filled < len {
        let c = *chars.get(used)?;
        used += 1;
        let Some(b) = as_cp1252_byte(c) else {
            if crate::normalize::is_dropped(c) {
                continue;
            }
            return None;
        };
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes[filled] = b;
        filled += 1;
    }
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    plausible(c).then_some((c, used))
}

/// A document is HTML when it has at least a few tags; entities there are markup.
fn looks_like_html(text: &str) -> bool {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)</?(html|body|div|p|span|a|br|table|td|tr|li|ul|script|head)\b[^>]*>",
        )
        .expect("static regex")
    });
    TAG.find_iter(text).take(3).count() >= 3
}

fn entities(text: &str) -> Option<(String, usize)> {
    static ENTITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
            .expect("static regex")
    });
    if !text.contains('&') {
        return None;
    }
    let mut count = 0;
    let out = ENTITY.replace_all(text, |caps: &regex::Captures<'_>| {
        let body = &caps[1];
        match entity_char(body) {
            Some(c) => {
                count += 1;
                c.to_string()
            }
            None => caps[0].to_owned(),
        }
    });
    match out {
        Cow::Owned(s) if count > 0 => Some((s, count)),
        _ => None,
    }
}

fn entity_char(body: &str) -> Option<char> {
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || *c == '\n' || *c == '\t');
    }
    Some(match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        repair(s, &RepairOptions::default(), &mut Vec::new()).into_owned()
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(
            fix("UnterstÃ¼tzung fÃ¼r MilitÃ¤r"),
            "Unterstützung für Militär"
        );
        assert_eq!(fix("Ã¢â‚¬Å“Hallo"), "“Hallo", "two layers");
    }

    #[test]
    fn c1_controls_become_windows_1252() {
        assert_eq!(fix("\u{84}Hallo\u{93}"), "„Hallo“");
    }

    #[test]
    fn entities_are_decoded_outside_html() {
        assert_eq!(fix("Fish &amp; Chips &#252; &#xFC;"), "Fish & Chips ü ü");
        let html = "<html><body><p>a &amp; b</p></body></html>";
        assert_eq!(fix(html), html);
    }

    #[test]
    fn clean_text_is_borrowed() {
        let s = "Größe „so“ – 5 € groß“";
        assert!(matches!(
            repair(s, &RepairOptions::default(), &mut Vec::new()),
            Cow::Borrowed(_)
        ));
    }
}
