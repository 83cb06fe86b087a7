//! The labelled encoding evaluation set, generated in memory, and its scoring.
//!
//! Source texts: `tests/data/encodings/text/<lang>.txt`, GLib message translations
//! (LGPL-2.1-or-later, extracted by `scripts/encoding-corpus.py`), plus a few sentences
//! written for the rescue rules. Each text is encoded into its language's legacy encodings
//! (lines the encoding cannot represent are left out) and into UTF-8/16/32 with and without
//! a BOM, as a whole file and as a 256-byte prefix; binary files (PNG, gzip, ELF, raw data)
//! and UTF-8 files with stray windows-1252 bytes complete the set. A guess is correct when
//! it decodes the bytes to the same text as the truth.
#![allow(dead_code)] // the test and the report example use different parts

use encoding_rs::Encoding;
use scour::config::{DecodeOptions, DosCodePage, EncodingMode};
use std::collections::BTreeMap;
use std::path::Path;

/// What the bytes really are.
#[derive(Debug, Clone)]
pub enum Truth {
    /// Text, and the name of the encoding it was written in.
    Text(String, &'static str),
    /// Not text.
    Binary,
}

/// One labelled file.
#[derive(Debug, Clone)]
pub struct Case {
    /// The report group.
    pub group: &'static str,
    /// `lang/encoding/variant`, for failure lists.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The right answer.
    pub truth: Truth,
    /// An `--encoding-hint`, if the case is run with one.
    pub hint: Option<String>,
}

/// Legacy encodings per language.
const LEGACY: &[(&str, &[&str])] = &[
    ("de", &["windows-1252", "macintosh"]),
    ("fr", &["windows-1252", "ISO-8859-15", "macintosh"]),
    ("es", &["windows-1252", "macintosh"]),
    ("it", &["windows-1252", "macintosh"]),
    ("pt", &["windows-1252", "macintosh"]),
    ("nl", &["windows-1252"]),
    ("ca", &["windows-1252"]),
    ("da", &["windows-1252"]),
    ("sv", &["windows-1252", "macintosh"]),
    ("nb", &["windows-1252"]),
    ("fi", &["windows-1252", "ISO-8859-15"]),
    ("is", &["windows-1252"]),
    ("ga", &["windows-1252"]),
    ("eu", &["windows-1252"]),
    ("gl", &["windows-1252"]),
    ("pl", &["windows-1250", "ISO-8859-2"]),
    ("cs", &["windows-1250", "ISO-8859-2"]),
    ("hu", &["windows-1250", "ISO-8859-2"]),
    ("sk", &["windows-1250", "ISO-8859-2"]),
    ("sl", &["windows-1250", "ISO-8859-2"]),
    ("hr", &["windows-1250", "ISO-8859-2"]),
    ("ro", &["windows-1250"]),
    ("sr", &["windows-1251", "ISO-8859-5"]),
    ("mk", &["windows-1251"]),
    ("ru", &["windows-1251", "KOI8-R", "IBM866", "ISO-8859-5"]),
    ("uk", &["windows-1251", "KOI8-U"]),
    ("bg", &["windows-1251", "ISO-8859-5"]),
    ("be", &["windows-1251"]),
    ("el", &["windows-1253", "ISO-8859-7"]),
    ("tr", &["windows-1254"]),
    ("he", &["windows-1255", "ISO-8859-8"]),
    ("ar", &["windows-1256", "ISO-8859-6"]),
    ("fa", &["windows-1256"]),
    ("lt", &["windows-1257", "ISO-8859-13"]),
    ("lv", &["windows-1257", "ISO-8859-13"]),
    ("et", &["windows-1257", "ISO-8859-13", "ISO-8859-15"]),
    ("vi", &["windows-1258"]),
    ("th", &["windows-874"]),
    ("ja", &["Shift_JIS", "EUC-JP", "ISO-2022-JP"]),
    ("ko", &["EUC-KR"]),
    ("zh_CN", &["GBK", "gb18030"]),
    ("zh_TW", &["Big5"]),
];

/// Languages only written in Unicode here.
const UNICODE_ONLY: &[&str] = &["kk", "hy", "ka", "hi"];

/// Encodings chardetng can answer (ISO-8859-1 and -9 are windows-1252 and -1254 in
/// encoding_rs; KOI8-R text is read alike by KOI8-U; gb18030 text by GBK).
const REPERTOIRE: &[&str] = &[
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "windows-874",
    "ISO-8859-2",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "KOI8-R",
    "KOI8-U",
    "IBM866",
    "Shift_JIS",
    "EUC-JP",
    "ISO-2022-JP",
    "EUC-KR",
    "GBK",
    "gb18030",
    "Big5",
];

/// Sentences written for the rescue rules (by the scour authors; same licence as scour).
const RESCUE_TEXTS: &[(&str, &str, &str)] = &[
    (
        "fr",
        "ISO-8859-15",
        "Le menu du jour coûte 12,50 € et le dessert 4 €.\nMon cœur balance entre la crème brûlée et l'œuf à la neige.\nTotal : 16,50 € par personne, service compris.\n",
    ),
    (
        "fi",
        "ISO-8859-15",
        "Lippu maksaa 15 € ja ohjelma 3,50 €.\nŠakki ja žargon ovat lainasanoja.\nYhteensä 18,50 € henkilöltä.\n",
    ),
    (
        "et",
        "ISO-8859-15",
        "Pilet maksab 12 € ja kohv 2,50 €.\nŠokolaad ja žürii on võõrsõnad.\nKokku 14,50 € inimese kohta.\n",
    ),
    (
        "fr",
        "macintosh",
        "Le café était déjà très célèbre à Genève.\rÇa coûte cher, garçon, répondit-il.\rL'été dernier, nous étions à la mer.\r",
    ),
    (
        "ru",
        "x-mac-cyrillic",
        "Вчера Мария и Пётр ездили в Ярославль. Там они купили яблоки и мёд.\nЯнварь выдался холодным, но Сергей Иванович всё равно гулял по набережной.\nВ субботу Юлия Андреевна пригласила всех на ужин.\n",
    ),
    (
        "hu",
        "windows-1250",
        "A szélvédő első része törött, a hűtő és az ülés is új.\nÖt különböző kérdés merült fel a főnöknél.\nA műhely hétfőn nyit, előtte hívja fel őket.\n",
    ),
    (
        "hu",
        "ISO-8859-2",
        "Tegnap a bőröndöm elveszett a reptéren, de ma előkerült.\nA fűtés őszre elkészül, ígérte a szerelő.\n",
    ),
    (
        "et",
        "windows-1257",
        "Mootor töötab režiimis, mida juhib üks väike süsteem.\nÕhtul sõitsime Tõnuga koju ja žürii ootas meid.\n",
    ),
    (
        "ro",
        "ISO-8859-16",
        "„Școala” își deschide porțile în septembrie, iar părinții așteaptă.\nȚăranii au adus fructe și legume la piață.\n",
    ),
    (
        "pl",
        "ISO-8859-16",
        "Każdy uczeń zjadł pączka, a później poszedł z mamą do źródła.\nŻółw śpi w cieniu, gdy słońce grzeje.\n",
    ),
    (
        "eo",
        "ISO-8859-3",
        "Ĉiu ĵaŭdo ni manĝas kune kaj ŝatas paroli pri la ĝardeno.\nLa ĥoro kantis ĉe la ŝipo, kaj ĉiuj aŭskultis.\n",
    ),
    (
        "en",
        "windows-1252",
        "Then she wrote, “Meet me at noon.”\nWe said “yes” – twice.\nBread, cheese, bread — eaten daily.\n",
    ),
    (
        "de",
        "macintosh",
        "Schöne Grüße aus München, schrieb Jürgen.\rDie Brücke über die Isar wird nächste Woche geöffnet.\r",
    ),
];

/// DOS text files of our own: sentences in a box frame, as DOS programs drew them, and
/// plain text, in the code page their language used.
const DOS_TEXTS: &[(&str, DosCodePage, &str)] = &[
    (
        "de",
        DosCodePage::Cp437,
        "╔══════════════════════════════════════╗\r\n║ Bitte die Diskette nicht entfernen.  ║\r\n║ Änderungen werden gespeichert: Größe ║\r\n║ und Inhalt der Datei bleiben gleich. ║\r\n╚══════════════════════════════════════╝\r\n",
    ),
    (
        "de",
        DosCodePage::Cp850,
        "Über die Brücke fährt täglich ein Zug nach Köln.\r\nDie Fahrgäste müssen früh aufstehen, weil der Weg weit ist.\r\n",
    ),
    (
        "pl",
        DosCodePage::Cp852,
        "┌────────────────────────────────────────┐\r\n│ Wczoraj wieczorem zjedliśmy pyszną zupę │\r\n│ z grzybów, a potem długo rozmawialiśmy. │\r\n└────────────────────────────────────────┘\r\n",
    ),
    (
        "cs",
        DosCodePage::Cp852,
        "Příští týden pojedeme vlakem do hor, kde budeme chodit po lesích.\r\nŽádný účet nezaplatíme předem.\r\n",
    ),
    (
        "ru",
        DosCodePage::Cp855,
        "Завтра утром мы поедем на дачу и будем собирать яблоки в саду.\r\nВечером бабушка испечёт пирог.\r\n",
    ),
    (
        "da",
        DosCodePage::Cp865,
        "╔═════════════════════════════════╗\r\n║ Søndag går vi en tur på øen, og ║\r\n║ bagefter spiser vi æblekage.    ║\r\n╚═════════════════════════════════╝\r\n",
    ),
];

/// `text` in `page` (every character is in it).
fn dos_encode(page: DosCodePage, text: &str) -> Vec<u8> {
    let table = page.table();
    text.chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b,
            _ => {
                let i = table.iter().position(|&t| t == c).expect("in the page");
                0x80 + u8::try_from(i).expect("128 entries")
            }
        })
        .collect()
}

