//! Stage: repair, undo damage that earlier software did to the text.
//!
//! In order, on each string:
//!
//! 1. ANSI terminal escapes are removed.
//! 2. HTML character references (`&amp;`, `&#252;`, `P&EACUTE;REZ`) are decoded, unless the
//!    document is HTML (`repair/entities.rs`); that is decided once per document, its title
//!    included, and which references must stay is decided line by line, so that a title is
//!    decoded alike whether it came apart or as the text's first line.
//! 3. Line by line, while a line looks damaged (`repair/badness.rs`) and a fix makes it clearly
//!    better, up to [`MAX_LAYERS`] times: UTF-8 misread as a single-byte encoding is undone,
//!    for the whole line or for runs inside correct text (`repair/mojibake.rs`); a line of
//!    Central European or Baltic text that was decoded as Latin-1 is read again
//!    (`repair/misread.rs`); failing that, C1 controls become windows-1252 characters.
//! 4. When asked ([`RepairOptions`]): Latin ligatures (`ﬁ`) become letters, fullwidth ASCII
//!    becomes ASCII, curly quotes become straight ones.
//!
//! Each line is repaired as the normalize stage will emit it (what the next run sees); under
//! `--normalization nfkc` or `none` the whole text is repaired again as that form emits it
//! while that uncovers more (`Ã￠` is `Ã¢` under NFKC).
//!
//! The first law, as in ftfy: correct text must come out unchanged, even at the cost of a
//! missed fix. Clean text costs one scan for non-ASCII bytes and is returned borrowed.

mod badness;
mod characters;
mod charsets;
mod emitted;
mod entities;
mod misread;
mod mojibake;

use crate::config::{Config, Normalization, RepairOptions};
use crate::document::{Document, Example};
use crate::error::Reject;
use badness::Badness;
use emitted::{
    as_emitted, changes_when_emitted, may_change_when_emitted, normalized, trailing_blank,
};
use std::borrow::Cow;

/// The stage's name in change logs.
pub const STAGE: &str = "repair";

/// How many times one line may be repaired: text is rarely damaged more than three layers
/// deep, and the bound keeps the time linear on any input.
pub const MAX_LAYERS: usize = 8;

/// One kind of repair and how often it was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What was done, e.g. `mojibake: utf-8 as windows-1252` or `html entity`.
    pub kind: String,
    /// How many times: runs or lines for mojibake, characters or references otherwise.
    pub count: usize,
    /// With `explain`, the first span it changed.
    pub example: Option<Example>,
}

/// The repair stage: repairs the title and the text.
pub fn stage(doc: &mut Document, config: &Config) -> Result<(), Reject> {
    let opts = &config.repair;
    let form = config.normalization;
    // Entities are markup in an HTML document, title included. The title is one of its
    // lines (it was the first, or will be for a record read as text): a title given apart
    // counts as much as one found in the text by the structure stage, so that both are
    // cleaned alike.
    let html = match doc.title.as_deref() {
        Some(title) if memchr::memchr(b'<', title.as_bytes()).is_some() => {
            entities::looks_like_html(&format!("{title}\n\n{}", doc.text))
        }
        _ => entities::looks_like_html(&doc.text),
    };
    let entities = opts.entities && !html;
    let mut fixes = Vec::new();
    if let Some(title) = &doc.title
        && let Some(fixed) = repair_title(title, opts, entities, form, &mut fixes)
    {
        doc.title = Some(fixed);
    }
    let mut fixed = repair_until_stable(&doc.text, opts, entities, &mut fixes);
    let mut normalized = crate::normalize::Counts::default();
    // The lines are repaired as NFC emits them; in another form, the whole text is
    // repaired again as that form emits it.
    if form != Normalization::Nfc {
        let text = fixed.as_deref().unwrap_or(&doc.text);
        if let Some(again) =
            repair_as_normalized(text, form, opts, entities, &mut fixes, &mut normalized)
        {
            fixed = Some(again);
        }
    }
    if let Some(fixed) = fixed {
        doc.text = fixed;
    }
    for fix in fixes {
        doc.log_example(STAGE, &fix.kind, fix.count, fix.example);
    }
    normalized.log(doc);
    Ok(())
}

