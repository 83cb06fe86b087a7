//! Stage 5, tags: the scraper's site tag on the last line (`toi-allgemeines`).
//!
//! A tag is the last line of the text when it stands alone (a blank line above it) and is a
//! lowercase ASCII slug of two or more parts joined by `-` or `_`, each part starting with a
//! letter, or when it matches one of the user's `--tag-pattern`s, and the paragraph above it
//! is not a tag line too. Without a learned vocabulary the site is the part before the first
//! separator and the section the rest.

use crate::config::Config;
use crate::document::{Document, Removed, SiteTag};
use crate::error::Reject;
use regex::Regex;
use std::sync::LazyLock;

/// The stage's name in change logs.
pub const STAGE: &str = "tags";

static SLUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)+$").expect("static regex"));

/// The tags stage.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    if !config.tags.enabled {
        return Ok(());
    }
    let Some((body, last)) = doc.text.rsplit_once("\n\n") else {
        return Ok(());
    };
    if last.contains('\n') || !is_tag(last, config) {
        return Ok(());
    }
    // Two tag lines in a row are ambiguous: taking the last would leave the other one as the
    // last line, and cleaning the output again would take that too. Both stay.
    let above = body.rsplit_once("\n\n").map_or(body, |(_, above)| above);
    if !above.contains('\n') && is_tag(above, config) {
        return Ok(());
    }
    let tag = last.to_owned();
    doc.text.truncate(body.len());
    let (site, section) = match tag.split_once(['-', '_']) {
        Some((site, section)) => (site.to_owned(), Some(section.to_owned())),
        None => (tag.clone(), None),
    };
    doc.site_tag = Some(SiteTag {
        tag: tag.clone(),
        site,
        section,
    });
    doc.removed.push(Removed {
        kind: "site_tag",
        text: tag,
    });
    doc.log(STAGE, "site tag", 1);
    Ok(())
}

fn is_tag(line: &str, config: &Config) -> bool {
    SLUG.is_match(line)
        || config
            .tags
            .extra_patterns
            .iter()
            .any(|re| re.is_match(line))
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
    fn seed_tag() {
        let doc = run("Text.\n(Mit Agenturbeiträgen)\n\ntoi-allgemeines");
        assert_eq!(doc.text, "Text.\n(Mit Agenturbeiträgen)");
        let tag = doc.site_tag.unwrap();
        assert_eq!(
            (tag.site.as_str(), tag.section.as_deref()),
            ("toi", Some("allgemeines"))
        );
        assert_eq!(doc.removed[0].text, "toi-allgemeines");
    }

    #[test]
    fn not_tags() {
        for text in [
            "Text.\n\nE-Mail-Adresse",
            "Text.\ntoi-allgemeines",
            "Text.\n\nwort",
            "Text.\n\ncovid-19",
            "Text.\n\nab-cd\n\nef-gh",
        ] {
            let doc = run(text);
            assert_eq!(doc.text, text);
            assert!(doc.site_tag.is_none());
        }
    }
}