/// Every case of the set.
pub fn cases(text_dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(text_dir).expect("the evaluation texts exist") {
        let path = entry.expect("a readable folder").path();
        let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        // Documents of about 1,000 characters.
        let mut doc = String::new();
        let mut part = 0;
        for line in text.lines() {
            doc.push_str(line);
            doc.push('\n');
            if doc.chars().count() >= 900 {
                part += 1;
                texts.insert(format!("{lang}/{part}"), std::mem::take(&mut doc));
            }
        }
        if doc.chars().count() >= 300 || part == 0 {
            texts.insert(format!("{lang}/{}", part + 1), doc);
        }
    }
    for (doc, text) in &texts {
        let lang = language(doc);
        let Some(&(_, encodings)) = LEGACY.iter().find(|(l, _)| *l == lang) else {
            continue;
        };
        for &label in encodings {
            let enc = Encoding::for_label(label.as_bytes()).expect("a known label");
            let Some(truth) = representable(text, enc) else {
                continue;
            };
            let baltic = matches!(lang, "lt" | "lv" | "et") && label != "ISO-8859-15";
            let group = if REPERTOIRE.contains(&label) {
                "legacy"
            } else if label == "ISO-8859-15" || label == "macintosh" {
                "rescue"
            } else {
                "other"
            };
            legacy_cases(&mut cases, group, doc, label, enc, &truth, None);
            if baltic {
                let hint = Some(format!("lang:{lang}"));
                legacy_cases(&mut cases, "hinted", doc, label, enc, &truth, hint);
            }
        }
    }
    for &(lang, label, text) in RESCUE_TEXTS {
        let enc = Encoding::for_label(label.as_bytes()).expect("a known label");
        legacy_cases(&mut cases, "rescue", lang, label, enc, text, None);
    }
    for &(lang, page, text) in DOS_TEXTS {
        cases.push(Case {
            group: "dos",
            name: format!("{lang}/{}", page.name()),
            bytes: dos_encode(page, text),
            truth: Truth::Text(text.to_owned(), page.name()),
            hint: None,
        });
    }
    for (doc, text) in &texts {
        let lang = language(doc);
        if LEGACY.iter().any(|(l, _)| *l == lang) || UNICODE_ONLY.contains(&lang) {
            unicode_cases(&mut cases, doc, text);
        }
    }
    for (lang, text) in &texts {
        if let Some(bytes) = with_stray_cp1252(text) {
            cases.push(Case {
                group: "mixed",
                name: format!("{lang}/utf8+cp1252"),
                bytes,
                truth: Truth::Text(text.clone(), "UTF-8"),
                hint: None,
            });
        }
    }
    binary_cases(&mut cases);
    cases
}

