//! Write the documents of a JSONL file (`{"id", "url", "text"}` per line, as
//! `gen_corpus --layout jsonl` writes them) into a Parquet table, as they are: the input
//! of `scripts/parquet-rss.sh` and of the Parquet rows in BENCHMARKS.md, the same documents
//! as the JSONL file.
//!
//! ```text
//! cargo run --release --example parquet_table -- corpus.jsonl corpus.parquet [uncompressed]
//! ```
//!
//! Columns: `id` and `url` (string), `text` (string), `n` (int64, the line number). With
//! `uncompressed`, the pages are stored as they are (the generated text compresses some
//! twenty times, and a table meant to be large on disk should be).

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use std::io::BufRead;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output, plain) = match args.as_slice() {
        [input, output] => (input, output, false),
        [input, output, flag] if flag == "uncompressed" => (input, output, true),
        _ => return Err("usage: parquet_table IN.jsonl OUT.parquet [uncompressed]".into()),
    };
    let reader = std::io::BufReader::new(std::fs::File::open(input)?);
    let mut writer = None;
    let (mut id, mut url, mut text, mut n) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        Int64Builder::new(),
    );
    let mut rows = 0;
    let mut flush = |id: &mut StringBuilder,
                     url: &mut StringBuilder,
                     text: &mut StringBuilder,
                     n: &mut Int64Builder|
     -> Result<(), Box<dyn std::error::Error>> {
        let batch = RecordBatch::try_from_iter([
            ("id", Arc::new(id.finish()) as ArrayRef),
            ("url", Arc::new(url.finish()) as ArrayRef),
            ("text", Arc::new(text.finish()) as ArrayRef),
            ("n", Arc::new(n.finish()) as ArrayRef),
        ])?;
        let w = match &mut writer {
            Some(w) => w,
            None => {
                let file = std::fs::File::create(output)?;
                let mut props = scour::io::writer_properties(&["text"]).into_builder();
                if plain {
                    props = props.set_compression(parquet::basic::Compression::UNCOMPRESSED);
                }
                let w = parquet::arrow::ArrowWriter::try_new(
                    file,
                    batch.schema(),
                    Some(props.build()),
                )?;
                writer.insert(w)
            }
        };
        w.write(&batch)?;
        Ok(())
    };
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: serde_json::Value = serde_json::from_str(&line)?;
        id.append_option(doc["id"].as_str());
        url.append_option(doc["url"].as_str());
        text.append_option(doc["text"].as_str());
        n.append_value(i as i64 + 1);
        rows += 1;
        if rows % 1024 == 0 {
            flush(&mut id, &mut url, &mut text, &mut n)?;
        }
    }
    if rows % 1024 != 0 || rows == 0 {
        flush(&mut id, &mut url, &mut text, &mut n)?;
    }
    if let Some(w) = writer {
        w.close()?;
    }
    eprintln!("{rows} rows");
    Ok(())
}
