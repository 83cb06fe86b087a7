//! Restoring transliterated words from attested forms, for the structure stage (is an ASCII
//! first line a transliterated title?) and the translit stage (restore it, and the body on
//! request).
//!
//! A word is a candidate when it is all ASCII and its lowercase form is the primary ASCII
//! spelling ([`crate::words::ascii_key`]) of an attested word with diacritics. The evidence
//! comes from the document first ([`DocWords`]) and from the corpus vocabulary second.
//!
//! # Never a false fix
//! A word stays as it is when it is itself attested, when more than one form could be meant,
//! when it is in a URL or e-mail address, when it is quoted on its own, when it is one letter
//! long, or when its case pattern is mixed. Evidence from the corpus vocabulary must in addition
//! be frequent (a form seen at least [`MIN_VOCAB_COUNT`] times, the ASCII form at most
//! 1/[`GENUINE_RATIO`] as often) and, in a document that uses diacritics, may not
//! bring in one of the [`OPTIONAL_LETTERS`] the document does without (a Swiss text
//! without `ß` never gets one).

use crate::vocab::Vocab;
pub use crate::words::evidence::OPTIONAL_LETTERS;
use crate::words::evidence::is_address;
use crate::words::{DocWords, words};

/// A form from the corpus vocabulary counts as evidence only when seen this often.
pub const MIN_VOCAB_COUNT: u64 = 2;

/// The ASCII form is genuine (and stays) when the vocabulary has it at least
/// 1/`GENUINE_RATIO` as often as the form with diacritics (`Mueller` beside `Müller`).
pub const GENUINE_RATIO: u64 = 20;

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

/// Restore the transliterated words of `text`; returns the new text and what was restored.
pub fn restore(
    text: &str,
    doc: &DocWords,
    vocab: Option<&Vocab>,
    scope: Scope,
) -> (String, Vec<Restoration>) {
    // The vocabulary may speak only where the document's own ASCII words are known.
    let vocab = vocab.filter(|_| doc.ascii_collected());
    let mut out = String::with_capacity(text.len() + 8);
    let mut fixes = Vec::new();
    let mut copied = 0;
    let mut chunk_start = 0;
    // Brackets open before the chunk: a bracketed name or acronym stays.
    let mut depth = 0usize;
    let mixed_case = text.chars().any(char::is_lowercase);
    for chunk in text.split_inclusive(char::is_whitespace) {
        let chunk_end = chunk_start + chunk.len();
        let base = chunk_start;
        chunk_start = chunk_end;
        let bracketed = depth > 0 || chunk.contains(['(', '[']);
        for b in chunk.bytes() {
            match b {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if bracketed || !chunk.is_ascii() || protected(chunk.trim_end()) {
            continue;
        }
        for (offset, word) in words(chunk) {
            let at = base + offset;
            if kept_as_written(text, at, word, mixed_case) {
                continue;
            }
            let Some(fix) = restore_word(word, doc, vocab, scope) else {
                continue;
            };
            out.push_str(&text[copied..at]);
            out.push_str(&fix.to);
            copied = at + word.len();
            fixes.push(fix);
        }
    }
    out.push_str(&text[copied..]);
    (out, fixes)
}

/// Words that stay as written wherever they stand: a hashtag or mention (`#Koeln`), an
/// acronym in mixed-case text (`ASI`), a cited author (`Hoeren 2019`, `Hoeren (2019)`,
/// `Hoeren et al.`).
fn kept_as_written(text: &str, at: usize, word: &str, mixed_case: bool) -> bool {
    if at > 0 && matches!(text.as_bytes()[at - 1], b'#' | b'@') {
        return true;
    }
    let all_caps = word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase());
    if all_caps && mixed_case && word.len() <= MAX_ACRONYM_LETTERS {
        return true;
    }
    let after = &text[at + word.len()..];
    let after = after.strip_prefix(',').unwrap_or(after);
    let Some(after) = after.strip_prefix(' ') else {
        return false;
    };
    if after.starts_with("et al") {
        return true;
    }
    let year = after.strip_prefix('(').unwrap_or(after).as_bytes();
    year.len() >= 4
        && year[..4].iter().all(u8::is_ascii_digit)
        && matches!(&year[..2], b"19" | b"20")
        && year.get(4).is_none_or(|b| !b.is_ascii_digit())
}

/// An all-capital word of at most this many letters in mixed-case text is an acronym.
const MAX_ACRONYM_LETTERS: usize = 5;

/// URLs, e-mail addresses, domain names, slugs (`fuetterung-der-voegel`) and a word quoted
/// on its own are never touched.
fn protected(chunk: &str) -> bool {
    if is_address(chunk) {
        return true;
    }
    let core = chunk.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    let core = core.trim_start_matches('(');
    // Words joined by `_` are an identifier or a tag (`einmalige_unterstuetzung`).
    if is_slug(core) || core.contains('_') {
        return true;
    }
    let quote = |c: Option<char>| c.is_some_and(|c| matches!(c, '"' | '\'' | '`'));
    core.len() > 1 && quote(core.chars().next()) && quote(core.chars().last())
}

/// Lowercase ASCII words and digits joined by at least two `-` or `_` (a path's `/` may
/// stand between them): a URL's slug or a file name, not prose.
fn is_slug(chunk: &str) -> bool {
    let joins = chunk.bytes().filter(|&b| b == b'-' || b == b'_').count();
    joins >= 2
        && chunk.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'/')
        })
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
    let doc_forms = doc.forms_spelled(&lower);
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

