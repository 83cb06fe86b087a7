//! Mojibake inside an otherwise correct line: the usual shape of real damage (an edited
//! post, a comment under an article, a CMS migration that re-encoded one field).
//!
//! The set is generated here from sentences written for this test in many Latin-script
//! languages. Each line holds a correct sentence next to a damaged one: the damaged
//! sentence's UTF-8 bytes read in windows-1252, Latin-1, windows-1250, ISO-8859-2 or
//! mac-roman, once, or twice in windows-1252. The repair must restore at least
//! [`TARGET_PERCENT`] of those lines exactly, and leave every line that holds only correct
//! sentences as it is.

use scour::config::RepairOptions;
use scour::repair::repair;

/// The share of damaged lines that must come out exactly as written.
const TARGET_PERCENT: usize = 95;

/// Correct sentences, each with letters outside ASCII, and typography that damage
/// detection must not take for mojibake.
const SENTENCES: &[&str] = &[
    // German
    "Die Unterstützung für die Schüler wächst – sagte die Bürgermeisterin.",
    "„Das ist schön“, meinte er, „aber viel zu groß für unsere Küche.“",
    "Über 300 Gäste kamen zur Eröffnung der Straße in Göttingen.",
    // French
    "L’élève a réussi l’examen grâce à son frère aîné.",
    "« Où est la gare ? » demanda-t-elle près du château.",
    "Le café était déjà fermé à cause de la grève.",
    // Spanish
    "El niño comió una manzana en la cafetería del pueblo.",
    "¿Dónde está la estación? ¡Qué lástima que llegó tarde!",
    // Portuguese
    "A população da região não sabia da situação até a manhã seguinte.",
    "Ele disse que a lição foi difícil, mas útil para todos.",
    // Italian
    "La città è più bella d’estate, perché c’è il mare vicino.",
    "Perché non hai portato il caffè? Però va bene così.",
    // Polish
    "Zażółć gęślą jaźń – to zdanie ma wszystkie polskie litery.",
    "Wczoraj w Łodzi było słońce, a dziś pada deszcz.",
    // Czech
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Včera jsme byli v Brně na výstavě obrazů.",
    // Slovak
    "Ďalší deň sme išli do Košíc vlakom.",
    // Hungarian
    "Az árvíztűrő tükörfúrógép egy híres magyar mondat.",
    "A könyvtár hétfőn zárva tart, de kedden nyitva lesz.",
    // Romanian
    "În București, școala începe în septembrie, după vacanță.",
    // Croatian
    "Čovjek je šetao gradom i gledao kuće uz rijeku Savu.",
    // Turkish
    "Öğrenciler bugün İstanbul’daki müzeyi ziyaret ettiler.",
    "Çocuklar bahçede oynarken yağmur başladı.",
    // Swedish
    "Vi åkte till Göteborg och åt räkmacka på färjan.",
    // Norwegian
    "Det var kaldt på fjellet, så vi gikk tidlig hjem til hytta på Røros.",
    // Danish
    "Børnene spiste rødgrød med fløde på en søndag i maj.",
    // Icelandic
    "Þórður fór í sund í Reykjavík á þriðjudaginn.",
    // Finnish
    "Hyvää päivää! Mitä kuuluu tänään Jyväskylässä?",
    // Dutch
    "Hij zei: „Het café is één keer per week geopend.“",
    // Catalan
    "La plaça del mercat és plena de gent cada dissabte.",
    // Estonian
    "Täna on ilus ilm ja õues mängivad lapsed.",
    // Latvian
    "Šodien Rīgā līst lietus, bet rīt būs saulaini.",
    // Lithuanian
    "Vilniuje šiandien šilta, o vakare žadama lietaus.",
    // Welsh and Irish
    "Mae’r tŷ ar ben y bryn, ac mae’n hyfryd yno.",
    "Tá an aimsir go hálainn inniu i nGaillimh.",
];

/// How a sentence is damaged: its UTF-8 bytes read as a single-byte encoding.
fn damage(sentence: &str, how: &str) -> String {
    let read = |s: &str, enc: &'static encoding_rs::Encoding| {
        enc.decode_without_bom_handling(s.as_bytes()).0.into_owned()
    };
    match how {
        "windows-1252" => read(sentence, encoding_rs::WINDOWS_1252),
        "latin-1" => sentence.bytes().map(char::from).collect(),
        "windows-1250" => read(sentence, encoding_rs::WINDOWS_1250),
        "iso-8859-2" => read(sentence, encoding_rs::ISO_8859_2),
        "mac-roman" => read(sentence, encoding_rs::MACINTOSH),
        "windows-1252 twice" => read(
            &read(sentence, encoding_rs::WINDOWS_1252),
            encoding_rs::WINDOWS_1252,
        ),
        _ => unreachable!("a damage this test names"),
    }
}

const DAMAGES: &[&str] = &[
    "windows-1252",
    "latin-1",
    "windows-1250",
    "iso-8859-2",
    "mac-roman",
    "windows-1252 twice",
];

