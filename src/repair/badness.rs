//! How wrong a piece of text looks: scour's own measure of mojibake.
//!
//! Mojibake is UTF-8 read in a single-byte encoding. Each UTF-8 lead byte then shows as a
//! letter (`Ã`, `Ð`, `Р`, `√`) and each continuation byte as a symbol, a curly quote, a C1
//! control or a rare letter, so damaged text is full of character pairs that real writing
//! almost never has: a symbol glued inside a word (`Ã©t`), a capital accented letter after a
//! lowercase one (`frÃ¨`), box drawing next to accented letters (`╨┐╤Ç`). The measure adds
//! a few points for every such oddity. Each term is anchored at a non-ASCII character and
//! looks only at its neighbours, so pure ASCII costs nothing but the scan for high bytes, and
//! the same function serves as the cheap prefilter for clean text.
//!
//! The weights were chosen for this project against ftfy's public test cases (both the
//! damaged and the deliberately tricky clean ones); they are not ftfy's tables.

use crate::scan::next_non_ascii;
use quiet::{QUOTE, adds_no_points_latin1, after_quiet, past_small_cyrillic, quiet};

mod quiet;
mod unrepairable;

/// What kind of character, as far as mojibake is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    AsciiUpper,
    AsciiLower,
    Digit,
    AsciiPunct,
    /// U+00A0, which UTF-8 continuation byte 0xA0 shows as.
    Nbsp,
    /// U+0080–U+009F: never intended in text.
    C1,
    /// Non-ASCII uppercase letter.
    Upper,
    /// Non-ASCII lowercase letter.
    Lower,
    /// Letter without case (Hebrew, Arabic, CJK, Indic…).
    Caseless,
    /// Combining mark.
    Mark,
    /// Symbols that continuation bytes show as: Latin-1 signs, modifier letters, daggers,
    /// letterlike symbols, arrows, maths.
    Sym,
    /// Curly quotes and guillemets.
    Quote,
    /// Dashes and the ellipsis: ordinary punctuation.
    Punct,
    /// Box drawing and blocks (code page 437).
    Box,
    /// Characters real text almost never has: IPA, long s, Cyrillic supplement, private use.
    Rare,
    /// Anything else (emoji, other symbols, U+FFFD).
    Other,
}

/// The class of U+0000–U+00FF, the characters mojibake and clean European text are mostly
/// made of: looked up in [`LATIN1`], without the case tables.
const fn latin1_class(b: u8) -> Class {
    use Class::*;
    match b {
        0x20 | 0x09 | 0x0A | 0x0D => Space,
        0x41..=0x5A => AsciiUpper,
        0x61..=0x7A => AsciiLower,
        0x30..=0x39 => Digit,
        0x00..=0x7F => AsciiPunct,
        0x80..=0x9F => C1,
        0xA0 => Nbsp,
        0xAB | 0xBB => Quote,
        0xA1..=0xBF | 0xD7 | 0xF7 => Sym,
        // Capitals up to `Þ`, then `ß`–`ÿ`, all lowercase.
        0xC0..=0xDE => Upper,
        0xDF..=0xFF => Lower,
    }
}

/// [`latin1_class`] of every byte.
static LATIN1: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = latin1_class(b as u8);
        b += 1;
    }
    table
};

/// The class of a character outside the blocks [`class`] knows, from the case tables.
/// A character that is neither a capital nor a small letter is asked all three, and the
/// table of alphabetic characters is the slowest: CJK, kana and Hangul, which web pages
/// hold whole paragraphs of, are classed by range in [`class`] instead.
fn cased(c: char) -> Class {
    if c.is_uppercase() {
        Class::Upper
    } else if c.is_lowercase() {
        Class::Lower
    } else if c.is_alphabetic() {
        Class::Caseless
    } else {
        Class::Other
    }
}

