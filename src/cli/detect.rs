//! `scour detect`: the encoding of each input, one line (or JSON object) per file.

use super::Status;
use super::args::DetectArgs;
use scour::io::{InputFormat, expand_with};
use scour::units::count;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

/// Run `scour detect`.
pub fn execute(args: &DetectArgs) -> anyhow::Result<Status> {
    let opts = match args.encoding.decode_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("scour: {e}");
            return Ok(Status::Fatal);
        }
    };
    let filter = match args.walk.filter() {
        Ok(filter) => filter,
        Err(e) => {
            eprintln!("scour: {e}");
            return Ok(Status::Fatal);
        }
    };
    let paths = if args.paths.is_empty() {
        if std::io::stdin().is_terminal() {
            eprintln!("scour: no input: give files or folders, or pipe bytes into stdin");
            return Ok(Status::Fatal);
        }
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for input in expand_with(&paths, InputFormat::Text, &filter) {
        let (shown, bytes) = match input {
            Ok(input) => {
                let bytes = match &input.path {
                    Some(path) => std::fs::read(path),
                    None => {
                        let mut buf = Vec::new();
                        std::io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
                    }
                };
                (input.shown, bytes.map_err(|e| e.to_string()))
            }
            Err(e) => (e.shown, Err(e.reason)),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(reason) => {
                eprintln!("scour: {shown}: {reason}");
                failed = true;
                continue;
            }
        };
        let report = scour::decode::detect(&bytes, &opts);
        let line = if args.json {
            let record = JsonLine {
                path: &shown,
                report: &report,
            };
            serde_json::to_string(&record)?
        } else {
            let step = match &report.reason {
                Some(reason) => format!("binary: {reason}"),
                None => report.detected_by.to_owned(),
            };
            format!(
                "{shown}: {} ({}, {step}, {} examined)",
                report.encoding,
                report.confidence.as_str(),
                count(report.bytes_examined as u64, "byte")
            )
        };
        if let Err(e) = writeln!(out, "{line}") {
            // `scour detect | head`: the reader went away; that is how pipelines end.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(Status::Ok);
            }
            return Err(e.into());
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(if failed {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}

/// One `--json` line: the path, then the report's fields.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    path: &'a str,
    #[serde(flatten)]
    report: &'a scour::decode::DetectReport,
}
