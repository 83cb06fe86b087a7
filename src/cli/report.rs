//! `scour report`: the HTML corpus report of records an earlier `clean` wrote; and what
//! `scour clean --report` needs of the command line (the options it shows).

use super::Status;
use super::args::{Cli, ReportArgs};
use super::progress::Reporter;
use anyhow::Context;
use clap::CommandFactory;
use clap::parser::ValueSource;
use rayon::prelude::*;
use scour::config::{DEFAULT_MAX_DOC_BYTES, InputOptions};
use scour::error::{FatalError, Target};
use scour::io::{InputFormat, ItemReader, Payload, expand, write_output};
use scour::report::records::{Line, parse_line};
use scour::report::{Collector, RunFacts, html};
use scour::run::{Observer, RunOptions, drive};
use std::path::{Path, PathBuf};

/// The longest record line read: a record holds its document's text and what was removed
/// from it, so it may be longer than the longest document `clean` takes.
const MAX_RECORD_BYTES: u64 = 2 * DEFAULT_MAX_DOC_BYTES;

/// Flags of `clean` that say where things go, how the run talks or how many threads it
/// takes (the summary shows those), not what cleaning does: left out of the options a
/// report shows.
const NOT_OPTIONS: &[&str] = &[
    "output",
    "threads",
    "quiet",
    "max-errors",
    "stats",
    "rejects",
    "config",
    "report",
    "report-samples",
];

/// The options of a `clean` command line that are not defaults (from the command line or
/// the configuration file), as flags: `--explain`, `--encoding cp1252`.
pub fn options_used(matches: Option<&clap::ArgMatches>) -> Vec<String> {
    let Some(matches) = matches else {
        return Vec::new();
    };
    let mut cmd = Cli::command();
    cmd.build();
    let Some(clean) = cmd.find_subcommand("clean") else {
        return Vec::new();
    };
    let mut options = Vec::new();
    for arg in clean.get_arguments() {
        let id = arg.get_id().as_str();
        let Some(long) = arg.get_long() else { continue };
        if NOT_OPTIONS.contains(&long) || matches.value_source(id) != Some(ValueSource::CommandLine)
        {
            continue;
        }
        let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
        if !takes_value {
            options.push(format!("--{long}"));
            continue;
        }
        if let Ok(Some(values)) = matches.try_get_raw(id) {
            for value in values {
                options.push(format!("--{long} {}", value.to_string_lossy()));
            }
        }
    }
    options
}

/// How the report names the inputs of a run: the first few paths.
pub fn made_by(command: &str, paths: &[PathBuf]) -> String {
    const SHOWN: usize = 4;
    let mut line = format!("scour {command}");
    for path in paths.iter().take(SHOWN) {
        line.push(' ');
        line.push_str(&scour::io::shown_path(path));
    }
    if paths.len() > SHOWN {
        line.push_str(&format!(" … ({} inputs)", paths.len()));
    }
    line
}

/// Where a path leads, for comparing outputs: its folder resolved (when it exists) and its
/// name.
fn resolved(path: &Path) -> PathBuf {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
    let target = folder.join(path.file_name().unwrap_or_default());
    std::fs::canonicalize(&target).unwrap_or(target)
}

/// The first of `others` that names the same file as `report` (the report would replace
/// it: records lost).
pub fn clash<'a>(report: &Path, others: &[Option<&'a Path>]) -> Option<&'a Path> {
    if report.as_os_str() == "-" {
        return None;
    }
    let report = resolved(report);
    others
        .iter()
        .flatten()
        .find(|other| other.as_os_str() != "-" && resolved(other) == report)
        .copied()
}

/// Write a report to `path` (by the rule of every output).
pub fn write(path: &Path, page: &str) -> Result<(), FatalError> {
    write_output(path, page.as_bytes()).map_err(|source| FatalError::Output {
        target: Target::File(path.to_owned()),
        source,
    })
}

/// One line of the records, read by a worker.
enum Read {
    Line(Line),
    /// What is wrong with it, with where it is.
    Bad(String),
}

/// Run `scour report`.
pub fn execute(args: &ReportArgs) -> anyhow::Result<Status> {
    super::require_paths(&args.paths)?;
    let mut inputs = expand(&args.paths, InputFormat::Jsonl);
    let reporter = Reporter::for_inputs(&mut inputs, args.quiet);
    let options = InputOptions {
        max_doc_bytes: MAX_RECORD_BYTES,
        ..InputOptions::default()
    };
    let reader = ItemReader::new(inputs, options);
    let mut collector = Collector::new(args.samples, None);
    let (mut lines, mut bytes, mut bad) = (0u64, 0u64, 0u64);
    let run = RunOptions {
        threads: args.threads,
        ..RunOptions::default()
    };
    drive(
        reader,
        &run,
        |chunk| {
            chunk
                .into_par_iter()
                .map(|item| {
                    let place = item.origin.to_string();
                    match item.payload {
                        Payload::Json(bytes) => match parse_line(&bytes) {
                            Ok(line) => (bytes.len() as u64 + 1, Read::Line(line)),
                            Err(e) => (0, Read::Bad(format!("{place}: {e}"))),
                        },
                        Payload::Failed(unread) => {
                            (0, Read::Bad(format!("{place}: {}", unread.reject)))
                        }
                        Payload::Bytes(_)
                        | Payload::File(..)
                        | Payload::Page(_)
                        | Payload::Skipped(_) => {
                            (0, Read::Bad(format!("{place}: not a JSONL line")))
                        }
                    }
                })
                .collect::<Vec<_>>()
        },
        |read, _| {
            for (size, line) in read {
                lines += 1;
                bytes += size;
                match line {
                    Read::Line(Line::Record(seen)) => collector.add(&seen, None),
                    Read::Line(Line::Reject {
                        path,
                        line,
                        kind,
                        reason,
                    }) => collector.reject(&path, line, &kind, &reason),
                    Read::Bad(message) => {
                        bad += 1;
                        if !args.quiet {
                            eprintln!("scour: {message}");
                        }
                    }
                }
            }
            reporter.progress(lines, bytes);
            Ok(())
        },
    )?;
    reporter.finish();
    let facts = RunFacts {
        made_by: made_by("report", &args.paths),
        documents_in: collector.documents + collector.rejected(),
        documents_out: collector.documents,
        rejected: collector.rejected(),
        bytes_in: None,
        bytes_out: Some(bytes),
        seconds: None,
        threads: None,
        options: None,
    };
    let page = html::render(&collector, &facts);
    match &args.output {
        Some(path) => write(path, &page)?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(page.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write the report to stdout")?,
            }
        }
    }
    if !args.quiet && bad > 0 {
        eprintln!("scour: {bad} lines were neither records nor reject records");
    }
    Ok(if bad > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}