fn class(c: char) -> Class {
    use Class::*;
    if let Some(&k) = LATIN1.get(c as usize) {
        return k;
    }
    match c as u32 {
        0x17F => Rare,
        0x100..=0x24F => cased(c),
        0x250..=0x2AF => Rare,
        0x2B0..=0x2FF => Sym,
        0x300..=0x36F => Mark,
        // Basic Cyrillic without the case tables: capitals, then small letters (Russian
        // pages are long runs of them).
        0x400..=0x42F => Upper,
        0x430..=0x45F => Lower,
        0x500..=0x52F => Rare,
        0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => Space,
        0x2010..=0x2015 | 0x2026 => Punct,
        0x2018..=0x201F | 0x2039 | 0x203A => Quote,
        0x2016 | 0x2017 | 0x2020..=0x2025 | 0x2027..=0x2038 | 0x203B..=0x205E => Sym,
        0x20A0..=0x20CF | 0x2100..=0x214F | 0x2190..=0x23FF | 0x25A0..=0x25FF => Sym,
        0x2500..=0x259F => Box,
        0x1D00..=0x1DBF | 0x3400..=0x4DBF | 0xE000..=0xF8FF => Rare,
        0xFB00..=0xFB06 => Lower,
        0xFFFD => Other,
        // Without the case tables (`cased` would say the same: a test asks it of each):
        // CJK punctuation, kana, CJK ideographs and Hangul syllables, and the emoji.
        0x3001..=0x3004 | 0x3008..=0x3020 | 0x30FB => Other,
        0x3041..=0x3096 | 0x309D..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF => Caseless,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => Caseless,
        0x1F300..=0x1FAFF => Other,
        _ => cased(c),
    }
}

fn is_letter(k: Class) -> bool {
    matches!(
        k,
        Class::AsciiUpper | Class::AsciiLower | Class::Upper | Class::Lower | Class::Caseless
    )
}

fn is_wide_letter(k: Class) -> bool {
    matches!(k, Class::Upper | Class::Lower | Class::Caseless)
}

fn is_lower(k: Class) -> bool {
    matches!(k, Class::AsciiLower | Class::Lower)
}

/// Letters that windows-1252 puts among the continuation bytes; after `Â`, `Ã` or `â` they
/// are a sign of mojibake, not of a word.
fn is_cp1252_letter(c: char) -> bool {
    matches!(c, 'Š' | 'Œ' | 'Ž' | 'š' | 'œ' | 'ž' | 'Ÿ' | 'ƒ')
}

/// The script of a non-ASCII letter or mark, by block; 0 when it has none of these.
pub(crate) fn script(c: char) -> u8 {
    match c as u32 {
        0xC0..=0x24F | 0x1E00..=0x1EFF => 1,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 2,
        0x400..=0x52F => 3,
        0x530..=0x58F => 4,
        0x590..=0x5FF => 5,
        0x600..=0x6FF | 0x750..=0x77F => 6,
        0x700..=0x7BF => 7,
        0x900..=0xDFF => 8,
        0xE00..=0xEFF => 9,
        _ => 0,
    }
}

/// Characters that windows-1251 puts among the continuation bytes and that Russian text
/// does not have after `Р`, `С` or `в`.
fn is_cp1251_continuation(c: char) -> bool {
    matches!(
        c,
        'Ђ' | 'Ѓ'
            | 'ѓ'
            | 'Љ'
            | 'Њ'
            | 'Ќ'
            | 'Ћ'
            | 'Џ'
            | 'ђ'
            | 'љ'
            | 'њ'
            | 'ќ'
            | 'ћ'
            | 'џ'
            | 'Ў'
            | 'ў'
            | 'Ј'
            | 'ј'
            | 'Ѕ'
            | 'ѕ'
            | 'Ґ'
            | 'ґ'
            | '‚'
            | '„'
            | '…'
            | '†'
            | '‡'
            | '€'
            | '‰'
            | '‹'
            | '›'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '•'
            | '™'
            | '№'
            | '¤'
            | '¦'
            | '§'
            | '©'
            | '¬'
            | '®'
            | '°'
            | '±'
            | 'µ'
            | '¶'
            | '·'
            | '\u{A0}'
            | '\u{AD}'
    )
}

