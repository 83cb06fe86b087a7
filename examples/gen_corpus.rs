//! Generate a synthetic scraped corpus of German news documents, deterministic from a seed.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --seed 1 --docs 1000 --out /tmp/corpus \
//!     [--layout files|jsonl|both] [--mix clean=80,cp1252=4,utf16=4,mojibake=4,crlf=4,nfd=4] \
//!     [--compress none|gz|zst] [--paragraphs 8]
//! ```
//!
//! Every document has the seed specimen's layout: a title line, a blank line, the title
//! repeated transliterated to ASCII (`Unterstuetzung fuer`) and cut at a word boundary
//! around 80 characters, the body (one paragraph per line), `(Mit Agenturbeiträgen)` in
//! most documents, a blank line and a site tag line such as `toi-allgemeines`.
//!
//! The `--mix` weights choose each document's kind (the share of a kind is its weight over
//! the sum of the weights):
//! - `clean`: UTF-8, LF line ends, NFC.
//! - `cp1252`: the same text encoded as windows-1252.
//! - `utf16`: UTF-16 with a byte order mark (little endian, every fourth one big endian).
//! - `mojibake`: UTF-8 read as windows-1252 and saved again as UTF-8 (`UnterstÃ¼tzung`).
//! - `crlf`: CRLF line ends, NBSP for some spaces, zero-width spaces and soft hyphens,
//!   trailing spaces.
//! - `nfd`: umlauts and accents decomposed (NFD).
//! - `entities`: letters beyond ASCII, typographic quotes and `&` as HTML character
//!   references (`&uuml;`, one in three numeric: `&#252;`), `&nbsp;` for some spaces.
//!
//! Three kinds have other shapes than the news document above (the same kinds of damage
//! can be had by mixing them with the others' weights in a run of their own):
//! - `short`: a tweet, one German sentence cut near 140 characters, with a handle, a
//!   hashtag, a link or an emoji now and then.
//! - `web_en`: an English web page as a naive scraper keeps it: `Title | Site`, navigation
//!   lines, the title again, a byline and date, the article (a few words with accents:
//!   `café`, `Zürich`), related links and the footer. Its title is ASCII.
//! - `web_de`: the same in German, over a body that writes umlauts, under an ASCII title
//!   written so (`Bahn stoppt den Streik am Flughafen`) or transliterated (half of them).
//!
//! Layouts: `files` writes `OUT/files/NNNNNNN_<hex>.txt`, one document per file (the raw
//! bytes of its kind); `jsonl` writes `OUT/corpus.jsonl` with `{"id", "url", "text"}` per
//! line. JSON holds text, not bytes, so there a windows-1252 document is stored as a
//! scraper that read it as Latin-1 would have stored it (its curly quotes become C1
//! controls) and a UTF-16 document keeps its byte order mark as U+FEFF. `--compress`
//! gzips or zstd-compresses every file written (`.txt.gz`, `corpus.jsonl.zst`, …).
//!
//! Document `i` depends only on the seed and `i`: a larger corpus starts with the same
//! documents as a smaller one. The kinds are spread evenly through the corpus (a golden
//! ratio sequence), so even a few documents include every kind with a non-zero weight.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The kinds of document, in `--mix` order.
const KINDS: [&str; KIND_COUNT] = [
    "clean", "cp1252", "utf16", "mojibake", "crlf", "nfd", "entities", "short", "web_en", "web_de",
];
const KIND_COUNT: usize = 10;
const DEFAULT_MIX: [u32; KIND_COUNT] = [80, 4, 4, 4, 4, 4, 0, 0, 0, 0];

/// SplitMix64: small, fast, and good enough for picking words.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn for_doc(seed: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