/// Repair `text` again as the normalize stage will emit it in `form`, while that changes
/// it: compatibility composition turns characters into others (`￠` into `¢`), which may
/// complete mojibake (`Ã¢`); without composition a decomposed letter stays two characters,
/// which the lines' repair, judging them as NFC, saw as one. The next run would repair
/// either. The normalization done on the way is added to `counts`. `None` when the text
/// stays as it is.
fn repair_as_normalized(
    text: &str,
    form: Normalization,
    opts: &RepairOptions,
    entities: bool,
    fixes: &mut Vec<Fix>,
    counts: &mut crate::normalize::Counts,
) -> Option<String> {
    let mut fixed: Option<String> = None;
    for _ in 0..LINE_PASSES {
        let mut done = crate::normalize::Counts::default();
        let current = fixed.as_deref().unwrap_or(text);
        let emitted = crate::normalize::normalize(current, form, &mut done);
        match repair_until_stable(&emitted, opts, entities, fixes) {
            Some(next) => {
                counts.add(&done);
                fixed = Some(next);
            }
            None => break,
        }
    }
    fixed
}

/// How many extra passes the stage makes over text that the first pass changed.
const EXTRA_PASSES: usize = 3;

/// Repair `text` again while a pass still changes it (a fix can uncover more mojibake, or
/// make a reference: `&#â€‹52;` is `&#\u{200b}52;`, and `&#52;` once normalized), so that
/// cleaning the output once more changes nothing. Decoding references again is safe:
/// [`entities::decode`] leaves what decoding would make another reference of.
fn repair_until_stable(
    text: &str,
    opts: &RepairOptions,
    entities: bool,
    fixes: &mut Vec<Fix>,
) -> Option<String> {
    let mut unrepaired = Unrepaired::default();
    let mut judged = false;
    let mut current = match repair_with(text, opts, entities, fixes, &mut unrepaired, &mut judged) {
        Cow::Borrowed(_) => return None,
        Cow::Owned(fixed) => fixed,
    };
    for _ in 0..EXTRA_PASSES {
        match repair_with(
            &current,
            opts,
            entities,
            fixes,
            &mut unrepaired,
            &mut judged,
        ) {
            Cow::Borrowed(_) => break,
            Cow::Owned(fixed) => current = fixed,
        }
    }
    Some(current)
}

/// [`repair_until_stable`] for a title, which the normalize stage makes one line of single
/// spaces: a tab or a line break where a lost no-break space stood (`â€\t`) becomes a space,
/// which completes the mojibake for the next run. The title as emitted is repaired again
/// until that changes nothing, at most [`LINE_PASSES`] times.
fn repair_title(
    title: &str,
    opts: &RepairOptions,
    entities: bool,
    form: Normalization,
    fixes: &mut Vec<Fix>,
) -> Option<String> {
    let mut fixed = repair_until_stable(title, opts, entities, fixes);
    for _ in 0..LINE_PASSES {
        let current = fixed.as_deref().unwrap_or(title);
        let emitted = normalized_title(current, form);
        if emitted == current {
            break;
        }
        match repair_until_stable(&emitted, opts, entities, fixes) {
            Some(next) => fixed = Some(next),
            None => break,
        }
    }
    fixed
}

/// A title the structure stage took from the text's first line, whose whitespace it
/// collapsed: repaired again where that completed mojibake, and normalized again, so that
/// the next run finds nothing to do (in the normalization `form` of the run). `None` when it
/// stays as it is.
pub fn retitle(
    title: &str,
    opts: &RepairOptions,
    form: Normalization,
    fixes: &mut Vec<Fix>,
) -> Option<String> {
    repair_title(title, opts, false, form, fixes).map(|fixed| normalized_title(&fixed, form))
}

fn normalized_title(title: &str, form: Normalization) -> String {
    let mut counts = crate::normalize::Counts::default();
    crate::normalize::normalize_title(title.to_owned(), form, &mut counts)
}

