//! The evidence a document gives for restoring its words: which ASCII words it writes as
//! they are, and which forms with diacritics spell them ([`DocWords`]), for the whole text or
//! only for the words of one line ([`LineWords`], collected by the structure stage and reused
//! by the translit stage through [`crate::document::Document::line_words`]).

use super::language::Language;
use super::{ascii_key_into, lowercase_into, words};
use foldhash::{HashMap, HashSet};
use std::collections::BTreeSet;

/// Letters that a whole written standard does without (Swiss Standard German never writes
/// `ß`). The vocabulary may bring one into a document that uses diacritics only when the
/// document uses that letter itself.
pub const OPTIONAL_LETTERS: &[char] = &['ß'];

/// The words one document attests, lowercased.
#[derive(Debug, Clone, Default)]
pub struct DocWords {
    /// All-ASCII words.
    ascii: HashSet<String>,
    /// ASCII spelling → the forms with diacritics that spell it that way.
    forms: HashMap<String, BTreeSet<String>>,
    /// Whether the document writes any letter with a diacritic.
    diacritics: bool,
    /// The [`OPTIONAL_LETTERS`] the document writes.
    optional: Vec<char>,
    /// ASCII words the document writes inside a URL, e-mail address or domain name: names
    /// and brands (`oekolandbau.de` beside `Oekolandbau`), never restored.
    names: HashSet<String>,
    /// The document's language, when guessed ([`DocWords::guess_language`]).
    language: Option<Language>,
    /// When set, only these lowercase words (and forms spelled like them) are collected.
    wanted: Option<HashSet<String>>,
    /// For each first letter (`a`–`z`) of the wanted words, their lengths as bits (bit 63:
    /// 63 bytes or more): a cheap test that spares most words of the text the lowercasing
    /// and the lookup.
    wanted_shapes: [u64; 26],
}

impl DocWords {
    /// The words of `text`.
    pub fn from_text(text: &str) -> Self {
        let mut words = Self::default();
        words.add_text(text);
        words.guess_language(&[text]);
        words
    }

    /// The words of `text` that can serve to restore `line`: its ASCII words as they stand in
    /// `text`, and forms with diacritics spelled like them. Much cheaper than
    /// [`DocWords::from_text`] for a heading over a long body.
    pub fn for_line(text: &str, line: &str) -> Self {
        let wanted: HashSet<String> = words(line)
            .filter(|(_, w)| w.len() >= 2 && w.is_ascii())
            .map(|(_, w)| w.to_ascii_lowercase())
            .collect();
        let mut wanted_shapes = [0; 26];
        for w in &wanted {
            if let Some(i) = initial(w.as_bytes()[0]) {
                wanted_shapes[i] |= length_bit(w.len());
            }
        }
        let mut words = Self {
            wanted: Some(wanted),
            wanted_shapes,
            ..Self::default()
        };
        words.add_text(text);
        words
    }

    /// Whether `word` (as it stands) can be wanted or spell a wanted word, judged by its
    /// first letter, and for an ASCII word by its length too. A word that starts with a
    /// letter with a diacritic passes: its spelling may start otherwise.
    fn may_want(&self, word: &str) -> bool {
        let Some(i) = initial(word.as_bytes()[0]) else {
            return true;
        };
        let shapes = self.wanted_shapes[i];
        if word.is_ascii() {
            shapes & length_bit(word.len()) != 0
        } else {
            shapes != 0
        }
    }

    fn wants(&self, lower: &str) -> bool {
        self.wanted.as_ref().is_none_or(|w| w.contains(lower))
    }

    /// Add the words of `text`. URLs and e-mail addresses attest nothing: their ASCII
    /// spelling is forced (`duesseldorf.de` beside `Düsseldorf`).
    pub fn add_text(&mut self, text: &str) {
        let (mut lower, mut key) = (String::new(), String::new());
        for (at, word) in words(text) {
            if word.is_ascii() {
                if self.wanted.is_some() && !self.may_want(word) {
                    continue;
                }
                lowercase_into(word, &mut lower);
                if !self.wants(&lower) {
                    continue;
                }
                let known = self.ascii.contains(&lower);
                // The whitespace-separated chunk the word stands in (a word with diacritics
                // stands in a chunk that is not all ASCII, which is no address): looked at
                // for a word that would be kept, and for a known one that touches an
                // address's punctuation (it may be a name as well).
                if known && !touches_address(text.as_bytes(), at, at + word.len()) {
                    continue;
                }
                let chunk = chunk_around(text, at, at + word.len());
                if chunk.is_ascii() && is_address(chunk) {
                    if !self.names.contains(&lower) {
                        self.names.insert(lower.clone());
                    }
                    continue;
                }
                if !known {
                    self.ascii.insert(lower.clone());
                }
                continue;
            }
            self.diacritics = true;
            // Once every optional letter is seen, a word only matters for its spelling,
            // which can spell a wanted word only when its first letter allows it.
            let all_optional = self.optional.len() == OPTIONAL_LETTERS.len();
            let keyed = self.wanted.is_none() || self.may_want(word);
            if all_optional && !keyed {
                continue;
            }
            lowercase_into(word, &mut lower);
            if !all_optional {
                for c in lower.chars().filter(|c| OPTIONAL_LETTERS.contains(c)) {
                    if !self.optional.contains(&c) {
                        self.optional.push(c);
                    }
                }
            }
            if keyed && ascii_key_into(&lower, &mut key) && self.wants(&key) {
                self.forms
                    .entry(key.clone())
                    .or_default()
                    .insert(lower.clone());
            }
        }
    }

