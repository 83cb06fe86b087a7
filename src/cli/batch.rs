//! `scour clean --input GLOB --output-dir DIR [--shard I/N]`: one shard of a batch.

use super::Status;
use super::args::CleanArgs;
use super::progress::Reporter;
use super::signals;
use scour::batch::{Batch, BatchError, Outcome, Shard};
use scour::config::Config;

/// Run one shard; the library does the work, this prints what happened.
pub fn execute(args: &CleanArgs, config: &Config) -> anyhow::Result<Status> {
    let (Some(pattern), Some(output_dir)) = (&args.batch.input, &args.batch.output_dir) else {
        eprintln!("scour: --input and --output-dir go together");
        return Ok(Status::Fatal);
    };
    let batch = Batch {
        pattern: pattern.clone(),
        output_dir: output_dir.clone(),
        shard: args.batch.shard.unwrap_or(Shard::ALL),
        format: args.clean.input_format(),
        // The parsed options that decide what cleaning does (not threads or messages).
        options: format!("{:?}", args.clean),
    };
    let reporter = Reporter::for_files(args.quiet).max_errors(args.max_errors);
    let mut options = args.run_options();
    options.cancel = Some(signals::on_interrupt());
    let result = scour::batch::run_shard(&batch, config, &options, &reporter);
    reporter.finish();
    let report = match result {
        Ok(Outcome::Ran(report)) => report,
        Ok(Outcome::Skipped { completion }) => {
            if !args.quiet {
                eprintln!(
                    "scour: shard {} is complete ({} exists); nothing to do",
                    batch.shard,
                    completion.display()
                );
            }
            return Ok(Status::Ok);
        }
        Err(BatchError::Interrupted) => {
            eprintln!("scour: shard {}: {}", batch.shard, BatchError::Interrupted);
            return Ok(Status::Interrupted);
        }
        Err(e) => {
            eprintln!("scour: {e}");
            return Ok(Status::Fatal);
        }
    };
    for failed in report.failed_files() {
        eprintln!(
            "scour: {}: {}",
            failed.input,
            failed.error.as_deref().unwrap_or_default()
        );
    }
    if !args.quiet {
        eprintln!(
            "scour: shard {}: {} of {}; {}",
            report.shard,
            report.files.len(),
            scour::units::count(report.files_matched as u64, "file"),
            report.summary.line()
        );
    }
    Ok(if report.failed_files().next().is_some() {
        eprintln!(
            "scour: shard {} is not complete; run it again to retry",
            report.shard
        );
        Status::Fatal
    } else if report.summary.rejected > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}
