//! The `scour` command: parse arguments, build a `Config`, call the library, map the result
//! to an exit code. Everything else lives in the library.

#![forbid(unsafe_code)]

mod cli;

use clap::FromArgMatches;
use cli::Status;
use cli::args::{Cli, Command};
use std::process::ExitCode;

// mimalloc measured faster than the system allocator on the pipeline (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::raise_open_file_limit();
    let user_argv: Vec<_> = std::env::args_os().collect();
    // Settings from scour.toml (or --config FILE) go in before the user's own flags.
    let (argv, settings) = match cli::config::expand_argv(user_argv.clone()) {
        Ok(expanded) => expanded,
        Err(e) => {
            eprintln!("scour: {e}");
            return Status::Fatal.into();
        }
    };
    let matches = cli::args::command().get_matches_from(&argv);
    let args = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let status = match args.command {
        Command::Clean(a) => cli::clean::execute(&a, matches.subcommand_matches("clean")),
        Command::Check(a) => cli::check::execute(&a),
        Command::Diff(a) => cli::diff::execute(&a),
        Command::Detect(a) => cli::detect::execute(&a),
        Command::Learn(a) => cli::learn::execute(&a),
        Command::Completions(a) => cli::generate::completions(&a),
        Command::Man(a) => cli::generate::man(&a),
        Command::Report(a) => cli::report::execute(&a),
        Command::Config(a) => a
            .refuse_paths()
            .and_then(|()| a.clean.clean.config())
            .map_err(anyhow::Error::msg)
            .map(|_| {
                let sub = matches.subcommand_matches("config").unwrap_or(&matches);
                print!(
                    "{}",
                    cli::config::print_effective(sub, &settings, &user_argv[2..])
                );
                Status::Ok
            }),
    };
    match status {
        Ok(status) => status.into(),
        Err(e) => {
            eprintln!("scour: {}", message(&e));
            Status::Fatal.into()
        }
    }
}

/// An error and its causes on one line, `a: b: c`, leaving out a cause whose words the
/// message already holds (an error that prints its source and also reports it as its
/// source read "No space left on device (os error 28): No space left on device (os
/// error 28)").
fn message(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}