/// The one form the vocabulary attests for `lower`, if the evidence is strong enough and
/// the form only undoes a transliteration of the document's language: every letter beyond
/// ASCII is one that language spells out in ASCII ([`crate::words::language::Language::letters`]: no accent comes
/// back, since no transliteration removes one), and `ß` only where the document writes `ß`
/// itself (Swiss text writes `ss`).
fn vocab_form(lower: &str, doc: &DocWords, vocab: &Vocab) -> Option<String> {
    // A word the document writes in an address, and nowhere with diacritics, is a name.
    if doc.is_name(lower) {
        return None;
    }
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
    let letters = doc.language().letters();
    let foreign = |c: char| {
        !c.is_ascii()
            && (!letters.contains(&c) || (OPTIONAL_LETTERS.contains(&c) && !doc.writes_optional(c)))
    };
    if form.chars().any(foreign) {
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
    use crate::words::LineWords;

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

    /// The body restored from `vocab` alone, as `--restore body` does.
    fn body(text: &str, vocab: &[(&str, u64)]) -> String {
        let mut v = Vocab::new();
        for &(word, n) in vocab {
            for _ in 0..n {
                v.add_text(word);
            }
        }
        let doc = DocWords::from_text(text);
        restore(text, &doc, Some(&v), Scope::Body).0
    }

    #[test]
    fn the_vocabulary_undoes_only_the_documents_own_transliterations() {
        let vocab = [
            ("años", 30),
            ("même", 30),
            ("última", 30),
            ("nö", 30),
            ("así", 30),
            ("grève", 30),
            ("santé", 30),
            ("übungen", 30),
            ("köln", 30),
            ("blåbær", 30),
        ];
        // Accents no transliteration removes never come back; German letters in German text.
        let de =
            "Die Meme und die Uebungen der Stadt sind nicht neu, das ist ultima ratio und Sante.";
        assert_eq!(
            body(de, &vocab),
            "Die Meme und die Übungen der Stadt sind nicht neu, das ist ultima ratio und Sante."
        );
        // Portuguese: nothing of Spanish comes back.
        let pt = "O governo anunciou hoje um plano de 15 anos para a greve.";
        assert_eq!(body(pt, &vocab), pt);
        // Norwegian: `oe` is `ø` there, never German `ö`; `aa` and `ae` are `å` and `æ`.
        let no = "Det er ikke noe nytt, og vi har sett blaabaer paa fjellet.";
        assert_eq!(
            body(no, &vocab),
            "Det er ikke noe nytt, og vi har sett blåbær paa fjellet."
        );
    }

    #[test]
    fn names_acronyms_hashtags_citations_and_slugs_stay() {
        let vocab = [
            ("köln", 30),
            ("hören", 30),
            ("así", 30),
            ("fütterung", 30),
            ("ökolandbau", 30),
        ];
        for text in [
            "Die Stadt feiert #Koeln und @Koeln, und das ist gut.",
            "Die Stadt (ASI) und die KOELN-Gruppe sind nicht neu.",
            "Das steht bei Hoeren 2019 und bei Hoeren (2020) und bei Hoeren et al. auch.",
            "Die Seite /fuetterung-der-voegel-im-winter ist neu und das ist gut.",
            "Der Knopf einmalige_fuetterung ist neu und das ist gut.",
            "Das Portal Oekolandbau ist unter www.oekolandbau.de zu finden, und das ist gut.",
        ] {
            assert_eq!(body(text, &vocab), text);
        }
        // In running text the same words come back.
        assert_eq!(
            body(
                "Die Stadt Koeln ist nicht gross, und das Hoeren ist gut.",
                &vocab
            ),
            "Die Stadt Köln ist nicht gross, und das Hören ist gut."
        );
    }

    #[test]
    fn the_vocabulary_brings_no_sharp_s_into_a_text_that_does_not_write_it() {
        let vocab = [("schließt", 30), ("straße", 30)];
        let swiss = "Die Migros schliesst die Filiale an der Strasse, und das ist nicht gut.";
        assert_eq!(body(swiss, &vocab), swiss);
        let german = "Die Firma schliesst die Filiale an der Straße, und das ist nicht gut.";
        assert_eq!(
            body(german, &vocab),
            "Die Firma schließt die Filiale an der Straße, und das ist nicht gut."
        );
    }
}
