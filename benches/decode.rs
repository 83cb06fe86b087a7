//! Decode-stage speed: the UTF-8 path (target ≥ 1 GB/s per core) and detection of an 8 MB
//! legacy-encoded file (target ≤ 10 ms; `detect` looks at the chardetng window, `decode`
//! also decodes all 8 MB).
//!
//! `cargo bench --bench decode`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scour::config::DecodeOptions;
use std::hint::black_box;

/// About `size` bytes of German prose (a few percent non-ASCII), line by line.
fn prose(size: usize) -> String {
    let lines = [
        "Während eines Staatsbesuchs in Pjöngjang sicherte der Präsident Unterstützung zu.",
        "Die Gespräche über Zölle, Märkte und Öl dauerten bis spät in die Nacht.",
        "Fußgänger überquerten die Straße, als die Kolonne vorbeifuhr – „ein Schauspiel“.",
        "Beobachter sprachen von einer neuen Phase der Zusammenarbeit beider Länder.",
    ];
    let mut text = String::with_capacity(size + 128);
    let mut i = 0;
    while text.len() < size {
        text.push_str(lines[i % lines.len()]);
        text.push('\n');
        i += 1;
    }
    text
}

fn bench(c: &mut Criterion) {
    let opts = DecodeOptions::default();
    let utf8 = prose(8 << 20);
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(utf8.len() as u64));
    group.bench_function("utf8 8MB", |b| {
        b.iter(|| scour::decode::decode(black_box(utf8.as_bytes()), &opts))
    });
    // The same text as 4 KB documents: the per-document cost of the cascade's checks.
    let docs: Vec<String> = (0..2048).map(|_| prose(4096)).collect();
    group.throughput(Throughput::Bytes(docs.iter().map(|d| d.len() as u64).sum()));
    group.bench_function("utf8 4KB docs", |b| {
        b.iter(|| {
            for doc in &docs {
                let _ = black_box(scour::decode::decode(black_box(doc.as_bytes()), &opts));
            }
        })
    });
    group.throughput(Throughput::Bytes(utf8.len() as u64));
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&utf8);
    group.bench_function("windows-1252 8MB detect", |b| {
        b.iter(|| scour::decode::detect(black_box(&cp1252), &opts))
    });
    group.bench_function("windows-1252 8MB decode", |b| {
        b.iter(|| scour::decode::decode(black_box(&cp1252), &opts))
    });
    let japanese =
        "日本語の文章です。東京で会議が開かれ、各国の代表が参加しました。\n".repeat(90_000);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&japanese);
    group.throughput(Throughput::Bytes(sjis.len() as u64));
    group.bench_function("Shift_JIS 8MB detect", |b| {
        b.iter(|| scour::decode::detect(black_box(&sjis), &opts))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
