//! The HTML corpus report: `scour clean --report` and `scour report`.
//! `SCOUR_BLESS=1 cargo test --test tests report` rewrites the golden outline.

use crate::common::{fixtures, scour};
use std::path::{Path, PathBuf};

/// The small corpus of the golden test: fixture inputs with changes of every stage, site
/// tags, two encodings found by a guess, and rejects (as paths relative to the repository).
const CORPUS: &[&str] = &[
    "fixtures/pipeline/binary_rejected/image.png",
    "fixtures/pipeline/cp1252_news/freibad.txt",
    "fixtures/pipeline/crlf_nbsp_zero_width_soft_hyphen/bad-whitespace.txt",
    "fixtures/pipeline/jsonl_malformed_line/docs.jsonl",
    "fixtures/pipeline/seed/000_075d2f900ea0f093.txt",
    "fixtures/repair/entities_cr_reference/minutes.txt",
    "fixtures/repair/mojibake_runs_latin2_and_mac/mixed.txt",
    "fixtures/tags/boilerplate_stripped/a.txt",
    "fixtures/translit/de_strasse__dup_cut_no_blank/input.txt",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `scour clean` on the corpus in `dir` with a report; returns the report and the
/// records and rejects files.
fn clean_with_report(dir: &Path, extra: &[&str]) -> (String, PathBuf, PathBuf) {
    let (records, rejects, report) = (
        dir.join("out.jsonl"),
        dir.join("rejects.jsonl"),
        dir.join("report.html"),
    );
    scour()
        .current_dir(repo())
        .arg("clean")
        .args(CORPUS)
        .arg("-o")
        .arg(&records)
        .arg("--rejects")
        .arg(&rejects)
        .arg("--report")
        .arg(&report)
        .args(extra)
        .assert()
        .code(1); // the corpus holds rejects
    (std::fs::read_to_string(&report).unwrap(), records, rejects)
}

/// The text of an HTML fragment without its tags and with the entities this report
/// writes decoded.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace('\u{202F}', " ")
}

/// The report's outline: headings, chart rows (name and numbers) and diff lines, one per
/// line; the summary's cards (whose time differs from run to run) are left out.
fn outline(html: &str) -> String {
    let mut out = String::new();
    for line in html.lines() {
        let line = line.trim();
        if ["<h2", "<h3", "<h4"].iter().any(|h| line.starts_with(h)) {
            out.push_str(&plain(line));
            out.push('\n');
        } else if line.starts_with("<div class=\"row\">") {
            let cells: Vec<String> = line
                .split("</span>")
                .map(plain)
                .filter(|c| !c.trim().is_empty())
                .collect();
            out.push_str(&format!("  {}\n", cells.join(" | ")));
        } else if line.starts_with("<li>") {
            out.push_str(&format!("  {}\n", plain(line)));
        } else if line.starts_with("<pre class=\"diff\">") {
            let ends = ["</del>", "</ins>", "</span>"];
            let lines = ends.iter().fold(vec![line.to_owned()], |parts, end| {
                parts
                    .iter()
                    .flat_map(|p| p.split(end).map(str::to_owned).collect::<Vec<_>>())
                    .collect()
            });
            for l in &lines {
                let l = plain(l);
                let l = l.trim_end();
                if !l.is_empty() {
                    out.push_str(&format!("    {}\n", l.trim_start_matches(' ')));
                }
            }
        }
    }
    out
}

fn golden(name: &str, actual: &str) {
    let path = repo().join("tests/data/report").join(name);
    if std::env::var_os("SCOUR_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        panic!(
            "{} differs (SCOUR_BLESS=1 rewrites it):\n{}",
            path.display(),
            diff.unified_diff().context_radius(2)
        );
    }
}

#[test]
fn the_report_of_a_small_corpus_has_its_outline() {
    let dir = tempfile::tempdir().unwrap();
    let (html, _, _) = clean_with_report(dir.path(), &["--report-samples", "2"]);
    golden("outline-clean.txt", &outline(&html));
}

