//! The report as one HTML page: inline CSS ([`STYLE`]), bars drawn as inline SVG by hand,
//! no script and no reference to anything outside the file. Its content security policy
//! (`default-src 'none'`) tells the browser so too: were a script or a reference ever to
//! slip in, it would be blocked, and the blocking shows as a console error (which the CI's
//! render in Chromium, `scripts/report-check.sh`, fails on).
//!
//! Every chart is a list of rows (name, bar, numbers) laid out by CSS grid, so that names
//! and numbers stay text at a readable size at any width: on a phone the bar moves below
//! its name. Every piece of corpus text goes through [`text`]: invisible characters are
//! made visible and the rest is escaped, so no document can add markup to the page.

use super::trace::{Tag, visible};
use super::{Collector, Counts, Lengths, RunFacts, Sample};
use std::fmt::Write as _;

/// The page's style sheet.
pub const STYLE: &str = include_str!("style.css");

/// Names shown one by one in a chart of sites or sections; the rest are summed as "other".
pub const TOP: usize = 15;

/// HTML-escape `s` for text and for quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Corpus text as page text: invisible characters made visible, then escaped.
pub fn text(s: &str) -> String {
    escape(&visible(s))
}

/// A count with thin spaces between groups of three digits (`1 234 567`).
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(d);
    }
    out
}

/// A count and its noun, plural unless the count is one (`1 doc`, `3 docs`).
fn counted(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", count(n), if n == 1 { "" } else { "s" })
}

/// `part` as a share of `whole`, in percent with one decimal.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// Bytes in B, KB, MB or GB (powers of 1000).
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.2} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} KB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
}

/// One row of a bar chart: its name (HTML), its bar's segments (value, colour class) and
/// its numbers (HTML).
struct Row {
    name: String,
    segments: Vec<(u64, usize)>,
    numbers: String,
}

/// Rows of bars scaled to `scale` (the value of a full bar).
fn bars(out: &mut String, rows: &[Row], scale: u64) {
    out.push_str("<div class=\"bars\">\n");
    for r in rows {
        row(out, r, scale);
    }
    out.push_str("</div>\n");
}

/// One row of a bar chart, scaled to `scale`.
fn row(out: &mut String, row: &Row, scale: u64) {
    let _ = write!(
        out,
        "<div class=\"row\"><span class=\"name\">{}</span>\
         <svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
         <rect class=\"track\" width=\"100\" height=\"10\"/>",
        row.name
    );
    let mut x = 0.0;
    for &(value, colour) in &row.segments {
        let width = if scale == 0 {
            0.0
        } else {
            value as f64 * 100.0 / scale as f64
        };
        let _ = write!(
            out,
            "<rect class=\"c{colour}\" x=\"{x:.3}\" width=\"{width:.3}\" height=\"10\"/>"
        );
        x += width;
    }
    let _ = writeln!(
        out,
        "</svg><span class=\"num\">{}</span></div>",
        row.numbers
    );
}

/// A legend: colour class and name.
fn legend(out: &mut String, entries: &[(usize, String)]) {
    out.push_str("<p class=\"legend\">");
    for (colour, name) in entries {
        let _ = write!(
            out,
            "<span><svg viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect class=\"c{colour}\" width=\"10\" height=\"10\"/></svg>{name}</span> "
        );
    }
    out.push_str("</p>\n");
}

/// A chart of plain counts: the top names and "other", scaled to `whole`.
fn counts_chart(out: &mut String, counts: &Counts, whole: u64, top: usize) {
    let (top, rest) = counts.top(top);
    let mut rows: Vec<Row> = top
        .iter()
        .map(|(name, n)| Row {
            name: text(name),
            segments: vec![(*n, 0)],
            numbers: format!("{} · {}", count(*n), share(*n, whole)),
        })
        .collect();
    if rest > 0 {
        rows.push(Row {
            name: "<em>other</em>".into(),
            segments: vec![(rest, 7)],
            numbers: format!("{} · {}", count(rest), share(rest, whole)),
        });
    }
    bars(out, &rows, whole);
}

fn section(out: &mut String, id: &str, title: &str) {
    let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{title}</h2>");
}

