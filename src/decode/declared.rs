//! The encoding a document declares in its first bytes: an XML declaration's `encoding`,
//! or an HTML `<meta charset>` / `<meta http-equiv="Content-Type" content="…; charset=…">`.
//!
//! Declarations are sometimes wrong, so one only breaks a close call: the cascade takes it
//! when it decodes the bytes cleanly and reads at least as well as the guess (on a short
//! page, chardetng may take a few Cyrillic letters for two Chinese characters).

use encoding_rs::Encoding;

/// How far into the input a declaration is looked for.
const DECLARATION_WINDOW: usize = 1024;

/// The legacy encoding `bytes` declares, if any (a declared UTF-8 or UTF-16 is no news
/// here: the cascade has ruled them out).
pub(super) fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let label = xml_encoding(head).or_else(|| meta_charset(head))?;
    let label = std::str::from_utf8(label).ok()?;
    let enc = super::labels::parse_label(label).ok()?;
    let unicode = [
        encoding_rs::UTF_8,
        encoding_rs::UTF_16LE,
        encoding_rs::UTF_16BE,
    ];
    (!unicode.contains(&enc)).then_some(enc)
}

/// The `encoding` of an XML declaration at the start of `head`.
fn xml_encoding(head: &[u8]) -> Option<&[u8]> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head[start..].strip_prefix(b"<?xml")?;
    let end = memchr::memmem::find(decl, b"?>")?;
    value_after(&decl[..end], b"encoding")
}

/// The `charset` of the first `<meta …>` tag of `head` that has one.
fn meta_charset(head: &[u8]) -> Option<&[u8]> {
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(p) = memchr::memmem::find(&lower[at..], b"<meta") {
        let tag_start = at + p;
        let tag_end =
            memchr::memchr(b'>', &lower[tag_start..]).map_or(lower.len(), |e| tag_start + e);
        if let Some(v) = value_after(&lower[tag_start..tag_end], b"charset") {
            // The value's place in `head` (same offsets as in `lower`).
            let offset = v.as_ptr() as usize - lower.as_ptr() as usize;
            return Some(&head[offset..offset + v.len()]);
        }
        at = tag_end;
    }
    None
}

/// The value after `name=` in `tag` (ASCII case-insensitive name), quoted or not.
fn value_after<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let lower = tag.to_ascii_lowercase();
    let mut at = 0;
    while let Some(p) = memchr::memmem::find(&lower[at..], name) {
        let mut i = at + p + name.len();
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while tag
                .get(i)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'"' || b == b'\'')
            {
                i += 1;
            }
            let len = tag[i..]
                .iter()
                .position(|&b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                })
                .unwrap_or(tag.len() - i);
            return (len > 0).then(|| &tag[i..i + len]);
        }
        at += p + name.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_read() {
        assert_eq!(
            declared(b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss>"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            declared(b"\n<?xml version='1.0' encoding='EUC-KR' ?><feed>"),
            Some(encoding_rs::EUC_KR)
        );
        assert_eq!(
            declared(b"<html><head><META charset=koi8-r><title>"),
            Some(encoding_rs::KOI8_R)
        );
        assert_eq!(
            declared(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
            ),
            Some(encoding_rs::SHIFT_JIS)
        );
    }

    #[test]
    fn other_text_declares_nothing() {
        assert_eq!(
            declared(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            None
        );
        assert_eq!(
            declared(b"The encoding=\"latin1\" setting is not a declaration."),
            None
        );
        assert_eq!(declared(b"<meta name=\"x\" content=\"charset\">"), None);
        assert_eq!(
            declared(b"<?xml version=\"1.0\" encoding=\"no-such\"?>"),
            None
        );
        assert_eq!(declared(b""), None);
    }
}
