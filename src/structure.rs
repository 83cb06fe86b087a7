//! Stage: structure, the title, and the duplicated heading below it.
//!
//! Scraped news often repeats the title as the first body line, transliterated to ASCII
//! (`Unterstuetzung fuer`) and cut off around 80 characters; some documents have only that
//! degraded heading.
//!
//! # Finding the title
//! Only a heading-shaped first line can be the title ([`heading_shaped`]): at most
//! [`MAX_TITLE_CHARS`] characters, more lines below it, not ending like a clause, a
//! salutation, a label or code (`,` `;` `{`, `):`, or `:` after one or two words), not a run of sentences (a sentence ends
//! inside it and it ends like a sentence or is cut with `…`), not one long sentence (ten
//! words or more ending in `.`), and not an error message a server printed into the page
//! (`Warning: …`, `Fatal error: …`, `… on line 12`). No title is taken at all with
//! `find_title` off (`--no-title`); a title given by the input is kept either way. Then an
//! ordered cascade; the first branch that fires decides:
//! 1. a blank line follows: the first line is the title;
//! 2. the next line repeats it ([`heading_match`], either way round): the first line is the
//!    title;
//! 3. a transliterated heading: the first line is all ASCII, does not end like a sentence
//!    (`.`, `,`, `;`), and at least one of its words is restored from the rest of the document
//!    ([`crate::restore`]: a spelled-out word not attested as is, whose form with
//!    diacritics the body has, and only that one). A blank line is not needed: this is the
//!    worst case of the seed corpus, where the degraded heading is the only title.
//!
//! # The duplicate
//! The first line below the title is a duplicate when it spells the title, verbatim or
//! transliterated, whole or cut at a word boundary; when the title spells it whole (a title
//! given in ASCII by JSONL input, repeated with diacritics); when it is the title without
//! the site's name at its end (`Mandelplätzchen` under `Mandelplätzchen | kulinaria@home`;
//! separators ` | `, ` - `, ` – `, ` — `, ` :: `, ` · `, ` » `; the part at least
//! eight characters and no shorter than the name; a line that repeats the site's name is
//! its logo, and stays); or when the title is it cut short (the line heading-shaped and not
//! ending in `.`). It leaves the text and is kept under `removed` as `duplicate_heading`.
//! Which of the two stays the title: the document's title, unless the line spells out
//! letters the ASCII title transliterated (then the line becomes the title and the ASCII
//! title is kept under `removed` as `transliterated_title`) or the title is the line cut
//! short (then the line becomes the title, the cut one kept as `truncated_title`). Two
//! that differ only in typography (`-` and `–`, `'` and `’`, `"` and `„“`) leave the
//! title as the document wrote it. The translit stage then restores a title that is still
//! all ASCII.

use crate::config::Config;
use crate::document::{Document, Removed};
use crate::error::Reject;
use crate::restore::{Evidence, Scope, restore};
use crate::words::LineWords;

mod heading;

pub use heading::{HeadingMatch, heading_match};

/// The stage's name in change logs.
pub const STAGE: &str = "structure";

/// A first line longer than this is a paragraph, not a title.
pub const MAX_TITLE_CHARS: usize = 300;

/// A line ending in `.` with at least this many words is a sentence, not a title.
const MAX_SENTENCE_TITLE_WORDS: usize = 10;

/// How messages of servers and interpreters that end up in scraped pages begin.
const ERROR_STARTS: &[&str] = &[
    "Warning: ",
    "Notice: ",
    "Deprecated: ",
    "Fatal error: ",
    "Parse error: ",
    "Catchable fatal error: ",
    "Strict Standards: ",
    "Traceback (most recent call last)",
    "Exception in thread ",
];

/// Whether `line` can be a title: see the module docs.
pub fn heading_shaped(line: &str) -> bool {
    let line = line.trim();
    let too_long = line.len() > MAX_TITLE_CHARS && line.chars().count() > MAX_TITLE_CHARS;
    if line.is_empty() || too_long || line.ends_with([',', ';', '{']) {
        return false;
    }
    // A colon ends code (`def f():`) and labels (`Hinweis:`); a headline may end in one
    // (`Marché de Noël :`).
    if line.ends_with("):") || (line.ends_with(':') && line.split_whitespace().count() <= 2) {
        return false;
    }
    if ERROR_STARTS.iter().any(|s| line.starts_with(s)) || has_line_number(line) {
        return false;
    }
    let ends_like_sentence = line.ends_with(['.', '!', '?', '…']);
    if ends_like_sentence && has_sentence_end_inside(line) {
        return false;
    }
    let one_long_sentence = line.ends_with('.')
        && !line.ends_with("..")
        && line.split_whitespace().count() >= MAX_SENTENCE_TITLE_WORDS;
    !one_long_sentence
}

