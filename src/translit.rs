//! Stage 6, translit: how text with diacritics is spelled in plain ASCII, matching across it,
//! and restoring transliterated words.
//!
//! The folding table is data: each character lists the ASCII spellings it may take
//! (`ä` → `ae` or `a`). One mechanism serves every language; adding a language is adding rows.
//!
//! Two uses:
//! - [`heading_match`] tells whether a line repeats a title, verbatim or transliterated, whole
//!   or cut at a word boundary (the structure stage removes such duplicates).
//! - [`restore`] gives a transliterated word back its diacritics when the document itself
//!   (first) or the corpus vocabulary ([`crate::vocab::Vocab`], second) attests exactly one
//!   spelled form of it. The stage ([`stage`]) restores an all-ASCII title, and with
//!   [`RestoreMode::Body`](crate::config::RestoreMode) the body text too.
//!
//! # Never a false fix
//! A word stays as it is when it is itself attested, when more than one form could be meant,
//! when it is in a URL or e-mail address, when it is quoted on its own, when it is one letter
//! long, or when its case pattern is mixed. Evidence from the corpus vocabulary must in addition
//! be frequent (a form seen at least [`restore::MIN_VOCAB_COUNT`] times, the ASCII form at most
//! 1/[`restore::GENUINE_RATIO`] as often) and, in a document that uses diacritics, may not
//! bring in one of the [`restore::OPTIONAL_LETTERS`] the document does without (a Swiss text
//! without `ß` never gets one).

pub mod restore;

pub use restore::{DocWords, Evidence, LineWords, Restoration, restore};

use crate::config::{Config, RestoreMode};
use crate::document::{Document, Removed};
use crate::error::Reject;

/// The stage's name in change logs.
pub const STAGE: &str = "translit";

/// ASCII spellings of a lowercase character, most specific first. Characters not listed
/// fold to themselves.
const SPELLINGS: &[(char, &[&str])] = &[
    ('ä', &["ae", "a"]),
    ('ö', &["oe", "o"]),
    ('ü', &["ue", "u"]),
    ('ß', &["ss"]),
    ('ẞ', &["ss"]),
    ('å', &["aa", "a"]),
    ('ø', &["oe", "o"]),
    ('æ', &["ae"]),
    ('œ', &["oe"]),
    ('é', &["e"]),
    ('è', &["e"]),
    ('ê', &["e"]),
    ('ë', &["e"]),
    ('á', &["a"]),
    ('à', &["a"]),
    ('â', &["a"]),
    ('ã', &["a"]),
    ('í', &["i"]),
    ('ì', &["i"]),
    ('î', &["i"]),
    ('ï', &["i"]),
    ('ó', &["o"]),
    ('ò', &["o"]),
    ('ô', &["o"]),
    ('õ', &["o"]),
    ('ú', &["u"]),
    ('ù', &["u"]),
    ('û', &["u"]),
    ('ñ', &["n"]),
    ('ç', &["c"]),
    ('č', &["c"]),
    ('ć', &["c"]),
    ('ď', &["d"]),
    ('ě', &["e"]),
    ('ę', &["e"]),
    ('ł', &["l"]),
    ('ń', &["n"]),
    ('ň', &["n"]),
    ('ř', &["r"]),
    ('š', &["s"]),
    ('ś', &["s"]),
    ('ť', &["t"]),
    ('ů', &["u"]),
    ('ý', &["y"]),
    ('ž', &["z"]),
    ('ź', &["z"]),
    ('ż', &["z"]),
    ('ą', &["a"]),
    ('ő', &["oe", "o"]),
    ('ű', &["ue", "u"]),
    ('ÿ', &["y"]),
    ('ă', &["a"]),
    ('ș', &["s"]),
    ('ş', &["s"]),
    ('ț', &["t"]),
    ('ţ', &["t"]),
    ('ğ', &["g"]),
    ('ı', &["i"]),
    ('ľ', &["l"]),
    ('ĺ', &["l"]),
    ('ŕ', &["r"]),
    ('đ', &["d"]),
    ('ð', &["d"]),
    ('þ', &["th"]),
    ('ā', &["a"]),
    ('ē', &["e"]),
    ('ī', &["i"]),
    ('ū', &["u"]),
    ('ė', &["e"]),
    ('į', &["i"]),
    ('ų', &["u"]),
    ('\u{201E}', &["\""]),
    ('\u{201C}', &["\""]),
    ('\u{201D}', &["\""]),
    ('«', &["\"", "<<"]),
    ('»', &["\"", ">>"]),
    ('\u{201A}', &["'"]),
    ('\u{2018}', &["'"]),
    ('\u{2019}', &["'"]),
    ('‹', &["'", "<"]),
    ('›', &["'", ">"]),
    ('–', &["-"]),
    ('—', &["-", "--"]),
    ('…', &["...", "."]),
    ('€', &["EUR", "euro", "e"]),
];

