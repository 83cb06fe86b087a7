//! Words: the tokenizer, lowercasing and ASCII keys that restoration, the vocabulary and
//! the heading matcher share, the folding table ([`spellings`](mod@spellings)) and the evidence a document
//! gives for restoring its words ([`evidence`]). A leaf: it imports nothing of the stages.

pub mod evidence;
pub mod language;
pub mod spellings;

pub use evidence::{DocWords, LineWords};
pub use spellings::spellings;

/// Runs of alphabetic characters in `text`, with their byte offsets: the words that
/// restoration and the vocabulary see.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator returned by [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    pub(crate) text: &'a str,
    pub(crate) pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        // Up to the first letter: runs of ASCII non-letters in a tight loop.
        loop {
            while i < bytes.len() && bytes[i] < 0x80 && !bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i >= bytes.len() {
                self.pos = i;
                return None;
            }
            if bytes[i] < 0x80 {
                break;
            }
            // `i` is at a char boundary: every step advances by a whole char.
            let (letter, len) = letter_at(text, i);
            if letter {
                break;
            }
            i += len;
        }
        let start = i;
        let end = letters_end(text, i);
        self.pos = end;
        Some((start, &text[start..end]))
    }
}

/// Where the run of letters starting at byte `i` of `text` (a char boundary) ends: `i` when
/// no letter stands there.
pub(crate) fn letters_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    // Up to the first non-letter: runs of ASCII letters eight bytes at a time.
    loop {
        i = crate::scan::ascii_letters_end(bytes, i);
        if i >= bytes.len() || bytes[i] < 0x80 {
            return i;
        }
        match letter_at(text, i) {
            (true, len) => i += len,
            (false, _) => return i,
        }
    }
}

/// Whether the character at byte `i` of `text` (a char boundary, not ASCII) is a letter
/// ([`is_letter`]), and its length in bytes. The two-byte characters U+00C0–U+023F (lead
/// bytes C3–C8), the letters of most European text, are judged from their bytes: all are
/// letters but `×` (C3 97) and `÷` (C3 B7); the rest are decoded.
/// The byte test is inlined where words are scanned; the decoding is not.
#[inline(always)]
pub(crate) fn letter_at(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    if let (Some(&lead), Some(&second)) = (bytes.get(i), bytes.get(i + 1))
        && (0xC3..=0xC8).contains(&lead)
    {
        return (lead != 0xC3 || (second != 0x97 && second != 0xB7), 2);
    }
    decoded_letter_at(text, i)
}

/// [`letter_at`] for the characters it does not judge from their bytes.
#[inline(never)]
fn decoded_letter_at(text: &str, i: usize) -> (bool, usize) {
    match text[i..].chars().next() {
        Some(c) => (is_letter(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// `char::is_alphabetic`, without its table for the common characters of European text:
/// Latin letters with diacritics (U+00C0–U+024F but × and ÷) are letters, general
/// punctuation and currency signs (U+2000–U+206F, U+20A0–U+20CF) are not.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}' => false,
        _ => c.is_alphabetic(),
    }
}

/// The primary ASCII spelling of a lowercase word: every letter spelled by its first (most
/// specific) spelling (`müller` → `mueller`, `école` → `ecole`); `None` when some letter has
/// no ASCII spelling (Cyrillic, Greek…).
///
/// Restoration looks words up by this key only. Stripped spellings (`ü` → `u`) still count
/// for [`crate::structure::heading_match`], but restoring from them would turn real words into others
/// (`wurde` → `würde`, `schon` → `schön`), so they never restore a word.
pub fn ascii_key(word: &str) -> Option<String> {
    let mut key = String::with_capacity(word.len() + 4);
    ascii_key_into(word, &mut key).then_some(key)
}

/// `word` lowercased into a reused buffer (cleared first); fast for ASCII.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c <= '\u{FF}' {
            // Latin-1 without the tables: its capitals are U+00C0–U+00DE but `×`, each 0x20
            // below its small letter; every other character is its own lowercase.
            let lower = match c {
                '\u{C0}'..='\u{DE}' if c != '×' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                _ => c,
            };
            out.push(lower);
        } else if c.is_lowercase() {
            out.push(c);
        } else {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

/// [`ascii_key`] into a reused buffer (cleared first); false when there is no key.
pub fn ascii_key_into(word: &str, key: &mut String) -> bool {
    key.clear();
    for c in word.chars() {
        if c.is_ascii() {
            key.push(c);
        } else {
            match spellings(c).and_then(|s| s.first()) {
                Some(spelled) => key.push_str(spelled),
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_shortcuts_agree_with_is_alphabetic() {
        for c in ('\0'..='\u{2FFF}').chain('\u{FE00}'..='\u{FFFF}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn lowercase_agrees_with_the_standard_library() {
        let mut out = String::new();
        for c in ('\0'..='\u{2FFF}').chain('\u{FF00}'..='\u{FFFF}') {
            let word = format!("A{c}b");
            lowercase_into(&word, &mut out);
            let want: String = word
                .chars()
                .flat_map(|c| {
                    if c.is_lowercase() {
                        vec![c]
                    } else {
                        c.to_lowercase().collect()
                    }
                })
                .collect();
            assert_eq!(out, want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn letters_judged_by_their_bytes_agree_with_is_letter() {
        for c in ('\u{80}'..='\u{2FFF}').chain('\u{FE00}'..='\u{10FFF}') {
            let text = format!("a{c}b");
            assert_eq!(
                letter_at(&text, 1),
                (is_letter(c), c.len_utf8()),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn words_are_runs_of_letters() {
        let text = "„Grüße“, sagte Jürgen—x2y ÉCOLE l’été 日本語 ×÷ end";
        let got: Vec<(usize, &str)> = words(text).collect();
        let want: Vec<(usize, &str)> = {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (c.is_alphabetic(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((s, &text[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            out
        };
        assert_eq!(got, want);
    }

    #[test]
    fn words_and_offsets() {
        let w: Vec<_> = words("Grüße, l'école 2024 duesseldorf.de").collect();
        assert_eq!(
            w,
            [
                (0, "Grüße"),
                (9, "l"),
                (11, "école"),
                (23, "duesseldorf"),
                (35, "de")
            ]
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words("ab").collect::<Vec<_>>(), [(0, "ab")]);
    }

    #[test]
    fn keys_of_a_word() {
        assert_eq!(ascii_key("müller").as_deref(), Some("mueller"));
        assert_eq!(ascii_key("straße").as_deref(), Some("strasse"));
        assert_eq!(ascii_key("århus").as_deref(), Some("aarhus"));
        assert_eq!(ascii_key("příliš").as_deref(), Some("prilis"));
        assert_eq!(ascii_key("plain").as_deref(), Some("plain"));
        assert_eq!(ascii_key("пхеньян"), None);
    }
}
