//! HTML character references in text that is not HTML.
//!
//! Named references come from the full HTML5 table of the `htmlize` crate; numeric ones are
//! decoded here, 0x80–0x9F as windows-1252 as the HTML standard says, and a carriage return
//! (`&#13;`, `&#xD;`) as a line end. An all-caps name the table lacks is read as its
//! lowercase twin, uppercased (`P&EACUTE;REZ`, from software that uppercased the markup).
//!
//! Without its semicolon a reference is decoded only as browsers decode it: one of the
//! legacy names HTML allows so ([`LEGACY`]), not followed by an ASCII letter or digit (which
//! would make it another word, `&copyright`) nor by `=`, and not inside what looks like a
//! URL or a query string (`?a=1&copy=2`, `&not` in `x.php?id=1&not`).

use super::charsets;
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// A document is markup when it has at least a few HTML tags, or is XML (it starts with
/// `<?xml`), or holds an RSS or Atom feed's root element and an element of its items:
/// entities there are markup.
pub(crate) fn looks_like_html(text: &str) -> bool {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(html|body|div|p|span|a|br|table|td|tr|li|ul|script|head)\b[^>]*>")
            .expect("static regex")
    });
    static FEED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<(rss|feed)\b[^>]*>").expect("static regex"));
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(channel|item|entry|title)\b[^>]*>").expect("static regex")
    });
    if memchr::memchr(b'<', text.as_bytes()).is_none() {
        return false;
    }
    text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
        .starts_with("<?xml")
        || TAG.find_iter(text).take(3).count() >= 3
        || (FEED.is_match(text) && ITEM.is_match(text))
}

/// The named references HTML decodes without their semicolon, as the HTML standard's
/// table of named character references lists them: the ISO-8859-1 set of HTML 4 (`nbsp`
/// to `yuml`), `amp`, `lt`, `gt`, `quot`, and the capitalised `AMP`, `COPY`, `GT`, `LT`,
/// `QUOT`, `REG`. Written out here from that definition; what each stands for comes from
/// the full table ([`named`]).
const LEGACY: [&str; 106] = [
    "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil",
    "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT",
    "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN",
    "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave",
    "amp", "aring", "atilde", "auml", "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg",
    "divide", "eacute", "ecirc", "egrave", "eth", "euml", "frac12", "frac14", "frac34", "gt",
    "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr", "micro",
    "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash",
    "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1",
    "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml",
    "yacute", "yen", "yuml",
];

/// Whether `name` is one of the [`LEGACY`] names.
fn is_legacy(name: &str) -> bool {
    LEGACY.binary_search(&name).is_ok()
}

/// Whether the `&` at `at` stands inside what looks like a URL or a query string: the
/// word it belongs to (back to the last whitespace) holds `://`, `?` or `=`.
fn in_url(text: &str, at: usize) -> bool {
    let word = text[..at]
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    word.contains("://") || word.contains(['?', '='])
}

/// The most characters between `&` and `;` that [`decode`] looks at.
const SPAN_MAX: usize = 64;

/// Whether `text` holds something shaped like a reference (`&` and a name or number with
/// its semicolon): the prefilter that lets the common bare `&` (`Müller & Söhne`) skip
/// the repair stage. It accepts at least what [`decode`]'s pattern matches: besides
/// letters, digits and `#`, any control or non-ASCII byte may stand among them, for the
/// characters the normalize stage drops.
pub(crate) fn has_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'&', bytes).any(|at| {
        // The reference with its semicolon first: most are, and the legacy names are
        // looked for at every length.
        with_semicolon(&bytes[at + 1..]) || may_be_legacy(&bytes[at + 1..])
    })
}

/// Whether `rest` (what follows an `&`) is a name or number with its semicolon, as
/// [`has_reference`] looks for one: letters, digits and `#`, among which any control or
/// non-ASCII byte may stand, at least one letter or digit, then `;`.
fn with_semicolon(rest: &[u8]) -> bool {
    let mut alphanumeric = false;
    // A character is at most four bytes long.
    for &b in rest.iter().take(4 * SPAN_MAX + 1) {
        match b {
            b';' => return alphanumeric,
            b'#' => {}
            b if b.is_ascii_alphanumeric() => alphanumeric = true,
            b'\n' | b'\t' | b'\r' => return false,
            b if b.is_ascii_control() || !b.is_ascii() => {}
            _ => return false,
        }
    }
    false
}

/// Whether `rest` (what follows an `&`) may start with a [`LEGACY`] name, once the
/// characters the normalize stage drops are gone: its ASCII letters and digits, read past
/// any control or non-ASCII byte, begin with one. More than [`decode`] decodes (that also
/// wants nothing alphanumeric after the name), never less.
fn may_be_legacy(rest: &[u8]) -> bool {
    let mut name = [0u8; 6];
    let mut n = 0;
    for &b in rest.iter().take(4 * SPAN_MAX) {
        match b {
            b if b.is_ascii_alphanumeric() => {
                name[n] = b;
                n += 1;
                if n == name.len() {
                    break;
                }
            }
            b'\n' | b'\t' | b'\r' => break,
            b if b.is_ascii_control() || !b.is_ascii() => {}
            _ => break,
        }
    }
    (1..=n).any(|len| std::str::from_utf8(&name[..len]).is_ok_and(is_legacy))
}

/// Decode the references in `text`; returns the new text and how many were decoded.
///
/// A reference is read as the next run will see it, without the characters the normalize
/// stage drops (`&a\u{ad}mp;` is `&amp;`). When a decoded reference makes another one with
/// the text around it (`&amp;lt;` gives `&lt;`), the next run would decode that, and
/// decoding it here would turn a written `&lt;` into `<`: then only the references whose
/// characters cannot be part of another one are decoded, and the others stay as written.
///
/// "The others" are judged one by one first: a reference whose neighbours cannot continue a
/// reference (`b &amp; Müller`) is decoded even when another one (`&amp;lt;`) stays. Only
/// when that still leaves work for the next run are just the inert ones decoded.
///
/// A line-end reference on the first line becomes a space: it is the title line, and the
/// reference stood inside a title. Each line decides for itself (no reference spans a line end): a line the structure stage
/// takes for the title, or a title given apart, is decoded as it would be among the lines
/// of the text, and the text's lines are decoded alike with or without it.
// Called, not inlined into the repair stage's pass: there, how the walk was compiled
// changed how the pass's judging of every text was (0.2 to 0.5 M instructions on texts
// without references).
#[inline(never)]
pub(crate) fn decode(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut at = memchr::memchr(b'&', bytes)?;
    let (mut out, mut count, mut done) = (String::new(), 0, 0);
    let ampersands = Ampersands::new();
    // Room for the text once: most of it is copied, and the text has a reference (the
    // prefilter found one), which most often is decoded.
    out.reserve(text.len());
    // One walk over the text, each reference decoded straight into `out` as it is met; a
    // line on which that could differ from decoding the line as a whole (a reference that
    // stays, or one that gives `&` or a line end) is decoded again as a whole, as the test's
    // `decode_by_lines` decodes every line (`the_walk_decodes_as_the_lines_do`).
    loop {
        let next = if let Some((len, c)) = plain_char(&bytes[at + 1..]) {
            // The common case, read at once: `&`, a number or a common name, `;`. Room
            // for the rest of the text was made before the walk.
            if at > done {
                out.push_str(&text[done..at]);
            }
            out.push(c);
            let end = at + 1 + len;
            (count, done) = (count + 1, end);
            end
        } else if let Some((end, decoded)) = harmless_reference(text, at) {
            if at > done {
                out.push_str(&text[done..at]);
            }
            match decoded {
                Decoded::Text(s) => out.push_str(&s),
                Decoded::Char(c) => out.push(c),
            }
            (count, done) = (count + 1, end);
            end
        } else {
            // The line around `at` (a lone CR ends one too: the normalize stage makes it one).
            let start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            if done > start {
                // What the walk decoded of the line goes: every `&` before this one on it
                // began a reference it decoded, and what it decoded holds no line end.
                count -= memchr::memchr_iter(b'&', &bytes[start..at]).count();
                let line = memchr::memrchr2(b'\n', b'\r', out.as_bytes()).map_or(0, |i| i + 1);
                out.truncate(line);
                done = start;
            }
            let before = &text[done..start];
            let mark = out.len() + before.len();
            if let Some(n) = decode_line(&text[start..end], before, text.len() - done, &mut out) {
                join_title_line(start, mark, &mut out);
                done = end;
                count += n;
            }
            end
        };
        at = match bytes.get(next) {
            Some(b'&') => next,
            _ => match ampersands.find(&bytes[next..]) {
                Some(i) => next + i,
                None => break,
            },
        };
    }
    (count > 0).then(|| {
        out.push_str(&text[done..]);
        (out, count)
    })
}

