//! Stage: boilerplate, the site furniture at a document's edges.
//!
//! Lines at the edges of the text (from each end, up to the [`EDGE_LINES`]th line that is not
//! boilerplate, so that stripping is done in one pass) that are credit lines
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
use crate::profile::EDGE_LINES;
use pattern::Matcher;
use pattern::Part::{self, Fixed, Gap};
use std::sync::OnceLock;

mod pattern;

/// The stage's name in change logs.
pub const STAGE: &str = "boilerplate";

/// Built-in furniture, matched case-insensitively against a whole line, each pattern (its
/// parts: a bounded run of any characters is a [`Gap`], counted rather than compiled, see
/// [`pattern`]) with what any line it matches has (in ASCII spelling, any case): a line
/// without it skips the pattern.
const BUILTIN: &[(&[Part], Hint)] = &[
    // German agency credits: (Mit Agenturbeiträgen), (mit Material von dpa), (dpa/AFP)
    (
        &[Fixed(
            r"\((mit )?(agenturbeiträgen|agenturmaterial|material (von|der) [^)]+)\)",
        )],
        Hint::Starts(&["("]),
    ),
    (
        &[Fixed(
            r"\((dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp)([ ]*[,/][ ]*(dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp))*\)",
        )],
        Hint::Starts(&["("]),
    ),
    (
        &[
            Fixed(r"mit material (von|der) (dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp)"),
            Gap(40, '.'),
            Fixed(r"\.?"),
        ],
        Hint::Starts(&["mit material"]),
    ),
    // English credits
    (
        &[Fixed(
            r"\((with )?(agency|wire|additional) (reporting|reports|material)[^)]*\)",
        )],
        Hint::Starts(&["("]),
    ),
    // Reading tips and furniture
    (
        &[
            Fixed(
                r"(lesen sie (auch|mehr|hier)|mehr zum thema|auch interessant|das könnte sie auch interessieren)(?-u:\b)",
            ),
            Gap(200, '\n'),
        ],
        Hint::Starts(&["lesen sie", "mehr zum thema", "auch interessant", "das k"]),
    ),
    (
        &[
            Fixed(r"(read more|related articles?|see also)\s*:"),
            Gap(200, '\n'),
        ],
        Hint::Starts(&["read more", "related article", "see also"]),
    ),
    (
        &[
            Gap(80, '\n'),
            Fixed(r"(?-u:\b)newsletter(?-u:\b)"),
            Gap(80, '\n'),
            Fixed(r"(abonnieren|anmelden|bestellen|subscribe|sign up)"),
            Gap(80, '\n'),
        ],
        Hint::Contains("newsletter", 2),
    ),
    (
        &[
            Fixed(
                r"(diese (website|webseite|seite) (verwendet|nutzt) cookies|wir (verwenden|nutzen) cookies|this (website|site) uses cookies)",
            ),
            Gap(300, '\n'),
        ],
        Hint::Both(
            &Hint::Starts(&["diese ", "wir ", "this "]),
            &Hint::Contains("cookies", 3),
        ),
    ),
];

/// What every line a built-in pattern matches has.
#[derive(Debug, Clone, Copy)]
enum Hint {
    /// It starts with one of these.
    Starts(&'static [&'static str]),
    /// It contains this word; the byte at the index is searched for first, so make it the
    /// word's rarest letter (`w` in `newsletter`: German prose has an `n` every dozen
    /// bytes).
    Contains(&'static str, usize),
    /// It passes both hints (the first is checked first: make it the cheaper one).
    Both(&'static Hint, &'static Hint),
}

impl Hint {
    fn admits(self, line: &str) -> bool {
        let bytes = line.as_bytes();
        match self {
            Hint::Starts(words) => words.iter().any(|w| {
                bytes
                    .get(..w.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(w.as_bytes()))
            }),
            Hint::Both(first, second) => first.admits(line) && second.admits(line),
            Hint::Contains(word, anchor) => {
                let word = word.as_bytes();
                let letter = word[anchor];
                memchr::memchr2_iter(letter, letter.to_ascii_uppercase(), bytes).any(|i| {
                    i.checked_sub(anchor)
                        .and_then(|start| bytes.get(start..start + word.len()))
                        .is_some_and(|w| w.eq_ignore_ascii_case(word))
                })
            }
        }
    }
}

