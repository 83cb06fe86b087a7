//! Colour for what `diff` and `check` print on stdout: ANSI codes when `--color always`,
//! or `auto` and stdout is a terminal.

use super::args::ColorArg;
use std::io::IsTerminal;

/// Whether to colour, decided once per run.
pub struct Paint {
    on: bool,
}

impl Paint {
    /// `--color`: `auto` colours when stdout is a terminal.
    pub fn new(color: ColorArg) -> Self {
        Self {
            on: match color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => std::io::stdout().is_terminal(),
            },
        }
    }

    /// `s` in the SGR colour `code` (`1` bold, `31` red, `32` green, `33` yellow, `36`
    /// cyan), or as it is.
    pub fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    /// A unified diff with its removed lines red, added lines green and hunk headers cyan.
    pub fn unified_diff(&self, diff: &str) -> String {
        if !self.on {
            return diff.to_owned();
        }
        let mut out = String::with_capacity(diff.len() * 2);
        for line in diff.split_inclusive('\n') {
            let (text, end) = match line.strip_suffix('\n') {
                Some(text) => (text, "\n"),
                None => (line, ""),
            };
            let code = match text.as_bytes().first() {
                Some(b'-') => "31",
                Some(b'+') => "32",
                Some(b'@') => "36",
                _ => {
                    out.push_str(line);
                    continue;
                }
            };
            out.push_str(&self.wrap(code, text));
            out.push_str(end);
        }
        out
    }
}
