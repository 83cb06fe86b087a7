//! Byte scans that several stages share: a leaf, importing nothing of the crate.

/// Index of the first byte at or after `from` that is not ASCII, or `bytes.len()`. Eight
/// bytes are tested at once: a byte is ASCII when its high bit is clear.
#[inline]
pub fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(block);
        let high = u64::from_le_bytes(word) & HIGH;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    i.min(bytes.len())
}

/// The high bit of each of the eight bytes of `block` (little-endian) that is an ASCII
/// letter. The bytes are folded to lowercase and to seven bits first, so that no sum
/// carries into the next byte; a byte with its high bit set is no letter.
#[inline]
fn ascii_letter_bits(block: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let folded = (block | 0x2020_2020_2020_2020) & !HIGH;
    let from_a = folded + ONES * (0x80 - u64::from(b'a'));
    let past_z = folded + ONES * (0x80 - u64::from(b'z') - 1);
    from_a & !past_z & !block & HIGH
}

fn block_at(bytes: &[u8], i: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(word)
}

/// Where the run of ASCII letters that ends at `end` starts, but not before `floor`
/// (`floor <= end <= bytes.len()`). Eight bytes are judged at once, so the run's start
/// costs no branch per letter (a word's length is not predictable).
#[inline]
pub fn ascii_letters_start(bytes: &[u8], floor: usize, end: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = end;
    while i >= 8 {
        let others = !ascii_letter_bits(block_at(bytes, i - 8)) & HIGH;
        if others != 0 {
            return (i - (others.leading_zeros() / 8) as usize).max(floor);
        }
        i -= 8;
        if i <= floor {
            return floor;
        }
    }
    while i > floor && bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    i
}

/// Where the run of ASCII letters that starts at `from` ends (`from <= bytes.len()`), eight
/// bytes at a time as [`ascii_letters_start`].
#[inline]
pub fn ascii_letters_end(bytes: &[u8], from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let others = !ascii_letter_bits(block_at(bytes, i)) & HIGH;
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// The non-ASCII bytes of a text, found in order from positions that do not go back
/// ([`NonAscii::next_from`]): [`next_non_ascii`] for a text with many of them.
///
/// Where characters beyond ASCII are dense (a German text has one every twenty bytes or
/// so), [`next_non_ascii`] from each to the next ends its loop at an unpredictable block: a
/// mispredicted branch per character. Here the non-ASCII bytes of 64 bytes are taken as one
/// mask, and the next one is its lowest bit at or after the position asked: the branch
/// that fetches the next block is taken about once per block.
#[derive(Debug, Clone)]
pub struct NonAscii<'a> {
    bytes: &'a [u8],
    /// The first byte of the block whose non-ASCII bytes `mask` holds (a multiple of 64).
    base: usize,
    /// The non-ASCII bytes of `bytes[base..base + 64]`, byte `base + k` as bit `k` (all of
    /// them, also those before the positions asked so far).
    mask: u64,
}

impl<'a> NonAscii<'a> {
    /// The non-ASCII bytes of `bytes`, none asked for yet.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            base: 0,
            mask: block_non_ascii(bytes, 0),
        }
    }

    /// [`next_non_ascii`]`(bytes, from)`: the first non-ASCII byte at or after `from`, or
    /// `bytes.len()`. Fast while `from` does not go back from one call to the next (it may:
    /// then its block is read again).
    #[inline]
    pub fn next_from(&mut self, from: usize) -> usize {
        let offset = from.wrapping_sub(self.base);
        if offset < 64 {
            let ahead = self.mask & (u64::MAX << offset);
            if ahead != 0 {
                return self.base + ahead.trailing_zeros() as usize;
            }
        }
        self.next_block_from(from)
    }

    /// [`NonAscii::next_from`] past the block held: the blocks from `from`'s on.
    #[inline(never)]
    fn next_block_from(&mut self, from: usize) -> usize {
        let mut base = from & !63;
        // Bytes before `from` in its own block are no answer.
        let mut skip = from - base;
        if base == self.base {
            // Its block is the one held, with nothing at or after `from`.
            base += 64;
            skip = 0;
        }
        while base < self.bytes.len() {
            let mask = block_non_ascii(self.bytes, base);
            let ahead = mask & (u64::MAX << skip);
            if ahead != 0 {
                // The whole block is kept: a later `from` may go back into it.
                self.base = base;
                self.mask = mask;
                return base + ahead.trailing_zeros() as usize;
            }
            base += 64;
            skip = 0;
        }
        self.bytes.len()
    }
}