/// `… on line 12`: where an error message says it happened.
fn has_line_number(line: &str) -> bool {
    line.match_indices(" on line ").any(|(i, m)| {
        line[i + m.len()..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit())
    })
}

/// A sentence ends inside `line`: `.`, `!` or `?` (closing quotes and brackets may follow),
/// a space, then a capital letter or a digit.
fn has_sentence_end_inside(line: &str) -> bool {
    let mut chars = line.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        while chars
            .peek()
            .is_some_and(|&(_, c)| matches!(c, '"' | '\'' | '”' | '“' | '’' | '»' | '«' | ')'))
        {
            chars.next();
        }
        if chars.next_if(|&(_, c)| c == ' ').is_none() {
            continue;
        }
        if chars
            .peek()
            .is_some_and(|&(_, c)| c.is_uppercase() || c.is_ascii_digit())
        {
            return true;
        }
    }
    false
}

/// The structure stage.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    // How the title and the text's first line compare, when finding the title compared them.
    let mut known = None;
    // Where the text goes on once the lines taken out are gone: they are cut off at once.
    let mut start = 0;
    if doc.title.is_none() && config.structure.find_title {
        known = take_title(doc, config, &mut start);
    }
    // A heading repeated more than once goes every time (so that cleaning the output
    // again finds nothing left to remove), up to a bound.
    for _ in 0..MAX_DUPLICATES {
        if !remove_duplicate(doc, config, known.take(), &mut start) {
            break;
        }
    }
    doc.text.replace_range(..start, "");
    Ok(())
}

/// How a line below the title relates to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    /// The line spells the title, whole or cut ([`heading_match`]).
    Spells(HeadingMatch),
    /// The title spells the whole line (a title in ASCII, the heading with diacritics).
    SpelledByTitle,
    /// The title is the line cut short: the line is the whole heading.
    Longer,
    /// The line is the title without the site's name beside it (`Mandelplätzchen` under
    /// `Mandelplätzchen | kulinaria@home`).
    TitleWithoutSite,
}

/// The outcome of [`compare`]: how the line relates to the title, if at all.
type Compared = Option<Comparison>;

fn compare(title: &str, line: &str) -> Compared {
    if let Some(m) = heading_match(title, line) {
        return Some(Comparison::Spells(m));
    }
    // The other way round only when needed.
    match heading_match(line, title) {
        Some(HeadingMatch::Full) => return Some(Comparison::SpelledByTitle),
        // Only a heading can be the whole of a title cut short: a first sentence of the
        // body also starts with the title's words.
        Some(HeadingMatch::Prefix) if heading_shaped(line) && !line.trim_end().ends_with('.') => {
            return Some(Comparison::Longer);
        }
        Some(HeadingMatch::Prefix) => {}
        None => {}
    }
    without_site(title)
        .filter(|part| heading_match(part, line) == Some(HeadingMatch::Full))
        .map(|_| Comparison::TitleWithoutSite)
}

/// What stands between a page's title and its site's name (`Titel | Site`, `Site – Titel`).
const SITE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

/// A heading part this short could stand alone by chance.
const MIN_SITE_TITLE_CHARS: usize = 8;

/// The title without the site's name at its end (`Mandelplätzchen | kulinaria@home`): the
/// part before its last separator, when long enough to tell and at least as long as the
/// name after it. A site may also put its name first (`Diario Extra - La asignatura …`),
/// and a line that repeats the site's name is its logo, not the heading: on real pages
/// `Title | Site` is followed by `Site` as often as by `Title`, so the shorter part is taken
/// for the site's name and never matched.
fn without_site(title: &str) -> Option<&str> {
    // The last separator: every one starts with a space, so only the spaces are tried,
    // from the end (one look at the title instead of a search for each separator).
    let (at, sep) = memchr::memrchr_iter(b' ', title.as_bytes()).find_map(|at| {
        SITE_SEPARATORS
            .iter()
            .find(|sep| title[at..].starts_with(**sep))
            .map(|sep| (at, sep))
    })?;
    let (part, site) = (title[..at].trim(), title[at + sep.len()..].trim());
    let chars = |s: &str| s.chars().count();
    (chars(part) >= MIN_SITE_TITLE_CHARS && chars(part) >= chars(site)).then_some(part)
}

