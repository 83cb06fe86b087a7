//! `scour diff`: what cleaning changes in each document, hunk by hunk, each hunk labelled
//! with the stage that made it and the kinds of change that stage logged.
//!
//! The stages run one at a time; the document's view (title, blank line, text) after each
//! stage is diffed against the view before it. The first view is the decoded input.
//! Invisible characters are shown as `<U+XXXX>` and carriage returns as `␍`, so that a
//! change to them is visible ([`scour::report::trace::visible`], shared with the report).

use super::Status;
use super::args::{ColorArg, DiffArgs};
use scour::document::Document;
use scour::io::{ItemReader, expand};
use scour::pipeline::clean_document_traced;
use scour::report::trace::{view, visible};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

/// Run `scour diff`.
pub fn execute(args: &DiffArgs) -> anyhow::Result<Status> {
    let config = match args.clean.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("scour: {e}");
            return Ok(Status::Fatal);
        }
    };
    let paint = Paint {
        on: match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::io::stdout().is_terminal(),
        },
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    if let Some(message) = super::missing_path(&paths) {
        eprintln!("scour: {message}");
        return Ok(Status::Fatal);
    }
    let reader = ItemReader::new(
        expand(&paths, args.clean.input_format()),
        config.input.clone(),
    );
    let mut stdout = std::io::stdout().lock();
    let mut status = Status::Ok;
    for item in reader {
        let mut doc = match scour::run::read_document(item, &config) {
            Ok(doc) => doc,
            Err(rejected) => {
                eprintln!("scour: {rejected}");
                status = Status::SomeFailed;
                continue;
            }
        };
        let report = match describe(&mut doc, &config, args.stat, &paint) {
            Ok(Some(report)) => report,
            Ok(None) if args.only_changed => continue,
            Ok(None) => format!("{}: unchanged\n", heading(&doc, &paint)),
            Err(reject) => {
                eprintln!("scour: {}: {reject}", doc.origin);
                status = Status::SomeFailed;
                continue;
            }
        };
        if let Err(e) = stdout.write_all(report.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(status);
            }
            return Err(e.into());
        }
    }
    Ok(status)
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
) -> Result<Option<String>, scour::Reject> {
    let mut hunks = String::new();
    let mut before: Option<String> = None;
    let (mut removed_lines, mut added_lines) = (0usize, 0usize);
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
            "encoding: {} ({}, {}, {} replacements)",
            doc.encoding.encoding,
            doc.encoding.detected_by,
            doc.encoding.confidence.as_str(),
            doc.encoding.replacements
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
        return Ok(Some(out));
    }
    let _ = writeln!(out, "{}", heading(doc, paint));
    for m in meta {
        let _ = writeln!(out, "{}", paint.wrap("33", &format!("  metadata {m}")));
    }
    out.push_str(&hunks);
    Ok(Some(out))
}
