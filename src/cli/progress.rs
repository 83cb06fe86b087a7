//! The progress bar and messages on stderr; stdout carries only data.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scour::io::{Input, ListError, fill_sizes};
use scour::run::{Observer, Rejected};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

/// Reject lines printed by default before the rest are only counted (`--max-errors`).
pub const MAX_ERRORS: u64 = 20;

/// Reports rejects on stderr (the first [`MAX_ERRORS`] or `--max-errors N`, then how many
/// more at the end) and, on a terminal, draws a progress bar.
pub struct Reporter {
    bar: ProgressBar,
    quiet: bool,
    max_errors: u64,
    rejected: AtomicU64,
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
        self.bar.set_position(bytes);
        self.bar
            .set_message(scour::units::count(documents, "document"));
    }
}