/// Whether `line` writes a letter beyond ASCII (a diacritic, not only typography such as
/// `’` or `„“`).
fn has_letter_beyond_ascii(line: &str) -> bool {
    line.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// How many repeated headings below the title are removed at most.
const MAX_DUPLICATES: usize = 4;

/// Remove the first line of the text (from `start` on) when it duplicates the title,
/// moving `start` past it; whether it did.
fn remove_duplicate(
    doc: &mut Document,
    config: &Config,
    known: Option<Compared>,
    start: &mut usize,
) -> bool {
    let Some(title) = doc.title.as_deref() else {
        return false;
    };
    let (first, rest) = split_first_line(&doc.text[*start..]);
    // A duplicate that is all the text is left alone: removing it would leave nothing,
    // and cleaning the output again would remove it again.
    if first.is_empty() || rest.trim().is_empty() {
        return false;
    }
    let Some(comparison) = known.unwrap_or_else(|| compare(title, first)) else {
        return false;
    };
    let line = first.to_owned();
    // The heading replaces the title when it spells out what the title transliterated, or
    // is the whole of a title cut short. When the two differ only in typography (`-` and
    // `–`, `'` and `’`, `"` and `„“`), the title stays as the document wrote it.
    let promoted = match comparison {
        Comparison::SpelledByTitle => title.is_ascii() && has_letter_beyond_ascii(&line),
        Comparison::Longer => true,
        Comparison::Spells(_) | Comparison::TitleWithoutSite => false,
    };
    *start = doc.text.len() - rest.trim_start_matches('\n').len();
    if promoted {
        let kind = if comparison == Comparison::Longer {
            "truncated_title"
        } else {
            "transliterated_title"
        };
        let title = title_line(&line, config).log(doc);
        let old = doc.title.replace(title);
        if let Some(old) = old {
            doc.removed.push(Removed { kind, text: old });
        }
        doc.log(STAGE, "title from duplicate heading", 1);
    } else {
        doc.removed.push(Removed {
            kind: "duplicate_heading",
            text: line,
        });
        doc.log(STAGE, "duplicate heading", 1);
    }
    true
}

fn split_first_line(text: &str) -> (&str, &str) {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => (text, ""),
    }
}

/// Which branch of the title cascade fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleReason {
    BlankLine,
    Duplicate,
    TransliteratedHeading,
}

/// Move the first line into the title when it is one, moving `start` (0) past it and the
/// blank lines below; returns how it compared with the line below it when that line is now
/// the text's first and the title is the line as it was compared.
fn take_title(doc: &mut Document, config: &Config, start: &mut usize) -> Option<Compared> {
    let (first, rest) = split_first_line(&doc.text);
    // Where the corpus puts site tags on the first line, a line shaped like one is not a
    // title: read as text, the record would have it taken for a tag.
    let tags = &config.tags;
    if tags.enabled && tags.first_line && crate::tags::is_tag(first, "", config) {
        return None;
    }
    let (reason, compared) = title_reason(first, rest, &mut doc.line_words)?;
    let title = title_line(first, config);
    // Whitespace does not change a comparison; a repair does.
    let compared = compared.filter(|_| title.fixes.is_empty() && !rest.starts_with('\n'));
    *start = doc.text.len() - rest.trim_start_matches('\n').len();
    doc.title = Some(title.log(doc));
    if reason == TitleReason::TransliteratedHeading {
        doc.log(STAGE, "title from transliterated heading", 1);
    }
    compared
}

/// A line that becomes the title, and what that changed.
struct TitleLine {
    title: String,
    spaces_changed: bool,
    fixes: Vec<crate::repair::Fix>,
}

impl TitleLine {
    /// Log the changes; the title.
    fn log(self, doc: &mut Document) -> String {
        if self.spaces_changed {
            doc.log(STAGE, "title whitespace", 1);
        }
        for fix in self.fixes {
            doc.log(STAGE, &fix.kind, fix.count);
        }
        self.title
    }
}