#[test]
fn the_report_of_existing_records_has_its_outline() {
    let dir = tempfile::tempdir().unwrap();
    let (_, records, rejects) = clean_with_report(dir.path(), &["--explain"]);
    let out = scour()
        .arg("report")
        .arg(&records)
        .arg(&rejects)
        .args(["--samples", "2"])
        .assert()
        .success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        html.contains("Built from the record"),
        "samples say what they show"
    );
    assert!(
        html.contains("not recorded"),
        "the time of a run is not in its records"
    );
    golden("outline-records.txt", &outline(&html));
}

#[test]
fn every_section_and_every_kind_has_its_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let (html, _, _) = clean_with_report(dir.path(), &[]);
    for id in [
        "summary",
        "changes",
        "encodings",
        "sites",
        "lengths",
        "removed",
        "samples",
        "rejects",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    let links: Vec<&str> = html
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(links.iter().filter(|l| l.starts_with('k')).count() >= 5);
    for link in links {
        assert!(
            html.contains(&format!("id=\"{link}\"")),
            "#{link} has no target"
        );
    }
    // A sampled document shows its changed lines, before and after.
    assert!(html.contains("<del>−") && html.contains("<ins>+"));
}

/// Every tag of the page, as written.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|s| &s[..s.find('>').unwrap_or(s.len())])
        .collect()
}

/// The page references nothing outside itself and runs no script.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        for bad in [
            "src=", "script", "link", "img", "iframe", "object", "embed", "on", "url(",
        ] {
            let name = lower.split_whitespace().next().unwrap_or_default();
            if bad == "on" {
                // No event handler attribute (`onerror=`, `onload=`).
                assert!(
                    !lower
                        .split_whitespace()
                        .skip(1)
                        .any(|a| a.starts_with("on")),
                    "<{tag}>"
                );
            } else if matches!(
                bad,
                "script" | "link" | "img" | "iframe" | "object" | "embed"
            ) {
                assert_ne!(name.trim_start_matches('/'), bad, "<{tag}>");
            } else {
                assert!(!lower.contains(bad), "<{tag}>");
            }
        }
        if let Some(at) = lower.find("href=") {
            assert!(lower[at..].starts_with("href=\"#"), "<{tag}> links outside");
        }
    }
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    for bad in ["url(", "@import", "http"] {
        assert!(!style.contains(bad), "the style sheet holds {bad}");
    }
}

#[test]
fn the_report_references_nothing_outside_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (html, records, rejects) = clean_with_report(dir.path(), &[]);
    assert_self_contained(&html);
    let out = scour()
        .arg("report")
        .arg(&records)
        .arg(&rejects)
        .assert()
        .success();
    assert_self_contained(std::str::from_utf8(&out.get_output().stdout).unwrap());
}

#[test]
fn hostile_documents_cannot_add_markup() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";
    let text = format!(
        "Titel {hostile}\r\n\r\nDer Text <a href=\"http://evil.example/\">hier</a>\u{A0}und \
         <style>body{{background:url(http://evil.example/x.png)}}</style>.\r\n\r\n\
         <iframe src=//evil.example>-allgemeines\r\n"
    );
    let line = serde_json::json!({"id": hostile, "text": text, "site": "<b>"});
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(
        &input,
        format!("{line}\n{{\"id\": \"{}\"}}\n", "<svg onload=x>"),
    )
    .unwrap();
    let report = dir.path().join("report.html");
    scour()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out.jsonl"))
        .arg("--report")
        .arg(&report)
        .assert()
        .code(1);
    let html = std::fs::read_to_string(&report).unwrap();
    assert_self_contained(&html);
    assert!(
        html.contains("&lt;/script&gt;&lt;script&gt;alert(1)"),
        "the id shows as text"
    );
    assert!(
        html.contains("&lt;U+00A0&gt;"),
        "the no-break space shows as <U+00A0>"
    );
    assert!(!html.contains("<svg onload"));
    assert_eq!(html.matches("<style>").count(), 1);
}

