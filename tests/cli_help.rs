//! The command line's help and usage: headings, the usage line, `config --help`, refusing
//! to wait on a terminal.

use crate::common::scour;
use std::io::Read;

/// The headings every flag of `clean` goes under, in the order `--help` shows them.
const HEADINGS: &[&str] = &["Input", "Output", "Stages", "Repair", "Structure", "Run"];

#[test]
fn clean_help_groups_every_flag_under_a_heading() {
    let out = scour().args(["clean", "-h"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    // The short help: a heading line, then one line per flag, then a blank line.
    let sections: Vec<(&str, Vec<&str>)> = help
        .split("\n\n")
        .filter_map(|block| {
            let (first, rest) = block.split_once(":\n")?;
            let flags = rest.lines().map(str::trim_start).collect();
            (!first.contains(' ')).then_some((first, flags))
        })
        .collect();
    let names: Vec<&str> = sections.iter().map(|(name, _)| *name).collect();
    let mut expected = vec!["Arguments", "Options"];
    expected.extend(HEADINGS);
    assert_eq!(names, expected, "{help}");
    let under = |heading: &str| &sections.iter().find(|(n, _)| *n == heading).unwrap().1;
    // Under "Options" only help and version: every other flag has its heading.
    assert_eq!(under("Options").len(), 2, "{help}");
    assert!(under("Options")[0].starts_with("-h, --help"), "{help}");
    // One flag of each heading, to see the grouping is the intended one.
    for (heading, flag) in [
        ("Input", "--encoding <LABEL>"),
        ("Output", "--rejects <FILE>"),
        ("Stages", "--normalization <NORMALIZATION>"),
        ("Repair", "--uncurl-quotes"),
        ("Structure", "--strip-boilerplate"),
        ("Run", "-j, --threads <N>"),
    ] {
        assert!(
            under(heading).iter().any(|l| l.starts_with(flag)),
            "{flag} under {heading}: {help}"
        );
    }
}

#[test]
fn the_usage_line_shows_the_two_forms_not_the_flags_given() {
    let out = scour()
        .args([
            "clean",
            "--input",
            "x/*.txt",
            "--output-dir",
            "o",
            "--shard",
            "0/2",
        ])
        .args(["-q", "stray.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "Usage: scour clean [OPTIONS] [PATHS]...\n       scour clean [OPTIONS] --input <GLOB> --output-dir <DIR> [--shard <I/N>]\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("--quiet"), "{stderr}");
}

#[test]
fn config_help_shows_settings_not_what_clean_writes() {
    let out = scour().args(["config", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Usage: scour config [OPTIONS]\n"), "{help}");
    assert!(!help.contains("PATHS"), "{help}");
    assert!(!help.contains("Write the records here"), "{help}");
    assert!(
        help.contains("The records file (a setting of `clean`: shown, not written)"),
        "{help}"
    );
    let out = scour().args(["config", "corpus/"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "scour: config takes no paths (corpus/ given): it prints the settings `clean` would use\n"
    );
}

/// `scour diff` with no paths and a terminal for stdin refuses at once, as `clean` and
/// `detect` do, instead of waiting on the keyboard. `script` gives the command a terminal.
#[test]
fn diff_without_input_at_a_terminal_refuses() {
    let bin = assert_cmd::cargo::cargo_bin("scour");
    for sub in ["diff", "clean", "detect"] {
        let mut child = std::process::Command::new("script")
            .args(["-qec", &format!("'{}' {sub}", bin.display()), "/dev/null"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("script (util-linux) gives the command a terminal");
        // A command that waits on the keyboard never ends: give it 30 seconds.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("scour {sub} waited on the terminal");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let mut shown = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut shown)
            .unwrap();
        assert_eq!(status.code(), Some(2), "{sub}: {shown}");
        assert!(shown.contains("scour: no input"), "{sub}: {shown}");
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_scour()"),
        ("zsh", "#compdef scour"),
        ("fish", "complete -c scour"),
        ("elvish", "edit:completion:arg-completer[scour]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = scour().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        // Flags of every heading and the subcommands are there.
        for word in [
            "max-doc-bytes",
            "strip-boilerplate",
            "id-from",
            "check",
            "detect",
        ] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    // The bash script is valid bash.
    let script = scour()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", &String::from_utf8(script).unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let out = scour().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_are_generated_from_the_definitions() {
    let out = scour().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH scour 1"), "{page}");
    for sub in [
        "clean",
        "check",
        "diff",
        "learn",
        "detect",
        "config",
        "completions",
    ] {
        assert!(page.contains(&format!("scour\\-{sub}(1)")), "{sub}: {page}");
    }
    let out = scour().args(["man", "clean"]).output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    let title = format!(".TH scour-clean 1  \"scour {}\"", env!("CARGO_PKG_VERSION"));
    assert!(page.contains(&title), "{page}");
    let sections: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .collect();
    assert_eq!(
        sections,
        [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "INPUT",
            "OUTPUT",
            "STAGES",
            "REPAIR",
            "STRUCTURE",
            "RUN",
            "VERSION"
        ]
    );
    assert!(
        page.contains("\\-\\-output\\-dir <DIR> [\\-\\-shard <I/N>]"),
        "{page}"
    );

    let out = scour().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("scour: no command \"nope\"")
    );

    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let out = scour().args(["man", "--dir"]).arg(&pages).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "scour-check.1",
            "scour-clean.1",
            "scour-completions.1",
            "scour-config.1",
            "scour-detect.1",
            "scour-diff.1",
            "scour-learn.1",
            "scour-man.1",
            "scour-report.1",
            "scour.1"
        ]
    );
}
