//! The alphabet rule: among the single-byte Latin encodings, the one whose reading writes
//! the text in one language's alphabet.
//!
//! chardetng weighs windows-1252, windows-1250, windows-1254, windows-1257 and ISO-8859-2
//! and -4, and never answers ISO-8859-3, -10, -13, -15 or -16; it also takes short Hungarian
//! or Estonian texts for windows-1252 (`első` read as `elsõ`, `režiim` as `reþiim`). Each
//! of those readings mixes letters no single language writes together (`õ` beside `ö` and
//! `é`), while the right one fits an alphabet. The rule reads the window in every Latin
//! encoding, scores each reading by [`plausibility`](super::rescue::plausibility_of) plus
//! how well its letters fit the best language, and answers a reading that beats the
//! current one clearly and leaves hardly any letter outside its language.

use super::rescue::{high_half, plausibility_of};
use encoding_rs::Encoding;

/// The Latin single-byte encodings the rule chooses among, in the order ties go (after
/// the current answer, which always wins a tie).
const LATIN: &[&Encoding] = &[
    encoding_rs::WINDOWS_1252,
    encoding_rs::WINDOWS_1250,
    encoding_rs::WINDOWS_1257,
    encoding_rs::WINDOWS_1254,
    encoding_rs::ISO_8859_2,
    encoding_rs::ISO_8859_13,
    encoding_rs::ISO_8859_15,
    encoding_rs::ISO_8859_16,
    encoding_rs::ISO_8859_4,
    encoding_rs::ISO_8859_10,
    encoding_rs::ISO_8859_3,
];

/// The non-ASCII lowercase letters of languages written in Latin script, one alphabet per
/// language (or group of languages that write the same letters).
const ALPHABETS: &[&str] = &[
    "äöüß",              // German
    "àâæçéèêëîïôœùûüÿ",  // French
    "áéíñóúü",           // Spanish, Galician
    "áâãàçéêíóôõú",      // Portuguese
    "àèéìíîòóùú",        // Italian
    "àçèéíïòóúü",        // Catalan
    "áéëïóöüèà",         // Dutch
    "åäöæøéü",           // Danish, Norwegian, Swedish
    "äöåšž",             // Finnish
    "áðéíóúýþæö",        // Icelandic, Faroese
    "áéíóú",             // Irish
    "áéíóöőúüű",         // Hungarian
    "ąćęłńóśźż",         // Polish
    "áčďéěíňóřšťúůýž",   // Czech
    "áäčďéíĺľňóôŕšťúýž", // Slovak
    "čćđšž",             // Slovenian, Croatian, Bosnian, Serbian Latin
    "ăâîșțşţ",           // Romanian (comma or cedilla)
    "äõöüšž",            // Estonian
    "āčēģīķļņšūž",       // Latvian
    "ąčęėįšųūž",         // Lithuanian
    "ċġħżàèìòù",         // Maltese
    "ĉĝĥĵŝŭ",            // Esperanto
    "çğıöşüâîû",         // Turkish
    "çë",                // Albanian
];

