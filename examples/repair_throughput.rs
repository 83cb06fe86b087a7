//! Time scour's repair stage on files, single thread, for `scripts/bench-ftfy.sh`:
//! `repair_throughput FILE…` prints `FILE MB/s baseline MB/s ratio R` per file (4 KB
//! documents as in the criterion bench).
//!
//! The host's speed drifts by a third between runs, so a figure alone says little. The same
//! process therefore also times a baseline on the same documents: `std::str::from_utf8`
//! validation, a fixed, scalar byte scan of the kind repair's clean path is. The ratio
//! repair / baseline is the figure to compare between runs.
//!
//! Both are timed in turn on slices of [`SLICE`] documents (about 130 KB, well under a
//! millisecond), [`ROUNDS`] times, and each keeps its best time per slice: on a shared
//! machine a slice that another process interrupted is simply measured again, and both
//! sides see the same machine state.

// The bench input module, for its document splitting only.
#[allow(dead_code)]
#[path = "../benches/input.rs"]
mod input;

use scour::config::RepairOptions;
use scour::repair::repair;
use std::time::Instant;

/// Rounds over all slices; the best time of each slice counts.
const ROUNDS: usize = 15;

/// Documents per timed slice.
const SLICE: usize = 32;

fn main() -> std::io::Result<()> {
    let opts = RepairOptions::default();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let docs = input::documents(&text);
        let slices: Vec<&[String]> = docs.chunks(SLICE).collect();
        let mut best = vec![(f64::INFINITY, f64::INFINITY); slices.len()];
        for round in 0..ROUNDS {
            for (slice, (base, fixed)) in slices.iter().zip(&mut best) {
                // Alternate which side goes first, so neither always finds the slice cached.
                if round % 2 == 0 {
                    *base = base.min(timed(|| validate_all(slice)));
                    *fixed = fixed.min(timed(|| repair_all(slice, &opts)));
                } else {
                    *fixed = fixed.min(timed(|| repair_all(slice, &opts)));
                    *base = base.min(timed(|| validate_all(slice)));
                }
            }
        }
        let base: f64 = best.iter().map(|b| b.0).sum();
        let fixed: f64 = best.iter().map(|b| b.1).sum();
        let mb = text.len() as f64 / 1e6;
        println!(
            "{path} {:.1} baseline {:.1} ratio {:.3}",
            mb / fixed,
            mb / base,
            base / fixed
        );
    }
    Ok(())
}

fn timed(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

/// The baseline: UTF-8 validation of each document.
#[inline(never)]
fn validate_all(docs: &[String]) {
    for doc in docs {
        let valid = std::str::from_utf8(std::hint::black_box(doc.as_bytes()));
        std::hint::black_box(valid.is_ok());
    }
}

/// The repair stage on each document; a function of its own so that
/// `valgrind --tool=callgrind --toggle-collect=repair_throughput::repair_all` counts just it.
#[inline(never)]
fn repair_all(docs: &[String], opts: &RepairOptions) {
    let mut fixes = Vec::new();
    for doc in docs {
        std::hint::black_box(repair(std::hint::black_box(doc), opts, &mut fixes));
    }
}