// The vocabulary. Written for this generator; the words are common German news language.
const PEOPLE: &[&str] = &[
    "Bundeskanzler Olaf Schütz",
    "Außenministerin Annalena Böhm",
    "Wirtschaftsminister Jürgen Köhler",
    "Die Bürgermeisterin von Köln",
    "Der französische Präsident",
    "Kim Jong Un",
    "Die Europäische Kommission",
    "Der Vorstandschef von Müller & Söhne",
    "Gesundheitsminister Karl Lüders",
    "Die Fraktion der Grünen",
    "Der Bundesgerichtshof",
    "Die Gewerkschaft Verdi",
];
const VERBS: &[&str] = &[
    "verspricht",
    "fordert",
    "kritisiert",
    "begrüßt",
    "plant",
    "prüft",
    "unterstützt",
    "blockiert",
    "verschärft",
    "verlangt",
];
const OBJECTS: &[&str] = &[
    "Unterstützung für Russlands Militäraktionen",
    "schärfere Maßnahmen gegen Steuerbetrug",
    "höhere Zölle auf chinesische Elektroautos",
    "eine Reform der Schuldenbremse",
    "die Rückkehr zur Wehrpflicht",
    "mehr Geld für Schulen und Kitas",
    "den Ausbau der Windkraft an Land",
    "ein Verbot von Öl- und Gasheizungen",
    "neue Regeln für künstliche Intelligenz",
    "die Öffnung der Grenzübergänge",
    "ein Abkommen über Flüchtlingshilfe",
    "Entlastungen für Familien mit Kindern",
];
const PLACES: &[&str] = &[
    "in der Ukraine bei Putins Besuch in Nordkorea",
    "nach dem Gipfeltreffen in Brüssel",
    "vor der Landtagswahl in Thüringen",
    "auf dem Parteitag in Düsseldorf",
    "während der Haushaltsdebatte im Bundestag",
    "bei einem Besuch in München",
    "nach monatelangen Verhandlungen in Genf",
    "trotz Protesten in Frankfurt am Main",
    "im Streit über die Energiepreise",
    "für die kommenden fünf Jahre",
];
const CITIES: &[&str] = &[
    "Berlin",
    "Köln",
    "München",
    "Zürich",
    "Wien",
    "Düsseldorf",
    "Nürnberg",
    "Lübeck",
    "Pjöngjang",
    "Brüssel",
];
const DAYS: &[&str] = &[
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];
const TOPICS: &[&str] = &[
    "die Lage an der Grenze",
    "der Streit über den Haushalt",
    "die Zusammenarbeit der beiden Länder",
    "die Versorgung mit Strom und Wärme",
    "der Schutz der Verbraucher",
    "die Zukunft der Automobilindustrie",
    "die Sicherheit in Europa",
    "der Mangel an Fachkräften",
];
const ADJECTIVES: &[&str] = &[
    "schwierig",
    "ernst",
    "angespannt",
    "ungewöhnlich",
    "entscheidend",
    "völlig offen",
    "überraschend stabil",
];
const QUOTES: &[&str] = &[
    "Wir werden nicht zulassen, dass die Bürger die Rechnung zahlen",
    "Das ist ein historischer Tag für unser Land",
    "Niemand kann sich über die Folgen wundern",
    "Wir stehen erst am Anfang eines langen Weges",
    "Die Gespräche waren offen und konstruktiv",
    "Es gibt keine einfachen Lösungen für schwierige Fragen",
];
const CONNECTORS: &[&str] = &[
    "Zuvor hatte",
    "Außerdem betonte",
    "Gleichzeitig warnte",
    "Nach Angaben von Beobachtern sagte",
    "Am Rande des Treffens erklärte",
    "Kritiker werfen vor, dass",
];
const NUMBERS: &[&str] = &[
    "1,2 Milliarden Euro",
    "450 Millionen Euro",
    "rund 30.000 Menschen",
    "mehr als 12 Prozent",
    "etwa 5 000 Soldaten",
    "2,5 Prozent des Bruttoinlandsprodukts",
];
const SITES: &[&str] = &["toi", "dw", "spon", "faz", "nzz", "taz", "zeit"];
const SECTIONS: &[&str] = &[
    "allgemeines",
    "politik",
    "wirtschaft",
    "ausland",
    "kultur",
    "sport",
    "wissen",
];

