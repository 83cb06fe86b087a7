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

/// The first command-line path that does not exist, as a usage error to print: a
/// mistyped path writes nothing and exits 2 (files that vanish during a walk are rejects).
pub fn missing_path(paths: &[std::path::PathBuf]) -> Option<String> {
    let missing = scour::io::first_missing(paths)?;
    Some(format!(
        "{}: no such file or folder",
        scour::io::shown_path(missing)
    ))
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