#[test]
fn the_report_is_the_same_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (_, records, rejects) = clean_with_report(&dir.path().join("run").tap_mkdir(), &[]);
    let report = |threads: &str| {
        let (html, _, _) =
            clean_with_report(&dir.path().join(threads).tap_mkdir(), &["-j", threads]);
        // What differs from run to run: how long it took and on how many threads.
        let mut steady = String::new();
        for line in html.lines() {
            if !(line.contains("class=\"time\"") || line.contains("<dt>Threads</dt>")) {
                steady.push_str(line);
                steady.push('\n');
            }
        }
        let from_records = scour()
            .args(["report", "-j", threads])
            .arg(&records)
            .arg(&rejects)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        (steady, from_records)
    };
    let one = report("1");
    let three = report("3");
    assert!(
        one.0 == three.0,
        "clean --report differs between 1 and 3 threads"
    );
    assert!(
        one.1 == three.1,
        "scour report differs between 1 and 3 threads"
    );
}

#[test]
fn samples_do_not_depend_on_the_order_of_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let (_, records, _) = clean_with_report(dir.path(), &[]);
    let lines = std::fs::read_to_string(&records).unwrap();
    let reversed: String = lines.lines().rev().map(|l| format!("{l}\n")).collect();
    let other = dir.path().join("reversed.jsonl");
    std::fs::write(&other, reversed).unwrap();
    let samples = |path: &Path| {
        let out = scour().arg("report").arg(path).assert().success();
        let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        let from = html.find("<section id=\"samples\">").unwrap();
        html[from..].to_owned()
    };
    assert_eq!(samples(&records), samples(&other));
}

#[test]
fn report_errors_name_the_file_and_line_and_usage_errors_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.jsonl");
    let (_, records, _) = clean_with_report(&dir.path().join("run").tap_mkdir(), &[]);
    let first = std::fs::read_to_string(&records).unwrap();
    let first = first.lines().next().unwrap();
    std::fs::write(
        &input,
        format!("{first}\n{{\"text\": \"no record\"}}\nnot json\n"),
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let run = scour()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("mixed.jsonl:2: neither a record"),
        "{stderr}"
    );
    assert!(
        stderr.contains("mixed.jsonl:3: not a JSON line"),
        "{stderr}"
    );
    assert!(
        out.exists(),
        "the report of the readable records is written"
    );

    // The report and the records cannot both go to stdout.
    scour()
        .current_dir(repo())
        .args(["clean", "--report", "-"])
        .arg(fixtures().join("pipeline/cp1252_news/freibad.txt"))
        .assert()
        .code(2)
        .stdout("");
    // Nor can the report replace another output.
    let records = dir.path().join("same.jsonl");
    scour()
        .current_dir(dir.path())
        .args(["clean", "-o", "same.jsonl", "--report", "./same.jsonl"])
        .arg(fixtures().join("pipeline/cp1252_news/freibad.txt"))
        .assert()
        .code(2)
        .stdout("");
    assert!(!records.exists(), "nothing is written");
    // A missing input is a usage error.
    scour()
        .arg("report")
        .arg(dir.path().join("missing.jsonl"))
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn report_settings_come_from_scour_toml_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scour.toml"),
        "report = \"r.html\"\nreport-samples = 1\nexplain = true\n",
    )
    .unwrap();
    scour()
        .current_dir(dir.path())
        .args(["clean", "-o", "out.jsonl"])
        .arg(fixtures().join("repair/mojibake_runs_latin2_and_mac/mixed.txt"))
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(
        html.contains("<code>--explain</code>"),
        "the options used are shown"
    );
    assert_eq!(
        html.matches("<article class=\"sample\">").count(),
        3,
        "one per kind"
    );
}

trait TapMkdir {
    fn tap_mkdir(self) -> Self;
}

impl TapMkdir for PathBuf {
    /// The folder, made.
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn the_records_are_the_same_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let (_, with, with_rejects) = clean_with_report(dir.path(), &[]);
    let (without, without_rejects) = (
        dir.path().join("plain.jsonl"),
        dir.path().join("plain-rejects.jsonl"),
    );
    scour()
        .current_dir(repo())
        .arg("clean")
        .args(CORPUS)
        .arg("-o")
        .arg(&without)
        .arg("--rejects")
        .arg(&without_rejects)
        .assert()
        .code(1);
    let read = |p: &Path| std::fs::read(p).unwrap();
    assert!(
        read(&with) == read(&without),
        "records differ with --report"
    );
    assert!(
        read(&with_rejects) == read(&without_rejects),
        "rejects differ with --report"
    );
}
