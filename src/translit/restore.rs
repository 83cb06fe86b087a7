//! Restoring transliterated words from attested forms.
//!
//! A word is a candidate when it is all ASCII and its lowercase form is the primary ASCII
//! spelling ([`super::ascii_key`]) of an attested word with diacritics. The evidence comes
//! from the document first ([`DocWords`]) and from the corpus vocabulary second; see the
//! module docs of [`crate::translit`] for when a word stays as it is.

use super::{ascii_key_into, lowercase_into, words};
use crate::vocab::Vocab;
use foldhash::{HashMap, HashSet};
use std::collections::BTreeSet;

/// A form from the corpus vocabulary counts as evidence only when seen this often.
pub const MIN_VOCAB_COUNT: u64 = 2;

/// The ASCII form is genuine (and stays) when the vocabulary has it at least
/// 1/`GENUINE_RATIO` as often as the form with diacritics (`Mueller` beside `Müller`).
pub const GENUINE_RATIO: u64 = 20;

/// Letters that a whole written standard does without (Swiss Standard German never writes
/// `ß`). The vocabulary may bring one into a document that uses diacritics only when the
/// document uses that letter itself.
pub const OPTIONAL_LETTERS: &[char] = &['ß'];

/// Where restoration applies, which decides what "attested as is" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A heading or title: restored from the body's words; a word the body also has as is
    /// stays.
    Heading,
    /// Body text: restored from the corpus vocabulary only; a word with a spelled form
    /// anywhere in the document stays (the document writes both on purpose, or is ambiguous).
    Body,
}

/// Which evidence a restoration rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// A form attested in the document itself.
    Document,
    /// A form attested in the corpus vocabulary.
    Vocabulary,
}