/// Repair one string, appending what was done to `fixes`. Clean text is returned borrowed.
///
/// ```
/// use scour::{config::RepairOptions, repair::repair};
/// let mut fixes = Vec::new();
/// let fixed = repair("UnterstÃ¼tzung fÃ¼r MilitÃ¤r", &RepairOptions::default(), &mut fixes);
/// assert_eq!(fixed, "Unterstützung für Militär");
/// assert_eq!(fixes[0].kind, "mojibake: utf-8 as latin-1");
/// ```
pub fn repair<'a>(text: &'a str, opts: &RepairOptions, fixes: &mut Vec<Fix>) -> Cow<'a, str> {
    let entities = opts.entities && !entities::looks_like_html(text);
    repair_with(
        text,
        opts,
        entities,
        fixes,
        &mut Unrepaired::default(),
        &mut false,
    )
}

/// Damaged lines whose repair came to nothing, by their text. A line's repair depends on
/// the line alone, so the same line met again (in the next pass over a text that other
/// lines' repairs changed, or twice in one text) would come to nothing again: it is not
/// tried again. Such lines are hopeless garbles, the costliest of all to try: every
/// encoding, layer after layer, as they stand and as they will be emitted.
#[derive(Default)]
struct Unrepaired(std::collections::BTreeSet<String>);

fn repair_with<'a>(
    text: &'a str,
    opts: &RepairOptions,
    entities: bool,
    fixes: &mut Vec<Fix>,
    unrepaired: &mut Unrepaired,
    judged: &mut bool,
) -> Cow<'a, str> {
    let Some(reason) = needs_work(text, opts, entities, *judged) else {
        return Cow::Borrowed(text);
    };
    let mut out = Cow::Borrowed(text);
    let explain = opts.explain;
    let escapes = ("terminal escape", explain);
    apply(&mut out, fixes, escapes, characters::terminal_escapes);
    if entities {
        apply(&mut out, fixes, ("html entity", explain), entities::decode);
    }
    // Where the prefilter's reason stands, while the text is still the one it read; a text
    // the escapes or entities changed is asked again, as the prefilter asks a clean text:
    // no line before the place it names needs a repair, and with no place, none does.
    let reason = match &out {
        Cow::Borrowed(_) => Some(reason),
        Cow::Owned(changed) => badness::needs_repair(changed, |_| false),
    };
    // A text the prefilter's second look found clean, and that no optional fix can change,
    // is what the next pass gets: its prefilter then need only look for escapes and
    // references again (proposed and measured by h-ent2: entities 136.8 → 122.6 M).
    *judged = reason.is_none() && !opts.ligatures && !opts.fix_width && !opts.uncurl_quotes;
    if let Some(reason) = reason
        && let Some(fixed) = fix_damaged_lines(&out, reason, explain, fixes, unrepaired)
    {
        out = Cow::Owned(fixed);
    }
    if opts.ligatures {
        apply(
            &mut out,
            fixes,
            ("latin ligature", explain),
            characters::ligatures,
        );
    }
    if opts.fix_width {
        apply(
            &mut out,
            fixes,
            ("fullwidth", explain),
            characters::fullwidth,
        );
    }
    if opts.uncurl_quotes {
        apply(
            &mut out,
            fixes,
            ("curly quote", explain),
            characters::uncurl_quotes,
        );
    }
    out
}

/// The prefilter: could any repair change `text`? `Some` with the index of what made it
/// think so ([`badness::needs_repair`]), or 0 when that is not a character. `judged`: the
/// text is one the last pass's second look found needing no repair but escapes' and
/// references'.
fn needs_work(text: &str, opts: &RepairOptions, entities: bool, judged: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    if memchr::memchr(0x1B, bytes).is_some() || (entities && entities::has_reference(text)) {
        return Some(0);
    }
    if judged {
        return None;
    }
    // All above Latin-1, which the prefilter's fast path for Latin-1 letters relies on.
    badness::needs_repair(text, |c| match c {
        '\u{FB00}'..='\u{FB06}' => opts.ligatures,
        '\u{FF01}'..='\u{FF5E}' | '\u{3000}' => opts.fix_width,
        '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '‟' => opts.uncurl_quotes,
        _ => false,
    })
}

