//! Stage 4, structure: the title, and the duplicated heading below it.
//!
//! Scraped news often repeats the title as the first body line, transliterated to ASCII
//! (`Unterstuetzung fuer`) and cut off around 80 characters. The title is the first line when
//! it stands alone (a blank line or its own duplicate follows); a duplicate is the next line
//! when it spells the title, verbatim or transliterated, whole or cut at a word boundary
//! ([`crate::translit::heading_match`]). The duplicate leaves the text and is kept under
//! `removed`. JSONL input that has a title field gets the same duplicate check.

use crate::config::Config;
use crate::document::{Document, Removed};
use crate::error::Reject;
use crate::translit::heading_match;

/// The stage's name in change logs.
pub const STAGE: &str = "structure";

/// A first line longer than this is a paragraph, not a title.
const MAX_TITLE_CHARS: usize = 300;

/// The structure stage.
pub fn stage(doc: &mut Document, _config: &Config) -> Result<(), Reject> {
    if doc.title.is_none() {
        take_title(doc);
    }
    if let Some(title) = &doc.title {
        let (first, rest) = split_first_line(&doc.text);
        // A duplicate that is all the text is left alone: removing it would leave nothing,
        // and cleaning the output again would remove it again.
        if !first.is_empty() && !rest.trim().is_empty() && heading_match(title, first).is_some() {
            let removed = first.to_owned();
            doc.text = rest.trim_start_matches('\n').to_owned();
            doc.removed.push(Removed {
                kind: "duplicate_heading",
                text: removed,
            });
            doc.log(STAGE, "duplicate heading", 1);
        }
    }
    Ok(())
}

fn split_first_line(text: &str) -> (&str, &str) {
    match text.split_once('\n') {
        Some((first, rest)) => (first, rest),
        None => (text, ""),
    }
}

/// Move the first line into the title when it stands alone.
fn take_title(doc: &mut Document) {
    let (first, rest) = split_first_line(&doc.text);
    if first.trim().is_empty() || rest.is_empty() || first.chars().count() > MAX_TITLE_CHARS {
        return;
    }
    let (next, _) = split_first_line(rest);
    let stands_alone = next.is_empty() || heading_match(first, next).is_some();
    if stands_alone {
        // A title is one line of single spaces, like a title given by JSONL input.
        let title = first.split_whitespace().collect::<Vec<_>>().join(" ");
        let spaces_changed = title != first;
        doc.text = rest.trim_start_matches('\n').to_owned();
        doc.title = Some(title);
        if spaces_changed {
            doc.log(STAGE, "title whitespace", 1);
        }
    }
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
    fn a_paragraph_is_not_a_title() {
        let doc = run("Erster Satz.\nZweiter Satz.");
        assert_eq!(doc.title, None);
        assert_eq!(doc.text, "Erster Satz.\nZweiter Satz.");
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
