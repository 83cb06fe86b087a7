//! Time scour's repair stage on files, single thread, for `scripts/bench-ftfy.sh`:
//! `repair_throughput FILE…` prints `FILE MB/s` per file (best of five runs, 4 KB documents
//! as in the criterion bench).

use scour::config::RepairOptions;
use scour::repair::repair;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let opts = RepairOptions::default();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
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
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = Instant::now();
            let mut fixes = Vec::new();
            for doc in &docs {
                std::hint::black_box(repair(doc, &opts, &mut fixes));
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!("{path} {:.1}", text.len() as f64 / best / 1e6);
    }
    Ok(())
}
