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
use scour::report::{Collector, Reporting, RunFacts, html};
use scour::run::Observer;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Run `scour clean`; `matches` (its command line) gives the options a report shows.
pub fn execute(args: &CleanArgs, matches: Option<&clap::ArgMatches>) -> anyhow::Result<Status> {
    let config = args.clean.config().map_err(anyhow::Error::msg)?;
    let filter = args.walk.filter().map_err(anyhow::Error::msg)?;
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
    } else {
        super::paths_or_stdin(&args.paths, "documents into stdin (see --help)")?
    };
    for given in [&paths, &args.rejects_in] {
        super::require_paths(given)?;
    }
    if args.report.as_deref().is_some_and(|r| r.as_os_str() == "-")
        && args.output.as_deref().is_none_or(|o| o.as_os_str() == "-")
    {
        eprintln!("scour: --report - writes to stdout, where the records go: give -o FILE too");
        return Ok(Status::Fatal);
    }
    if let Some(report) = &args.report {
        let others = [
            args.output.as_deref(),
            args.rejects.as_deref(),
            args.stats.as_deref(),
        ];
        if let Some(other) = super::report::clash(report, &others) {
            eprintln!(
                "scour: --report {} would replace {}: give the report a path of its own",
                report.display(),
                other.display()
            );
            return Ok(Status::Fatal);
        }
    }
    let mut inputs = expand_with(&paths, args.clean.input_format(), &filter);
    inputs.extend(expand(&args.rejects_in, InputFormat::Rejects));
    let reporter = Reporter::for_inputs(&mut inputs, args.quiet).max_errors(args.max_errors);
    if let Some(path) = args.output.as_deref().filter(|p| is_parquet(p)) {
        return parquet(args, &config, inputs, path, &reporter, &paths, matches);
    }
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

    // With --report, the run's observer collects the report on the way.
    let reporting = args.report.as_ref().map(|_| {
        Reporting::new(
            &reporter,
            Collector::new(args.report_samples, Some(&config)),
        )
    });
    let observer: &dyn Observer = match &reporting {
        Some(reporting) => reporting,
        None => &reporter,
    };
    let result = scour::run::clean_items(
        reader,
        &config,
        &run_options,
        &mut output,
        rejects.as_mut().map(|r| r as &mut (dyn Write + Send)),
        observer,
    );
    reporter.finish();
    let summary = match ended(result, args)? {
        Ok(summary) => summary,
        Err(status) => return Ok(status),
    };
    output
        .finish()
        .and_then(Output::commit)
        .map_err(|source| FatalError::Output {
            target: shown(&args.output),
            source,
        })?;
    write_report(args, reporting, &paths, matches, &summary)?;
    finish(args, rejects, &summary)
}

/// With --report, write the report the run's observer collected.
fn write_report(
    args: &CleanArgs,
    reporting: Option<Reporting>,
    paths: &[PathBuf],
    matches: Option<&clap::ArgMatches>,
    summary: &scour::run::Summary,
) -> anyhow::Result<()> {
    let (Some(path), Some(reporting)) = (&args.report, reporting) else {
        return Ok(());
    };
    let facts = RunFacts {
        made_by: super::report::made_by("clean", paths),
        documents_in: summary.documents_in,
        documents_out: summary.documents_out,
        rejected: summary.rejected,
        bytes_in: Some(summary.bytes_in),
        bytes_out: Some(summary.bytes_out),
        seconds: Some(summary.seconds),
        threads: Some(summary.threads),
        options: Some(super::report::options_used(matches)),
    };
    let page = html::render(&reporting.into_collector(), &facts);
    Ok(super::report::write(path, &page)?)
}

/// A `-o` that names a Parquet file.
fn is_parquet(path: &Path) -> bool {
    path.as_os_str().as_encoded_bytes().ends_with(b".parquet")
}

