//! The corpus vocabulary: attested word forms with counts, for restoring transliterations.
//!
//! Built in parallel from texts ([`Vocab::from_texts`]), merged across chunks
//! ([`Vocab::merge`]), written and read in a small text format. Words are the runs of
//! alphabetic characters ([`crate::words::words`]), lowercased. Restoration looks forms
//! up by their primary ASCII spelling ([`crate::words::ascii_key`]) and compares the
//! count of the ASCII form itself, so every word is kept, not only those with diacritics.
//!
//! # File format, version 2
//!
//! UTF-8 text, LF line ends. The first line is exactly `scour-vocab 2`. Every further line
//! is one word, a tab, and its count in decimal (at least 1): `straße\t1042`. Words are
//! lowercase, contain no tab, newline or carriage return, appear once, and are sorted by
//! their UTF-8 bytes, so that the same corpus always gives the same file. After the words
//! come the corpus profile's records, lines starting with `@` (recurring edge lines and
//! site tags, see [`crate::profile`]). Version 1 files (words only) are read too; a reader
//! rejects any other version.

use crate::words::{ascii_key, is_letter, lowercase_into};
use foldhash::HashMap;
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::sync::OnceLock;

/// The first line of a vocabulary file as written now (version 2).
pub const HEADER: &str = "scour-vocab 2";
/// The first line of a version-1 file (words only), still read.
pub const HEADER_V1: &str = "scour-vocab 1";

/// Why a vocabulary file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// Reading failed.
    #[error("cannot read the vocabulary: {0}")]
    Io(#[from] std::io::Error),
    /// The first line is not [`HEADER`].
    #[error(
        "not a scour vocabulary (version 1 or 2): the first line must be `{HEADER}`, found `{0}`"
    )]
    Header(String),
    /// A line that is not `word<TAB>count`.
    #[error("line {line}: expected `word<TAB>count`, found `{text}`")]
    Line {
        /// 1-based line number.
        line: usize,
        /// The line (cut to 80 characters).
        text: String,
    },
    /// A word listed twice, or out of order.
    #[error("line {line}: `{word}` is out of order or listed twice (the file must be sorted)")]
    Order {
        /// 1-based line number.
        line: usize,
        /// The word.
        word: String,
    },
}

/// Attested word forms with their counts.
#[derive(Clone, Default)]
pub struct Vocab {
    counts: HashMap<String, u64>,
    /// Edge lines and site tags of the corpus (filled by [`crate::learn`]).
    pub profile: crate::profile::Profile,
    /// Primary ASCII spelling → forms with diacritics and their counts, sorted by form.
    /// Built on first use; [`Vocab::merge`] drops it.
    index: OnceLock<HashMap<String, Vec<(String, u64)>>>,
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocab")
            .field("words", &self.counts.len())
            .finish()
    }
}

impl PartialEq for Vocab {
    fn eq(&self, other: &Self) -> bool {
        self.counts == other.counts && self.profile == other.profile
    }
}

impl Vocab {
    /// An empty vocabulary.
    pub fn new() -> Self {
        Self::default()
    }

    /// The vocabulary of `texts`, counted in parallel.
    pub fn from_texts<S: AsRef<str> + Sync>(texts: &[S]) -> Self {
        texts
            .par_iter()
            .fold(Tally::default, |mut t, text| {
                t.add_text(text.as_ref());
                t
            })
            .reduce(Tally::default, |mut a, b| {
                a.merge(b);
                a
            })
            .into_vocab()
    }

    /// Count the words of one text.
    pub fn add_text(&mut self, text: &str) {
        let mut tally = Tally::default();
        tally.add_text(text);
        self.merge(tally.into_vocab());
    }

    /// Add the counts of `other`.
    pub fn merge(&mut self, mut other: Vocab) {
        self.index.take();
        self.profile.merge(std::mem::take(&mut other.profile));
        if self.counts.len() < other.counts.len() {
            let mine = std::mem::replace(&mut self.counts, other.counts);
            self.add_counts(mine);
        } else {
            self.add_counts(other.counts);
        }
    }

