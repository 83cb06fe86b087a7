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

/// A xorshift generator: the same numbers for the same seed on every machine, for tests
/// that sweep many random texts made of chosen pieces.
pub(crate) struct XorShift(u64);

impl XorShift {
    /// A generator started at `seed` (not 0).
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A text of one to `max` pieces drawn from `pieces`.
    pub(crate) fn text(&mut self, pieces: &[&str], max: usize) -> String {
        let count = 1 + self.below(max);
        (0..count)
            .map(|_| pieces[self.below(pieces.len())])
            .collect()
    }

    /// The next number below `n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
