//! Command-line arguments (clap) and their translation into the library's `Config`.
//! No clap type travels past this module.

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use scour::config::{
    Config, DecodeOptions, EncodingMode, IdFrom, Layout, LinePattern, Normalization, RestoreMode,
};
use scour::io::{InputFormat, WalkFilter};
use scour::run::RunOptions;
use std::path::PathBuf;

// The headings of `scour clean --help`, in the order they are shown (clap shows headings in
// the order their first flag is defined; the positional PATHS come first, under
// "Arguments"). Every flag of `clean` goes under one of them.
/// Where documents come from and how they are read.
pub const INPUT: &str = "Input";
/// Where records, rejects and the summary go.
pub const OUTPUT: &str = "Output";
/// Which stages run and how (normalization, tags, restoration).
pub const STAGES: &str = "Stages";
/// What the repair stage changes.
pub const REPAIR: &str = "Repair";
/// Titles, headings and boilerplate.
pub const STRUCTURE: &str = "Structure";
/// Threads, messages, the configuration file, shards.
pub const RUN: &str = "Run";

/// Clean scraped text corpora: decode, repair, normalize, recognise structure, emit JSONL.
#[derive(Debug, Parser)]
#[command(
    name = "scour",
    version,
    about,
    propagate_version = true,
    args_override_self = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once at start-up: boxing would buy nothing
pub enum Command {
    /// Clean documents into JSONL records, one per document.
    #[command(override_usage = "scour clean [OPTIONS] [PATHS]...\n       \
                                scour clean [OPTIONS] --input <GLOB> --output-dir <DIR> [--shard <I/N>]")]
    Clean(CleanArgs),
    /// Run fixture cases (raw input next to expected JSONL) and show what differs.
    Check(CheckArgs),
    /// Show, per document, what cleaning changes: a diff labelled by stage and kind.
    Diff(DiffArgs),
    /// Build a vocabulary of attested word forms (for `clean --vocab`) from a corpus.
    Learn(LearnArgs),
    /// Print each input's encoding, how sure the guess is and which step decided.
    Detect(DetectArgs),
    /// Print the effective configuration of `clean` (defaults, scour.toml, flags).
    ///
    /// Takes the flags of `clean` and prints, for each setting, its value and where it came
    /// from: the default, the configuration file or a flag. No document is read and nothing
    /// is written.
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout.
    ///
    /// bash: `scour completions bash > ~/.local/share/bash-completion/completions/scour`;
    /// zsh: into a folder of your `$fpath` as `_scour`; fish:
    /// `scour completions fish > ~/.config/fish/completions/scour.fish`.
    Completions(CompletionsArgs),
    /// Print the manual page of scour, or of one of its commands, on stdout (roff; read it
    /// with `scour man | man -l -`), or write every page into a folder.
    Man(ManArgs),
    /// Write the HTML corpus report of records an earlier `clean` wrote (and its rejects).
    Report(ReportArgs),
}

/// `scour report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Records written by `scour clean` (JSONL, compressed or not; files or folders), and
    /// reject records written by its --rejects.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the report here (atomically) instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Documents shown per change kind and per reject kind.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub samples: usize,
    /// Worker threads (0: one per core; at most 16 per core and 1024).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N", value_parser = parse_threads)]
    pub threads: usize,
    /// No progress bar and no lines about unreadable records.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `scour completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `scour man`.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// The command whose page to print (`clean` prints scour-clean(1)); without one,
    /// scour(1).
    pub command: Option<String>,
    /// Write every page (scour.1, scour-clean.1, …) into DIR instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
}

/// The command-line definition as `scour` parses it: the derived [`Cli`] with the changes
/// derive attributes cannot make to a flattened argument.
pub fn command() -> clap::Command {
    const SHOWN: &str = "(a setting of `clean`: shown, not written)";
    Cli::command().mut_subcommand("config", |config| {
        config
            // `config` reads no documents; it refuses paths (see `ConfigArgs::refuse_paths`).
            .mut_arg("paths", |a| a.hide(true))
            .mut_arg("output", |a| a.help(format!("The records file {SHOWN}")))
            .mut_arg("stats", |a| a.help(format!("The summary file {SHOWN}")))
            .mut_arg("rejects", |a| a.help(format!("The rejects file {SHOWN}")))
            .mut_arg("output_dir", |a| {
                a.help(format!("Batch mode's output folder {SHOWN}"))
            })
    })
}

