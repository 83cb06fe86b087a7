//! `scour completions SHELL` and `scour man`: shell completions and manual pages, generated
//! from the same clap definitions that parse the command line, so they cannot drift from it.

use super::Status;
use super::args::{CompletionsArgs, ManArgs};
use anyhow::Context;
use std::io::Write;

/// Print the completion script for a shell on stdout.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Status> {
    let mut cmd = super::args::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "scour", &mut out);
    write_stdout(&out)
}

/// Print a manual page on stdout, or write every page into a folder.
pub fn man(args: &ManArgs) -> anyhow::Result<Status> {
    let mut cmd = super::args::command().disable_help_subcommand(true);
    cmd.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let pages = std::iter::once(cmd.clone()).chain(cmd.get_subcommands().cloned());
        for page in pages {
            manual(page)
                .generate_to(dir)
                .with_context(|| format!("cannot write the pages into {}", dir.display()))?;
        }
        return Ok(Status::Ok);
    }
    let page = match &args.command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                eprintln!(
                    "scour: no command {name:?} (the commands: {})",
                    names.join(", ")
                );
                return Ok(Status::Fatal);
            }
        },
    };
    let mut out = Vec::new();
    manual(page)
        .render(&mut out)
        .context("cannot render the page")?;
    write_stdout(&out)
}

/// The page of `cmd` (scour or one of its commands, as built), its source "scour VERSION".
fn manual(cmd: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd).source(format!("scour {}", env!("CARGO_PKG_VERSION")))
}

/// Write to stdout; a reader that went away (`scour man | head`) ends the run quietly.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<Status> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(Status::Ok),
    }
}