fn apply(
    text: &mut Cow<'_, str>,
    fixes: &mut Vec<Fix>,
    (kind, explain): (&str, bool),
    f: fn(&str) -> Option<(String, usize)>,
) {
    if let Some((fixed, count)) = f(text) {
        tally(fixes, kind, explained(text, &fixed, explain), count);
        *text = Cow::Owned(fixed);
    }
}

/// With `explain`, the first span a repair changed, before and after (`Ã¼` → `ü`); it
/// goes in a field of its own, so that the kinds stay few (the kind held it once, and
/// `--stats` on 20,000 documents counted 756 kinds).
fn explained(before: &str, after: &str, explain: bool) -> Option<Example> {
    if !explain {
        return None;
    }
    let mut prefix: usize = before
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    // A span that is gone entirely reads better with the character it followed.
    if (before.len() - prefix).min(after.len() - prefix) == 0
        || before[prefix..].ends_with(&after[prefix..])
    {
        prefix = before[..prefix]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
    }
    let (b, a) = (&before[prefix..], &after[prefix..]);
    let suffix: usize = b
        .chars()
        .rev()
        .zip(a.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let cap = |s: &str| s.chars().take(24).collect::<String>();
    Some(Example {
        before: cap(&b[..b.len() - suffix]),
        after: cap(&a[..a.len() - suffix]),
    })
}

/// Add `count` repairs of `kind` to `fixes` (the first example stays).
fn tally(fixes: &mut Vec<Fix>, kind: &str, example: Option<Example>, count: usize) {
    match fixes.iter_mut().find(|f| f.kind == kind) {
        Some(f) => {
            f.count += count;
            if f.example.is_none() {
                f.example = example;
            }
        }
        None => fixes.push(Fix {
            kind: kind.to_owned(),
            count,
            example,
        }),
    }
}

/// Encoding repairs, line by line; `None` when no line changed. The lines that end before
/// `reason`, where the prefilter found a reason to look, are known not to be bad as they
/// stand, or to be lines that no repair changes (the prefilter passes over those, see
/// `badness::needs_repair`): only how they will be emitted is judged. Lines found among
/// the `unrepaired` are passed over, and those whose repair comes to nothing are added to
/// them.
fn fix_damaged_lines(
    text: &str,
    reason: usize,
    explain: bool,
    fixes: &mut Vec<Fix>,
    unrepaired: &mut Unrepaired,
) -> Option<String> {
    let mut out = String::new();
    let mut changed = false;
    // A lone CR ends a line too: the normalize stage makes it one.
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end =
            memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |at| start + at);
        let body = &text[start..end];
        let line = &text[start..(end + 1).min(bytes.len())];
        start = end + 1;
        // (Asked only when some line came to nothing: most texts have none.)
        if !unrepaired.0.is_empty() && unrepaired.0.contains(body) {
            if changed {
                out.push_str(line);
            }
            continue;
        }
        // The judgement stops once the line is bad enough for a repair attempt: it goes on
        // only as far as the repair needs to know (see [`Badness`]).
        let (mut own, may_change) = if end < reason {
            (Badness::of(body), may_change_when_emitted(body))
        } else {
            let (own, flagged, next) = badness::judge_until(body, changes_when_emitted, BAD);
            (
                Badness::counted(body, own, next),
                flagged || trailing_blank(body),
            )
        };
        let bad = (end >= reason && own.above(BAD - 1))
            || (may_change && {
                let emitted = as_emitted(body);
                emitted != body && badness::badness(&emitted) >= BAD
            });
        let fixed = bad.then(|| fix_line_until_stable(body, own, explain, fixes));
        if fixed == Some(None) {
            unrepaired.0.insert(body.to_owned());
        }
        match fixed.flatten() {
            Some(fixed) => {
                if !changed {
                    out.reserve(text.len());
                    out.push_str(&text[..end - body.len()]);
                    changed = true;
                }
                out.push_str(&fixed);
                out.push_str(&line[body.len()..]);
            }
            None if changed => out.push_str(line),
            None => {}
        }
    }
    changed.then_some(out)
}