// Web pages: the furniture around an article, and English text for the English pages.
const SITES_EN: &[&str] = &[
    "The Daily Ledger",
    "Northern Courier",
    "Metro Tribune",
    "Harbor Times",
];
const SITES_DE: &[&str] = &["Abendpost", "Landeszeitung", "Stadtanzeiger", "Rundschau"];
const NAV_EN: &[&str] = &[
    "Skip to content",
    "Home",
    "News",
    "World",
    "Business",
    "Opinion",
    "Sign in",
];
const NAV_DE: &[&str] = &[
    "Zum Inhalt springen",
    "Startseite",
    "Politik",
    "Wirtschaft",
    "Kultur",
    "Anmelden",
];
const AUTHORS: &[&str] = &[
    "Jane Porter",
    "Michael Brandt",
    "Sofia Lindqvist",
    "David Okafor",
    "Anna Weber",
];
const MONTHS: &[&str] = &["March", "April", "June", "September", "November"];
const SUBJECTS_EN: &[&str] = &[
    "City council",
    "The governor",
    "Local schools",
    "Health officials",
    "The central bank",
    "Farmers in the valley",
    "A new study",
    "Transit workers",
];
const VERBS_EN: &[&str] = &[
    "approves",
    "rejects",
    "warns about",
    "pushes for",
    "delays",
    "questions",
];
const OBJECTS_EN: &[&str] = &[
    "a budget for road repairs",
    "higher interest rates",
    "the plan for a new stadium",
    "stricter rules on short-term rentals",
    "cuts to library hours",
    "a ban on gas leaf blowers",
    "the merger of two hospitals",
];
const SENTENCES_EN: &[&str] = &[
    "{S} said on Tuesday that the decision would be made before the end of the month.",
    "The proposal, which critics call {A}, would cost about {N} over five years.",
    "Residents who spoke at the meeting were divided over {O}.",
    "\u{201C}We have waited long enough,\u{201D} one speaker told the board.",
    "{S} did not respond to a request for comment by the time of publication.",
    "A spokesperson pointed to a report published last year by the Société Générale.",
    "Supporters gathered outside the café on Main Street before the vote.",
    "The measure follows a similar vote in Zürich and in São Paulo earlier this year.",
    "Analysts say the numbers are {A}, but they expect little change in the short term.",
    "Officials will hold a public hearing on {O} next week.",
    "It is the third time in two years that {S} has taken up the question.",
    "Some called the plan na\u{EF}ve; others said it was long overdue.",
];
const ADJECTIVES_EN: &[&str] = &["unrealistic", "modest", "overdue", "costly", "bold"];
const NUMBERS_EN: &[&str] = &[
    "$12 million",
    "$450,000",
    "2.5 percent of the budget",
    "$3 billion",
];
const SUBJECTS_DE: &[&str] = &[
    "Regierung",
    "Die Opposition",
    "Bahn",
    "Polizei",
    "Stadtrat",
    "Bundesrat",
    "Die Gewerkschaft",
];
const VERBS_DE: &[&str] = &["plant", "fordert", "stoppt", "warnt vor", "streitet um"];
const OBJECTS_DE: &[&str] = &[
    "neue Regeln im Nahverkehr",
    "hohe Kosten beim Wohnen",
    "den Streik am Flughafen",
    "mehr Geld gegen Armut",
    "die Mietpreisbremse",
    "ein Verbot von Einwegplastik",
];
const HASHTAGS: &[&str] = &["#Politik", "#Berlin", "#Wahl2025", "#Bahn", "#Klima"];
const HANDLES: &[&str] = &[
    "@tagesblick",
    "@NachrichtenNord",
    "@buerger_meldung",
    "@dpa_live",
];

/// Sentence templates: `{P}` person, `{C}` city, `{D}` day, `{T}` topic, `{A}` adjective,
/// `{Q}` quote, `{K}` connector, `{N}` number, `{O}` object.
const SENTENCES: &[&str] = &[
    "{P} sagte am {D} in {C}, {T} sei {A}.",
    "Nach Angaben aus Regierungskreisen geht es um {N}, die für {O} bereitstehen sollen.",
    "{K} {P}, man werde „alles Notwendige tun“, um {O} durchzusetzen.",
    "„{Q}“, sagte {P} vor Journalisten in {C}.",
    "Die Opposition hält {T} für {A} und verlangt eine Erklärung im Parlament.",
    "Beobachter in {C} rechnen damit, dass die Entscheidung erst nach Ostern fällt.",
    "Laut einer Umfrage unterstützen {N} der Befragten {O}.",
    "{K} {P}: „{Q}.“",
    "Bereits am {D} waren in {C} {N} für {O} auf die Straße gegangen.",
    "Die Verhandlungen über {O} sollen in der kommenden Woche in {C} fortgesetzt werden.",
    "Wie die Nachrichtenagentur dpa berichtet, ist {T} auch Thema beim Treffen der Außenminister.",
    "Ökonomen schätzen die Kosten auf {N}; die Regierung nennt die Zahl übertrieben.",
];