/// The points one non-ASCII character `c` adds, given its neighbours.
#[inline]
fn points_in_context(
    p2: Option<char>,
    p: Option<char>,
    c: char,
    n: Option<char>,
    n2: Option<char>,
) -> u32 {
    use Class::*;
    let k = class(c);
    let pk = p.map_or(Space, class);
    let nk = n.map_or(Space, class);
    let mut points = 0;
    match k {
        C1 => points += 3,
        Rare => points += 2,
        _ => {}
    }
    // `frÃ¨res`, `РґРѕ`: an accented capital straight after a lowercase letter.
    if k == Upper && is_lower(pk) {
        points += if matches!(c, 'Â' | 'Ã') { 2 } else { 1 };
    }
    // `ZURÃœCK`: a lowercase accented letter straight before an ASCII capital.
    if k == Lower && nk == AsciiUpper {
        points += 1;
    }
    // The three most common lead bytes shown in windows-1252 (0xC2, 0xC3, 0xE2), followed
    // by anything but what follows them in Portuguese, French or Vietnamese words.
    if matches!(c, 'Â' | 'Ã' | 'â') {
        let apostrophe = n == Some('’') && n2.is_some_and(|c| is_letter(class(c)));
        let natural = match nk {
            Space | AsciiUpper | AsciiLower | Digit | AsciiPunct => true,
            Upper | Lower => c == 'â' && n.is_some_and(|n| !is_cp1252_letter(n)),
            _ => false,
        };
        // `MISUTÂ\u{a0}AJIKKO`: inside capitals a NBSP after `Â` may be just that.
        let in_capitals =
            n == Some('\u{A0}') && pk == AsciiUpper && n2.is_some_and(|c| c.is_ascii_uppercase());
        if !natural && !apostrophe && !in_capitals {
            points += 2;
        }
    }
    if k == Sym {
        // A sign right after an accented letter (`Ã©`, `Î³`), except a trademark-like sign
        // that ends a word (`NESTLÉ®`).
        let word_end_mark = matches!(c, '™' | '®' | '©') && !is_letter(nk);
        if is_wide_letter(pk) && !word_end_mark {
            points += 1;
        }
        // A sign inside a word (`g√¢teaux`); the soft hyphen belongs there.
        if c != '\u{AD}' && is_letter(pk) && is_letter(nk) {
            points += 1;
        }
        // Two signs glued to a word (`g√¢teaux`, `ï¿½`).
        if (is_letter(pk) && nk == Sym) || (pk == Sym && is_letter(nk)) {
            points += 1;
        }
        // A mathematical sign straight after a letter (`wei√ü`); `√π` alone is maths.
        if ('\u{2200}'..='\u{22FF}').contains(&c) && is_letter(pk) {
            points += 1;
        }
        // A sign followed by a curly quote (`×‘×”`).
        if matches!(nk, Quote | C1) {
            points += 1;
        }
    }
    // Two scripts inside one word (`\u{489}\u{6df}`): what a wrong encoding produces.
    let wordlike = |k: Class| matches!(k, Upper | Lower | Caseless | Mark | Rare | Other);
    if let Some(p) = p
        && wordlike(k)
        && wordlike(pk)
        && script(c) != 0
        && script(p) != 0
        && script(c) != script(p)
    {
        points += 2;
    }
    // A combining mark of Cyrillic, Hebrew or Arabic with no letter to sit on.
    let script_mark =
        matches!(c as u32, 0x483..=0x489 | 0x591..=0x5C7 | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED);
    if script_mark && !is_letter(pk) {
        points += 3;
    }
    // A combining mark with nothing to sit on (a strike-through `$̶6̶` has its `$`).
    if k == Mark && !is_letter(pk) && !matches!(pk, Digit | Mark) && p != Some('$') {
        points += 3;
    }
    // Low opening quotes never follow a letter.
    if matches!(c, '‚' | '„') && is_letter(pk) {
        points += 2;
    }
    // Curly quotes inside a word; the apostrophe ’ belongs there. Guillemets even less.
    if is_letter(pk) && is_letter(nk) {
        match c {
            '‘' | '“' | '”' | '‚' | '„' => points += 1,
            '«' | '»' | '‹' | '›' => points += 2,
            _ => {}
        }
    }
    // windows-1251 shows the lead bytes of Cyrillic and of punctuation as `Р`, `С`, `в`;
    // what follows them then is a letter Russian never has or a symbol (`вЂ“`, `РЎ`).
    if matches!(p, Some('Р' | 'С' | 'в')) && is_cp1251_continuation(c) {
        points += 2;
    }
    // `ð` starting a word: Icelandic and Faroese never begin one with it, but Lithuanian
    // and Latvian `š` in windows-1257 read as Latin-1 do (`ðiandien`).
    if c == 'ð' && !is_letter(pk) && is_letter(nk) {
        points += 2;
    }
    // A lost byte right after a lead-byte letter (`SlovenÄ�ina`).
    if c == '\u{FFFD}' && p.is_some_and(|p| ('\u{C2}'..='\u{F4}').contains(&p)) {
        points += 2;
    }
    // The same lead character every other position (`×¢×‘×¨`, `à®¤à®®`): a whole word of
    // Hebrew, Arabic or Indic letters shown byte by byte.
    if p2 == Some(c)
        && !matches!(pk, Space | AsciiUpper | AsciiLower | Digit | AsciiPunct)
        && !is_letter(pk)
    {
        points += 1;
    }
    // Box drawing touching accented letters (`╨┐╤Ç`); next to ASCII it may be a drawing.
    if k == Box {
        points += 2 * u32::from(is_wide_letter(pk)) + 2 * u32::from(is_wide_letter(nk));
    }
    points
}

