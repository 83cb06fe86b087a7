//! The encoding detection report: accuracy per group, scour next to chardetng alone.
//!
//! ```text
//! cargo run --release --example encoding_eval                 # the table and the failures
//! cargo run --release --example encoding_eval -- --readme     # also rewrite README.md's table
//! cargo run --release --example encoding_eval -- --write DIR  # also write the set's files
//! cargo run --release --example encoding_eval -- --public DIR [--others FILE] [--readme]
//! ```
//!
//! `--public DIR` reports on the public sets instead (see `tests/eval/public.rs`; BENCHMARKS.md
//! says how to fetch them; `--slowest` also lists the files detection takes longest on), with the answers of other detectors from `--others` (what
//! `scripts/encoding-public.py` prints; `scripts/encoding-public.sh` runs it all in one go).

#[path = "../tests/eval/mod.rs"]
mod eval;
#[path = "../tests/eval/public.rs"]
mod public;

use std::path::PathBuf;

const START: &str = "<!-- encoding-eval:start -->";
const END: &str = "<!-- encoding-eval:end -->";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--public") {
        let dir = PathBuf::from(args.get(i + 1).ok_or("--public needs a folder")?);
        return public_report(&root, &dir, &args);
    }
    let cases = eval::cases(&root.join("tests/data/encodings/text"));
    let started = std::time::Instant::now();
    let outcomes: Vec<eval::Outcome> = cases.iter().map(|c| eval::run(c, true)).collect();
    let elapsed = started.elapsed();
    let table = eval::table(&eval::tally(&cases, &outcomes));
    print!("{table}");
    let languages: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter(|c| matches!(c.truth, eval::Truth::Text(..)))
        .filter_map(|c| c.name.split('/').next())
        .collect();
    let encodings: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| match &c.truth {
            eval::Truth::Text(_, e) => Some(*e),
            eval::Truth::Binary => None,
        })
        .collect();
    println!(
        "({} files, {} languages, {} encodings; {:.0?} for scour and chardetng together)",
        cases.len(),
        languages.len(),
        encodings.len(),
        elapsed
    );
    for (case, o) in cases.iter().zip(&outcomes) {
        if !o.scour {
            println!("scour wrong: {} [{}]: {}", case.name, case.group, o.said);
        }
    }
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir = PathBuf::from(args.get(i + 1).ok_or("--write needs a folder")?);
        for case in &cases {
            let truth = match &case.truth {
                eval::Truth::Text(_, enc) => *enc,
                eval::Truth::Binary => "binary",
            };
            let path = dir
                .join(case.group)
                .join(format!("{}.{truth}", case.name.replace('/', "_")));
            std::fs::create_dir_all(path.parent().ok_or("no parent")?)?;
            std::fs::write(path, &case.bytes)?;
        }
        println!("wrote {} files under {}", cases.len(), dir.display());
    }
    if args.iter().any(|a| a == "--readme") {
        let path = root.join("README.md");
        let readme = std::fs::read_to_string(&path)?;
        let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
            return Err("README.md has no encoding-eval markers".into());
        };
        let updated = format!("{}{START}\n{table}{}", &readme[..a], &readme[b..]);
        std::fs::write(&path, updated)?;
        println!("updated README.md");
    }
    Ok(())
}

const PUBLIC_START: &str = "<!-- encoding-public:start -->";
const PUBLIC_END: &str = "<!-- encoding-public:end -->";

/// The value after `flag`, if given.
fn value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let i = args.iter().position(|a| a == flag)?;
    args.get(i + 1).map(String::as_str)
}