/// A generated document: its name, its bytes as a file, its text as a JSON string.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Doc {
    id: String,
    kind: &'static str,
    file_bytes: Vec<u8>,
    json_text: String,
}

fn sentence(rng: &mut Rng) -> String {
    let template = rng.pick(SENTENCES);
    let mut out = String::with_capacity(template.len() + 80);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let slot = &rest[open + 1..open + 2];
        let word = match slot {
            "P" => rng.pick(PEOPLE),
            "C" => rng.pick(CITIES),
            "D" => rng.pick(DAYS),
            "T" => rng.pick(TOPICS),
            "A" => rng.pick(ADJECTIVES),
            "Q" => rng.pick(QUOTES),
            "K" => rng.pick(CONNECTORS),
            "N" => rng.pick(NUMBERS),
            _ => rng.pick(OBJECTS),
        };
        // A person at the start of a sentence keeps its capital; inside, an article is lowercase.
        if open > 0 && slot == "P" && (word.starts_with("Die ") || word.starts_with("Der ")) {
            out.push_str(&word[..1].to_lowercase());
            out.push_str(&word[1..]);
        } else {
            out.push_str(word);
        }
        rest = &rest[open + 3..];
    }
    out.push_str(rest);
    out
}

/// The ASCII transliteration a scraper writes for a German heading.
fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            'é' => out.push('e'),
            '„' | '“' => out.push('"'),
            c => out.push(c),
        }
    }
    out
}

/// Cut `text` at the last word boundary at or before `max` bytes (ASCII text).
fn cut_at_word(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    match text[..max].rfind(' ') {
        Some(i) => &text[..i],
        None => &text[..max],
    }
}

/// The clean text of document `i`: seed layout, LF line ends, NFC, no final newline.
fn clean_text(rng: &mut Rng, paragraphs: usize) -> String {
    let title = format!(
        "{} {} {} {}",
        rng.pick(PEOPLE),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(PLACES)
    );
    let heading = transliterate(&title);
    let heading = cut_at_word(&heading, 76 + rng.below(8));
    let mut text = String::with_capacity(paragraphs * 400 + 300);
    text.push_str(&title);
    text.push_str("\n\n");
    text.push_str(heading);
    text.push('\n');
    let count = paragraphs.max(1);
    for _ in 0..count {
        let sentences = 2 + rng.below(3);
        for s in 0..sentences {
            if s > 0 {
                text.push(' ');
            }
            text.push_str(&sentence(rng));
        }
        text.push('\n');
    }
    if !rng.chance(5) {
        text.push_str("(Mit Agenturbeiträgen)\n");
    }
    let _ = write!(text, "\n{}-{}", rng.pick(SITES), rng.pick(SECTIONS));
    text
}

/// An English sentence: `{S}` subject, `{O}` object, `{A}` adjective, `{N}` amount.
fn sentence_en(rng: &mut Rng) -> String {
    let template = rng.pick(SENTENCES_EN);
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let word = match &rest[open + 1..open + 2] {
            "S" => rng.pick(SUBJECTS_EN),
            "A" => rng.pick(ADJECTIVES_EN),
            "N" => rng.pick(NUMBERS_EN),
            _ => rng.pick(OBJECTS_EN),
        };
        out.push_str(word);
        rest = &rest[open + 3..];
    }
    out.push_str(rest);
    out
}

