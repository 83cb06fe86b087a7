//! The configuration file: `scour.toml` in the working directory, or `--config FILE`.
//!
//! Read by `clean`, `diff`, `learn` and `config`. Every key is the long name of a
//! `scour clean` flag, and every setting is also a flag: `threads = 4`, `no-tags = true`,
//! `tag-pattern = ["[a-z]+:[a-z]+"]`, `normalization = "nfkc"`. A switch `--no-NAME` may
//! also be written `NAME = false` (`title = false`, `tags = false`). The file's settings
//! are put on the command line right after the subcommand, so that flags given by the user
//! come later and win (for repeatable flags such as `--tag-pattern` the two add up). An
//! unknown key is an error naming the key and the file; a value of the wrong type or one
//! its flag refuses is an error naming the file, the key and the type the key takes.
//! `scour config` prints the effective configuration and where each value came from.

use super::args::{CaseArgs, Cli};
use clap::{CommandFactory, Parser};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The file read from the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "scour.toml";

/// Subcommands that read the configuration file.
const READS_CONFIG: &[&str] = &["clean", "diff", "learn", "config"];

/// Keys a subcommand has a flag of the same name for, with another meaning: not passed on
/// (`learn -o` is the vocabulary, not the records file that `output` names).
const OTHER_MEANING: &[(&str, &str)] = &[("learn", "output")];

/// The settings of a configuration file, as command-line words.
#[derive(Debug, Default)]
pub struct FileSettings {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// The keys it sets, in file order.
    pub keys: Vec<String>,
}

/// Return `argv` with the configuration file's settings inserted after the subcommand.
pub fn expand_argv(argv: Vec<OsString>) -> Result<(Vec<OsString>, FileSettings), String> {
    let Some(sub) = argv.get(1).and_then(|s| s.to_str()).map(str::to_owned) else {
        return Ok((argv, FileSettings::default()));
    };
    if !READS_CONFIG.contains(&sub.as_str()) {
        return Ok((argv, FileSettings::default()));
    }
    let path = match explicit_config(&argv[2..]) {
        Some(path) => path,
        None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
        None => return Ok((argv, FileSettings::default())),
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // Keys are checked against `clean`, the subcommand that has every setting; `diff`
    // takes only the cleaning options and ignores run settings such as `threads`, `learn`
    // the cleaning options and the run settings it has.
    let known = long_flags("clean");
    let accepted = long_flags(if sub == "config" { "clean" } else { &sub });
    let mut words = Vec::new();
    let mut keys = Vec::new();
    for (key, value) in &table {
        // `NAME = false` for the switch `--no-NAME`.
        let negated = format!("no-{key}");
        let (key, value) = match value {
            toml::Value::Boolean(b)
                if !known.iter().any(|k| k == key) && known.contains(&negated) =>
            {
                (&negated, &toml::Value::Boolean(!b))
            }
            _ => (key, value),
        };
        if !known.iter().any(|k| k == key) || key == "config" {
            return Err(format!(
                "{}: unknown key `{key}`{}",
                path.display(),
                suggestion(key, &known)
            ));
        }
        keys.push(key.clone());
        let bad = |e: String| format!("{}: key `{key}`: {e}", path.display());
        check_value(key, value).map_err(bad)?;
        if accepted.iter().any(|k| k == key) && !OTHER_MEANING.contains(&(sub.as_str(), key)) {
            push_words(&mut words, key, value).map_err(bad)?;
        }
    }
    let mut out = argv[..2].to_vec();
    out.extend(words.into_iter().map(OsString::from));
    out.extend(argv[2..].iter().cloned());
    Ok((
        out,
        FileSettings {
            path: Some(path),
            keys,
        },
    ))
}

/// A setting's value checked against its flag: the TOML type first (a switch takes `true`
/// or `false`, a number a number, …), then the flag's own parser (`threads = 100000`), so
/// that a bad value is reported with the file and the key, not as a flag the user never
/// typed.
fn check_value(key: &str, value: &toml::Value) -> Result<(), String> {
    let mut cmd = Cli::command();
    cmd.build();
    let Some(arg) = cmd
        .find_subcommand("clean")
        .and_then(|c| c.get_arguments().find(|a| a.get_long() == Some(key)))
    else {
        return Ok(());
    };
    let switch = !arg.get_num_args().is_some_and(|n| n.takes_values());
    let list = matches!(arg.get_action(), clap::ArgAction::Append);
    let kind = ValueKind::of(arg, switch);
    let found = |v: &toml::Value| format!("found {v}");
    let values: Vec<&toml::Value> = match value {
        toml::Value::Array(items) if list => items.iter().collect(),
        v => vec![v],
    };
    for v in &values {
        if !kind.admits(v) {
            let expected = kind.describe();
            return Err(if list {
                format!("expected {expected}, or a list of them; {}", found(v))
            } else {
                format!("expected {expected}; {}", found(v))
            });
        }
    }
    if switch {
        return Ok(());
    }
    // The flag's own parser, on this setting alone; then the library's rules for a
    // cleaning option (patterns, encoding labels), except the vocabulary, which is read
    // once, by the run.
    let mut words = Vec::new();
    push_words(&mut words, key, value)?;
    if key != "vocab"
        && let Ok(case) = CaseArgs::try_parse_from(&words)
    {
        case.clean.config()?;
    }
    let argv = ["scour".to_owned(), "clean".to_owned()]
        .into_iter()
        .chain(words);
    match super::args::command().try_get_matches_from(argv) {
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::ValueValidation | clap::error::ErrorKind::InvalidValue
            ) =>
        {
            let text = e.to_string();
            let line = text.lines().next().unwrap_or_default();
            Err(line.strip_prefix("error: ").unwrap_or(line).to_owned())
        }
        _ => Ok(()),
    }
}