    fn add_counts(&mut self, counts: HashMap<String, u64>) {
        for (word, n) in counts {
            *self.counts.entry(word).or_insert(0) += n;
        }
    }

    /// How many distinct words.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether no word is known.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// How often the lowercase `word` was seen.
    pub fn count(&self, word: &str) -> u64 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// The forms with diacritics whose primary ASCII spelling is `key`, with their counts,
    /// sorted by form.
    pub fn forms(&self, key: &str) -> &[(String, u64)] {
        let index = self.index.get_or_init(|| {
            let mut index: HashMap<String, Vec<(String, u64)>> = HashMap::default();
            for (word, &n) in &self.counts {
                if word.is_ascii() {
                    continue;
                }
                if let Some(key) = ascii_key(word) {
                    index.entry(key).or_default().push((word.clone(), n));
                }
            }
            for forms in index.values_mut() {
                forms.sort();
            }
            index
        });
        index.get(key).map_or(&[], Vec::as_slice)
    }

    /// Write the vocabulary in the version-2 format.
    pub fn write<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        let mut sorted: Vec<(&String, &u64)> = self.counts.iter().collect();
        sorted.sort_unstable();
        writeln!(out, "{HEADER}")?;
        for (word, n) in sorted {
            writeln!(out, "{word}\t{n}")?;
        }
        if self.profile.docs > 0 {
            for line in self.profile.lines() {
                writeln!(out, "{line}")?;
            }
        }
        out.flush()
    }

    /// Read a vocabulary in the version-2 (or version-1) format.
    pub fn read<R: BufRead>(input: R) -> Result<Vocab, VocabError> {
        let mut lines = input.lines();
        let header = lines.next().transpose()?.unwrap_or_default();
        if header != HEADER && header != HEADER_V1 {
            return Err(VocabError::Header(cut(&header)));
        }
        let mut vocab = Vocab::new();
        let mut previous: Option<String> = None;
        for (i, line) in lines.enumerate() {
            let line = line?;
            let number = i + 2;
            let bad = || VocabError::Line {
                line: number,
                text: cut(&line),
            };
            if header == HEADER && line.starts_with('@') {
                vocab.profile.read_line(&line).map_err(|_| bad())?;
                continue;
            }
            let (word, n) = line.split_once('\t').ok_or_else(bad)?;
            let n: u64 = n.parse().map_err(|_| bad())?;
            if word.is_empty() || n == 0 || word.contains(['\t', '\r']) {
                return Err(bad());
            }
            if previous.as_deref().is_some_and(|p| p >= word) {
                return Err(VocabError::Order {
                    line: number,
                    word: word.to_owned(),
                });
            }
            previous = Some(word.to_owned());
            vocab.counts.insert(word.to_owned(), n);
        }
        Ok(vocab)
    }
}

/// Word counts as [`crate::learn`] gathers them, turned into a [`Vocab`] at the end. Most words
/// are at most 16 bytes long: those are counted under their bytes packed into one integer
/// (zero-padded; words hold no NUL), which spares a string compare and an allocation per
/// word; longer words are counted as strings.
#[derive(Default)]
pub(crate) struct Tally {
    short: HashMap<u128, u64>,
    long: HashMap<String, u64>,
    /// The corpus profile gathered beside the words.
    pub(crate) profile: crate::profile::Profile,
    lower: String,
}