/// A tweet: one sentence, cut near 140 characters, with a handle, a hashtag or a link now
/// and then.
fn short_text(rng: &mut Rng) -> String {
    let mut text = String::with_capacity(200);
    if rng.chance(3) {
        text.push_str(rng.pick(HANDLES));
        text.push(' ');
    }
    let said = sentence(rng);
    let max = 120 + rng.below(20);
    if said.len() <= max {
        text.push_str(&said);
    } else {
        // Cut at a word boundary.
        let mut cut = max;
        while !said.is_char_boundary(cut) {
            cut -= 1;
        }
        let kept = &said[..cut];
        text.push_str(kept.rfind(' ').map_or(kept, |i| &kept[..i]));
    }
    if rng.chance(2) {
        text.push(' ');
        text.push_str(rng.pick(HASHTAGS));
    }
    if rng.chance(4) {
        let _ = write!(text, " https://t.example/{:08x}", rng.next() as u32);
    }
    if rng.chance(5) {
        text.push_str(" \u{1F602}");
    }
    text
}

/// A web page as a naive scraper keeps it: the `Title | Site` line, navigation, the title
/// again, a byline, the article, related links and the footer. `english` picks the
/// language; a German page's title is ASCII, written so (`Bahn stoppt den Streik`) or
/// transliterated (`Unterstuetzung fuer …`), over a body that writes umlauts.
fn web_text(rng: &mut Rng, paragraphs: usize, english: bool) -> String {
    let title = if english {
        format!(
            "{} {} {}",
            rng.pick(SUBJECTS_EN),
            rng.pick(VERBS_EN),
            rng.pick(OBJECTS_EN)
        )
    } else if rng.chance(2) {
        format!(
            "{} {} {}",
            rng.pick(SUBJECTS_DE),
            rng.pick(VERBS_DE),
            rng.pick(OBJECTS_DE)
        )
    } else {
        transliterate(&format!("{} {}", rng.pick(PEOPLE), rng.pick(VERBS)))
            + " "
            + &transliterate(rng.pick(OBJECTS))
    };
    let (site, nav) = if english {
        (rng.pick(SITES_EN), NAV_EN)
    } else {
        (rng.pick(SITES_DE), NAV_DE)
    };
    let mut text = String::with_capacity(paragraphs * 400 + 600);
    let _ = writeln!(text, "{title} | {site}");
    for item in nav {
        let _ = writeln!(text, "{item}");
    }
    let _ = writeln!(text, "{title}");
    let author = rng.pick(AUTHORS);
    if english {
        let _ = writeln!(text, "By {author}");
        let _ = writeln!(text, "{} {}, 2024", rng.pick(MONTHS), 1 + rng.below(28));
    } else {
        let _ = writeln!(text, "Von {author}");
        let _ = writeln!(text, "{}.{}.2024", 1 + rng.below(28), 1 + rng.below(12));
    }
    for _ in 0..paragraphs.max(1) {
        let sentences = 2 + rng.below(3);
        for s in 0..sentences {
            if s > 0 {
                text.push(' ');
            }
            text.push_str(&if english {
                sentence_en(rng)
            } else {
                sentence(rng)
            });
        }
        text.push('\n');
    }
    let (related, share, rights, legal) = if english {
        (
            "Related articles",
            "Share this article",
            "All rights reserved.",
            "Privacy Policy | Terms of Use | Cookie Settings",
        )
    } else {
        (
            "Mehr zum Thema",
            "Artikel teilen",
            "Alle Rechte vorbehalten.",
            "Impressum | Datenschutz | Cookie-Einstellungen",
        )
    };
    let _ = writeln!(text, "{related}");
    for _ in 0..3 {
        if english {
            let _ = writeln!(text, "{} {}", rng.pick(SUBJECTS_EN), rng.pick(VERBS_EN));
        } else {
            let _ = writeln!(text, "{} {}", rng.pick(SUBJECTS_DE), rng.pick(VERBS_DE));
        }
    }
    let _ = writeln!(text, "{share}");
    let _ = write!(text, "\u{A9} 2024 {site}. {rights}\n{legal}");
    text
}

/// HTML character references for every letter beyond ASCII, the typographic quotes and the
/// ampersand, named or (one in three) numeric, and `&nbsp;` for some spaces: text a scraper
/// took from the markup without decoding it.
fn escape_entities(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        let name = match c {
            'ä' => "auml",
            'ö' => "ouml",
            'ü' => "uuml",
            'Ä' => "Auml",
            'Ö' => "Ouml",
            'Ü' => "Uuml",
            'ß' => "szlig",
            'é' => "eacute",
            '„' => "bdquo",
            '“' => "ldquo",
            '&' => "amp",
            ' ' if rng.chance(30) => "nbsp",
            c => {
                out.push(c);
                continue;
            }
        };
        if c != '&' && c != ' ' && rng.chance(3) {
            let _ = write!(out, "&#{};", u32::from(c));
        } else {
            let _ = write!(out, "&{name};");
        }
    }
    out
}