/// The whole page.
pub fn render(report: &Collector<'_>, run: &RunFacts) -> String {
    let mut out = String::with_capacity(64 << 10);
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>scour report</title>\n<style>\n",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>scour report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"made\">{}</p>\n</header>",
        text(&run.made_by)
    );
    out.push_str(
        "<nav><a href=\"#summary\">Summary</a> <a href=\"#changes\">Changes</a> \
         <a href=\"#encodings\">Encodings</a> <a href=\"#sites\">Sites</a> \
         <a href=\"#lengths\">Lengths</a> <a href=\"#removed\">Removed</a> \
         <a href=\"#samples\">Samples</a> <a href=\"#rejects\">Rejects</a></nav>\n",
    );
    summary(&mut out, report, run);
    changes(&mut out, report);
    encodings(&mut out, report);
    sites(&mut out, report);
    lengths(&mut out, report);
    removed(&mut out, report);
    samples(&mut out, report);
    rejects(&mut out, report);
    let _ = writeln!(
        out,
        "<footer>Made by scour {}. Documents are sampled by the smallest hash of their path, \
         line and id: the same corpus gives the same samples.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn summary(out: &mut String, report: &Collector<'_>, run: &RunFacts) {
    section(out, "summary", "Summary");
    let unknown = || "<span class=\"unknown\">not recorded</span>".to_owned();
    let mut cells: Vec<(&str, String)> = vec![
        ("Documents in", count(run.documents_in)),
        ("Records out", count(run.documents_out)),
        (
            "Rejected",
            format!(
                "{} <small>{}</small>",
                count(run.rejected),
                share(run.rejected, run.documents_in)
            ),
        ),
        (
            "Records changed",
            format!(
                "{} <small>{}</small>",
                count(report.changed),
                share(report.changed, report.documents)
            ),
        ),
        ("Bytes in", run.bytes_in.map_or_else(unknown, bytes)),
        ("Bytes out", run.bytes_out.map_or_else(unknown, bytes)),
    ];
    match run.seconds {
        Some(seconds) => {
            let rate = match run.bytes_in {
                Some(b) if seconds > 0.0 => format!("{:.1} MB/s", b as f64 / 1e6 / seconds),
                _ => "–".into(),
            };
            cells.push((
                "Time",
                format!("<span class=\"time\">{seconds:.2} s</span>"),
            ));
            cells.push(("Throughput", format!("<span class=\"time\">{rate}</span>")));
        }
        None => {
            cells.push(("Time", unknown()));
            cells.push(("Throughput", unknown()));
        }
    }
    if let Some(threads) = run.threads {
        cells.push(("Threads", threads.to_string()));
    }
    out.push_str("<dl class=\"cards\">\n");
    for (name, value) in cells {
        let _ = writeln!(out, "<div><dt>{name}</dt><dd>{value}</dd></div>");
    }
    out.push_str("</dl>\n<p><strong>Options:</strong> ");
    match &run.options {
        Some(options) if options.is_empty() => out.push_str("the defaults"),
        Some(options) => {
            for (i, option) in options.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "<code>{}</code>", text(option));
            }
        }
        None => out.push_str(&unknown()),
    }
    out.push_str("</p>\n</section>\n");
}

/// The anchor of the samples of the `n`th change kind.
fn kind_anchor(n: usize) -> String {
    format!("k{n}")
}

fn changes(out: &mut String, report: &Collector<'_>) {
    section(out, "changes", "Changes by stage");
    let _ = writeln!(
        out,
        "<p>Bars: the share of the {} records with a change of that kind. Numbers: \
         documents, then changes in all. A kind's name links to its samples.</p>",
        count(report.documents)
    );
    let kinds = report.kinds();
    if kinds.is_empty() {
        out.push_str("<p class=\"none\">No document was changed.</p>\n");
    }
    // One grid for every stage, so that the bars of all stages line up; a stage's name
    // spans the grid's row.
    out.push_str("<div class=\"bars\">\n");
    let mut stage = None;
    for (n, &(name, kind, tally)) in kinds.iter().enumerate() {
        if stage != Some(name) {
            let _ = writeln!(out, "<h3 class=\"group\">{}</h3>", text(name));
            stage = Some(name);
        }
        row(
            out,
            &Row {
                name: format!("<a href=\"#{}\">{}</a>", kind_anchor(n), text(kind)),
                segments: vec![(tally.documents, 0)],
                numbers: format!(
                    "{} · {}",
                    counted(tally.documents, "doc"),
                    counted(tally.count, "change")
                ),
            },
            report.documents,
        );
    }
    out.push_str("</div>\n");
    let (docs, changes) = report.kinds_left_out;
    if docs > 0 || changes > 0 {
        let _ = writeln!(
            out,
            "<p>Kinds beyond the first {}: {} documents, {} changes.</p>",
            super::MAX_KINDS,
            count(docs),
            count(changes)
        );
    }
    out.push_str("</section>\n");
}

