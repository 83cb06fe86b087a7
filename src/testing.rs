//! Helpers for the unit tests (as encoding_rs's `testing.rs`): a leaf, compiled for tests
//! only.

/// Every text of up to `max` pieces from `pieces`, the empty text first: a sweep of the
/// shapes a line-oriented rule meets (pieces such as blank lines, line ends, words).
pub(crate) fn every_text(pieces: &[&str], max: usize) -> Vec<String> {
    let mut level = vec![String::new()];
    let mut texts = level.clone();
    for _ in 0..max {
        level = level
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
        texts.extend(level.iter().cloned());
    }
    texts
}
