//! The evidence a document gives for restoring its words: which ASCII words it writes as
//! they are, and which forms with diacritics spell them ([`DocWords`]), for the whole text or
//! only for the words of one line ([`LineWords`], collected by the structure stage and reused
//! by the translit stage through [`crate::document::Document::line_words`]).

use super::language::Language;
use super::{ascii_key_into, lowercase_into, spellings, words};
use crate::scan::{NonAscii, ascii_letters_start};
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
    /// Whether every ASCII word was collected (see [`DocWords::for_line`]).
    ascii_collected: bool,
    /// When set, only these lowercase words (and forms spelled like them) are collected.
    wanted: Option<HashSet<String>>,
    /// For each first letter (`a`–`z`) of the wanted words, their lengths as bits (bit 63:
    /// 63 bytes or more): a cheap test that spares most words of the text the lowercasing
    /// and the lookup.
    wanted_shapes: [u64; 26],
    /// For each first letter of the wanted words, their second letters as bits (`a` is
    /// bit 0): a word with diacritics whose key starts otherwise is not keyed.
    wanted_pairs: [u32; 26],
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
    /// [`DocWords::from_text`] for a heading over a long body, and cheaper still when the
    /// text has no form that spells a word of the line.
    pub fn for_line(text: &str, line: &str) -> Self {
        let mut words = Self::wanting(line);
        // Without a form with diacritics that spells a word of the line, nothing can be
        // restored from the document, and the ASCII words wait until the vocabulary needs
        // them ([`DocWords::ensure_ascii`]). With forms, the document's evidence asks of
        // the ASCII words only whether the text writes a spelled word as it is (then it
        // stays): only those words are looked for.
        words.add_spelled_words(text);
        if !words.forms.is_empty() {
            let spelled: Vec<String> = words.forms.keys().cloned().collect();
            words.add_ascii_occurrences(text, &spelled);
        }
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

    /// Empty, set to collect only what can serve to restore `line`.
    fn wanting(line: &str) -> Self {
        let wanted: HashSet<String> = words(line)
            .filter(|(_, w)| w.len() >= 2 && w.is_ascii())
            .map(|(_, w)| w.to_ascii_lowercase())
            .collect();
        let mut wanted_shapes = [0; 26];
        let mut wanted_pairs = [0; 26];
        for w in &wanted {
            if let Some(i) = initial(w.as_bytes()[0]) {
                wanted_shapes[i] |= length_bit(w.len());
                if let Some(j) = initial(w.as_bytes()[1]) {
                    wanted_pairs[i] |= 1 << j;
                }
            }
        }
        Self {
            wanted: Some(wanted),
            wanted_shapes,
            wanted_pairs,
            ..Self::default()
        }
    }

    /// Add the words of `text`. URLs and e-mail addresses attest nothing: their ASCII
    /// spelling is forced (`duesseldorf.de` beside `Düsseldorf`).
    pub fn add_text(&mut self, text: &str) {
        let (mut lower, mut key) = (String::new(), String::new());
        for (at, word) in words(text) {
            if word.is_ascii() {
                self.add_ascii(text, at, word, &mut lower);
            } else {
                self.add_spelled(word, &mut lower, &mut key);
            }
        }
        self.ascii_collected = true;
    }

    /// The words with diacritics of `text` only: the ASCII runs between them are skipped
    /// 64 bytes at a time ([`NonAscii`]), so a text with few such words costs little. A word that
    /// cannot matter is passed over from its first letter with a diacritic on, without
    /// reading it to its end ([`DocWords::passes_over`]).
    fn add_spelled_words(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut non_ascii = NonAscii::new(bytes);
        let (mut lower, mut key) = (String::new(), String::new());
        // The words handed to `add_spelled`: it does nothing with a word the second time,
        // and a body repeats its words (the one the title spells most of all).
        let mut handed: HashSet<&str> = HashSet::default();
        // Where the words read so far end: no word starts before it.
        let mut pos = 0;
        // Whether `pos` is inside a word passed over: letters from there go on with it.
        let mut passing = false;
        loop {
            let p = non_ascii.next_from(pos);
            if p >= bytes.len() {
                return;
            }
            let (letter, len) = super::letter_at(text, p);
            if !letter {
                // No word goes through `p`: the ASCII letters before it are an ASCII word.
                pos = p + len;
                passing = false;
                continue;
            }
            // The word through `p` starts at the ASCII letters before it (none of them
            // before `pos`, where the last word or non-letter ended) and ends with the
            // letters after it.
            let start = ascii_letters_start(bytes, pos, p);
            if passing && start == pos {
                // Letters all the way from the word passed over: more of it.
                pos = p + len;
                continue;
            }
            if self.passes_over(text, start, p, p + len) {
                self.diacritics = true;
                pos = p + len;
                passing = true;
                continue;
            }
            let end = super::letters_end(text, p + len);
            let word = &text[start..end];
            // Room at once for the few words a body usually hands over, rather than the
            // set grown and rehashed on the way (a body that hands none allocates none).
            if handed.capacity() == 0 {
                handed.reserve(16);
            }
            if handed.insert(word) {
                self.add_spelled(word, &mut lower, &mut key);
            }
            pos = end;
            passing = false;
        }
    }

    /// Whether the word with diacritics of `text` that starts at `start` and has its first
    /// letter with a diacritic at `p`, just before `end` (its first letters are
    /// `text[start..end]`, up to that letter), can be passed over: [`DocWords::add_spelled`]
    /// would only note that the document writes diacritics. So it is once every optional
    /// letter is seen, when its first letters already tell that its key begins no wanted
    /// word ([`DocWords::may_want`], [`DocWords::may_spell`]).
    ///
    /// The common words are judged from their bytes without a branch on what they are: two
    /// ASCII letters or more before the letter with a diacritic, or fewer before a letter of
    /// Latin-1 ([`LATIN1_KEYS`]); the others by
    /// [`passes_over_by_chars`](DocWords::passes_over_by_chars).
    #[inline]
    fn passes_over(&self, text: &str, start: usize, p: usize, end: usize) -> bool {
        if self.wanted.is_none() || self.optional.len() < OPTIONAL_LETTERS.len() {
            return false;
        }
        let bytes = text.as_bytes();
        // The ASCII letters before `p`.
        let n = p - start;
        let entry = if bytes[p] == 0xC3 {
            LATIN1_KEYS[usize::from(bytes[p + 1] & 0x3F)]
        } else {
            KEY_SLOW
        };
        if n < 2 && entry & KEY_SLOW != 0 {
            return self.passes_over_by_chars(text, start, end);
        }
        // The key's first two bytes: the first two ASCII letters, or as many as there are
        // followed by the spelling's first bytes (`end - start >= 2`: both bytes are in
        // the word; a byte taken from the letter with a diacritic is masked off).
        let letters = u32::from(bytes[start] | 0x20) | (u32::from(bytes[start + 1] | 0x20) << 8);
        let shift = 8 * n.min(2) as u32;
        let pair = ((letters & ((1 << shift) - 1)) | ((entry & 0xFFFF) << shift)) & 0xFFFF;
        // Both are lowercase ASCII letters (the table's unused bytes are `a`).
        let first = (pair & 0xFF) as usize - usize::from(b'a');
        let second = (pair >> 8) - u32::from(b'a');
        let wanted = self.wanted_pairs[first] >> second & 1 != 0;
        // A letter without a key before the second byte: the word spells nothing. A
        // spelling of one letter first: the key's second byte is in the rest of the word.
        let no_key = n < 2 && entry & KEY_NONE != 0;
        let unknown = n == 0 && entry & KEY_ONE != 0;
        no_key || !(unknown || wanted)
    }

    /// [`DocWords::passes_over`] for the words it does not judge from their bytes: the
    /// first letters are read as bytes, and as characters only when they do not tell.
    #[cold]
    #[inline(never)]
    fn passes_over_by_chars(&self, text: &str, start: usize, end: usize) -> bool {
        let prefix = &text.as_bytes()[start..end];
        // Two ASCII letters first, the common case, as `may_spell` reads them.
        if let [a, b, ..] = *prefix
            && let (Some(i), Some(j)) = (initial(a), initial(b))
        {
            return self.wanted_shapes[i] == 0 || self.wanted_pairs[i] & (1 << j) == 0;
        }
        // An ASCII first letter that no wanted word has.
        if initial(prefix[0]).is_some_and(|i| self.wanted_shapes[i] == 0) {
            return true;
        }
        match key_start(&text[start..end]) {
            Some(Some(pair)) => !self.pair_wanted(pair),
            // No key: it spells nothing.
            Some(None) => true,
            None => false,
        }
    }

    /// The ASCII words of `text` only.
    fn add_ascii_words(&mut self, text: &str) {
        let mut lower = String::new();
        for (at, word) in words(text) {
            if word.is_ascii() {
                self.add_ascii(text, at, word, &mut lower);
            }
        }
        self.ascii_collected = true;
    }

    /// The ASCII words of `text` that are one of `wanted` (lowercase ASCII letters), found
    /// by searching the lowercased text for each instead of reading every word: as
    /// [`DocWords::add_ascii_words`] would collect them. A word's state depends only on its
    /// own occurrences, taken in the text's order, so the words may be taken one by one.
    fn add_ascii_occurrences(&mut self, text: &str, wanted: &[String]) {
        let folded = text.to_ascii_lowercase();
        let mut lower = String::new();
        for word in wanted {
            // Only a word of letters can be a word of the text.
            if !word.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            for at in memchr::memmem::find_iter(folded.as_bytes(), word.as_bytes()) {
                let end = at + word.len();
                // A whole word: no letter (of any script) on either side.
                let letter_before = text[..at].chars().next_back().is_some_and(super::is_letter);
                let letter_after = text[end..].chars().next().is_some_and(super::is_letter);
                if !letter_before && !letter_after {
                    self.add_ascii(text, at, &text[at..end], &mut lower);
                }
            }
        }
    }

    /// Collect the ASCII words of `text` if they were not: the vocabulary needs them (a
    /// word the document writes as it is stays), document evidence alone does not.
    pub fn ensure_ascii(&mut self, text: &str) {
        if !self.ascii_collected {
            self.add_ascii_words(text);
        }
    }

    /// Whether every ASCII word of the text was collected.
    pub(crate) fn ascii_collected(&self) -> bool {
        self.ascii_collected
    }

    /// One ASCII word, at `at` in `text`.
    fn add_ascii(&mut self, text: &str, at: usize, word: &str, lower: &mut String) {
        if self.wanted.is_some() && !self.may_want(word) {
            return;
        }
        lowercase_into(word, lower);
        if !self.wants(lower) {
            return;
        }
        let known = self.ascii.contains(lower.as_str());
        // The whitespace-separated chunk the word stands in (a word with diacritics stands
        // in a chunk that is not all ASCII, which is no address): looked at for a word that
        // would be kept, and for a known one that touches an address's punctuation (it may
        // be a name as well).
        if known && !touches_address(text.as_bytes(), at, at + word.len()) {
            return;
        }
        let chunk = chunk_around(text, at, at + word.len());
        if chunk.is_ascii() && is_address(chunk) {
            if !self.names.contains(lower.as_str()) {
                self.names.insert(lower.clone());
            }
            return;
        }
        if !known {
            self.ascii.insert(lower.clone());
        }
    }

    /// One word with a letter beyond ASCII.
    fn add_spelled(&mut self, word: &str, lower: &mut String, key: &mut String) {
        self.diacritics = true;
        // Once every optional letter is seen, a word only matters for its spelling, which
        // can spell a wanted word only when its first letters allow it.
        let all_optional = self.optional.len() == OPTIONAL_LETTERS.len();
        let keyed = self.wanted.is_none() || (self.may_want(word) && self.may_spell(word));
        if all_optional && !keyed {
            return;
        }
        lowercase_into(word, lower);
        if !all_optional {
            for c in lower.chars().filter(|c| OPTIONAL_LETTERS.contains(c)) {
                if !self.optional.contains(&c) {
                    self.optional.push(c);
                }
            }
        }
        if keyed && ascii_key_into(lower, key) && self.wants(key) {
            // A form seen before (most are) costs no copy of its key or of itself.
            match self.forms.get_mut(key.as_str()) {
                Some(forms) if forms.contains(lower.as_str()) => {}
                Some(forms) => {
                    forms.insert(lower.clone());
                }
                None => {
                    self.forms
                        .insert(key.clone(), BTreeSet::from([lower.clone()]));
                }
            }
        }
    }

    /// Whether the key of `word` (a word with diacritics) can begin like a wanted word:
    /// its first two letters, spelled as [`ascii_key_into`] spells them, are those of one.
    /// Only the first characters are read.
    fn may_spell(&self, word: &str) -> bool {
        // Two ASCII letters first, the common case: the key starts with them, lowercased.
        if let [a, b, ..] = *word.as_bytes()
            && let (Some(i), Some(j)) = (initial(a), initial(b))
        {
            return self.wanted_pairs[i] & (1 << j) != 0;
        }
        // A key of one letter is no wanted word (they have two or more).
        matches!(key_start(word), Some(Some(pair)) if self.pair_wanted(pair))
    }

    /// Whether a key beginning with these two bytes can be a wanted word.
    fn pair_wanted(&self, [a, b]: [u8; 2]) -> bool {
        match (initial(a), b) {
            (Some(i), b) if b.is_ascii_lowercase() => self.wanted_pairs[i] & (1 << (b - b'a')) != 0,
            _ => false,
        }
    }

    /// Whether any form with diacritics was collected: without one, nothing is restored
    /// from the document.
    pub fn has_forms(&self) -> bool {
        !self.forms.is_empty()
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

    /// The words of `cached` when it was collected for `text` and `line`, else the words
    /// of `text` that can serve to restore `line`, collected now (and not kept with a copy
    /// of the two, as [`LineWords::reuse`] keeps them).
    pub fn words_for(cached: Option<LineWords>, text: &str, line: &str) -> DocWords {
        match cached {
            Some(c) if c.line == line && c.text == text => c.words,
            _ => DocWords::for_line(text, line),
        }
    }

    /// The words.
    pub fn words(&self) -> &DocWords {
        &self.words
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

/// Call `f` with each character of `c` lowercased, as [`lowercase_into`] writes them.
fn for_lowercase(c: char, mut f: impl FnMut(char)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase());
    } else if c.is_lowercase() {
        f(c);
    } else {
        c.to_lowercase().for_each(f);
    }
}

/// The first two bytes of the key of a word that begins with `prefix`, as
/// [`ascii_key_into`] spells its lowercase form: `Some(None)` when a letter of the prefix
/// read before them has no spelling (the word has no key), `None` when the prefix ends
/// before them.
fn key_start(prefix: &str) -> Option<Option<[u8; 2]>> {
    // The common cases from the bytes: a letter of Latin-1 (C3 80–BF) after an ASCII letter
    // (`für`), or first, spelled with two letters (`Übung`).
    match *prefix.as_bytes() {
        [a, 0xC3, x, ..] if a.is_ascii_alphabetic() && (0x80..=0xBF).contains(&x) => {
            match latin1_spelling(x) {
                None => return Some(None),
                Some(&[s, ..]) => return Some(Some([a.to_ascii_lowercase(), s])),
                Some(_) => {}
            }
        }
        [0xC3, x, ..] if (0x80..=0xBF).contains(&x) => match latin1_spelling(x) {
            None => return Some(None),
            Some(&[s, t, ..]) => return Some(Some([s, t])),
            Some(_) => {}
        },
        _ => {}
    }
    key_start_of_chars(prefix)
}

/// The first spelling (as [`ascii_key_into`] spells it) of the lowercase form of the
/// character whose UTF-8 bytes are C3 `second` (U+00C0–U+00FF); `None` when it has none.
fn latin1_spelling(second: u8) -> Option<&'static [u8]> {
    let code = 0xC0 + u32::from(second & 0x3F);
    // Latin-1's capitals are U+00C0–U+00DE but `×`, each 0x20 below its small letter.
    let lower = match code {
        0xC0..=0xDE if code != 0xD7 => code + 0x20,
        _ => code,
    };
    let c = char::from_u32(lower)?;
    spellings(c).and_then(|s| s.first()).map(|s| s.as_bytes())
}