/// `scour config`: the same settings as `clean`.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub clean: CleanArgs,
}

impl ConfigArgs {
    /// `config` shows settings; paths are not one, so one given is a usage error.
    pub fn refuse_paths(&self) -> Result<(), String> {
        match self.clean.paths.first() {
            Some(path) => Err(format!(
                "config takes no paths ({} given): it prints the settings `clean` would use",
                path.display()
            )),
            None => Ok(()),
        }
    }
}

/// `scour clean`.
#[derive(Debug, Clone, Args)]
pub struct CleanArgs {
    /// Files, folders (walked recursively in sorted order) or `-` for stdin. Without any,
    /// stdin is read when it is not a terminal.
    pub paths: Vec<PathBuf>,
    // The first flag of each heading decides where the heading stands: Input, then Output.
    /// Run the documents of a rejects file (from --rejects) again; repeatable.
    #[arg(help_heading = INPUT, long, value_name = "FILE")]
    pub rejects_in: Vec<PathBuf>,
    /// Write the records here (atomically: a temporary file renamed on success) instead of
    /// to stdout.
    #[arg(help_heading = OUTPUT, short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub clean: CleanOptions,
    /// Worker threads (0: one per core; at most 16 per core and 1024).
    #[arg(help_heading = RUN, short = 'j', long, default_value_t = 0, value_name = "N", value_parser = parse_threads)]
    pub threads: usize,
    /// No progress bar, no reject lines and no summary line (the exit code still tells).
    #[arg(help_heading = RUN, short, long)]
    pub quiet: bool,
    /// Print at most N reject lines on stderr, then how many more (all are in --rejects).
    #[arg(help_heading = RUN, long, default_value_t = 20, value_name = "N")]
    pub max_errors: u64,
    /// Write the run's summary as JSON to FILE.
    #[arg(help_heading = OUTPUT, long, value_name = "FILE")]
    pub stats: Option<PathBuf>,
    /// Write every rejected document as a JSONL record (origin, kind, reason, raw bytes) to
    /// FILE.
    #[arg(help_heading = OUTPUT, long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Read settings from FILE instead of ./scour.toml (keys are long flag names).
    #[arg(help_heading = RUN, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Write an HTML report of the run to FILE: counts, charts, and sampled documents with
    /// their changed lines before and after.
    #[arg(help_heading = OUTPUT, long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Documents shown per change kind and per reject kind in --report.
    #[arg(help_heading = OUTPUT, long, default_value_t = 5, value_name = "N")]
    pub report_samples: usize,
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Which entries of walked folders are read (`clean`, `diff`, `learn`, `detect`).
#[derive(Debug, Clone, Args)]
pub struct WalkArgs {
    /// In walked folders, read only files that match GLOB, or leave out what matches
    /// !GLOB; repeatable, the last that matches decides (ripgrep's -g: `*.txt` matches
    /// names at any depth, `a/*.txt` paths below the folder). Paths given are always read.
    #[arg(help_heading = INPUT, short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// In walked folders, read hidden files and folders too (names that start with `.`).
    #[arg(help_heading = INPUT, long)]
    pub hidden: bool,
}

impl WalkArgs {
    /// The validated filter.
    pub fn filter(&self) -> Result<WalkFilter, String> {
        WalkFilter::new(&self.globs, self.hidden).map_err(|e| format!("--glob: {e}"))
    }

