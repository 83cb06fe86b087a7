//! `scour diff`: what cleaning changes in each document, hunk by hunk, each hunk labelled
//! with the stage that made it and the kinds of change that stage logged.
//!
//! The stages run one at a time; the document's view (title, blank line, text) after each
//! stage is diffed against the view before it. The first view is the decoded input.
//! Invisible characters are shown as `<U+XXXX>` and carriage returns as `␍`, so that a
//! change to them is visible ([`scour::report::trace::visible`], shared with the report).

use super::Status;
use super::args::DiffArgs;
use super::paint::Paint;
use scour::document::Document;
use scour::io::{ItemReader, expand_with};
use scour::pipeline::clean_document_traced;
use scour::report::trace::{view, visible};
use scour::units::count;
use std::fmt::Write as _;
use std::io::Write;

/// Run `scour diff`.
pub fn execute(args: &DiffArgs) -> anyhow::Result<Status> {
    let config = args.clean.config().map_err(anyhow::Error::msg)?;
    let filter = args.walk.filter().map_err(anyhow::Error::msg)?;
    let paint = Paint::new(args.color);
    let paths = super::paths_or_stdin(&args.paths, "documents into stdin (see --help)")?;
    super::require_paths(&paths)?;
    let reader = ItemReader::new(
        expand_with(&paths, args.clean.input_format(), &filter),
        config.input.clone(),
    );
    let mut stdout = std::io::stdout().lock();
    let mut status = Status::Ok;
    let mut totals = Totals::default();
    for item in reader {
        totals.documents += 1;
        let mut doc = match scour::run::read_document(item, &config) {
            Ok(doc) => doc,
            Err(rejected) => {
                eprintln!("scour: {rejected}");
                status = Status::SomeFailed;
                totals.rejected += 1;
                continue;
            }
        };
        let report = match describe(&mut doc, &config, args.stat, &paint) {
            Ok(Some(described)) => {
                totals.changed += 1;
                totals.removed_lines += described.removed_lines;
                totals.added_lines += described.added_lines;
                described.report
            }
            Ok(None) if args.only_changed => continue,
            Ok(None) => format!("{}: unchanged\n", heading(&doc, &paint)),
            Err(reject) => {
                eprintln!("scour: {}: {reject}", doc.origin);
                status = Status::SomeFailed;
                totals.rejected += 1;
                continue;
            }
        };
        if !write(&mut stdout, &report)? {
            return Ok(status);
        }
    }
    if args.stat && !write(&mut stdout, &totals.line())? {
        return Ok(status);
    }
    // `--exit-code`: 1 when cleaning changes anything, as `git diff --exit-code`.
    if args.exit_code && totals.changed > 0 && status == Status::Ok {
        status = Status::SomeFailed;
    }
    Ok(status)
}

/// Write to stdout; `false` when the reader went away (`scour diff | head`), which ends
/// the run quietly.
fn write(stdout: &mut impl Write, text: &str) -> anyhow::Result<bool> {
    match stdout.write_all(text.as_bytes()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// What `--stat` adds up over the run.
#[derive(Default)]
struct Totals {
    documents: u64,
    changed: u64,
    rejected: u64,
    removed_lines: u64,
    added_lines: u64,
}

impl Totals {
    /// `3 documents, 2 changed, 0 rejected: -5 +4 lines`.
    fn line(&self) -> String {
        format!(
            "{}, {} changed, {} rejected: -{} +{} lines\n",
            count(self.documents, "document"),
            self.changed,
            self.rejected,
            self.removed_lines,
            self.added_lines
        )
    }
}

/// One document's report, and the lines its diff removes and adds.
struct Described {
    report: String,
    removed_lines: u64,
    added_lines: u64,
}

fn heading(doc: &Document, paint: &Paint) -> String {
    paint.wrap("1", &format!("{} ({})", doc.id, doc.origin))
}

/// The report for one document, or `None` when cleaning changes nothing.
fn describe(
    doc: &mut Document,
    config: &scour::Config,
    stat: bool,
    paint: &Paint,
) -> Result<Option<Described>, scour::Reject> {
    let mut hunks = String::new();
    let mut before: Option<String> = None;
    let (mut removed_lines, mut added_lines) = (0u64, 0u64);
    clean_document_traced(doc, config, |stage, doc| {
        let now = view(doc);
        let kinds: Vec<String> = doc
            .changes
            .iter()
            .filter(|c| c.stage == stage.name)
            .map(|c| format!("{} ×{}", c.kind, c.count))
            .collect();
        let Some(prev) = before.replace(now) else {
            return; // the decoded input: the baseline
        };
        let now = before.as_deref().unwrap_or_default();
        if prev == now {
            return;
        }
        let label = format!("{}: {}", stage.name, kinds.join(", "));
        let diff = similar::TextDiff::from_lines(prev.as_str(), now);
        for hunk in diff.unified_diff().context_radius(2).iter_hunks() {
            let _ = writeln!(
                hunks,
                "{}",
                paint.wrap("36", &format!("{} {label}", hunk.header()))
            );
            for change in hunk.iter_changes() {
                let line = visible(change.value().trim_end_matches('\n'));
                let _ = match change.tag() {
                    similar::ChangeTag::Delete => {
                        removed_lines += 1;
                        writeln!(hunks, "{}", paint.wrap("31", &format!("-{line}")))
                    }
                    similar::ChangeTag::Insert => {
                        added_lines += 1;
                        writeln!(hunks, "{}", paint.wrap("32", &format!("+{line}")))
                    }
                    similar::ChangeTag::Equal => writeln!(hunks, " {line}"),
                };
            }
        }
    })?;
    let mut meta = Vec::new();
    if !matches!(doc.encoding.detected_by, "utf8" | "json") || doc.encoding.replacements > 0 {
        meta.push(format!(
            "encoding: {} ({}, {}, {})",
            doc.encoding.encoding,
            doc.encoding.detected_by,
            doc.encoding.confidence.as_str(),
            count(doc.encoding.replacements as u64, "replacement")
        ));
    }
    if let Some(tag) = &doc.site_tag {
        meta.push(format!(
            "site_tag: {}, site: {}, section: {}",
            tag.tag,
            tag.site,
            tag.section.as_deref().unwrap_or("-")
        ));
    }
    for r in &doc.removed {
        meta.push(format!("removed {}: {}", r.kind, r.text));
    }
    if doc.changes.is_empty() && meta.iter().all(|m| !m.starts_with("encoding")) {
        return Ok(None);
    }
    let mut out = String::new();
    if stat {
        let kinds: Vec<String> = doc
            .changes
            .iter()
            .map(|c| format!("{}: {} ×{}", c.stage, c.kind, c.count))
            .collect();
        let _ = writeln!(
            out,
            "{}: -{removed_lines} +{added_lines} lines; {}",
            heading(doc, paint),
            if kinds.is_empty() {
                "no text changes".to_owned()
            } else {
                kinds.join(", ")
            }
        );
        return Ok(Some(Described {
            report: out,
            removed_lines,
            added_lines,
        }));
    }
    let _ = writeln!(out, "{}", heading(doc, paint));
    for m in meta {
        let _ = writeln!(out, "{}", paint.wrap("33", &format!("  metadata {m}")));
    }
    out.push_str(&hunks);
    Ok(Some(Described {
        report: out,
        removed_lines,
        added_lines,
    }))
}
