//! Batch mode through the command line: shards, completions, atomic outputs, compression.

use crate::common::{records, scour};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zst(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

fn jsonl(name: &str, n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| {
            format!("{{\"id\": \"{name}-{i}\", \"text\": \"Text\\u00a0{i} aus {name}\\r\\n\"}}\n")
        })
        .collect::<String>()
        .into_bytes()
}

/// An input tree of six files in nested folders, plain and compressed, JSONL and text.
fn corpus(root: &Path) {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a/one.jsonl", jsonl("one", 3)),
        ("a/two.jsonl.gz", gz(&jsonl("two", 4))),
        ("a/deep/three.jsonl.zst", zst(&jsonl("three", 5))),
        ("b/four.txt", b"Titel\n\nText vier.\n".to_vec()),
        ("b/five.txt.zst", zst(b"Titel\n\nText f\xc3\xbcnf.\n")),
        ("six.jsonl", jsonl("six", 2)),
        ("b/.hidden.jsonl", jsonl("hidden", 1)),
    ];
    for (name, bytes) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn decompressed(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap();
    let mut reader =
        scour::io::decompress(Box::new(std::io::BufReader::new(file)), Some(path)).unwrap();
    let mut out = Vec::new();
    reader.read_to_end(&mut out).unwrap();
    out
}

fn batch(input: &Path, out: &Path, shard: &str) -> std::process::Output {
    scour()
        .current_dir(input)
        .args(["clean", "--quiet", "--input", "**/*", "--output-dir"])
        .arg(out)
        .args(["--shard", shard])
        .output()
        .unwrap()
}

const OUTPUTS: [&str; 6] = [
    "a/deep/three.jsonl.zst",
    "a/one.jsonl",
    "a/two.jsonl.gz",
    "b/five.jsonl.zst",
    "b/four.jsonl",
    "six.jsonl",
];

#[test]
fn one_shard_keeps_relative_paths_and_compression() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    corpus(&input);
    let run = batch(&input, &out, "0/1");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut want: Vec<String> = OUTPUTS.iter().map(|s| s.to_string()).collect();
    want.extend(["_completions/0", "_rejects/0.jsonl", "_stats/0.json"].map(String::from));
    want.sort();
    assert_eq!(tree(&out), want);
    // Compressed as named; each output holds its input's documents.
    let bytes = std::fs::read(out.join("a/deep/three.jsonl.zst")).unwrap();
    assert_eq!(
        scour::io::Compression::sniff(&bytes),
        scour::io::Compression::Zstd
    );
    let bytes = std::fs::read(out.join("a/two.jsonl.gz")).unwrap();
    assert_eq!(
        scour::io::Compression::sniff(&bytes),
        scour::io::Compression::Gzip
    );
    for (name, n) in [
        ("a/deep/three.jsonl.zst", 5),
        ("a/two.jsonl.gz", 4),
        ("b/five.jsonl.zst", 1),
    ] {
        let recs = records(&decompressed(&out.join(name)));
        assert_eq!(recs.len(), n, "{name}");
        assert!(
            recs.iter()
                .all(|r| !r["text"].as_str().unwrap().contains('\u{a0}'))
        );
    }
    let five = records(&decompressed(&out.join("b/five.jsonl.zst")));
    assert_eq!(five[0]["text"], "Text fünf.");
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("_stats/0.json")).unwrap()).unwrap();
    assert_eq!(stats["shard"], "0/1");
    assert_eq!(stats["files_matched"], 6);
    assert_eq!(stats["summary"]["documents_out"], 3 + 4 + 5 + 1 + 1 + 2);
    // The shard, then its inputs: how many and a hash of their list.
    let completion = std::fs::read_to_string(out.join("_completions/0")).unwrap();
    assert!(completion.starts_with("0/1\ninputs 6 "), "{completion}");
    assert!(completion.lines().nth(2).unwrap().starts_with("options "));
}

