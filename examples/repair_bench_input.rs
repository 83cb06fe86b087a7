//! Write the repair bench's input to files, for `scripts/bench-ftfy.sh`:
//! `cargo run --release --example repair_bench_input -- DIR` writes `DIR/clean.txt` and
//! `DIR/damaged.txt`.

#[path = "../benches/input.rs"]
mod input;

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    std::fs::write(format!("{dir}/clean.txt"), input::clean(4 << 20))?;
    std::fs::write(format!("{dir}/damaged.txt"), input::damaged(4 << 20))?;
    Ok(())
}