/// The language of a document key `lang/part`.
fn language(doc: &str) -> &str {
    doc.split('/').next().unwrap_or(doc)
}

/// The lines of `text` that `enc` can represent, if enough of them carry non-ASCII.
fn representable(text: &str, enc: &'static Encoding) -> Option<String> {
    let kept: Vec<&str> = text.lines().filter(|l| !enc.encode(l).2).collect();
    let non_ascii = kept
        .iter()
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_ascii())
        .count();
    (kept.len() >= 3 && non_ascii >= 10).then(|| kept.join("\n") + "\n")
}

fn legacy_cases(
    cases: &mut Vec<Case>,
    group: &'static str,
    lang: &str,
    label: &'static str,
    enc: &'static Encoding,
    truth: &str,
    hint: Option<String>,
) {
    let (bytes, _, _) = enc.encode(truth);
    cases.push(Case {
        group,
        name: format!("{lang}/{label}"),
        bytes: bytes.into_owned(),
        truth: Truth::Text(truth.to_owned(), label),
        hint: hint.clone(),
    });
    let prefix = prefix_within(truth, 256, |s| enc.encode(s).0.into_owned());
    if !prefix.is_ascii() {
        let (bytes, _, _) = enc.encode(prefix);
        cases.push(Case {
            group: if group == "legacy" {
                "legacy-256"
            } else {
                group
            },
            name: format!("{lang}/{label}/256"),
            bytes: bytes.into_owned(),
            truth: Truth::Text(prefix.to_owned(), label),
            hint,
        });
    }
}

