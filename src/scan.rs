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
}