/// The TOML type a setting takes, from its flag.
enum ValueKind {
    /// A switch: `true` or `false`.
    Switch,
    /// A whole number (`value_name = "N"`).
    Number,
    /// A size: a number of bytes, or a string with a unit.
    Size,
    /// One of the flag's possible values.
    Choice(Vec<String>),
    /// Any string (a path, a pattern, a label).
    Text,
}

impl ValueKind {
    fn of(arg: &clap::Arg, switch: bool) -> Self {
        let name = arg
            .get_value_names()
            .and_then(|n| n.first())
            .map(|n| n.as_str().to_owned());
        let choices: Vec<String> = arg
            .get_possible_values()
            .iter()
            .map(|p| p.get_name().to_owned())
            .collect();
        match name.as_deref() {
            _ if switch => Self::Switch,
            _ if !choices.is_empty() => Self::Choice(choices),
            Some("N") => Self::Number,
            Some("SIZE") => Self::Size,
            _ => Self::Text,
        }
    }

    fn admits(&self, value: &toml::Value) -> bool {
        use toml::Value as V;
        matches!(
            (self, value),
            (Self::Switch, V::Boolean(_))
                | (Self::Number | Self::Size, V::Integer(0..))
                | (Self::Size | Self::Choice(_) | Self::Text, V::String(_))
        )
    }

    fn describe(&self) -> String {
        match self {
            Self::Switch => "true or false".to_owned(),
            Self::Number => "a whole number".to_owned(),
            Self::Size => "a size (a number of bytes, or a string such as \"64MiB\")".to_owned(),
            Self::Choice(names) => format!(
                "one of {}",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::Text => "a string".to_owned(),
        }
    }
}

fn explicit_config(args: &[OsString]) -> Option<PathBuf> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let arg = arg.to_string_lossy();
        if arg == "--" {
            break;
        }
        if arg == "--config" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

fn long_flags(sub: &str) -> Vec<String> {
    let cmd = Cli::command();
    cmd.find_subcommand(sub)
        .map(|c| {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn suggestion(key: &str, known: &[String]) -> String {
    let close: Vec<&str> = known
        .iter()
        .filter(|k| k.contains(key) || key.contains(k.as_str()) || strsim::levenshtein(k, key) <= 2)
        .map(String::as_str)
        .collect();
    if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    }
}

fn push_words(words: &mut Vec<String>, key: &str, value: &toml::Value) -> Result<(), String> {
    let flag = format!("--{key}");
    match value {
        toml::Value::Boolean(true) => words.push(flag),
        toml::Value::Boolean(false) => {}
        toml::Value::String(s) => words.extend([flag, s.clone()]),
        toml::Value::Integer(n) => words.extend([flag, n.to_string()]),
        toml::Value::Float(x) => words.extend([flag, x.to_string()]),
        toml::Value::Array(items) => {
            for item in items {
                push_words(words, key, item)?;
            }
        }
        other => return Err(format!("a {} is not a setting", other.type_str())),
    }
    Ok(())
}

/// `scour config`: every clean setting with its effective value and where it came from.
pub fn print_effective(
    matches: &clap::ArgMatches,
    settings: &FileSettings,
    user_argv: &[OsString],
) -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let Some(clean) = cmd.find_subcommand("clean") else {
        return String::new();
    };
    let user_flags: Vec<String> = user_argv
        .iter()
        .filter_map(|a| a.to_str())
        .filter_map(|a| a.strip_prefix("--"))
        .map(|a| a.split('=').next().unwrap_or(a).to_owned())
        .collect();
    let mut out = String::from("# the effective configuration of `scour clean`\n");
    if let Some(path) = &settings.path {
        out.push_str(&format!("# configuration file: {}\n", path.display()));
    }
    for arg in clean.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if matches!(long, "help" | "version" | "config") {
            continue;
        }
        let values: Vec<String> = matches
            .try_get_raw(arg.get_id().as_str())
            .ok()
            .flatten()
            .map(|v| v.map(|s| s.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
        let rendered = if !takes_value {
            values.first().cloned().unwrap_or_else(|| "false".into())
        } else if matches!(arg.get_action(), clap::ArgAction::Append) {
            format!(
                "[{}]",
                values
                    .iter()
                    .map(|v| toml_string(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            match values.first() {
                Some(v) if v.parse::<i64>().is_ok() => v.clone(),
                Some(v) => toml_string(v),
                None => {
                    out.push_str(&format!("# {long} is not set\n"));
                    continue;
                }
            }
        };
        let (from_flag, from_file) = (
            user_flags.iter().any(|f| f == long),
            settings.keys.iter().any(|k| k == long),
        );
        let source = match (from_flag, from_file) {
            (true, true) if matches!(arg.get_action(), clap::ArgAction::Append) => "file and flag",
            (true, _) => "flag",
            (false, true) => "file",
            (false, false) => "default",
        };
        let line = format!("{long} = {rendered}");
        out.push_str(&format!("{line:<40} # {source}\n"));
    }
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}