/// A line of the text as a title: one line of single spaces, like a title given by JSONL
/// input (the normalize stage makes that of a given title).
fn title_line(line: &str, config: &Config) -> TitleLine {
    let title = crate::normalize::one_line(line);
    let spaces_changed = matches!(title, std::borrow::Cow::Owned(_)) && title != line;
    let mut title = title.into_owned();
    // A space where a tab stood can complete mojibake (`â€\t`, a lost no-break space):
    // the next run would repair the title, so this one does.
    let mut fixes = Vec::new();
    if spaces_changed
        && let Some(fixed) =
            crate::repair::retitle(&title, &config.repair, config.normalization, &mut fixes)
        && !fixed.is_empty()
    {
        title = fixed;
    } else {
        fixes.clear();
    }
    TitleLine {
        title,
        spaces_changed,
        fixes,
    }
}

/// Why the first line is the title, and how it compared with the next line if it was
/// compared. The evidence collected for case 3 is left in `line_words` for the translit
/// stage.
fn title_reason(
    first: &str,
    rest: &str,
    line_words: &mut Option<LineWords>,
) -> Option<(TitleReason, Option<Compared>)> {
    if rest.is_empty() || !heading_shaped(first) {
        return None;
    }
    let (next, _) = split_first_line(rest);
    // 1. The title stands alone above a blank line.
    if next.is_empty() {
        return Some((TitleReason::BlankLine, None));
    }
    // 2. Its duplicate follows, either spelling the other.
    let compared = compare(first, next);
    if compared.is_some() {
        return Some((TitleReason::Duplicate, Some(compared)));
    }
    // 3. A transliterated heading: all ASCII, not a sentence, and the body attests the
    //    diacritics of at least one of its words.
    if first.is_ascii() && !first.trim_end().ends_with(['.', ',', ';']) {
        // `rest` is what the text will be once the title is taken (it does not start with
        // a blank line, or case 1 fired).
        let words = LineWords::reuse(line_words.take(), rest, first);
        // Without a form that spells one of its words, the body restores none of them.
        let restored = words.words().has_forms() && {
            let (_, fixes) = restore(first, words.words(), None, Scope::Heading);
            fixes.iter().any(|f| f.evidence == Evidence::Document)
        };
        *line_words = Some(words);
        if restored {
            return Some((TitleReason::TransliteratedHeading, Some(compared)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Document {
        let mut doc = Document::from_text("t", Default::default(), text);
        stage(&mut doc, &Config::default()).unwrap();
        doc
    }

    /// The last separator found from the spaces is the one the separators' own searches
    /// find last.
    #[test]
    fn the_site_is_cut_at_the_last_separator() {
        let searched = |title: &str| -> Option<(usize, &str)> {
            SITE_SEPARATORS
                .iter()
                .filter_map(|sep| title.rfind(sep).map(|at| (at, *sep)))
                .max()
        };
        let pieces = [
            " | ",
            " - ",
            " – ",
            " — ",
            " :: ",
            " · ",
            " » ",
            " ",
            "-",
            "|",
            ":",
            "Titel",
            "Süße",
            "kulinaria@home",
            "a",
        ];
        let mut rng = crate::testing::XorShift::new(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..5_000 {
            let count = next(10);
            let title: String = (0..count).map(|_| pieces[next(pieces.len())]).collect();
            let want = searched(&title).and_then(|(at, sep)| {
                let (part, site) = (title[..at].trim(), title[at + sep.len()..].trim());
                let chars = |s: &str| s.chars().count();
                (chars(part) >= MIN_SITE_TITLE_CHARS && chars(part) >= chars(site)).then_some(part)
            });
            assert_eq!(without_site(&title), want, "{title:?}");
        }
    }

    #[test]
    fn title_then_blank_line() {
        let doc = run("Ein Titel\n\nDer Text.");
        assert_eq!(doc.title.as_deref(), Some("Ein Titel"));
        assert_eq!(doc.text, "Der Text.");
        assert!(doc.changes.is_empty() && doc.removed.is_empty());
    }

    #[test]
    fn duplicate_heading_without_blank_line() {
        let doc = run("Grüße aus Köln für alle Leser\nGruesse aus Koeln fuer alle Leser\nText.");
        assert_eq!(doc.title.as_deref(), Some("Grüße aus Köln für alle Leser"));
        assert_eq!(doc.text, "Text.");
        assert_eq!(doc.removed[0].text, "Gruesse aus Koeln fuer alle Leser");
    }

    #[test]
    fn a_title_is_one_line_of_single_spaces_repaired_as_such() {
        // The tab stood where a no-break space was lost: as a space it completes `†`.
        let doc = run("â€\tZeichen\n\nText.");
        assert_eq!(doc.title.as_deref(), Some("†Zeichen"));
        let kinds: Vec<&str> = doc.changes.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["title whitespace", "mojibake: utf-8 as windows-1252"]
        );
        // A heading that replaces an ASCII title is trimmed like any title.
        let doc = run("Gruesse aus Koeln\n Grüße aus Köln\nText.");
        assert_eq!(doc.title.as_deref(), Some("Grüße aus Köln"));
    }

    #[test]
    fn a_tag_shaped_line_is_no_title_where_tags_stand_first() {
        let text = "faz-feuilleton\nfaz-feuilleton\nDer Text.";
        assert_eq!(run(text).title.as_deref(), Some("faz-feuilleton"));
        let mut config = Config::default();
        config.tags.first_line = true;
        let mut doc = Document::from_text("t", Default::default(), text);
        stage(&mut doc, &config).unwrap();
        assert_eq!((doc.title, doc.text.as_str()), (None, text));
    }

    #[test]
    fn a_paragraph_is_not_a_title() {
        let doc = run("Erster Satz.\nZweiter Satz.");
        assert_eq!(doc.title, None);
        assert_eq!(doc.text, "Erster Satz.\nZweiter Satz.");
    }

    #[test]
    fn only_a_heading_shaped_line_is_a_title() {
        for text in [
            "Dear John,\n\nI write to you.",
            "def f():\n\n    return 1",
            "fn main() {\n\n    run();\n}",
            "Ein positives Signal gab es diese Woche für die Schule in Erfurt. Im Stadtrat wurde der …\n\nText.",
            "Warning: Use of undefined constant comments - assumed 'comments' in /var/www/x.php on line 12\n\nText.",
            "Notice: Undefined index: id\n\nText.",
            "Hinweis:\n\nText.",
            "Der Bericht kam am Montag und er sagte uns nichts Neues über das Jahr.\n\nText.",
            "Erster Satz. Zweiter Satz!\n\nText.",
        ] {
            let doc = run(text);
            assert_eq!(doc.title, None, "{text:?}");
            assert_eq!(doc.text, text);
        }
        for (text, title) in [
            ("Das Ende einer Ära.\n\nText.", "Das Ende einer Ära."),
            (
                "Wer zahlt? Die Stadt streitet\n\nText.",
                "Wer zahlt? Die Stadt streitet",
            ),
            (
                "Kommentar: Warum wir warten\n\nText.",
                "Kommentar: Warum wir warten",
            ),
            (
                "Marché de Noël de Strasbourg :\n\nText.",
                "Marché de Noël de Strasbourg :",
            ),
            (
                "Mr. Smith goes to Washington\n\nText.",
                "Mr. Smith goes to Washington",
            ),
            (
                "Kim Jong Un verspricht Unterstützung …\n\nText.",
                "Kim Jong Un verspricht Unterstützung …",
            ),
        ] {
            assert_eq!(run(text).title.as_deref(), Some(title), "{text:?}");
        }
    }

    #[test]
    fn no_title_is_taken_when_finding_titles_is_off() {
        let mut config = Config::default();
        config.structure.find_title = false;
        let mut doc = Document::from_text("t", Default::default(), "Ein Titel\n\nDer Text.");
        stage(&mut doc, &config).unwrap();
        assert_eq!(
            (doc.title, doc.text.as_str()),
            (None, "Ein Titel\n\nDer Text.")
        );
        // A given title's duplicate still goes.
        let mut doc = Document::from_text("t", Default::default(), "Ein Titel\n\nDer Text.");
        doc.title = Some("Ein Titel".into());
        stage(&mut doc, &config).unwrap();
        assert_eq!(doc.text, "Der Text.");
    }

    #[test]
    fn transliterated_heading_without_blank_line_is_the_title() {
        let doc = run("Gruesse aus Koeln fuer alle\nViele Grüße aus Köln, für alle.");
        assert_eq!(doc.title.as_deref(), Some("Gruesse aus Koeln fuer alle"));
        assert_eq!(doc.text, "Viele Grüße aus Köln, für alle.");
        assert_eq!(doc.changes[0].kind, "title from transliterated heading");
    }

    #[test]
    fn an_ascii_first_line_without_evidence_stays_in_the_text() {
        for text in [
            "Feuer und Steuer in Uelzen\nDas Feuer in Uelzen, die Steuer.",
            "Gruesse aus Koeln fuer alle.\nViele Grüße aus Köln, für alle.",
            "Schon wieder\nEr ist schön.",
        ] {
            let doc = run(text);
            assert_eq!((doc.title, doc.text.as_str()), (None, text));
        }
    }

    #[test]
    fn ascii_title_above_its_spelling_with_diacritics() {
        let doc = run("Gruesse aus Koeln fuer alle\nGrüße aus Köln für alle\n\nText.");
        assert_eq!(doc.title.as_deref(), Some("Grüße aus Köln für alle"));
        assert_eq!(doc.text, "Text.");
        assert_eq!(doc.removed[0].kind, "transliterated_title");
        assert_eq!(doc.removed[0].text, "Gruesse aus Koeln fuer alle");
    }

    #[test]
    fn duplicate_after_a_blank_line_and_cut_with_an_ellipsis() {
        let doc = run(
            "Große „Feier“ – heute in Zürich und Genf\n\nGrosse \"Feier\" - heute in Zuerich...\n\nText.",
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("Große „Feier“ – heute in Zürich und Genf")
        );
        assert_eq!(doc.text, "Text.");
        assert_eq!(doc.removed[0].kind, "duplicate_heading");
    }

    #[test]
    fn a_heading_that_differs_only_in_typography_leaves_the_title_as_written() {
        for (text, title) in [
            (
                "Korsetts - Shops in Berlin\n\nKorsetts – Shops in Berlin\n\nText.",
                "Korsetts - Shops in Berlin",
            ),
            (
                "DON'T DO IT NOW\n\nDON’T DO IT NOW\n\nText.",
                "DON'T DO IT NOW",
            ),
            (
                "Er sagte \"Nein\" zum Plan\n\nEr sagte „Nein“ zum Plan\n\nText.",
                "Er sagte \"Nein\" zum Plan",
            ),
        ] {
            let doc = run(text);
            assert_eq!(
                (doc.title.as_deref(), doc.text.as_str()),
                (Some(title), "Text.")
            );
            assert_eq!(doc.removed[0].kind, "duplicate_heading");
        }
    }

    #[test]
    fn the_title_without_the_site_name_is_a_duplicate() {
        for text in [
            "Mandelplätzchen | kulinaria@home\n\nMandelplätzchen\n\nZutaten.",
            "Mandelplätzchen – kulinaria@home\nMandelplätzchen\nZutaten.",
        ] {
            let doc = run(text);
            assert_eq!(doc.text, "Zutaten.", "{text:?}");
            assert_eq!(doc.removed[0].text, "Mandelplätzchen");
        }
        // Too short a part to tell, no site separator, or the line is the site's name (the
        // shorter part: its logo or menu line): the line stays.
        for text in [
            "Rezept | Kekse\n\nRezept\n\nZutaten.",
            "Mandelplätzchen backen\n\nMandelplätzchen\n\nZutaten.",
            "Home Depot sales miss, shares plunge | Fox Business\nFox Business\nMoney\nMarkets",
            "Aren’t we all …? | Katastrophengebiet\nKatastrophengebiet\nMenü",
            "kulinaria@home – Mandelplätzchen\nMandelplätzchen\nZutaten.",
            "Diario Extra - La asignatura pendiente de la comisión\nDiario Extra\nMenú",
        ] {
            assert!(run(text).removed.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_title_cut_short_gives_way_to_the_whole_heading() {
        let doc = run(
            "Kim Jong Un verspricht Unterstützung für …\n\nKim Jong Un verspricht Unterstützung für Russlands Militär\n\nText.",
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("Kim Jong Un verspricht Unterstützung für Russlands Militär")
        );
        assert_eq!(doc.text, "Text.");
        assert_eq!(doc.removed[0].kind, "truncated_title");
        assert_eq!(
            doc.removed[0].text,
            "Kim Jong Un verspricht Unterstützung für …"
        );
        // A first sentence that starts with the title's words is no heading.
        let text = "Gdańsk świętuje rocznicę powstania\n\nGdańsk świętuje rocznicę powstania Solidarności w stoczni.\nDalej.";
        assert_eq!(run(text).removed, []);
        // A short title is no cut of a longer line.
        let doc = run("Der Titel\n\nDer Titel und noch mehr Worte dazu\n\nText.");
        assert_eq!(doc.text, "Der Titel und noch mehr Worte dazu\n\nText.");
    }

    #[test]
    fn given_title_repeated_as_first_line() {
        let mut doc = Document::from_text("t", Default::default(), "Der Titel hier ganz\n\nText.");
        doc.title = Some("Der Titel hier ganz".into());
        stage(&mut doc, &Config::default()).unwrap();
        assert_eq!(doc.text, "Text.");
        assert_eq!(doc.removed.len(), 1);
    }
}