/// The alphabet rule's answer for `window` read as `current` (a guess or a rescue), if it
/// is another Latin encoding.
pub(super) fn rescue(current: &'static Encoding, window: &[u8]) -> Option<&'static Encoding> {
    if !LATIN.contains(&current) {
        return None;
    }
    let mut counts = [0usize; 128];
    for &b in window {
        if !b.is_ascii() {
            counts[usize::from(b - 0x80)] += 1;
        }
    }
    let now = score(current, window, &counts)?;
    let mut best: Option<(i64, &'static Encoding)> = None;
    for &enc in LATIN.iter().filter(|&&e| e != current) {
        let Some(s) = score(enc, window, &counts) else {
            continue;
        };
        // Hardly any letter outside the language, and clearly better than the current
        // reading: a tie or a near tie stays with chardetng.
        if s.outside * 20 <= s.letters
            && s.total > now.total + MARGIN
            && best.is_none_or(|(b, _)| s.total > b)
        {
            best = Some((s.total, enc));
        }
    }
    best.map(|(_, enc)| enc)
}

/// Whether `window` read in `enc` looks like one language's text, as a "high" confidence
/// needs: its non-ASCII characters score well in [`plausibility`](plausibility_of) (at
/// least a quarter point each; a code page chardetng does not know reads as symbols
/// inside words), and a Latin or Cyrillic single-byte reading keeps its letters within one
/// language's alphabet (windows-1251 reads Kazakh `ө қ ң` as Ukrainian `ґ` beside
/// Macedonian `ќ ѕ`).
pub(super) fn reads_as_one_language(enc: &'static Encoding, window: &[u8]) -> bool {
    let non_ascii = if enc.is_single_byte() {
        window.iter().filter(|b| !b.is_ascii()).count()
    } else {
        let text = enc.decode_without_bom_handling(window).0;
        text.chars().filter(|c| !c.is_ascii()).count()
    };
    let plausible =
        plausibility_of(enc, window) * 4 >= i64::try_from(non_ascii).unwrap_or(i64::MAX);
    if !plausible {
        return false;
    }
    let mut counts = [0usize; 128];
    for &b in window {
        if !b.is_ascii() {
            counts[usize::from(b - 0x80)] += 1;
        }
    }
    if LATIN.contains(&enc) {
        return score(enc, window, &counts).is_none_or(|s| s.outside * 20 <= s.letters);
    }
    if CYRILLIC.contains(&enc) {
        return cyrillic_fits(enc, &counts);
    }
    true
}

/// The Cyrillic single-byte encodings.
const CYRILLIC: &[&Encoding] = &[
    encoding_rs::WINDOWS_1251,
    encoding_rs::KOI8_R,
    encoding_rs::KOI8_U,
    encoding_rs::ISO_8859_5,
    encoding_rs::IBM866,
    encoding_rs::X_MAC_CYRILLIC,
];

/// The letters beyond Russian's `а`–`я` and `ё` each language writes with Cyrillic.
const CYRILLIC_EXTRAS: &[&str] = &[
    "",        // Russian, Bulgarian
    "єіїґ",    // Ukrainian
    "іў",      // Belarusian
    "ђјљњћџ",  // Serbian
    "ѓѕјљњќџ", // Macedonian
];

/// Whether the Cyrillic letters `enc` reads the high bytes counted in `counts` as are
/// those of one language.
fn cyrillic_fits(enc: &'static Encoding, counts: &[usize; 128]) -> bool {
    let Some(table) = high_half(enc) else {
        return true;
    };
    let mut extras = Vec::new();
    for (i, &n) in counts.iter().enumerate() {
        let c = table[i];
        let lower = c.to_lowercase().next().unwrap_or(c);
        if n > 0 && ('\u{400}'..='\u{4FF}').contains(&lower) && !matches!(lower, 'а'..='я' | 'ё')
        {
            extras.push(lower);
        }
    }
    CYRILLIC_EXTRAS
        .iter()
        .any(|alphabet| extras.iter().all(|&c| alphabet.contains(c)))
}

/// How much a reading must beat the current one by.
const MARGIN: i64 = 2;

/// The Cyrillic alphabets for [`reading`]: Russian's letters with each language's extras
/// (as [`CYRILLIC_EXTRAS`] lists them).
const CYRILLIC_ALPHABETS: &[&str] = &[
    "абвгдежзийклмнопрстуфхцчшщъыьэюяё",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёєіїґ",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёіў",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёђјљњћџ",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёѓѕјљњќџ",
];

/// A reading of a window in any single-byte table, scored as [`score`] does but with the
/// Cyrillic alphabets beside the Latin ones.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reading {
    /// Plausibility plus alphabet fit, less three points per letter outside it.
    pub total: i64,
    /// The plausibility alone.
    pub plausibility: i64,
}

/// Score `window` read with `table` (the characters of the bytes 0x80–0xFF), whose high
/// bytes occur `counts` times.
pub(super) fn reading(table: &[char], window: &[u8], counts: &[usize; 128]) -> Reading {
    let (letters, fit) = alphabet_fit(table, counts);
    let outside = letters - fit;
    let plausibility = super::rescue::plausibility_with(table, window);
    let total = plausibility + i64::try_from(fit).unwrap_or(i64::MAX)
        - 3 * i64::try_from(outside).unwrap_or(i64::MAX);
    Reading {
        total,
        plausibility,
    }
}

/// The Latin and Cyrillic letters `table` reads the high bytes counted in `counts` as,
/// and how many of them the best-fitting alphabet holds (a cheap test before a full
/// [`reading`]: no pass over the window).
pub(super) fn alphabet_fit(table: &[char], counts: &[usize; 128]) -> (usize, usize) {
    let alphabets = ALPHABETS.iter().chain(CYRILLIC_ALPHABETS);
    let mut per_alphabet = [0usize; ALPHABETS.len() + CYRILLIC_ALPHABETS.len()];
    let mut letters = 0usize;
    for (i, &n) in counts.iter().enumerate() {
        let c = table[i];
        // Letters of other scripts (Greek, Hebrew, Thai, Arabic) are no alphabet's here:
        // neither for a reading nor against it.
        if n == 0
            || !c.is_alphabetic()
            || !matches!(c, '\u{C0}'..='\u{24F}' | '\u{400}'..='\u{4FF}')
        {
            continue;
        }
        letters += n;
        let lower = c.to_lowercase().next().unwrap_or(c);
        for (k, alphabet) in alphabets.clone().enumerate() {
            if alphabet.contains(lower) {
                per_alphabet[k] += n;
            }
        }
    }
    let fit = per_alphabet.iter().copied().max().unwrap_or(0);
    (letters, fit)
}

/// One reading's score.
#[derive(Debug, Clone, Copy)]
struct Score {
    /// Plausibility plus alphabet fit.
    total: i64,
    /// Non-ASCII letters in the reading.
    letters: usize,
    /// Of those, the ones the best-fitting language does not write.
    outside: usize,
}

/// Score `window` read in `enc`, whose high bytes occur `counts` times.
fn score(enc: &'static Encoding, window: &[u8], counts: &[usize; 128]) -> Option<Score> {
    let table = high_half(enc)?;
    let mut per_language = [0usize; ALPHABETS.len()];
    let mut letters = 0usize;
    for (i, &n) in counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let c = table[i];
        if !c.is_alphabetic() {
            continue;
        }
        letters += n;
        let lower = c.to_lowercase().next().unwrap_or(c);
        for (k, alphabet) in ALPHABETS.iter().enumerate() {
            if alphabet.contains(lower) {
                per_language[k] += n;
            }
        }
    }
    let fit = per_language.iter().copied().max().unwrap_or(0);
    let outside = letters - fit;
    let total = plausibility_of(enc, window) + i64::try_from(fit).unwrap_or(i64::MAX)
        - 3 * i64::try_from(outside).unwrap_or(i64::MAX);
    Some(Score {
        total,
        letters,
        outside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(enc: &'static Encoding, text: &str) -> Vec<u8> {
        let (b, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{text:?} in {}", enc.name());
        b.into_owned()
    }

    fn answer(guess: &'static Encoding, bytes: &[u8]) -> &'static str {
        rescue(guess, bytes).unwrap_or(guess).name()
    }

    /// Texts written for these tests, each in encodings that write it, and what chardetng
    /// says of such texts.
    #[test]
    fn each_language_finds_its_encoding() {
        let cases: &[(&str, &[&Encoding], &Encoding)] = &[
            (
                "A szélvédő első része törött, a hűtő és az ülés is új. Öt különböző kérdés merült fel.",
                &[encoding_rs::WINDOWS_1250, encoding_rs::ISO_8859_2],
                encoding_rs::WINDOWS_1252,
            ),
            (
                "Mootor töötab režiimis, mida juhib üks väike süsteem. Õhtul sõitsime Tõnuga koju.",
                &[encoding_rs::WINDOWS_1257, encoding_rs::ISO_8859_13],
                encoding_rs::WINDOWS_1252,
            ),
            (
                "„Școala” își deschide porțile în septembrie, iar părinții și copiii așteaptă.",
                &[encoding_rs::ISO_8859_16],
                encoding_rs::ISO_8859_2,
            ),
            (
                "Każdy uczeń zjadł pączka, a później poszedł z mamą do źródła.",
                &[encoding_rs::ISO_8859_16],
                encoding_rs::ISO_8859_2,
            ),
            (
                "Ĉiu ĵaŭdo ni manĝas kune kaj ŝatas paroli pri la ĝardeno kaj la ĥoro.",
                &[encoding_rs::ISO_8859_3],
                encoding_rs::WINDOWS_1250,
            ),
        ];
        for &(text, encodings, guess) in cases {
            for &enc in encodings {
                let b = bytes(enc, text);
                let got = rescue(guess, &b).unwrap_or(guess);
                let (read, _) = got.decode_without_bom_handling(&b);
                assert_eq!(read, text, "{} read as {}", enc.name(), got.name());
            }
        }
    }

    #[test]
    fn readings_of_one_language_are_sure() {
        let sure =
            |enc: &'static Encoding, text: &str| reads_as_one_language(enc, &bytes(enc, text));
        assert!(sure(
            encoding_rs::WINDOWS_1252,
            "Schöne Grüße aus München, schrieb Jürgen."
        ));
        assert!(sure(
            encoding_rs::WINDOWS_1251,
            "Съешь же ещё этих мягких булок, да выпей чаю."
        ));
        assert!(sure(
            encoding_rs::WINDOWS_1251,
            "Їжак і ґава їли разом, а Євген дивився."
        ));
        assert!(sure(
            encoding_rs::SHIFT_JIS,
            "今日は天気が良かったので、公園へ行きました。"
        ));
        // Kazakh written in a Kazakh code page reads in windows-1251 with Ukrainian `ґ`
        // beside Macedonian `ќ` and `ѕ`.
        assert!(!sure(
            encoding_rs::WINDOWS_1251,
            "Бґл ќазаќ тілі, ал мынау орыс тілі ѕана."
        ));
        // A DOS code page read as windows-1252: symbols inside words.
        let (dos, _, _) = encoding_rs::IBM866.encode("Съешь же ещё этих мягких французских булок.");
        assert!(!reads_as_one_language(encoding_rs::WINDOWS_1252, &dos));
    }

    #[test]
    fn western_and_central_texts_keep_their_guess() {
        let cases: &[(&str, &Encoding)] = &[
            (
                "Le café était déjà très célèbre à Genève ; « Ça coûte cher », répondit-il.",
                encoding_rs::WINDOWS_1252,
            ),
            (
                "Schöne Grüße aus München, schrieb Jürgen über die Brücke.",
                encoding_rs::WINDOWS_1252,
            ),
            (
                "As informações são públicas e as opções estão disponíveis.",
                encoding_rs::WINDOWS_1252,
            ),
            (
                "Příliš žluťoučký kůň úpěl ďábelské ódy, řekl Jiří.",
                encoding_rs::WINDOWS_1250,
            ),
            (
                "Zażółć gęślą jaźń, powiedział Łukasz i poszedł do sklepu.",
                encoding_rs::ISO_8859_2,
            ),
        ];
        for &(text, enc) in cases {
            assert_eq!(answer(enc, &bytes(enc, text)), enc.name(), "{text}");
        }
        // Outside the Latin family nothing changes.
        assert_eq!(
            rescue(
                encoding_rs::WINDOWS_1251,
                &bytes(encoding_rs::WINDOWS_1251, "Привет")
            ),
            None
        );
    }
}