impl Tally {
    /// Count the words of `text`: the same words as [`crate::words::words`], lowercased. The text is
    /// scanned sixteen bytes at a time ([`ascii_letters`]); a word of ASCII letters and
    /// letters of U+00C0–U+00FF (two bytes, `C3 xx`, lowercased by adding 0x20 to the second
    /// byte) is lowercased and packed as it is scanned; a word with other letters takes the
    /// general path.
    pub(crate) fn add_text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start;
            let mut buf = [0u8; 16];
            let mut n = 0;
            if let Some(block) = bytes
                .get(i..i + 16)
                .and_then(|b| <[u8; 16]>::try_from(b).ok())
            {
                // Sixteen bytes at a time: the words of ASCII letters that end inside the
                // block are counted from it; the scan stops at a word that reaches the end of
                // the block or a byte beyond ASCII, with its ASCII letters taken.
                let block = u128::from_le_bytes(block);
                let letters = byte_mask(ascii_letters(block));
                let high = byte_mask(block & HIGH_BITS);
                let mut at = 0;
                let stop = loop {
                    let wordish = (letters | high) >> at;
                    if wordish == 0 {
                        break None;
                    }
                    let skip = at + wordish.trailing_zeros();
                    // Bits 16 and up of `!letters` are set: a run ends at the block's end.
                    let run = (!letters >> skip).trailing_zeros();
                    let word = ((block >> (8 * skip)) | LOWERCASE_BITS) & low_bytes(run);
                    if run == 0 || skip + run == 16 || (high >> (skip + run)) & 1 == 1 {
                        break Some((skip, run, word));
                    }
                    *self.short.entry(word).or_insert(0) += 1;
                    at = skip + run;
                };
                let Some((skip, run, word)) = stop else {
                    i += 16;
                    continue;
                };
                start = i + skip as usize;
                buf = word.to_le_bytes();
                n = run as usize;
                i = start + n;
            } else {
                let b = bytes[i];
                if b < 0x80 && !b.is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                start = i;
            }
            // The rest of the word byte by byte (beyond the block, or from a byte beyond
            // ASCII).
            loop {
                match bytes.get(i) {
                    Some(&b) if b.is_ascii_alphabetic() => {
                        if n < 16 {
                            buf[n] = b | 0x20;
                        }
                        n += 1;
                        i += 1;
                    }
                    Some(0xC3) => match bytes.get(i + 1) {
                        // × and ÷ are not letters.
                        Some(&(0x97 | 0xB7)) | None => break,
                        Some(&second) => {
                            // À–Þ (C3 80–9E) lowercase to à–þ (C3 A0–BE); ß and à–ÿ stay.
                            let second = if second <= 0x9E {
                                second + 0x20
                            } else {
                                second
                            };
                            if n + 1 < 16 {
                                buf[n] = 0xC3;
                                buf[n + 1] = second;
                            }
                            n += 2;
                            i += 2;
                        }
                    },
                    _ => break,
                }
            }
            if !starts_letter(text, i) {
                if i == start {
                    // Not a letter: skip the character.
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                } else if n <= 16 {
                    *self.short.entry(u128::from_le_bytes(buf)).or_insert(0) += 1;
                } else {
                    self.add_word(&text[start..i]);
                }
                continue;
            }
            // A word with another letter beyond ASCII: to its end, letter by letter.
            let mut end = i;
            while let Some(c) = text[end..].chars().next().filter(|&c| is_letter(c)) {
                end += c.len_utf8();
            }
            self.add_word(&text[start..end]);
            i = end;
        }
    }

    fn add_word(&mut self, word: &str) {
        let word = if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            lowercase_into(word, &mut self.lower);
            self.lower.as_str()
        } else {
            word
        };
        if let Some(key) = pack(word) {
            *self.short.entry(key).or_insert(0) += 1;
        } else if let Some(count) = self.long.get_mut(word) {
            *count += 1;
        } else {
            self.long.insert(word.to_owned(), 1);
        }
    }

    pub(crate) fn merge(&mut self, mut other: Tally) {
        if self.short.len() < other.short.len() {
            std::mem::swap(&mut self.short, &mut other.short);
        }
        for (key, n) in other.short {
            *self.short.entry(key).or_insert(0) += n;
        }
        for (word, n) in other.long {
            *self.long.entry(word).or_insert(0) += n;
        }
        self.profile.merge(other.profile);
    }

    pub(crate) fn into_vocab(self) -> Vocab {
        let mut counts = self.long;
        counts.reserve(self.short.len());
        for (key, n) in self.short {
            let bytes = key.to_le_bytes();
            let len = bytes.iter().position(|&b| b == 0).unwrap_or(16);
            let word = std::str::from_utf8(&bytes[..len]).expect("packed from a str");
            *counts.entry(word.to_owned()).or_insert(0) += n;
        }
        Vocab {
            counts,
            profile: self.profile,
            index: OnceLock::new(),
        }
    }
}