#[test]
fn shards_split_the_sorted_list_and_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input);
    let whole = dir.path().join("whole");
    assert_eq!(batch(&input, &whole, "0/1").status.code(), Some(0));
    let split = dir.path().join("split");
    for i in 0..4 {
        let run = batch(&input, &split, &format!("{i}/4"));
        assert_eq!(run.status.code(), Some(0));
        // Sorted inputs: a/deep/three, a/one, a/two, b/five, b/four, six → positions i, i+4.
        let stats: serde_json::Value =
            serde_json::from_slice(&std::fs::read(split.join(format!("_stats/{i}.json"))).unwrap())
                .unwrap();
        let outputs: Vec<&str> = stats["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["output"].as_str().unwrap())
            .collect();
        let want: Vec<String> = OUTPUTS
            .iter()
            .enumerate()
            .filter(|(p, _)| p % 4 == i)
            .map(|(_, o)| split.join(o).to_string_lossy().into_owned())
            .collect();
        assert_eq!(outputs, want, "shard {i}");
    }
    for name in OUTPUTS {
        assert_eq!(
            std::fs::read(whole.join(name)).unwrap(),
            std::fs::read(split.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_completed_shard_is_skipped_on_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    corpus(&input);
    assert_eq!(batch(&input, &out, "1/2").status.code(), Some(0));
    // Shard 1 of 2 holds a/one (position 1), b/five (3), six (5).
    std::fs::remove_file(out.join("six.jsonl")).unwrap();
    let rerun = scour()
        .current_dir(&input)
        .args(["clean", "--input", "**/*", "--output-dir"])
        .arg(&out)
        .args(["--shard", "1/2"])
        .output()
        .unwrap();
    assert_eq!(rerun.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&rerun.stderr).contains("is complete"));
    assert!(
        !out.join("six.jsonl").exists(),
        "a completed shard is not redone"
    );
    // Another shard count in the same folder is refused.
    assert_eq!(batch(&input, &out, "1/3").status.code(), Some(2));
    // Without the completion the shard runs again.
    std::fs::remove_file(out.join("_completions/1")).unwrap();
    assert_eq!(batch(&input, &out, "1/2").status.code(), Some(0));
    assert!(out.join("six.jsonl").exists());
}

#[test]
fn an_output_that_cannot_be_written_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    corpus(&input);
    // A folder where `a/one.jsonl` should go: its rename fails.
    std::fs::create_dir_all(out.join("a/one.jsonl")).unwrap();
    let run = batch(&input, &out, "0/1");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("one.jsonl"), "{stderr}");
    let files = tree(&out);
    assert!(files.iter().all(|f| !f.contains("scour-tmp")), "{files:?}");
    assert!(!out.join("_completions/0").exists());
    assert!(out.join("six.jsonl").is_file(), "the other files went on");
    // Fixed, the rerun completes.
    std::fs::remove_dir(out.join("a/one.jsonl")).unwrap();
    assert_eq!(batch(&input, &out, "0/1").status.code(), Some(0));
    assert!(out.join("a/one.jsonl").is_file());
    assert!(tree(&out).iter().all(|f| !f.contains("scour-tmp")));
}

#[test]
fn bad_input_files_are_rejects_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    corpus(&input);
    std::fs::write(input.join("a/broken.jsonl.gz"), b"not gzip at all").unwrap();
    let run = batch(&input, &out, "0/1");
    assert_eq!(run.status.code(), Some(1));
    let rejects = records(&std::fs::read(out.join("_rejects/0.jsonl")).unwrap());
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0]["kind"], "unreadable");
    assert!(out.join("_completions/0").exists());
    assert_eq!(records(&decompressed(&out.join("a/one.jsonl"))).len(), 3);
}

#[test]
fn a_glob_that_matches_nothing_is_fatal_and_completes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    corpus(&input);
    let run = scour()
        .current_dir(&input)
        .args(["clean", "--input", "**/*.parquet", "--output-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no file matches"));
    assert!(!out.join("_completions/0").exists());
}

#[test]
fn clashing_outputs_are_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("x.txt"), "eins").unwrap();
    std::fs::write(input.join("x.md"), "zwei").unwrap();
    let run = batch(&input, &out, "0/1");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("x.jsonl"));
    assert!(!out.join("x.jsonl").exists());
}

