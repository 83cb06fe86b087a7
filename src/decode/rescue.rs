//! Rescue rules: encodings chardetng never answers by design, chosen when the bytes show
//! evidence for them.
//!
//! Each rule compares the guessed encoding's reading of the window with the candidate's,
//! scored by [`plausibility`]: letters next to letters count for a reading, symbols inside
//! words, case flips inside words and C1 controls against it.

use crate::config::EncodingHint;
use encoding_rs::Encoding;

/// A rescue: the encoding to use instead of the guess, and the rule's name (the report's
/// `detected_by`).
pub(crate) type Rescue = (&'static Encoding, &'static str);

/// The first rule that fires for `window` (bytes from the first non-ASCII one) guessed as
/// `guess`, if any.
pub(crate) fn rescue(
    guess: &'static Encoding,
    window: &[u8],
    hint: Option<&EncodingHint>,
) -> Option<Rescue> {
    // Every rule compares with the guess: its reading is scored once.
    let guess_plausibility = std::cell::OnceCell::new();
    let guess_score = || *guess_plausibility.get_or_init(|| plausibility_of(guess, window));

    // Baltic hint: chardetng knows windows-1257 but rarely picks it without the domain, and
    // ISO-8859-13 (the same letters, quotes at other places) never.
    if hint.is_some_and(super::labels::is_baltic) {
        // On a tie the last one, windows-1257, wins.
        let baltic = [encoding_rs::ISO_8859_13, encoding_rs::WINDOWS_1257];
        let already = baltic.contains(&guess) || guess == encoding_rs::ISO_8859_4;
        let base = guess_score();
        let best = baltic
            .iter()
            .map(|&enc| (plausibility_of(enc, window), enc))
            .filter(|&(_, enc)| enc != guess)
            .max_by_key(|&(score, _)| score);
        if let Some((score, enc)) = best
            && (score > base || (!already && score == base))
        {
            return Some((enc, "rescue-baltic"));
        }
    }

    // ISO-8859-15: the euro sign at 0xA4 (the generic currency sign in windows-1252) next to
    // amounts, or œ/Œ/š/ž inside words. Bytes 0x80–0x9F are printable in windows-1252 and C1
    // controls in ISO-8859-15, so their presence leaves the guess alone.
    const LATIN9_BYTES: &[u8] = &[0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE];
    if guess == encoding_rs::WINDOWS_1252
        && !window.iter().any(|b| (0x80..=0x9F).contains(b))
        && window.iter().any(|b| LATIN9_BYTES.contains(b))
    {
        let latin9 = encoding_rs::ISO_8859_15;
        if plausibility_of(latin9, window) > guess_score() {
            return Some((latin9, "rescue-iso-8859-15"));
        }
    }

    // x-mac-cyrillic: its capitals sit at 0x80–0x9F (punctuation and Serbian letters in
    // windows-1251) and `я` at 0xDF (windows-1251's `Я`); its other lowercase letters are
    // windows-1251's. chardetng never answers it. The reading must be Cyrillic words (not
    // Cyrillic letters inside Latin words, as Western text reads) and beat both the guess
    // and windows-1251.
    if guess != encoding_rs::X_MAC_CYRILLIC && window.iter().any(|b| (0x80..=0x9F).contains(b)) {
        let mac = encoding_rs::X_MAC_CYRILLIC;
        if cyrillic_words(mac, window) {
            let score = plausibility_of(mac, window);
            if score > guess_score()
                && (guess == encoding_rs::WINDOWS_1251
                    || score > plausibility_of(encoding_rs::WINDOWS_1251, window))
            {
                return Some((mac, "rescue-mac-cyrillic"));
            }
        }
    }

    // Mac OS Roman: accented lowercase letters sit at 0x80–0x9F (`é` is 0x8E), where the
    // Windows code pages put punctuation, and classic Mac files end lines with CR only.
    const LATIN_GUESSES: &[&Encoding] = &[
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1254,
        encoding_rs::WINDOWS_1257,
        encoding_rs::ISO_8859_2,
    ];
    // Those bytes are also lead bytes of the CJK double-byte encodings, which pair them with
    // the ASCII letter that follows: CJK characters inside Latin words then give it away.
    const CJK_GUESSES: &[&Encoding] = &[
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
        encoding_rs::EUC_KR,
        encoding_rs::GBK,
        encoding_rs::BIG5,
    ];
    let latin_guess = LATIN_GUESSES.contains(&guess) || CJK_GUESSES.contains(&guess);
    if latin_guess && window.iter().any(|b| (0x80..=0x9F).contains(b)) {
        let cr_only =
            memchr::memchr(b'\r', window).is_some() && memchr::memchr(b'\n', window).is_none();
        let mac = plausibility_of(encoding_rs::MACINTOSH, window);
        let margin = if cr_only { 1 } else { 2 };
        if mac >= guess_score() + margin {
            return Some((encoding_rs::MACINTOSH, "rescue-mac-roman"));
        }
    }
    None
}