/// The ASCII spellings `c` may take (lowercase input), or `None` when it folds to itself.
pub fn spellings(c: char) -> Option<&'static [&'static str]> {
    if c.is_ascii() {
        return None;
    }
    // U+0080–U+00FF (most letters with diacritics in European text) by index.
    type Row = Option<&'static [&'static str]>;
    static LATIN1: std::sync::LazyLock<[Row; 128]> = std::sync::LazyLock::new(|| {
        let mut rows = [None; 128];
        for &(c, spelled) in SPELLINGS {
            if let Some(row) = (c as usize).checked_sub(0x80).and_then(|i| rows.get_mut(i)) {
                *row = Some(spelled);
            }
        }
        rows
    });
    if let Some(row) = (c as usize).checked_sub(0x80).and_then(|i| LATIN1.get(i)) {
        return *row;
    }
    static SORTED: std::sync::LazyLock<Vec<(char, &'static [&'static str])>> =
        std::sync::LazyLock::new(|| {
            let mut sorted = SPELLINGS.to_vec();
            sorted.sort_by_key(|&(c, _)| c);
            sorted
        });
    SORTED
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| SORTED[i].1)
}

/// How a line relates to a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingMatch {
    /// The line spells the whole title (verbatim or transliterated).
    Full,
    /// The line spells the start of the title, cut at a word boundary.
    Prefix,
}

/// A prefix shorter than this many characters (or fewer words) could match by chance.
const MIN_PREFIX_CHARS: usize = 24;
const MIN_PREFIX_WORDS: usize = 3;

/// `s` lowercased with whitespace collapsed to single spaces, as characters, folded on
/// demand: [`Fold::to`] folds up to a bound and a later call with a larger bound goes on
/// from where the last one stopped, with the same result as folding afresh.
struct Fold<'a, 'b> {
    s: &'a str,
    /// Whether `s` goes on from characters folded before it (the common start of a title
    /// and a line, skipped): whitespace at its start then folds to a space.
    continues: bool,
    /// Whether `s` is plain: ASCII from the space to DEL, with single spaces inside and none
    /// at the end (nor at the start, unless it continues). It then folds one character per
    /// byte.
    plain: bool,
    /// The byte offset of the next character to fold.
    pos: usize,
    /// Whether whitespace was seen since the last character folded.
    space: bool,
    /// The largest bound folded to so far.
    max: usize,
    /// The characters folded (a buffer the caller keeps).
    out: &'b mut Vec<char>,
}

impl<'a, 'b> Fold<'a, 'b> {
    /// A fold of `s` (going on from other characters when `continues`) into `out` (cleared),
    /// expected to go no further than about `expected` characters.
    fn new(s: &'a str, continues: bool, expected: usize, out: &'b mut Vec<char>) -> Self {
        let plain = plain_run(s.as_bytes()) == s.len()
            && (continues || !s.starts_with(' '))
            && !s.ends_with(' ');
        Fold {
            s,
            continues,
            plain,
            pos: 0,
            space: false,
            max: 0,
            out: {
                out.clear();
                out.reserve(s.len().min(expected) + 4);
                out
            },
        }
    }

    /// Fold until more than `max` characters are out or `s` ends; whether `s` folds to
    /// more than `max` characters. The characters so far are [`Fold::chars`]: the first
    /// `max + 1` or a few more (a character's lowercase may be several).
    fn to(&mut self, max: usize) -> bool {
        if max < self.max {
            // Going back: fold afresh (the bounds only grow where this is used).
            self.out.clear();
            (self.pos, self.space) = (0, false);
        }
        self.max = max;
        if self.plain {
            return self.plain_to(max);
        }
        // Locals in the loop, written back at the end.
        let mut out = std::mem::take(self.out);
        let mut space = self.space;
        let mut pos = self.pos;
        let bytes = self.s.as_bytes();
        let continues = self.continues;
        let cut = loop {
            let Some(&b) = bytes.get(pos) else {
                break out.len() > max;
            };
            if out.len() > max {
                break true;
            }
            if b < 0x80 {
                if is_space(b) {
                    space = continues || !out.is_empty();
                    pos += 1;
                    continue;
                }
                if space {
                    out.push(' ');
                    space = false;
                }
                // A run of ASCII characters with single spaces inside (each folds to
                // itself), lowercased at once: the first, and each further one while at
                // most `max` characters are out. A space at its end waits for what follows
                // it; one that would be the last character out comes with the next (as a
                // pending space does).
                let mut run = 1 + plain_run(&bytes[pos + 1..]);
                if bytes[pos + run - 1] == b' ' {
                    run -= 1;
                }
                let mut take = 1 + (run - 1).min((max + 1).saturating_sub(out.len() + 1));
                if bytes[pos + take - 1] == b' ' {
                    take += 1;
                }
                out.extend(
                    bytes[pos..pos + take]
                        .iter()
                        .map(|&c| char::from(c.to_ascii_lowercase())),
                );
                pos += take;
                continue;
            }
            let Some(c) = self.s[pos..].chars().next() else {
                break out.len() > max;
            };
            pos += c.len_utf8();
            if c.is_whitespace() {
                space = continues || !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            match c {
                // Latin-1 capitals lowercase 32 code points on.
                'À'..='Þ' if c != '×' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
                'ß'..='ÿ' => out.push(c),
                _ => out.extend(c.to_lowercase()),
            }
        };
        *self.out = out;
        self.space = space;
        self.pos = pos;
        cut
    }

    /// [`Fold::to`] for a plain `s`: the characters out are always those of the bytes
    /// before `pos`, and folding stops after the byte that makes more than `max` of them
    /// (a space then waits for the next byte).
    fn plain_to(&mut self, max: usize) -> bool {
        let bytes = self.s.as_bytes();
        if self.out.len() > max {
            return true;
        }
        let end = match bytes.get(max) {
            Some(b' ') => max + 2,
            Some(_) => max + 1,
            None => bytes.len(),
        }
        .min(bytes.len());
        self.out.extend(
            bytes[self.pos..end]
                .iter()
                .map(|&b| char::from(b.to_ascii_lowercase())),
        );
        self.pos = end;
        self.out.len() > max
    }

    fn chars(&self) -> &[char] {
        self.out
    }
}

/// ASCII whitespace, as `char::is_whitespace` has it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// How many bytes at the start of `bytes` are plain: in 0x20–0x7F (no whitespace but the
/// space, no control but DEL, nothing beyond ASCII), and not the first of two spaces. Sixteen
/// bytes at a time are looked at, of which fifteen are judged (the last only pairs with the
/// one before it); the rest, fewer than sixteen, padded with plain bytes.
fn plain_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(block) = bytes
        .get(n..n + 16)
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
    {
        if let Some(stop) = first_stop(block) {
            return n + stop;
        }
        n += 15;
    }
    let mut rest = [b'x'; 16];
    rest[..bytes.len() - n].copy_from_slice(&bytes[n..]);
    first_stop(rest).map_or(bytes.len(), |stop| n + stop)
}

