//! Bench input, generated: German and English prose with the usual non-ASCII letters and
//! typography, and the same text with one line in ten turned into mojibake.

/// Words to draw from; about 3–4% of the bytes end up non-ASCII, like German news.
const WORDS: &[&str] = &[
    "der",
    "die",
    "das",
    "und",
    "für",
    "Größe",
    "Straße",
    "über",
    "Behörde",
    "München",
    "Köln",
    "Bürger",
    "Regierung",
    "sagte",
    "am",
    "Dienstag",
    "in",
    "einer",
    "Erklärung",
    "the",
    "of",
    "and",
    "to",
    "government",
    "said",
    "on",
    "Tuesday",
    "in",
    "a",
    "statement",
    "economy",
    "growth",
    "percent",
    "market",
    "€",
    "5",
    "2026",
    "„Zitat“",
    "–",
    "results",
    "Unterstützung",
    "Militär",
    "während",
    "naïve",
    "café",
    "policy",
    "weiß",
    "Ärger",
];

/// A deterministic generator, so every run and the ftfy script see the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

/// Lines of clean text, about `bytes` long in total.
pub fn clean_lines(bytes: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut lines = Vec::new();
    let mut total = 0;
    while total < bytes {
        let n = 8 + rng.next() % 20;
        let mut line: Vec<&str> = (0..n).map(|_| WORDS[rng.next() % WORDS.len()]).collect();
        line.push("ist.");
        let line = line.join(" ");
        total += line.len() + 1;
        lines.push(line);
    }
    lines
}

/// UTF-8 read as windows-1252.
pub fn mojibake(line: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(line.as_bytes())
        .0
        .into_owned()
}

/// The clean text as one string.
pub fn clean(bytes: usize) -> String {
    clean_lines(bytes).join("\n")
}

/// The text with every tenth line damaged.
pub fn damaged(bytes: usize) -> String {
    clean_lines(bytes)
        .iter()
        .enumerate()
        .map(|(i, l)| if i % 10 == 3 { mojibake(l) } else { l.clone() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text cut into documents of about 4 KB at line ends (as in PERF-NOTES).
#[allow(dead_code)] // not every program that includes this module times documents
pub fn documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut doc = String::new();
    for line in text.lines() {
        doc.push_str(line);
        doc.push('\n');
        if doc.len() > 4096 {
            docs.push(std::mem::take(&mut doc));
        }
    }
    docs.push(doc);
    docs
}