/// The search for the next `&` in [`decode`]'s walk: the memchr crate's AVX2 searcher where
/// the processor has one, made once a text, so that each search goes to it directly
/// (`memchr::memchr` picks the routine again and goes through two more calls each time,
/// about a third of a search's cost on entity-heavy text); `memchr::memchr` elsewhere
/// (`ampersands_are_found_as_memchr_finds_them`).
struct Ampersands {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::One>,
}

impl Ampersands {
    fn new() -> Self {
        Self {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::One::new(b'&'),
        }
    }

    /// Where the first `&` of `haystack` is.
    #[inline(always)]
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(one) = &self.avx2 {
            return one.find(haystack);
        }
        memchr::memchr(b'&', haystack)
    }
}

/// The first line is the title line: a line end written as a reference there (`…(ejw)&#10;-
/// EJW`, a title attribute's) joins, it does not split the title. `out[mark..]` is the
/// line starting at `line`, decoded.
fn join_title_line(line: usize, mark: usize, out: &mut String) {
    if line == 0 && out[mark..].contains(['\n', '\r']) {
        let joined = out[mark..].replace("\r\n", " ").replace(['\n', '\r'], " ");
        out.truncate(mark);
        out.push_str(&joined);
    }
}

/// What the reference at `at` (an `&`) stands for and where it ends, when that is
/// decoded wherever it stands: it is decoded, and gives neither `&` (which could make
/// another reference) nor a line end (which the title line joins).
fn harmless_reference(text: &str, at: usize) -> Option<(usize, Decoded)> {
    let (end, decoded) = match plain_at(text, at) {
        Some((end, decoded)) => (end, decoded?),
        None => {
            let span = span_at(text, at)?;
            (span.whole.end, span_reference(text, span)?)
        }
    };
    let harmless = match &decoded {
        Decoded::Text(s) => !s.bytes().any(|b| matches!(b, b'&' | b'\n' | b'\r')),
        Decoded::Char('&') => starts_no_reference(text.as_bytes().get(end)),
        Decoded::Char(c) => !matches!(c, '\n' | '\r'),
    };
    harmless.then_some((end, decoded))
}

/// The reference that `rest` (what follows an `&`) begins with, read from its first eight
/// bytes at once, when it is one of the most common kinds and [`harmless_reference`] would
/// decode it: a plain number (`#` and one to six digits, `#x` or `#X` and one to five hex
/// digits) or a [`COMMON`] name, with its semicolon among those eight bytes, that stands for
/// neither a line end nor an `&` that could start another reference. How many bytes of
/// `rest` it takes, `;` included, and its character; `None` for every other reference,
/// which [`harmless_reference`] reads (`the_common_references_are_read_as_plain_at_reads_them`).
#[inline(always)]
fn plain_char(rest: &[u8]) -> Option<(usize, char)> {
    let eight: [u8; 8] = rest.get(..8)?.try_into().ok()?;
    let word = u64::from_le_bytes(eight);
    // The first `;`: the lowest byte of `word ^ ;;;;;;;;` that is zero (a borrow can only
    // mark bytes above a zero one).
    let semis = word ^ u64::from_le_bytes([b';'; 8]);
    let zero = semis.wrapping_sub(LOW_BITS) & !semis & HIGH_BITS;
    if zero == 0 {
        return None;
    }
    let len = (zero.trailing_zeros() / 8) as usize;
    let c = if eight[0] == b'#' {
        let code = match eight[1] {
            b'x' | b'X' => {
                let digits = eight.get(2..len)?;
                if digits.is_empty() {
                    return None;
                }
                // At most five digits: no number here overflows.
                let mut code = 0;
                for &d in digits {
                    let digit = u32::from(DIGIT_VALUES[usize::from(d)]);
                    if digit >= 16 {
                        return None;
                    }
                    code = code * 16 + digit;
                }
                code
            }
            _ => decimal(word >> 8, len.checked_sub(1)?)?,
        };
        // Above the C1 controls every character stands for itself, and none is `&` or a
        // line end.
        if code >= 0xA0 {
            return Some((len + 1, char::from_u32(code)?));
        }
        code_char(code)?
    } else {
        // The name's bytes before the `;` as a key (`semicolon` is the lowest bit of the
        // `;`); its last byte not zero, so that the key of a common name is matched only
        // by that name's bytes. No name (a `;` first) gives 0, which no name's key is.
        let semicolon = (zero & zero.wrapping_neg()) >> 7;
        let key = word & (semicolon - 1);
        if key < semicolon >> 8 {
            return None;
        }
        // No common name stands for a line end; `&amp;` is looked at below.
        let c = common_by_key(key)?;
        if c != '&' {
            return Some((len + 1, c));
        }
        c
    };
    match c {
        '\n' | '\r' => None,
        '&' if !starts_no_reference(rest.get(len + 1)) => None,
        c => Some((len + 1, c)),
    }
}

/// Whether an `&` before `next` (the byte after it, if any) starts no reference: `next` is
/// none that a reference continues with (`Fish &amp; Chips`).
fn starts_no_reference(next: Option<&u8>) -> bool {
    next.is_none_or(|&b| b.is_ascii() && b != b'&' && !in_span(char::from(b)))
}