/// Index of the first byte at or after `from` that is a control character or not ASCII,
/// or `bytes.len()`. A byte below 0x20 borrows into its high bit when 0x20 is taken from
/// it; a borrow from a lower byte only follows such a byte, so the lowest flagged byte is
/// always one.
#[inline]
fn next_control_or_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let flagged = (word | word.wrapping_sub(0x2020_2020_2020_2020)) & 0x8080_8080_8080_8080;
        if flagged != 0 {
            return i + (flagged.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && (0x20..0x80).contains(&bytes[i]) {
        i += 1;
    }
    i
}

/// The badness of `text`: 0 for clean text, a few points per oddity.
pub(crate) fn badness(text: &str) -> u32 {
    judge(text, |_, _, _| false).0
}

/// The badness of a line, counted only as far as someone needs: the judgement of a line
/// stops once it is bad enough for a repair attempt ([`judge_until`]), and goes on from
/// there only when a question needs more points than were counted (is the line worse than
/// this decoding of it?). On a line of mojibake every non-ASCII character scores, so a few
/// characters answer such a question, where the whole line used to be measured.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Badness<'a> {
    text: &'a str,
    /// The points counted so far: the badness is at least this.
    at_least: u32,
    /// Where the count goes on: the start of the character after the last one counted;
    /// `text.len()` once the whole text is counted and `at_least` is the badness.
    next: usize,
}

impl<'a> Badness<'a> {
    /// A badness known: `value`.
    pub(crate) fn exact(value: u32) -> Self {
        Self {
            text: "",
            at_least: value,
            next: 0,
        }
    }

    /// The badness of `text`, not counted yet.
    pub(crate) fn of(text: &'a str) -> Self {
        Self::counted(text, 0, 0)
    }

    /// The badness of `text`, of which the characters before byte `next` (a character's
    /// start) were counted: `points` ([`judge_until`] gives both).
    pub(crate) fn counted(text: &'a str, points: u32, next: usize) -> Self {
        Self {
            text,
            at_least: points,
            next,
        }
    }

    /// Count on until the badness is known to reach `stop`, or is known.
    fn count_to(&mut self, stop: u32) {
        if self.at_least < stop && self.next < self.text.len() {
            let (points, _, next) =
                judge_from(self.text, self.next, self.at_least, |_, _, _| false, stop);
            self.at_least = points;
            self.next = next;
        }
    }

    /// The badness, counted to the end when not known yet.
    pub(crate) fn get(&mut self) -> u32 {
        self.count_to(u32::MAX);
        self.at_least
    }

    /// Whether `score` is below the badness (counted only as far as that takes).
    pub(crate) fn above(&mut self, score: u32) -> bool {
        self.count_to(score.saturating_add(1));
        score < self.at_least
    }

    /// Whether `score` is at most half the badness (counted only as far as that takes).
    pub(crate) fn at_least_twice(&mut self, score: u32) -> bool {
        let twice = score.saturating_mul(2);
        self.count_to(twice);
        twice <= self.at_least
    }
}

