//! Central European and Baltic text that was decoded as Latin-1: the bytes were right, the
//! encoding chosen for them was not (`dziesi±tej`, `jeste¶my`, `któr±` for `dziesiątej`,
//! `jesteśmy`, `którą`).
//!
//! ISO-8859-2, windows-1250 and windows-1257 put letters where Latin-1 has signs (0xB1 is
//! `ą` and `±`, 0xB6 `ś` and `¶`, 0xBC `ź` and `¼`), so a line read through the wrong one
//! is full of signs glued to letters. A line is read again, through each of them, when
//! Latin-1 gives it several such signs, one of them inside a word, and the other encoding
//! makes every one of them a letter. Correct Latin-1 text with signs in it keeps them: a
//! price (`± 5 €`), a pilcrow (`¶ 3`), a fraction (`½ kg`), a unit (`25 m²`) stand apart
//! from words or at their end, and a few of them never make the evidence.
//!
//! Lithuanian and Latvian in windows-1257 show letters, not signs, when decoded as Latin-1
//! (`ðiandien` for `šiandien`): there `ð` and `þ`, which only Icelandic and Faroese write,
//! beside letters those two never have (`à`, `ë`, `û`) are the evidence ([`baltic`]).

use super::charsets;
use std::sync::LazyLock;

/// The encodings a line may be read again in, with their tables.
static TARGETS: LazyLock<[(&'static str, &'static encoding_rs::Encoding); 3]> =
    LazyLock::new(|| {
        [
            ("iso-8859-2", encoding_rs::ISO_8859_2),
            ("windows-1250", encoding_rs::WINDOWS_1250),
            ("windows-1257", encoding_rs::WINDOWS_1257),
        ]
    });

/// How many signs glued to letters make a line evidence, at the least.
const MIN_GLUED: usize = 3;

/// A sign of Latin-1's upper half (`¡`–`¿`, `×`, `÷`) or a C1 control: the characters
/// that Latin-1 shows where those encodings have letters. Typographic punctuation is left
/// out (an apostrophe inside a word is correct anywhere), and so are the no-break space and
/// the soft hyphen.
fn sign(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{BF}' | '×' | '÷') && !matches!(c, '\u{A0}' | '\u{AD}')
}

/// Whether a sign stands where correct text has it: `¿`, `¡` and `«` before a word, `»`
/// after one.
fn at_its_place(c: char, before: bool, after: bool) -> bool {
    match c {
        '¿' | '¡' | '«' => !before && after,
        '»' => before && !after,
        _ => false,
    }
}

/// Where signs are glued to letters in `chars`, at least one of them lowercase (capitals
/// and signs together are leetspeak: `MÄ£ÄM`): their indices, and how many of them stand
/// inside a word (a letter on both sides).
fn glued(chars: &[char]) -> (Vec<usize>, usize) {
    let at = |i: Option<usize>| i.and_then(|i| chars.get(i));
    let letter = |i: Option<usize>| at(i).is_some_and(|&c| super::badness::alphabetic(c));
    let lower = |i: Option<usize>| at(i).is_some_and(|c| c.is_lowercase());
    let mut found = Vec::new();
    let mut inside = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !sign(c) {
            continue;
        }
        let (before, after) = (letter(i.checked_sub(1)), letter(Some(i + 1)));
        let beside_lowercase = lower(i.checked_sub(1)) || lower(Some(i + 1));
        if beside_lowercase && !at_its_place(c, before, after) {
            found.push(i);
            inside += usize::from(before && after);
        }
    }
    (found, inside)
}

/// Baltic text in windows-1257 decoded as Latin-1 shows letters, not signs: `š` and `ž`
/// become `ð` and `þ`, which only Icelandic and Faroese write, and `ą`, `č`, `ė`, `ū`
/// become `à`, `è`, `ë`, `û`, which those two never do. A line with at least
/// [`MIN_GLUED`] of the first kind beside lowercase letters and one of the second is that
/// damage: the indices of the first kind, which the reading must make other letters of.
fn baltic(chars: &[char]) -> Option<Vec<usize>> {
    let lower = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_lowercase())
    };
    let found: Vec<usize> = (0..chars.len())
        .filter(|&i| matches!(chars[i], 'ð' | 'þ' | 'Ð' | 'Þ'))
        .filter(|&i| lower(i.checked_sub(1)) || lower(Some(i + 1)))
        .collect();
    let foreign = chars
        .iter()
        .any(|c| matches!(c, 'à' | 'è' | 'ë' | 'ì' | 'ò' | 'â' | 'î' | 'û' | 'ç'));
    (found.len() >= MIN_GLUED && foreign).then_some(found)
}

