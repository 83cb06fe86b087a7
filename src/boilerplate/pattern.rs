//! The matcher of the built-in boilerplate patterns: fixed parts by small lazy DFAs, bounded
//! runs of any characters counted.
//!
//! A pattern such as `(read more|see also)\s*:.{0,200}` compiled whole by the regex crate
//! costs millions of instructions, once per process: each bounded repetition of a Unicode
//! class becomes that many copies of the class's UTF-8 automaton, forward and reverse, with
//! captures. A run filtering a few documents paid more for it than for their cleaning. Here
//! such a run is a [`Part::Gap`], whose characters are counted, and each other part is a
//! [`Part::Fixed`] regex of a few words, compiled to a forward lazy DFA without captures
//! that reports every place where a match of it ends (not only the leftmost-first one). A
//! line matches when the parts, one after the other, can cover it whole: exactly the lines
//! that the regex `as_regex` writes (for the tests) matches. A pattern of one fixed part
//! (the credit lines') is one anchored search, whose longest match must end the line; the
//! others step the parts' DFAs through the line, marking where each part can end in
//! buffers that each thread keeps with its caches.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};

/// A part of a built-in pattern, matched case-insensitively.
#[derive(Debug, Clone, Copy)]
pub(super) enum Part {
    /// A regex (of a few words: a bounded repetition belongs in a [`Part::Gap`]).
    Fixed(&'static str),
    /// Up to this many characters, none of them the given one: `.{0,n}` is
    /// `Gap(n, '\n')`, `[^.]{0,n}` is `Gap(n, '.')`.
    Gap(usize, char),
}

/// The regex a pattern's parts stand for, case-insensitive and anchored to the whole line:
/// what [`Matcher::is_match`] must agree with.
#[cfg(test)]
pub(super) fn as_regex(parts: &[Part]) -> String {
    let mut re = String::from("(?i)^(?:");
    for part in parts {
        match *part {
            Part::Fixed(fixed) => re.push_str(&format!("(?:{fixed})")),
            Part::Gap(n, '\n') => re.push_str(&format!(".{{0,{n}}}")),
            Part::Gap(n, except) => {
                let except = regex::escape(&except.to_string());
                re.push_str(&format!("[^{except}]{{0,{n}}}"));
            }
        }
    }
    re.push_str(")$");
    re
}

/// What one thread needs to match a pattern: a cache for each fixed part's lazy DFA, in
/// order, and the marks of where the parts so far can end (kept for the next line).
struct Scratch {
    caches: Vec<Cache>,
    reach: Vec<bool>,
    next: Vec<bool>,
}

type ScratchPool = Pool<Scratch, Box<dyn Fn() -> Scratch + Send + Sync>>;

/// A part, compiled.
enum Compiled {
    /// The lazy DFA (boxed: a DFA is large); its cache is the scratch's next one.
    Fixed(Box<DFA>),
    Gap(usize, char),
}

/// A built-in pattern, compiled: see the module's header.
pub(super) struct Matcher {
    parts: Vec<Compiled>,
    /// The scratch, one per thread that matches.
    scratch: ScratchPool,
}

impl Matcher {
    /// Compile a pattern's parts; `None` if a fixed part is not a valid regex.
    pub(super) fn new(parts: &[Part]) -> Option<Matcher> {
        let parts = parts
            .iter()
            .map(|part| match *part {
                Part::Fixed(fixed) => {
                    // Every match, not only the preferred one: the parts after it decide
                    // which end the line needs.
                    let dfa = DFA::builder()
                        .configure(DFA::config().match_kind(MatchKind::All))
                        .syntax(syntax::Config::new().case_insensitive(true))
                        .thompson(
                            thompson::Config::new().which_captures(thompson::WhichCaptures::None),
                        )
                        .build(fixed)
                        .ok()?;
                    Some(Compiled::Fixed(Box::new(dfa)))
                }
                Part::Gap(n, except) => Some(Compiled::Gap(n, except)),
            })
            .collect::<Option<Vec<_>>>()?;
        let dfas: Vec<DFA> = parts
            .iter()
            .filter_map(|part| match part {
                Compiled::Fixed(dfa) => Some((**dfa).clone()),
                Compiled::Gap(..) => None,
            })
            .collect();
        let create: Box<dyn Fn() -> Scratch + Send + Sync> = Box::new(move || Scratch {
            caches: dfas.iter().map(DFA::create_cache).collect(),
            reach: Vec::new(),
            next: Vec::new(),
        });
        Some(Matcher {
            parts,
            scratch: Pool::new(create),
        })
    }

