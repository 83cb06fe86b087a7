//! The translit stage: an all-ASCII (transliterated) title gets its diacritics back where the
//! document's own words, then the corpus vocabulary, attest exactly one form
//! (`Unterstuetzung` → `Unterstützung`); with
//! [`RestoreMode::Body`](crate::config::RestoreMode) the body text too. The algorithm and
//! when a word stays as it is: [`crate::restore`].

use crate::config::{Config, RestoreMode};
use crate::document::{Document, Removed};
use crate::error::Reject;
use crate::restore::{Evidence, Restoration, Scope, restore};
use crate::words::{DocWords, LineWords};

/// The stage's name in change logs.
pub const STAGE: &str = "translit";

/// The translit stage: restore an all-ASCII title from the document's own words and the
/// corpus vocabulary; with [`RestoreMode::Body`], restore the body text too. Every restored
/// word is logged (`restore from document`, `restore from vocabulary`); the original title is
/// kept under `removed` as `transliterated_title`.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let body_mode = config.restore == RestoreMode::Body;
    // Evidence the structure stage collected (taken in any case: it is of no use later).
    let cached = doc.line_words.take();
    let title_ascii = doc.title.as_deref().is_some_and(|t| t.is_ascii());
    let restore_body = body_mode && config.vocab.is_some();
    if !title_ascii && !restore_body {
        return Ok(());
    }
    let vocab = config.vocab.as_deref();
    let known = match (&doc.title, restore_body) {
        // Headings only: collect just the evidence the title's words can use (the structure
        // stage may have collected it already, finding a transliterated title).
        (Some(title), false) => {
            let mut words = LineWords::words_for(cached, &doc.text, title);
            // Only the vocabulary needs the language (which transliterations to undo).
            if vocab.is_some() {
                words.ensure_ascii(&doc.text);
                words.guess_language(&[title, &doc.text]);
            }
            words
        }
        _ => DocWords::from_text(&doc.text),
    };
    // Without the vocabulary and without a form in the document, nothing is restored.
    if vocab.is_none() && !known.has_forms() {
        return Ok(());
    }
    // The title as the document gave it: it is part of the text that attests words.
    let original_title = doc.title.clone();
    if let Some(title) = doc.title.clone().filter(|t| t.is_ascii()) {
        let (mut restored, mut fixes) = restore(&title, &known, vocab, Scope::Heading);
        if restore_body {
            // A title transliterated like its body: the body attests the ASCII forms, so
            // only the vocabulary can speak.
            let (again, more) = restore(&restored, &known, vocab, Scope::Body);
            restored = again;
            fixes.extend(more);
        }
        if !fixes.is_empty() {
            doc.title = Some(restored);
            doc.removed.push(Removed {
                kind: "transliterated_title",
                text: title,
            });
            log_fixes(doc, &fixes);
        }
    }
    if restore_body {
        let mut known = known;
        if let Some(title) = &original_title {
            known.add_text(title);
        }
        let (restored, fixes) = restore(&doc.text, &known, vocab, Scope::Body);
        if !fixes.is_empty() {
            doc.text = restored;
            log_fixes(doc, &fixes);
        }
    }
    Ok(())
}

fn log_fixes(doc: &mut Document, fixes: &[Restoration]) {
    let from_doc = fixes
        .iter()
        .filter(|f| f.evidence == Evidence::Document)
        .count();
    doc.log(STAGE, "restore from document", from_doc);
    doc.log(STAGE, "restore from vocabulary", fixes.len() - from_doc);
}
