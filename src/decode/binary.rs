//! Binary sniffing: a file format's signature, NUL bytes that are not UTF-16/32, or control
//! bytes no text holds in such numbers. Such input is refused, never decoded into garbage.

use super::Binary;
use crate::units::count;

/// How many bytes the control-byte density of the binary check looks at.
const CONTROL_WINDOW: usize = 64 * 1024;

/// Why `bytes` (known to carry no file format's signature) is not text, if it is not:
/// NUL bytes (UTF-16/32 was ruled out before), or many control bytes in the first
/// [`CONTROL_WINDOW`] bytes.
pub(super) fn refusal(bytes: &[u8]) -> Option<Binary> {
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls > 0 {
        return Some(Binary {
            reason: count(nuls as u64, "NUL byte"),
            examined: bytes.len(),
        });
    }
    let head = &bytes[..bytes.len().min(CONTROL_WINDOW)];
    let controls = count_binary_controls(head);
    if controls >= 4 && controls * 20 > head.len() {
        return Some(Binary {
            reason: format!(
                "{} in the first {}",
                count(controls as u64, "control byte"),
                count(head.len() as u64, "byte")
            ),
            examined: head.len(),
        });
    }
    None
}

/// How many bytes of `bytes` are [binary controls](is_binary_control). This runs on every
/// document, so it goes 32 bytes at a time with a test the compiler turns into vector
/// instructions: a block without a control byte other than `\n` (most blocks of text) is
/// skipped whole, and only the rest are counted byte by byte.
fn count_binary_controls(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(32);
    let mut n = 0;
    for block in &mut blocks {
        let block: &[u8; 32] = block.try_into().expect("a block of 32 bytes");
        let suspect = block.iter().fold(0u8, |any, &b| {
            any | u8::from((b < 0x20) & (b != b'\n')) | u8::from(b == 0x7F)
        });
        if suspect != 0 {
            n += block.iter().filter(|&&b| is_binary_control(b)).count();
        }
    }
    n + blocks
        .remainder()
        .iter()
        .filter(|&&b| is_binary_control(b))
        .count()
}

/// Control bytes that text does not contain (tab, line ends, form feed and the escape of
/// ISO-2022 are text).
fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, 0x00 | 0x09..=0x0D | 0x1B)) || b == 0x7F
}

/// The file format whose signature `bytes` starts with, for formats that are never text,
/// and the signature's length.
pub(super) fn signature(bytes: &[u8]) -> Option<(&'static str, usize)> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\x1f\x8b", "gzip"),
        (b"\x7fELF", "ELF"),
        (b"PK\x03\x04", "zip"),
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"7z\xbc\xaf\x27\x1c", "7z"),
        (b"\xfd7zXZ\x00", "xz"),
        (b"\x28\xb5\x2f\xfd", "zstd"),
        (b"BZh", "bzip2"),
        (b"%PDF-", "PDF"),
        (b"\x00asm", "WebAssembly"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, name)| {
            bytes.starts_with(magic)
                // `BZh` and `%PDF-` begin ordinary words and text too: require binary bytes.
                && (!matches!(*name, "bzip2" | "PDF") || bytes.iter().take(1024).any(|&b| b == 0 || is_binary_control(b)))
        })
        .map(|(magic, name)| (*name, magic.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The block-skipping count is the byte-by-byte count, with controls anywhere in
        /// text of any length (blocks whole and cut, `\n` alone and among others).
        #[test]
        fn binary_controls_are_counted_exactly(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    60 => proptest::sample::select(b"ab \n\xc3\xbc".to_vec()),
                    1 => 0u8..0x20,
                    1 => proptest::sample::select(vec![0x7Fu8, 0x80, 0xFF]),
                ],
                0..300,
            )
        ) {
            let slow = bytes.iter().filter(|&&b| is_binary_control(b)).count();
            proptest::prop_assert_eq!(count_binary_controls(&bytes), slow);
        }
    }
}