    /// Whether the parts, one after the other, cover the whole `line`.
    pub(super) fn is_match(&self, line: &str) -> bool {
        let mut scratch = self.scratch.get();
        let Scratch {
            caches,
            reach,
            next,
        } = &mut *scratch;
        // One fixed part, the credit lines' patterns: one search from the line's start,
        // which goes on to the longest match (every match is reported, so the longest one
        // ends last); the line matches when it ends there.
        if let ([Compiled::Fixed(dfa)], [cache]) = (self.parts.as_slice(), caches.as_mut_slice()) {
            let input = Input::new(line).anchored(Anchored::Yes);
            // The configuration has no quit bytes and never gives up, so the search cannot
            // fail; an error would read as no match.
            return matches!(
                dfa.try_search_fwd(cache, &input),
                Ok(Some(end)) if end.offset() == line.len()
            );
        }
        // `reach[i]`: the parts so far can cover `line[..i]`.
        reach.clear();
        reach.resize(line.len() + 1, false);
        reach[0] = true;
        next.clear();
        next.resize(line.len() + 1, false);
        let mut caches = caches.iter_mut();
        for part in &self.parts {
            next.fill(false);
            let any = match part {
                Compiled::Gap(n, except) => gap(line, reach, *n, *except, next),
                Compiled::Fixed(dfa) => match caches.next() {
                    Some(cache) => fixed(dfa, cache, line, reach, next),
                    None => false,
                },
            };
            if !any {
                return false;
            }
            std::mem::swap(reach, next);
        }
        reach[line.len()]
    }
}

/// Mark in `next` where a run of up to `n` characters other than `except` can end, having
/// begun where `reach` is set. One pass: the budget left is the largest of the runs begun.
fn gap(line: &str, reach: &[bool], n: usize, except: char, next: &mut [bool]) -> bool {
    let mut left: Option<usize> = None;
    let mut any = false;
    let ends = line.char_indices().map(Some).chain([None]);
    for at in ends {
        let i = at.map_or(line.len(), |(i, _)| i);
        if reach[i] {
            left = Some(n);
        }
        if left.is_some() {
            next[i] = true;
            any = true;
        }
        if let Some((_, c)) = at {
            left = left.filter(|_| c != except).and_then(|l| l.checked_sub(1));
        }
    }
    any
}

/// Mark in `next` every place where a match of `dfa` that begins where `reach` is set ends.
fn fixed(dfa: &DFA, cache: &mut Cache, line: &str, reach: &[bool], next: &mut [bool]) -> bool {
    let mut any = false;
    for start in (0..=line.len()).filter(|&i| reach[i]) {
        // The configuration has no quit bytes and never gives up, so the searches cannot
        // fail; an error would read as no match.
        let _ = each_end(dfa, cache, line, start, |end| {
            next[end] = true;
            any = true;
        });
    }
    any
}

/// Call `found` with the end of every match of `dfa` that begins at `start`. The lazy DFA
/// reports a match one byte late: a match state reached on the byte at `at` means a match
/// ended at `at`.
fn each_end(
    dfa: &DFA,
    cache: &mut Cache,
    line: &str,
    start: usize,
    mut found: impl FnMut(usize),
) -> Result<(), regex_automata::MatchError> {
    let input = Input::new(line).range(start..).anchored(Anchored::Yes);
    let mut sid = dfa.start_state_forward(cache, &input)?;
    for (at, &byte) in line.as_bytes().iter().enumerate().skip(start) {
        sid = dfa
            .next_state(cache, sid, byte)
            .map_err(|_| regex_automata::MatchError::gave_up(at))?;
        if sid.is_tagged() {
            if sid.is_match() {
                found(at);
            } else if sid.is_dead() || sid.is_quit() {
                return Ok(());
            }
        }
    }
    sid = dfa
        .next_eoi_state(cache, sid)
        .map_err(|_| regex_automata::MatchError::gave_up(line.len()))?;
    if sid.is_match() {
        found(line.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boilerplate::BUILTIN;
    use regex::Regex;

    /// The built-in patterns as the regex crate compiled them whole before they were split
    /// into parts, row for row.
    const WHOLE: &[&str] = &[
        r"\((mit )?(agenturbeiträgen|agenturmaterial|material (von|der) [^)]+)\)",
        r"\((dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp)([ ]*[,/][ ]*(dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp))*\)",
        r"mit material (von|der) (dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp)[^.]{0,40}\.?",
        r"\((with )?(agency|wire|additional) (reporting|reports|material)[^)]*\)",
        r"(lesen sie (auch|mehr|hier)|mehr zum thema|auch interessant|das könnte sie auch interessieren)(?-u:\b).{0,200}",
        r"(read more|related articles?|see also)\s*:.{0,200}",
        r".{0,80}(?-u:\b)newsletter(?-u:\b).{0,80}(abonnieren|anmelden|bestellen|subscribe|sign up).{0,80}",
        r"(diese (website|webseite|seite) (verwendet|nutzt) cookies|wir (verwenden|nutzen) cookies|this (website|site) uses cookies).{0,300}",
    ];

    /// Beginnings of lines: the patterns' words in several cases and spellings (the long
    /// s and the Kelvin sign fold to `s` and `k`), cut short, run into a letter, or with
    /// what may follow them.
    const HEADS: &[&str] = &[
        "(Mit Agenturbeiträgen)",
        "(MIT AGENTURBEITRÄGEN)",
        "(mit Agenturmaterial",
        "(Material der dpa)",
        "(mit Material von dpa und AFP)",
        "(dpa/AFP)",
        "(dpa , afp/ Reuters)",
        "(dpa/)",
        "(apa)",
        "Mit Material von dpa",
        "mit material der apa",
        "Mit Material von AP",
        "mit material von ap.",
        "Mit Material von Reuters.",
        "(With additional reporting by Jane Doe)",
        "(agency reports",
        "Lesen Sie auch:",
        "LESEN SIE MEHR",
        "lesen sie hier",
        "Lesen Sie auchx",
        "Le\u{17f}en \u{17f}ie auch",
        "Mehr zum Thema",
        "Auch interessant",
        "Das könnte Sie auch interessieren",
        "DAS KÖNNTE SIE AUCH INTERESSIEREN",
        "Das \u{212a}önnte Sie auch interessieren",
        "Read more:",
        "read more :",
        "read more\n:",
        "Related article:",
        "related articles\t:",
        "Related articlesx:",
        "See also:",
        "see also",
        "Diese Website verwendet Cookies",
        "diese Seite nutzt cookies",
        "Wir nutzen Cookies",
        "wir verwenden Cookies.",
        "This site uses cookies",
        "THIS WEBSITE USES COOKIES",
        "Newsletter abonnieren",
        "Unser Newsletter: jetzt anmelden",
        "newsletter sign up",
        "NEWSLETTER SUBSCRIBE",
    ];

    /// What runs of characters are made of: a plain letter, a letter of two bytes, of
    /// three, a space, and the characters the gaps and classes stop at.
    const FILL: &[char] = &['x', 'ü', '€', ' ', '.', ')', '\n', ':'];

    /// Around every bound the patterns have.
    const COUNTS: &[usize] = &[
        0, 1, 2, 39, 40, 41, 79, 80, 81, 199, 200, 201, 299, 300, 301,
    ];

    fn lines() -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for head in HEADS {
            for &c in FILL {
                for &n in COUNTS {
                    let run = c.to_string().repeat(n);
                    lines.push(format!("{head}{run}"));
                    lines.push(format!("{head} {run}"));
                    lines.push(format!("{run}{head}"));
                    lines.push(format!("{head}{run}."));
                }
            }
        }
        // The newsletter's three runs, each around its bound.
        for verb in [
            "abonnieren",
            "Anmelden",
            "bestellen",
            "SUBSCRIBE",
            "sign up",
        ] {
            for word in ["newsletter", "Newsletter", "xnewsletter", "newsletters"] {
                for &c in &['x', 'ü', ' ', '\n'] {
                    for a in [0, 1, 79, 80, 81] {
                        for b in [0, 1, 79, 80, 81] {
                            for z in [0, 80, 81] {
                                let run = |n: usize| c.to_string().repeat(n);
                                lines.push(format!("{}{word}{}{verb}{}", run(a), run(b), run(z)));
                            }
                        }
                    }
                }
            }
        }
        // And every line of every fixture.
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    lines.extend(text.lines().map(|l| l.trim().to_owned()));
                    lines.extend(text.lines().map(str::to_owned));
                }
            }
        }
        lines.extend(lines.iter().map(|l| l.to_uppercase()).collect::<Vec<_>>());
        lines
    }

    #[test]
    fn every_pattern_matches_the_lines_its_whole_regex_matches() {
        assert_eq!(BUILTIN.len(), WHOLE.len());
        let lines = lines();
        let mut matched = vec![0usize; BUILTIN.len()];
        for (i, ((parts, _), whole)) in BUILTIN.iter().zip(WHOLE).enumerate() {
            let whole = Regex::new(&format!("(?i)^(?:{whole})$")).unwrap();
            let written = Regex::new(&as_regex(parts)).unwrap();
            let matcher = Matcher::new(parts).unwrap();
            for line in &lines {
                let expected = whole.is_match(line);
                assert_eq!(matcher.is_match(line), expected, "pattern {i}: {line:?}");
                assert_eq!(
                    written.is_match(line),
                    expected,
                    "pattern {i} written: {line:?}"
                );
                matched[i] += usize::from(expected);
            }
        }
        // The lines do test each pattern both ways.
        for (i, &n) in matched.iter().enumerate() {
            assert!(
                n > 10 && n < lines.len() / 2,
                "pattern {i}: {n} lines match"
            );
        }
    }

    #[test]
    fn a_fixed_part_reports_every_end_not_only_the_preferred_one() {
        // `ap` is preferred to `apa`, but only `apa` leaves a run of 40 letters.
        let matcher = Matcher::new(BUILTIN[2].0).unwrap();
        let line = format!("mit material von apa{}", "x".repeat(40));
        assert!(matcher.is_match(&line));
        assert!(!matcher.is_match(&format!("{line}x")));
    }
}