#[test]
fn single_output_file_is_compressed_by_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let plain = scour()
        .args(["clean", "--quiet"])
        .write_stdin(jsonl("s", 50))
        .output()
        .unwrap();
    for name in ["out.jsonl.gz", "out.jsonl.zst"] {
        let path = dir.path().join(name);
        let run = scour()
            .args(["clean", "--quiet", "-o"])
            .arg(&path)
            .write_stdin(jsonl("s", 50))
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0));
        let bytes = std::fs::read(&path).unwrap();
        assert_ne!(bytes, plain.stdout);
        assert_eq!(decompressed(&path), plain.stdout, "{name}");
        // And read back by scour itself.
        let again = scour()
            .args(["clean", "--quiet"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(records(&again.stdout).len(), 50);
    }
}

/// A file name that is not UTF-8 is matched like any other, and its output keeps its bytes.
#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_matched_and_kept() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir(&input).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(input.join(name), "Titel\n\nText.\n").unwrap();
    std::fs::write(input.join("plain.txt"), "Titel\n\nAnders.\n").unwrap();
    let run = batch(&input, &out, "0/1");
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let recs =
        records(&std::fs::read(out.join(std::ffi::OsStr::from_bytes(b"caf\xe9.jsonl"))).unwrap());
    assert_eq!(recs[0]["id"], "caf\\xE9");
    assert!(out.join("plain.jsonl").exists());
}

/// A completed shard whose inputs changed since is not skipped as if nothing happened: the
/// rerun says what changed and how to redo it.
#[test]
fn a_rerun_after_the_inputs_changed_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    corpus(&input);
    assert_eq!(batch(&input, &out, "0/1").status.code(), Some(0));
    // Unchanged: skipped.
    let rerun = scour()
        .current_dir(&input)
        .args(["clean", "--input", "**/*", "--output-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(rerun.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&rerun.stderr).contains("is complete"));
    // Three files added.
    for name in ["c/x.txt", "c/y.txt", "z.jsonl"] {
        let path = input.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "Neu.\n").unwrap();
    }
    let rerun = scour()
        .current_dir(&input)
        .args(["clean", "--input", "**/*", "--output-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(rerun.status.code(), Some(2), "{rerun:?}");
    let stderr = String::from_utf8(rerun.stderr).unwrap();
    assert!(
        stderr.contains("3 inputs added since the shard completed"),
        "{stderr}"
    );
    assert!(stderr.contains("_completions/0 to redo it"), "{stderr}");
    // The same count with another file: the list changed all the same.
    std::fs::remove_file(input.join("z.jsonl")).unwrap();
    std::fs::remove_file(input.join("c/x.txt")).unwrap();
    std::fs::remove_file(input.join("c/y.txt")).unwrap();
    std::fs::rename(input.join("six.jsonl"), input.join("seven.jsonl")).unwrap();
    let rerun = batch(&input, &out, "0/1");
    assert_eq!(rerun.status.code(), Some(2), "{rerun:?}");
    let stderr = String::from_utf8(rerun.stderr).unwrap();
    assert!(stderr.contains("the list of inputs changed"), "{stderr}");
    // Removing the completion redoes the shard.
    std::fs::remove_file(out.join("_completions/0")).unwrap();
    assert_eq!(batch(&input, &out, "0/1").status.code(), Some(0));
    // Other cleaning options are a change too; other thread counts are not.
    let rerun = |extra: &[&str]| {
        scour()
            .current_dir(&input)
            .args(["clean", "--input", "**/*", "--output-dir"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let other = rerun(&["--uncurl-quotes"]);
    assert_eq!(other.status.code(), Some(2), "{other:?}");
    let stderr = String::from_utf8(other.stderr).unwrap();
    assert!(stderr.contains("other cleaning options"), "{stderr}");
    let same = rerun(&["--threads", "1", "--max-errors", "3"]);
    assert_eq!(same.status.code(), Some(0), "{same:?}");
    assert!(String::from_utf8_lossy(&same.stderr).contains("is complete"));
}