    /// Whether the document uses any letter with a diacritic.
    pub fn uses_diacritics(&self) -> bool {
        self.diacritics
    }

    /// The forms with diacritics the document writes whose primary ASCII spelling is `key`.
    pub(crate) fn forms_spelled(&self, key: &str) -> Option<&BTreeSet<String>> {
        self.forms.get(key)
    }

    /// Whether the document writes the optional letter `c` (one of [`OPTIONAL_LETTERS`]).
    pub(crate) fn writes_optional(&self, c: char) -> bool {
        self.optional.contains(&c)
    }

    /// Whether the document writes `lower` inside an address: a name, not a word.
    pub(crate) fn is_name(&self, lower: &str) -> bool {
        self.names.contains(lower)
    }

    /// Guess the document's language from its texts, a title and its body say (needed
    /// before the vocabulary can restore a word: see [`Language`]).
    pub fn guess_language(&mut self, texts: &[&str]) {
        self.language = Some(super::language::guess(texts));
    }

    /// The document's language, [`Language::Other`] when not guessed.
    pub fn language(&self) -> Language {
        self.language.unwrap_or(Language::Other)
    }

    /// Whether the document writes `lower` as it is (all ASCII).
    pub(crate) fn has_ascii(&self, lower: &str) -> bool {
        self.ascii.contains(lower)
    }
}

/// [`DocWords::for_line`] with the text and line it was collected for, so that a later
/// stage can reuse it: the structure stage collects it to tell whether an ASCII first line
/// is a transliterated title, and the translit stage then restores that title from the
/// same evidence ([`crate::document::Document::line_words`]).
#[derive(Debug, Clone, Default)]
pub struct LineWords {
    text: String,
    line: String,
    words: DocWords,
}

impl LineWords {
    /// The words of `text` that can serve to restore `line`.
    pub fn new(text: &str, line: &str) -> Self {
        Self {
            text: text.to_owned(),
            line: line.to_owned(),
            words: DocWords::for_line(text, line),
        }
    }

    /// `cached` when it was collected for `text` and `line`, else collected now.
    pub fn reuse(cached: Option<LineWords>, text: &str, line: &str) -> Self {
        match cached {
            Some(c) if c.line == line && c.text == text => c,
            _ => Self::new(text, line),
        }
    }

    /// The words.
    pub fn words(&self) -> &DocWords {
        &self.words
    }

    /// The words, owned.
    pub fn into_words(self) -> DocWords {
        self.words
    }
}

/// Whether the word at `start..end` of `bytes` stands next to punctuation that joins the
/// parts of an address (`.` `/` `@` `:` `-` `_`).
fn touches_address(bytes: &[u8], start: usize, end: usize) -> bool {
    let joins =
        |b: Option<&u8>| b.is_some_and(|b| matches!(b, b'.' | b'/' | b'@' | b':' | b'-' | b'_'));
    joins(start.checked_sub(1).and_then(|i| bytes.get(i))) || joins(bytes.get(end))
}

/// The whitespace-separated chunk of `text` around `start..end`.
fn chunk_around(text: &str, start: usize, end: usize) -> &str {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    &text[from..to]
}

/// The index of an ASCII letter's lowercase form (`a` is 0); `None` for other bytes.
fn initial(b: u8) -> Option<usize> {
    b.is_ascii_alphabetic()
        .then(|| usize::from(b.to_ascii_lowercase() - b'a'))
}

/// The bit of a word's length in bytes in [`DocWords`]'s shapes (63 and longer share one).
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// A URL, e-mail address, or domain or file name.
pub(crate) fn is_address(chunk: &str) -> bool {
    // Every address has one of these; most words have none.
    if !chunk.bytes().any(|b| matches!(b, b':' | b'@' | b'.')) {
        return false;
    }
    if chunk.contains("://") || chunk.contains('@') || chunk.starts_with("www.") {
        return true;
    }
    // A dot between two letters or digits: a domain or file name (`duesseldorf.de`).
    chunk
        .as_bytes()
        .windows(3)
        .any(|w| w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_found_around_a_word() {
        let text = "Grüße aus\tduesseldorf.de,\u{A0}x mail@koeln.de";
        for (chunk, word) in [
            ("aus", "aus"),
            ("duesseldorf.de,", "duesseldorf"),
            ("mail@koeln.de", "koeln"),
        ] {
            let at = text.find(word).unwrap();
            assert_eq!(chunk_around(text, at, at + word.len()), chunk);
        }
    }
}
