//! Invariants over generated text: valid NFC output without stray controls, idempotence,
//! clean text unchanged.

use icu_normalizer::ComposingNormalizerBorrowed;
use proptest::prelude::*;
use scour::config::LinePattern;
use scour::{Config, Document, Origin};

/// Text built from the characters that scraped corpora get wrong.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b",
        "Z",
        " ",
        "  ",
        "\n",
        "\n\n\n",
        "\r\n",
        "\r",
        "\t",
        "\u{a0}",
        "\u{200b}",
        "\u{200d}",
        "\u{ad}",
        "\u{7}",
        "\u{84}",
        "\u{93}",
        "ä",
        "ü",
        "ß",
        "u\u{308}",
        "Ã¼",
        "Ã",
        "â€",
        "œ",
        "€",
        "&amp;",
        "&",
        ";",
        "#",
        "&#252;",
        "„",
        "“",
        "é",
        "toi-allgemeines",
        "Titel",
        ".",
        "-",
        "😀",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Text as scraped corpora damage it: real words, each perhaps read as windows-1252 (one
/// layer of mojibake), decomposed, hyphenated softly or joined by a no-break space, lines
/// ended by CRLF, a few entities.
fn scraped_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Straße",
        "für",
        "Müller",
        "Größe",
        "Unterstützung",
        "naïve",
        "café",
        "Zürich",
        "Öl",
        "Haus",
        "and",
        "the",
        "Krieg",
        "„Zitat“",
        "Preis:",
        "5€",
        "déjà",
        "Ærø",
        "København",
        "señor",
    ]);
    let damaged = (word, 0u8..6).prop_map(|(w, how)| match how {
        0 => {
            let bytes = w.as_bytes();
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
        1 => icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
            .normalize(w)
            .into_owned(),
        2 if w.chars().count() > 3 => {
            let mut chars: Vec<char> = w.chars().collect();
            chars.insert(2, '\u{ad}');
            chars.into_iter().collect()
        }
        _ => w.to_owned(),
    });
    let sep = prop::sample::select(vec![
        " ", " ", " ", "\u{a0}", "\n", "\r\n", "\n\n", "\n\n\n", " &amp; ", "  \n",
    ]);
    prop::collection::vec((damaged, sep), 0..40)
        .prop_map(|v| v.into_iter().map(|(w, s)| w + s).collect())
}

fn reclean(doc: &Document) -> Document {
    let mut again = Document::from_text("", Origin::default(), doc.text.clone());
    again.title = doc.title.clone();
    scour::pipeline::clean_document(&mut again, &Config::default()).unwrap();
    again
}

proptest! {
    #[test]
    fn output_is_nfc_without_stray_controls(s in messy_text()) {
        let doc = scour::clean_str(&s, &Config::default()).unwrap();
        let nfc = ComposingNormalizerBorrowed::new_nfc();
        for part in doc.title.iter().chain([&doc.text]) {
            prop_assert!(nfc.is_normalized(part), "not NFC: {part:?}");
            prop_assert!(!part.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "control in {part:?}");
            prop_assert!(!part.contains("\n\n\n") && !part.contains(" \n"), "unnormalized lines in {part:?}");
        }
    }

    #[test]
    fn cleaning_the_output_again_changes_nothing(s in scraped_text()) {
        let doc = scour::clean_str(&s, &Config::default()).unwrap();
        let again = reclean(&doc);
        prop_assert_eq!(&again.title, &doc.title);
        prop_assert_eq!(&again.text, &doc.text);
        prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
    }

    // Adversarial mixtures: mojibake fragments cut by C1 controls, entities and joiners;
    // tag-shaped and tab-separated first lines.
    #[test]
    fn cleaning_adversarial_mixtures_again_changes_nothing(s in messy_text()) {
        let doc = scour::clean_str(&s, &Config::default()).unwrap();
        let again = reclean(&doc);
        prop_assert_eq!(&again.title, &doc.title);
        prop_assert_eq!(&again.text, &doc.text);
        prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = scour::clean_bytes(&bytes, &Config::default());
    }

    #[test]
    fn clean_paragraphs_are_unchanged(words in prop::collection::vec("[A-Za-zäöüÄÖÜß]{1,12}", 1..40)) {
        let text = format!("Die Überschrift\n\n{}.\n\nZweiter Absatz.", words.join(" "));
        let doc = scour::clean_str(&text, &Config::default()).unwrap();
        prop_assert_eq!(doc.title.as_deref(), Some("Die Überschrift"));
        prop_assert_eq!(doc.text, format!("{}.\n\nZweiter Absatz.", words.join(" ")));
        prop_assert!(doc.changes.is_empty() && doc.removed.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn thread_count_does_not_change_a_byte(texts in prop::collection::vec(messy_text(), 1..150)) {
        let jsonl: String = texts
            .iter()
            .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, &jsonl).unwrap();
        let run = |threads: usize| {
            let inputs = scour::io::expand(std::slice::from_ref(&path), scour::io::InputFormat::Auto);
            let reader = scour::io::ItemReader::new(inputs, Default::default());
            let options = scour::run::RunOptions { threads, chunk_docs: 7, ..Default::default() };
            let mut out = Vec::new();
            scour::run::clean_items(reader, &Config::default(), &options, &mut out, None, &scour::run::Silent).unwrap();
            out
        };
        let one = run(1);
        prop_assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), texts.len());
        prop_assert!(one == run(3), "output differs between 1 and 3 threads");
    }
}

