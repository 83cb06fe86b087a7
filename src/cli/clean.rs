//! `scour clean`: inputs → JSONL records.

use super::Status;
use super::args::CleanArgs;
use super::progress::Reporter;
use super::signals;
use anyhow::Context;
use scour::error::{FatalError, Target};
use scour::io::{
    Compression, Encoder, InputFormat, ItemReader, Output, expand, expand_with, write_output,
};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Run `scour clean`.
pub fn execute(args: &CleanArgs) -> anyhow::Result<Status> {
    let config = match args.clean.config() {
        Ok(c) => c,
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
    if args.batch.input.is_some() {
        if args.walk.given() {
            eprintln!(
                "scour: --glob and --hidden pick the files of walked folders; batch mode takes those --input GLOB matches"
            );
            return Ok(Status::Fatal);
        }
        return super::batch::execute(args, &config);
    }
    if args.batch.output_dir.is_some() || args.batch.shard.is_some() {
        eprintln!("scour: --output-dir and --shard are for batch mode: give --input GLOB too");
        return Ok(Status::Fatal);
    }
    let paths = if args.paths.is_empty() && !args.rejects_in.is_empty() {
        Vec::new()
    } else if args.paths.is_empty() {
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
    for given in [&paths, &args.rejects_in] {
        if let Some(message) = super::missing_path(given) {
            eprintln!("scour: {message}");
            return Ok(Status::Fatal);
        }
    }
    let mut inputs = expand_with(&paths, args.clean.input_format(), &filter);
    inputs.extend(expand(&args.rejects_in, InputFormat::Rejects));
    let reporter = Reporter::for_inputs(&mut inputs, args.quiet).max_errors(args.max_errors);
    let reader = ItemReader::new(inputs, config.input.clone());
    // The handler goes in before any output file exists.
    let cancel = signals::on_interrupt();

    let (output, compression) = match &args.output {
        Some(path) => (
            Output::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            Compression::from_path(path),
        ),
        None => (Output::stdout(), Compression::None),
    };
    let mut output =
        Encoder::new(output, compression, args.threads).context("cannot start the compressor")?;
    let mut rejects = match &args.rejects {
        Some(path) => Some(
            Output::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => None,
    };
    let mut run_options = args.run_options();
    run_options.cancel = Some(cancel);

    let result = scour::run::clean_items(
        reader,
        &config,
        &run_options,
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
        Err(FatalError::Interrupted) => {
            signals::report_interrupted();
            return Ok(Status::Interrupted);
        }
        Err(FatalError::Output { target, source }) => {
            return Err(FatalError::Output {
                target: named(target, args),
                source,
            }
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    let shown =
        |path: &Option<PathBuf>| Target::File(path.clone().unwrap_or_else(|| PathBuf::from("-")));
    output
        .finish()
        .and_then(Output::commit)
        .map_err(|source| FatalError::Output {
            target: shown(&args.output),
            source,
        })?;
    if let Some(r) = rejects {
        r.commit().map_err(|source| FatalError::Output {
            target: shown(&args.rejects),
            source,
        })?;
    }
    if let Some(path) = &args.stats {
        let mut json =
            serde_json::to_vec_pretty(&summary).context("cannot serialize the summary")?;
        json.push(b'\n');
        write_output(path, &json).map_err(|source| FatalError::Output {
            target: Target::File(path.clone()),
            source,
        })?;
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

/// The user's name for an output the run names by its role.
fn named(target: Target, args: &CleanArgs) -> Target {
    let given = match &target {
        Target::Records => args.output.as_ref(),
        Target::Rejects => args.rejects.as_ref(),
        Target::Stdout | Target::File(_) => None,
    };
    match (given, target) {
        (Some(path), _) if path.as_os_str() != "-" => Target::File(path.clone()),
        (_, Target::Records | Target::Rejects) => Target::Stdout,
        (_, target) => target,
    }
}
