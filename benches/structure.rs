//! Structure + transliteration restoration per seed-like document, against the whole
//! pipeline; and `learn` throughput.
//!
//! `cargo bench --bench structure`. The bars: structure + restoration ≤ 10% of the
//! pipeline's time on seed-like documents; `learn` ≥ 200 MB/s on 2 cores.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use scour::document::{Document, Origin};
use scour::io::{Input, InputFormat, ItemReader};
use scour::run::Silent;
use scour::vocab::Vocab;
use scour::{Config, clean_bytes};
use std::hint::black_box;

const SEED: &[u8] = include_bytes!("../fixtures/translit/de_seed_075d2f900ea0f093/input.txt");

/// The seed as the structure stage sees it (decoded and normalized), and the same document
/// with only its transliterated heading (the restoration path).
fn prepared() -> Vec<(&'static str, Document)> {
    let text = std::str::from_utf8(SEED).expect("the seed is UTF-8");
    let only_heading = text.split_once("\n\n").map_or(text, |(_, rest)| rest);
    [("seed", text), ("translit_only_title", only_heading)]
        .into_iter()
        .map(|(name, text)| {
            let mut doc = Document::from_text("bench", Origin::default(), text);
            let config = Config::default();
            for stage in scour::pipeline::STAGES {
                if stage.name == scour::structure::STAGE {
                    break;
                }
                (stage.run)(&mut doc, &config).expect("the seed cleans");
            }
            (name, doc)
        })
        .collect()
}

fn structure(c: &mut Criterion) {
    let config = Config::default();
    let mut group = c.benchmark_group("per_document");
    for (name, doc) in prepared() {
        group.bench_function(format!("structure+translit/{name}"), |b| {
            b.iter_batched_ref(
                || doc.clone(),
                |doc| {
                    scour::structure::stage(doc, &config).expect("structure");
                    scour::translit::stage(doc, &config).expect("translit");
                },
                BatchSize::SmallInput,
            )
        });
    }
    let text = std::str::from_utf8(SEED).expect("the seed is UTF-8");
    let only_heading = text.split_once("\n\n").map_or(text, |(_, rest)| rest);
    for (name, bytes) in [
        ("seed", SEED),
        ("translit_only_title", only_heading.as_bytes()),
    ] {
        group.bench_function(format!("pipeline/{name}"), |b| {
            b.iter(|| clean_bytes(black_box(bytes), &config).expect("clean"))
        });
    }
    group.finish();
}

/// About 16 MB of seed-like documents, each made different by a counter word.
fn corpus() -> Vec<String> {
    let text = std::str::from_utf8(SEED).expect("the seed is UTF-8");
    (0..4096).map(|i| format!("{text}\nNummer{i}\n")).collect()
}

fn learn(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("corpus.jsonl");
    let jsonl: String = docs
        .iter()
        .map(|d| format!("{}\n", serde_json::json!({ "text": d })))
        .collect();
    std::fs::write(&path, jsonl).expect("write the corpus");
    let mut group = c.benchmark_group("learn");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("count_words (Vocab::from_texts)", |b| {
        b.iter(|| Vocab::from_texts(black_box(&docs)))
    });
    let config = Config::default();
    group.bench_function("learn (read JSONL, pipeline, count)", |b| {
        b.iter(|| {
            let input = Input::file("corpus.jsonl", &path, InputFormat::Jsonl);
            let reader = ItemReader::new(vec![Ok(input)], config.input.clone());
            scour::learn::learn(reader, &config, &scour::run::RunOptions::default(), &Silent)
                .expect("learn")
        })
    });
    group.finish();
}

criterion_group!(benches, structure, learn);
criterion_main!(benches);
