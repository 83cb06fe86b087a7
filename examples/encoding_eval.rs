//! The encoding detection report: accuracy per group, scour next to chardetng alone.
//!
//! ```text
//! cargo run --release --example encoding_eval                 # the table and the failures
//! cargo run --release --example encoding_eval -- --readme     # also rewrite README.md's table
//! cargo run --release --example encoding_eval -- --write DIR  # also write the set's files
//! ```

#[path = "../tests/eval/mod.rs"]
mod eval;

use std::path::PathBuf;

const START: &str = "<!-- encoding-eval:start -->";
const END: &str = "<!-- encoding-eval:end -->";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
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