/// Whether `enc` (a single-byte encoding) reads `window` as Cyrillic words: nine non-ASCII
/// bytes in ten are Cyrillic letters, and hardly any of those touches an ASCII letter.
fn cyrillic_words(enc: &'static Encoding, window: &[u8]) -> bool {
    let Some(table) = high_half(enc) else {
        return false;
    };
    let cyrillic =
        |b: u8| !b.is_ascii() && ('\u{400}'..='\u{4FF}').contains(&table[usize::from(b - 0x80)]);
    let (mut high, mut letters, mut mixed) = (0usize, 0usize, 0usize);
    for (i, &b) in window.iter().enumerate() {
        if b.is_ascii() {
            continue;
        }
        high += 1;
        if cyrillic(b) {
            letters += 1;
            let latin_next = window.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
            let latin_prev = i > 0 && window[i - 1].is_ascii_alphabetic();
            mixed += usize::from(latin_next || latin_prev);
        }
    }
    letters >= 8 && letters * 10 >= high * 9 && mixed * 10 <= letters
}

/// How much `text` reads like natural language, judged on its non-ASCII characters.
///
/// Only those score, so the ASCII between them is skipped by bytes, and each one's
/// neighbours (two on either side for `€`) are read from the text around it: no second
/// decoding of the window into a list of characters.
pub(crate) fn plausibility(text: &str) -> i64 {
    let bytes = text.as_bytes();
    let mut score = 0i64;
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|b| !b.is_ascii()) {
        i += skip;
        let mut after = text[i..].chars();
        let mut before = text[..i].chars();
        let Some(c) = after.next() else { break };
        score += score_at(
            c,
            [before.next_back(), before.next_back()],
            [after.next(), after.next()],
        );
        i += c.len_utf8();
    }
    score
}

/// [`plausibility`] of `window` as `enc` reads it, without decoding it where `enc` reads a
/// byte as one character: the characters of the bytes 0x80–0xFF are looked up once, and
/// each high byte is scored among its neighbours' characters. (The rules compare two
/// readings of a whole window, each of which was a decoding of its own.)
pub(super) fn plausibility_of(enc: &'static Encoding, window: &[u8]) -> i64 {
    let Some(table) = high_half(enc) else {
        // A character cut by the window's end says nothing against the encoding.
        let text = enc.decode_without_bom_handling(window).0;
        return plausibility(text.strip_suffix('\u{FFFD}').unwrap_or(&text));
    };
    plausibility_with(&table, window)
}

/// [`plausibility`] of `window` read with `table`, the characters of the bytes 0x80–0xFF.
pub(super) fn plausibility_with(table: &[char], window: &[u8]) -> i64 {
    let char_at = |i: Option<usize>| {
        let b = *window.get(i?)?;
        Some(if b.is_ascii() {
            char::from(b)
        } else {
            table[usize::from(b - 0x80)]
        })
    };
    let mut score = 0i64;
    let mut i = 0;
    while let Some(skip) = window[i..].iter().position(|b| !b.is_ascii()) {
        i += skip;
        let c = char_at(Some(i)).expect("a byte at i");
        score += score_at(
            c,
            [char_at(i.checked_sub(1)), char_at(i.checked_sub(2))],
            [char_at(Some(i + 1)), char_at(Some(i + 2))],
        );
        i += 1;
    }
    score
}

/// The characters of the bytes 0x80–0xFF in a single-byte encoding, in byte order.
pub(super) type HighHalf = std::rc::Rc<[char]>;

