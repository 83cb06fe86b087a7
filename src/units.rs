//! Quantities as people read and write them: byte sizes with units (`16M`, `64MiB`,
//! `1.5 GiB`), and counts with their noun in the singular or the plural.
//!
//! One unit system: sizes are shown in binary units (KiB, MiB, GiB, TiB: powers of 1024),
//! in summaries, messages, defaults and the progress bar alike. Sizes are read as ripgrep
//! and GNU tools read them: `K`, `M`, `G`, `T` and `KiB`… are powers of 1024; the SI
//! spellings `kB`, `MB`, `GB`, `TB` are powers of 1000, as they say. Case does not matter,
//! nor a space before the unit, nor a trailing `B` on the bare letter (`16MB` is SI, `16M`
//! and `16MiB` binary).

/// The binary units, smallest first, with their factor's power of 1024.
const BINARY: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];

/// Why a size could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// No number before the unit.
    #[error("{0:?} is not a size: a number of bytes, or with a unit such as 16M or 64MiB")]
    NotANumber(String),
    /// A unit that is not one of the known ones.
    #[error("{0:?}: unknown unit {1:?} (K, M, G, T or KiB, MiB, GiB, TiB; kB, MB, GB, TB)")]
    Unit(String, String),
    /// More bytes than a 64-bit count holds.
    #[error("{0:?} is too large")]
    TooLarge(String),
}

/// Read a size: `67108864`, `64MiB`, `64 M`, `1.5G`, `500kB`. A fraction of a byte is
/// rounded down.
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let unit = unit.trim_start();
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return Err(SizeError::Unit(text.to_owned(), unit.to_owned())),
    };
    let not_a_number = || SizeError::NotANumber(text.to_owned());
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return Err(not_a_number());
    }
    let too_large = || SizeError::TooLarge(text.to_owned());
    let whole: u64 = match whole {
        "" => 0,
        digits => digits.parse().map_err(|_| too_large())?,
    };
    let mut bytes = whole.checked_mul(factor).ok_or_else(too_large)?;
    // The fraction exactly, in integers: factor × digits / 10^len, rounded down (digits
    // past the 18th cannot add a byte to a factor of at most 2^40).
    let digits = &fraction[..fraction.len().min(18)];
    if !digits.is_empty() {
        let numerator: u128 = digits.parse().map_err(|_| not_a_number())?;
        let part = u128::from(factor) * numerator / 10u128.pow(digits.len() as u32);
        let part = u64::try_from(part).map_err(|_| too_large())?;
        bytes = bytes.checked_add(part).ok_or_else(too_large)?;
    }
    Ok(bytes)
}

/// A size as it can be given back: `64MiB` when it is a whole number of a binary unit,
/// else the number of bytes (`67108864` → `64MiB`, `1000` → `1000`).
pub fn exact_size(bytes: u64) -> String {
    for (power, unit) in BINARY.iter().enumerate().rev() {
        let factor = 1u64 << (10 * (power + 1));
        if bytes >= factor && bytes % factor == 0 {
            return format!("{}{unit}", bytes / factor);
        }
    }
    bytes.to_string()
}

/// A size for reading: bytes below 1 KiB (`812 B`), else one decimal in the largest
/// binary unit it reaches (`4.2 KiB`, `64.0 MiB`).
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = BINARY[0];
    for next in &BINARY[1..] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

/// Bytes per second, rounded down (0 for a run too short to time).
pub fn per_second(bytes: u64, seconds: f64) -> u64 {
    if seconds > 0.0 {
        (bytes as f64 / seconds) as u64
    } else {
        0
    }
}

/// `n` and its noun, singular for one: `count(1, "document")` is `1 document`,
/// `count(2, "document")` is `2 documents`. For nouns whose plural adds an `s`.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_and_without_units() {
        for (text, bytes) in [
            ("67108864", 67_108_864),
            ("0", 0),
            ("64MiB", 64 << 20),
            ("64 MiB", 64 << 20),
            ("64mib", 64 << 20),
            ("16M", 16 << 20),
            ("16m", 16 << 20),
            ("1K", 1024),
            ("2G", 2 << 30),
            ("1T", 1 << 40),
            ("16MB", 16_000_000),
            ("500kB", 500_000),
            ("1.5K", 1536),
            ("1.5GiB", 3 << 29),
            ("0.5", 0),
            (".5K", 512),
            ("12B", 12),
            (" 3M ", 3 << 20),
        ] {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
    }

    #[test]
    fn bad_sizes_say_why() {
        assert!(matches!(parse_size("M"), Err(SizeError::NotANumber(_))));
        assert!(matches!(parse_size(""), Err(SizeError::NotANumber(_))));
        assert!(matches!(
            parse_size("1.2.3M"),
            Err(SizeError::NotANumber(_))
        ));
        assert!(matches!(parse_size("-1"), Err(SizeError::Unit(..))));
        assert!(matches!(
            parse_size("16 furlongs"),
            Err(SizeError::Unit(..))
        ));
        assert!(matches!(parse_size("16Mi"), Err(SizeError::Unit(..))));
        assert!(matches!(
            parse_size("20000000T"),
            Err(SizeError::TooLarge(_))
        ));
        assert!(matches!(
            parse_size("99999999999999999999"),
            Err(SizeError::TooLarge(_))
        ));
        assert_eq!(
            parse_size("16 furlongs").unwrap_err().to_string(),
            "\"16 furlongs\": unknown unit \"furlongs\" (K, M, G, T or KiB, MiB, GiB, TiB; kB, MB, GB, TB)"
        );
    }

    #[test]
    fn exact_sizes_read_back() {
        for (bytes, text) in [
            (64 << 20, "64MiB"),
            (1024, "1KiB"),
            (1536, "1536"),
            (3 << 30, "3GiB"),
            (1 << 40, "1TiB"),
            (1000, "1000"),
            (0, "0"),
        ] {
            assert_eq!(exact_size(bytes), text);
            assert_eq!(parse_size(text), Ok(bytes));
        }
    }

    #[test]
    fn human_sizes_take_the_largest_unit_reached() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(4300), "4.2 KiB");
        assert_eq!(human_size(64 << 20), "64.0 MiB");
        assert_eq!(human_size(3 << 40), "3.0 TiB");
        assert_eq!(human_size(u64::MAX), "16777216.0 TiB");
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "document"), "1 document");
        assert_eq!(count(0, "document"), "0 documents");
        assert_eq!(count(2, "NUL byte"), "2 NUL bytes");
    }
}