/// The non-ASCII bytes of the 64 bytes from `base`, byte `base + k` as bit `k`; bytes past
/// the end count as ASCII. Inlined where blocks are read, the last one read apart.
#[inline(always)]
fn block_non_ascii(bytes: &[u8], base: usize) -> u64 {
    match bytes.get(base..base + 64) {
        Some(block) => non_ascii_bits(block),
        None => last_block_non_ascii(bytes, base),
    }
}

/// [`block_non_ascii`] for a block that the text ends in.
#[inline(never)]
fn last_block_non_ascii(bytes: &[u8], base: usize) -> u64 {
    let mut padded = [0u8; 64];
    let rest = bytes.get(base..).unwrap_or_default();
    padded[..rest.len()].copy_from_slice(rest);
    non_ascii_bits(&padded)
}

/// The high bits of the 64 bytes of `block`, byte `k` as bit `k`. Each eight-byte word's
/// high bits are shifted into one column of an 8×8 bit matrix (word `k`'s byte `i` to bit
/// `8i + k`), which is then transposed (bit `8i + k` to bit `8k + i`) in three swaps.
#[inline(always)]
fn non_ascii_bits(block: &[u8]) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut columns = 0;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        columns |= (u64::from_le_bytes(word) & HIGH) >> (7 - k);
    }
    // An ASCII block (most of most texts) is not transposed.
    if columns == 0 {
        return 0;
    }
    let mut x = columns;
    let t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA;
    x ^= t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC;
    x ^= t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0;
    x ^ t ^ (t << 28)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_non_ascii_byte_at_every_offset() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                if at < len {
                    bytes[at] = 0xC3;
                }
                for from in 0..=len {
                    let want = (from..len).find(|&i| bytes[i] >= 0x80).unwrap_or(len);
                    assert_eq!(next_non_ascii(&bytes, from), want, "{len} {at} {from}");
                }
            }
        }
    }

    #[test]
    fn ascii_letter_runs_agree_with_a_byte_loop() {
        // Every byte value beside letters, at every offset, with every floor.
        let alphabet: Vec<u8> = (0..=255u8).collect();
        for len in 0..28 {
            for &odd in &alphabet {
                let mut bytes: Vec<u8> = (0..len).map(|k| b"aZqB"[k % 4]).collect();
                if len > 0 {
                    bytes[len / 2] = odd;
                }
                for end in 0..=len {
                    for floor in 0..=end {
                        let mut want = end;
                        while want > floor && bytes[want - 1].is_ascii_alphabetic() {
                            want -= 1;
                        }
                        assert_eq!(
                            ascii_letters_start(&bytes, floor, end),
                            want,
                            "{bytes:?} {floor} {end}"
                        );
                    }
                    let mut want = end;
                    while want < len && bytes[want].is_ascii_alphabetic() {
                        want += 1;
                    }
                    assert_eq!(ascii_letters_end(&bytes, end), want, "{bytes:?} {end}");
                }
            }
        }
    }

    #[test]
    fn non_ascii_bytes_agree_with_next_non_ascii() {
        // Bytes of every class at every offset around the block boundaries, asked from
        // every position in order, from every second and third, and going back.
        let classes = [b'a', b' ', 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xF0, 0xFF];
        let mut rng = crate::testing::XorShift::new(0x9e37_79b9_7f4a_7c15);
        for len in (0..140).chain([191, 192, 193, 255, 256, 257]) {
            // Dense and sparse: blocks without a non-ASCII byte are passed over.
            for one_in in [3, 4, 5, 60, 100, 200] {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        if rng.below(one_in) == 0 {
                            classes[rng.below(classes.len())]
                        } else {
                            b'x'
                        }
                    })
                    .collect();
                let want = |from: usize| next_non_ascii(&bytes, from);
                for step in 1..4 {
                    let mut leads = NonAscii::new(&bytes);
                    for from in (0..=len + 1).step_by(step) {
                        assert_eq!(leads.next_from(from), want(from), "{bytes:?} {from}");
                    }
                }
                let mut leads = NonAscii::new(&bytes);
                for from in (0..=len).rev().chain(0..=len) {
                    assert_eq!(leads.next_from(from), want(from), "{bytes:?} {from} back");
                }
            }
        }
    }
}