/// The number that the lowest `n` bytes of `word` (the first of them the most significant
/// digit) write in decimal, if they are one to six digits (`decimal_reads_digits`): all
/// digits tested at once, and added up in three steps of pairs instead of one by one.
fn decimal(word: u64, n: usize) -> Option<u32> {
    if !(1..=6).contains(&n) {
        return None;
    }
    let mask = u64::MAX >> (64 - 8 * n);
    let digits = word & mask;
    // A digit is 0x30 to 0x39: its high half 3, and still 3 with 6 added.
    let threes = u64::from_le_bytes([0x30; 8]) & mask;
    let highs = u64::from_le_bytes([0xF0; 8]) & mask;
    if digits & highs != threes
        || digits.wrapping_add(u64::from_le_bytes([0x06; 8])) & highs != threes
    {
        return None;
    }
    // The digits' values, the last in the highest byte, zeros before the first.
    let mut v = (digits & u64::from_le_bytes([0x0F; 8])) << (64 - 8 * n);
    v = (v.wrapping_mul(10 << 8 | 1) >> 8) & 0x00FF_00FF_00FF_00FF;
    v = (v.wrapping_mul(100 << 16 | 1) >> 16) & 0x0000_FFFF_0000_FFFF;
    v = v.wrapping_mul(10_000 << 32 | 1) >> 32;
    u32::try_from(v).ok()
}

/// The lowest bit of each byte of a `u64`.
const LOW_BITS: u64 = u64::from_le_bytes([0x01; 8]);
/// The highest bit of each byte of a `u64`.
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// The reference at `at` (an `&`) when its span is plain and has its semicolon, and is a
/// number (`&#` and digits, `&#x` and hex digits) or a name (a letter, then letters and
/// digits), as most are: where it ends and what it stands for, as [`span_reference`] reads
/// that span, its bytes read once (`plain_spans_are_read_as_spans`).
fn plain_at(text: &str, at: usize) -> Option<(usize, Option<Decoded>)> {
    let bytes = text.as_bytes();
    let name = at + 1;
    if bytes.get(name) == Some(&b'#') {
        let hex = matches!(bytes.get(name + 1), Some(b'x' | b'X'));
        let (first, radix, most) = if hex {
            (name + 2, 16, 6)
        } else {
            (name + 1, 10, 7)
        };
        let mut code: u32 = 0;
        let mut end = first;
        while let Some(&b) = bytes.get(end) {
            let digit = u32::from(DIGIT_VALUES[usize::from(b)]);
            if digit >= radix {
                break;
            }
            // Too many digits wrap around: such a span is not read here.
            code = code.wrapping_mul(radix).wrapping_add(digit);
            end += 1;
        }
        ((1..=most).contains(&(end - first)) && bytes.get(end) == Some(&b';'))
            .then(|| (end + 1, character(code)))
    } else {
        if !bytes.get(name)?.is_ascii_alphabetic() {
            return None;
        }
        let mut end = name + 1;
        while bytes
            .get(end)
            .is_some_and(|&b| ALPHANUMERIC[usize::from(b)])
        {
            end += 1;
        }
        if bytes.get(end) != Some(&b';') || end - name > 32 {
            return None;
        }
        Some((end + 1, name_at(text, at, end)))
    }
}

/// What the name from `at` (an `&`) to `end` (its `;`) stands for, as [`named_reference`]
/// reads it, a [`COMMON`] name looked up by its bytes read at once. Called, not inlined
/// into the walk: there it made the walk's numeric references slower (the real pages with
/// entities, 0.8 M instructions).
#[inline(never)]
fn name_at(text: &str, at: usize, end: usize) -> Option<Decoded> {
    let name = at + 1;
    match common_by_key(key_at(text.as_bytes(), name, end - name)) {
        Some(c) => Some(Decoded::Char(c)),
        None => uncommon_reference(&text[at..=end], &text[name..end]),
    }
}

/// [`decode`] line by line: each line that holds a reference decoded as a whole
/// ([`decode_line`]). What the walk must give.
#[cfg(test)]
fn decode_by_lines(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut at = memchr::memchr(b'&', bytes)?;
    let (mut out, mut count, mut done) = (String::new(), 0, 0);
    loop {
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let before = &text[done..start];
        let mark = out.len() + before.len();
        if let Some(n) = decode_line(&text[start..end], before, text.len() - done, &mut out) {
            join_title_line(start, mark, &mut out);
            done = end;
            count += n;
        }
        match memchr::memchr(b'&', &bytes[end..]) {
            Some(i) => at = end + i,
            None => break,
        }
    }
    (count > 0).then(|| {
        out.push_str(&text[done..]);
        (out, count)
    })
}

/// [`decode`] of one line, appended to `out` after `before` when anything is decoded (with
/// `room` reserved then): at once, as it is most often, in the buffer of the whole text; or,
/// when that makes another reference, one by one or only the inert ones.
fn decode_line(line: &str, before: &str, room: usize, out: &mut String) -> Option<usize> {
    let mark = out.len();
    let count = decode_into(line, all, before, room, out)?;
    if !makes_references(&out[mark + before.len()..]) {
        return Some(count);
    }
    out.truncate(mark);
    let (fixed, n) = match decode_where(line, isolated) {
        Some(one_by_one) if decode_alone(&one_by_one.0).is_none() => one_by_one,
        _ => decode_where(line, |decoded, _, _| inert(decoded))?,
    };
    out.push_str(before);
    out.push_str(&fixed);
    Some(n)
}

/// [`decode`] of a text without the one-by-one step (which this checks the result of):
/// every reference, or only the inert ones when that makes another.
fn decode_alone(text: &str) -> Option<(String, usize)> {
    let (once, count) = decode_where(text, all)?;
    if !makes_references(&once) {
        return Some((once, count));
    }
    decode_where(text, |decoded, _, _| inert(decoded))
}

/// Whether decoded text holds references that decoding it again would decode.
fn makes_references(decoded: &str) -> bool {
    has_reference(decoded) && decode_where(decoded, all).is_some()
}

/// Every reference is accepted.
fn all(_: &str, _: &str, _: Range<usize>) -> bool {
    true
}

/// Whether a decoded reference can take part in no other one where it stands: it is
/// inert, or neither of its neighbours can continue a reference.
fn isolated(decoded: &str, text: &str, span: Range<usize>) -> bool {
    let joins = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '&' | '#' | ';') || super::emitted::dropped(c)
    };
    inert(decoded)
        || (text[..span.start]
            .chars()
            .next_back()
            .is_none_or(|c| !joins(c))
            && text[span.end..].chars().next().is_none_or(|c| !joins(c)))
}

/// Whether a decoded reference cannot be part of another one: none of its characters can
/// stand in one.
fn inert(decoded: &str) -> bool {
    !decoded.chars().any(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '&' | '#' | ';') || super::emitted::dropped(c)
    })
}

