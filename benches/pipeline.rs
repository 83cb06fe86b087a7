//! Per-stage throughput on seed-like documents, the whole pipeline, and the toy ceiling
//! (simdutf8 validation + icu_normalizer NFC + a serde_json record) for the ratio.
//!
//! ```text
//! cargo bench --bench pipeline            # everything (about a minute and a half)
//! cargo bench --bench pipeline -- stage/  # only the stages
//! ```
//! Inputs: the seed specimen as it is (`seed`), and the same text damaged three ways:
//! windows-1252 bytes (`cp1252`), UTF-8 read as windows-1252 (`mojibake`) and CRLF line
//! ends with NBSP (`crlf`). Each stage is timed alone on the document as the stages before
//! it left it; the document is cloned outside the timed part. Throughput is in bytes of the
//! raw input per second, so stages compare directly.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use icu_normalizer::ComposingNormalizerBorrowed;
use scour::pipeline::STAGES;
use scour::{Config, Document, Origin, record};
use std::hint::black_box;
use std::time::Duration;

const SEED: &str = include_str!("../fixtures/pipeline/seed/000_075d2f900ea0f093.txt");

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let cp1252 = encoding_rs::WINDOWS_1252.encode(SEED).0.into_owned();
    let mojibake = encoding_rs::WINDOWS_1252
        .decode(SEED.as_bytes())
        .0
        .into_owned()
        .into_bytes();
    let crlf = SEED
        .replace('\n', "\r\n")
        .replace(" der ", "\u{A0}der ")
        .into_bytes();
    vec![
        ("seed", SEED.as_bytes().to_vec()),
        ("cp1252", cp1252),
        ("mojibake", mojibake),
        ("crlf", crlf),
    ]
}

fn doc(bytes: &[u8]) -> Document {
    Document::from_bytes(
        "000_075d2f900ea0f093",
        Origin {
            path: "seed/000_075d2f900ea0f093.txt".into(),
            line: None,
            offset: None,
        },
        bytes.to_vec(),
    )
}

fn stages(c: &mut Criterion) {
    let config = Config::default();
    for (name, bytes) in inputs() {
        let mut group = c.benchmark_group(format!("stage/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut before = doc(&bytes);
        for stage in STAGES {
            let input = before.clone();
            group.bench_function(stage.name, |b| {
                b.iter_batched(
                    || input.clone(),
                    |mut d| {
                        (stage.run)(&mut d, &config).expect("the stage accepts the input");
                        d
                    },
                    BatchSize::SmallInput,
                )
            });
            (stage.run)(&mut before, &config).expect("the stage accepts the input");
        }
        let mut line = Vec::with_capacity(bytes.len() * 2);
        group.bench_function("record", |b| {
            b.iter(|| {
                line.clear();
                record::write_line(black_box(&before), &mut line);
                line.len()
            })
        });
        group.finish();
    }
}

fn whole(c: &mut Criterion) {
    let config = Config::default();
    let mut group = c.benchmark_group("whole");
    for (name, bytes) in inputs() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut line = Vec::with_capacity(bytes.len() * 2);
        group.bench_function(format!("clean_bytes+record/{name}"), |b| {
            b.iter(|| {
                let d = scour::clean_bytes(black_box(&bytes), &config).expect("cleaned");
                line.clear();
                record::write_line(&d, &mut line);
                line.len()
            })
        });
    }
    // The toy ceiling: the least a cleaner does (validate, NFC, a JSON record).
    let bytes = SEED.as_bytes();
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let mut line = Vec::with_capacity(bytes.len() * 2);
    group.bench_function("toy_ceiling/seed", |b| {
        b.iter(|| {
            let text = simdutf8::basic::from_utf8(black_box(bytes)).expect("UTF-8");
            let text = ComposingNormalizerBorrowed::new_nfc().normalize(text);
            let record = serde_json::json!({
                "id": "000_075d2f900ea0f093",
                "text": text,
                "metadata": {"path": "seed/000_075d2f900ea0f093.txt"},
            });
            line.clear();
            serde_json::to_writer(&mut line, &record).expect("JSON into memory");
            line.push(b'\n');
            line.len()
        })
    });
    group.finish();
}

criterion_group! {
    name = pipeline;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20);
    targets = stages, whole
}
criterion_main!(pipeline);