    /// Whether a flag was given (batch mode picks its files by `--input GLOB` instead).
    pub fn given(&self) -> bool {
        !self.globs.is_empty() || self.hidden
    }
}

/// Batch mode: `--input GLOB --output-dir DIR [--shard I/N]`.
#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// Batch mode: clean each file matching GLOB (quote it; `**` crosses folders) into its
    /// own output file under --output-dir, at the same relative path.
    #[arg(help_heading = INPUT, long, value_name = "GLOB", requires = "output_dir",
          conflicts_with_all = ["paths", "output", "rejects", "stats", "report"])]
    pub input: Option<String>,
    /// Batch mode: the output folder (also gets `_completions/I`, `_stats/I.json` and
    /// `_rejects/I.jsonl` per shard).
    #[arg(help_heading = OUTPUT, long, value_name = "DIR", requires = "input")]
    pub output_dir: Option<PathBuf>,
    /// Batch mode: take only the files at positions I, I+N, I+2N… of the sorted list.
    #[arg(help_heading = RUN, long, value_name = "I/N", requires = "input")]
    pub shard: Option<scour::batch::Shard>,
}

/// The options that decide what cleaning does (also read from fixture `args` files).
#[derive(Debug, Clone, Args)]
pub struct CleanOptions {
    /// How inputs are split into documents: auto (by extension; stdin by its first byte),
    /// text (one document per input), jsonl, lines (one per line), warc (a document per
    /// WARC `conversion` record).
    #[arg(help_heading = INPUT, long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// Every text line is a document (same as --format lines).
    #[arg(help_heading = INPUT, long)]
    pub lines: bool,
    /// JSONL field holding the text, and where the clean text goes: a name, or a path into
    /// nested objects (`content.body`; a dot in a name is written `\.`).
    #[arg(help_heading = INPUT, long, default_value = "text", value_name = "PATH")]
    pub text_field: String,
    /// JSONL field holding the id (a name or a path).
    #[arg(help_heading = INPUT, long, default_value = "id", value_name = "PATH")]
    pub id_field: String,
    /// JSONL field holding the title, and where a title found in the text goes (a name or
    /// a path; an input field of that name that is not a string is never overwritten: the
    /// title then goes to the report, `clean.title`).
    #[arg(help_heading = INPUT, long, default_value = "title", value_name = "PATH")]
    pub title_field: String,
    /// Where record ids come from: field (the JSONL id field; else the file name without
    /// its extensions, plus `:LINE` for a line), stem (the file name, for every document),
    /// path (the path as records show it, unique in a run: `a/index.txt`).
    #[arg(help_heading = INPUT, long, value_enum, default_value_t = IdFromArg::Field)]
    pub id_from: IdFromArg,
    /// The shape of a JSONL line's record: keep (its fields in place, the clean text in the
    /// text field, scour's report in `metadata.clean`) or nested (scour's shape: `id`,
    /// `title`, `text`, every other field under `metadata`).
    #[arg(help_heading = OUTPUT, long, value_enum, default_value_t = LayoutArg::Keep)]
    pub layout: LayoutArg,
    /// Reject documents larger than this: bytes, or with a unit (16M, 64MiB: powers of
    /// 1024; 16MB: of 1000).
    #[arg(help_heading = INPUT, long, default_value = DEFAULT_MAX_DOC_SIZE, value_name = "SIZE",
          value_parser = parse_size)]
    pub max_doc_bytes: u64,
    /// Unicode normalization form.
    #[arg(help_heading = STAGES, long, value_enum, default_value_t = NormalizationArg::Nfc)]
    pub normalization: NormalizationArg,
    /// Turn curly quotes into straight ASCII quotes (default: keep them).
    #[arg(help_heading = REPAIR, long)]
    pub uncurl_quotes: bool,
    /// Turn fullwidth ASCII (`ＡＢＣ`) into ASCII (default: keep it).
    #[arg(help_heading = REPAIR, long)]
    pub fix_width: bool,
    /// Turn Latin ligatures (`ﬁ`) into letters (default: keep them; NFKC folds them too).
    #[arg(help_heading = REPAIR, long)]
    pub fix_ligatures: bool,
    /// Do not decode HTML entities (default: decoded, except in documents that are HTML).
    #[arg(help_heading = REPAIR, long)]
    pub no_entities: bool,
    /// Give each kind of repair an example of what it changed, `example: {before, after}`
    /// beside its kind and count (default: kind and count only).
    #[arg(help_heading = REPAIR, long)]
    pub explain: bool,
    /// Do not look for site tags.
    #[arg(help_heading = STAGES, long)]
    pub no_tags: bool,
    /// A further site-tag shape (a regex matched against the whole last line); repeatable.
    #[arg(help_heading = STAGES, long = "tag-pattern", value_name = "REGEX")]
    pub tag_patterns: Vec<String>,
    /// Also take a tag from the first line (for corpora that put it there).
    #[arg(help_heading = STAGES, long)]
    pub tag_first_line: bool,
    /// Never take a title from the text (a title the input gives is kept; `title = false`
    /// in scour.toml).
    #[arg(help_heading = STRUCTURE, long)]
    pub no_title: bool,
    /// Remove boilerplate lines at the edges (kept under `removed`) instead of only
    /// flagging them in `metadata.clean.boilerplate`.
    #[arg(help_heading = STRUCTURE, long)]
    pub strip_boilerplate: bool,
    /// A line that is boilerplate (exact, after trimming); repeatable.
    #[arg(help_heading = STRUCTURE, long = "boilerplate", value_name = "LINE")]
    pub boilerplate_lines: Vec<String>,
    /// A pattern for boilerplate lines (matched against the whole line); repeatable.
    #[arg(help_heading = STRUCTURE, long = "boilerplate-regex", value_name = "REGEX")]
    pub boilerplate_patterns: Vec<String>,
    /// Do not use the built-in boilerplate patterns (credit lines, reading tips, notices).
    #[arg(help_heading = STRUCTURE, long)]
    pub no_builtin_boilerplate: bool,
    #[command(flatten)]
    pub encoding: EncodingArgs,
    /// A vocabulary built by `scour learn`: word forms the corpus attests, consulted after
    /// each document's own words when restoring transliterations.
    #[arg(help_heading = STAGES, long, value_name = "FILE")]
    pub vocab: Option<PathBuf>,
    /// What to restore: headings (an all-ASCII title) or body (the text too; needs --vocab).
    #[arg(help_heading = STAGES, long, value_enum, default_value_t = RestoreArg::Headings)]
    pub restore: RestoreArg,
}