/// CRLF line ends, NBSP for some spaces, a zero-width space, a soft hyphen, trailing spaces.
fn damage_whitespace(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str("\r\n");
        }
        for (w, word) in line.split(' ').enumerate() {
            if w > 0 {
                out.push(if rng.chance(25) { '\u{A0}' } else { ' ' });
            }
            if word.len() > 12 && rng.chance(6) {
                let mid = word.char_indices().nth(6).map_or(0, |(i, _)| i);
                out.push_str(&word[..mid]);
                out.push(if rng.chance(2) { '\u{AD}' } else { '\u{200B}' });
                out.push_str(&word[mid..]);
            } else {
                out.push_str(word);
            }
        }
        if !line.is_empty() && rng.chance(4) {
            out.push_str("  ");
        }
    }
    out
}

/// Decompose the precomposed letters this vocabulary uses (NFD).
fn decompose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 30);
    for c in text.chars() {
        let (base, mark) = match c {
            'ä' => ('a', '\u{308}'),
            'ö' => ('o', '\u{308}'),
            'ü' => ('u', '\u{308}'),
            'Ä' => ('A', '\u{308}'),
            'Ö' => ('O', '\u{308}'),
            'Ü' => ('U', '\u{308}'),
            'é' => ('e', '\u{301}'),
            c => {
                out.push(c);
                continue;
            }
        };
        out.push(base);
        out.push(mark);
    }
    out
}

fn kind_of(index: u64, mix: &[u32; KIND_COUNT]) -> &'static str {
    let total: u32 = mix.iter().sum();
    // Golden ratio sequence: evenly spread, exact shares in the long run.
    let frac = ((index as f64 + 0.5) * 0.618_033_988_749_895).fract();
    let mut at = frac * f64::from(total);
    for (kind, &w) in KINDS.iter().zip(mix) {
        if at < f64::from(w) {
            return kind;
        }
        at -= f64::from(w);
    }
    let last = mix.iter().rposition(|&w| w > 0).unwrap_or(0);
    KINDS[last]
}

fn generate(seed: u64, index: u64, mix: &[u32; KIND_COUNT], paragraphs: usize) -> Doc {
    let mut rng = Rng::for_doc(seed, index);
    let kind = kind_of(index, mix);
    let id = format!("{index:07}_{:016x}", rng.next());
    let text = match kind {
        "short" => short_text(&mut rng),
        "web_en" => web_text(&mut rng, paragraphs, true),
        "web_de" => web_text(&mut rng, paragraphs, false),
        _ => clean_text(&mut rng, paragraphs),
    };
    let (file_bytes, json_text) = match kind {
        "cp1252" => {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
            let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
            (bytes.into_owned(), latin1)
        }
        "utf16" => {
            let big_endian = index % 4 == 3;
            let mut bytes = Vec::with_capacity(text.len() * 2 + 2);
            bytes.extend_from_slice(if big_endian {
                &[0xFE, 0xFF]
            } else {
                &[0xFF, 0xFE]
            });
            for unit in text.encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            (bytes, format!("\u{FEFF}{text}"))
        }
        "mojibake" => {
            let (misread, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
            let misread = misread.into_owned();
            (misread.clone().into_bytes(), misread)
        }
        "crlf" => {
            let damaged = damage_whitespace(&text, &mut rng);
            (damaged.clone().into_bytes(), damaged)
        }
        "nfd" => {
            let decomposed = decompose(&text);
            (decomposed.clone().into_bytes(), decomposed)
        }
        "entities" => {
            let escaped = escape_entities(&text, &mut rng);
            (escaped.clone().into_bytes(), escaped)
        }
        _ => (text.clone().into_bytes(), text),
    };
    Doc {
        id,
        kind,
        file_bytes,
        json_text,
    }
}

fn json_line(doc: &Doc, out: &mut Vec<u8>) {
    let record = serde_json::json!({
        "id": doc.id,
        "url": format!("https://nachrichten.example/{}/{}", doc.kind, doc.id),
        "text": doc.json_text,
    });
    serde_json::to_writer(&mut *out, &record).expect("serializing JSON into memory");
    out.push(b'\n');
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compress {
    None,
    Gz,
    Zst,
}

impl Compress {
    fn suffix(self) -> &'static str {
        match self {
            Compress::None => "",
            Compress::Gz => ".gz",
            Compress::Zst => ".zst",
        }
    }

    fn writer(self, path: &Path) -> std::io::Result<Box<dyn Write>> {
        let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
        Ok(match self {
            Compress::None => Box::new(file),
            Compress::Gz => Box::new(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::fast(),
            )),
            Compress::Zst => Box::new(zstd::Encoder::new(file, 3)?.auto_finish()),
        })
    }
}

