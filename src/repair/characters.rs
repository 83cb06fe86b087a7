//! Character-level fixes that need no context: C1 controls, ligatures, fullwidth forms,
//! curly quotes and terminal escapes.

use super::charsets;
use regex::Regex;
use std::sync::LazyLock;

/// Apply `map` to every character; `None` when nothing changed.
fn map_chars(text: &str, map: impl Fn(char) -> Option<&'static str>) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut count = 0;
    let mut at = 0;
    for (i, c) in text.char_indices() {
        if let Some(to) = map(c) {
            out.push_str(&text[at..i]);
            out.push_str(to);
            at = i + c.len_utf8();
            count += 1;
        }
    }
    if count == 0 {
        return None;
    }
    out.push_str(&text[at..]);
    Some((out, count))
}

/// C1 controls become the windows-1252 characters of their bytes: Latin-1 text that was
/// really windows-1252. Controls windows-1252 leaves undefined stay.
pub(crate) fn c1_controls(text: &str) -> Option<(String, usize)> {
    // C1 controls are C2 80–C2 9F in UTF-8, and 0xC2 only ever starts a character.
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut count = 0;
    let mut at = 0;
    for i in memchr::memchr_iter(0xC2, bytes) {
        let Some(&low @ 0x80..=0x9F) = bytes.get(i + 1) else {
            continue;
        };
        if let Some(to) = charsets::c1_as_cp1252(char::from(low)) {
            out.push_str(&text[at..i]);
            out.push(to);
            at = i + 2;
            count += 1;
        }
    }
    if count == 0 {
        return None;
    }
    out.push_str(&text[at..]);
    Some((out, count))
}

/// The Latin ligatures of the Alphabetic Presentation Forms block become their letters.
pub(crate) fn ligatures(text: &str) -> Option<(String, usize)> {
    // Every ligature starts with byte 0xEF in UTF-8.
    memchr::memchr(0xEF, text.as_bytes())?;
    map_chars(text, |c| match c {
        'ﬀ' => Some("ff"),
        'ﬁ' => Some("fi"),
        'ﬂ' => Some("fl"),
        'ﬃ' => Some("ffi"),
        'ﬄ' => Some("ffl"),
        'ﬅ' => Some("ſt"),
        'ﬆ' => Some("st"),
        _ => None,
    })
}

/// Fullwidth ASCII (U+FF01–U+FF5E) and the ideographic space become ASCII.
pub(crate) fn fullwidth(text: &str) -> Option<(String, usize)> {
    // Fullwidth forms start with byte 0xEF, the ideographic space with 0xE3.
    memchr::memchr2(0xEF, 0xE3, text.as_bytes())?;
    let mut out = String::new();
    let mut count = 0;
    let mut at = 0;
    for (i, c) in text.char_indices() {
        let to = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' => Some(' '),
            _ => None,
        };
        if let Some(to) = to {
            out.push_str(&text[at..i]);
            out.push(to);
            at = i + c.len_utf8();
            count += 1;
        }
    }
    if count == 0 {
        return None;
    }
    out.push_str(&text[at..]);
    Some((out, count))
}

/// Curly quotes become ASCII quotes.
pub(crate) fn uncurl_quotes(text: &str) -> Option<(String, usize)> {
    // Every curly quote starts with byte 0xE2 in UTF-8.
    memchr::memchr(0xE2, text.as_bytes())?;
    map_chars(text, |c| match c {
        '‘' | '’' | '‚' | '‛' => Some("'"),
        '“' | '”' | '„' | '‟' => Some("\""),
        _ => None,
    })
}

/// ANSI terminal escapes (colour and cursor control sequences) are removed.
pub(crate) fn terminal_escapes(text: &str) -> Option<(String, usize)> {
    static CSI: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\x1b\[[0-?]*[ -/]*[@-~]").expect("static regex"));
    memchr::memchr(0x1B, text.as_bytes())?;
    let count = CSI.find_iter(text).count();
    (count > 0).then(|| (CSI.replace_all(text, "").into_owned(), count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(f: fn(&str) -> Option<(String, usize)>, s: &str) -> String {
        f(s).map_or_else(|| s.to_owned(), |(s, _)| s)
    }

    #[test]
    fn character_fixes() {
        assert_eq!(
            apply(c1_controls, "\u{84}Hallo\u{93} \u{81}"),
            "„Hallo“ \u{81}"
        );
        assert_eq!(apply(ligatures, "signiﬁcant ﬂow"), "significant flow");
        assert_eq!(
            apply(fullwidth, "Ｈｅｌｌｏ，\u{3000}ｗｏｒｌｄ"),
            "Hello, world"
        );
        assert_eq!(apply(uncurl_quotes, "„Er sagt’s“"), "\"Er sagt's\"");
        assert_eq!(
            apply(terminal_escapes, "\x1b[1;31mred\x1b[0m text"),
            "red text"
        );
        assert_eq!(c1_controls("plain"), None);
        // Only C2 80–C2 9F: not the no-break space (C2 A0), not 0x80–0x9F after another
        // lead byte (`Â` is C3 82, `€` E2 82 AC), not an undefined byte; at either end too.
        assert_eq!(
            c1_controls("\u{80}\u{A0}Â€\u{9F}"),
            Some(("€\u{A0}Â€Ÿ".to_owned(), 2))
        );
        assert_eq!(c1_controls("\u{81}\u{8D}\u{A0}¬"), None);
    }
}