/// Whether a line repaired to badness `bad` (at least [`BAD`]) stays as bad as it was:
/// more than two thirds of its own `initial` badness. That is `initial` at most
/// `(3 * bad - 1) / 2`, so the line's own is counted only that far: a garble's own
/// badness, a point or more a character of a long line, need not be counted to its end.
fn still_as_bad(bad: u32, initial: &mut Badness<'_>) -> bool {
    !initial.above(bad.saturating_mul(3).saturating_sub(1) / 2)
}

/// How many times one line is repaired again as the normalize stage will emit it.
const LINE_PASSES: usize = 4;

/// Repair a damaged line so that repairing what the normalize stage makes of the result
/// changes nothing: that is what the next run sees. The line's own repair leaves characters
/// that normalize drops or changes (a C1 control windows-1252 has no character for, or one
/// left in a garble repair refused, a Unicode space), and those may hide or cut mojibake,
/// or tip the decision on a garble: without them the next run would repair the line
/// differently. So the result is repaired again as emitted, at most [`LINE_PASSES`] times.
/// Repairing it again as it stands is [`repair_until_stable`]'s part.
/// `known_badness` is the line's own, known already.
fn fix_line_until_stable(
    line: &str,
    known_badness: Badness<'_>,
    explain: bool,
    fixes: &mut Vec<Fix>,
) -> Option<String> {
    let (mut fixed, mut known_normal) =
        fix_line_as_emitted(line, Some(known_badness), explain, fixes);
    for _ in 0..LINE_PASSES {
        let current = fixed.as_deref().unwrap_or(line);
        let emitted = known_normal.take().unwrap_or_else(|| normalized(current));
        if emitted == current {
            break;
        }
        match fix_line_as_emitted(&emitted, None, explain, fixes) {
            (Some(next), normal) => (fixed, known_normal) = (Some(next), normal),
            (None, _) => break,
        }
    }
    fixed
}

/// Whether `line`, which the normalize stage leaves as it is (`normalized(line) == line`),
/// is left as it is by [`as_emitted`] too: that drops the joiners U+200C and U+200D
/// wherever they stand, the normalize stage only between Latin letters; every other
/// character [`as_emitted`] drops or replaces (controls, soft hyphens, invisible
/// characters, no-break spaces, trailing blanks), the normalize stage drops or replaces
/// too, and both compose to NFC (a test holds it to [`as_emitted`] on generated lines).
fn emitted_as_normal(line: &str) -> bool {
    let bytes = line.as_bytes();
    !memchr::memchr_iter(0xE2, bytes).any(|i| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|b| b == [0x80, 0x8C] || b == [0x80, 0x8D])
    })
}

/// Repair a damaged line as it stands and as it will be emitted, and keep the better:
/// a soft hyphen may be mojibake of `í` (`Ã\u{ad}`) or noise inside mojibake. `known_badness`
/// is the line's, when known. Also returns the repaired line as the normalize stage will
/// emit it ([`normalized`]) where that was needed to decide.
fn fix_line_as_emitted(
    line: &str,
    known_badness: Option<Badness<'_>>,
    explain: bool,
    fixes: &mut Vec<Fix>,
) -> (Option<String>, Option<String>) {
    let mut own = Vec::new();
    let as_is = fix_line_scored(line, known_badness, explain, &mut own);
    // The common case: the line repaired clean, and emitted as it stands. Its score is 0
    // whatever the line's own emitted form, and the alternative is not tried (as below).
    // Asked of its normalized form, which the caller needs next anyway.
    let mut normal = None;
    if let Some((fixed, 0)) = &as_is {
        let fixed_normal = normalized(fixed);
        if fixed_normal == *fixed && emitted_as_normal(fixed) {
            for f in own {
                tally(fixes, &f.kind, f.example, f.count);
            }
            return (as_is.map(|(fixed, _)| fixed), Some(fixed_normal));
        }
        normal = Some(fixed_normal);
    }
    let emitted = as_emitted(line);
    // The alternative wins only below the as-is line's score: where that is 0 (a line
    // repaired clean, most of them), it is not tried. The repaired line's badness is
    // known: it is its score where emitting it changes nothing.
    let as_is_score = match &as_is {
        _ if emitted == line => 0,
        Some((fixed, bad)) => {
            let fixed_emitted = as_emitted(fixed);
            if *fixed_emitted == **fixed {
                *bad
            } else {
                badness::badness(&fixed_emitted)
            }
        }
        None => badness::badness(&emitted),
    };
    let as_is = as_is.map(|(fixed, _)| fixed);
    if as_is_score > 0 {
        let mut other = Vec::new();
        let alternative = fix_line(&emitted, None, explain, &mut other);
        // The alternative's badness counted only as far as that: it wins only below.
        let alternative_emitted = as_emitted(alternative.as_deref().unwrap_or(&emitted));
        let (alt_score, _, _) =
            badness::judge_until(&alternative_emitted, |_, _, _| false, as_is_score);
        if alt_score < as_is_score {
            for f in other {
                tally(fixes, &f.kind, f.example, f.count);
            }
            return (alternative, None);
        }
    }
    for f in own {
        tally(fixes, &f.kind, f.example, f.count);
    }
    (as_is, normal)
}

