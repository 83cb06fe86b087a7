//! `scour learn`: the corpus vocabulary ([`Vocab`]) and profile gathered from every document,
//! in parallel, each cleaned as `scour clean` would clean it but for the boilerplate stage.

use crate::config::Config;
use crate::error::FatalError;
use crate::error::Reject;
use crate::io::{Item, ItemReader, Payload};
use crate::run::{Observer, Rejected, RunOptions, drive};
use crate::units::{count, human_size, per_second};
use crate::vocab::{Tally, Vocab};
use rayon::prelude::*;
use std::panic::AssertUnwindSafe;
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
        format!(
            "{} ({} rejected), {}, {} in {:.2} s ({}/s)",
            count(self.documents, "document"),
            self.rejected,
            human_size(self.bytes),
            count(self.words as u64, "word"),
            self.seconds,
            human_size(per_second(self.bytes, self.seconds))
        )
    }
}

/// Learn the vocabulary of every document `reader` yields (`scour learn`), through the
/// same chunked, ordered, interruptible driver as `scour clean` ([`crate::run::drive`]),
/// on `options.threads` threads (0: one per core). Each document is decoded, repaired and
/// normalized, its site tag taken and its structure found as by `scour clean`
/// ([`crate::pipeline`]; the boilerplate stage is skipped), so that the
/// vocabulary counts NFC words and no duplicated, transliterated headings; the title counts
/// too. Rejected documents (a panic in a stage too) are reported to `observer` and skipped.
/// The result does not depend on the number of threads.
pub fn learn(
    reader: ItemReader,
    config: &Config,
    options: &RunOptions,
    observer: &dyn Observer,
) -> Result<(Vocab, LearnSummary), FatalError> {
    let start = Instant::now();
    let mut summary = LearnSummary::default();
    let mut tally = Tally::default();
    let work = |chunk: Vec<Item>| {
        // A WARC record skipped is no document.
        let documents = chunk
            .iter()
            .filter(|item| !matches!(item.payload, Payload::Skipped(_)))
            .count() as u64;
        let (part, rejected) = chunk
            .into_par_iter()
            .fold(
                || (Tally::default(), Vec::new()),
                |(mut v, mut rejected), item| {
                    if let Err(r) = learn_caught(item, config, &mut v) {
                        rejected.push(*r);
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
            );
        (documents, part, rejected)
    };
    drive(
        reader,
        options,
        work,
        |(documents, part, rejected): (u64, Tally, Vec<Rejected>), bytes| {
            summary.documents += documents;
            summary.bytes += bytes;
            tally.merge(part);
            summary.rejected += rejected.len() as u64;
            for r in &rejected {
                observer.rejected(r);
            }
            observer.progress(summary.documents, summary.bytes);
            Ok(())
        },
    )?;
    let mut vocab = tally.into_vocab();
    vocab.profile.prune();
    summary.words = vocab.len();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok((vocab, summary))
}

/// The stages [`learn`] does not run.
const LEARN_SKIPS: &[&str] = &[crate::boilerplate::STAGE];

/// [`learn_item`], with a panic in a stage (a bug) rejecting the one document.
fn learn_caught(item: Item, config: &Config, vocab: &mut Tally) -> Result<(), Box<Rejected>> {
    let origin = item.origin.clone();
    let input = item.input_kind();
    std::panic::catch_unwind(AssertUnwindSafe(|| learn_item(item, config, vocab))).unwrap_or_else(
        |_| {
            Err(Box::new(Rejected::new(
                origin,
                input,
                &Reject::Internal("a stage panicked; this is a bug in scour".into()),
            )))
        },
    )
}

fn learn_item(item: Item, config: &Config, vocab: &mut Tally) -> Result<(), Box<Rejected>> {
    let input = item.input_kind();
    if let Payload::Skipped(_) = item.payload {
        return Ok(());
    }
    let mut doc = crate::run::read_document(item, config)?;
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