/// Flags of [`LATIN1_KEYS`]: the letter's key is one byte long; it has none; its first
/// bytes are not two lowercase ASCII letters (read by characters).
const KEY_ONE: u32 = 1 << 16;
const KEY_NONE: u32 = 1 << 17;
const KEY_SLOW: u32 = 1 << 18;

/// For the letter whose UTF-8 bytes are C3 `x` (U+00C0–U+00FF), at `x & 0x3F`: the first
/// two bytes of the first spelling of its lowercase form (as [`latin1_spelling`] gives
/// it), the first in the low byte, with a flag where it has fewer ([`KEY_ONE`],
/// [`KEY_NONE`]; the missing bytes are `a`) or others ([`KEY_SLOW`]). Built from
/// [`spellings::SPELLINGS`] with the same rules; a test holds
/// it to [`latin1_spelling`].
static LATIN1_KEYS: [u32; 64] = {
    let mut table = [0; 64];
    let mut k = 0;
    while k < 64 {
        let code = 0xC0 + k as u32;
        let lower = if code <= 0xDE && code != 0xD7 {
            code + 0x20
        } else {
            code
        };
        let mut entry = KEY_NONE | (b'a' as u32) << 8 | b'a' as u32;
        let rows = super::spellings::SPELLINGS;
        let mut r = 0;
        // The last row of a character is the one `spellings` reads.
        while r < rows.len() {
            if rows[r].0 as u32 == lower {
                let first = rows[r].1[0].as_bytes();
                entry = match first {
                    [a] if a.is_ascii_lowercase() => KEY_ONE | (b'a' as u32) << 8 | *a as u32,
                    [a, b, ..] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
                        (*b as u32) << 8 | *a as u32
                    }
                    _ => KEY_SLOW | (b'a' as u32) << 8 | b'a' as u32,
                };
            }
            r += 1;
        }
        table[k] = entry;
        k += 1;
    }
    table
};

