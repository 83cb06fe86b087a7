//! The single-byte encodings that UTF-8 text is commonly misread as, with both directions:
//! byte → character (how the damage happened) and character → byte (how to undo it).
//!
//! Tables come from encoding_rs (the WHATWG index, which already maps the bytes windows-1250
//! and windows-1251 leave undefined to the C1 control of the same number), except code page
//! 437, which encoding_rs does not have: its upper half was generated once from Python's
//! `cp437` codec, a transcription of the mapping Unicode, Inc. publishes.
//! Every table is "sloppy": a byte the encoding leaves undefined reads as the Latin-1
//! character with the same number, so any byte sequence survives the round trip.

use std::sync::LazyLock;

/// One single-byte encoding.
pub(crate) struct Charset {
    /// The name used in change logs.
    pub name: &'static str,
    /// Character → byte for the upper half, sorted by character for binary search.
    encode: Vec<(char, u8)>,
    /// The same for U+0080–U+00FF, the characters mojibake is mostly made of, looked up
    /// directly: [`NO_BYTE`] where there is none.
    latin1: [u16; 128],
    /// The same above U+00FF, looked up directly too (the curly quotes, dashes and `€`
    /// of windows-1252, Cyrillic for windows-1251): for each block of 256 characters of
    /// the BMP, 0 when the encoding has none of them, else 1 + its index in `blocks`.
    block_of: [u8; 256],
    /// The byte of each character of a block, 0 where there is none (no character of the
    /// upper half has byte 0).
    blocks: Vec<[u8; 256]>,
}

/// No byte for this character in [`Charset::latin1`].
const NO_BYTE: u16 = u16::MAX;

impl Charset {
    fn new(name: &'static str, upper: [char; 128]) -> Self {
        let mut encode: Vec<(char, u8)> = upper
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, 0x80 + i as u8))
            .collect();
        encode.sort_unstable();
        // Two bytes never map to one character in these tables; if they did, keep the first.
        encode.dedup_by_key(|(c, _)| *c);
        let mut charset = Self {
            name,
            encode,
            latin1: [NO_BYTE; 128],
            block_of: [0; 256],
            blocks: Vec::new(),
        };
        charset.index();
        charset
    }

    /// Fill [`Self::latin1`], [`Self::block_of`] and [`Self::blocks`] from [`Self::encode`].
    fn index(&mut self) {
        self.latin1 = [NO_BYTE; 128];
        self.block_of = [0; 256];
        self.blocks.clear();
        for &(c, b) in &self.encode {
            let code = c as usize;
            if let Some(slot) = code.checked_sub(0x80).and_then(|i| self.latin1.get_mut(i)) {
                *slot = u16::from(b);
            } else if let Some(block) = self.block_of.get_mut(code >> 8) {
                if *block == 0 {
                    self.blocks.push([0; 256]);
                    *block = u8::try_from(self.blocks.len()).expect("a few blocks");
                }
                self.blocks[usize::from(*block) - 1][code & 0xFF] = b;
            }
        }
    }

    /// The byte `c` is written as in this encoding, if it has one.
    #[inline]
    pub fn byte(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        if let Some(&b) = self.latin1.get(c as usize - 0x80) {
            return u8::try_from(b).ok();
        }
        match self.block_of.get(c as usize >> 8) {
            Some(&block) if block != 0 => {
                let b = self.blocks[usize::from(block) - 1][c as usize & 0xFF];
                (b != 0).then_some(b)
            }
            // Not in the BMP, or in a block without a character of the encoding.
            Some(_) => None,
            None => self.search(c),
        }
    }

    /// [`Self::byte`] by binary search in [`Self::encode`].
    fn search(&self, c: char) -> Option<u8> {
        self.encode
            .binary_search_by_key(&c, |&(k, _)| k)
            .ok()
            .map(|i| self.encode[i].1)
    }
}

/// The upper half of an encoding_rs single-byte encoding, undefined bytes read as Latin-1.
fn upper_half(encoding: &'static encoding_rs::Encoding) -> [char; 128] {
    let mut out = ['\0'; 128];
    for (i, slot) in out.iter_mut().enumerate() {
        let byte = [0x80 + i as u8];
        let (text, _) = encoding.decode_without_bom_handling(&byte);
        *slot = match text.chars().next() {
            Some(c) if c != '\u{FFFD}' => c,
            _ => char::from(byte[0]),
        };
    }
    out
}

fn latin1_upper() -> [char; 128] {
    let mut out = ['\0'; 128];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = char::from(0x80 + i as u8);
    }
    out
}

