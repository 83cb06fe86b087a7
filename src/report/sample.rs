//! Samples that do not depend on order: of all the documents offered under one name, the
//! `k` whose key (a stable hash of where the document is) is smallest. This is reservoir
//! sampling with the random numbers fixed by the documents themselves (bottom-k sampling):
//! a reservoir never holds more than `k` entries, and the same corpus gives the same
//! samples at any thread count, in any order of its files, split into shards or not.

/// 64-bit FNV-1a of byte strings, each ended by a zero byte: stable across runs, versions
/// and machines (the std hashers promise none of that).
pub fn stable_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.iter().chain(&[0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The sampling key of a document: its path, line and id. Two documents with the same key
/// (the same file given twice) are told apart by their position in the run.
pub fn document_key(path: &str, line: Option<u64>, id: &str) -> u64 {
    let line = line.map(|l| l.to_le_bytes()).unwrap_or_default();
    stable_hash([path.as_bytes(), &line, id.as_bytes()])
}

/// At most `k` entries: those with the smallest `(key, position)`.
#[derive(Debug, Clone)]
pub struct Reservoir<T> {
    k: usize,
    /// Sorted by `(key, position)`.
    entries: Vec<(u64, u64, T)>,
}

impl<T> Reservoir<T> {
    /// An empty reservoir of `k` entries.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            entries: Vec::new(),
        }
    }

    /// Whether an entry with this key and position would be taken.
    pub fn takes(&self, key: u64, position: u64) -> bool {
        self.k > 0
            && (self.entries.len() < self.k
                || self
                    .entries
                    .last()
                    .is_some_and(|(k, p, _)| (key, position) < (*k, *p)))
    }

    /// Offer an entry; `make` is called only when it is taken.
    pub fn offer(&mut self, key: u64, position: u64, make: impl FnOnce() -> T) {
        if !self.takes(key, position) {
            return;
        }
        let at = self
            .entries
            .partition_point(|(k, p, _)| (*k, *p) < (key, position));
        self.entries.insert(at, (key, position, make()));
        self.entries.truncate(self.k);
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|(_, _, t)| t)
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_does_not_depend_on_the_order() {
        let keys: Vec<u64> = (0..200u64)
            .map(|i| document_key("a.jsonl", Some(i), &i.to_string()))
            .collect();
        let sample = |order: &mut dyn Iterator<Item = usize>| {
            let mut r = Reservoir::new(5);
            for i in order {
                r.offer(keys[i], 0, || i);
            }
            r.iter().copied().collect::<Vec<_>>()
        };
        let forward = sample(&mut (0..200));
        assert_eq!(forward.len(), 5);
        assert_eq!(forward, sample(&mut (0..200).rev()));
        assert_eq!(forward, sample(&mut (0..200).map(|i| (i * 7) % 200)));
        let mut smallest: Vec<usize> = (0..200).collect();
        smallest.sort_by_key(|&i| keys[i]);
        assert_eq!(forward, smallest[..5]);
    }

    #[test]
    fn make_runs_only_for_what_is_taken() {
        let mut r = Reservoir::new(1);
        r.offer(5, 0, || "first");
        r.offer(9, 1, || unreachable!("a larger key is not taken"));
        r.offer(5, 2, || unreachable!("a later equal key is not taken"));
        r.offer(1, 3, || "smaller");
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), ["smaller"]);
        let mut none: Reservoir<()> = Reservoir::new(0);
        none.offer(0, 0, || unreachable!("k = 0 takes nothing"));
        assert!(none.is_empty());
    }
}