// Idempotence under options: the output of a record, cleaned again with the same options,
// both with its title as a field and as `title\n\ntext`, comes out unchanged.

/// Clean `text` (with a given `title`) under `config`.
fn clean_with(config: &Config, title: Option<&str>, text: &str) -> Document {
    let mut doc = Document::from_text("", Origin::default(), text);
    doc.title = title.map(str::to_owned);
    scour::pipeline::clean_document(&mut doc, config).unwrap();
    doc
}

/// Why cleaning `doc`'s output again under `config` changes it, with its title as a field
/// or (`as_text`) as `title\n\ntext`; `None` when it changes nothing.
fn changed_again(config: &Config, doc: &Document, as_text: bool) -> Option<String> {
    let field = clean_with(config, doc.title.as_deref(), &doc.text);
    if (&field.title, &field.text) != (&doc.title, &doc.text) || !field.changes.is_empty() {
        return Some(format!(
            "with the title as a field: {:?} {:?} -> {:?} {:?} ({:?})",
            doc.title, doc.text, field.title, field.text, field.changes
        ));
    }
    // As one text: only when there is a text below the title (a title above nothing is a
    // line of text) and the title is heading-shaped (a title given apart is kept whatever
    // its shape, but a sentence at the top of a text is a line of text).
    if let Some(title) = doc
        .title
        .as_deref()
        .filter(|t| as_text && !doc.text.is_empty() && scour::structure::heading_shaped(t))
    {
        let joined = clean_with(config, None, &format!("{title}\n\n{}", doc.text));
        if (&joined.title, &joined.text) != (&doc.title, &doc.text) {
            return Some(format!(
                "as title and text: {:?} {:?} -> {:?} {:?}",
                doc.title, doc.text, joined.title, joined.text
            ));
        }
    }
    None
}

fn assert_idempotent(config: &Config, title: Option<&str>, text: &str) -> Document {
    let doc = clean_with(config, title, text);
    if let Some(why) = changed_again(config, &doc, true) {
        panic!("{text:?}: {why}");
    }
    doc
}

#[test]
fn stripped_boilerplate_exposes_no_new_edge_line() {
    let config = Config {
        boilerplate: scour::config::BoilerplateOptions {
            strip: true,
            ..Default::default()
        },
        ..Config::default()
    };
    // Two lines of the last three go; the reading tip above them must go in the same pass.
    let doc = assert_idempotent(
        &config,
        None,
        "Eins.\nZwei.\nDrei.\nVier.\n(dpa)\nFünf.\nLesen Sie auch: Die Wahl\n(Mit Agenturbeiträgen)",
    );
    assert_eq!(doc.text, "Eins.\nZwei.\nDrei.\nVier.\nFünf.");
    // The title leaves the text after the stage: the window below it is the same on the
    // output.
    assert_idempotent(
        &config,
        None,
        "Der Titel\n\nEins.\nZwei.\nLesen Sie auch: Die Wahl\nDrei.\nVier.\nFünf.\nSechs.",
    );
}

