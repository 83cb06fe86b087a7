//! The heading matcher of the structure stage: whether a line repeats a title, verbatim or
//! transliterated (through the folding table, [`mod@crate::words::spellings`]), whole or cut at
//! a word boundary.

use crate::words::spellings::{MAX_SPELLING, spellings};

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

#[cfg(test)]
mod tests;