fn public_report(
    root: &std::path::Path,
    dir: &std::path::Path,
    args: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    use public::Kind;
    let cases = public::cases(dir)?;
    let others = match value(args, "--others") {
        Some(p) => public::parse_others(&std::fs::read_to_string(p)?)?,
        None => public::Others::default(),
    };
    let kinds = [Kind::Whole, Kind::Prefix];

    // scour: judged answers, then the time `detect` takes per whole file (best of five).
    let mut row = public::Row::default();
    let mut high = [0usize; 2];
    let mut false_utf8 = 0;
    let mut wrong = Vec::new();
    let mut out_of_scope: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut oos_files = 0;
    for case in &cases {
        for kind in kinds {
            let Some(a) = public::scour(case, kind) else {
                continue;
            };
            row.add(case, kind, a.right);
            if a.confidence >= scour::document::Confidence::High {
                high[0] += 1;
                high[1] += usize::from(a.right);
            }
            false_utf8 += usize::from(a.false_utf8);
            if let public::Label::OutOfScope(_) = case.truth {
                if kind == Kind::Whole {
                    oos_files += 1;
                    *out_of_scope.entry(a.confidence.as_str()).or_default() += 1;
                }
                if a.confidence >= scour::document::Confidence::High {
                    wrong.push(format!(
                        "scour sure of an out-of-scope file ({kind:?}): {} [{}]: {} via {} ({})",
                        case.rel,
                        case.label,
                        a.encoding,
                        a.step,
                        a.confidence.as_str()
                    ));
                }
            } else if !a.right {
                wrong.push(format!(
                    "scour wrong ({kind:?}): {} [{}]: {} via {} ({})",
                    case.rel,
                    case.label,
                    a.encoding,
                    a.step,
                    a.confidence.as_str()
                ));
            }
        }
    }
    let opts = scour::config::DecodeOptions::default();
    // CPU time, so that other work on the machine does not count (the script times the
    // Python detectors with `time.process_time` too); best of five.
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let started = cpu_seconds();
        for case in &cases {
            std::hint::black_box(scour::decode::detect(&case.bytes, &opts));
        }
        best = best.min(cpu_seconds() - started);
    }
    if args.iter().any(|a| a == "--slowest") {
        let mut times: Vec<(f64, &str, usize)> = cases
            .iter()
            .map(|c| {
                let started = std::time::Instant::now();
                std::hint::black_box(scour::decode::detect(&c.bytes, &opts));
                (
                    started.elapsed().as_secs_f64(),
                    c.rel.as_str(),
                    c.bytes.len(),
                )
            })
            .collect();
        times.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (t, rel, len) in times.iter().take(12) {
            println!("slow: {:.0} µs {rel} ({len} bytes)", t * 1e6);
        }
    }
    let per_file = |secs: f64, n: usize| format!("{:.0} µs", 1e6 * secs / n.max(1) as f64);
    let mut rows = vec![("scour".to_owned(), row, per_file(best, cases.len()))];

    // chardetng alone, as a browser runs it (whole input, UTF-8 allowed).
    let mut alone = public::Row::default();
    for case in &cases {
        for kind in kinds {
            let Some(bytes) = public::sample(case, kind) else {
                continue;
            };
            let mut d = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
            d.feed(bytes, true);
            let enc = d.guess(None, chardetng::Utf8Detection::Allow);
            let name = match encoding_rs::Encoding::for_bom(bytes) {
                Some((bom, _)) => bom.name(),
                None => enc.name(),
            };
            alone.add(case, kind, public::other_right(case, kind, name));
        }
    }

    // The others, from the answers file.
    let versions: Vec<&str> = value(args, "--versions")
        .map(|v| v.split('|').collect())
        .unwrap_or_default();
    for (det, (secs, n)) in &others.times {
        let mut r = public::Row::default();
        for case in &cases {
            for kind in kinds {
                if public::sample(case, kind).is_none() {
                    continue;
                }
                let key = (det.clone(), kind, case.rel.clone());
                let answer = others.answers.get(&key).map_or("", String::as_str);
                r.add(case, kind, public::other_right(case, kind, answer));
            }
        }
        let name = versions
            .iter()
            .find(|v| v.starts_with(det.as_str()))
            .map_or(det.clone(), |v| (*v).to_owned());
        rows.push((name, r, per_file(*secs, *n)));
    }
    rows.push(("chardetng alone".to_owned(), alone, String::new()));

    let table = public::table(&rows);
    print!("{table}");
    println!(
        "scour: {} of {} answers with high or certain confidence right ({:.2}%); {false_utf8} false UTF-8",
        high[1],
        high[0],
        100.0 * high[1] as f64 / high[0].max(1) as f64
    );
    println!("out of scope: {oos_files} files, scour's confidence on them: {out_of_scope:?}");
    for w in &wrong {
        println!("{w}");
    }
    if args.iter().any(|a| a == "--readme") {
        let path = root.join("README.md");
        let readme = std::fs::read_to_string(&path)?;
        let (Some(a), Some(b)) = (readme.find(PUBLIC_START), readme.find(PUBLIC_END)) else {
            return Err("README.md has no encoding-public markers".into());
        };
        let updated = format!("{}{PUBLIC_START}\n{table}{}", &readme[..a], &readme[b..]);
        std::fs::write(&path, updated)?;
        println!("updated README.md");
    }
    Ok(())
}

/// The CPU time this thread has run, in seconds (Linux's `/proc/thread-self/schedstat`);
/// elsewhere, the wall clock since the first call.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let wall = || {
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
    };
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(wall, |ns| ns as f64 / 1e9)
}
