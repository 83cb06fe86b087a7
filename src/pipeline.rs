//! The ordered list of stages, written once.
//!
//! Every stage has the same signature: it takes the document and the configuration, changes
//! the document in place, and records what it changed in the document's log. A stage that
//! cannot process a document returns a [`Reject`]; the document is then reported, not emitted.
//! Adding a stage is one module plus one line in [`STAGES`].

use crate::config::Config;
use crate::document::Document;
use crate::error::Reject;

/// A stage's entry point.
pub type StageFn = fn(&mut Document, &Config) -> Result<(), Reject>;

/// One step of the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    /// The name used in change logs (`metadata.clean.changes[].stage`).
    pub name: &'static str,
    /// What the stage does, for `--help` and the docs.
    pub about: &'static str,
    /// The function.
    pub run: StageFn,
}

/// The canonical order of the stages. Emitting the JSONL record follows them
/// ([`crate::record`]).
pub const STAGES: &[Stage] = &[
    // Bytes to text: BOM, UTF-8, legacy guess; rejects binary data.
    Stage {
        name: crate::decode::STAGE,
        about: "detect the encoding and decode to UTF-8",
        run: crate::decode::stage,
    },
    // Undo damage done by earlier software: mojibake, C1 controls, HTML entities.
    Stage {
        name: crate::repair::STAGE,
        about: "repair mojibake, C1 controls and HTML entities",
        run: crate::repair::stage,
    },
    // Canonical form: NFC, LF line ends, plain spaces, no invisible or control characters.
    Stage {
        name: crate::normalize::STAGE,
        about: "NFC, line ends, spaces, invisible and control characters",
        run: crate::normalize::stage,
    },
    // Furniture at the edges: credit lines, reading tips; flagged, or stripped on request.
    Stage {
        name: crate::boilerplate::STAGE,
        about: "flag or strip boilerplate lines at the edges",
        run: crate::boilerplate::stage,
    },
    // The scraper's site tag on the last (or first) line: after boilerplate, whose
    // stripping may uncover a tag at an edge, and before structure, so that a tag on the
    // first line is not taken for a title.
    Stage {
        name: crate::tags::STAGE,
        about: "move the site tag line to metadata",
        run: crate::tags::stage,
    },
    // Title and the duplicated (often transliterated, truncated) heading below it.
    Stage {
        name: crate::structure::STAGE,
        about: "find the title, remove the duplicated heading",
        run: crate::structure::stage,
    },
    // The tag again, where the structure stage left a one-line text below the title (a
    // duplicate heading stood above it): a paragraph of its own, as the next run sees it.
    Stage {
        name: crate::tags::STAGE,
        about: "move a site tag line below the title to metadata",
        run: crate::tags::stage,
    },
    // Furniture again, at the edges of the text below the title and above the tag: the
    // edges the next run will look at.
    Stage {
        name: crate::boilerplate::STAGE,
        about: "flag or strip boilerplate lines at the edges of the text below the title",
        run: crate::boilerplate::stage_again,
    },
    // Diacritics back into an all-ASCII (transliterated) title; the body with --restore body.
    Stage {
        name: crate::translit::STAGE,
        about: "restore transliterated titles (and bodies) from attested word forms",
        run: crate::translit::stage,
    },
];

/// Run every stage on `doc` in order.
pub fn clean_document(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    clean_document_traced(doc, config, |_, _| {})
}

/// Run every stage on `doc` in order, calling `after` with each stage and the document as
/// that stage left it (`scour diff` uses this to say which stage changed what).
pub fn clean_document_traced(
    doc: &mut Document,
    config: &Config,
    mut after: impl FnMut(&Stage, &Document),
) -> Result<(), Reject> {
    let mut next = 0;
    while let Some(stage) = STAGES.get(next) {
        let removed = doc.removed.len();
        (stage.run)(doc, config)?;
        after(stage, doc);
        next += 1;
        // Lines the last boilerplate run stripped can uncover, at the text's top edge, more
        // copies of the heading or a tag, which the next run would take: this run takes
        // them, from the structure stage on again, until that run strips nothing. Each
        // round removes a line, so the rounds end.
        if next == SETTLE_AFTER && doc.removed.len() > removed {
            next = SETTLE_FROM;
        }
    }
    Ok(())
}

/// The stage the pipeline goes back to ([`crate::structure`]) when the stage before
/// [`SETTLE_AFTER`] (the last boilerplate run) stripped a line.
const SETTLE_FROM: usize = 5;

/// One past the last boilerplate run, whose stripping can uncover what the stages from
/// [`SETTLE_FROM`] take.
const SETTLE_AFTER: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stages_gone_back_over_are_structure_tags_and_boilerplate() {
        let names: Vec<&str> = STAGES[SETTLE_FROM..SETTLE_AFTER]
            .iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            names,
            [
                crate::structure::STAGE,
                crate::tags::STAGE,
                crate::boilerplate::STAGE
            ]
        );
    }
}