/// The badness of `text`, and whether `flag` is true of one of its bytes: one scan for both.
/// `flag(bytes, i, b)` is asked about every control character `b` at `bytes[i]` and the
/// lead byte of every non-ASCII character, except 0xC3 of a Latin-1 letter that adds no
/// point and 0xD0 or 0xD1 of a small Russian letter that follows a quiet Cyrillic one.
pub(crate) fn judge(text: &str, flag: impl Fn(&[u8], usize, u8) -> bool) -> (u32, bool) {
    let (points, flagged, _) = judge_until(text, flag, u32::MAX);
    (points, flagged)
}

/// [`judge`], stopping as soon as the badness reaches `stop`: then the badness returned is
/// only a lower bound, and whether `flag` held is only known of the bytes before. Also
/// returns where the count would go on ([`Badness::counted`]): `text.len()` when it
/// reached the end.
pub(crate) fn judge_until(
    text: &str,
    flag: impl Fn(&[u8], usize, u8) -> bool,
    stop: u32,
) -> (u32, bool, usize) {
    judge_from(text, 0, 0, flag, stop)
}

/// [`judge_until`] going on from byte `from` (a character's start) with `total` points
/// counted before it. A character's points depend on its neighbours only, not on what was
/// counted before, so a count stopped and taken up again is the count made at once.
fn judge_from(
    text: &str,
    from: usize,
    mut total: u32,
    flag: impl Fn(&[u8], usize, u8) -> bool,
    stop: u32,
) -> (u32, bool, usize) {
    let bytes = text.as_bytes();
    let mut flagged = false;
    // Where the last character the fast path passed over ends, and its entry.
    let mut last = (usize::MAX, 0);
    let mut i = next_control_or_non_ascii(bytes, from);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            flagged |= flag(bytes, i, b);
            i = next_control_or_non_ascii(bytes, i + 1);
            continue;
        }
        if b == 0xC3 && adds_no_points_latin1(bytes, i) {
            i = next_control_or_non_ascii(bytes, i + 2);
            continue;
        }
        flagged |= flag(bytes, i, b);
        let before = if last.0 == i { last.1 } else { 0 };
        if let Some((end, found)) = quiet(bytes, i, before) {
            last = (end, found);
            if bytes.get(end).is_some_and(|&b| b >= 0x80) {
                last = past_small_cyrillic(bytes, end, found);
            }
            i = next_control_or_non_ascii(bytes, last.0);
            continue;
        }
        let mut after = text[i..].chars();
        let Some(c) = after.next() else { break };
        let end = i + c.len_utf8();
        let mut before = text[..i].chars();
        let p = before.next_back();
        let p2 = before.next_back();
        let n = after.next();
        let n2 = after.next();
        total += points_in_context(p2, p, c, n, n2);
        if total >= stop {
            return (total, flagged, end);
        }
        i = next_control_or_non_ascii(bytes, end);
    }
    (total, flagged, bytes.len())
}