/// One restored word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restoration {
    /// The word as it was (`Unterstuetzung`).
    pub from: String,
    /// The word as restored (`Unterstützung`).
    pub to: String,
    /// What attested it.
    pub evidence: Evidence,
}

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
                if !self.wants(&lower) || self.ascii.contains(&lower) {
                    continue;
                }
                // The whitespace-separated chunk the word stands in (a word with diacritics
                // stands in a chunk that is not all ASCII, which is no address): looked at
                // only for a word that would be kept.
                let chunk = chunk_around(text, at, at + word.len());
                if chunk.is_ascii() && is_address(chunk) {
                    continue;
                }
                self.ascii.insert(lower.clone());
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

    fn has_ascii(&self, lower: &str) -> bool {
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

/// Restore the transliterated words of `text`; returns the new text and what was restored.
pub fn restore(
    text: &str,
    doc: &DocWords,
    vocab: Option<&Vocab>,
    scope: Scope,
) -> (String, Vec<Restoration>) {
    let mut out = String::with_capacity(text.len() + 8);
    let mut fixes = Vec::new();
    let mut copied = 0;
    let mut chunk_start = 0;
    for chunk in text.split_inclusive(char::is_whitespace) {
        let chunk_end = chunk_start + chunk.len();
        let base = chunk_start;
        chunk_start = chunk_end;
        if !chunk.is_ascii() || protected(chunk.trim_end()) {
            continue;
        }
        for (offset, word) in words(chunk) {
            let Some(fix) = restore_word(word, doc, vocab, scope) else {
                continue;
            };
            let at = base + offset;
            out.push_str(&text[copied..at]);
            out.push_str(&fix.to);
            copied = at + word.len();
            fixes.push(fix);
        }
    }
    out.push_str(&text[copied..]);
    (out, fixes)
}

/// URLs, e-mail addresses, domain names and a word quoted on its own are never touched.
fn protected(chunk: &str) -> bool {
    if is_address(chunk) {
        return true;
    }
    let core = chunk.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    let core = core.trim_start_matches('(');
    let quote = |c: Option<char>| c.is_some_and(|c| matches!(c, '"' | '\'' | '`'));
    core.len() > 1 && quote(core.chars().next()) && quote(core.chars().last())
}

/// A URL, e-mail address, or domain or file name.
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

fn is_address(chunk: &str) -> bool {
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

fn restore_word(
    word: &str,
    doc: &DocWords,
    vocab: Option<&Vocab>,
    scope: Scope,
) -> Option<Restoration> {
    if word.len() < 2 {
        return None;
    }
    let case = Case::of(word)?;
    let lower = word.to_ascii_lowercase();
    let doc_forms = doc.forms.get(&lower);
    let (form, evidence) = match scope {
        Scope::Heading => {
            if doc.has_ascii(&lower) {
                return None;
            }
            match doc_forms {
                Some(forms) if forms.len() == 1 => (forms.first()?.clone(), Evidence::Document),
                Some(_) => return None,
                None => (vocab_form(&lower, doc, vocab?)?, Evidence::Vocabulary),
            }
        }
        Scope::Body => {
            if doc_forms.is_some() {
                return None;
            }
            (vocab_form(&lower, doc, vocab?)?, Evidence::Vocabulary)
        }
    };
    let to = case.apply(&form);
    (to != word).then(|| Restoration {
        from: word.to_owned(),
        to,
        evidence,
    })
}

/// The one form the vocabulary attests for `lower`, if the evidence is strong enough.
fn vocab_form(lower: &str, doc: &DocWords, vocab: &Vocab) -> Option<String> {
    let mut found = vocab
        .forms(lower)
        .iter()
        .filter(|(_, count)| *count >= MIN_VOCAB_COUNT);
    let (form, count) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    if vocab.count(lower).saturating_mul(GENUINE_RATIO) >= *count {
        return None;
    }
    let foreign = |c: char| OPTIONAL_LETTERS.contains(&c) && !doc.optional.contains(&c);
    if doc.uses_diacritics() && form.chars().any(foreign) {
        return None;
    }
    Some(form.clone())
}

/// The case pattern of a word; mixed patterns (`McDonald`) are not restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Capitalized,
    Upper,
}

impl Case {
    fn of(word: &str) -> Option<Case> {
        let mut chars = word.chars();
        let first = chars.next()?;
        let rest_lower = chars.clone().all(|c| !c.is_uppercase());
        let rest_upper = chars.all(|c| !c.is_lowercase());
        match (first.is_uppercase(), rest_lower, rest_upper) {
            (false, true, _) => Some(Case::Lower),
            (true, true, _) => Some(Case::Capitalized),
            (true, _, true) => Some(Case::Upper),
            _ => None,
        }
    }

    fn apply(self, lower: &str) -> String {
        match self {
            Case::Lower => lower.to_owned(),
            Case::Upper => lower.to_uppercase(),
            Case::Capitalized => {
                let mut chars = lower.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(title: &str, body: &str) -> String {
        restore(title, &DocWords::from_text(body), None, Scope::Heading).0
    }

    #[test]
    fn the_words_for_a_line_restore_as_all_the_words_do() {
        let body = "Die Unterstützung für Köln, für Kölner; Kohl und Koeln.de: \
                    Grüße an Grünau, grün, GRUESSE, Überraschung über Über-Ich. Straße strasse";
        for line in [
            "Unterstuetzung fuer Koeln",
            "Gruesse aus Gruenau, gruen",
            "Ueberraschung ueber Strasse",
            "Koelner Kohl und fuer",
            "A Ueber Uebertragung",
        ] {
            let all = restore(line, &DocWords::from_text(body), None, Scope::Heading);
            let some = restore(line, &DocWords::for_line(body, line), None, Scope::Heading);
            assert_eq!(some, all, "{line}");
        }
    }

    #[test]
    fn line_words_are_reused_only_for_their_text_and_line() {
        let (body, line) = ("Die Unterstützung für Köln.", "Unterstuetzung fuer Koeln");
        let restored = |words: &LineWords| restore(line, words.words(), None, Scope::Heading).0;
        let cached = LineWords::new(body, line);
        assert_eq!(restored(&cached), "Unterstützung für Köln");
        let other = LineWords::reuse(Some(cached.clone()), "Die Unterstützung.", line);
        assert_eq!(restored(&other), "Unterstützung fuer Koeln");
        let other = LineWords::reuse(Some(cached.clone()), body, "Koeln");
        assert_eq!(
            restore("Koeln", other.words(), None, Scope::Heading).0,
            "Köln"
        );
        assert_eq!(
            restored(&LineWords::reuse(Some(cached), body, line)),
            "Unterstützung für Köln"
        );
    }

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

    #[test]
    fn restores_from_the_body_with_the_heading_case() {
        let body = "Die Unterstützung für Russland. Höfe und Gärten.";
        assert_eq!(
            heading("Kim verspricht Unterstuetzung fuer Russland", body),
            "Kim verspricht Unterstützung für Russland"
        );
        assert_eq!(
            heading("UNTERSTUETZUNG, hoefe", body),
            "UNTERSTÜTZUNG, höfe"
        );
    }

    #[test]
    fn attested_ambiguous_and_mixed_case_words_stay() {
        // Attested as is.
        assert_eq!(
            heading("Mueller trifft", "Müller und Mueller."),
            "Mueller trifft"
        );
        // Two candidate forms.
        assert_eq!(heading("Soeren kommt", "Søren und Sören"), "Soeren kommt");
        // A stripped spelling never restores: `schon` is a word of its own.
        assert_eq!(heading("Schon wurde", "schön würde"), "Schon wurde");
        // Mixed case.
        assert_eq!(heading("MueLLer", "Müller"), "MueLLer");
    }

    #[test]
    fn urls_mails_and_quoted_words_stay() {
        let body = "Düsseldorf und Grüße";
        assert_eq!(heading("www.duesseldorf.de", body), "www.duesseldorf.de");
        assert_eq!(heading("info@duesseldorf.de", body), "info@duesseldorf.de");
        assert_eq!(
            heading("duesseldorf.de/gruesse", body),
            "duesseldorf.de/gruesse"
        );
        assert_eq!(
            heading("Nie \"Gruesse\" schreiben", body),
            "Nie \"Gruesse\" schreiben"
        );
        assert_eq!(
            heading("Gruesse aus Duesseldorf", body),
            "Grüße aus Düsseldorf"
        );
    }

    #[test]
    fn trap_words_have_no_attested_form() {
        let body = "Über Feuer, Steuer und die Mauer in Bad Oeynhausen, Uelzen und Soest.";
        let line = "Feuer neue Steuer Mauer Trauer Quelle aktuell Duell Poesie Israel Michael \
                    Raphael Joel Manuel Samuel Boeing Goethe Coetzee Aerosmith Blues Tuesday \
                    queue Puerto Rico Bad Oeynhausen Uelzen Soest Aarhus Aalborg";
        assert_eq!(heading(line, body), line);
    }
}
