//! `scour learn`: the corpus vocabulary ([`Vocab`]) and profile gathered from every document,
//! in parallel, each cleaned as `scour clean` would clean it but for the boilerplate stage.

use crate::config::Config;
use crate::error::FatalError;
use crate::io::{Item, ItemReader};
use crate::run::{Observer, Rejected};
use crate::vocab::{Tally, Vocab};
use rayon::prelude::*;
use std::time::Instant;

/// What [`learn`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnSummary {
    /// Documents read (including those rejected).
    pub documents: u64,
    /// Documents that could not be read or decoded.
    pub rejected: u64,
    /// Input bytes.
    pub bytes: u64,
    /// Distinct words learned.
    pub words: usize,
    /// Wall-clock time.
    pub seconds: f64,
}

impl LearnSummary {
    /// One line for stderr.
    pub fn line(&self) -> String {
        let mb = self.bytes as f64 / 1e6;
        format!(
            "{} documents ({} rejected), {:.1} MB, {} words in {:.2} s ({:.0} MB/s)",
            self.documents,
            self.rejected,
            mb,
            self.words,
            self.seconds,
            mb / self.seconds.max(1e-9)
        )
    }
}

/// Documents per parallel chunk in [`learn`].
const CHUNK_DOCS: usize = 512;
/// About this many input bytes per parallel chunk in [`learn`].
const CHUNK_BYTES: usize = 8 << 20;

/// Learn the vocabulary of every document `reader` yields (`scour learn`), in parallel
/// chunks on `threads` threads (0: one per core). Each document is decoded, repaired and
/// normalized, its site tag taken and its structure found as by `scour clean`
/// ([`crate::pipeline`]; the boilerplate stage is skipped), so that the
/// vocabulary counts NFC words and no duplicated, transliterated headings; the title counts
/// too. Rejected documents are reported to `observer` and skipped. The result does not
/// depend on the number of threads.
pub fn learn(
    mut reader: ItemReader,
    config: &Config,
    threads: usize,
    observer: &dyn Observer,
) -> Result<(Vocab, LearnSummary), FatalError> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| FatalError::Config(format!("cannot start worker threads: {e}")))?;
    let mut summary = LearnSummary::default();
    let mut tally = Tally::default();
    pool.install(|| {
        let mut chunk = next_chunk(&mut reader);
        while !chunk.is_empty() {
            summary.documents += chunk.len() as u64;
            summary.bytes += chunk.iter().map(|i| i.len() as u64).sum::<u64>();
            let ((part, rejected), next) = rayon::join(
                || {
                    chunk
                        .into_par_iter()
                        .fold(
                            || (Tally::default(), Vec::new()),
                            |(mut v, mut rejected), item| {
                                match learn_item(item, config, &mut v) {
                                    Ok(()) => {}
                                    Err(r) => rejected.push(*r),
                                }
                                (v, rejected)
                            },
                        )
                        .reduce(
                            || (Tally::default(), Vec::new()),
                            |(mut a, mut ra), (b, rb)| {
                                a.merge(b);
                                ra.extend(rb);
                                (a, ra)
                            },
                        )
                },
                || next_chunk(&mut reader),
            );
            tally.merge(part);
            summary.rejected += rejected.len() as u64;
            for r in &rejected {
                observer.rejected(r);
            }
            observer.progress(summary.documents, summary.bytes);
            chunk = next;
        }
    });
    let mut vocab = tally.into_vocab();
    vocab.profile.prune();
    summary.words = vocab.len();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok((vocab, summary))
}

fn next_chunk(reader: &mut ItemReader) -> Vec<Item> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    for item in reader.by_ref() {
        bytes += item.len();
        chunk.push(item);
        if chunk.len() >= CHUNK_DOCS || bytes >= CHUNK_BYTES {
            break;
        }
    }
    chunk
}

/// The stages [`learn`] does not run.
const LEARN_SKIPS: &[&str] = &[crate::boilerplate::STAGE];

fn learn_item(item: Item, config: &Config, vocab: &mut Tally) -> Result<(), Box<Rejected>> {
    let input = item.input_kind();
    let mut doc = crate::run::document(item, config)?;
    // Every stage but boilerplate, which only flags lines by default (and the profile
    // wants the edges as they come).
    for stage in crate::pipeline::STAGES {
        if LEARN_SKIPS.contains(&stage.name) {
            continue;
        }
        if let Err(reject) = (stage.run)(&mut doc, config) {
            return Err(Box::new(Rejected::new(doc.origin, input, &reject)));
        }
    }
    // The text's edges as cleaned (boilerplate only flagged), and the site tag.
    vocab
        .profile
        .observe(&doc.text, doc.site_tag.as_ref().map(|t| t.tag.as_str()));
    if let Some(title) = &doc.title {
        vocab.add_text(title);
    }
    vocab.add_text(&doc.text);
    Ok(())
}
