//! HTML character references in text that is not HTML.
//!
//! Named references come from the full HTML5 table of the `htmlize` crate; numeric ones are
//! decoded here, 0x80–0x9F as windows-1252 as the HTML standard says. Only references with
//! their semicolon are decoded (`AT&T;` aside, a bare `&copy` in a URL is not a reference),
//! and an all-caps name the table lacks is read as its lowercase twin, uppercased
//! (`P&EACUTE;REZ`, from software that uppercased the markup).

use super::charsets;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A document is HTML when it has at least a few tags; entities there are markup.
pub(crate) fn looks_like_html(text: &str) -> bool {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(html|body|div|p|span|a|br|table|td|tr|li|ul|script|head)\b[^>]*>")
            .expect("static regex")
    });
    memchr::memchr(b'<', text.as_bytes()).is_some() && TAG.find_iter(text).take(3).count() >= 3
}

/// The most characters between `&` and `;` that [`decode`] looks at.
const SPAN_MAX: usize = 64;

/// Whether `text` holds something shaped like a reference (`&` and a name or number with
/// its semicolon): the prefilter that lets the common bare `&` (`Müller & Söhne`) skip
/// the repair stage. It accepts at least what [`decode`]'s pattern matches: besides
/// letters, digits and `#`, any control or non-ASCII byte may stand among them, for the
/// characters the normalize stage drops.
pub(crate) fn has_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'&', bytes).any(|at| {
        let mut alphanumeric = false;
        // A character is at most four bytes long.
        for &b in bytes[at + 1..].iter().take(4 * SPAN_MAX + 1) {
            match b {
                b';' => return alphanumeric,
                b'#' => {}
                b if b.is_ascii_alphanumeric() => alphanumeric = true,
                b'\n' | b'\t' | b'\r' => return false,
                b if b.is_ascii_control() || !b.is_ascii() => {}
                _ => return false,
            }
        }
        false
    })
}

/// Decode the references in `text`; returns the new text and how many were decoded.
///
/// A reference is read as the next run will see it, without the characters the normalize
/// stage drops (`&a\u{ad}mp;` is `&amp;`). When a decoded reference makes another one with
/// the text around it (`&amp;lt;` gives `&lt;`), the next run would decode that, and
/// decoding it here would turn a written `&lt;` into `<`: then only the references whose
/// characters cannot be part of another one are decoded, and the others stay as written.
pub(crate) fn decode(text: &str) -> Option<(String, usize)> {
    memchr::memchr(b'&', text.as_bytes())?;
    let (once, count) = decode_where(text, |_| true)?;
    if has_reference(&once) && decode_where(&once, |_| true).is_some() {
        return decode_where(text, inert);
    }
    Some((once, count))
}

/// Whether a decoded reference cannot be part of another one: none of its characters can
/// stand in one.
fn inert(decoded: &str) -> bool {
    !decoded
        .chars()
        .any(|c| c.is_ascii_alphanumeric() || matches!(c, '&' | '#' | ';') || super::dropped(c))
}

/// Something shaped like a reference, with characters the normalize stage may drop
/// among its letters: controls (tab, line ends aside), the soft hyphen, zero-width
/// characters and joiners, the word joiner, the BOM.
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"&[#0-9A-Za-z\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u{{AD}}\u{{180E}}\u{{200B}}-\u{{200D}}\u{{2060}}\u{{FEFF}}]{{1,{SPAN_MAX}}};"
    ))
    .expect("static regex")
});

/// Decode the references for which `accept` holds of what they stand for.
fn decode_where(text: &str, accept: fn(&str) -> bool) -> Option<(String, usize)> {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});$")
            .expect("static regex")
    });
    let mut count = 0;
    let out = SPAN.replace_all(text, |caps: &regex::Captures<'_>| {
        let span = &caps[0];
        let plain = if span
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'&' | b'#' | b';'))
        {
            Cow::Borrowed(span)
        } else {
            let mut counts = crate::normalize::Counts::default();
            Cow::Owned(crate::normalize::normalize(
                span,
                crate::config::Normalization::None,
                &mut counts,
            ))
        };
        let decoded = REFERENCE
            .captures(&plain)
            .and_then(|r| reference(&r[0], &r[1]))
            .filter(|s| accept(s));
        match decoded {
            Some(s) => {
                count += 1;
                s
            }
            None => span.to_owned(),
        }
    });
    match out {
        Cow::Owned(s) if count > 0 => Some((s, count)),
        _ => None,
    }
}

/// What one reference `whole` (`&name;`, body `body`) stands for.
fn reference(whole: &str, body: &str) -> Option<String> {
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        let c = char::from_u32(code)?;
        let c = charsets::c1_as_cp1252(c).unwrap_or(c);
        // A reference to a control character is more likely an accident than intended.
        return (!c.is_control() || c == '\n' || c == '\t').then(|| c.to_string());
    }
    if let Some(s) = named(whole) {
        return Some(s);
    }
    let all_caps = body
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if all_caps {
        let lower = named(&whole.to_ascii_lowercase())?;
        let mut chars = lower.chars();
        let c = chars.next()?;
        // Only single letters have an obvious uppercase (`&EACUTE;` → É, not `&NBSP;`).
        if chars.next().is_none() && c.is_lowercase() {
            return Some(c.to_uppercase().collect());
        }
    }
    None
}

/// A named reference from the HTML5 table, only when the whole name matched.
fn named(whole: &str) -> Option<String> {
    let out = htmlize::unescape(whole);
    // htmlize also decodes a known prefix without its semicolon (`&notit;` → `¬it;`),
    // which leaves the semicolon behind.
    (out != whole && (!out.ends_with(';') || whole == "&semi;")).then(|| out.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        decode(s).map_or_else(|| s.to_owned(), |(s, _)| s)
    }

    #[test]
    fn the_prefilter_sees_every_reference_and_skips_a_bare_ampersand() {
        for s in [
            "&amp;",
            "a &#252; b",
            "&#xFC;",
            "P&EACUTE;REZ",
            "x&hellip;",
            "&#123456;",
        ] {
            assert!(has_reference(s), "{s}");
            assert!(decode(s).is_some(), "{s}");
        }
        for s in [
            "Müller & Söhne",
            "AT&T",
            "a && b",
            "&;",
            "& amp;",
            "&#;",
            "a&",
        ] {
            assert!(!has_reference(s), "{s}");
            assert!(decode(s).is_none(), "{s}");
        }
    }

    #[test]
    fn references_decode() {
        assert_eq!(
            fix("Fish &amp; Chips &#252; &#xFC; &hellip;"),
            "Fish & Chips ü ü …"
        );
        assert_eq!(fix("&#150; &#x93;x&#148;"), "– “x”");
        assert_eq!(fix("P&EACUTE;REZ &AMP; CO"), "PÉREZ & CO");
        assert_eq!(
            fix("&notit; &copy &bogus; &#0; &#xD800;"),
            "&notit; &copy &bogus; &#0; &#xD800;"
        );
        assert_eq!(decode("no references & here"), None);
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html(
            "<html><body><p>a &amp; b</p></body></html>"
        ));
        assert!(!looks_like_html("a < b and c > d, <b> once"));
    }
}