/// Where [`plain_run`] stops within the first fifteen bytes of `block`.
fn first_stop(block: [u8; 16]) -> Option<usize> {
    let splat = |b: u8| u128::from_le_bytes([b; 16]);
    let (high, low) = (splat(0x80), splat(0x7f));
    let block = u128::from_le_bytes(block);
    // The high bit of a byte at least 0x20 (of its low seven bits) and below 0x80.
    let plain = ((block & low) + splat(0x80 - 0x20)) & !block & high;
    // The high bit of a space: a byte that is zero once the space is taken out.
    let x = block ^ splat(b' ');
    let space = !(((x & low) + low) | x) & high;
    let stops = (!plain | (space & (space >> 8))) & (high >> 8);
    (stops != 0).then(|| stops.trailing_zeros() as usize / 8)
}

/// The longest ASCII spelling of any character ([`SPELLINGS`]: `euro`).
const MAX_SPELLING: usize = 4;

/// Whether `line` repeats `title`, verbatim or transliterated, whole or cut at a word
/// boundary (and then long enough not to match by chance). Case and whitespace are ignored;
/// a cut copy may end in an ellipsis (`...` or `…`).
pub fn heading_match(title: &str, line: &str) -> Option<HeadingMatch> {
    let common = common_start(title.as_bytes(), line.as_bytes());
    // The same ASCII character first (case aside) is the same start.
    let alike = common > 0 && is_unspelled(title.as_bytes()[0]);
    if !alike && !same_start(title, line) {
        return None;
    }
    match (title.as_bytes().get(common), line.as_bytes().get(common)) {
        // The same text, ASCII case aside, folds alike, and each character spells itself
        // (the start test above found one).
        (None, None) => return Some(HeadingMatch::Full),
        // The folds agree up to two different ASCII characters, and the title's spells only
        // itself: no start of the title spells the line, nor the line without an ellipsis
        // (the line's character is neither `.` nor a space, so it stays). This spares most
        // body lines that start like the title any folding.
        (Some(&a), Some(&b)) if is_unspelled(a) && is_unspelled(b) && b != b'.' => {
            return None;
        }
        _ => {}
    }
    SCRATCH.with(|cell| {
        let mut scratch = cell.take();
        let found = folded_match(title, line, common, &mut scratch);
        cell.set(scratch);
        found
    })
}