/// How inputs are decoded (shared by `clean`, `diff`, fixture cases and `detect`).
#[derive(Debug, Clone, Args)]
pub struct EncodingArgs {
    /// Decode with this encoding (WHATWG or Python name: cp1252, latin_1, sjis, …); a
    /// byte order mark still wins unless --ignore-bom.
    #[arg(help_heading = INPUT, long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// A soft hint for detection: an encoding label, lang:xx or tld:xx.
    #[arg(help_heading = INPUT, long, value_name = "HINT", conflicts_with = "encoding")]
    pub encoding_hint: Option<String>,
    /// The encoding for input nothing else decodes.
    #[arg(help_heading = INPUT, long, value_name = "LABEL", default_value = "windows-1252")]
    pub fallback: String,
    /// With --encoding, ignore byte order marks too.
    #[arg(help_heading = INPUT, long, requires = "encoding")]
    pub ignore_bom: bool,
}

impl EncodingArgs {
    /// The validated decode options; an unknown label lists the closest known ones.
    pub fn decode_options(&self) -> Result<DecodeOptions, String> {
        let label = |flag: &str, value: &str| {
            scour::decode::parse_label(value).map_err(|e| format!("--{flag}: {e}"))
        };
        let mode = match (&self.encoding, &self.encoding_hint) {
            (Some(enc), _) => EncodingMode::Forced(
                scour::decode::parse_charset(enc).map_err(|e| format!("--encoding: {e}"))?,
            ),
            (None, Some(hint)) => EncodingMode::Hint(
                scour::decode::parse_hint(hint).map_err(|e| format!("--encoding-hint: {e}"))?,
            ),
            (None, None) => EncodingMode::Auto,
        };
        Ok(DecodeOptions {
            mode,
            ignore_bom: self.ignore_bom,
            fallback: label("fallback", &self.fallback)?,
        })
    }
}

