//! The `scour` command: parse arguments, build a `Config`, call the library, map the result
//! to an exit code. Everything else lives in the library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    let status = match args.command {
        cli::args::Command::Clean(a) => cli::clean::run(&a),
        cli::args::Command::Check(a) => cli::check::run(&a),
        cli::args::Command::Diff(a) => cli::diff::run(&a),
        cli::args::Command::Learn(a) => cli::learn::run(&a),
    };
    match status {
        Ok(status) => status.into(),
        Err(e) => {
            eprintln!("scour: {e:#}");
            cli::Status::Fatal.into()
        }
    }
}
