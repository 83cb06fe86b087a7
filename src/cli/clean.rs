//! `scour clean`: inputs → JSONL records.

use super::Status;
use super::args::CleanArgs;
use super::progress::Reporter;
use anyhow::Context;
use scour::error::FatalError;
use scour::io::{AtomicFile, Compression, Encoder, InputFormat, ItemReader, OUTPUT_BUFFER, expand};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Run `scour clean`.
pub fn run(args: &CleanArgs) -> anyhow::Result<Status> {
    let config = match args.clean.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("scour: {e}");
            return Ok(Status::Fatal);
        }
    };
    if args.batch.input.is_some() {
        return super::batch::run(args, &config);
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
    let mut inputs = expand(&paths, args.clean.input_format());
    inputs.extend(expand(&args.rejects_in, InputFormat::Rejects));
    let reporter = Reporter::for_inputs(&mut inputs, args.quiet);
    let reader = ItemReader::new(inputs, config.input.clone());
    // The handler goes in before any output file exists.
    let temps: Temps = Arc::default();
    let cancel = on_interrupt(Arc::clone(&temps));

    let mut output = match &args.output {
        // A device or FIFO (`-o /dev/stdout`) cannot be replaced by a rename: write to it.
        Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            Output::Direct(BufWriter::with_capacity(OUTPUT_BUFFER, file))
        }
        Some(path) => {
            let file = AtomicFile::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            register_temp(&temps, file.temp_path());
            Output::File(
                Encoder::new(file, Compression::from_path(path), args.threads)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            )
        }
        None => Output::Stdout(BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout())),
    };
    let mut rejects = match &args.rejects {
        Some(path) => Some(
            AtomicFile::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => None,
    };

    if let Some(r) = &rejects {
        register_temp(&temps, r.temp_path());
    }
    let mut run_options = args.run_options();
    run_options.cancel = Some(cancel);

    let result = scour::run::run(
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
        Err(e) => return Err(e.into()),
    };
    if let Output::File(file) = output {
        file.finish()
            .and_then(AtomicFile::commit)
            .context("cannot write the output file")?;
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

/// Temporary output files to remove on a hard exit.
type Temps = Arc<std::sync::Mutex<Vec<PathBuf>>>;

fn register_temp(temps: &Temps, path: &std::path::Path) {
    if let Ok(mut t) = temps.lock() {
        t.push(path.to_owned());
    }
}

/// On SIGINT or SIGTERM, ask the run to stop after the current chunk; if it has not
/// stopped two seconds later (blocked reading a pipe, say) or on a second signal, remove the
/// temporary output files and exit. Either way no partial output file is left.
fn on_interrupt(temps: Temps) -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let hard_exit = move || -> ! {
        let paths = temps.lock().map(|t| t.clone()).unwrap_or_default();
        for path in paths {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("scour: interrupted");
        std::process::exit(130)
    };
    // Failing to install the handler (one is installed already) leaves the default action.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            hard_exit();
        }
        std::thread::sleep(std::time::Duration::from_secs(2));
        hard_exit();
    });
    cancel
}

/// Where records go: stdout, or a file that appears only when the run succeeds.
enum Output {
    Stdout(BufWriter<std::io::Stdout>),
    File(Encoder<AtomicFile>),
    Direct(BufWriter<std::fs::File>),
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(w) => w.write(buf),
            Output::Direct(w) => w.write(buf),
        }
    }

    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write_vectored(bufs),
            Output::File(w) => w.write_vectored(bufs),
            Output::Direct(w) => w.write_vectored(bufs),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File(w) => w.write_all(buf),
            Output::Direct(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(w) => w.flush(),
            Output::Direct(w) => w.flush(),
        }
    }
}
