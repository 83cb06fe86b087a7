//! `scour learn`: a corpus → a vocabulary file (`scour-vocab 1`).

use super::Status;
use super::args::LearnArgs;
use super::progress::Reporter;
use super::signals;
use anyhow::Context;
use scour::error::FatalError;
use scour::io::{ItemReader, Output, expand_with};
use scour::run::RunOptions;
use std::io::BufWriter;

/// Run `scour learn`.
pub fn execute(args: &LearnArgs) -> anyhow::Result<Status> {
    let config = args.clean.config().map_err(anyhow::Error::msg)?;
    let filter = args.walk.filter().map_err(anyhow::Error::msg)?;
    super::require_paths(&args.paths)?;
    let mut inputs = expand_with(&args.paths, args.clean.input_format(), &filter);
    let reporter = Reporter::for_inputs(&mut inputs, args.quiet);
    let reader = ItemReader::new(inputs, config.input.clone());
    let options = RunOptions {
        threads: args.threads,
        cancel: Some(signals::on_interrupt()),
        ..RunOptions::default()
    };
    let result = scour::learn::learn(reader, &config, &options, &reporter);
    reporter.finish();
    let (vocab, summary) = match result {
        Ok(learned) => learned,
        Err(FatalError::Interrupted) => {
            signals::report_interrupted();
            return Ok(Status::Interrupted);
        }
        Err(e) => return Err(e.into()),
    };
    let cannot = || format!("cannot write {}", args.output.display());
    let file = Output::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    vocab.write(&mut out).with_context(cannot)?;
    let file = out
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(cannot)?;
    file.commit().with_context(cannot)?;
    if !args.quiet {
        eprintln!("scour: learned {}", summary.line());
    }
    Ok(if summary.rejected > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}