/// The characters `enc` reads the bytes 0x80–0xFF as, when it reads each byte as one
/// character: decoded once per encoding and thread.
pub(super) fn high_half(enc: &'static Encoding) -> Option<HighHalf> {
    thread_local! {
        static TABLES: std::cell::RefCell<Vec<(&'static Encoding, HighHalf)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    if !enc.is_single_byte() {
        return None;
    }
    TABLES.with_borrow_mut(|tables| {
        if let Some((_, table)) = tables.iter().find(|(e, _)| *e == enc) {
            return Some(table.clone());
        }
        let high: Vec<u8> = (0x80..=0xFF).collect();
        let table: HighHalf = enc.decode_without_bom_handling(&high).0.chars().collect();
        (table.len() == high.len()).then(|| {
            tables.push((enc, table.clone()));
            table
        })
    })
}

/// The score of non-ASCII character `c` among the two characters before it (nearest
/// first) and the two after it.
fn score_at(
    c: char,
    [prev, before_prev]: [Option<char>; 2],
    [next, after_next]: [Option<char>; 2],
) -> i64 {
    let letter = |c: Option<char>| c.is_some_and(is_letter);
    let digit_near = |c: Option<char>, beyond: Option<char>| {
        c.is_some_and(|c| c.is_ascii_digit())
            || (c == Some(' ') && beyond.is_some_and(|c| c.is_ascii_digit()))
    };
    if ('\u{80}'..='\u{9F}').contains(&c) || c == '\u{FFFD}' {
        -4
    } else if c == '€' {
        if digit_near(prev, before_prev) || digit_near(next, after_next) {
            2
        } else {
            0
        }
    } else if c == '¤' {
        -2
    } else if is_cjk(c)
        && prev.is_some_and(|p| p.is_ascii_alphabetic())
        && next.is_some_and(|n| n.is_ascii_alphabetic())
    {
        // A CJK character inside a Latin word: a double-byte reading of Latin text.
        -2
    } else if is_letter(c) {
        if (c.is_uppercase() && prev.is_some_and(|p| is_letter(p) && p.is_lowercase()))
            || (c.is_lowercase() && next.is_some_and(|n| is_letter(n) && n.is_uppercase()))
        {
            // A case flip inside a word: `ìThe` is Mac OS Roman's reading of `“The`.
            -2
        } else if letter(prev) || letter(next) {
            1
        } else {
            0
        }
    } else if letter(prev) && letter(next) && !matches!(c, '’' | '·' | '\u{2011}') {
        -2
    } else if matches!(c, '“' | '‘' | '„' | '«') && !letter(prev) && letter(next) {
        // An opening quote before a word, a closing one after it: typography.
        1
    } else if matches!(c, '”' | '’' | '»')
        && (letter(prev) || prev.is_some_and(|p| matches!(p, '.' | ',' | '!' | '?')))
        && !letter(next)
    {
        1
    } else {
        0
    }
}

/// Kana, CJK ideographs, Hangul and fullwidth forms.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Letters, without the spacing modifier letters (`ˆ`, `ˇ`), which legacy code pages use as
/// free-standing accents.
fn is_letter(c: char) -> bool {
    match c {
        // Latin-1, most of what a single-byte reading gives, without the Unicode tables.
        '\0'..='\u{FF}' => {
            c.is_ascii_alphabetic()
                || matches!(c, 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
        }
        // Latin Extended-A and the Cyrillic letters (not its signs 0x482–0x489): what the
        // other single-byte readings give, again without the tables.
        '\u{100}'..='\u{17F}' | '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}' => true,
        // Kana, CJK ideographs and Hangul syllables: what the double-byte readings give.
        '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}' => true,
        _ => c.is_alphabetic() && !('\u{2B0}'..='\u{2FF}').contains(&c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_letters_are_the_alphabetic_characters() {
        let ranges = [
            '\0'..='\u{4FF}',
            '\u{3000}'..='\u{30FF}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{AC00}'..='\u{D7FF}',
        ];
        for c in ranges.into_iter().flatten() {
            let modifier = ('\u{2B0}'..='\u{2FF}').contains(&c);
            assert_eq!(
                is_letter(c),
                c.is_alphabetic() && !modifier,
                "U+{:04X}",
                c as u32
            );
        }
    }

    fn enc(e: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = e.encode(s);
        assert!(!unmappable, "{s:?} in {}", e.name());
        bytes.into_owned()
    }

    fn window(bytes: &[u8]) -> &[u8] {
        let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        &bytes[first..]
    }

    #[test]
    fn latin9_euro_between_amounts_is_caught() {
        let bytes = enc(
            encoding_rs::ISO_8859_15,
            "Prix : 12,50 € TTC, livraison 3 € ; total 15,50 €.",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            Some((encoding_rs::ISO_8859_15, "rescue-iso-8859-15"))
        );
        let bytes = enc(encoding_rs::ISO_8859_15, "Le cœur de ma sœur, un œuf.");
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None).map(|r| r.0),
            Some(encoding_rs::ISO_8859_15)
        );
    }

    #[test]
    fn latin9_rule_leaves_cp1252_alone() {
        // ½ and ¼ between digits, a windows-1252 quote: stays windows-1252.
        let bytes = enc(
            encoding_rs::WINDOWS_1252,
            "Nimm 1½ Tassen und ¼ Liter, „schön“.",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            None
        );
        let bytes = enc(
            encoding_rs::WINDOWS_1252,
            "Größe: 1½ m, Preis ¾ des Üblichen.",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            None
        );
    }

    #[test]
    fn mac_roman_accents_are_caught() {
        let text = "Le café était déjà très célèbre à Genève.\rÇa coûte cher, garçon.\r";
        let bytes = enc(encoding_rs::MACINTOSH, text);
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            Some((encoding_rs::MACINTOSH, "rescue-mac-roman"))
        );
        let bytes = enc(
            encoding_rs::MACINTOSH,
            "Schöne Grüße aus München, für Jürgen.\n",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1250, window(&bytes), None).map(|r| r.0),
            Some(encoding_rs::MACINTOSH)
        );
    }

    #[test]
    fn mac_roman_read_as_cjk_is_caught() {
        let bytes = enc(
            encoding_rs::MACINTOSH,
            "Não é possível ler o ficheiro à força: é inválido.",
        );
        assert_eq!(
            rescue(encoding_rs::SHIFT_JIS, window(&bytes), None).map(|r| r.0),
            Some(encoding_rs::MACINTOSH)
        );
        // Real Shift_JIS decodes cleanly and is left alone.
        let bytes = enc(
            encoding_rs::SHIFT_JIS,
            "ファイルを開けません。形式が不正です。",
        );
        assert_eq!(rescue(encoding_rs::SHIFT_JIS, window(&bytes), None), None);
    }

    #[test]
    fn mac_roman_rule_leaves_cp1252_alone() {
        let bytes = enc(
            encoding_rs::WINDOWS_1252,
            "It’s “quoted” – and Müller’s café… costs 5 €.\r\n",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            None
        );
        let bytes = enc(
            encoding_rs::WINDOWS_1252,
            "Le café était déjà très célèbre.\r",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            None
        );
        // Cyrillic guesses are never rescued to mac-roman.
        let bytes = enc(encoding_rs::WINDOWS_1251, "Привет, мир.");
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1251, window(&bytes), None),
            None
        );
    }

    /// Windows-1252 quotes and dashes (0x93, 0x94, 0x96, 0x97) read in Mac OS Roman as
    /// `ì`, `î`, `ñ`, `ó`: a lowercase letter before a capital, or standing alone.
    #[test]
    fn mac_roman_rule_leaves_cp1252_smart_quotes_alone() {
        let text = "Then she wrote, “Meet me at noon.”\nWe said “yes”\nBread, cheese, bread – eaten daily\nCheese, bread, cheese, — eaten on Sundays\n";
        let bytes = enc(encoding_rs::WINDOWS_1252, text);
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            None
        );
    }

    const RUSSIAN: &str = "Вчера Мария и Пётр ездили в Ярославль. Там они купили яблоки и мёд.\nЯнварь выдался холодным, но Сергей Иванович всё равно гулял по набережной.\n";

    #[test]
    fn mac_cyrillic_capitals_are_caught() {
        let bytes = enc(encoding_rs::X_MAC_CYRILLIC, RUSSIAN);
        for guess in [
            encoding_rs::WINDOWS_1251,
            encoding_rs::WINDOWS_1252,
            encoding_rs::KOI8_U,
        ] {
            assert_eq!(
                rescue(guess, window(&bytes), None),
                Some((encoding_rs::X_MAC_CYRILLIC, "rescue-mac-cyrillic")),
                "{}",
                guess.name()
            );
        }
    }

    #[test]
    fn mac_cyrillic_rule_leaves_windows_1251_and_western_text_alone() {
        let text = format!("{RUSSIAN}Он сказал: «Пойдём» – и ушёл… “Да”, — ответила она.\n");
        let bytes = enc(encoding_rs::WINDOWS_1251, &text);
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1251, window(&bytes), None),
            None
        );
        // Western letters read as Cyrillic sit inside Latin words.
        let bytes = enc(
            encoding_rs::WINDOWS_1252,
            "Le café était déjà très célèbre à Genève – “Ça coûte cher”, répondit-il.",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1252, window(&bytes), None),
            None
        );
    }

    #[test]
    fn baltic_hint_rescues_windows_1257() {
        let hint = super::super::labels::parse_hint("lang:lt").unwrap();
        let bytes = enc(
            encoding_rs::WINDOWS_1257,
            "Ačiū, gražų šeštadienį žmonės ėjo į turgų.",
        );
        let got = rescue(encoding_rs::WINDOWS_1250, window(&bytes), Some(&hint));
        assert_eq!(got.map(|r| r.1), Some("rescue-baltic"));
        let decoded = got.unwrap().0.decode_without_bom_handling(&bytes).0;
        assert_eq!(decoded, "Ačiū, gražų šeštadienį žmonės ėjo į turgų.");
    }

    #[test]
    fn baltic_rule_needs_the_hint() {
        let bytes = enc(
            encoding_rs::WINDOWS_1250,
            "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        );
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1250, window(&bytes), None),
            None
        );
        let de = super::super::labels::parse_hint("lang:de").unwrap();
        assert_eq!(
            rescue(encoding_rs::WINDOWS_1250, window(&bytes), Some(&de)),
            None
        );
    }

    proptest::proptest! {
        /// The byte-wise score of a single-byte reading is the score of the decoded text,
        /// for every encoding the rules read windows in, on bytes of every kind: letters,
        /// digits and spaces beside high bytes, at the window's ends too.
        #[test]
        fn single_byte_readings_score_as_decoded(window in proptest::collection::vec(
            proptest::prop_oneof![
                3 => 0x80u8..=0xFF,
                1 => proptest::sample::select(b"ab Z1 9,.".to_vec()),
            ],
            0..24,
        )) {
            for enc in [
                encoding_rs::WINDOWS_1252, encoding_rs::MACINTOSH, encoding_rs::ISO_8859_15,
                encoding_rs::ISO_8859_13, encoding_rs::WINDOWS_1257, encoding_rs::WINDOWS_1250,
                encoding_rs::WINDOWS_1254, encoding_rs::ISO_8859_2, encoding_rs::ISO_8859_4,
                encoding_rs::WINDOWS_1251, encoding_rs::SHIFT_JIS,
            ] {
                let text = enc.decode_without_bom_handling(&window).0;
                // A multi-byte reading leaves out a character cut at the window's end.
                let text = if enc.is_single_byte() { &text } else { text.strip_suffix('\u{FFFD}').unwrap_or(&text) };
                let decoded = plausibility(text);
                proptest::prop_assert_eq!(plausibility_of(enc, &window), decoded, "{}", enc.name());
            }
        }
    }

    /// The euro sign looks two characters away on either side (`12 €`, `€ 5`).
    #[test]
    fn single_byte_readings_see_the_euro_signs_amounts() {
        for window in [
            &b"12 \x80 x"[..],
            b"x \x80 5",
            b"a \x80 b",
            b"1\x80",
            b"\x80",
        ] {
            let decoded = plausibility(
                &encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(window)
                    .0,
            );
            assert_eq!(
                plausibility_of(encoding_rs::WINDOWS_1252, window),
                decoded,
                "{window:?}"
            );
        }
        assert_eq!(plausibility_of(encoding_rs::WINDOWS_1252, b"12 \x80 x"), 2);
    }

    #[test]
    fn plausibility_prefers_words() {
        assert!(plausibility("déjà") > plausibility("dŽjˆ"));
        assert!(plausibility("12 €") > plausibility("12 ¤"));
        assert!(plausibility("caf\u{92}") < 0);
    }
}