fn encodings(out: &mut String, report: &Collector<'_>) {
    section(out, "encodings", "Encodings and how they were found");
    out.push_str(
        "<p>Documents per encoding; the colours say which step of the detection cascade \
         decided (as <code>detected_by</code> in the records).</p>\n",
    );
    // Steps by documents, the first seven with a colour of their own.
    let mut steps: Vec<(&str, u64)> = Vec::new();
    let mut by_encoding: Vec<(&str, Vec<(&str, u64)>)> = Vec::new();
    for (name, n) in report.encodings.by_name() {
        let (encoding, step) = name.split_once('\t').unwrap_or((name, ""));
        match steps.iter_mut().find(|(s, _)| *s == step) {
            Some((_, total)) => *total += n,
            None => steps.push((step, n)),
        }
        match by_encoding.iter_mut().find(|(e, _)| *e == encoding) {
            Some((_, parts)) => parts.push((step, n)),
            None => by_encoding.push((encoding, vec![(step, n)])),
        }
    }
    steps.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let colour = |step: &str| {
        steps
            .iter()
            .position(|(s, _)| *s == step)
            .map_or(7, |i| i.min(7))
    };
    by_encoding.sort_by(|a, b| {
        let total = |parts: &[(&str, u64)]| parts.iter().map(|p| p.1).sum::<u64>();
        total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(b.0))
    });
    let mut rows: Vec<Row> = by_encoding
        .iter()
        .map(|(encoding, parts)| {
            let mut parts = parts.clone();
            parts.sort_by_key(|(step, _)| colour(step));
            let total: u64 = parts.iter().map(|p| p.1).sum();
            let detail: Vec<String> = parts
                .iter()
                .map(|(step, n)| format!("{} {}", text(step), count(*n)))
                .collect();
            Row {
                name: text(encoding),
                segments: parts.iter().map(|(step, n)| (*n, colour(step))).collect(),
                numbers: format!("{} <small>({})</small>", count(total), detail.join(", ")),
            }
        })
        .collect();
    if report.encodings.other > 0 {
        rows.push(Row {
            name: "<em>other</em>".into(),
            segments: vec![(report.encodings.other, 7)],
            numbers: count(report.encodings.other),
        });
    }
    legend(
        out,
        &steps
            .iter()
            .map(|(step, _)| (colour(step), text(step)))
            .collect::<Vec<_>>(),
    );
    bars(out, &rows, report.documents);
    out.push_str("<h3>Confidence</h3>\n");
    let order = ["certain", "high", "medium", "low"];
    let mut rows: Vec<Row> = order
        .iter()
        .enumerate()
        .filter_map(|(i, level)| {
            let n = report.confidence.get(level)?;
            Some(Row {
                name: (*level).to_owned(),
                segments: vec![(n, i)],
                numbers: format!("{} · {}", count(n), share(n, report.documents)),
            })
        })
        .collect();
    for (level, n) in report.confidence.by_name() {
        if !order.contains(&level) {
            rows.push(Row {
                name: text(level),
                segments: vec![(n, 7)],
                numbers: format!("{} · {}", count(n), share(n, report.documents)),
            });
        }
    }
    bars(out, &rows, report.documents);
    out.push_str("</section>\n");
}