/// `scour clean … -o x.parquet`: tables cleaned column by column when every input is
/// Parquet ([`scour::table`]), else the records in Parquet's columns
/// ([`scour::io::RecordsWriter`]).
fn parquet(
    args: &CleanArgs,
    config: &scour::Config,
    inputs: Vec<Result<scour::io::Input, scour::io::ListError>>,
    path: &Path,
    reporter: &Reporter,
    paths: &[PathBuf],
    matches: Option<&clap::ArgMatches>,
) -> anyhow::Result<Status> {
    let tables = scour::table::all_tables(&inputs);
    if tables && args.report.is_some() {
        // Tables are cleaned column by column, past the observer that collects a report.
        eprintln!(
            "scour: --report is not made for Parquet tables cleaned into Parquet: write JSONL and run `scour report` on it"
        );
        return Ok(Status::Fatal);
    }
    let cancel = signals::on_interrupt();
    let output =
        Output::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut rejects = match &args.rejects {
        Some(path) => Some(
            Output::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => None,
    };
    let mut run_options = args.run_options();
    run_options.cancel = Some(cancel);
    let rejects_out = rejects.as_mut().map(|r| r as &mut (dyn Write + Send));
    let reporting = args
        .report
        .as_ref()
        .map(|_| Reporting::new(reporter, Collector::new(args.report_samples, Some(config))));
    let observer: &dyn Observer = match &reporting {
        Some(reporting) => reporting,
        None => reporter,
    };
    let result = if tables {
        scour::table::clean_tables(inputs, config, &run_options, output, rejects_out, reporter)
    } else {
        let reader = ItemReader::new(inputs, config.input.clone());
        let mut records = scour::io::RecordsWriter::new(output)
            .with_context(|| format!("cannot start {}", path.display()))?;
        scour::run::clean_items(
            reader,
            config,
            &run_options,
            &mut records,
            rejects_out,
            observer,
        )
        .and_then(|summary| {
            let output = records.finish().map_err(|source| FatalError::Output {
                target: Target::Records,
                source,
            })?;
            Ok((summary, output))
        })
    };
    reporter.finish();
    let (summary, output) = match ended(result, args)? {
        Ok(done) => done,
        Err(status) => return Ok(status),
    };
    output.commit().map_err(|source| FatalError::Output {
        target: shown(&args.output),
        source,
    })?;
    write_report(args, reporting, paths, matches, &summary)?;
    finish(args, rejects, &summary)
}

fn shown(path: &Option<PathBuf>) -> Target {
    Target::File(path.clone().unwrap_or_else(|| PathBuf::from("-")))
}

/// What a run's result means for the command: what it gave, or the status to end with
/// now (`scour clean | head`: the reader went away, which is how pipelines end; an
/// interrupt, said on stderr), or an error that names the output the user gave.
fn ended<T>(result: Result<T, FatalError>, args: &CleanArgs) -> anyhow::Result<Result<T, Status>> {
    match result {
        Err(FatalError::Output { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            Ok(Err(Status::Ok))
        }
        Err(FatalError::Interrupted) => {
            signals::report_interrupted();
            Ok(Err(Status::Interrupted))
        }
        Err(FatalError::Output { target, source }) => Err(FatalError::Output {
            target: named(target, args),
            source,
        }
        .into()),
        Err(e) => Err(e.into()),
        Ok(t) => Ok(Ok(t)),
    }
}

/// Commit the rejects, write the stats, say the summary: the end of a run that wrote its
/// records.
fn finish(
    args: &CleanArgs,
    rejects: Option<Output>,
    summary: &scour::run::Summary,
) -> anyhow::Result<Status> {
    if let Some(r) = rejects {
        r.commit().map_err(|source| FatalError::Output {
            target: shown(&args.rejects),
            source,
        })?;
    }
    if let Some(path) = &args.stats {
        let mut json =
            serde_json::to_vec_pretty(summary).context("cannot serialize the summary")?;
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