/// The high bit of every byte.
const HIGH_BITS: u128 = u128::from_le_bytes([0x80; 16]);
/// The bit that makes an ASCII letter lowercase, in every byte.
const LOWERCASE_BITS: u128 = u128::from_le_bytes([0x20; 16]);

/// The high bit of every byte of `block` that is an ASCII letter, the others clear. No
/// byte's sum carries into the next, so sixteen bytes are tested at once.
fn ascii_letters(block: u128) -> u128 {
    let low = u128::from_le_bytes([0x7f; 16]);
    let folded = (block | LOWERCASE_BITS) & low;
    let from_a = folded + u128::from_le_bytes([0x80 - b'a'; 16]);
    let past_z = folded + u128::from_le_bytes([0x80 - b'z' - 1; 16]);
    from_a & !past_z & !block & HIGH_BITS
}

/// One bit per byte of a value whose bytes are 0 or 0x80: bit `k` for byte `k`.
fn byte_mask(high_bits: u128) -> u32 {
    // The multiplier moves bit 8k to bit 56 + k, for k = 0..8, without carries.
    let gather = |half: u64| ((half >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    gather(high_bits as u64) | gather((high_bits >> 64) as u64) << 8
}

/// The low `n` bytes set (`n` ≤ 16).
fn low_bytes(n: u32) -> u128 {
    u128::MAX.checked_shr(128 - 8 * n).unwrap_or(0)
}

/// Whether a non-ASCII letter starts at byte `i` of `text` (a char boundary).
fn starts_letter(text: &str, i: usize) -> bool {
    text.as_bytes().get(i).is_some_and(|&b| b >= 0x80)
        && text[i..].chars().next().is_some_and(is_letter)
}

/// A word of at most 16 bytes packed into an integer.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(u128::from_le_bytes(buf))
}

fn cut(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;

    #[test]
    fn counts_lowercased_words() {
        let v = Vocab::from_texts(&["Straße und STRASSE", "straße, Müller!", "müller"]);
        assert_eq!(v.count("straße"), 2);
        assert_eq!(v.count("strasse"), 1);
        assert_eq!(v.count("müller"), 2);
        assert_eq!(v.count("Müller"), 0);
        assert_eq!(v.forms("strasse"), [("straße".to_owned(), 2)]);
        assert_eq!(v.forms("mueller"), [("müller".to_owned(), 2)]);
        assert!(v.forms("muller").is_empty());
    }

    #[test]
    fn merge_adds_counts_and_refreshes_the_index() {
        let mut a = Vocab::from_texts(&["Höfe"]);
        assert_eq!(a.forms("hoefe").len(), 1);
        a.merge(Vocab::from_texts(&["höfe höfe Hoefe"]));
        assert_eq!(a.forms("hoefe"), [("höfe".to_owned(), 3)]);
        assert_eq!(a.count("hoefe"), 1);
    }

    #[test]
    fn the_tally_counts_as_the_vocabulary_does() {
        let texts = [
            "Straße STRASSE straße Unterstützung Donaudampfschifffahrtsgesellschaft",
            "ÄRGER ärger Ärger Übermäßigkeitsbekundungen aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaa",
            "Ελληνικά ΕΛΛΗΝΙΚΆ mixedCASE İstanbul",
            "„Grüße“, sagte Jürgen—x2y ÉCOLE l’été 日本語 ×÷ end Köln„Bonn ab×cd",
            "ABCDEFGHIJKLMNOP abcdefghijklmnopq MüllerMüllerMüller straßenbahnhaltestelle",
            "",
            "x",
            "ü",
            "9 a1b2 ",
            "ÀÉÎÕÜÝÞ àÿ ×÷ Straße×Weg ÄÖÜ abcdefghijklmnoÄ abcdefghijklmnÄ",
            "ABCDEFGHIJKLMNOPQ, abcdefghijklmnop. Zwölfzeichen_Ölförderländer Ölförderländer",
            "short words at the end of a text: a bc Def",
            "Grenzübergängeł łódź Łódź ſ ǅ Ǆemal ÿ Ÿ",
        ];
        // Words across every offset of the sixteen-byte blocks.
        let long: String = (0..300)
            .map(|i| {
                [
                    "Grüße",
                    "a",
                    "Straßenbahn",
                    "ÄRGER",
                    "x",
                    "Köln„Bonn",
                    "łódź",
                ][i % 7]
            })
            .enumerate()
            .map(|(i, w)| format!("{w}{}", [" ", ", ", "  (", "\n", "-"][i % 5]))
            .collect();
        let texts: Vec<&str> = texts.into_iter().chain([long.as_str()]).collect();
        // Counted the plain way: every run of letters, lowercased.
        let mut want: HashMap<String, u64> = HashMap::default();
        for &t in &texts {
            for (_, word) in words(t) {
                let mut lower = String::new();
                lowercase_into(word, &mut lower);
                *want.entry(lower).or_insert(0) += 1;
            }
        }
        let mut tally = Tally::default();
        for &t in &texts {
            let mut part = Tally::default();
            part.add_text(t);
            tally.merge(part);
        }
        let got = tally.into_vocab();
        assert_eq!(got.len(), want.len());
        for (word, n) in &want {
            assert_eq!(got.count(word), *n, "{word}");
        }
    }

    #[test]
    fn ascii_letters_agrees_with_is_ascii_alphabetic() {
        for b in 0..=255u8 {
            for at in [0, 7, 8, 15] {
                let mut block = [b'.'; 16];
                block[at] = b;
                let got = ascii_letters(u128::from_le_bytes(block)).to_le_bytes();
                for (i, &g) in got.iter().enumerate() {
                    let want = if block[i].is_ascii_alphabetic() {
                        0x80
                    } else {
                        0
                    };
                    assert_eq!(g, want, "byte {b:#x} at {at}, lane {i}");
                }
            }
        }
    }

    #[test]
    fn byte_masks_and_low_bytes() {
        for k in 0..16 {
            let mut bytes = [0u8; 16];
            bytes[k] = 0x80;
            assert_eq!(byte_mask(u128::from_le_bytes(bytes)), 1 << k);
            assert_eq!(
                low_bytes(k as u32)
                    .to_le_bytes()
                    .iter()
                    .filter(|&&b| b == 0xff)
                    .count(),
                k
            );
        }
        assert_eq!(byte_mask(HIGH_BITS), 0xffff);
        assert_eq!(low_bytes(16), u128::MAX);
    }

    #[test]
    fn parallel_and_sequential_counts_agree() {
        let texts: Vec<String> = (0..200).map(|i| format!("Wort{i} Grüße grüße")).collect();
        let mut seq = Vocab::new();
        for t in &texts {
            seq.add_text(t);
        }
        assert_eq!(Vocab::from_texts(&texts), seq);
    }

    #[test]
    fn write_then_read_round_trips_sorted() {
        let v = Vocab::from_texts(&["zebra Äpfel apfel zebra"]);
        let mut out = Vec::new();
        v.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "scour-vocab 2\napfel\t1\nzebra\t2\näpfel\t1\n"
        );
        assert_eq!(Vocab::read(&out[..]).unwrap(), v);
    }

    #[test]
    fn read_rejects_bad_files() {
        let err = |s: &str| Vocab::read(s.as_bytes()).unwrap_err().to_string();
        assert!(err("scour-vocab 3\n").contains("version 1 or 2"));
        assert!(err("scour-vocab 2\na\t1\n@nope\t1\n").contains("line 3"));
        assert!(err("").contains("first line"));
        assert!(err("scour-vocab 1\nwort\n").contains("line 2"));
        assert!(err("scour-vocab 1\nwort\tx\n").contains("line 2"));
        assert!(err("scour-vocab 1\nwort\t0\n").contains("line 2"));
        assert!(err("scour-vocab 1\nb\t1\na\t1\n").contains("line 3"));
        assert!(err("scour-vocab 1\na\t1\na\t1\n").contains("out of order"));
    }
}
