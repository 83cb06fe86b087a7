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
}
