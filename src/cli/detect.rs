//! `scour detect`: the encoding of each input, one line (or JSON object) per file.

use super::Status;
use super::args::DetectArgs;
use scour::io::{InputFormat, expand_with};
use scour::units::count;
use std::io::{BufWriter, Read, Write};

/// Run `scour detect`.
pub fn execute(args: &DetectArgs) -> anyhow::Result<Status> {
    let opts = args.encoding.decode_options().map_err(anyhow::Error::msg)?;
    let filter = args.walk.filter().map_err(anyhow::Error::msg)?;
    let paths = super::paths_or_stdin(&args.paths, "bytes into stdin")?;
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