/// Code page 437 (the IBM PC), bytes 0x80–0xFF.
const CP437_UPPER: [char; 128] = [
    '\u{00C7}', '\u{00FC}', '\u{00E9}', '\u{00E2}', '\u{00E4}', '\u{00E0}', '\u{00E5}', '\u{00E7}',
    '\u{00EA}', '\u{00EB}', '\u{00E8}', '\u{00EF}', '\u{00EE}', '\u{00EC}', '\u{00C4}', '\u{00C5}',
    '\u{00C9}', '\u{00E6}', '\u{00C6}', '\u{00F4}', '\u{00F6}', '\u{00F2}', '\u{00FB}', '\u{00F9}',
    '\u{00FF}', '\u{00D6}', '\u{00DC}', '\u{00A2}', '\u{00A3}', '\u{00A5}', '\u{20A7}', '\u{0192}',
    '\u{00E1}', '\u{00ED}', '\u{00F3}', '\u{00FA}', '\u{00F1}', '\u{00D1}', '\u{00AA}', '\u{00BA}',
    '\u{00BF}', '\u{2310}', '\u{00AC}', '\u{00BD}', '\u{00BC}', '\u{00A1}', '\u{00AB}', '\u{00BB}',
    '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}', '\u{2561}', '\u{2562}', '\u{2556}',
    '\u{2555}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255D}', '\u{255C}', '\u{255B}', '\u{2510}',
    '\u{2514}', '\u{2534}', '\u{252C}', '\u{251C}', '\u{2500}', '\u{253C}', '\u{255E}', '\u{255F}',
    '\u{255A}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}', '\u{2550}', '\u{256C}', '\u{2567}',
    '\u{2568}', '\u{2564}', '\u{2565}', '\u{2559}', '\u{2558}', '\u{2552}', '\u{2553}', '\u{256B}',
    '\u{256A}', '\u{2518}', '\u{250C}', '\u{2588}', '\u{2584}', '\u{258C}', '\u{2590}', '\u{2580}',
    '\u{03B1}', '\u{00DF}', '\u{0393}', '\u{03C0}', '\u{03A3}', '\u{03C3}', '\u{00B5}', '\u{03C4}',
    '\u{03A6}', '\u{0398}', '\u{03A9}', '\u{03B4}', '\u{221E}', '\u{03C6}', '\u{03B5}', '\u{2229}',
    '\u{2261}', '\u{00B1}', '\u{2265}', '\u{2264}', '\u{2320}', '\u{2321}', '\u{00F7}', '\u{2248}',
    '\u{00B0}', '\u{2219}', '\u{00B7}', '\u{221A}', '\u{207F}', '\u{00B2}', '\u{25A0}', '\u{00A0}',
];

/// The encodings whose runs plan 2 (`mojibake::runs`) looks for inside correct text, by
/// their names in [`WHOLE_LINE`]: windows-1252 (with Latin-1), then the Central European
/// pair and mac-roman. Those that read UTF-8 lead bytes as Cyrillic, Greek or box drawing
/// are left to plan 1: inside correct text of those scripts their runs would be guesses.
/// The prefilter's proof that no repair changes a line (`badness::unrepairable`) asks
/// the same encodings.
pub(crate) const RUN_CHARSETS: [&str; 4] =
    ["windows-1252", "iso-8859-2", "windows-1250", "mac-roman"];

/// The encodings tried on a whole line, most common mix-up first. windows-1252 is
/// taken together with Latin-1: a character of either is written as its byte, so text that
/// mixes C1 controls and curly quotes still round-trips.
pub(crate) static WHOLE_LINE: LazyLock<Vec<Charset>> = LazyLock::new(|| {
    let cp1252 = upper_half(encoding_rs::WINDOWS_1252);
    // Latin-1's C1 controls join windows-1252's own table as extra spellings of 0x80–0x9F.
    let mut sloppy = Charset::new("windows-1252", cp1252);
    for (i, c) in latin1_upper().iter().enumerate().take(32) {
        if sloppy.byte(*c).is_none() {
            sloppy.encode.push((*c, 0x80 + i as u8));
        }
    }
    sloppy.encode.sort_unstable();
    sloppy.index();
    vec![
        sloppy,
        Charset::new("windows-1251", upper_half(encoding_rs::WINDOWS_1251)),
        Charset::new("windows-1250", upper_half(encoding_rs::WINDOWS_1250)),
        Charset::new("windows-1253", upper_half(encoding_rs::WINDOWS_1253)),
        Charset::new("windows-1254", upper_half(encoding_rs::WINDOWS_1254)),
        Charset::new("windows-1257", upper_half(encoding_rs::WINDOWS_1257)),
        Charset::new("iso-8859-2", upper_half(encoding_rs::ISO_8859_2)),
        Charset::new("mac-roman", upper_half(encoding_rs::MACINTOSH)),
        Charset::new("cp437", CP437_UPPER),
    ]
});

/// The windows-1252 character for a C1 control's byte, where windows-1252 defines one.
pub(crate) fn c1_as_cp1252(c: char) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let i = (c as u32).checked_sub(0x80)? as usize;
    HIGH.get(i).copied().filter(|&m| m != '\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip_their_own_bytes() {
        for cs in WHOLE_LINE.iter() {
            assert!(cs.encode.len() >= 128, "{} maps every upper byte", cs.name);
        }
        // windows-1252 together with Latin-1.
        let cp1252 = |c| WHOLE_LINE[0].byte(c);
        assert_eq!(cp1252('é'), Some(0xE9));
        assert_eq!(cp1252('€'), Some(0x80));
        assert_eq!(cp1252('\u{80}'), Some(0x80));
        assert_eq!(cp1252('\u{81}'), Some(0x81));
        assert_eq!(cp1252('ł'), None);
        let cp437 = WHOLE_LINE
            .iter()
            .find(|c| c.name == "cp437")
            .map(|c| c.byte('╨'));
        assert_eq!(cp437, Some(Some(0xD0)));
        let mac = WHOLE_LINE
            .iter()
            .find(|c| c.name == "mac-roman")
            .map(|c| c.byte('√'));
        assert_eq!(mac, Some(Some(0xC3)));
    }

    #[test]
    fn the_direct_tables_agree_with_the_search() {
        for cs in WHOLE_LINE.iter() {
            // The whole BMP, and every 97th character beyond.
            let astral = ('\u{10000}'..='\u{10FFFF}').step_by(97);
            for c in ('\u{80}'..='\u{FFFF}').chain(astral) {
                assert_eq!(cs.byte(c), cs.search(c), "{} {c:?}", cs.name);
            }
        }
    }

    #[test]
    fn c1_controls_map_where_windows_1252_defines_them() {
        assert_eq!(c1_as_cp1252('\u{93}'), Some('“'));
        assert_eq!(c1_as_cp1252('\u{81}'), None);
        assert_eq!(c1_as_cp1252('a'), None);
    }
}