/// The badness from which a line is worth a repair attempt.
const BAD: u32 = 2;

/// Repair one damaged line, layer by layer; `None` when nothing could be done. `known_badness`
/// is the line's, when known.
fn fix_line(
    line: &str,
    known_badness: Option<Badness<'_>>,
    explain: bool,
    fixes: &mut Vec<Fix>,
) -> Option<String> {
    fix_line_scored(line, known_badness, explain, fixes).map(|(fixed, _)| fixed)
}

/// [`fix_line`], with the repaired line's badness, which its last layer measured.
fn fix_line_scored(
    line: &str,
    known_badness: Option<Badness<'_>>,
    explain: bool,
    fixes: &mut Vec<Fix>,
) -> Option<(String, u32)> {
    let mut current = Cow::Borrowed(line);
    let mut done = Vec::new();
    let mut guessed_runs = false;
    let mut initial = known_badness.unwrap_or_else(|| Badness::of(line));
    // The badness of the line as repaired so far; `None` while it is the line's own.
    let mut repaired: Option<u32> = None;
    for _ in 0..MAX_LAYERS {
        let mut bad = match repaired {
            Some(bad) => Badness::exact(bad),
            None => initial,
        };
        if !bad.above(BAD - 1) {
            break;
        }
        let (fixed, kind, count, fixed_badness) =
            if let Some((fixed, name, fixed_badness)) = mojibake::whole_line(&current, &mut bad) {
                let kind = format!("mojibake: utf-8 as {name}");
                (fixed, kind, 1, Some(fixed_badness))
            } else if let Some((fixed, runs, name)) = mojibake::runs(&current, &mut bad) {
                guessed_runs = true;
                (fixed, format!("mojibake: utf-8 as {name}"), runs, None)
            } else if let Some((fixed, name)) = misread::reread(&current) {
                (fixed, format!("misread: {name} as latin-1"), 1, None)
            } else if let Some((fixed, count)) = characters::c1_controls(&current) {
                (fixed, "c1 control".to_owned(), count, None)
            } else {
                break;
            };
        if repaired.is_none() {
            // What whole_line measured of the line's own badness is kept.
            initial = bad;
        }
        let example = explained(&current, &fixed, explain);
        done.push((kind, example, count));
        repaired = Some(fixed_badness.unwrap_or_else(|| badness::badness(&fixed)));
        current = Cow::Owned(fixed);
    }
    // Runs fixed inside a line that stays as bad as it was are guesses in a hopeless
    // garble, not repairs. (Runs were fixed, so the line's badness is `repaired`.)
    if guessed_runs
        && let Some(bad) = repaired
        && bad >= BAD
        && still_as_bad(bad, &mut initial)
    {
        return None;
    }
    for (kind, example, count) in done {
        tally(fixes, &kind, example, count);
    }
    match (current, repaired) {
        (Cow::Owned(fixed), Some(bad)) => Some((fixed, bad)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