fn sites(out: &mut String, report: &Collector<'_>) {
    section(out, "sites", "Sites and sections");
    let tagged = report.sites.total();
    let _ = writeln!(
        out,
        "<p>From the site tags: {} of {} records ({}) have one. Bars: share of the tagged \
         records; the {TOP} largest, then the rest as <em>other</em>.</p>",
        count(tagged),
        count(report.documents),
        share(tagged, report.documents)
    );
    if tagged == 0 {
        out.push_str("<p class=\"none\">No site tags.</p>\n</section>\n");
        return;
    }
    out.push_str("<h3>Sites</h3>\n");
    counts_chart(out, &report.sites, tagged, TOP);
    out.push_str("<h3>Sections</h3>\n");
    counts_chart(out, &report.sections, tagged, TOP);
    out.push_str("</section>\n");
}

fn lengths(out: &mut String, report: &Collector<'_>) {
    section(out, "lengths", "Document lengths");
    let before_known = report.before.bands.iter().any(|&n| n > 0);
    out.push_str(
        "<p>Records by length in UTF-8 bytes (title and text), in bands that double; a band \
         holds its lower end, not its upper one.",
    );
    if !before_known {
        out.push_str(
            " Lengths before cleaning are not in the records: run <code>scour clean \
             --report</code> to see them.",
        );
    }
    out.push_str("</p>\n");
    legend(out, &[(0, "before".into()), (1, "after".into())]);
    let used: Vec<usize> = (0..report.after.bands.len())
        .filter(|&b| report.before.bands[b] > 0 || report.after.bands[b] > 0)
        .collect();
    let (Some(&first), Some(&last)) = (used.first(), used.last()) else {
        out.push_str("<p class=\"none\">No records.</p>\n</section>\n");
        return;
    };
    let most = (first..=last)
        .flat_map(|b| [report.before.bands[b], report.after.bands[b]])
        .max()
        .unwrap_or(0);
    out.push_str("<div class=\"bars\">\n");
    for band in first..=last {
        let (b, a) = (report.before.bands[band], report.after.bands[band]);
        let width = |n: u64| {
            if most == 0 {
                0.0
            } else {
                n as f64 * 100.0 / most as f64
            }
        };
        let numbers = if before_known {
            format!("{} → {}", count(b), count(a))
        } else {
            count(a)
        };
        let _ = writeln!(
            out,
            "<div class=\"row\"><span class=\"name\">{}</span>\
             <svg class=\"bar pair\" viewBox=\"0 0 100 20\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
             <rect class=\"track\" width=\"100\" height=\"20\"/>\
             <rect class=\"c0\" width=\"{:.3}\" height=\"9\"/>\
             <rect class=\"c1\" y=\"11\" width=\"{:.3}\" height=\"9\"/></svg>\
             <span class=\"num\">{numbers}</span></div>",
            Lengths::label(band),
            width(b),
            width(a),
        );
    }
    out.push_str("</div>\n</section>\n");
}

fn removed(out: &mut String, report: &Collector<'_>) {
    section(out, "removed", "Removed text");
    out.push_str(
        "<p>What the stages took out of the text (every piece is kept in the record's \
         <code>removed</code>). Bars: share of records; numbers: documents, pieces, \
         UTF-8 bytes.</p>\n",
    );
    if report.removed.is_empty() {
        out.push_str("<p class=\"none\">Nothing was removed.</p>\n");
    }
    let rows: Vec<Row> = report
        .removed
        .iter()
        .map(|(kind, t)| Row {
            name: text(kind),
            segments: vec![(t.documents, 2)],
            numbers: format!(
                "{} · {} · {}",
                counted(t.documents, "doc"),
                counted(t.pieces, "piece"),
                counted(t.bytes, "byte")
            ),
        })
        .collect();
    bars(out, &rows, report.documents);
    if report.flagged > 0 {
        let _ = writeln!(
            out,
            "<p>Boilerplate flagged but kept: {} documents.</p>",
            count(report.flagged)
        );
    }
    out.push_str("</section>\n");
}