/// The longest prefix of `text`, on a character boundary, whose encoding fits in `limit`.
fn prefix_within(text: &str, limit: usize, encode: impl Fn(&str) -> Vec<u8>) -> &str {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let (mut lo, mut hi) = (0, bounds.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if encode(&text[..bounds[mid]]).len() <= limit {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    &text[..bounds[lo]]
}

fn utf16(s: &str, be: bool) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
        .collect()
}

fn utf32(s: &str, be: bool) -> Vec<u8> {
    s.chars()
        .flat_map(|c| {
            if be {
                u32::from(c).to_be_bytes()
            } else {
                u32::from(c).to_le_bytes()
            }
        })
        .collect()
}

fn unicode_cases(cases: &mut Vec<Case>, lang: &str, text: &str) {
    type Enc = fn(&str) -> Vec<u8>;
    let variants: &[(&str, &str, &[u8], Enc)] = &[
        ("utf8", "UTF-8", b"", |s| s.as_bytes().to_vec()),
        ("bom", "UTF-8", b"\xEF\xBB\xBF", |s| s.as_bytes().to_vec()),
        ("bom", "UTF-16LE", b"\xFF\xFE", |s| utf16(s, false)),
        ("bom", "UTF-16BE", b"\xFE\xFF", |s| utf16(s, true)),
        ("bom", "UTF-32LE", b"\xFF\xFE\0\0", |s| utf32(s, false)),
        ("bom", "UTF-32BE", b"\0\0\xFE\xFF", |s| utf32(s, true)),
        ("utf16-32", "UTF-16LE", b"", |s| utf16(s, false)),
        ("utf16-32", "UTF-16BE", b"", |s| utf16(s, true)),
        ("utf16-32", "UTF-32LE", b"", |s| utf32(s, false)),
        ("utf16-32", "UTF-32BE", b"", |s| utf32(s, true)),
    ];
    for &(group, label, bom, encode) in variants {
        for (suffix, truth) in [
            ("", text),
            ("/256", prefix_within(text, 256 - bom.len(), encode)),
        ] {
            cases.push(Case {
                group: if suffix.is_empty() || group != "utf8" {
                    group
                } else {
                    "utf8-256"
                },
                name: format!(
                    "{lang}/{label}{}{suffix}",
                    if bom.is_empty() { "" } else { "+BOM" }
                ),
                bytes: [bom, &encode(truth)].concat(),
                truth: Truth::Text(truth.to_owned(), label),
                hint: None,
            });
        }
    }
}

/// UTF-8 `text` with its 1st and 4th non-ASCII windows-1252 characters written in
/// windows-1252, when it has enough of them.
fn with_stray_cp1252(text: &str) -> Option<Vec<u8>> {
    let candidates: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| !c.is_ascii() && !encoding_rs::WINDOWS_1252.encode(&c.to_string()).2)
        .collect();
    if candidates.len() < 8 {
        return None;
    }
    let chosen = [candidates[0], candidates[3]];
    let mut bytes = Vec::new();
    let mut last = 0;
    for (i, c) in chosen {
        bytes.extend_from_slice(&text.as_bytes()[last..i]);
        bytes.extend_from_slice(&encoding_rs::WINDOWS_1252.encode(&c.to_string()).0);
        last = i + c.len_utf8();
    }
    bytes.extend_from_slice(&text.as_bytes()[last..]);
    Some(bytes)
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

fn binary_cases(cases: &mut Vec<Case>) {
    for seed in 1..=6u64 {
        let size = 300 + seed as usize * 700;
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x40\0\0\0\x40\x08\x06\0\0\0".to_vec();
        png.extend(noise(seed, 4));
        png.extend_from_slice(&(size as u32).to_be_bytes());
        png.extend_from_slice(b"IDAT");
        png.extend(noise(seed * 3, size));
        png.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
        let mut gzip = b"\x1f\x8b\x08\x00\0\0\0\0\x00\x03".to_vec();
        gzip.extend(noise(seed * 5, size));
        let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0".to_vec();
        elf.extend(
            noise(seed * 7, size)
                .iter()
                .enumerate()
                .map(|(i, &b)| if i % 5 == 0 { 0 } else { b }),
        );
        let mut data = noise(seed * 11, size);
        data.iter_mut().step_by(37).for_each(|b| *b = 0);
        for (kind, bytes) in [("png", png), ("gzip", gzip), ("elf", elf), ("data", data)] {
            let prefix = bytes[..256].to_vec();
            cases.push(Case {
                group: "binary",
                name: format!("{kind}/{seed}"),
                bytes,
                truth: Truth::Binary,
                hint: None,
            });
            cases.push(Case {
                group: "binary",
                name: format!("{kind}/{seed}/256"),
                bytes: prefix,
                truth: Truth::Binary,
                hint: None,
            });
        }
    }
}

/// One case's outcome for scour and for chardetng alone.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// scour decoded the truth.
    pub scour: bool,
    /// chardetng alone decoded the truth.
    pub chardetng: bool,
    /// scour said UTF-8 for something that is not UTF-8.
    pub false_utf8: bool,
    /// What scour said (`encoding via step`).
    pub said: String,
}

