//! The command-line front end: argument types, subcommands, the progress bar.

pub mod args;
mod batch;
pub mod check;
pub mod clean;
pub mod config;
pub mod detect;
pub mod diff;
pub mod generate;
pub mod learn;
mod paint;
mod progress;
pub mod report;
mod signals;

/// The paths given, or `-` (stdin) when there are none. With none given and stdin a
/// terminal, a usage error instead of waiting on the keyboard: `stdin_carries` ends the
/// message, saying what stdin would have brought.
pub fn paths_or_stdin(
    paths: &[std::path::PathBuf],
    stdin_carries: &str,
) -> anyhow::Result<Vec<std::path::PathBuf>> {
    use std::io::IsTerminal;
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    if std::io::stdin().is_terminal() {
        anyhow::bail!("no input: give files or folders, or pipe {stdin_carries}");
    }
    Ok(vec![std::path::PathBuf::from("-")])
}

/// A usage error naming the first command-line path that does not exist: a
/// mistyped path writes nothing and exits 2 (files that vanish during a walk are rejects).
pub fn require_paths(paths: &[std::path::PathBuf]) -> anyhow::Result<()> {
    match scour::io::first_missing(paths) {
        Some(missing) => {
            anyhow::bail!("{}: no such file or folder", scour::io::shown_path(missing))
        }
        None => Ok(()),
    }
}

/// Raise the soft limit of open files to the hard one (as Go programs do at start-up): a
/// walk holds one folder handle per level of the branch it is in, and a tree deeper than
/// PATH_MAX has thousands of levels.
pub fn raise_open_file_limit() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let mut limit = getrlimit(Resource::Nofile);
        if limit.current < limit.maximum || (limit.current.is_some() && limit.maximum.is_none()) {
            limit.current = limit.maximum;
            let _ = setrlimit(Resource::Nofile, limit);
        }
    }
}

/// Exit codes, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything was processed.
    Ok,
    /// Some documents were rejected, or some fixture cases failed.
    SomeFailed,
    /// A usage error or a fatal error.
    Fatal,
    /// Stopped by SIGINT or SIGTERM (128 + 2, as shells report it).
    Interrupted,
}

impl From<Status> for std::process::ExitCode {
    fn from(status: Status) -> Self {
        match status {
            Status::Ok => Self::from(0),
            Status::SomeFailed => Self::from(1),
            Status::Fatal => Self::from(2),
            Status::Interrupted => Self::from(130),
        }
    }
}
