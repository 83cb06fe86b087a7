//! Stage: structure, the title, and the duplicated heading below it.
//!
//! Scraped news often repeats the title as the first body line, transliterated to ASCII
//! (`Unterstuetzung fuer`) and cut off around 80 characters; some documents have only that
//! degraded heading.
//!
//! # Finding the title
//! An ordered cascade on the first line (at most [`MAX_TITLE_CHARS`] characters, more lines
//! below it); the first branch that fires decides:
//! 1. a blank line follows: the first line is the title;
//! 2. the next line repeats it ([`heading_match`], either way round): the first line is the
//!    title;
//! 3. a transliterated heading: the first line is all ASCII, does not end like a sentence
//!    (`.`, `,`, `;`), and at least one of its words is restored from the rest of the document
//!    ([`crate::translit::restore`]: a spelled-out word not attested as is, whose form with
//!    diacritics the body has, and only that one). A blank line is not needed: this is the
//!    worst case of the seed corpus, where the degraded heading is the only title.
//!
//! # The duplicate
//! The first line below the title is a duplicate when it spells the title, verbatim or
//! transliterated, whole or cut at a word boundary (or the title spells it whole: a title
//! given in ASCII by JSONL input, repeated with diacritics). It leaves the text and is kept
//! under `removed` as `duplicate_heading`. When the title is all ASCII and the duplicate is
//! the same heading with diacritics, the duplicate becomes the title and the ASCII title is
//! kept under `removed` as `transliterated_title`. The translit stage then restores a title
//! that is still all ASCII.

use crate::config::Config;
use crate::document::{Document, Removed};
use crate::error::Reject;
use crate::translit::{Evidence, HeadingMatch, LineWords, heading_match, restore, restore::Scope};

/// The stage's name in change logs.
pub const STAGE: &str = "structure";

/// A first line longer than this is a paragraph, not a title.
pub const MAX_TITLE_CHARS: usize = 300;

/// The structure stage.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    // How the title and the text's first line compare, when finding the title compared them.
    let mut known = None;
    // Where the text goes on once the lines taken out are gone: they are cut off at once.
    let mut start = 0;
    if doc.title.is_none() {
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

/// A title compared with a line: the line spells the title (whole or cut), and whether
/// the title spells the whole line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Comparison {
    forward: Option<HeadingMatch>,
    backward_full: bool,
}

fn compare(title: &str, line: &str) -> Comparison {
    let forward = heading_match(title, line);
    // The other way round only when needed: a title in ASCII, the heading with diacritics.
    let backward_full = forward.is_none() && heading_match(line, title) == Some(HeadingMatch::Full);
    Comparison {
        forward,
        backward_full,
    }
}

/// How many repeated headings below the title are removed at most.
const MAX_DUPLICATES: usize = 4;

/// Remove the first line of the text (from `start` on) when it duplicates the title,
/// moving `start` past it; whether it did.
fn remove_duplicate(
    doc: &mut Document,
    config: &Config,
    known: Option<Comparison>,
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
    let Comparison {
        forward,
        backward_full: backward,
    } = known.unwrap_or_else(|| compare(title, first));
    if forward.is_none() && !backward {
        return false;
    }
    let line = first.to_owned();
    let promoted = backward && title.is_ascii() && !line.is_ascii();
    *start = doc.text.len() - rest.trim_start_matches('\n').len();
    if promoted {
        // The heading below is the title with its diacritics: it becomes the title.
        let title = title_line(&line, config).log(doc);
        let ascii = doc.title.replace(title);
        if let Some(ascii) = ascii {
            doc.removed.push(Removed {
                kind: "transliterated_title",
                text: ascii,
            });
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
fn take_title(doc: &mut Document, config: &Config, start: &mut usize) -> Option<Comparison> {
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
) -> Option<(TitleReason, Option<Comparison>)> {
    // (A line of no more bytes than that has no more characters: they go uncounted.)
    let too_long = first.len() > MAX_TITLE_CHARS && first.chars().count() > MAX_TITLE_CHARS;
    if first.trim().is_empty() || rest.is_empty() || too_long {
        return None;
    }
    let (next, _) = split_first_line(rest);
    // 1. The title stands alone above a blank line.
    if next.is_empty() {
        return Some((TitleReason::BlankLine, None));
    }
    // 2. Its duplicate follows, either spelling the other.
    let compared = compare(first, next);
    if compared.forward.is_some() || compared.backward_full {
        return Some((TitleReason::Duplicate, Some(compared)));
    }
    // 3. A transliterated heading: all ASCII, not a sentence, and the body attests the
    //    diacritics of at least one of its words.
    if first.is_ascii() && !first.trim_end().ends_with(['.', ',', ';']) {
        // `rest` is what the text will be once the title is taken (it does not start with
        // a blank line, or case 1 fired).
        let words = LineWords::reuse(line_words.take(), rest, first);
        let (_, fixes) = restore(first, words.words(), None, Scope::Heading);
        *line_words = Some(words);
        if fixes.iter().any(|f| f.evidence == Evidence::Document) {
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
    fn given_title_repeated_as_first_line() {
        let mut doc = Document::from_text("t", Default::default(), "Der Titel hier ganz\n\nText.");
        doc.title = Some("Der Titel hier ganz".into());
        stage(&mut doc, &Config::default()).unwrap();
        assert_eq!(doc.text, "Text.");
        assert_eq!(doc.removed.len(), 1);
    }
}
