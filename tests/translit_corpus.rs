//! The translit fixture corpus: every folder of `fixtures/translit/` is one case.
//!
//! A case holds `input.txt` (raw bytes, cleaned with [`scour::clean_bytes`]) or
//! `input.json` (a JSONL record `{"title": …, "text": …}`), optionally `vocab.txt` (a
//! vocabulary in the `scour-vocab 1` format) and `options.json` (`{"restore": "body"}`), and
//! `expected.json`:
//!
//! - `title`, `text`, `removed` (`[{kind, text}]`): the expected output;
//! - `truth_title`: the title as it was before transliteration, for the recall report;
//! - `restored`: how many title words the expected output restores;
//! - `unchanged`: the input is clean: structure and translit must change nothing (the
//!   normalize stage may still drop the file's final line end).
//!
//! Mismatches print a unified diff. The report (precision and recall of title restoration
//! over the corpus) prints with `cargo test --test tests translit_corpus -- --nocapture`.

use scour::config::RestoreMode;
use scour::structure::{HeadingMatch, heading_match};
use scour::vocab::Vocab;
use scour::words::words;
use scour::{Config, Document, Origin};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;

fn load_config(dir: &Path) -> Config {
    let mut config = Config::default();
    if let Ok(text) = std::fs::read(dir.join("vocab.txt")) {
        let vocab = Vocab::read(&text[..]).expect("fixture vocabulary");
        config.vocab = Some(Arc::new(vocab));
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("options.json")) {
        let options: Value = serde_json::from_str(&text).expect("options.json");
        if options["restore"] == "body" {
            config.restore = RestoreMode::Body;
        }
    }
    config
}

fn clean(dir: &Path, config: &Config) -> Document {
    if let Ok(bytes) = std::fs::read(dir.join("input.txt")) {
        return scour::clean_bytes(&bytes, config).expect("fixture input is text");
    }
    let text = std::fs::read_to_string(dir.join("input.json")).expect("input.txt or input.json");
    let record: Value = serde_json::from_str(&text).expect("input.json");
    let mut doc = Document::from_text("", Origin::default(), record["text"].as_str().unwrap_or(""));
    doc.title = record["title"].as_str().map(str::to_owned);
    scour::pipeline::clean_document(&mut doc, config).expect("fixture document");
    doc
}

fn output(doc: &Document) -> Value {
    let removed: Vec<Value> = doc
        .removed
        .iter()
        .map(|r| json!({"kind": r.kind, "text": r.text}))
        .collect();
    json!({"title": doc.title, "text": doc.text, "removed": removed})
}

/// Restoration counts over the title words that needed restoring or were changed.
#[derive(Default)]
struct Score {
    correct: usize,
    wrong: usize,
    missed: usize,
    words: usize,
}

impl Score {
    /// Align the input heading, the output title and the truth title word by word.
    fn add(&mut self, heading: &str, output: &str, truth: &str) {
        let h: Vec<&str> = words(heading).map(|(_, w)| w).collect();
        let o: Vec<&str> = words(output).map(|(_, w)| w).collect();
        let mut t = words(truth).map(|(_, w)| w).peekable();
        assert_eq!(h.len(), o.len(), "restoration replaces words one for one");
        for (h, o) in h.iter().zip(&o) {
            // A heading word with no counterpart in the truth (`€` spelled `EUR`) is skipped.
            let Some(&truth) = t
                .peek()
                .filter(|&&t| heading_match(t, h) == Some(HeadingMatch::Full))
            else {
                assert_eq!(h, o, "a word without counterpart must stay");
                continue;
            };
            t.next();
            self.words += 1;
            match (h != o, o == &truth) {
                (true, true) => self.correct += 1,
                (true, false) => self.wrong += 1,
                (false, _) if h != &truth => self.missed += 1,
                (false, _) => {}
            }
        }
    }
}

#[test]
fn translit_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/translit");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/translit")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 60, "the corpus has {} cases", dirs.len());
    let mut failures = Vec::new();
    let mut score = Score::default();
    for dir in &dirs {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
        )
        .expect("expected.json is JSON");
        let doc = clean(dir, &load_config(dir));
        let actual = output(&doc);
        let want = json!({"title": expected["title"], "text": expected["text"], "removed": expected["removed"]});
        if actual != want {
            let a = serde_json::to_string_pretty(&actual).unwrap_or_default();
            let w = serde_json::to_string_pretty(&want).unwrap_or_default();
            let diff = similar::TextDiff::from_lines(&w, &a);
            failures.push(format!(
                "--- {name}/expected.json\n+++ {name} (actual)\n{}",
                diff.unified_diff().context_radius(2)
            ));
        }
        let mine = |c: &&scour::document::Change| c.stage == "structure" || c.stage == "translit";
        if expected["unchanged"] == true && doc.changes.iter().any(|c| mine(&c)) {
            failures.push(format!(
                "{name}: a clean document was changed: {:?}",
                doc.changes
            ));
        }
        let restored: usize = doc
            .changes
            .iter()
            .filter(|c| c.stage == "translit" && c.kind.starts_with("restore"))
            .map(|c| c.count)
            .sum();
        if let Some(n) = expected["restored"].as_u64() {
            if restored as u64 != n && expected["text"] == actual["text"] {
                failures.push(format!("{name}: {restored} words restored, expected {n}"));
            }
        }
        if let (Some(truth), Some(title)) = (expected["truth_title"].as_str(), doc.title.as_deref())
        {
            let heading = doc
                .removed
                .iter()
                .find(|r| r.kind == "transliterated_title")
                .map_or(title, |r| r.text.as_str());
            if heading.is_ascii() {
                score.add(heading, title, truth);
            }
        }
    }
    let precision = score.correct as f64 / (score.correct + score.wrong).max(1) as f64;
    let recall = score.correct as f64 / (score.correct + score.missed).max(1) as f64;
    eprintln!(
        "translit corpus: {} cases; title words scored {}: restored {} right, {} wrong, {} missed; \
         precision {:.3}, recall {:.3}",
        dirs.len(),
        score.words,
        score.correct,
        score.wrong,
        score.missed,
        precision,
        recall
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
    assert_eq!(score.wrong, 0, "a wrongly restored word");
}