#[test]
fn a_tag_below_the_title_is_decided_alike_on_the_output() {
    let config = Config {
        tags: scour::config::TagOptions {
            first_line: true,
            ..Default::default()
        },
        ..Config::default()
    };
    assert_idempotent(&config, None, "Der Titel\n\nfaz-feuilleton\n\nDer Text.");
}

#[test]
fn nfkc_uncovers_no_mojibake_for_the_next_run() {
    let config = Config {
        normalization: scour::config::Normalization::Nfkc,
        ..Config::default()
    };
    // U+FFE0 is `¢` under NFKC: `Ã¢` is the mojibake of `â`.
    let doc = assert_idempotent(&config, None, "Ein Ã\u{FFE0}ge und ein Mann.");
    assert_eq!(doc.text, "Ein âge und ein Mann.");
}

#[test]
fn a_title_field_is_cleaned_in_the_texts_context() {
    // Three tags make the document HTML, whose entities are markup: the title's line
    // holds two of them, and the output's text only one.
    let doc = assert_idempotent(&Config::default(), None, "<p>&amp;n</p>\n\n<p>Text</p>");
    assert_eq!(doc.title.as_deref(), Some("<p>&amp;n</p>"));
}

/// Every `clean` option that changes text, each on or off (the normalization form one of
/// three), and whether the record has a title field.
#[derive(Debug, Clone)]
struct Options {
    normalization: scour::config::Normalization,
    strip_boilerplate: bool,
    boilerplate_lines: bool,
    tag_first_line: bool,
    no_tags: bool,
    tag_pattern: bool,
    no_entities: bool,
    uncurl_quotes: bool,
    fix_width: bool,
    fix_ligatures: bool,
    restore_body: bool,
}

fn options() -> impl Strategy<Value = Options> {
    use scour::config::Normalization;
    let form = prop::sample::select(vec![
        Normalization::Nfc,
        Normalization::Nfkc,
        Normalization::None,
    ]);
    (form, prop::array::uniform10(any::<bool>())).prop_map(|(normalization, b)| Options {
        normalization,
        strip_boilerplate: b[0],
        boilerplate_lines: b[1],
        tag_first_line: b[2],
        no_tags: b[3],
        tag_pattern: b[4],
        no_entities: b[5],
        uncurl_quotes: b[6],
        fix_width: b[7],
        fix_ligatures: b[8],
        restore_body: b[9],
    })
}

impl Options {
    /// The configuration the command line builds from these flags.
    fn config(&self) -> Config {
        let mut config = Config {
            normalization: self.normalization,
            ..Config::default()
        };
        config.boilerplate.strip = self.strip_boilerplate;
        if self.boilerplate_lines {
            // `--boilerplate LINE` and `--boilerplate-regex`.
            config.boilerplate.lines = vec!["Anzeige".into()];
            config.boilerplate.patterns =
                vec![LinePattern::new("--boilerplate-regex", "Foto: .*").unwrap()];
        }
        config.tags.enabled = !self.no_tags;
        config.tags.first_line = self.tag_first_line;
        if self.tag_pattern {
            config.tags.extra_patterns =
                vec![LinePattern::new("--tag-pattern", r"\[[a-z]+\]").unwrap()];
        }
        config.repair.entities = !self.no_entities;
        config.repair.uncurl_quotes = self.uncurl_quotes;
        config.repair.fix_width = self.fix_width;
        config.repair.ligatures = self.fix_ligatures;
        if self.restore_body {
            // `--restore body` needs a vocabulary (`--vocab`).
            config.restore = scour::config::RestoreMode::Body;
            config.vocab = Some(std::sync::Arc::new(scour::vocab::Vocab::from_texts(&[
                "Grüße aus Köln für Zürich, Unterstützung und Größe in der Straße von München.",
                "Die Gebühren für Öl und Äpfel über Düsseldorf.",
            ])));
        }
        config
    }
}

