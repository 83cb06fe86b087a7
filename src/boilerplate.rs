//! Stage: boilerplate, the site furniture at a document's edges.
//!
//! Lines among the first and last few lines of the text that are credit lines
//! (`(Mit Agenturbeiträgen)`), reading tips (`Lesen Sie auch: …`), newsletter or cookie
//! notices, lines the user lists (`--boilerplate`, `--boilerplate-regex`, scour.toml), or
//! lines that recur at the edges of many documents of the corpus (learned by `scour learn`,
//! see [`crate::profile`]) are boilerplate. By default they stay in the text and are listed in
//! `metadata.clean.boilerplate`, because some users want credits and some don't; with
//! `--strip-boilerplate` they leave the text and are kept under `removed`. Lines in the
//! middle of the text are never touched. The built-in patterns are data: add a row.

use crate::config::Config;
use crate::document::{Document, Removed};
use crate::error::Reject;
use regex::RegexSet;
use std::sync::LazyLock;

/// The stage's name in change logs.
pub const STAGE: &str = "boilerplate";

/// How many non-empty lines at each edge are looked at.
const EDGE_LINES: usize = 3;

/// Built-in furniture, matched case-insensitively against a whole line.
const BUILTIN: &[&str] = &[
    // German agency credits: (Mit Agenturbeiträgen), (mit Material von dpa), (dpa/AFP)
    r"\((mit )?(agenturbeiträgen|agenturmaterial|material (von|der) [^)]+)\)",
    r"\((dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp)([ ]*[,/][ ]*(dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp))*\)",
    r"mit material (von|der) (dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp)[^.]{0,40}\.?",
    // English credits
    r"\((with )?(agency|wire|additional) (reporting|reports|material)[^)]*\)",
    // Reading tips and furniture
    r"(lesen sie (auch|mehr|hier)|mehr zum thema|auch interessant|das könnte sie auch interessieren)(?-u:\b).{0,200}",
    r"(read more|related articles?|see also)\s*:.{0,200}",
    r".{0,80}(?-u:\b)newsletter(?-u:\b).{0,80}(abonnieren|anmelden|bestellen|subscribe|sign up).{0,80}",
    r"(diese (website|webseite|seite) (verwendet|nutzt) cookies|wir (verwenden|nutzen) cookies|this (website|site) uses cookies).{0,300}",
];

/// No built-in pattern matches a line of more than this many characters (their parts are
/// bounded), so longer lines, most body paragraphs, skip the regexes.
const BUILTIN_MAX_CHARS: usize = 400;

fn may_match_builtin(line: &str) -> bool {
    line.len() <= BUILTIN_MAX_CHARS || line.chars().count() <= BUILTIN_MAX_CHARS
}

static BUILTIN_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(BUILTIN.iter().map(|p| format!("(?i)^(?:{p})$"))).expect("static regexes")
});

/// The boilerplate stage.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let opts = &config.boilerplate;
    let is_boilerplate = |line: &str| {
        let line = line.trim();
        !line.is_empty()
            && ((opts.builtin && may_match_builtin(line) && BUILTIN_SET.is_match(line))
                || opts.lines.iter().any(|l| l == line)
                || opts.patterns.iter().any(|re| re.is_match(line))
                || config
                    .profile
                    .as_ref()
                    .is_some_and(|p| p.is_boilerplate(line)))
    };
    let lines: Vec<&str> = doc.text.split('\n').collect();
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut edges: Vec<usize> = content.iter().take(EDGE_LINES).copied().collect();
    edges.extend(content.iter().rev().take(EDGE_LINES).copied());
    edges.sort_unstable();
    edges.dedup();
    let found: Vec<usize> = edges
        .into_iter()
        .filter(|&i| is_boilerplate(lines[i]))
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    if !opts.strip {
        doc.boilerplate
            .extend(found.iter().map(|&i| lines[i].to_owned()));
        return Ok(());
    }
    let removed: Vec<String> = found.iter().map(|&i| lines[i].to_owned()).collect();
    let kept: Vec<&str> = (0..lines.len())
        .filter(|i| !found.contains(i))
        .map(|i| lines[i])
        .collect();
    doc.text = rejoin(&kept);
    doc.log(STAGE, "boilerplate line", removed.len());
    doc.removed.extend(removed.into_iter().map(|text| Removed {
        kind: "boilerplate",
        text,
    }));
    Ok(())
}

/// Join lines again without blank lines at the ends or runs of them in between.
fn rejoin(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, strip: bool) -> Document {
        let mut config = Config::default();
        config.boilerplate.strip = strip;
        let mut doc = Document::from_text("t", Default::default(), text);
        stage(&mut doc, &config).unwrap();
        doc
    }

    #[test]
    fn credits_are_flagged_by_default_and_stripped_on_request() {
        let text = "Erster Absatz.\nZweiter Absatz.\n(Mit Agenturbeiträgen)";
        let doc = run(text, false);
        assert_eq!(doc.text, text);
        assert_eq!(doc.boilerplate, ["(Mit Agenturbeiträgen)"]);
        assert!(doc.changes.is_empty());

        let doc = run(text, true);
        assert_eq!(doc.text, "Erster Absatz.\nZweiter Absatz.");
        assert_eq!(doc.removed[0].text, "(Mit Agenturbeiträgen)");
    }

    #[test]
    fn only_the_edges_are_looked_at() {
        let text = "A.\nB.\nC.\nLesen Sie auch: Die Wahl\nD.\nE.\nF.";
        assert!(run(text, true).removed.is_empty());
        let doc = run("Lesen Sie auch: Die Wahl\n\nA.\nB.\nC.\nD.", true);
        assert_eq!(doc.text, "A.\nB.\nC.\nD.");
    }

    #[test]
    fn the_length_bound_covers_every_builtin_pattern() {
        // A line just under the bound that a pattern matches must still be found.
        let long = format!("Diese Website verwendet Cookies{}", " x".repeat(150));
        assert!(long.chars().count() <= BUILTIN_MAX_CHARS && BUILTIN_SET.is_match(&long));
        let too_long = format!("Lesen Sie auch: {}", "y".repeat(BUILTIN_MAX_CHARS));
        assert!(
            !BUILTIN_SET.is_match(&too_long),
            "patterns are bounded below the limit"
        );
    }

    #[test]
    fn content_that_mentions_agencies_is_not_boilerplate() {
        for text in [
            "Die dpa meldete am Abend neue Zahlen.",
            "Reuters berichtete (mit Verweis auf Quellen).",
            "Cookies backen wir mit Zimt.",
        ] {
            assert!(run(text, true).removed.is_empty(), "{text}");
        }
    }
}