/// Score one case; `baseline` also runs chardetng alone.
pub fn run(case: &Case, baseline: bool) -> Outcome {
    let mode = match &case.hint {
        Some(h) => EncodingMode::Hint(scour::decode::parse_hint(h).expect("a valid hint")),
        None => EncodingMode::Auto,
    };
    let opts = DecodeOptions {
        mode,
        ..DecodeOptions::default()
    };
    let result = scour::decode::decode(&case.bytes, &opts);
    let (scour_ok, said, said_utf8) = match (&result, &case.truth) {
        (Ok((text, r)), Truth::Text(truth, _)) => (
            text == truth,
            format!("{} via {}", r.encoding, r.detected_by),
            r.encoding == "UTF-8",
        ),
        (Ok((_, r)), Truth::Binary) => (
            false,
            format!("{} via {}", r.encoding, r.detected_by),
            r.encoding == "UTF-8",
        ),
        (Err(e), Truth::Binary) => (true, e.to_string(), false),
        (Err(e), Truth::Text(..)) => (false, e.to_string(), false),
    };
    let is_utf8 = matches!(case.truth, Truth::Text(_, "UTF-8"));
    Outcome {
        scour: scour_ok,
        chardetng: baseline && chardetng_alone(case),
        false_utf8: said_utf8 && !is_utf8,
        said,
    }
}

/// chardetng as a browser uses it: the whole input, UTF-8 allowed, the hint's domain, then
/// encoding_rs's BOM-sniffing decode.
fn chardetng_alone(case: &Case) -> bool {
    let Truth::Text(truth, _) = &case.truth else {
        return false;
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(&case.bytes, true);
    let tld = case
        .hint
        .as_deref()
        .and_then(|h| scour::decode::parse_hint(h).ok())
        .and_then(|h| h.tld);
    let enc = detector.guess(
        tld.as_ref().map(|t| &t[..]),
        chardetng::Utf8Detection::Allow,
    );
    let (text, _, _) = enc.decode(&case.bytes);
    text == truth.as_str()
}

/// Per-group totals: cases, scour right, chardetng right, false UTF-8.
pub fn tally(cases: &[Case], outcomes: &[Outcome]) -> BTreeMap<&'static str, [usize; 4]> {
    let mut groups: BTreeMap<&'static str, [usize; 4]> = BTreeMap::new();
    for (case, o) in cases.iter().zip(outcomes) {
        let g = groups.entry(case.group).or_default();
        g[0] += 1;
        g[1] += usize::from(o.scour);
        g[2] += usize::from(o.chardetng);
        g[3] += usize::from(o.false_utf8);
    }
    groups
}

/// The report as a Markdown table.
pub fn table(groups: &BTreeMap<&'static str, [usize; 4]>) -> String {
    let pct = |a: usize, n: usize| format!("{:.1}%", 100.0 * a as f64 / n.max(1) as f64);
    let mut out = String::from(
        "| group | files | scour | chardetng alone | false UTF-8 |\n|---|---:|---:|---:|---:|\n",
    );
    let mut total = [0usize; 4];
    for (group, g) in groups {
        out += &format!(
            "| {group} | {} | {} | {} | {} |\n",
            g[0],
            pct(g[1], g[0]),
            pct(g[2], g[0]),
            g[3]
        );
        for i in 0..4 {
            total[i] += g[i];
        }
    }
    out += &format!(
        "| **all** | {} | {} | {} | {} |\n",
        total[0],
        pct(total[1], total[0]),
        pct(total[2], total[0]),
        total[3]
    );
    out
}