/// Read `line` again in the encoding its bytes were written in, when Latin-1 (or
/// windows-1252) made symbol soup of it: at least [`MIN_GLUED`] signs glued to letters,
/// one of them inside a word (or one more, at word edges), and an encoding that makes every
/// one of them a letter and leaves no oddity. Returns the line and the encoding's name.
pub(crate) fn reread(line: &str) -> Option<(String, &'static str)> {
    let chars: Vec<char> = line.chars().collect();
    let (mut at, inside) = glued(&chars);
    let mut targets = &TARGETS[..];
    if at.len() < MIN_GLUED + usize::from(inside == 0) {
        at = baltic(&chars)?;
        targets = &TARGETS[2..];
    }
    // The bytes as they were: every character must have one in windows-1252 or Latin-1.
    let cp1252 = &charsets::WHOLE_LINE[0];
    let bytes: Vec<u8> = chars
        .iter()
        .map(|&c| cp1252.byte(c))
        .collect::<Option<_>>()?;
    targets.iter().find_map(|(name, encoding)| {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        let again: Vec<char> = text.chars().collect();
        let read_right = !had_errors
            && again.len() == chars.len()
            && at
                .iter()
                .all(|&i| super::badness::alphabetic(again[i]) && again[i] != chars[i])
            && !again.iter().any(|c| ('\u{80}'..='\u{9F}').contains(c))
            && super::badness::badness(&text) == 0;
        read_right.then(|| (text.into_owned(), *name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_latin1(text: &str, encoding: &'static encoding_rs::Encoding) -> String {
        let (bytes, _, _) = encoding.encode(text);
        bytes.iter().map(|&b| char::from(b)).collect()
    }

    #[test]
    fn latin2_read_as_latin1_is_read_again() {
        let polish = "W dziesiątej klasie jesteśmy razem, którą to już zimą.";
        let damaged = as_latin1(polish, encoding_rs::ISO_8859_2);
        assert_eq!(
            damaged,
            "W dziesi±tej klasie jeste¶my razem, któr± to ju¿ zim±."
        );
        assert_eq!(reread(&damaged), Some((polish.to_owned(), "iso-8859-2")));
        let czech = "Příliš žluťoučký kůň úpěl ďábelské ódy, šeptá Šárka.";
        let damaged = as_latin1(czech, encoding_rs::ISO_8859_2);
        assert_eq!(reread(&damaged), Some((czech.to_owned(), "iso-8859-2")));
    }

    #[test]
    fn baltic_read_as_latin1_is_read_again() {
        for text in [
            "Vilniuje šiandien šilta, o vakare žadama lietaus ir žaibų, sakė žinovai.",
            "Šodien Rīgā līst lietus, bet rīt būs saulaini, un žurnālisti ir šeit.",
        ] {
            let damaged = as_latin1(text, encoding_rs::WINDOWS_1257);
            assert_eq!(reread(&damaged), Some((text.to_owned(), "windows-1257")));
        }
        // Icelandic has `ð` and `þ` but none of `à`, `è`, `ë`, `û`.
        let icelandic = "Þórður fór í sund í Reykjavík á þriðjudaginn með það í huga.";
        assert_eq!(reread(icelandic), None);
    }

    #[test]
    fn correct_latin1_with_signs_stays() {
        for text in [
            "Preis: 25 € ± 5 €, Fläche 25 m² und 3 m³.",
            "Siehe § 3 ¶ 2, dazu ½ kg Mehl und ¼ l Milch.",
            "Température ±2°C, «citation» et l’œuvre ¿qué?",
            "x±y, Größe ~ 3×4 cm, Preis £35 ¥200 ©2024 Müller®",
        ] {
            assert_eq!(reread(text), None, "{text:?}");
        }
    }
}