/// Buffers for [`folded_match`], kept per thread: allocating them for each comparison cost
/// a tenth of it.
#[derive(Default)]
struct Scratch {
    title: Vec<char>,
    line: Vec<char>,
    frontier: Vec<usize>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// [`heading_match`] once the cheap tests have not decided: `common` is how many bytes the
/// title and the line start with alike.
fn folded_match(
    title: &str,
    line: &str,
    common: usize,
    scratch: &mut Scratch,
) -> Option<HeadingMatch> {
    let Scratch {
        title: title_buf,
        line: line_buf,
        frontier,
    } = scratch;
    // Each is folded once, as far as the tests below need. (The title's bytes bound its
    // characters: a looser bound, which only lets a line be folded a little further before
    // it is found too long.)
    let line_bound = 2 * MAX_SPELLING * title.len() + 8;
    // A line no longer than twice the title is folded whole at little cost: the test of
    // its first words (a condition of any match) would only be done again below. Else the
    // common start is not folded: its characters spell themselves, one for one.
    let long = line.len() > 2 * title.len();
    let skip = if long {
        Split::default()
    } else {
        Split::within(&title.as_bytes()[..common])
    };
    let continues = skip.bytes > 0;
    let mut title_fold = Fold::new(&title[skip.bytes..], continues, line.len() + 4, title_buf);
    let mut line_fold = Fold::new(&line[skip.bytes..], continues, line_bound + 4, line_buf);
    if long && !same_first_words(&mut title_fold, &mut line_fold, frontier) {
        return None;
    }
    // Every title character takes at least one line character and at most MAX_SPELLING
    // (lowercasing at most doubles one), and an ellipsis may follow: a longer line cannot
    // match, and title characters beyond the line's length cannot take part. Both bounds
    // keep a body paragraph from being folded whole. (From here on `t` and `l` are what
    // follows the skipped start, which folds to `skip.chars` characters in both.)
    if line_fold.to(line_bound - skip.chars) {
        return None;
    }
    let l = line_fold.chars();
    let title_cut = title_fold.to(l.len() + 1);
    let t = title_fold.chars();
    if !continues && (l.is_empty() || t.is_empty()) {
        return None;
    }
    let reached = reach(t, l, frontier);
    if !title_cut && reached.whole {
        return Some(HeadingMatch::Full);
    }
    // The skipped start ends in neither `.` nor a space, so an ellipsis and the space before
    // it are stripped from what follows it alone.
    let core = strip_ellipsis(l);
    // Words: only whether there are enough spaces matters.
    let spaces = skip.spaces
        + core
            .iter()
            .filter(|&&c| c == ' ')
            .take(MIN_PREFIX_WORDS - 1)
            .count();
    if skip.chars + core.len() < MIN_PREFIX_CHARS || spaces + 1 < MIN_PREFIX_WORDS {
        return None;
    }
    let reached = if core.len() < l.len() {
        reach(t, core, frontier)
    } else {
        reached
    };
    // A cut at a word boundary: the title goes on with a space after the matched prefix.
    reached.before_space.then_some(HeadingMatch::Prefix)
}

/// Whether an ASCII byte folds to a character with no other spelling: anything but
/// whitespace (which may collapse with more).
fn is_unspelled(b: u8) -> bool {
    b < 0x80 && !is_space(b)
}

/// How many bytes `title` and `line` start with alike, ASCII case aside (other bytes as they
/// are): they fold alike as far, and a start of the title that spells a start of the line
/// character for character leaves no other way to spell it.
fn common_start(title: &[u8], line: &[u8]) -> usize {
    // Eight bytes at a time while they are the same bytes, then one at a time.
    let block = |s: &[u8], n: usize| {
        s.get(n..n + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_ne_bytes)
    };
    let mut n = 0;
    while let (Some(a), Some(b)) = (block(title, n), block(line, n)) {
        if a != b {
            break;
        }
        n += 8;
    }
    n + title[n..]
        .iter()
        .zip(&line[n..])
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
        .count()
}

/// A start of a title and a line that both fold to the same characters, all ASCII, the last
/// of which is neither whitespace nor `.`: folding can go on from its end with nothing but a
/// pending space to know, and an ellipsis stripped from the rest stops short of it.
#[derive(Debug, Clone, Copy, Default)]
struct Split {
    bytes: usize,
    /// The characters it folds to.
    chars: usize,
    /// How many of those are spaces.
    spaces: usize,
}

impl Split {
    /// The longest split within `common`, a start shared with the line (which has the same
    /// whitespace, `.` and ASCII bytes in it).
    fn within(common: &[u8]) -> Split {
        let plain = plain_run(common);
        let ascii = common[plain..]
            .iter()
            .position(|&b| b >= 0x80)
            .map_or(common.len(), |i| plain + i);
        let Some(last) = common[..ascii]
            .iter()
            .rposition(|&b| !is_space(b) && b != b'.')
        else {
            return Split::default();
        };
        if last < plain && common[0] != b' ' {
            // Plain (the usual case): each byte folds to one character.
            return Split {
                bytes: last + 1,
                chars: last + 1,
                spaces: common[..last].iter().filter(|&&b| b == b' ').count(),
            };
        }
        // As a fold counts them: a space for each run of whitespace after a character (the
        // start ends in one).
        let (mut chars, mut spaces, mut space) = (0, 0, false);
        for &b in &common[..=last] {
            if is_space(b) {
                space = chars > 0;
                continue;
            }
            if space {
                (chars, spaces, space) = (chars + 1, spaces + 1, false);
            }
            chars += 1;
        }
        Split {
            bytes: last + 1,
            chars,
            spaces,
        }
    }
}

/// Whether the line can start like the title: a cheap test that spares nearly every body
/// line the full comparison (the first characters agree, case aside, or the title's first
/// character has a spelling that starts with the line's).
fn same_start(title: &str, line: &str) -> bool {
    let first = |s: &str| match s.as_bytes().first() {
        // Most lines start with an ASCII character that is not whitespace.
        Some(&b) if is_unspelled(b) => Some(char::from(b.to_ascii_lowercase())),
        _ => s
            .chars()
            .find(|c| !c.is_whitespace())
            .and_then(|c| c.to_lowercase().next()),
    };
    let (Some(t), Some(l)) = (first(title), first(line)) else {
        return false;
    };
    starts_alike(t, l)
}

/// Whether a title that starts with `t` (lowercased) can start a line that starts with `l`:
/// the same character, or a spelling of `t` that starts with `l` (or spells it as nothing).
fn starts_alike(t: char, l: char) -> bool {
    t == l
        || spellings(t).is_some_and(|options| {
            options.iter().any(|o| {
                o.is_empty()
                    || o.chars()
                        .next()
                        .is_some_and(|c| c.to_ascii_lowercase() == l)
            })
        })
}

/// How many folded characters of a line [`same_first_words`] looks at.
const FIRST_WORDS_CHARS: usize = 24;

/// Whether the line's first words (those within its first [`FIRST_WORDS_CHARS`] folded
/// characters) spell the start of the title: spellings hold no spaces, so a match of the
/// whole line starts with such a match. Rejects a body paragraph that merely starts with
/// the title's first letter before either is folded whole.
fn same_first_words(
    title: &mut Fold<'_, '_>,
    line: &mut Fold<'_, '_>,
    frontier: &mut Vec<usize>,
) -> bool {
    if !line.to(FIRST_WORDS_CHARS) {
        return true;
    }
    let head = line.chars();
    let Some(space) = head.iter().rposition(|&c| c == ' ').filter(|&i| i > 0) else {
        return true;
    };
    title.to(space + 1);
    let t = title.chars();
    reach(t, &head[..space], frontier).any
}

/// The line without a trailing ellipsis (`...`, `…`) and the space before it.
fn strip_ellipsis(l: &[char]) -> &[char] {
    let mut end = l.len();
    while end > 0 && matches!(l[end - 1], '.' | '…') {
        end -= 1;
    }
    if end == l.len() {
        return l;
    }
    while end > 0 && l[end - 1] == ' ' {
        end -= 1;
    }
    &l[..end]
}

/// Which starts of the title spell the whole line (see [`reach`]).
#[derive(Debug, Clone, Copy, Default)]
struct Reached {
    /// Some start does (the empty one too).
    any: bool,
    /// The whole title does.
    whole: bool,
    /// A start that a space follows in the title does: the line is the title cut at a word
    /// boundary.
    before_space: bool,
}

impl Reached {
    /// Note whether the first `i` characters of `t` spell the whole line.
    fn mark(&mut self, t: &[char], i: usize, spelled: bool) {
        if spelled {
            self.any = true;
            match t.get(i) {
                None => self.whole = true,
                Some(' ') => self.before_space = true,
                Some(_) => {}
            }
        }
    }
}

/// Which starts of the title `t` spell the whole line `l`. A DP over (title position, line
/// position): each title character matches itself or one of its spellings. Only the
/// reachable line positions of each title position are kept (one or two in practice), so a
/// mismatch ends the walk early.
fn reach(t: &[char], l: &[char], frontier: &mut Vec<usize>) -> Reached {
    let mut reached = Reached::default();
    // The reachable line positions; each step appends the next ones and drops these (one
    // buffer, the caller's).
    frontier.clear();
    frontier.push(0);
    let mut i = 0;
    while i < t.len() {
        // The common steps: one reachable line position and an ASCII title character, which
        // has no other spelling, matched by the line (no start spells the line there: the
        // line goes on).
        if let [mut j] = frontier[..] {
            let same = t[i..]
                .iter()
                .zip(l.get(j..).unwrap_or_default())
                .take_while(|&(&a, &b)| a == b && a.is_ascii())
                .count();
            (i, j) = (i + same, j + same);
            frontier[0] = j;
            if i == t.len() {
                break;
            }
            if t[i].is_ascii() {
                // A mismatch, or the line ended.
                reached.mark(t, i, j == l.len());
                return reached;
            }
        }
        let c = t[i];
        reached.mark(t, i, frontier.contains(&l.len()));
        if c.is_ascii() {
            // No other spelling: the positions where the line has the character go one on,
            // in place.
            frontier.retain_mut(|j| {
                let matched = l.get(*j) == Some(&c);
                *j += 1;
                matched
            });
            if frontier.is_empty() {
                return reached;
            }
            i += 1;
            continue;
        }
        let now = frontier.len();
        let options = spellings(c).unwrap_or(&[]);
        for at in 0..now {
            let j = frontier[at];
            let mut push = |k: usize| {
                if !frontier[now..].contains(&k) {
                    frontier.push(k);
                }
            };
            if j < l.len() && l[j] == c {
                push(j + 1);
            }
            for spelled in options {
                let n = spelled.len();
                if j + n <= l.len()
                    && spelled
                        .bytes()
                        .zip(&l[j..j + n])
                        .all(|(a, &b)| char::from(a.to_ascii_lowercase()) == b)
                {
                    push(j + n);
                }
            }
        }
        frontier.drain(..now);
        if frontier.is_empty() {
            return reached;
        }
        i += 1;
    }
    reached.mark(t, t.len(), frontier.contains(&l.len()));
    reached
}

/// Runs of alphabetic characters in `text`, with their byte offsets: the words that
/// restoration and the vocabulary see.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator returned by [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        // Up to the first letter: runs of ASCII non-letters in a tight loop.
        loop {
            while i < bytes.len() && bytes[i] < 0x80 && !bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i >= bytes.len() {
                self.pos = i;
                return None;
            }
            if bytes[i] < 0x80 {
                break;
            }
            // `i` is at a char boundary: every step advances by a whole char.
            let c = text[i..].chars().next()?;
            if is_letter(c) {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        // Up to the first non-letter: runs of ASCII letters in a tight loop.
        loop {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] < 0x80 {
                break;
            }
            match text[i..].chars().next() {
                Some(c) if is_letter(c) => i += c.len_utf8(),
                _ => break,
            }
        }
        self.pos = i;
        Some((start, &text[start..i]))
    }
}