/// Characters that the normalize stage drops ([`super::emitted::dropped`]: controls but tab and line
/// ends, the soft hyphen, zero-width characters and joiners, the word joiner, the BOM) or
/// composes with the letter before them (combining diacritics): with them around, a
/// character's neighbours change. A few range tests, for the prefilter.
#[inline]
fn may_vanish(c: char) -> bool {
    if c < '\u{A0}' {
        return c >= '\u{7F}' || (c < ' ' && !matches!(c, '\t' | '\n' | '\r'));
    }
    matches!(
        c,
        '\u{AD}' | '\u{300}'..='\u{36F}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Printable ASCII, tab or a line end.
#[inline]
const fn printable_or_line_end(b: u8) -> bool {
    if b >= b' ' {
        b < 0x7F
    } else {
        matches!(b, b'\t' | b'\n' | b'\r')
    }
}

/// An ASCII control character that the normalize stage drops.
#[inline]
fn control(b: u8) -> bool {
    if b >= b' ' {
        b == 0x7F
    } else {
        !matches!(b, b'\t' | b'\n' | b'\r')
    }
}

/// The badness around `c`, at byte `i` of `text`, as the normalize stage will emit it:
/// without the characters it drops, composed (`Ãu\u{308}` is `Ãü`). Four characters on
/// either side: every character whose neighbours (two on each side) change is scored
/// among its new ones.
// Rare (only beside such characters): kept out of the prefilter's loop.
#[cold]
#[inline(never)]
fn as_emitted_around(text: &str, i: usize, c: char) -> u32 {
    composed_among_ascii(text.as_bytes(), i, c)
        .unwrap_or_else(|| as_emitted_around_slowly(text, i, c))
}

/// [`as_emitted_around`] for the commonest case, decomposed text (`fu\u{308}r`): `c` is a
/// mark that composes with the ASCII letter before it, and the four characters on either
/// side are printable ASCII (or a line end, or the text's end), which the normalize stage
/// keeps. The window is then ASCII but for the composed letter, so its badness is that
/// letter's points among its neighbours, found without building the window. `None`
/// otherwise.
fn composed_among_ascii(bytes: &[u8], i: usize, c: char) -> Option<u32> {
    if !matches!(c, '\u{300}'..='\u{33F}' | '\u{342}' | '\u{345}'..='\u{36F}') {
        return None;
    }
    let end = i + c.len_utf8();
    let before = &bytes[i.saturating_sub(4)..i];
    let after = &bytes[end..(end + 4).min(bytes.len())];
    if before.is_empty()
        || !before
            .iter()
            .chain(after)
            .all(|&b| printable_or_line_end(b))
    {
        return None;
    }
    let x = crate::normalize::compose_with_ascii(char::from(before[before.len() - 1]), c)?;
    let ascii = |b: Option<&u8>| b.map(|&b| char::from(b));
    let mut left = before[..before.len() - 1].iter().rev();
    let (p, p2) = (ascii(left.next()), ascii(left.next()));
    let (n, n2) = (ascii(after.first()), ascii(after.get(1)));
    Some(points_in_context(p2, p, x, n, n2))
}

/// [`as_emitted_around`] in full: the window built, composed and scored.
fn as_emitted_around_slowly(text: &str, i: usize, c: char) -> u32 {
    let keep = |x: &char| !super::emitted::dropped(*x);
    let mut before = ['\0'; 4];
    let mut n = 0;
    for (slot, x) in before.iter_mut().zip(text[..i].chars().rev().filter(keep)) {
        *slot = x;
        n += 1;
    }
    let mut window = String::with_capacity(9 * 4);
    window.extend(before[..n].iter().rev());
    window.extend(Some(c).filter(keep));
    window.extend(text[i + c.len_utf8()..].chars().filter(keep).take(4));
    badness(&super::emitted::nfc(&window))
}

/// Whether `text` is bad enough to try a repair, or has a character `special` asks for
/// (one above Latin-1, none of the letters and signs [`entry`](quiet::entry) knows but curly quotes:
/// `special` is not asked about the others); stops at the first reason and returns where
/// it stands, the index of a character. The text is judged as it
/// stands and as the normalize stage will emit it, without the characters it drops
/// (`é\u{feff}„` is `é„`): the next run sees that. (Around such a character both views may
/// count; the sum only errs on the side of a repair attempt.)
///
/// The points are counted line by line (a character's neighbours across a line end score
/// as no character), so every line that ends before the reason has a [`badness`] below 2,
/// or is one that no repair changes: a line that a windows-1251 lead letter and what
/// follows it (`в` and a no-break space, Russian typography) make bad enough is passed
/// over where [`unrepairable::no_repair_changes`] shows that the repair would leave it as
/// it is. A text of such lines and of lines with a point each then needs no repair, where
/// the repair used to judge every line after the first of them in full. (The points of
/// all lines were added up once, which saved finding the lines' ends.)
pub(crate) fn needs_repair(text: &str, special: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    // The points of the line being judged, as it stands and as emitted, counted from its
    // first character that scores, and where the last one that did stands: a line end
    // between it and the next one starts a new count (a look over a few bytes, mostly).
    let (mut total, mut emitted) = (0, 0);
    let mut counted_at: Option<usize> = None;
    // Where the last character the fast path passed over ends, and its entry.
    let mut last = (usize::MAX, 0);
    let mut i = next_non_ascii(bytes, 0);
    while i < bytes.len() {
        // The commonest case first, from the bytes alone: a quiet Latin-1 letter, which
        // `special` never asks for.
        if bytes[i] == 0xC3 && adds_no_points_latin1(bytes, i) {
            i = next_non_ascii(bytes, i + 2);
            continue;
        }
        // Then the letters and signs of every script the entries know, where they add no
        // point; of these, `special` is asked only about curly quotes.
        let before = if last.0 == i { last.1 } else { 0 };
        if let Some((end, found)) = quiet(bytes, i, before) {
            if found & QUOTE != 0 && text[i..].chars().next().is_some_and(&special) {
                return Some(i);
            }
            last = (end, found);
            i = after_quiet(bytes, end);
            if i == end && i < bytes.len() {
                last = past_small_cyrillic(bytes, end, found);
                i = after_quiet(bytes, last.0);
            }
            continue;
        }
        let mut after = text[i..].chars();
        let Some(c) = after.next() else { break };
        if special(c) {
            return Some(i);
        }
        let end = i + c.len_utf8();
        // Where the normalize stage drops or composes `c`, or a control beside it (ASCII,
        // so the scan does not stop there), the characters around are scored as emitted.
        let vanishing = may_vanish(c)
            || i.checked_sub(1).is_some_and(|p| control(bytes[p]))
            || bytes.get(end).is_some_and(|&b| control(b));
        let around = if vanishing {
            as_emitted_around(text, i, c)
        } else {
            0
        };
        let mut before = text[..i].chars();
        let p = before.next_back();
        let p2 = before.next_back();
        let n = after.next();
        let n2 = after.next();
        let points = points_in_context(p2, p, c, n, n2);
        if points + around == 0 {
            i = next_non_ascii(bytes, end);
            continue;
        }
        let same_line =
            counted_at.is_some_and(|at| memchr::memchr2(b'\n', b'\r', &bytes[at..i]).is_none());
        if !same_line {
            (total, emitted) = (0, 0);
        }
        counted_at = Some(i);
        total += points;
        emitted += if vanishing { around } else { points };
        if total >= 2 || emitted >= 2 {
            if matches!(p, Some('Р' | 'С' | 'в')) && is_cp1251_continuation(c) {
                let start = memchr::memrchr2(b'\n', b'\r', &bytes[..i]).map_or(0, |k| k + 1);
                let line_end =
                    memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |k| i + k);
                if unrepairable::no_repair_changes(&text[start..line_end], &special) {
                    (last, counted_at) = ((usize::MAX, 0), None);
                    i = next_non_ascii(bytes, line_end);
                    continue;
                }
            }
            return Some(i);
        }
        i = next_non_ascii(bytes, end);
    }
    None
}

/// [`char::is_alphabetic`], with the blocks repair meets most answered by range: the
/// standard library searches its table for every character above ASCII, and repair asks
/// it of every character of a garble, whole pages of them. By range: Latin-1, the Latin
/// extensions and spacing modifiers that windows-1252 mojibake is made of (`Š`, `ƒ`,
/// `ˆ`, `˜`), basic Cyrillic, general punctuation and the currency signs (`–`, `„`,
/// `…`, `€`), arrows to box drawing, kana, CJK ideographs and Hangul syllables. A test
/// holds it to the standard library over every character.
#[inline]
pub(crate) fn alphabetic(c: char) -> bool {
    match c as u32 {
        0..=0xFF => {
            matches!(c, 'a'..='z' | 'A'..='Z' | 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
        }
        0x0100..=0x02C1
        | 0x02C6..=0x02D1
        | 0x0400..=0x0481
        | 0x048A..=0x052F
        | 0x1E00..=0x1EFF
        | 0x3041..=0x3096
        | 0x309D..=0x309F
        | 0x30A1..=0x30FA
        | 0x30FC..=0x30FF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => true,
        0x02C2..=0x02C5
        | 0x02D2..=0x02DF
        | 0x0482..=0x0489
        | 0x2000..=0x2070
        | 0x20A0..=0x20FF
        | 0x2190..=0x24B5
        | 0x24EA..=0x2BFF => false,
        _ => c.is_alphabetic(),
    }
}

/// [`char::is_uppercase`], with Latin-1 and the caseless kana, CJK ideographs and Hangul
/// syllables answered by range, as [`alphabetic`].
#[inline]
pub(crate) fn uppercase(c: char) -> bool {
    match c as u32 {
        0..=0xFF => matches!(c, 'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ'),
        0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => false,
        _ => c.is_uppercase(),
    }
}

#[cfg(test)]
mod tests;