/// A word as scraped text damages it: read as windows-1252, decomposed, softly
/// hyphenated, written as a reference, in compatibility forms, or as it is.
fn damaged(word: &'static str) -> impl Strategy<Value = String> {
    (Just(word), 0u8..10).prop_map(|(w, how)| match how {
        0 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(w.as_bytes())
            .0
            .into_owned(),
        1 => icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
            .normalize(w)
            .into_owned(),
        2 if w.chars().count() > 3 => {
            let mut chars: Vec<char> = w.chars().collect();
            chars.insert(2, '\u{ad}');
            chars.into_iter().collect()
        }
        3 => w
            .chars()
            .map(|c| match c {
                'ü' => "&uuml;".to_owned(),
                'ä' => "&#228;".to_owned(),
                'ö' => "&ouml;".to_owned(),
                '&' => "&amp;".to_owned(),
                c => c.to_string(),
            })
            .collect(),
        // Fullwidth letters, a ligature, a fullwidth cent (`¢` under NFKC).
        4 => w
            .chars()
            .map(|c| match c {
                'A'..='Z' | 'a'..='e' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect::<String>()
            .replace("fi", "ﬁ")
            .replace("Ãœ", "Ã\u{FFE0}"),
        _ => w.to_owned(),
    })
}

fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Straße",
        "für",
        "Müller",
        "Größe",
        "Unterstützung",
        "Gruesse",
        "naïve",
        "café",
        "Zürich",
        "Öl",
        "Haus",
        "the",
        "finden",
        "„Zitat“",
        "“quote”",
        "5€",
        "AT&T",
        "Müller & Söhne",
        "e-mail",
        "faz-feuilleton",
        "Ãœ",
        "<p>",
        "&amp;lt;",
        "Dvořák",
    ]);
    let sep = prop::sample::select(vec![" ", " ", " ", "\u{a0}", "\t", " \u{200b}"]);
    prop::collection::vec(
        (word.prop_flat_map(damaged), sep).prop_map(|(w, s)| w + s),
        1..8,
    )
    .prop_map(|v| v.concat())
}

/// One line of a scraped document: a heading, a sentence, furniture or a tag.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => title(),
        3 => furniture(),
        2 => tag(),
    ]
}

fn tag() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "toi-allgemeines",
        "faz-feuilleton",
        "rp-online-wissen",
        "bernerzeitung_verkehr",
        "e-mail",
        "covid-19",
        "[sport]",
    ])
    .prop_map(str::to_owned)
}

/// A title field: a heading or words. (Not furniture nor a tag: a title given apart is
/// neither, as the same line at the top of a text may be.)
fn title() -> impl Strategy<Value = String> {
    let heading = prop::sample::select(vec![
        "Grüße aus Köln für alle",
        "Gruesse aus Koeln fuer alle",
        "Unterstützung für Zürich",
        "Unterstuetzung fuer Zuerich",
        "Der Titel",
        "Große „Feier“ – heute",
    ])
    .prop_flat_map(damaged);
    prop_oneof![
        2 => heading,
        4 => words().prop_map(|w| w + "."),
        2 => words(),
    ]
}

/// Furniture at a document's edges, in all the ways its words may be damaged.
fn furniture() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "(Mit Agenturbeiträgen)",
        "(dpa)",
        "(dpa/AFP)",
        "Lesen Sie auch: Die Wahl in Köln",
        "Mehr zum Thema: Öl",
        "Read more: the vote",
        "Diese Website verwendet Cookies.",
        "Unser Newsletter: jetzt abonnieren",
        "Mit Material von dpa.",
        "Anzeige",
        "Foto: Müller",
    ])
    .prop_flat_map(damaged)
}

/// The option property: `text` (with `title` given apart) cleaned under `options`, then its
/// output cleaned again, changes nothing.
fn cleaned_again_unchanged(
    options: &Options,
    title: Option<&str>,
    text: &str,
) -> Result<(), TestCaseError> {
    let config = options.config();
    let doc = clean_with(&config, title, text);
    // A title given apart is never taken for a tag; with `--tag-first-line` the same line at
    // the top of a text is.
    let slug = regex::Regex::new(r"^([a-z][a-z0-9]*([-_][a-z][a-z0-9]*)+|\[[a-z]+\])$").unwrap();
    let as_text =
        !(options.tag_first_line && doc.title.as_deref().is_some_and(|t| slug.is_match(t)));
    match changed_again(&config, &doc, as_text) {
        Some(why) => Err(TestCaseError::fail(format!(
            "{options:?}\n{title:?} {text:?}\n{why}"
        ))),
        None => Ok(()),
    }
}