/// For each first byte of a line, the built-in patterns (bit `i` for `BUILTIN[i]`) whose
/// hints may admit a line that starts with it: a `Starts` hint only the first bytes of its
/// words, in either case. Most lines start with a letter no such word does, and skip those
/// hints without a look.
const FIRST_BYTE: [u16; 256] = {
    const fn may_start(hint: &Hint, b: u8) -> bool {
        match hint {
            Hint::Starts(words) => {
                let mut k = 0;
                while k < words.len() {
                    if words[k].as_bytes()[0].eq_ignore_ascii_case(&b) {
                        return true;
                    }
                    k += 1;
                }
                false
            }
            Hint::Contains(..) => true,
            Hint::Both(first, second) => may_start(first, b) && may_start(second, b),
        }
    }
    assert!(BUILTIN.len() <= 16, "one bit per pattern");
    let mut table = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < BUILTIN.len() {
            if may_start(&BUILTIN[i].1, b as u8) {
                table[b] |= 1 << i;
            }
            i += 1;
        }
        b += 1;
    }
    table
};

/// Longer lines, most body paragraphs, skip the built-in patterns. Their runs are bounded,
/// so none matches a longer line but one that pads `read more:` (or its kin) with hundreds
/// of spaces before the colon (`\s*`), which this bound leaves alone.
const BUILTIN_MAX_CHARS: usize = 400;

fn may_match_builtin(line: &str) -> bool {
    line.len() <= BUILTIN_MAX_CHARS || has_at_most_chars(line, BUILTIN_MAX_CHARS)
}

/// Whether `line` has at most `max` characters. A long paragraph, the usual case, passes
/// `max` within its first bytes: they are counted first (by the standard library's
/// counter), and the whole line only when they do not decide.
fn has_at_most_chars(line: &str, max: usize) -> bool {
    let mut cut = line.len().min(max + max / 4);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    if line[..cut].chars().count() > max {
        return false;
    }
    cut == line.len() || line.chars().count() <= max
}

/// The built-in patterns, each compiled the first time a line passes its hint (a few
/// hundred thousand instructions each), which a run over a few documents rarely pays.
static BUILTIN_MATCHERS: [OnceLock<Matcher>; BUILTIN.len()] =
    [const { OnceLock::new() }; BUILTIN.len()];

/// Whether built-in pattern `i` matches the whole `line`.
fn builtin_is_match(i: usize, line: &str) -> bool {
    BUILTIN_MATCHERS[i]
        .get_or_init(|| Matcher::new(BUILTIN[i].0).expect("static patterns"))
        .is_match(line)
}

/// Whether a built-in pattern matches `line` (each pattern's hint first).
fn builtin_match(line: &str) -> bool {
    let Some(&first) = line.as_bytes().first() else {
        return false;
    };
    let mut candidates = FIRST_BYTE[usize::from(first)];
    // The length first, once: a body paragraph, the usual edge line, is too long for every
    // pattern, and a `Contains` hint would search all of it.
    if candidates == 0 || !may_match_builtin(line) {
        return false;
    }
    while candidates != 0 {
        let i = candidates.trailing_zeros() as usize;
        candidates &= candidates - 1;
        if BUILTIN[i].1.admits(line) && builtin_is_match(i, line) {
            return true;
        }
    }
    false
}

/// The built-in patterns that match `line`, hints aside.
#[cfg(test)]
fn builtin_patterns_matching(line: &str) -> Vec<usize> {
    (0..BUILTIN.len())
        .filter(|&i| builtin_is_match(i, line))
        .collect()
}

