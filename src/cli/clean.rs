//! `scour clean`: inputs → JSONL records.

use super::Status;
use super::args::CleanArgs;
use super::progress::Reporter;
use anyhow::Context;
use scour::error::FatalError;
use scour::io::{AtomicFile, ItemReader, expand};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

/// Run `scour clean`.
pub fn run(args: &CleanArgs) -> anyhow::Result<Status> {
    let config = match args.clean.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("scour: {e}");
            return Ok(Status::Fatal);
        }
    };
    let paths = if args.paths.is_empty() {
        if std::io::stdin().is_terminal() {
            eprintln!(
                "scour: no input: give files or folders, or pipe documents into stdin (see --help)"
            );
            return Ok(Status::Fatal);
        }
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let inputs = expand(&paths, args.clean.input_format());
    let total: Option<u64> = inputs
        .iter()
        .map(|i| i.as_ref().ok().and_then(|i| i.size))
        .sum();
    let reader = ItemReader::new(inputs, config.input.clone());
    let reporter = Reporter::new(total, args.quiet);

    let mut output = match &args.output {
        Some(path) => Output::File(
            AtomicFile::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Output::Stdout(BufWriter::with_capacity(1 << 20, std::io::stdout())),
    };
    let mut rejects = match &args.rejects {
        Some(path) => Some(
            AtomicFile::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => None,
    };

    let result = scour::run::run(
        reader,
        &config,
        &args.run_options(),
        &mut output,
        rejects.as_mut().map(|r| r as &mut (dyn Write + Send)),
        &reporter,
    );
    reporter.finish();
    let summary = match result {
        Ok(summary) => summary,
        // `scour clean | head`: the reader went away; that is how pipelines end.
        Err(FatalError::Output { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            return Ok(Status::Ok);
        }
        Err(e) => return Err(e.into()),
    };
    if let Output::File(file) = output {
        file.commit().context("cannot write the output file")?;
    }
    if let Some(r) = rejects {
        r.commit().context("cannot write the rejects file")?;
    }
    if let Some(path) = &args.stats {
        let mut json =
            serde_json::to_vec_pretty(&summary).context("cannot serialize the summary")?;
        json.push(b'\n');
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !args.quiet {
        eprintln!("scour: {}", summary.line());
    }
    Ok(if summary.rejected > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}

/// Where records go: stdout, or a file that appears only when the run succeeds.
enum Output {
    Stdout(BufWriter<std::io::Stdout>),
    File(AtomicFile),
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(w) => w.flush(),
        }
    }
}