/// `char::is_alphabetic`, without its table for the common characters of European text:
/// Latin letters with diacritics (U+00C0–U+024F but × and ÷) are letters, general
/// punctuation and currency signs (U+2000–U+206F, U+20A0–U+20CF) are not.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}' => false,
        _ => c.is_alphabetic(),
    }
}

/// The primary ASCII spelling of a lowercase word: every letter spelled by its first (most
/// specific) spelling (`müller` → `mueller`, `école` → `ecole`); `None` when some letter has
/// no ASCII spelling (Cyrillic, Greek…).
///
/// Restoration looks words up by this key only. Stripped spellings (`ü` → `u`) still count
/// for [`heading_match`], but restoring from them would turn real words into others
/// (`wurde` → `würde`, `schon` → `schön`), so they never restore a word.
pub fn ascii_key(word: &str) -> Option<String> {
    let mut key = String::with_capacity(word.len() + 4);
    ascii_key_into(word, &mut key).then_some(key)
}

/// `word` lowercased into a reused buffer (cleared first); fast for ASCII.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_lowercase() {
            out.push(c);
        } else {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

/// [`ascii_key`] into a reused buffer (cleared first); false when there is no key.
pub fn ascii_key_into(word: &str, key: &mut String) -> bool {
    key.clear();
    for c in word.chars() {
        if c.is_ascii() {
            key.push(c);
        } else {
            match spellings(c).and_then(|s| s.first()) {
                Some(spelled) => key.push_str(spelled),
                None => return false,
            }
        }
    }
    true
}

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
        (Some(title), false) => LineWords::reuse(cached, &doc.text, title).into_words(),
        _ => DocWords::from_text(&doc.text),
    };
    // The title as the document gave it: it is part of the text that attests words.
    let original_title = doc.title.clone();
    if let Some(title) = doc.title.clone().filter(|t| t.is_ascii()) {
        let (mut restored, mut fixes) = restore(&title, &known, vocab, restore::Scope::Heading);
        if restore_body {
            // A title transliterated like its body: the body attests the ASCII forms, so
            // only the vocabulary can speak.
            let (again, more) = restore(&restored, &known, vocab, restore::Scope::Body);
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
        let (restored, fixes) = restore(&doc.text, &known, vocab, restore::Scope::Body);
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

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: &str = "Kim Jong Un verspricht Unterstützung für Russlands Militäraktionen in der Ukraine bei Putins Besuch in Nordkorea";

    #[test]
    fn every_spelling_is_short_and_not_empty() {
        // heading_match's length bounds rely on this, and `spellings` on unique keys.
        let mut keys: Vec<char> = SPELLINGS.iter().map(|&(c, _)| c).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SPELLINGS.len(), "a character listed twice");
        for (c, options) in SPELLINGS {
            for o in *options {
                let n = o.chars().count();
                assert!((1..=MAX_SPELLING).contains(&n), "{c}: {o:?}");
            }
        }
    }

    /// `s` folded character by character, as far as [`Fold::to`]`(max)` goes.
    fn fold_slowly(s: &str, continues: bool, max: usize) -> (Vec<char>, bool) {
        let mut out = Vec::new();
        let mut space = false;
        let mut cut = false;
        for c in s.chars() {
            if out.len() > max {
                cut = true;
                break;
            }
            if c.is_whitespace() {
                space = continues || !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
        let cut = cut || out.len() > max;
        (out, cut)
    }

    #[test]
    fn folding_ascii_takes_the_same_steps() {
        for s in [
            "  Kim  Jong\tUn\x0Bverspricht ",
            "A",
            "",
            " \n ",
            " a",
            " ab cd",
            "Grüße  aus Köln",
            "İstanbul  İzmir ÄÖÜ \u{A0}x",
            "Kim Jong Un verspricht",
            "a b c d e f",
            "ab",
            "a\x7fb c",
        ] {
            for continues in [false, true] {
                for max in [0, 1, 2, 3, 4, 5, 6, 10, 21, 22, 100] {
                    let slow = fold_slowly(s, continues, max);
                    let what = format!("{s:?} {continues} {max}");
                    let mut buf = Vec::new();
                    let mut fold = Fold::new(s, continues, max, &mut buf);
                    let cut = fold.to(max);
                    assert_eq!((fold.chars().to_vec(), cut), slow, "{what}");
                    // Folding on from a smaller bound gives the same, and so does going back.
                    let mut buf = Vec::new();
                    let mut fold = Fold::new(s, continues, max, &mut buf);
                    fold.to(max / 2);
                    let cut = fold.to(max);
                    assert_eq!((fold.chars().to_vec(), cut), slow, "{what} resumed");
                    fold.to(max + 7);
                    let cut = fold.to(max);
                    assert_eq!((fold.chars().to_vec(), cut), slow, "{what} back");
                }
            }
        }
    }

    /// [`heading_match`] as its definition reads: both folded whole, every start of the
    /// title tried against every start of the line.
    fn heading_match_slowly(title: &str, line: &str) -> Option<HeadingMatch> {
        let first_words = || {
            same_first_words(
                &mut Fold::new(title, false, 0, &mut Vec::new()),
                &mut Fold::new(line, false, 0, &mut Vec::new()),
                &mut Vec::new(),
            )
        };
        if !same_start(title, line) || (line.len() > 2 * title.len() && !first_words()) {
            return None;
        }
        let (t, _) = fold_slowly(title, false, usize::MAX);
        let (l, _) = fold_slowly(line, false, usize::MAX);
        if l.len() > 2 * MAX_SPELLING * title.len() + 8 || t.is_empty() || l.is_empty() {
            return None;
        }
        // spells[i][j]: the first `i` title characters spell the first `j` line characters.
        let mut spells = vec![vec![false; l.len() + 1]; t.len() + 1];
        spells[0][0] = true;
        for i in 0..t.len() {
            for j in 0..=l.len() {
                if !spells[i][j] {
                    continue;
                }
                if l.get(j) == Some(&t[i]) {
                    spells[i + 1][j + 1] = true;
                }
                for spelled in spellings(t[i]).unwrap_or(&[]) {
                    let spelled: Vec<char> =
                        spelled.chars().map(|c| c.to_ascii_lowercase()).collect();
                    if l[j..].starts_with(&spelled) {
                        spells[i + 1][j + spelled.len()] = true;
                    }
                }
            }
        }
        if spells[t.len()][l.len()] {
            return Some(HeadingMatch::Full);
        }
        let core = strip_ellipsis(&l).len();
        let words = l[..core].iter().filter(|&&c| c == ' ').count() + 1;
        if core < MIN_PREFIX_CHARS || words < MIN_PREFIX_WORDS {
            return None;
        }
        (0..t.len())
            .any(|i| spells[i][core] && t[i] == ' ')
            .then_some(HeadingMatch::Prefix)
    }

    #[test]
    fn same_start_agrees_with_its_definition() {
        // The first characters that are not whitespace, lowercased, found by decoding every
        // string (no ASCII shortcut), start alike.
        let slowly = |title: &str, line: &str| {
            let first = |s: &str| {
                s.chars()
                    .find(|c| !c.is_whitespace())
                    .and_then(|c| c.to_lowercase().next())
            };
            let (Some(t), Some(l)) = (first(title), first(line)) else {
                return false;
            };
            starts_alike(t, l)
        };
        let starts = [
            "",
            " ",
            "Die",
            "die",
            " Die",
            "\tdie",
            "\u{A0}Die",
            "\x1fDie",
            "Äpfel",
            "ae",
            "A",
            "Öl",
            "oe",
            "O",
            "é",
            "E",
            "€",
            "eur",
            "\"Zitat",
            "„Zitat",
            ".",
            "1",
            "\x7f",
        ];
        for title in starts {
            for line in starts {
                assert_eq!(
                    same_start(title, line),
                    slowly(title, line),
                    "{title:?} {line:?}"
                );
            }
        }
    }

    #[test]
    fn heading_match_agrees_with_its_definition() {
        // Titles, copies of them spelled other ways, cut at every character with and without
        // an ellipsis, compared both ways round: the shortcuts (the common start skipped,
        // the early mismatch, the same text) must not change a result.
        let titles = [
            TITLE,
            "Große „Feier“ – heute in Zürich und Genf",
            "Die Europäische Kommission prüft die Öffnung der Grenzübergänge",
            "  Der  Preis\tsteigt weiter und weiter. Um 5 € ... und „mehr“ ",
            "ÄRGER ÜBER ÖL: Straßen zu",
            " Ein Leerzeichen vorweg, dann Köln und Zürich",
        ];
        let spell = |s: &str, pick: usize| -> String {
            s.chars()
                .map(|c| {
                    let lower = c.to_lowercase().next().unwrap_or(c);
                    match spellings(lower) {
                        Some(options) => options[pick.min(options.len() - 1)].to_string(),
                        None => c.to_string(),
                    }
                })
                .collect()
        };
        let mut checked = 0;
        for title in titles {
            let copies = [
                title.to_string(),
                spell(title, 0),
                spell(title, 1),
                title.to_uppercase(),
                title.replace(' ', "  "),
            ];
            for copy in &copies {
                let cuts = copy.char_indices().map(|(i, _)| i).chain([copy.len()]);
                for cut in cuts {
                    for end in ["", "...", " ...", "…", "x", " Text"] {
                        let line = format!("{}{end}", &copy[..cut]);
                        for (a, b) in [(title, line.as_str()), (line.as_str(), title)] {
                            assert_eq!(
                                heading_match(a, b),
                                heading_match_slowly(a, b),
                                "{a:?} {b:?}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn plain_runs_stop_at_whitespace_controls_beyond_ascii_and_two_spaces() {
        for len in [0, 1, 2, 15, 16, 17, 30, 31, 32, 46] {
            for stop in [b' ', b'\t', b'\n', 0x01, 0x1f, 0x7f, 0x80, 0xc3, 0xff] {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = stop;
                    let want = if matches!(stop, b' ' | 0x7f) { len } else { at };
                    assert_eq!(plain_run(&bytes), want, "{len} {stop:#x} {at}");
                    // Two spaces: the run stops at the first.
                    if at + 1 < len {
                        bytes[at + 1] = b' ';
                        let want = if stop == 0x7f { len } else { at };
                        assert_eq!(plain_run(&bytes), want, "{len} {stop:#x} {at} +space");
                    }
                }
                assert_eq!(plain_run(&vec![b'!'; len]), len);
                assert_eq!(plain_run(&b"a ".repeat(len)), 2 * len);
            }
        }
    }

    #[test]
    fn a_paragraph_is_not_a_heading_either_way_round() {
        let paragraph = format!("{TITLE} und noch viel mehr. ").repeat(20);
        assert_eq!(heading_match(TITLE, &paragraph), None);
        assert_eq!(heading_match(&paragraph, TITLE), Some(HeadingMatch::Prefix));
        assert_eq!(heading_match(&paragraph, "Kim"), None);
    }

    #[test]
    fn the_letter_shortcuts_agree_with_is_alphabetic() {
        for c in ('\0'..='\u{2FFF}').chain('\u{FE00}'..='\u{FFFF}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn words_are_runs_of_letters() {
        let text = "„Grüße“, sagte Jürgen—x2y ÉCOLE l’été 日本語 ×÷ end";
        let got: Vec<(usize, &str)> = words(text).collect();
        let want: Vec<(usize, &str)> = {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (c.is_alphabetic(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((s, &text[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            out
        };
        assert_eq!(got, want);
    }

    #[test]
    fn spellings_lookup() {
        assert_eq!(spellings('ü'), Some(&["ue", "u"][..]));
        assert_eq!(spellings('x'), None);
        for &(c, spelled) in SPELLINGS {
            assert_eq!(spellings(c), Some(spelled), "{c}");
        }
        assert_eq!(spellings('\u{A0}'), None);
        assert_eq!(
            spellings('ÿ'),
            SPELLINGS.iter().find(|r| r.0 == 'ÿ').map(|r| r.1)
        );
    }

    #[test]
    fn seed_heading_is_a_truncated_transliteration() {
        let line = "Kim Jong Un verspricht Unterstuetzung fuer Russlands Militaeraktionen in der";
        assert_eq!(heading_match(TITLE, line), Some(HeadingMatch::Prefix));
    }

    #[test]
    fn verbatim_and_stripped_copies() {
        assert_eq!(heading_match(TITLE, TITLE), Some(HeadingMatch::Full));
        let stripped = "kim jong un verspricht unterstutzung fur russlands militaraktionen in der ukraine bei putins besuch in nordkorea";
        assert_eq!(heading_match(TITLE, stripped), Some(HeadingMatch::Full));
        assert_eq!(
            heading_match("Große „Feier“ – heute", "Grosse \"Feier\" - heute"),
            Some(HeadingMatch::Full)
        );
    }

    #[test]
    fn cut_copy_with_an_ellipsis() {
        let line = "Kim Jong Un verspricht Unterstuetzung fuer Russlands...";
        assert_eq!(heading_match(TITLE, line), Some(HeadingMatch::Prefix));
        let line = "Kim Jong Un verspricht Unterstuetzung fuer Russ…";
        assert_eq!(heading_match(TITLE, line), None);
    }

    #[test]
    fn words_and_offsets() {
        let w: Vec<_> = words("Grüße, l'école 2024 duesseldorf.de").collect();
        assert_eq!(
            w,
            [
                (0, "Grüße"),
                (9, "l"),
                (11, "école"),
                (23, "duesseldorf"),
                (35, "de")
            ]
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words("ab").collect::<Vec<_>>(), [(0, "ab")]);
    }

    #[test]
    fn keys_of_a_word() {
        assert_eq!(ascii_key("müller").as_deref(), Some("mueller"));
        assert_eq!(ascii_key("straße").as_deref(), Some("strasse"));
        assert_eq!(ascii_key("århus").as_deref(), Some("aarhus"));
        assert_eq!(ascii_key("příliš").as_deref(), Some("prilis"));
        assert_eq!(ascii_key("plain").as_deref(), Some("plain"));
        assert_eq!(ascii_key("пхеньян"), None);
    }

    #[test]
    fn cut_inside_a_word_or_too_short_is_not_a_match() {
        assert_eq!(
            heading_match(TITLE, "Kim Jong Un verspricht Unterstuetzung fuer Russ"),
            None
        );
        assert_eq!(heading_match(TITLE, "Kim Jong"), None);
        assert_eq!(
            heading_match(
                TITLE,
                "Während eines Staatsbesuchs des russischen Präsidenten"
            ),
            None
        );
    }
}
