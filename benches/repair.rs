//! Repair-stage throughput on clean and on partly damaged text, single thread.
//!
//! `cargo bench --bench repair`; `scripts/bench-ftfy.sh` times ftfy on the same input.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scour::config::RepairOptions;
use scour::repair::repair;
use std::hint::black_box;

mod input;

fn bench(c: &mut Criterion) {
    let opts = RepairOptions::default();
    let mut group = c.benchmark_group("repair");
    for (name, text) in [
        ("clean", input::clean(4 << 20)),
        ("damaged_10pct", input::damaged(4 << 20)),
    ] {
        let docs = input::documents(&text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut fixes = Vec::new();
                for doc in &docs {
                    black_box(repair(black_box(doc), &opts, &mut fixes));
                }
                fixes
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