/// `scour detect`.
#[derive(Debug, Clone, Args)]
pub struct DetectArgs {
    /// Files, folders (walked recursively in sorted order) or `-` for stdin.
    pub paths: Vec<PathBuf>,
    /// One JSON object per file instead of a line of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

/// `--restore`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RestoreArg {
    /// Only an all-ASCII title.
    Headings,
    /// The title and the body text.
    Body,
}

/// `scour learn`.
#[derive(Debug, Clone, Args)]
pub struct LearnArgs {
    /// Files, folders (walked recursively in sorted order) or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the vocabulary here (`-`: stdout; a file is replaced atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub clean: CleanOptions,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Worker threads (0: one per core; at most 16 per core and 1024).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N", value_parser = parse_threads)]
    pub threads: usize,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Read settings from FILE instead of ./scour.toml (the cleaning options and
    /// `threads`, `quiet`; not `output`, which is `clean`'s records file).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// [`scour::config::DEFAULT_MAX_DOC_BYTES`] as `--help` shows it (a test checks they agree).
const DEFAULT_MAX_DOC_SIZE: &str = "64MiB";

/// A size flag: bytes, or with a unit (see [`scour::units::parse_size`]).
fn parse_size(s: &str) -> Result<u64, String> {
    scour::units::parse_size(s).map_err(|e| e.to_string())
}

/// The most worker threads `--threads` takes, whatever the machine.
pub const MAX_THREADS: usize = 1024;
/// The most worker threads `--threads` takes per core: more only queue for the cores
/// (1,000 threads on two cores ran 50 times slower than two, for the same bytes).
pub const MAX_THREADS_PER_CORE: usize = 16;

/// `--threads N`: 0 (one per core) up to [`MAX_THREADS_PER_CORE`] per core and
/// [`MAX_THREADS`].
fn parse_threads(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of threads"))?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let max = (cores * MAX_THREADS_PER_CORE).min(MAX_THREADS);
    if n > max {
        return Err(format!(
            "{n} threads on {cores} cores: at most {max} ({MAX_THREADS_PER_CORE} per core, {MAX_THREADS} in all); 0 means one per core"
        ));
    }
    Ok(n)
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// By extension; stdin by its first byte.
    Auto,
    /// One document per input.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One document per line.
    Lines,
    /// WARC records: every `conversion` record (a WET file's pages) is a document.
    Warc,
}

/// `--id-from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdFromArg {
    /// The JSONL id field where a line has one, else as stem.
    Field,
    /// The file name without its extensions.
    Stem,
    /// The path as records show it.
    Path,
}

/// `--normalization`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NormalizationArg {
    /// Canonical composition.
    Nfc,
    /// Compatibility composition.
    Nfkc,
    /// Leave as is.
    None,
}

/// `scour check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Folders of fixture cases (searched recursively), or cases themselves.
    #[arg(required = true)]
    pub fixtures: Vec<PathBuf>,
    /// Rewrite the expectations of new and failing cases from the current output.
    #[arg(long)]
    pub bless: bool,
    /// Run only the cases whose name (path below the folder given) contains TEXT;
    /// repeatable (a case runs when any matches).
    #[arg(short = 'k', long = "filter", value_name = "TEXT")]
    pub filter: Vec<String>,
    /// Colour the report: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `scour diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// Files, folders or `-` for stdin, as for `clean`.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub clean: CleanOptions,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Read settings from FILE instead of ./scour.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colour the diff: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// One summary line per document instead of the diff, and a line of totals.
    #[arg(long)]
    pub stat: bool,
    /// Skip documents that cleaning leaves unchanged.
    #[arg(long)]
    pub only_changed: bool,
    /// Exit with 1 when cleaning changes any document (as `git diff --exit-code`), 0 when
    /// it changes none.
    #[arg(long)]
    pub exit_code: bool,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// The input's fields in place; the report in `metadata.clean` (or `scour.clean`).
    Keep,
    /// `id`, `title`, `text`, and every other field under `metadata`.
    Nested,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When stdout is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A fixture case's `args` file: clean options only.
#[derive(Debug, Parser)]
#[command(name = "args", no_binary_name = true)]
pub struct CaseArgs {
    #[command(flatten)]
    pub clean: CleanOptions,
}