/// A scraped document: lines of every kind, separated by line ends of every kind.
fn document() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec!["\n", "\n", "\n\n", "\n\n", "\r\n", "\n\n\n", " \n"]);
    prop::collection::vec((line(), sep), 0..12)
        .prop_map(|v| v.into_iter().map(|(l, s)| l + s).collect::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn cleaning_the_output_again_changes_nothing_under_any_options(
        options in options(),
        text in document(),
        title in prop::option::of(title()),
    ) {
        cleaned_again_unchanged(&options, title.as_deref(), &text)?;
    }
}

/// The failures the option property found, each kept as a case.
#[test]
fn cases_the_option_property_found() {
    let config = |f: fn(&mut Config)| {
        let mut config = Config::default();
        f(&mut config);
        config
    };
    let strip = config(|c| c.boilerplate.strip = true);
    let first_line = config(|c| c.tags.first_line = true);
    // Stripping the credit below the tag leaves the tag last.
    assert_idempotent(
        &strip,
        None,
        "GrÃ¼ÃŸe aus KÃ¶ln fÃ¼r alle\n\ntoi-allgemeines\n(Mit AgenturbeitrÃ¤gen)\n",
    );
    // A one-line text below a title stands alone, as the record read as text shows it.
    assert_idempotent(
        &Config::default(),
        Some("Grüße aus Köln für alle"),
        "toi-allgemeines",
    );
    // Stripping the credit between two tags leaves them in a row: neither is a tag.
    assert_idempotent(
        &strip,
        Some("GrÃ¼ÃŸe aus KÃ¶ln fÃ¼r alle"),
        "faz-feuilleton\n(Mit Agenturbeiträgen)\n\ntoi-allgemeines\n",
    );
    // A tag below a tag line that the structure stage makes a paragraph of its own (by
    // removing the duplicate heading above it): the two are in a row, neither is taken.
    assert_idempotent(
        &Config::default(),
        None,
        "Der Titel\nDer Titel\nfaz-feuilleton\n\ntoi-allgemeines",
    );
    // Without composition, `u\u{308}` stays two characters: the repair sees the line so.
    let none = config(|c| c.normalization = scour::config::Normalization::None);
    assert_idempotent(
        &none,
        None,
        "â€\u{200b}\u{84}â€\u{a0}a\u{84}u\u{308}\u{84}äÃ\u{93}a",
    );
    // The same, where the duplicate heading stood between them.
    assert_idempotent(
        &Config::default(),
        None,
        "Foto: MÃ¼ller\nFoto: MÃ¼ller\nbernerzeitung_verkehr\n",
    );
    // A reference that stays (decoding would make `&lt;`) keeps the others on its line
    // only: the line is the title on the next run.
    assert_idempotent(
        &Config::default(),
        None,
        "&amp;lt;\u{a0}.\n\n\nMüller the Haus \u{200b}Zürich Gruesse AT&amp;T\tGr&ouml;ße \n\n",
    );
    // A heading shaped like a tag, with its duplicate, is not a title where tags stand on
    // the first line: as a title it would be taken for the tag of the text it heads.
    assert_idempotent(
        &first_line,
        None,
        "bernerzeitung_verkehr\nbernerzeitung_verkehr\nGrÃ¼ÃŸe aus KÃ¶ln fÃ¼r alle\n",
    );
    // Stripping the credit below the removed duplicate headings leaves more copies of the
    // title at the top: they are duplicate headings too, in the same run.
    let heading = "Grüße aus Köln für alle\n";
    let text = format!(
        "{}(Mit Agenturbeiträgen)\n{}",
        heading.repeat(3),
        heading.repeat(3)
    );
    let doc = assert_idempotent(&strip, None, &text);
    assert_eq!(doc.title.as_deref(), Some("Grüße aus Köln für alle"));
    assert_eq!(doc.text, "Grüße aus Köln für alle");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    // Adversarial mixtures under any options, with or without a title field.
    #[test]
    fn cleaning_adversarial_mixtures_again_changes_nothing_under_any_options(
        options in options(),
        text in messy_text(),
        title in prop::option::of(messy_text()),
    ) {
        cleaned_again_unchanged(&options, title.as_deref(), &text)?;
    }
}
