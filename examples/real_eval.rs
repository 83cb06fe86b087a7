//! The real-world evaluation: scour's default cleaning over sets of real scraped text, with
//! a report per set to review by hand.
//!
//! ```text
//! scripts/real-export.py /work/.mirror /work/scratch/realtext/data   # see that script
//! cargo run --release --example real_eval -- DATA_DIR OUT_DIR
//! ```
//!
//! `DATA_DIR` holds one folder per set, each with a `docs.jsonl` (one `{"id", "text"}` per
//! line) or else one file per document (raw bytes in any encoding, which scour decodes),
//! and a `SOURCE` line naming where it came from. For each set, `OUT_DIR/<set>.md`
//! gets: documents, documents changed (by repair, and at all), the repair's changes by
//! kind, a sample of repairs (before → after, as `--explain` shows them) to review, and the
//! damage left unrepaired: lines that still hold mojibake-shaped pairs, entity-shaped
//! references or Latin-2 symbol soup. A summary table goes to stdout. The data stays out
//! of the repository.

use regex::Regex;
use scour::Config;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Repairs listed per set for review.
const SAMPLE: usize = 60;
/// Lines listed per kind of damage left.
const LEFT_SAMPLE: usize = 12;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, out] = args.as_slice() else {
        eprintln!("usage: real_eval DATA_DIR OUT_DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(out)?;
    let mut sets: Vec<_> = std::fs::read_dir(data)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    let mut config = Config::default();
    config.repair.explain = true;
    let damage = Damage::new();
    println!(
        "| set | documents | changed (repair) | changed (any stage) | repairs | left: mojibake lines | left: entity lines | left: latin-2 soup lines |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for set in sets {
        let report = evaluate(&set, &config, &damage)?;
        let name = set
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        std::fs::write(Path::new(out).join(format!("{name}.md")), &report.markdown)?;
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            report.docs,
            report.repaired,
            report.changed,
            report.repairs,
            report.left[0],
            report.left[1],
            report.left[2]
        );
    }
    Ok(())
}

/// Shapes of damage looked for in the output.
struct Damage {
    kinds: [(&'static str, Regex); 3],
}

impl Damage {
    fn new() -> Self {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Self {
            kinds: [
                (
                    "mojibake-shaped pairs",
                    re(
                        r"[ÂÃ][\x{80}-\x{BF}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€|[ÐÑ][\x{80}-\x{BF}]|Ä[\x{80}-\x{BF}]|Å[\x{80}-\x{BF}‚„…‘’“”]",
                    ),
                ),
                (
                    "entity-shaped references",
                    re(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
                ),
                ("latin-2 symbol soup", re(r"\p{Ll}[±¶¼³¿¹]\p{Ll}")),
            ],
        }
    }
}

/// One document of a set: its id and its bytes.
type Input = (String, Vec<u8>);

/// A set's documents as (id, bytes): the lines of `docs.jsonl`, or every file but
/// `SOURCE`, in name order.
fn documents(set: &Path) -> Result<Vec<Input>, Box<dyn std::error::Error>> {
    let jsonl = set.join("docs.jsonl");
    if jsonl.is_file() {
        let mut docs = Vec::new();
        for line in std::fs::read_to_string(jsonl)?.lines() {
            let value: serde_json::Value = serde_json::from_str(line)?;
            let id = value["id"].as_str().unwrap_or("").to_owned();
            docs.push((id, value["text"].as_str().unwrap_or("").as_bytes().to_vec()));
        }
        return Ok(docs);
    }
    let mut paths: Vec<_> = std::fs::read_dir(set)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "SOURCE"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let id = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            Ok((id, std::fs::read(&p)?))
        })
        .collect()
}

struct Report {
    docs: usize,
    repaired: usize,
    changed: usize,
    repairs: usize,
    left: [usize; 3],
    markdown: String,
}

fn evaluate(
    set: &Path,
    config: &Config,
    damage: &Damage,
) -> Result<Report, Box<dyn std::error::Error>> {
    let source = std::fs::read_to_string(set.join("SOURCE")).unwrap_or_default();
    let inputs = documents(set)?;
    let (mut docs, mut repaired, mut changed, mut repairs) = (0, 0, 0, 0);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    let mut samples = Vec::new();
    let mut left = [0; 3];
    let mut left_samples: [Vec<String>; 3] = Default::default();
    for (id, bytes) in &inputs {
        docs += 1;
        let text = &String::from_utf8_lossy(bytes);
        let doc = match scour::clean_bytes(bytes, config) {
            Ok(doc) => doc,
            Err(e) => {
                *other.entry(format!("rejected: {e}")).or_default() += 1;
                continue;
            }
        };
        changed += usize::from(doc.text.as_str() != text.as_ref());
        let mut doc_repaired = false;
        for change in &doc.changes {
            if change.stage != scour::repair::STAGE {
                *other
                    .entry(format!("{}: {}", change.stage, change.kind))
                    .or_default() += change.count;
                continue;
            }
            doc_repaired = true;
            repairs += change.count;
            let kind = change.kind.split(": \"").next().unwrap_or("").to_owned();
            let entry = by_kind.entry(kind).or_default();
            entry.0 += 1;
            entry.1 += change.count;
            if samples.len() < SAMPLE && change.kind.contains('→') {
                samples.push(format!("`{id}`: {}", change.kind));
            }
        }
        repaired += usize::from(doc_repaired);
        for (k, (_, re)) in damage.kinds.iter().enumerate() {
            for l in doc.text.lines().filter(|l| re.is_match(l)) {
                left[k] += 1;
                if left_samples[k].len() < LEFT_SAMPLE {
                    let m = re.find(l).map_or(0..0, |m| m.range());
                    let before: String = l[..m.start].chars().rev().take(40).collect();
                    let after: String = l[m.end..].chars().take(40).collect();
                    let window = format!(
                        "{}{}{after}",
                        before.chars().rev().collect::<String>(),
                        &l[m]
                    );
                    left_samples[k].push(format!("`{id}`: {window:?}"));
                }
            }
        }
    }
    let mut md = String::new();
    let name = set.file_name().unwrap_or_default().to_string_lossy();
    writeln!(md, "# {name}\n\nSource: {}", source.trim())?;
    writeln!(
        md,
        "\n- documents: {docs}\n- changed by repair: {repaired}\n- changed by any stage: {changed}\n- repairs: {repairs}\n"
    )?;
    writeln!(
        md,
        "## Repairs by kind\n\n| kind | documents | count |\n|---|---:|---:|"
    )?;
    for (kind, (d, n)) in &by_kind {
        writeln!(md, "| {kind} | {d} | {n} |")?;
    }
    writeln!(
        md,
        "\n## Other stages\n\n| stage: kind | count |\n|---|---:|"
    )?;
    for (kind, n) in &other {
        writeln!(md, "| {kind} | {n} |")?;
    }
    writeln!(md, "\n## Sample of repairs (first {SAMPLE}, to review)\n")?;
    for s in &samples {
        writeln!(md, "- {s}")?;
    }
    writeln!(md, "\n## Damage left unrepaired (lines of output)\n")?;
    for (k, (label, _)) in damage.kinds.iter().enumerate() {
        writeln!(md, "### {label}: {} lines\n", left[k])?;
        for s in &left_samples[k] {
            writeln!(md, "- {s}")?;
        }
        writeln!(md)?;
    }
    Ok(Report {
        docs,
        repaired,
        changed,
        repairs,
        left,
        markdown: md,
    })
}
