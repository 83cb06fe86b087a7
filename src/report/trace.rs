//! What cleaning did to one document, line by line: the stages run one at a time and the
//! document's view after each is diffed against the view before it (`scour diff` and the
//! report's samples show these hunks). Invisible characters are made visible.

use crate::config::Config;
use crate::document::Document;
use crate::error::Reject;
use crate::pipeline::clean_document_traced;
use std::fmt::Write as _;

/// The document as a reader sees it: title, blank line, text; every line ends with a
/// newline so that the last line compares like the others. (A final newline of the input
/// is framing, as in the normalize stage.)
pub fn view(doc: &Document) -> String {
    let text = doc.text.strip_suffix('\n').unwrap_or(&doc.text);
    match &doc.title {
        Some(title) => format!("{title}\n\n{text}\n"),
        None => format!("{text}\n"),
    }
}

/// `line` with its invisible characters made visible: a carriage return as `␍`, every
/// other character that normalize drops, a control character, a space other than the plain
/// one and the zero-width joiners as `<U+XXXX>`. Tabs and newlines stay.
pub fn visible(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\r' => out.push('␍'),
            '\t' | '\n' => out.push(c),
            c if crate::normalize::is_dropped(c)
                || c.is_control()
                || (c.is_whitespace() && c != ' ')
                || matches!(c, '\u{200C}' | '\u{200D}') =>
            {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a line of a hunk was taken out, put in or left as context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// The line as it stood before the stage.
    Deleted,
    /// The line as the stage left it.
    Inserted,
    /// An unchanged line around the change.
    Context,
}

/// One hunk of a stage's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The stage that made it.
    pub stage: &'static str,
    /// The unified diff's header (`@@ -1,3 +1,2 @@`).
    pub header: String,
    /// Its lines, without their newline and not yet made visible.
    pub lines: Vec<(Tag, String)>,
}

/// Clean `doc` stage by stage and return the hunks each stage made, in stage order, with
/// `context` unchanged lines around each change. The first view is the decoded input.
pub fn stage_hunks(
    doc: &mut Document,
    config: &Config,
    context: usize,
) -> Result<Vec<Hunk>, Reject> {
    let mut hunks = Vec::new();
    let mut before: Option<String> = None;
    clean_document_traced(doc, config, |stage, doc| {
        let now = view(doc);
        let Some(prev) = before.replace(now) else {
            return; // the decoded input: the baseline
        };
        let now = before.as_deref().unwrap_or_default();
        if prev == now {
            return;
        }
        let diff = similar::TextDiff::from_lines(prev.as_str(), now);
        for hunk in diff.unified_diff().context_radius(context).iter_hunks() {
            let lines = hunk
                .iter_changes()
                .map(|change| {
                    let tag = match change.tag() {
                        similar::ChangeTag::Delete => Tag::Deleted,
                        similar::ChangeTag::Insert => Tag::Inserted,
                        similar::ChangeTag::Equal => Tag::Context,
                    };
                    (tag, change.value().trim_end_matches('\n').to_owned())
                })
                .collect();
            hunks.push(Hunk {
                stage: stage.name,
                header: hunk.header().to_string(),
                lines,
            });
        }
    })?;
    Ok(hunks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(
            visible("a\u{A0}b\u{200B}c\r\td\u{1}"),
            "a<U+00A0>b<U+200B>c␍\td<U+0001>"
        );
        assert_eq!(visible("Grüße, plain text"), "Grüße, plain text");
    }

    #[test]
    fn hunks_are_labelled_by_the_stage_that_made_them() {
        let mut doc = Document::from_bytes(
            "x",
            Origin::default(),
            b"Erste Zeile\r\nZweite\xA0Zeile\r\n".to_vec(),
        );
        let hunks = stage_hunks(&mut doc, &Config::default(), 1).unwrap();
        assert!(!hunks.is_empty());
        assert!(hunks.iter().all(|h| h.stage == "normalize"), "{hunks:?}");
        let deleted: Vec<&str> = hunks[0]
            .lines
            .iter()
            .filter(|(t, _)| *t == Tag::Deleted)
            .map(|(_, l)| l.as_str())
            .collect();
        assert!(deleted.contains(&"Zweite\u{A0}Zeile\r"), "{hunks:?}");
    }
}