impl CleanOptions {
    /// The validated library configuration.
    pub fn config(&self) -> Result<Config, String> {
        let mut config = Config::default();
        config.input.text_field = self.text_field.clone();
        config.input.id_field = self.id_field.clone();
        config.input.title_field = self.title_field.clone();
        config.input.layout = match self.layout {
            LayoutArg::Keep => Layout::Keep,
            LayoutArg::Nested => Layout::Nested,
        };
        config.input.id_from = match self.id_from {
            IdFromArg::Field => IdFrom::Field,
            IdFromArg::Stem => IdFrom::Stem,
            IdFromArg::Path => IdFrom::Path,
        };
        config.input.max_doc_bytes = self.max_doc_bytes;
        config.input.lines = self.lines || self.format == FormatArg::Lines;
        config.normalization = match self.normalization {
            NormalizationArg::Nfc => Normalization::Nfc,
            NormalizationArg::Nfkc => Normalization::Nfkc,
            NormalizationArg::None => Normalization::None,
        };
        config.decode = self.encoding.decode_options()?;
        config.repair.uncurl_quotes = self.uncurl_quotes;
        config.repair.fix_width = self.fix_width;
        config.repair.ligatures = self.fix_ligatures;
        config.repair.entities = !self.no_entities;
        config.repair.explain = self.explain;
        config.tags.enabled = !self.no_tags;
        config.tags.extra_patterns = self
            .tag_patterns
            .iter()
            .map(|p| LinePattern::new("--tag-pattern", p))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        config.tags.first_line = self.tag_first_line;
        config.structure.find_title = !self.no_title;
        config.boilerplate.strip = self.strip_boilerplate;
        config.boilerplate.builtin = !self.no_builtin_boilerplate;
        config.boilerplate.lines = self.boilerplate_lines.clone();
        config.boilerplate.patterns = self
            .boilerplate_patterns
            .iter()
            .map(|p| LinePattern::new("--boilerplate-regex", p))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        config.restore = match self.restore {
            RestoreArg::Headings => RestoreMode::Headings,
            RestoreArg::Body => RestoreMode::Body,
        };
        if let Some(path) = &self.vocab {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("cannot open --vocab {}: {e}", path.display()))?;
            let vocab = scour::vocab::Vocab::read(std::io::BufReader::new(file))
                .map_err(|e| format!("--vocab {}: {e}", path.display()))?;
            config.set_vocab(vocab);
        }
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    /// How inputs are split.
    pub fn input_format(&self) -> InputFormat {
        if self.lines {
            return InputFormat::Lines;
        }
        match self.format {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Jsonl => InputFormat::Jsonl,
            FormatArg::Lines => InputFormat::Lines,
            FormatArg::Warc => InputFormat::Warc,
        }
    }
}

impl CleanArgs {
    /// Run options.
    pub fn run_options(&self) -> RunOptions {
        RunOptions {
            threads: self.threads,
            ..RunOptions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        command().debug_assert();
        CaseArgs::command().debug_assert();
    }

    #[test]
    fn the_default_size_shown_is_the_default() {
        use scour::config::DEFAULT_MAX_DOC_BYTES;
        assert_eq!(parse_size(DEFAULT_MAX_DOC_SIZE), Ok(DEFAULT_MAX_DOC_BYTES));
        assert_eq!(
            scour::units::exact_size(DEFAULT_MAX_DOC_BYTES),
            DEFAULT_MAX_DOC_SIZE
        );
    }

    /// A flag added to `clean` without a heading would land under "Options" with help and
    /// version; this names it.
    #[test]
    fn every_clean_flag_has_a_heading() {
        let cmd = command();
        let clean = cmd.find_subcommand("clean").unwrap();
        let headings = [INPUT, OUTPUT, STAGES, REPAIR, STRUCTURE, RUN];
        for arg in clean.get_arguments() {
            if arg.is_positional() || matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            let heading = arg.get_help_heading();
            assert!(
                heading.is_some_and(|h| headings.contains(&h)),
                "--{} is under {heading:?}",
                arg.get_id()
            );
        }
    }
}
