//! Stage: tags, the scraper's site tag on the last line (`toi-allgemeines`).
//!
//! A tag is the last line of the text when it stands alone (a blank line above it, or the
//! title above a one-line text) and is a lowercase ASCII slug of two or more parts joined by
//! `-` or `_`, each part starting with a letter, or when it matches one of the user's
//! `--tag-pattern`s, and the paragraph above it is not a tag line too. With
//! `--tag-first-line` the document's first line may be the tag: the text's first line when
//! there is no title (a title is the first line, and stays the title); not when the last
//! line or the paragraph below is a tag too (which one is the site's is a guess, and the
//! next run would take the one left). The pipeline looks twice, before and after the
//! structure stage, so that a record's output read again gives the same answer. With a
//! learned corpus
//! profile (`scour learn`) the site is the part that recurs with varying sections
//! (`rp-online` in `rp-online-wissen`); without one, the part before the first separator.

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
    // One tag per document: the pipeline looks a second time after the structure stage.
    if !config.tags.enabled || doc.site_tag.is_some() {
        return Ok(());
    }
    // A word of the title is not a tag either: the structure stage takes the first line
    // for the title after this stage, so without this check cleaning the output again would
    // find the word only in the title and take the last line for a tag.
    let in_title = |line: &str| {
        doc.title
            .as_deref()
            .is_some_and(|title| used_as_word(line, title))
    };
    // The last line, after a blank line; or the one line of a text below a title, which
    // the record read as text (`title`, a blank line, `text`) shows as such.
    let title = doc.title.as_deref();
    let last = match last_paragraph_line(&doc.text) {
        Some((body, last)) => (!tag_line_above(body, config)).then_some((body, last)),
        None if title.is_some() && !doc.text.is_empty() && !doc.text.contains('\n') => title
            .is_none_or(|title| !is_tag(title, "", config))
            .then_some(("", doc.text.as_str())),
        None => None,
    }
    .filter(|&(body, last)| is_tag(last, body, config) && !in_title(last));
    let first = config.tags.first_line.then(|| first_line_tag(doc, config));
    match (last, first.flatten()) {
        // A tag at both ends: which one is the site's is anyone's guess, and taking either
        // would leave the other for the next run. Both stay.
        (Some(_), Some(_)) => {}
        (Some((body, last)), None) => {
            let tag = last.to_owned();
            doc.text.truncate(body.len());
            take(doc, tag, config);
        }
        (None, Some(FirstLine::Text(tag))) => {
            doc.text.drain(..tag.len() + 2);
            take(doc, tag, config);
        }
        (None, Some(FirstLine::Title) | None) => {}
    }
    Ok(())
}

/// The tag on a document's first line (`--tag-first-line`).
enum FirstLine {
    /// The text's first line, a paragraph of its own: it is taken.
    Text(String),
    /// The given title is shaped like a tag: it stays the title, but it is a tag at the
    /// first line all the same.
    Title,
}

/// The document's first line when it is a tag. With a title, the title is the first line:
/// the text's first line stands below it, where a tag is not looked for (a title found in
/// the text by the structure stage, after this one, leaves the same text below it, and the
/// next run must not take from there what this one left). Two tag lines in a row are
/// ambiguous, as at the end: none is taken.
fn first_line_tag(doc: &Document, config: &Config) -> Option<FirstLine> {
    if let Some(title) = &doc.title {
        return is_tag(title, &doc.text, config).then_some(FirstLine::Title);
    }
    let (first, rest) = doc.text.split_once("\n\n")?;
    let below = rest.split_once('\n').map_or(rest, |(below, _)| below);
    let tag_below = is_tag(below, "", config);
    (!first.contains('\n') && is_tag(first, rest, config) && !tag_below)
        .then(|| FirstLine::Text(first.to_owned()))
}

/// Two tag lines in a row are ambiguous: taking the last would leave the other one as the
/// last line, and cleaning the output again would take that too. Both stay. The line above
/// counts whether or not it is a paragraph of its own: the structure stage may make it one
/// (removing the duplicate heading above it).
fn tag_line_above(body: &str, config: &Config) -> bool {
    let above = memchr::memrchr(b'\n', body.as_bytes()).map_or(body, |nl| &body[nl + 1..]);
    is_tag(above, "", config)
}

/// The text's last line when it is a paragraph of its own (a blank line above it), and the
/// text above that blank line: what `rsplit_once("\n\n")` gives when the part after has no
/// line break, found from the end without searching the whole text.
fn last_paragraph_line(text: &str) -> Option<(&str, &str)> {
    let start = memchr::memrchr(b'\n', text.as_bytes())? + 1;
    let above = text[..start].strip_suffix("\n\n")?;
    Some((above, &text[start..]))
}

