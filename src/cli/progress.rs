//! The progress bar and messages on stderr; stdout carries only data.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scour::io::{Input, ListError, fill_sizes};
use scour::run::{Observer, Rejected};
use scour::units::{count, human_size, per_second};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Reject lines printed by default before the rest are only counted (`--max-errors`).
pub const MAX_ERRORS: u64 = 20;

/// Reports rejects on stderr (the first [`MAX_ERRORS`] or `--max-errors N`, then how many
/// more at the end) and, on a terminal, draws a progress bar.
pub struct Reporter {
    bar: ProgressBar,
    /// What the bar counts.
    unit: BarUnit,
    started: Instant,
    quiet: bool,
    max_errors: u64,
    rejected: AtomicU64,
}

/// What the bar's length counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BarUnit {
    /// Input bytes (a run over paths); documents in the message.
    Bytes,
    /// Files of a batch shard; documents and bytes in the message.
    Files,
}

impl Reporter {
    /// The bar is hidden when stderr is not a terminal or `quiet` is set. With a known
    /// total input size it shows bytes, rate and ETA; otherwise a spinner with counts.
    pub fn new(total_bytes: Option<u64>, quiet: bool) -> Self {
        let bar = if !Self::shown(quiet) {
            ProgressBar::hidden()
        } else {
            match total_bytes {
                Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template(
                        "{spinner} {bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{spinner} {binary_bytes} {binary_bytes_per_sec} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            }
        };
        Self {
            bar,
            unit: BarUnit::Bytes,
            started: Instant::now(),
            quiet,
            max_errors: MAX_ERRORS,
            rejected: AtomicU64::new(0),
        }
    }

    /// A reporter for a batch shard: a bar of files done out of the shard's files, with
    /// documents, bytes and the rate of bytes beside it.
    pub fn for_files(quiet: bool) -> Self {
        let bar = if !Self::shown(quiet) {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{spinner} {bar:30} {pos}/{len} files, {msg} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            )
        };
        Self {
            bar,
            unit: BarUnit::Files,
            started: Instant::now(),
            quiet,
            max_errors: MAX_ERRORS,
            rejected: AtomicU64::new(0),
        }
    }

    /// Print at most `n` reject lines.
    pub fn max_errors(mut self, n: u64) -> Self {
        self.max_errors = n;
        self
    }

    /// A reporter for a run over `inputs`. When the bar is drawn, the sizes of all inputs
    /// are looked up first for its total; otherwise the reader looks each up as it comes
    /// to it.
    pub fn for_inputs(inputs: &mut [Result<Input, ListError>], quiet: bool) -> Self {
        let total = Self::shown(quiet).then(|| fill_sizes(inputs)).flatten();
        Self::new(total, quiet)
    }

    /// Whether a bar is drawn: on a terminal, unless `quiet`.
    fn shown(quiet: bool) -> bool {
        !quiet && std::io::stderr().is_terminal()
    }

    /// Remove the bar before the summary line, and say how many reject lines were not
    /// printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        let more = self
            .rejected
            .load(Ordering::Relaxed)
            .saturating_sub(self.max_errors);
        if more > 0 && !self.quiet {
            eprintln!("scour: … and {more} more rejected (see --rejects)");
        }
    }
}

impl Observer for Reporter {
    fn rejected(&self, rejected: &Rejected) {
        let seen = self.rejected.fetch_add(1, Ordering::Relaxed);
        if !self.quiet && seen < self.max_errors {
            self.bar.suspend(|| eprintln!("scour: {rejected}"));
        }
    }

    fn progress(&self, documents: u64, bytes: u64) {
        match self.unit {
            BarUnit::Bytes => {
                self.bar.set_position(bytes);
                self.bar.set_message(count(documents, "document"));
            }
            BarUnit::Files => self.bar.set_message(files_message(
                documents,
                bytes,
                self.started.elapsed().as_secs_f64(),
            )),
        }
    }

    fn files(&self, done: u64, total: u64) {
        if self.unit == BarUnit::Files {
            self.bar.set_length(total);
            self.bar.set_position(done);
        }
    }
}

/// The batch bar's message: `1,204 documents, 12.5 MiB (3.1 MiB/s)`, in the units of the
/// summary.
fn files_message(documents: u64, bytes: u64, seconds: f64) -> String {
    format!(
        "{}, {} ({}/s)",
        count(documents, "document"),
        human_size(bytes),
        human_size(per_second(bytes, seconds))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_message_counts_documents_and_bytes() {
        assert_eq!(
            files_message(1, 3 << 20, 2.0),
            "1 document, 3.0 MiB (1.5 MiB/s)"
        );
    }
}
