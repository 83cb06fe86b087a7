//! The progress bar and messages on stderr; stdout carries only data.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scour::io::{Input, ListError, fill_sizes};
use scour::run::{Observer, Rejected};
use std::io::IsTerminal;

/// Reports rejects on stderr and, on a terminal, draws a progress bar.
pub struct Reporter {
    bar: ProgressBar,
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
        Self { bar }
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

    /// Remove the bar before the summary line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Observer for Reporter {
    fn rejected(&self, rejected: &Rejected) {
        self.bar.suspend(|| eprintln!("scour: {rejected}"));
    }

    fn progress(&self, documents: u64, bytes: u64) {
        self.bar.set_position(bytes);
        self.bar.set_message(format!("{documents} documents"));
    }
}