fn take(doc: &mut Document, tag: String, config: &Config) {
    // The corpus profile knows which part recurs as the site; else the first separator.
    let learned = config.profile.as_ref().and_then(|p| p.site_of(&tag));
    let (site, section) = match learned {
        Some(site) if site.len() < tag.len() => {
            let section = tag[site.len() + 1..].to_owned();
            (site, Some(section))
        }
        _ => match tag.split_once(['-', '_']) {
            Some((site, section)) => (site.to_owned(), Some(section.to_owned())),
            None => (tag.clone(), None),
        },
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
}

/// A tag has a tag's shape and is not a word of the text itself (`e-mail`, `online-shop`
/// in the body make a last line `e-mail` a word, not a label).
pub(crate) fn is_tag(line: &str, body: &str, config: &Config) -> bool {
    let shaped = SLUG.is_match(line)
        || config
            .tags
            .extra_patterns
            .iter()
            .any(|re| re.is_match(line));
    shaped && !used_as_word(line, body)
}

fn used_as_word(line: &str, body: &str) -> bool {
    // A tag is ASCII, so an ASCII case-insensitive search finds every spelling of it
    // without lowercasing the whole body.
    // Candidates are found by the tag's first separator (rare in prose), else its first
    // byte.
    let (tag, text) = (line.as_bytes(), body.as_bytes());
    if tag.is_empty() {
        return false;
    }
    let anchor = tag
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(0);
    let a = tag[anchor];
    memchr::memchr2_iter(a.to_ascii_lowercase(), a.to_ascii_uppercase(), text).any(|at| {
        let Some(i) = at.checked_sub(anchor) else {
            return false;
        };
        text.get(i..i + tag.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(tag))
            && !body[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && !body[i + tag.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
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
            "Text.\nab-cd\n\nef-gh",
        ] {
            let doc = run(text);
            assert_eq!(doc.text, text);
            assert!(doc.site_tag.is_none());
        }
    }

    #[test]
    fn a_word_of_the_title_is_not_a_tag() {
        let mut doc = Document::from_text("t", Default::default(), "Text.\n\ntoi-allgemeines");
        doc.title = Some("toi-allgemeines".into());
        stage(&mut doc, &Config::default()).unwrap();
        assert_eq!(doc.text, "Text.\n\ntoi-allgemeines");
        assert!(doc.site_tag.is_none());
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn first_line_tags_when_asked() {
        let mut config = Config::default();
        config.tags.first_line = true;
        let mut doc =
            Document::from_text("t", Default::default(), "faz-feuilleton\n\nTitel\n\nText.");
        stage(&mut doc, &config).unwrap();
        assert_eq!(doc.text, "Titel\n\nText.");
        assert_eq!(doc.site_tag.unwrap().site, "faz");
    }

    #[test]
    fn first_line_tags_are_decided_alike_with_a_title() {
        let mut config = Config::default();
        config.tags.first_line = true;
        let run = |title: Option<&str>, text: &str| {
            let mut doc = Document::from_text("t", Default::default(), text);
            doc.title = title.map(str::to_owned);
            stage(&mut doc, &config).unwrap();
            (doc.text, doc.site_tag.map(|t| t.tag))
        };
        // Below a title the text's first line is not the document's first line.
        assert_eq!(
            run(Some("Titel"), "faz-feuilleton\n\nText."),
            ("faz-feuilleton\n\nText.".into(), None)
        );
        // A tag at both ends, or two in a row at the top: none is taken.
        for text in ["faz-a\n\nText.\n\nfaz-b", "faz-a\n\nfaz-b\n\nText."] {
            assert_eq!(run(None, text), (text.into(), None), "{text}");
        }
        // A title shaped like a tag stays the title, and counts as a tag at the top.
        assert_eq!(
            run(Some("faz-a"), "Text.\n\nfaz-b"),
            ("Text.\n\nfaz-b".into(), None)
        );
    }

    #[test]
    fn a_one_line_text_below_a_title_stands_alone() {
        let mut doc = Document::from_text("t", Default::default(), "toi-allgemeines");
        doc.title = Some("Titel".into());
        stage(&mut doc, &Config::default()).unwrap();
        assert_eq!(doc.text, "");
        assert_eq!(doc.site_tag.unwrap().tag, "toi-allgemeines");
        // Without a title it is the whole text, not a tag.
        let mut doc = Document::from_text("t", Default::default(), "toi-allgemeines");
        stage(&mut doc, &Config::default()).unwrap();
        assert!(doc.site_tag.is_none());
    }

    #[test]
    fn tag_shapes() {
        for (tag, site, section) in [
            ("rp-online-wissen", "rp", "online-wissen"),
            ("bernerzeitung_verkehr", "bernerzeitung", "verkehr"),
            ("faz-feuilleton", "faz", "feuilleton"),
        ] {
            let mut doc = Document::from_text("t", Default::default(), format!("Text.\n\n{tag}"));
            stage(&mut doc, &Config::default()).unwrap();
            let t = doc.site_tag.expect(tag);
            assert_eq!(
                (t.site.as_str(), t.section.as_deref()),
                (site, Some(section))
            );
        }
    }
}

#[cfg(test)]
mod profile_tests {
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn a_learned_site_splits_the_tag() {
        let mut profile = Profile::default();
        for t in ["rp-online-wissen", "rp-online-politik"] {
            profile.observe("x", Some(t));
        }
        let config = Config {
            profile: Some(std::sync::Arc::new(profile)),
            ..Config::default()
        };
        let mut doc = Document::from_text("t", Default::default(), "Text.\n\nrp-online-wissen");
        stage(&mut doc, &config).unwrap();
        let tag = doc.site_tag.unwrap();
        assert_eq!(
            (tag.site.as_str(), tag.section.as_deref()),
            ("rp-online", Some("wissen"))
        );
    }
}