fn samples(out: &mut String, report: &Collector<'_>) {
    section(out, "samples", "Samples by change kind");
    out.push_str(
        "<p>For each kind, documents chosen by a stable hash. Lines taken out are marked \
         <del>−</del>, lines put in <ins>+</ins>; invisible characters are shown as \
         <code>&lt;U+XXXX&gt;</code> and carriage returns as <code>␍</code>.</p>\n",
    );
    for (n, (stage, kind, tally)) in report.kinds().into_iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"kind\" id=\"{}\">\n<h3>{}: {}</h3>\n<p>{}, {}.",
            kind_anchor(n),
            text(stage),
            text(kind),
            counted(tally.documents, "document"),
            counted(tally.count, "change")
        );
        if !tally.examples.is_empty() {
            out.push_str(" Examples:");
            for example in &tally.examples {
                let _ = write!(out, " <code>{}</code>", text(example));
            }
        }
        out.push_str("</p>\n");
        for candidate in tally.samples.iter() {
            sample_html(out, candidate.sample(report.config), stage);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

fn sample_html(out: &mut String, sample: &Sample, stage: &str) {
    let _ = writeln!(
        out,
        "<article class=\"sample\">\n<h4>{} <small>{}</small></h4>\n<p class=\"changes\">{}</p>",
        text(&sample.id),
        text(&sample.place),
        sample
            .changes
            .iter()
            .map(|c| text(c))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    // One element per line and no text between them: in a <pre>, a newline between two
    // block lines would show as an empty line.
    let mut lines = String::new();
    for (i, hunk) in sample.hunks.iter().filter(|h| h.stage == stage).enumerate() {
        if i > 0 {
            lines.push_str("<span class=\"gap\">⋯</span>");
        }
        for (tag, line) in &hunk.lines {
            let line = text(line);
            let _ = match tag {
                Tag::Deleted => write!(lines, "<del>−{line}</del>"),
                Tag::Inserted => write!(lines, "<ins>+{line}</ins>"),
                Tag::Context => write!(lines, "<span> {line}</span>"),
            };
        }
    }
    if sample.before_known {
        if lines.is_empty() {
            out.push_str(
                "<p class=\"none\">This stage changed no line of the text as shown \
                 (the decode stage makes the text the others start from).</p>\n",
            );
        } else {
            let _ = writeln!(out, "<pre class=\"diff\">{lines}</pre>");
        }
        let others = sample.hunks.iter().filter(|h| h.stage != stage).count() as u64;
        let mut unshown = Vec::new();
        if others > 0 {
            unshown.push(format!("{} of other stages", counted(others, "hunk")));
        }
        if sample.hunks_left_out > 0 {
            unshown.push(format!(
                "{} more lines and hunks, beyond the page's limits",
                count(sample.hunks_left_out as u64)
            ));
        }
        if !unshown.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"more\">Not shown: {} (<code>scour diff</code> shows every change).</p>",
                unshown.join(", ")
            );
        }
    } else {
        out.push_str(
            "<p class=\"more\">Built from the record: the text before cleaning is not in it; \
             removed text is.</p>\n",
        );
    }
    // From a record, the removed text is what there is to show; during `clean`, the hunks
    // show it where it stood.
    if !sample.before_known && !sample.removed.is_empty() {
        out.push_str("<pre class=\"diff\">");
        for (kind, piece) in &sample.removed {
            let _ = write!(out, "<del>−[{}] {}</del>", text(kind), text(piece));
        }
        out.push_str("</pre>\n");
    }
    out.push_str("</article>\n");
}

fn rejects(out: &mut String, report: &Collector<'_>) {
    section(out, "rejects", "Rejects");
    if report.rejects.is_empty() {
        out.push_str("<p class=\"none\">No document was rejected.</p>\n</section>\n");
        return;
    }
    let total = report.rejected();
    let rows: Vec<Row> = report
        .rejects
        .iter()
        .map(|(kind, t)| Row {
            name: text(kind),
            segments: vec![(t.count, 3)],
            numbers: format!("{} · {}", count(t.count), share(t.count, total)),
        })
        .collect();
    bars(out, &rows, total);
    for (kind, tally) in &report.rejects {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul class=\"reasons\">", text(kind));
        for (place, reason) in tally.samples.iter() {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}</li>",
                text(place),
                text(reason)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_made_visible() {
        assert_eq!(
            text("</script><img src=x onerror='a()'>&amp;\u{200B}"),
            "&lt;/script&gt;&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;amp;&lt;U+200B&gt;"
        );
    }

    #[test]
    fn counts_and_bytes_read_well() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1\u{202F}234\u{202F}567");
        assert_eq!(count(123), "123");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(2_500_000), "2.5 MB");
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(1, 0), "–");
    }
}