/// [`key_start`] character by character.
fn key_start_of_chars(prefix: &str) -> Option<Option<[u8; 2]>> {
    let mut first = [0u8; 2];
    let mut n = 0;
    for c in prefix.chars() {
        let mut spellable = true;
        for_lowercase(c, |l| {
            let spelled = if l.is_ascii() {
                None
            } else {
                match spellings(l).and_then(|s| s.first()) {
                    Some(s) => Some(s.as_bytes()),
                    None => {
                        spellable = false;
                        return;
                    }
                }
            };
            let mut one = [0u8; 4];
            let bytes = spelled.unwrap_or_else(|| l.encode_utf8(&mut one).as_bytes());
            for &b in bytes {
                if n < 2 {
                    first[n] = b;
                    n += 1;
                }
            }
        });
        if !spellable {
            return Some(None);
        }
        if n == 2 {
            return Some(Some(first));
        }
    }
    None
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

    /// The key's first bytes read from a Latin-1 letter's bytes are those its characters
    /// give, after an ASCII letter, first, and before another letter.
    #[test]
    fn key_starts_from_bytes_agree_with_the_characters() {
        for c in '\u{80}'..='\u{24F}' {
            for prefix in [
                format!("f{c}"),
                format!("F{c}x"),
                format!("{c}"),
                format!("{c}b"),
                format!("{c}é"),
            ] {
                assert_eq!(
                    key_start(&prefix),
                    key_start_of_chars(&prefix),
                    "{prefix:?}"
                );
            }
        }
    }

    /// The table of Latin-1 keys says what [`latin1_spelling`] says, for every second byte.
    #[test]
    fn latin1_keys_agree_with_the_spellings() {
        for x in 0x80..=0xBFu8 {
            let entry = LATIN1_KEYS[usize::from(x & 0x3F)];
            let bytes = [(entry & 0xFF) as u8, (entry >> 8 & 0xFF) as u8];
            match latin1_spelling(x) {
                None => assert_ne!(entry & KEY_NONE, 0, "{x:X}"),
                Some([a]) => assert_eq!((entry & KEY_ONE != 0, bytes[0]), (true, *a), "{x:X}"),
                Some([a, b, ..]) => assert_eq!((entry >> 16, bytes), (0, [*a, *b]), "{x:X}"),
                Some([]) => panic!("an empty spelling"),
            }
        }
    }

    /// Whether a word is passed over, judged from its bytes, is what its characters tell,
    /// for every letter of U+00C0–U+024F after no, one and two ASCII letters, with every
    /// set of wanted words drawn.
    #[test]
    fn passing_over_from_the_bytes_agrees_with_the_characters() {
        let lines = [
            "Ueber Aerger",
            "Oeffnung",
            "Strasse",
            "Fuer Mueller",
            "Ecole",
            "Thorn",
            "Aarhus",
            "Xy Zz",
            "Prilis",
            "Uu",
            "Ae Oe Ue Ss",
            "Ab",
            "Ba",
        ];
        for line in lines {
            let mut words = DocWords::wanting(line);
            words.optional = OPTIONAL_LETTERS.to_vec();
            for c in '\u{C0}'..='\u{24F}' {
                if !super::super::is_letter(c) {
                    continue;
                }
                for before in ["", "u", "E", "ab", "Fu", "xQ", "str"] {
                    let text = format!("{before}{c}x");
                    let (start, p) = (0, before.len());
                    let end = p + c.len_utf8();
                    assert_eq!(
                        words.passes_over(&text, start, p, end),
                        words.passes_over_by_chars(&text, start, end),
                        "{text:?} / {line:?}"
                    );
                }
            }
        }
    }

    /// A word passed over from its first letter with a diacritic (`Brückenhöhle`, once `ß`
    /// is seen, when no wanted word begins with `br`) is not read again from its second
    /// one, as if `ckenhöhle` were a word of its own.
    #[test]
    fn a_word_passed_over_is_not_taken_up_again_in_its_middle() {
        let words = DocWords::for_line("Straße Brückenhöhle ckenhoehle", "Ckenhoehle");
        assert!(!words.has_forms(), "{:?}", words.forms);
        assert!(words.uses_diacritics());
        // Wanted, the word is read whole.
        let words = DocWords::for_line("Straße Brückenhöhle", "Brueckenhoehle");
        assert_eq!(
            words.forms_spelled("brueckenhoehle").map(|f| f.len()),
            Some(1)
        );
    }

    /// What [`DocWords::for_line`] collects, completed by [`DocWords::ensure_ascii`], is what
    /// one pass over every word collects.
    #[test]
    fn the_passes_for_a_line_collect_what_one_pass_does() {
        let pieces = [
            "Grüße",
            "gruesse",
            "aus",
            "Köln",
            "koeln.de",
            "l’été",
            "ete",
            "Straße",
            "strasse",
            "x",
            "„Über“",
            "ueber",
            "—",
            "Ærø",
            "aeroe",
            "info@köln.de",
            "mail@koeln.de",
            "www.uebung.de",
            "Übung",
            "uebung",
            "日本",
            "Œuvre",
            "oeuvre",
            "ÄÖÜ",
            "aeoeue",
            "a-b",
            "ß",
            "ss",
            ".",
            ",",
            "\n",
            "  ",
            "é",
            "e",
            "für",
            "fuer",
            "FuEr",
            "fuerx",
            "xfuer",
            "Müfuer",
            "fuerä",
            "fuer.de",
            "http://x.de/?q=fuer",
            "GROẞE",
            "groß",
            "Bärenhöhle",
            "baerenhoehle",
            "Fußgängerzone",
            "fussgaengerzone",
            "baeren",
            "grosse",
            "Übergangsbestimmungen",
            "a×b",
            "÷über",
            "İstanbul",
            "ǅemal",
            "fuer–",
        ];
        let mut rng = crate::testing::XorShift::new(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..5000 {
            let mut pick = |k: usize| -> String {
                (0..k)
                    .map(|_| pieces[next(pieces.len())])
                    .collect::<Vec<_>>()
                    .join(if next(3) == 0 { "" } else { " " })
            };
            let (text, line) = (pick(12), pick(5));
            let mut split = DocWords::for_line(&text, &line);
            split.ensure_ascii(&text);
            let mut one = DocWords::wanting(&line);
            one.add_text(&text);
            let fields = |d: &DocWords| {
                (
                    d.ascii.clone(),
                    d.forms.clone(),
                    d.diacritics,
                    d.optional.clone(),
                    d.names.clone(),
                )
            };
            assert_eq!(fields(&split), fields(&one), "{text:?} / {line:?}");
            // Without the vocabulary, the words that have a form are all that is looked
            // for, and what is known of them is what one pass knows.
            // Both against every word collected without a wanted set.
            let alone = DocWords::for_line(&text, &line);
            let mut every = DocWords::default();
            every.add_text(&text);
            let wanted = DocWords::wanting(&line).wanted.unwrap_or_default();
            let mut forms = every.forms.clone();
            forms.retain(|key, _| wanted.contains(key));
            assert_eq!(alone.forms, forms, "{text:?} / {line:?}");
            assert_eq!(one.forms, forms, "{text:?} / {line:?}");
            for key in alone.forms.keys() {
                let known = |d: &DocWords| (d.ascii.contains(key), d.names.contains(key));
                assert_eq!(known(&alone), known(&every), "{key}: {text:?} / {line:?}");
            }
        }
    }
}
