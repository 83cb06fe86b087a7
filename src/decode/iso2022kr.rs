//! ISO-2022-KR (RFC 1557), the 7-bit Korean mail encoding. The WHATWG standard maps it to
//! the "replacement" encoding, so encoding_rs does not decode it; its shift bytes (SO, SI)
//! are control bytes, which the binary check would count against the input.
//!
//! The designator `ESC $ ) C` announces KS X 1001; SO shifts to it and SI back to ASCII.
//! Shifted, each character is two bytes 0x21–0x7E: the EUC-KR bytes without their high bit.
//! So the input is rewritten as EUC-KR and decoded by encoding_rs.

/// The designator of KS X 1001 as the G1 set.
pub(super) const DESIGNATOR: &[u8] = b"\x1B$)C";

/// The text of ISO-2022-KR `bytes`, when they are that strictly: the designator, only
/// 7-bit bytes, shifted pairs in range, and an EUC-KR decode without errors.
pub(super) fn decode(bytes: &[u8]) -> Option<String> {
    memchr::memmem::find(bytes, DESIGNATOR)?;
    if !bytes.is_ascii() {
        return None;
    }
    let mut euc = Vec::with_capacity(bytes.len());
    let mut shifted = false;
    let mut i = 0;
    let mut pairs = 0usize;
    while i < bytes.len() {
        if bytes[i..].starts_with(DESIGNATOR) {
            i += DESIGNATOR.len();
            continue;
        }
        match bytes[i] {
            0x0E => shifted = true,
            0x0F => shifted = false,
            0x1B => return None, // another escape sequence: not this encoding
            // Line ends and spaces are ASCII in either state; a line end ends the shift.
            b @ (b'\n' | b'\r') => {
                shifted = false;
                euc.push(b);
            }
            b @ (b' ' | b'\t') => euc.push(b),
            b if shifted => {
                let next = *bytes.get(i + 1)?;
                if !(0x21..=0x7E).contains(&b) || !(0x21..=0x7E).contains(&next) {
                    return None;
                }
                euc.extend_from_slice(&[b | 0x80, next | 0x80]);
                pairs += 1;
                i += 1;
            }
            b => euc.push(b),
        }
        i += 1;
    }
    if pairs == 0 {
        return None;
    }
    let (text, had_errors) = encoding_rs::EUC_KR.decode_without_bom_handling(&euc);
    (!had_errors).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Korean text written as ISO-2022-KR by hand from its EUC-KR bytes.
    fn encode(text: &str) -> Vec<u8> {
        let mut out = DESIGNATOR.to_vec();
        let mut shifted = false;
        for c in text.chars() {
            if c.is_ascii() {
                if shifted && c != ' ' {
                    out.push(0x0F);
                    shifted = false;
                }
                out.push(c as u8);
            } else {
                if !shifted {
                    out.push(0x0E);
                    shifted = true;
                }
                let s = c.to_string();
                let (b, _, _) = encoding_rs::EUC_KR.encode(&s);
                out.extend(b.iter().map(|x| x & 0x7F));
            }
        }
        if shifted {
            out.push(0x0F);
        }
        out
    }

    #[test]
    fn korean_round_trips() {
        let text = "오늘은 날씨가 맑습니다. 우리는 공원에 갔습니다.\n내일 다시 만나요 (10시).";
        assert_eq!(decode(&encode(text)).as_deref(), Some(text));
    }

    #[test]
    fn other_input_is_refused() {
        assert_eq!(decode(b"plain ASCII"), None);
        // A shifted byte out of range, an 8-bit byte, a stray escape.
        assert_eq!(decode(b"\x1B$)C\x0E\x10\x20\x0F"), None);
        assert_eq!(decode(b"\x1B$)C\x0E\x30\x21\x0F caf\xE9"), None);
        assert_eq!(decode(b"\x1B$)C\x0E\x30\x21\x0F \x1B(B"), None);
        // The designator alone, without Korean: nothing says it is Korean.
        assert_eq!(decode(b"\x1B$)C hello"), None);
    }
}