/// The boilerplate stage. The pipeline runs it twice: before the structure stage, so that
/// furniture above the title is not taken for it, and after, on the text below the title,
/// where the next run will look (the edges of a record's text do not hold its title).
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let opts = &config.boilerplate;
    let is_boilerplate = |line: &str| {
        let line = trim(line);
        !line.is_empty()
            && ((opts.builtin && builtin_match(line))
                || opts.lines.iter().any(|l| l == line)
                || opts.patterns.iter().any(|re| re.is_match(line))
                || config
                    .profile
                    .as_ref()
                    .is_some_and(|p| p.is_boilerplate(line)))
    };
    let text = doc.text.as_str();
    let found = edge_boilerplate(text, is_boilerplate);
    // Nothing is taken out: the next run, on the same text, can skip it. Only a short
    // text is kept for that: a long one costs more to copy than to judge its edges again
    // when the structure stage has changed it, as it does every text it takes a title from.
    if (found.is_empty() || !opts.strip) && doc.text.len() <= JUDGED_MAX_BYTES {
        doc.edges_judged = Some(doc.text.clone());
    }
    if found.is_empty() {
        return Ok(());
    }
    if !opts.strip {
        // The second look finds again what the first flagged (the lines stay): only the
        // others are new.
        let mut flagged: Vec<&str> = doc.boilerplate.iter().map(String::as_str).collect();
        let mut new = Vec::new();
        for (_, line) in found {
            match flagged.iter().position(|&l| l == line) {
                Some(i) => {
                    flagged.swap_remove(i);
                }
                None => new.push(line.to_owned()),
            }
        }
        doc.boilerplate.extend(new);
        return Ok(());
    }
    let offset = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
    let removed: Vec<String> = found.iter().map(|&(_, line)| line.to_owned()).collect();
    // `found` is in text order.
    let kept: Vec<&str> = text
        .split('\n')
        .filter(|&line| {
            found
                .binary_search_by_key(&offset(line), |&(at, _)| at)
                .is_err()
        })
        .collect();
    doc.text = rejoin(&kept);
    doc.log(STAGE, "boilerplate line", removed.len());
    doc.removed.extend(removed.into_iter().map(|text| Removed {
        kind: "boilerplate",
        text,
    }));
    Ok(())
}

/// The longest text whose edges the stage keeps as judged, for its second run to skip.
const JUDGED_MAX_BYTES: usize = 1024;

/// The boilerplate stage run again, after the structure stage: a text the run before
/// judged and left as it was is skipped, since its edges are the same lines (those
/// found are flagged already, and stripping found none); any other is judged again.
pub fn stage_again(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    if doc
        .edges_judged
        .take()
        .is_some_and(|judged| judged == doc.text)
    {
        return Ok(());
    }
    stage(doc, config)?;
    // The first run's judgement is spent: a round the pipeline runs again judges anew.
    doc.edges_judged = None;
    Ok(())
}

/// The boilerplate lines at the edges of `text`, with their byte offsets, in text order.
///
/// From each end the lines are read until [`EDGE_LINES`] non-blank lines that are not
/// boilerplate have been read; the boilerplate lines read on the way are found. Counting
/// only the lines that stay makes removing them a fixed point: the text that remains has
/// the same lines at its edges that are not boilerplate, and none that is (counting every
/// line, each pass would bring one more line into the window). Found from both ends with
/// memchr, without splitting the whole text: this runs on every document, and a
/// document's middle is most of its bytes.
fn edge_boilerplate(text: &str, is_boilerplate: impl Fn(&str) -> bool) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // From the top; `seen` is where the lines read end.
    let (mut start, mut seen, mut kept) = (0, 0, 0);
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let line = &text[start..end];
        seen = end;
        if !trim(line).is_empty() {
            if is_boilerplate(line) {
                found.push((start, line));
            } else {
                kept += 1;
            }
        }
        if kept == EDGE_LINES {
            break;
        }
        start = end + 1;
    }
    // From the bottom, up to the lines read from the top.
    let top = found.len();
    let (mut end, mut kept) = (bytes.len(), 0);
    let starts = memchr::memrchr_iter(b'\n', bytes)
        .map(|nl| nl + 1)
        .chain(std::iter::once(0));
    for start in starts {
        if end <= seen || kept == EDGE_LINES {
            break;
        }
        let line = &text[start..end];
        if !trim(line).is_empty() {
            if is_boilerplate(line) {
                found.push((start, line));
            } else {
                kept += 1;
            }
        }
        end = start.saturating_sub(1);
    }
    found[top..].reverse();
    found
}