/// Something shaped like a reference, with characters the normalize stage may drop
/// among its letters: controls (tab, line ends aside), the soft hyphen, zero-width
/// characters and joiners, the word joiner, the BOM. Of any length: [`decode_where`] keeps
/// those of more than [`SPAN_MAX`] characters as they are.
/// Without the semicolon the same class is taken as far as it goes, so that a legacy name
/// followed by a letter or digit (`&copyright`) is seen whole and left alone.
///
/// As the pattern `&[#0-9A-Za-z\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u{AD}\u{180E}\u{200B}-\u{200D}\u{2060}\u{FEFF}]+;?`
/// finds them, leftmost first and greedy, read by hand: a regex's captures cost about a
/// thousand instructions a reference, and entity-heavy text has hundreds a page. As
/// neither `&` nor `;` is in the class, from each `&` at most one span can match.
fn spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr::memchr(b'&', &bytes[from..]) {
            let at = from + i;
            match span_at(text, at) {
                Some(span) => {
                    from = span.whole.end;
                    return Some(span);
                }
                None => from = at + 1,
            }
        }
        from = bytes.len();
        None
    })
}

/// The [`spans`] span that starts at the `&` at `at`, if one does.
fn span_at(text: &str, at: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    // The name's ASCII letters and digits by their bytes; the characters from the first
    // other byte on one by one (the class holds controls and a few others), unless that
    // byte is ASCII and outside the class (`;`, a space, punctuation).
    let mut ascii = at + 1;
    while bytes
        .get(ascii)
        .is_some_and(|&b| NAME_BYTES[usize::from(b)])
    {
        ascii += 1;
    }
    let run = match bytes.get(ascii) {
        Some(&b) if b.is_ascii() && !in_span(char::from(b)) => ascii,
        _ => text[ascii..]
            .char_indices()
            .find(|&(_, c)| !in_span(c))
            .map_or(text.len(), |(k, _)| ascii + k),
    };
    if run == at + 1 {
        return None;
    }
    let end = run + usize::from(bytes.get(run) == Some(&b';'));
    Some(Span {
        whole: at..end,
        plain: run == ascii,
    })
}

/// The bytes of a name or number, by their value: `#`, ASCII letters and digits.
static NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b == b'#' as usize || (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// ASCII letters and digits, by their value.
static ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// What each hex digit stands for, by its byte; 255 for every other byte.
static DIGIT_VALUES: [u8; 256] = {
    let mut table = [u8::MAX; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            d @ b'0'..=b'9' => d - b'0',
            d @ b'a'..=b'f' => d - b'a' + 10,
            d @ b'A'..=b'F' => d - b'A' + 10,
            _ => u8::MAX,
        };
        b += 1;
    }
    table
};

/// A span [`spans`] found: where it stands, and whether it is plain (nothing but ASCII
/// letters, digits and `#` after its `&`, before a `;` if it has one), which the normalize
/// stage leaves as it is.
struct Span {
    whole: Range<usize>,
    plain: bool,
}

/// The characters of a [`spans`] span after its `&`.
fn in_span(c: char) -> bool {
    c == '#'
        || c.is_ascii_alphanumeric()
        || matches!(c,
            '\x00'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}'
            | '\u{AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// The name or number of a whole reference, `&` and `;` taken off, when `plain` is one:
/// `&#` and one to seven digits, `&#x` (or `&#X`) and one to six hex digits, or `&`, a
/// letter and one to 31 letters or digits, then `;`.
fn reference_body(plain: &str) -> Option<&str> {
    let body = plain.strip_prefix('&')?.strip_suffix(';')?;
    let ok = match body.as_bytes() {
        [b'#', b'x' | b'X', hex @ ..] if (1..=6).contains(&hex.len()) => {
            hex.iter().all(u8::is_ascii_hexdigit)
        }
        [b'#', digits @ ..] => {
            (1..=7).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
        }
        [first, rest @ ..] => {
            first.is_ascii_alphabetic()
                && (1..=31).contains(&rest.len())
                && rest.iter().all(u8::is_ascii_alphanumeric)
        }
        [] => false,
    };
    ok.then_some(body)
}

/// Decode the references for which `accept` holds of what they stand for, the text and
/// where the reference stands in it.
fn decode_where(
    text: &str,
    accept: impl Fn(&str, &str, Range<usize>) -> bool,
) -> Option<(String, usize)> {
    let mut out = String::new();
    decode_into(text, accept, "", text.len(), &mut out).map(|count| (out, count))
}

/// [`decode_where`], appending `before` and the decoded text to `out` when anything is
/// decoded, with `room` reserved then (nothing is allocated for text that stays as it is);
/// how many references were.
fn decode_into(
    text: &str,
    accept: impl Fn(&str, &str, Range<usize>) -> bool,
    before: &str,
    room: usize,
    out: &mut String,
) -> Option<usize> {
    let mut count = 0;
    let mut done = 0;
    for span in spans(text) {
        let whole = span.whole.clone();
        let decoded = span_reference(text, span);
        let mut buf = [0; 4];
        let accepted = match &decoded {
            Some(Decoded::Text(s)) => accept(s, text, whole.clone()),
            Some(Decoded::Char(c)) => accept(c.encode_utf8(&mut buf), text, whole.clone()),
            None => false,
        };
        if !accepted {
            continue;
        }
        if count == 0 {
            out.reserve(room);
            out.push_str(before);
        }
        count += 1;
        out.push_str(&text[done..whole.start]);
        match decoded {
            Some(Decoded::Text(s)) => out.push_str(&s),
            Some(Decoded::Char(c)) => out.push(c),
            None => {}
        }
        done = whole.end;
    }
    (count > 0).then(|| {
        out.push_str(&text[done..]);
        count
    })
}

/// What the span `span` of `text` stands for, read as the next run will see it.
fn span_reference(text: &str, Span { whole, plain }: Span) -> Option<Decoded> {
    let span = &text[whole.clone()];
    // `&`, at most SPAN_MAX characters, `;` (a span no longer in bytes is not counted;
    // a plain one has a byte a character).
    if span.len() > SPAN_MAX + 2 && (plain || span.chars().nth(SPAN_MAX + 2).is_some()) {
        return None;
    }
    let semicolon = span.ends_with(';');
    if plain && semicolon {
        plain_reference(span)
    } else if plain {
        legacy(span, text, whole)
    } else {
        let mut counts = crate::normalize::Counts::default();
        let plain =
            crate::normalize::normalize(span, crate::config::Normalization::None, &mut counts);
        if semicolon {
            reference_body(&plain).and_then(|body| reference(&plain, body))
        } else {
            legacy(&plain, text, whole)
        }
    }
}

/// What a reference without its semicolon (`plain`, standing at `span` in `text`) stands
/// for: only a [`LEGACY`] name, not before `=`, and not inside a URL.
fn legacy(plain: &str, text: &str, span: Range<usize>) -> Option<Decoded> {
    let name = plain.strip_prefix('&')?;
    if !is_legacy(name) || text[span.end..].starts_with('=') || in_url(text, span.start) {
        return None;
    }
    match common(name) {
        Some(c) => Some(Decoded::Char(c)),
        None => named(&format!("&{name};")).map(|s| Decoded::Text(Cow::Borrowed(s))),
    }
}

/// What a reference stands for: text, or one character (a numeric reference's, kept
/// without a `String` of its own: entity-heavy text has hundreds a page).
#[derive(Debug, PartialEq)]
enum Decoded {
    Text(Cow<'static, str>),
    Char(char),
}

/// What one reference `whole` (`&name;`, body `body`) stands for.
fn reference(whole: &str, body: &str) -> Option<Decoded> {
    match body.strip_prefix('#') {
        Some(num) => character(match num.strip_prefix(['x', 'X']) {
            Some(hex) => number(hex, 16)?,
            None => number(num, 10)?,
        }),
        None => named_reference(whole, body),
    }
}

/// [`reference()`] of a plain span with its semicolon (`&`, ASCII letters, digits and `#`,
/// `;`), read from its bytes at once: what most references are
/// (`plain_references_are_read_as_references`).
fn plain_reference(whole: &str) -> Option<Decoded> {
    // `&` and `;` are a byte each.
    let body = whole.get(1..whole.len().checked_sub(1)?)?;
    match body.as_bytes() {
        [b'#', b'x' | b'X', hex @ ..] if (1..=6).contains(&hex.len()) => {
            character(number(&body[2..], 16)?)
        }
        [b'#', digits @ ..] if (1..=7).contains(&digits.len()) => {
            character(number(&body[1..], 10)?)
        }
        [first, rest @ ..]
            if first.is_ascii_alphabetic()
                && (1..=31).contains(&rest.len())
                && rest.iter().all(u8::is_ascii_alphanumeric) =>
        {
            named_reference(whole, body)
        }
        _ => None,
    }
}

/// What a numeric reference to `code` stands for.
fn character(code: u32) -> Option<Decoded> {
    code_char(code).map(Decoded::Char)
}

/// The character a numeric reference to `code` stands for, if it is decoded.
fn code_char(code: u32) -> Option<char> {
    let c = char::from_u32(code)?;
    // A carriage return written as a reference ends a line, as it would in markup;
    // the normalize stage makes `\r\n` one line end.
    if c == '\r' {
        return Some('\r');
    }
    let c = charsets::c1_as_cp1252(c).unwrap_or(c);
    // A reference to a control character is more likely an accident than intended.
    (!c.is_control() || c == '\n' || c == '\t').then_some(c)
}

/// What a named reference `whole` (`&name;`, body `body`) stands for.
fn named_reference(whole: &str, body: &str) -> Option<Decoded> {
    match common(body) {
        Some(c) => Some(Decoded::Char(c)),
        None => uncommon_reference(whole, body),
    }
}

/// [`named_reference`] of a name that is not one of the [`COMMON`] names.
fn uncommon_reference(whole: &str, body: &str) -> Option<Decoded> {
    // `named`, with the name at hand.
    if let Some(s) = in_table(whole) {
        return Some(Decoded::Text(Cow::Borrowed(s)));
    }
    let all_caps = body
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if all_caps {
        let lower = named(&whole.to_ascii_lowercase())?;
        let mut chars = lower.chars();
        let c = chars.next()?;
        // Only single letters have an obvious uppercase (`&EACUTE;` → É, not `&NBSP;`).
        if chars.next().is_none() && c.is_lowercase() {
            return Some(Decoded::Text(Cow::Owned(c.to_uppercase().collect())));
        }
    }
    None
}

/// `digits` read in `radix` (10 or 16), as `u32::from_str_radix` reads them without a
/// sign; by hand, as that weighs signs and overflow for every reference
/// (`numbers_are_read_as_the_standard_library_reads_them`).
fn number(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u32, |n, d| {
        n.checked_mul(radix)?
            .checked_add(char::from(d).to_digit(radix)?)
    })
}

/// A named reference (`whole` is `&name;`, semicolon and all) from the HTML5 table, only
/// when the whole name matched: looked up in htmlize's table itself (what
/// `htmlize::unescape` of the reference alone gives for a whole name, without its scan).
fn named(whole: &str) -> Option<&'static str> {
    if !whole.ends_with(';') {
        return None;
    }
    in_table(whole)
}