struct Args {
    seed: u64,
    docs: u64,
    out: PathBuf,
    files: bool,
    jsonl: bool,
    mix: [u32; KIND_COUNT],
    compress: Compress,
    paragraphs: usize,
}

fn parse_mix(spec: &str) -> Result<[u32; KIND_COUNT], String> {
    let mut mix = [0; KIND_COUNT];
    for part in spec.split(',').filter(|p| !p.is_empty()) {
        let (name, weight) = part
            .split_once('=')
            .ok_or_else(|| format!("--mix: `{part}` is not kind=weight"))?;
        let slot = KINDS
            .iter()
            .position(|k| *k == name)
            .ok_or_else(|| format!("--mix: unknown kind `{name}` (kinds: {})", KINDS.join(", ")))?;
        mix[slot] = weight
            .parse()
            .map_err(|_| format!("--mix: weight `{weight}` is not a whole number"))?;
    }
    if mix.iter().all(|&w| w == 0) {
        return Err("--mix: all weights are zero".into());
    }
    Ok(mix)
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seed: 1,
        docs: 1000,
        out: PathBuf::from("corpus"),
        files: true,
        jsonl: false,
        mix: DEFAULT_MIX,
        compress: Compress::None,
        paragraphs: 8,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => args.seed = value()?.parse().map_err(|_| "--seed: not a number")?,
            "--docs" => args.docs = value()?.parse().map_err(|_| "--docs: not a number")?,
            "--out" => args.out = PathBuf::from(value()?),
            "--paragraphs" => {
                args.paragraphs = value()?.parse().map_err(|_| "--paragraphs: not a number")?;
            }
            "--layout" => {
                (args.files, args.jsonl) = match value()?.as_str() {
                    "files" => (true, false),
                    "jsonl" => (false, true),
                    "both" => (true, true),
                    other => return Err(format!("--layout: `{other}` (files, jsonl, both)")),
                }
            }
            "--mix" => args.mix = parse_mix(&value()?)?,
            "--compress" => {
                args.compress = match value()?.as_str() {
                    "none" => Compress::None,
                    "gz" => Compress::Gz,
                    "zst" => Compress::Zst,
                    other => return Err(format!("--compress: `{other}` (none, gz, zst)")),
                }
            }
            "-h" | "--help" => {
                return Err(
                    "usage: gen_corpus --seed N --docs N --out DIR [--layout files|jsonl|both] \
                     [--mix clean=80,cp1252=4,utf16=4,mojibake=4,crlf=4,nfd=4] \
                     [--compress none|gz|zst] [--paragraphs N]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument `{other}` (see --help)")),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let files_dir = args.out.join("files");
    if args.files {
        std::fs::create_dir_all(&files_dir)?;
    }
    let mut jsonl = if args.jsonl {
        let path = args
            .out
            .join(format!("corpus.jsonl{}", args.compress.suffix()));
        Some(args.compress.writer(&path)?)
    } else {
        None
    };
    let mut counts = [0u64; KIND_COUNT];
    let (mut file_bytes, mut json_bytes) = (0u64, 0u64);
    let mut line = Vec::new();
    for index in 0..args.docs {
        let doc = generate(args.seed, index, &args.mix, args.paragraphs);
        counts[KINDS.iter().position(|k| *k == doc.kind).unwrap_or(0)] += 1;
        if args.files {
            let path = files_dir.join(format!("{}.txt{}", doc.id, args.compress.suffix()));
            let mut w = args.compress.writer(&path)?;
            w.write_all(&doc.file_bytes)?;
            w.flush()?;
            file_bytes += doc.file_bytes.len() as u64;
        }
        if let Some(w) = jsonl.as_mut() {
            line.clear();
            json_line(&doc, &mut line);
            w.write_all(&line)?;
            json_bytes += line.len() as u64;
        }
    }
    if let Some(mut w) = jsonl {
        w.flush()?;
    }
    let kinds: Vec<String> = KINDS
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k}={n}"))
        .collect();
    eprintln!(
        "gen_corpus: {} documents ({}) in {}: {} bytes as files, {} bytes as JSONL (uncompressed)",
        args.docs,
        kinds.join(","),
        args.out.display(),
        file_bytes,
        json_bytes
    );
    Ok(())
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(seed: u64) -> Vec<Doc> {
        let mix = [1; KIND_COUNT];
        (0..30).map(|i| generate(seed, i, &mix, 3)).collect()
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(corpus(7), corpus(7));
        assert_ne!(corpus(7), corpus(8));
        let mut a = Vec::new();
        let mut b = Vec::new();
        corpus(7).iter().for_each(|d| json_line(d, &mut a));
        corpus(7).iter().for_each(|d| json_line(d, &mut b));
        assert_eq!(a, b);
    }

    #[test]
    fn document_index_alone_decides() {
        let a = generate(3, 5, &DEFAULT_MIX, 4);
        let b = generate(3, 5, &DEFAULT_MIX, 4);
        assert_eq!(a, b);
    }

    #[test]
    fn every_kind_is_produced_as_described() {
        let docs = corpus(1);
        for kind in KINDS {
            let doc = docs.iter().find(|d| d.kind == kind).expect(kind);
            let bytes = &doc.file_bytes;
            match kind {
                "clean" => {
                    let text = std::str::from_utf8(bytes).unwrap();
                    assert!(text.is_ascii() || text.contains(['ä', 'ö', 'ü', 'ß']));
                    assert!(!text.contains('\r') && !text.contains('\u{308}'));
                }
                "cp1252" => assert!(std::str::from_utf8(bytes).is_err()),
                "utf16" => {
                    assert!(bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]))
                }
                "mojibake" => assert!(doc.json_text.contains('Ã')),
                "crlf" => assert!(doc.json_text.contains("\r\n")),
                "nfd" => assert!(doc.json_text.contains('\u{308}')),
                "entities" => {
                    assert!(doc.json_text.contains("&#") && doc.json_text.contains("uml;"));
                    assert!(!doc.json_text.contains(['ä', 'ö', 'ü', 'ß', '„']));
                }
                "short" => assert!(doc.json_text.len() < 220 && !doc.json_text.contains('\n')),
                _ => {
                    let (title, rest) = doc.json_text.split_once('\n').unwrap();
                    let (title, _site) = title.split_once(" | ").unwrap();
                    assert!(title.is_ascii() && rest.contains(&format!("\n{title}\n")));
                    assert!(rest.contains('\u{A9}'));
                }
            }
        }
    }

    #[test]
    fn seed_layout() {
        let doc = generate(1, 0, &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 5);
        let lines: Vec<&str> = doc.json_text.split('\n').collect();
        assert!(lines[1].is_empty(), "a blank line after the title");
        let heading = lines[2];
        assert!(heading.is_ascii() && heading.len() <= 84);
        assert!(transliterate(lines[0]).starts_with(heading));
        let tag = lines[lines.len() - 1];
        assert!(lines[lines.len() - 2].is_empty());
        assert!(tag.contains('-') && tag.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
    }

    #[test]
    fn mix_is_parsed_and_spread() {
        assert_eq!(
            parse_mix("clean=1,nfd=3,web_de=2").unwrap(),
            [1, 0, 0, 0, 0, 3, 0, 0, 0, 2]
        );
        assert!(parse_mix("latin9=1").is_err());
        let mix = DEFAULT_MIX;
        let damaged = (0..1000).filter(|&i| kind_of(i, &mix) != "clean").count();
        assert!((190..=210).contains(&damaged), "{damaged}");
    }
}