/// [`str::trim`], with a line that starts and ends with a printable ASCII character (most
/// lines) returned as it is without decoding a character from either end: the stage asks
/// it of every line it reads at a text's edges, twice.
#[inline]
fn trim(line: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|&b| (0x21..=0x7E).contains(&b));
    let bytes = line.as_bytes();
    if printable(bytes.first()) && printable(bytes.last()) {
        line
    } else {
        line.trim()
    }
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

    /// The fast path of `trim` is `str::trim`'s answer, whatever a line's ends are.
    #[test]
    fn trim_is_the_standard_librarys() {
        let ends = [
            "", " ", "\t", "\u{B}", "\u{C}", "\r", "\u{A0}", "\u{3000}", "\u{7F}", "a", "!", "~",
            "ä", "\u{1}",
        ];
        for first in ends {
            for last in ends {
                for middle in ["", "x", " y ", "\u{2003}"] {
                    let line = format!("{first}{middle}{last}");
                    assert_eq!(trim(&line), line.trim(), "{line:?}");
                }
            }
        }
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
    fn the_run_again_skips_only_a_text_left_as_it_was() {
        let line = "Lesen Sie auch: Die Wahl";
        // Flagged: the same text judged again flags nothing twice.
        let mut doc = Document::from_text("t", Default::default(), format!("{line}\nA.\nB."));
        let config = Config::default();
        stage(&mut doc, &config).unwrap();
        stage_again(&mut doc, &config).unwrap();
        assert_eq!(doc.boilerplate, [line]);
        assert_eq!(doc.edges_judged, None);
        // A text changed in between is judged again: the line below the old first one
        // is now at the edge.
        let mut doc = Document::from_text("t", Default::default(), "Titel\nA.\nB.");
        stage(&mut doc, &config).unwrap();
        assert!(doc.boilerplate.is_empty());
        doc.text = format!("{line}\nA.\nB.");
        stage_again(&mut doc, &config).unwrap();
        assert_eq!(doc.boilerplate, [line]);
        // Stripped: what the first run left is judged again.
        let mut config = Config::default();
        config.boilerplate.strip = true;
        let mut doc = Document::from_text("t", Default::default(), format!("{line}\nA.\nB."));
        stage(&mut doc, &config).unwrap();
        assert_eq!(
            (doc.text.as_str(), doc.edges_judged.as_deref()),
            ("A.\nB.", None)
        );
        doc.text = format!("{line}\nA.\nB.");
        stage_again(&mut doc, &config).unwrap();
        assert_eq!(doc.text, "A.\nB.");
    }

    #[test]
    fn only_the_edges_are_looked_at() {
        let text = "A.\nB.\nC.\nLesen Sie auch: Die Wahl\nD.\nE.\nF.";
        assert!(run(text, true).removed.is_empty());
        let doc = run("Lesen Sie auch: Die Wahl\n\nA.\nB.\nC.\nD.", true);
        assert_eq!(doc.text, "A.\nB.\nC.\nD.");
    }

    #[test]
    fn characters_are_counted_up_to_the_bound() {
        for piece in ["a", "ü", "€", "𝄞", "ab ü"] {
            for n in 0..700 {
                let line = piece.repeat(n);
                for max in [0, 1, 255, 256, 257, 400] {
                    assert_eq!(
                        has_at_most_chars(&line, max),
                        line.chars().count() <= max,
                        "{piece:?} × {n}, {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_length_bound_covers_every_builtin_pattern() {
        // A line just under the bound that a pattern matches must still be found.
        let long = format!("Diese Website verwendet Cookies{}", " x".repeat(150));
        assert!(
            long.chars().count() <= BUILTIN_MAX_CHARS
                && !builtin_patterns_matching(&long).is_empty()
        );
        let too_long = format!("Lesen Sie auch: {}", "y".repeat(BUILTIN_MAX_CHARS));
        assert!(
            builtin_patterns_matching(&too_long).is_empty(),
            "patterns are bounded below the limit"
        );
    }

    #[test]
    fn every_pattern_needs_what_its_hint_says() {
        // Lines the patterns match: each matching pattern's hint admits the line.
        let lines = [
            "(Mit Agenturbeiträgen)",
            "(mit Material von dpa und AFP)",
            "(dpa/AFP)",
            "Mit Material von Reuters.",
            "(With additional reporting by Jane Doe)",
            "Lesen Sie auch: Die Wahl in Bayern",
            "MEHR ZUM THEMA: Energie",
            "Das könnte Sie auch interessieren: x",
            "Read more: the election",
            "Related articles: x",
            "Abonnieren Sie jetzt! Unser Newsletter: jetzt anmelden",
            "Diese Website verwendet Cookies, um Ihnen",
            "WIR NUTZEN COOKIES.",
            "This site uses cookies.",
        ];
        for line in lines {
            let matching = builtin_patterns_matching(line);
            assert!(!matching.is_empty(), "{line}");
            for i in matching {
                assert!(
                    BUILTIN[i].1.admits(line),
                    "{line}: pattern {i} matched a line its hint does not admit"
                );
            }
            assert!(builtin_match(line), "{line}");
        }
        assert!(!builtin_match("Die Lage an der Grenze sei stabil."));
    }

    #[test]
    fn the_first_byte_table_keeps_every_line_a_hint_admits() {
        // Each hint word, in three cases, as a line of its own and followed by more; lines
        // that start with every other byte too.
        let mut lines: Vec<String> = Vec::new();
        for (_, hint) in BUILTIN {
            let mut words = Vec::new();
            let mut stack = vec![*hint];
            while let Some(h) = stack.pop() {
                match h {
                    Hint::Starts(ws) => words.extend(ws.iter().copied()),
                    Hint::Contains(w, _) => words.push(w),
                    Hint::Both(a, b) => stack.extend([*a, *b]),
                }
            }
            for w in words {
                let capital = w[..1].to_uppercase() + &w[1..];
                for w in [w.to_owned(), capital, w.to_uppercase()] {
                    lines.push(format!("{w} cookies und Newsletter"));
                    lines.push(w);
                }
            }
        }
        lines.extend((1..128u8).map(|b| format!("{}x newsletter cookies", char::from(b))));
        for line in &lines {
            for (i, (_, hint)) in BUILTIN.iter().enumerate() {
                if hint.admits(line) {
                    assert_ne!(
                        FIRST_BYTE[usize::from(line.as_bytes()[0])] & (1 << i),
                        0,
                        "{line:?}: {i}"
                    );
                }
            }
        }
        // And it does refuse: a line starting with `x` passes only the `Contains` hints.
        let contains = BUILTIN
            .iter()
            .filter(|(_, h)| matches!(h, Hint::Contains(..)))
            .count();
        assert_eq!(
            FIRST_BYTE[usize::from(b'x')].count_ones() as usize,
            contains
        );
    }

    #[test]
    fn a_contains_hint_finds_its_word_anywhere_in_any_case() {
        let hint = Hint::Contains("newsletter", 2);
        for line in [
            "newsletter",
            "Unser NEWSLETTER jetzt",
            "zum Newsletter",
            "wnewsletterw",
        ] {
            assert!(hint.admits(line), "{line}");
        }
        for line in ["ewsletter", "newslette", "news letter", "w", ""] {
            assert!(!hint.admits(line), "{line}");
        }
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

#[cfg(test)]
mod fixed_point_tests {
    use super::*;

    /// What removing boilerplate from the edge windows until none is left removes, by
    /// offset: the definition [`edge_boilerplate`] must meet.
    fn until_stable(text: &str, is_boilerplate: &dyn Fn(&str) -> bool) -> Vec<usize> {
        let offset = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
        let mut lines: Vec<&str> = text.split('\n').filter(|l| !l.trim().is_empty()).collect();
        let mut removed = Vec::new();
        loop {
            let n = lines.len();
            let window: Vec<usize> = (0..n)
                .filter(|&i| i < EDGE_LINES || i + EDGE_LINES >= n)
                .filter(|&i| is_boilerplate(lines[i]))
                .collect();
            if window.is_empty() {
                break;
            }
            for &i in window.iter().rev() {
                removed.push(offset(lines.remove(i)));
            }
        }
        removed.sort_unstable();
        removed
    }

    #[test]
    fn the_edges_are_read_until_stripping_is_a_fixed_point() {
        let is_boilerplate = |line: &str| line.starts_with('(');
        let texts = crate::testing::every_text(&["a", "(x)", "\n", " \n", "b\n(y)\n"], 7);
        for text in &texts {
            let found: Vec<usize> = edge_boilerplate(text, is_boilerplate)
                .into_iter()
                .map(|(at, _)| at)
                .collect();
            assert_eq!(found, until_stable(text, &is_boilerplate), "{text:?}");
        }
    }

    #[test]
    fn a_second_look_flags_only_new_lines() {
        let mut doc = Document::from_text("t", Default::default(), "(dpa)\nA.\nB.\nC.\n(dpa)");
        let config = Config::default();
        stage(&mut doc, &config).unwrap();
        stage(&mut doc, &config).unwrap();
        assert_eq!(doc.boilerplate, ["(dpa)", "(dpa)"]);
    }
}