/// The lines of the set: a correct sentence, then a damaged one (or the other way round
/// every other time), with the damage they carry.
fn damaged_lines() -> Vec<(String, String, &'static str)> {
    let mut lines = Vec::new();
    for (i, sentence) in SENTENCES.iter().enumerate() {
        let correct = SENTENCES[(i * 7 + 3) % SENTENCES.len()];
        for (k, how) in DAMAGES.iter().enumerate() {
            let damaged = damage(sentence, how);
            let (input, expected) = if (i + k) % 2 == 0 {
                (
                    format!("{correct} {damaged}"),
                    format!("{correct} {sentence}"),
                )
            } else {
                (
                    format!("{damaged} {correct}"),
                    format!("{sentence} {correct}"),
                )
            };
            lines.push((input, expected, *how));
        }
    }
    lines
}

fn fix(text: &str) -> String {
    repair(text, &RepairOptions::default(), &mut Vec::new()).into_owned()
}

#[test]
fn mojibake_inside_correct_lines_is_restored() {
    let lines = damaged_lines();
    let mut missed = Vec::new();
    for (input, expected, how) in &lines {
        let out = fix(input);
        if &out != expected {
            missed.push(format!("{how}: {input:?}\n   gave {out:?}"));
        }
    }
    let restored = lines.len() - missed.len();
    println!(
        "mojibake inside correct lines: {restored} of {} restored exactly",
        lines.len()
    );
    for m in &missed {
        println!("  {m}");
    }
    assert!(
        restored * 100 >= lines.len() * TARGET_PERCENT,
        "{restored} of {} restored exactly:\n{}",
        lines.len(),
        missed.join("\n")
    );
}

#[test]
fn the_correct_sentences_are_left_alone() {
    for (i, sentence) in SENTENCES.iter().enumerate() {
        let other = SENTENCES[(i * 7 + 3) % SENTENCES.len()];
        let line = format!("{sentence} {other}");
        assert_eq!(fix(&line), line);
    }
}

/// Central European sentences whose bytes in ISO-8859-2 were decoded as Latin-1, and
/// Polish ones in windows-1250 decoded as windows-1252: read again (where the Latin-1
/// reading glues at least three signs to letters, one inside a word). Czech, Slovak and
/// Croatian in windows-1250 read as windows-1252 come out as letters (`Pøíliš`), not
/// symbol soup, and are not detected.
#[test]
fn latin2_paragraphs_read_as_latin1_are_read_again() {
    const PARAGRAPHS: &[&str] = &[
        "W dziesiątej klasie jesteśmy razem, a każdy z nas wie, którą drogą pójść.",
        "Zażółć gęślą jaźń, to zdanie ma wszystkie polskie litery, więc jest ważne.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy, šeptá Šárka v Třeboni.",
        "Ďalší deň sme išli do Košíc vlakom a ešte sme sa zastavili v Žiline.",
        "Čovjek je išao gradom, gledao kuće i čekao da se vrati žena iz škole. Tišina je bila duga, a kiša je padala cijeli dan.",
    ];
    let read = |bytes: &[u8], enc: &'static encoding_rs::Encoding| {
        enc.decode_without_bom_handling(bytes).0.into_owned()
    };
    let mut missed = Vec::new();
    let mut total = 0;
    for paragraph in PARAGRAPHS {
        let polish = paragraph.contains(['ą', 'ę', 'ł', 'ż']);
        for (written, as_read) in [
            (encoding_rs::ISO_8859_2, "latin-1"),
            (encoding_rs::WINDOWS_1250, "windows-1252"),
        ] {
            if as_read == "windows-1252" && !polish {
                continue;
            }
            let (bytes, _, _) = written.encode(paragraph);
            let damaged = match as_read {
                "latin-1" => bytes.iter().map(|&b| char::from(b)).collect(),
                _ => read(&bytes, encoding_rs::WINDOWS_1252),
            };
            total += 1;
            if fix(&damaged) != *paragraph {
                missed.push(format!(
                    "{}: {damaged:?} gave {:?}",
                    written.name(),
                    fix(&damaged)
                ));
            }
        }
    }
    println!(
        "latin-2 read as latin-1: {} of {total} restored",
        total - missed.len()
    );
    assert!(missed.is_empty(), "{}", missed.join("\n"));
    // Correct Latin-1 with signs among words stays as it is.
    for text in [
        "Preis: 25 € ± 5 €, Fläche 25 m² und 3 m³, dazu ½ kg Mehl.",
        "Siehe § 3 ¶ 2 der Satzung; Temperatur ±2 °C, Anteil ¼.",
        "Le prix est de 3¼ pouces ± 1, «c’est ça», ¿qué? ¡Olé!",
    ] {
        assert_eq!(fix(text), text);
    }
}

/// Baltic paragraphs in windows-1257 decoded as Latin-1: `š`, `ž` show as `ð`, `þ`.
#[test]
fn baltic_paragraphs_read_as_latin1_are_read_again() {
    for paragraph in [
        "Vilniuje šiandien šilta, o vakare žadama lietaus ir žaibų, sakė žinovai.",
        "Šodien Rīgā līst lietus, bet rīt būs saulaini, un žurnālisti ir šeit.",
    ] {
        let (bytes, _, _) = encoding_rs::WINDOWS_1257.encode(paragraph);
        let damaged: String = bytes.iter().map(|&b| char::from(b)).collect();
        assert_eq!(fix(&damaged), paragraph, "{damaged:?}");
    }
    // Icelandic, with `ð` inside words and `þ` starting them, stays.
    let icelandic = "Þórður fór í sund í Reykjavík á þriðjudaginn, það var gott veður.";
    assert_eq!(fix(icelandic), icelandic);
}