/// A named reference (`&name;`) looked up in htmlize's table.
fn in_table(whole: &str) -> Option<&'static str> {
    let glyph: &'static [u8] = htmlize::ENTITIES.get(whole.as_bytes())?;
    std::str::from_utf8(glyph).ok()
}

/// The named references text most often holds, by name (without `&` and `;`), and the
/// character each stands for (the table's, `the_common_names_are_the_tables`): looked up in
/// [`COMMON_SLOTS`] by the name's bytes, which costs less than hashing the name for the full
/// table, which every other name is looked up in.
const COMMON: [(&str, char); 47] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("shy", '\u{AD}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("hellip", '…'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bull", '•'),
    ("middot", '·'),
    ("deg", '°'),
    ("euro", '€'),
    ("pound", '£'),
    ("sect", '§'),
    ("times", '×'),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("Auml", 'Ä'),
    ("Ouml", 'Ö'),
    ("Uuml", 'Ü'),
    ("szlig", 'ß'),
    ("eacute", 'é'),
    ("Eacute", 'É'),
    ("egrave", 'è'),
    ("ecirc", 'ê'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("acirc", 'â'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("ccedil", 'ç'),
    ("ntilde", 'ñ'),
];

/// A name of one to eight bytes, none of them zero, as a number: its bytes in order from
/// the lowest, the rest zero. Two such names give the same number only when they are the
/// same name.
const fn name_key(name: &[u8]) -> Option<u64> {
    if name.is_empty() || name.len() > 8 {
        return None;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() {
        if name[i] == 0 {
            return None;
        }
        key |= (name[i] as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// Where a key's search in [`COMMON_SLOTS`] starts: the top bits of its product with an
/// odd constant (2^64 over the golden ratio), which spread names that differ in any byte.
const fn first_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - COMMON_SLOTS.len().trailing_zeros())) as usize
}

/// [`COMMON`] by [`name_key`], each at its [`first_slot`] or the next free slot after
/// it (0 for a free slot, which no name's key is): more than twice as many slots as
/// names, so that a search ends after a slot or two.
static COMMON_SLOTS: [(u64, char); 128] = {
    let mut slots = [(0u64, '\0'); 128];
    let mut n = 0;
    while n < COMMON.len() {
        let (name, c) = COMMON[n];
        let Some(key) = name_key(name.as_bytes()) else {
            panic!("a common name is one to eight bytes long");
        };
        let mut slot = first_slot(key);
        while slots[slot].0 != 0 {
            slot = (slot + 1) % slots.len();
        }
        slots[slot] = (key, c);
        n += 1;
    }
    slots
};

/// The character a [`COMMON`] name stands for, by the name's [`name_key`].
fn common_by_key(key: u64) -> Option<char> {
    let mut slot = first_slot(key);
    loop {
        let (k, c) = COMMON_SLOTS[slot];
        if k == 0 {
            return None;
        }
        if k == key {
            return Some(c);
        }
        slot = (slot + 1) % COMMON_SLOTS.len();
    }
}

/// The [`name_key`] of the `len` bytes from `at` in `bytes` (a name's letters and
/// digits), or 0, which is no name's (nor a key [`common_by_key`] finds), when they are
/// none or more than eight: read as eight bytes at once where the text has them, as a plain
/// reference's name is looked up (`keys_read_at_once_are_the_names`).
fn key_at(bytes: &[u8], at: usize, len: usize) -> u64 {
    if len == 0 || len > 8 {
        return 0;
    }
    match bytes.get(at..at + 8) {
        Some(eight) => {
            let word = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
            word & (u64::MAX >> (64 - 8 * len))
        }
        None => bytes.get(at..at + len).and_then(name_key).unwrap_or(0),
    }
}

/// The character a [`COMMON`] name stands for.
fn common(name: &str) -> Option<char> {
    common_by_key(name_key(name.as_bytes())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        decode(s).map_or_else(|| s.to_owned(), |(s, _)| s)
    }

    /// The table looked up directly gives what `htmlize::unescape` gives a reference alone
    /// when it decodes the whole name.
    #[test]
    fn named_references_are_unescaped_whole() {
        let unescaped = |whole: &str| {
            let out = htmlize::unescape(whole);
            (out != whole && (!out.ends_with(';') || whole == "&semi;")).then(|| out.into_owned())
        };
        let names = htmlize::ENTITIES
            .keys()
            .filter_map(|k| std::str::from_utf8(k).ok());
        let others = ["&notit;", "&ampx;", "&AMP;", "&Amp;", "&x;", "&;", "&semi;"];
        for whole in names.chain(others).filter(|w| w.ends_with(';')) {
            assert_eq!(named(whole).map(str::to_owned), unescaped(whole), "{whole}");
        }
    }

    /// The spans and references read by hand are the ones the patterns they are written
    /// from find, on texts of pieces that stand in or next to references.
    #[test]
    fn spans_and_references_are_what_their_patterns_find() {
        let span = Regex::new(
            r"&[#0-9A-Za-z\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u{AD}\u{180E}\u{200B}-\u{200D}\u{2060}\u{FEFF}]+;?",
        )
        .unwrap();
        let reference =
            Regex::new(r"^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});$")
                .unwrap();
        let pieces = [
            "&",
            ";",
            "#",
            "x",
            "X",
            "amp",
            "uuml",
            "a1",
            "12",
            "fc",
            "1234567",
            "ABCDEFG",
            "\u{AD}",
            "\u{200B}",
            "\u{85}",
            "\u{1}",
            "\t",
            "\n",
            " ",
            "ü",
            "é",
            "=",
            "?",
            "abcdefghijklmnopqrstuvwxyz0123456",
        ];
        let mut rng = crate::testing::XorShift::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..20_000 {
            let count = 1 + next(8);
            let mut text: String = (0..count).map(|_| pieces[next(pieces.len())]).collect();
            if next(2) == 0 {
                text = format!("&{text};");
            }
            let found: Vec<_> = spans(&text).map(|s| s.whole).collect();
            let want: Vec<_> = span.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(found, want, "{text:?}");
            // Plain: nothing but ASCII letters, digits and `#` after the `&`, and `;`.
            for s in spans(&text) {
                let rest = text[s.whole.start + 1..s.whole.end].bytes();
                let ascii = rest
                    .clone()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'#' || b == b';');
                assert_eq!(s.plain, ascii, "{text:?}");
            }
            let body = reference
                .captures(&text)
                .map(|c| c.get(1).unwrap().as_str());
            assert_eq!(reference_body(&text), body, "{text:?}");
        }
    }

    #[test]
    fn plain_references_are_read_as_references() {
        let pieces = [
            "#",
            "x",
            "X",
            "0",
            "7",
            "9",
            "12",
            "228",
            "a",
            "F",
            "fc",
            "amp",
            "uuml",
            "EACUTE",
            "NBSP",
            "1234567",
            "abcdefghijklmnopqrstuvwxyz0123456",
        ];
        let mut rng = crate::testing::XorShift::new(0x5851_f42d_4c95_7f2d);
        for _ in 0..20_000 {
            let body = rng.text(&pieces, 4);
            let whole = format!("&{body};");
            let slow = reference_body(&whole).and_then(|body| reference(&whole, body));
            assert_eq!(plain_reference(&whole), slow, "{whole:?}");
        }
    }

    /// The walk over the text decodes what decoding it line by line decodes, on texts of
    /// references, what stands next to them and line ends: references that stay, that give
    /// `&` or a line end, on the first line and after it.
    #[test]
    fn the_walk_decodes_as_the_lines_do() {
        let pieces = [
            "&",
            ";",
            "#",
            "x",
            "amp",
            "lt",
            "uuml",
            "copy",
            "para",
            "not",
            "12",
            "a1",
            "=",
            "?",
            "://",
            " ",
            "\n",
            "\r",
            "\r\n",
            "\u{AD}",
            "\u{1}",
            "ü",
            "&amp;",
            "&lt;",
            "&amp;lt;",
            "&#38;",
            "&#10;",
            "&#13;",
            "&#xD;",
            "&NewLine;",
            "&#252;",
            "&#x201C;",
            "&#54620;",
            "&uuml;",
            "&nbsp;",
            "&EACUTE;",
            "&bogus;",
            "&#0;",
            "&copy",
            "&auml",
            "&copyright",
            "AT&T",
            "&#12#3;",
            "&a\u{AD}mp;",
            "&#x;",
            "&#97;mp;",
            "&amp;&#97;mp;",
            "&#35;",
        ];
        let mut rng = crate::testing::XorShift::new(0x2f69_3a1c_85d7_e4b3);
        for _ in 0..30_000 {
            let text = rng.text(&pieces, 12);
            assert_eq!(decode(&text), decode_by_lines(&text), "{text:?}");
        }
    }

    /// A plain span read at once is the span [`span_at`] finds there, and stands for what
    /// [`span_reference`] reads in it.
    #[test]
    fn plain_spans_are_read_as_spans() {
        let pieces = [
            "&",
            ";",
            "#",
            "x",
            "X",
            "0",
            "9",
            "12",
            "228",
            "1234567",
            "0000041",
            "00000065",
            "fffd",
            "a",
            "F",
            "fc",
            "amp",
            "uuml",
            "EACUTE",
            "NBSP",
            "abcdefghijklmnopqrstuvwxyz0123456",
            " ",
            "=",
            "\u{AD}",
            "\u{1}",
            "ü",
            "\n",
        ];
        let mut rng = crate::testing::XorShift::new(0x6a09_e667_f3bc_c908);
        let mut read = 0;
        for _ in 0..30_000 {
            let text = format!(
                "{}&{};{}",
                rng.text(&pieces, 2),
                rng.text(&pieces, 4),
                rng.text(&pieces, 2)
            );
            for at in memchr::memchr_iter(b'&', text.as_bytes()) {
                let Some((end, decoded)) = plain_at(&text, at) else {
                    continue;
                };
                read += 1;
                let span = span_at(&text, at).expect("a plain span");
                assert_eq!(end, span.whole.end, "{text:?} at {at}");
                assert_eq!(decoded, span_reference(&text, span), "{text:?} at {at}");
            }
        }
        assert!(read > 5_000, "{read}");
    }

    /// What the common references read at once stand for is what [`harmless_reference`]
    /// finds there, on texts of references, near ones and what stands around them, up to
    /// the text's end.
    #[test]
    fn the_common_references_are_read_as_plain_at_reads_them() {
        let pieces = [
            "&",
            ";",
            "#",
            "x",
            "X",
            "0",
            "9",
            "12",
            "228",
            "0000041",
            "fffd",
            "FC",
            "amp",
            "uuml",
            "nbsp",
            "lt",
            "hellip",
            "middot",
            "Auml",
            "EACUTE",
            "ampx",
            "am",
            "\0",
            "\u{AD}",
            "\u{1}",
            "ü",
            " ",
            "\n",
            "\r",
            "=",
            "&amp;",
            "&#10;",
            "&#13;",
            "&#x26;",
            "&#38;",
            "&#150;",
            "&#x80;",
            "&#xD800;",
            "&#1114111;",
            "&#x110000;",
        ];
        let mut rng = crate::testing::XorShift::new(0x3c6e_f372_fe94_f82b);
        let mut read = 0;
        for _ in 0..30_000 {
            let text = rng.text(&pieces, 8);
            let bytes = text.as_bytes();
            for at in memchr::memchr_iter(b'&', bytes) {
                let Some((len, c)) = plain_char(&bytes[at + 1..]) else {
                    continue;
                };
                read += 1;
                assert_eq!(
                    harmless_reference(&text, at),
                    Some((at + 1 + len, Decoded::Char(c))),
                    "{text:?} at {at}"
                );
            }
        }
        assert!(read > 3_000, "{read}");
    }

    /// Numeric references at the edges of what is decoded, read by [`decode`] (at once or
    /// not) and by the rule written out plainly here: `&#` and one to seven digits or
    /// `&#x` and one to six hex digits, then `;`; a character that is no surrogate and at
    /// most U+10FFFF; C1 controls as windows-1252; other controls but tab, line feed and
    /// carriage return not at all.
    #[test]
    fn numeric_references_decode_at_every_edge() {
        fn plainly(body: &str) -> Option<char> {
            let (digits, radix, most) = match body.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, 6),
                None => (body, 10, 7),
            };
            if digits.is_empty()
                || digits.len() > most
                || !digits.chars().all(|c| c.is_digit(radix))
            {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(digits, radix).ok()?)?;
            let c = charsets::c1_as_cp1252(c).unwrap_or(c);
            (!c.is_control() || matches!(c, '\t' | '\n' | '\r')).then_some(c)
        }
        let values: [u64; 26] = [
            0,
            1,
            9,
            10,
            13,
            31,
            32,
            35,
            38,
            59,
            0x7F,
            0x80,
            0x81,
            0x9F,
            0xA0,
            0xFC,
            0xD7FF,
            0xD800,
            0xDFFF,
            0xE000,
            0xFFFF,
            0x10000,
            0x10FFFF,
            0x110000,
            9_999_999,
            1 << 32,
        ];
        let mut checked = 0;
        for v in values {
            let forms = [
                format!("{v}"),
                format!("{v:06}"),
                format!("{v:07}"),
                format!("{v:08}"),
                format!("x{v:x}"),
                format!("X{v:X}"),
                format!("x{v:05x}"),
                format!("x{v:06x}"),
                format!("x{v:07X}"),
                format!("{v}{v}{v}{v}"),
            ];
            for body in forms {
                for (before, after) in [("a ", " b"), ("", ""), ("a", "b"), ("", "\n"), ("", "!")] {
                    for semicolon in ["", ";"] {
                        let text = format!("Titel\n{before}&#{body}{semicolon}{after}");
                        let want = match plainly(&body).filter(|_| !semicolon.is_empty()) {
                            Some(c) => format!("Titel\n{before}{c}{after}"),
                            None => text.clone(),
                        };
                        assert_eq!(fix(&text), want, "{text:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, values.len() * 10 * 5 * 2);
    }

    #[test]
    fn ampersands_are_found_as_memchr_finds_them() {
        let ampersands = Ampersands::new();
        let mut rng = crate::testing::XorShift::new(0x510e_527f_ade6_82d1);
        for _ in 0..5_000 {
            let len = rng.below(200);
            let text: Vec<u8> = (0..len)
                .map(|_| if rng.below(40) == 0 { b'&' } else { b'a' })
                .collect();
            for from in [0, len / 3, len / 2, len] {
                let hay = &text[from..];
                assert_eq!(
                    ampersands.find(hay),
                    memchr::memchr(b'&', hay),
                    "{len} {from}"
                );
            }
        }
    }

    #[test]
    fn decimal_reads_digits() {
        let mut rng = crate::testing::XorShift::new(0x1f83_d9ab_fb41_bd6b);
        let bytes = b"0123456789/:;#x ";
        for _ in 0..50_000 {
            let eight: [u8; 8] = std::array::from_fn(|_| bytes[rng.below(bytes.len())]);
            let word = u64::from_le_bytes(eight);
            for n in 0..=8 {
                let plainly = std::str::from_utf8(&eight[..n])
                    .ok()
                    .filter(|s| (1..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|s| s.parse().ok());
                assert_eq!(decimal(word, n), plainly, "{eight:?} {n}");
            }
        }
        assert_eq!(decimal(u64::from_le_bytes(*b"999999;x"), 6), Some(999_999));
        assert_eq!(decimal(u64::from_le_bytes(*b"000000;x"), 6), Some(0));
        assert_eq!(decimal(u64::from_le_bytes(*b"0000001;"), 7), None);
    }

    #[test]
    fn numbers_are_read_as_the_standard_library_reads_them() {
        let digits = b"0123456789abcdefABCDEFxg+-; ";
        let mut rng = crate::testing::XorShift::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let len = rng.below(12);
            let text: String = (0..len)
                .map(|_| char::from(digits[rng.below(digits.len())]))
                .collect();
            for radix in [10, 16] {
                let std = u32::from_str_radix(&text, radix)
                    .ok()
                    .filter(|_| !text.starts_with('+'));
                assert_eq!(number(&text, radix), std, "{text:?} in {radix}");
            }
        }
        assert_eq!(number("4294967295", 10), Some(u32::MAX));
        assert_eq!(number("4294967296", 10), None);
        assert_eq!(number("FFFFFFFF", 16), Some(u32::MAX));
        assert_eq!(number("100000000", 16), None);
    }

    #[test]
    fn the_prefilter_sees_every_reference_and_skips_a_bare_ampersand() {
        for s in [
            "&amp;",
            "a &#252; b",
            "&#xFC;",
            "P&EACUTE;REZ",
            "x&hellip;",
            "&#123456;",
        ] {
            assert!(has_reference(s), "{s}");
            assert!(decode(s).is_some(), "{s}");
        }
        for s in [
            "Müller & Söhne",
            "AT&T",
            "a && b",
            "&;",
            "& amp;",
            "&#;",
            "a&",
        ] {
            assert!(!has_reference(s), "{s}");
            assert!(decode(s).is_none(), "{s}");
        }
    }

    #[test]
    fn each_line_decides_for_itself() {
        // `&amp;lt;` stays (decoding it would make `&lt;`), and with it the references on
        // its line that could join it; another line is decoded as it would be alone.
        assert_eq!(
            fix("&amp;lt; AT&amp;T\nAT&amp;T"),
            "&amp;lt; AT&amp;T\nAT&T"
        );
        assert_eq!(fix("AT&amp;T\r&amp;lt;"), "AT&T\r&amp;lt;");
    }

    #[test]
    fn a_reference_spans_at_most_span_max_characters() {
        // `&`, then `a`, soft hyphens and `mp`, then `;`: 64 characters between decode
        // (the soft hyphens are dropped), 65 do not.
        let at_most = format!("x &a{}mp; y", "\u{AD}".repeat(SPAN_MAX - 3));
        assert_eq!(decode(&at_most).map(|(s, _)| s).as_deref(), Some("x & y"));
        let over = format!("x &a{}mp; y", "\u{AD}".repeat(SPAN_MAX - 2));
        assert_eq!(decode(&over), None);
        // A span too long does not hide the reference after it.
        assert_eq!(
            decode(&format!("{over} &lt;")).map(|(s, _)| s),
            Some(format!("{over} <"))
        );
    }

    #[test]
    fn references_decode() {
        assert_eq!(
            fix("Fish &amp; Chips &#252; &#xFC; &hellip;"),
            "Fish & Chips ü ü …"
        );
        assert_eq!(fix("&#150; &#x93;x&#148;"), "– “x”");
        assert_eq!(fix("P&EACUTE;REZ &AMP; CO"), "PÉREZ & CO");
        assert_eq!(
            fix("&notit; &bogus; &#0; &#xD800;"),
            "&notit; &bogus; &#0; &#xD800;"
        );
        assert_eq!(decode("no references & here"), None);
    }

    #[test]
    fn a_reference_that_makes_another_stays_and_only_it() {
        // `&amp;lt;` would become `&lt;`, which the next run would decode: it stays. The
        // `&amp;` before a space cannot make another reference and is decoded.
        let text = "a &amp;lt; b &amp; Müller &eacute;";
        let out = fix(text);
        assert_eq!(out, "a &amp;lt; b & Müller é");
        assert_eq!(decode(&out), None, "cleaning again changes nothing");
        // Neighbours that could continue a reference keep it as written too.
        for text in ["&amp;amp;", "x&amp;#38;", "&amp;&#97;mp;", "&am&#112;;"] {
            let out = fix(text);
            assert_eq!(decode(&out), None, "{text:?} gave {out:?}");
        }
    }

    #[test]
    fn the_common_names_are_the_tables() {
        for (name, c) in COMMON {
            let table = htmlize::ENTITIES
                .get(format!("&{name};").as_bytes())
                .and_then(|g| std::str::from_utf8(g).ok());
            assert_eq!(table, Some(String::from(c).as_str()), "{name}");
            assert_eq!(common(name), Some(c), "{name}");
        }
        // And no other name: every name of the full table, and a few near ones.
        let names = htmlize::ENTITIES
            .keys()
            .filter_map(|k| std::str::from_utf8(k).ok())
            .map(|whole| whole.trim_start_matches('&').trim_end_matches(';'));
        let near = [
            "AMP", "Amp", "ampx", "am", "", "nbs", "uumlx", "a", "amp\0", "\0amp",
        ];
        for name in names.chain(near) {
            let listed = COMMON.iter().find(|(n, _)| *n == name).map(|&(_, c)| c);
            assert_eq!(common(name), listed, "{name:?}");
        }
        assert_eq!(common_by_key(0), None);
    }

    /// Every name of the full table, read where a text ends after it and where it goes
    /// on (its key then read eight bytes at once), stands for what [`named_reference`]
    /// finds for it.
    #[test]
    fn every_name_reads_as_the_named_reference() {
        let wholes = htmlize::ENTITIES
            .keys()
            .filter_map(|k| std::str::from_utf8(k).ok())
            .filter(|w| w.ends_with(';'));
        let mut read = 0;
        for whole in wholes {
            let body = &whole[1..whole.len() - 1];
            let slow = named_reference(whole, body);
            for text in [whole.to_owned(), format!("{whole} und so weiter")] {
                if let Some((end, decoded)) = plain_at(&text, 0) {
                    read += 1;
                    assert_eq!(end, whole.len(), "{whole}");
                    assert_eq!(decoded, slow, "{whole}");
                }
            }
        }
        assert!(read > 4_000, "{read}");
    }

    /// A name's key read eight bytes at once, where the text has them, is the key of its
    /// bytes, at every length and near the text's end.
    #[test]
    fn keys_read_at_once_are_the_names() {
        let text = b"&uuml;&nbsp;abcdefghij;&lt;";
        for at in 0..text.len() {
            for len in 0..=(text.len() - at) {
                let name = &text[at..at + len];
                let key = name_key(name).unwrap_or(0);
                assert_eq!(key_at(text, at, len), key, "{at} {len}");
            }
        }
    }

    #[test]
    fn the_legacy_list_is_sorted_and_every_name_decodes() {
        assert!(LEGACY.windows(2).all(|w| w[0] < w[1]));
        for name in LEGACY {
            assert!(named(&format!("&{name};")).is_some(), "{name}");
        }
    }

    #[test]
    fn legacy_references_decode_without_their_semicolon() {
        assert_eq!(fix("&copy 2022 Verlag"), "© 2022 Verlag");
        assert_eq!(fix("N&auml&hellip;"), "Nä…");
        assert_eq!(fix("a &lt b &AMP c&nbsp;d"), "a < b & c\u{a0}d");
        assert_eq!(fix("5 &times 3, 20&deg."), "5 × 3, 20°.");
        // Not before a letter, a digit or `=`, not in a URL, and only legacy names.
        for text in [
            "&copyright &copy2 &notin",
            "?a=1&copy=2",
            "see https://x.example/p?id=3&not",
            "x.php?lang=de&para",
            "&hellip and &mdash",
            "AT&T, R&D, Q&A",
        ] {
            assert_eq!(decode(text), None, "{text:?}");
        }
        // What the prefilter lets through includes all of these.
        for text in ["&copy 2022", "N&auml&hellip;", "&a\u{ad}mp x"] {
            assert!(has_reference(text), "{text:?}");
        }
        assert_eq!(fix("&a\u{ad}mp x"), "& x");
    }

    #[test]
    fn a_carriage_return_reference_ends_the_line() {
        assert_eq!(
            fix("Titel\neins&#13;zwei&#xD;&#10;drei"),
            "Titel\neins\rzwei\r\ndrei"
        );
        // On the first line, the title line, it joins.
        assert_eq!(fix("eins&#13;zwei&#xD;&#10;drei"), "eins zwei drei");
    }

    #[test]
    fn xml_and_feeds_are_markup() {
        assert!(looks_like_html(
            "<?xml version=\"1.0\"?><doc>a &amp; b</doc>"
        ));
        assert!(looks_like_html(
            "<rss version=\"2.0\"><channel><title>a &amp; b</title></channel></rss>"
        ));
        assert!(looks_like_html(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>x</entry></feed>"
        ));
        assert!(!looks_like_html("I feed <feed> my cat, a &amp; b."));
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html(
            "<html><body><p>a &amp; b</p></body></html>"
        ));
        assert!(!looks_like_html("a < b and c > d, <b> once"));
    }
}
