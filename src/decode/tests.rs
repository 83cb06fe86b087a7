//! The cascade's tests: each step, end to end through [`decode`] and [`detect`].

use super::*;
use crate::config::EncodingHint;

fn hint_opts(hint: &str) -> DecodeOptions {
    let h: EncodingHint = parse_hint(hint).expect("a valid hint");
    DecodeOptions {
        mode: EncodingMode::Hint(h),
        ..DecodeOptions::default()
    }
}

fn auto(bytes: &[u8]) -> Result<(String, EncodingReport), Reject> {
    decode(bytes, &DecodeOptions::default())
}

fn forced(enc: &'static Encoding, ignore_bom: bool) -> DecodeOptions {
    DecodeOptions {
        mode: EncodingMode::Forced(enc.into()),
        ignore_bom,
        ..DecodeOptions::default()
    }
}

fn utf16(s: &str, be: bool) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
        .collect()
}

fn utf32(s: &str, be: bool) -> Vec<u8> {
    s.chars()
        .flat_map(|c| {
            let v = u32::from(c);
            if be { v.to_be_bytes() } else { v.to_le_bytes() }
        })
        .collect()
}

#[test]
fn utf8_bom_is_stripped() {
    let (text, report) = auto(b"\xEF\xBB\xBFGr\xC3\xBC\xC3\x9Fe").unwrap();
    assert_eq!(text, "Grüße");
    assert_eq!((report.encoding, report.detected_by), ("UTF-8", "bom"));
}

#[test]
fn utf16le_bom() {
    let (text, report) = auto(b"\xFF\xFEG\x00r\x00\xFC\x00").unwrap();
    assert_eq!(text, "Grü");
    assert_eq!((report.encoding, report.detected_by), ("UTF-16LE", "bom"));
}

#[test]
fn utf32_boms_are_decoded_by_hand() {
    for be in [false, true] {
        let mark = if be {
            &b"\0\0\xFE\xFF"[..]
        } else {
            &b"\xFF\xFE\0\0"[..]
        };
        let bytes = [mark, &utf32("Grüße 😀", be)].concat();
        let (text, report) = auto(&bytes).unwrap();
        assert_eq!(text, "Grüße 😀");
        assert_eq!(report.detected_by, "bom");
        assert_eq!(report.encoding, if be { "UTF-32BE" } else { "UTF-32LE" });
    }
}

#[test]
fn bom_wins_over_forced_unless_ignored() {
    let bytes = b"\xEF\xBB\xBFcaf\xC3\xA9";
    let (text, r) = decode(bytes, &forced(encoding_rs::WINDOWS_1252, false)).unwrap();
    assert_eq!((text.as_str(), r.detected_by), ("café", "bom"));
    let (text, r) = decode(bytes, &forced(encoding_rs::WINDOWS_1252, true)).unwrap();
    assert_eq!((text.as_str(), r.detected_by), ("ï»¿cafÃ©", "forced"));
}

#[test]
fn bomless_utf16_and_utf32() {
    let text = "Grüße aus Köln.\nСъешь же ещё этих мягких булок.\n";
    for be in [false, true] {
        let (got, r) = auto(&utf16(text, be)).unwrap();
        assert_eq!(got, text);
        assert_eq!(r.detected_by, "nul-pattern");
        assert_eq!(r.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
        let (got, r) = auto(&utf32(text, be)).unwrap();
        assert_eq!(got, text);
        assert_eq!(r.encoding, if be { "UTF-32BE" } else { "UTF-32LE" });
    }
}

#[test]
fn cjk_utf16_without_nuls_is_not_binary() {
    let text = "今天下午我们去图书馆借书，然后在湖边散步。晚上回家做饭，早点睡觉。";
    for be in [false, true] {
        let (got, r) = auto(&utf16(text, be)).unwrap();
        assert_eq!(got, text);
        assert_eq!(r.detected_by, "utf16-reading");
    }
}

/// A page cut inside a double-byte character keeps its encoding (the cut character
/// becomes one U+FFFD), whatever character the cut falls in.
#[test]
fn cjk_cut_inside_a_character_keeps_its_encoding() {
    let cases = [
        (
            encoding_rs::EUC_KR,
            "오늘은 날씨가 맑아서 친구들과 함께 공원에 갔습니다. 우리는 나무 아래에서 점심을 먹고 오후 내내 이야기를 나누었습니다.",
        ),
        (
            encoding_rs::GBK,
            "今天天气很好，我们一起去公园散步。下午在湖边坐了很久，晚上回家做饭，大家都很开心。",
        ),
        (
            encoding_rs::BIG5,
            "今天天氣很好，我們一起去公園散步。下午在湖邊坐了很久，晚上回家做飯，大家都很開心。",
        ),
        (
            encoding_rs::SHIFT_JIS,
            "今日は天気が良かったので、友達と一緒に公園へ行きました。午後は湖のそばで本を読みました。",
        ),
    ];
    for (enc, text) in cases {
        let (bytes, _, _) = enc.encode(text);
        let mut checked = 0;
        for cut in (bytes.len() - 40)..bytes.len() {
            let cut_bytes = &bytes[..cut];
            if !enc.decode_without_bom_handling(cut_bytes).1 {
                continue; // the cut falls between characters
            }
            let (_, r) = auto(cut_bytes).unwrap();
            assert_eq!(r.encoding, enc.name(), "cut at {cut}");
            checked += 1;
        }
        assert!(checked > 5, "{}", enc.name());
    }
}

/// Hungarian `ő`/`ű` and Estonian `š`/`ž` sit where windows-1252 has `õ`/`û` and
/// `ð`/`þ`: chardetng's windows-1252 guess gives way to the alphabet rule.
#[test]
fn hungarian_and_estonian_are_not_windows_1252() {
    let cases = [
        (
            encoding_rs::WINDOWS_1250,
            "A szélvédő első része törött, a hűtő és az ülés is új.\nÖt különböző kérdés merült fel a főnöknél.\n",
        ),
        (
            encoding_rs::WINDOWS_1257,
            "Mootor töötab režiimis, mida juhib üks väike süsteem.\nÕhtul sõitsime Tõnuga koju ja žürii ootas.\n",
        ),
    ];
    for (enc, text) in cases {
        let (bytes, _, _) = enc.encode(text);
        let (got, r) = auto(&bytes).unwrap();
        assert_eq!(got, text, "{r:?}");
    }
}

/// Text in a code page scour does not know (Kazakh, here as windows-1251 reads it)
/// is answered, but not with high confidence.
#[test]
fn a_reading_that_mixes_alphabets_is_not_high() {
    let text = "Бґл ќазаќ тілі, ал мынау орыс тілі ѕана. Біз бүгін ќалаѕа барамыз.\n".repeat(3);
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let (_, r) = auto(&bytes).unwrap();
    assert_eq!(r.encoding, "windows-1251");
    assert_eq!(r.confidence, Confidence::Medium);
    // Russian text in the same encoding stays high.
    let russian = "Съешь же ещё этих мягких французских булок, да выпей чаю.\n".repeat(3);
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
    assert_eq!(auto(&bytes).unwrap().1.confidence, Confidence::High);
}

#[test]
fn iso_2022_kr_is_not_binary() {
    // "오늘은 날씨가 맑습니다." written by hand: SO, the EUC-KR bytes less their high
    // bit, SI.
    let mut bytes = b"\x1B$)C".to_vec();
    for word in ["오늘은", "날씨가", "맑습니다"] {
        bytes.push(0x0E);
        let (b, _, _) = encoding_rs::EUC_KR.encode(word);
        bytes.extend(b.iter().map(|x| x & 0x7F));
        bytes.extend_from_slice(b"\x0F ");
    }
    bytes.pop();
    bytes.push(b'.');
    let (text, r) = auto(&bytes).unwrap();
    assert_eq!(text, "오늘은 날씨가 맑습니다.");
    assert_eq!((r.encoding, r.detected_by), ("ISO-2022-KR", "iso-2022-kr"));
}

/// A short feed whose few Cyrillic letters chardetng reads as Chinese: the XML
/// declaration breaks the tie.
#[test]
fn a_declaration_breaks_a_close_call() {
    let cases = [
        (encoding_rs::WINDOWS_1251, "windows-1251", "АгроБанк.Ru"),
        (encoding_rs::KOI8_R, "koi8-r", "АгроБанк.Ru"),
        (encoding_rs::ISO_8859_5, "iso-8859-5", "ГородСад.Ru"),
    ];
    for (enc, label, title) in cases {
        let text =
            format!("<?xml version=\"1.0\" encoding=\"{label}\"?>\n<rss><title>{title}</title>");
        let (bytes, _, _) = enc.encode(&text);
        let (got, r) = auto(&bytes).unwrap();
        assert_eq!(got, text, "{r:?}");
    }
    // A declaration that does not decode the bytes is ignored.
    let text = "<?xml version=\"1.0\" encoding=\"euc-kr\"?>\n<p>Grüße aus Köln, schöne Grüße</p>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    assert_eq!(auto(&bytes).unwrap().0, text);
}

#[test]
fn windows_1252_is_guessed() {
    let bytes = b"F\xFCr die Stra\xDFe und \x84Gr\xFC\xDFe\x93 an M\xFCller, \xE4hnlich sch\xF6n.";
    let (text, report) = auto(bytes).unwrap();
    assert_eq!(text, "Für die Straße und „Grüße“ an Müller, ähnlich schön.");
    assert_eq!(report.encoding, "windows-1252");
    assert_eq!(report.detected_by, "guess");
    assert_eq!(report.replacements, 0);
}

#[test]
fn binary_is_rejected_with_a_reason() {
    let cases: &[(&[u8], &str)] = &[
        (b"PK\x03\x04\x00\x00", "zip signature"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG signature"),
        (b"text\x00with a NUL", "1 NUL byte"),
        (b"\x01\x02\x03\x04\x05abc", "5 control bytes"),
    ];
    for &(bytes, reason) in cases {
        match auto(bytes) {
            // The reason, whole or followed by more words ("1 NUL bytes" is not "1 NUL byte").
            Err(Reject::Binary(r)) => {
                assert!(r == reason || r.starts_with(&format!("{reason} ")), "{r}")
            }
            other => panic!("{bytes:?}: {other:?}"),
        }
    }
    // Words that begin like a signature are still text.
    assert_eq!(auto(b"BZh is not bzip2").unwrap().1.encoding, "UTF-8");
}

#[test]
fn escape_and_form_feed_are_text() {
    let (text, r) = auto(b"page one\x0cpage two\x1b[0m").unwrap();
    assert_eq!(text, "page one\x0cpage two\x1b[0m");
    assert_eq!(r.detected_by, "utf8");
}

#[test]
fn iso_2022_jp_is_not_utf8() {
    let (bytes, _, _) = encoding_rs::ISO_2022_JP.encode("日本語のテキストです。");
    let (text, r) = auto(&bytes).unwrap();
    assert_eq!(text, "日本語のテキストです。");
    assert_eq!((r.encoding, r.detected_by), ("ISO-2022-JP", "iso-2022-jp"));
}

#[test]
fn mixed_utf8_and_cp1252() {
    let bytes = "Grüße aus Köln, schöne Grüße, it’s ".as_bytes();
    let bytes = [bytes, b"caf\xE9 \x96 fine"].concat();
    let doc = crate::clean_bytes(&bytes, &Config::default()).unwrap();
    assert_eq!(doc.encoding.detected_by, "utf8-mixed");
    assert_eq!(doc.encoding.replacements, 0);
    assert!(doc.text.ends_with("it’s café – fine"), "{}", doc.text);
    assert!(
        doc.changes
            .iter()
            .any(|c| c.kind == "stray windows-1252 bytes" && c.count == 2)
    );
}

#[test]
fn truncated_utf8_stays_utf8_with_one_replacement() {
    let full = "Grüße aus Köln €".as_bytes();
    let (text, r) = auto(&full[..full.len() - 1]).unwrap();
    assert_eq!(text, "Grüße aus Köln \u{FFFD}");
    assert_eq!(
        (r.encoding, r.detected_by, r.replacements),
        ("UTF-8", "utf8", 1)
    );
    // A legacy file whose only non-ASCII byte is its last is not UTF-8.
    let (text, r) = auto(b"Ein Caf\xE9").unwrap();
    assert_eq!(text, "Ein Café");
    assert_ne!(r.encoding, "UTF-8");
}

#[test]
fn no_legacy_prefix_is_called_utf8() {
    let text = "Съешь же ещё этих мягких французских булок, да выпей чаю.";
    for enc in [
        encoding_rs::WINDOWS_1251,
        encoding_rs::KOI8_R,
        encoding_rs::IBM866,
    ] {
        let (bytes, _, _) = enc.encode(text);
        for n in 1..=bytes.len() {
            if let Ok((_, r)) = auto(&bytes[..n]) {
                let utf8 = r.encoding == "UTF-8";
                assert!(!utf8 || bytes[..n].is_ascii(), "{} prefix {n}", enc.name());
            }
        }
    }
}

#[test]
fn hint_domain_steers_the_guess() {
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1257.encode("Ačiū, gražų šeštadienį žmonės ėjo į turgų.");
    let (text, r) = decode(&bytes, &hint_opts("lang:lt")).unwrap();
    assert_eq!(text, "Ačiū, gražų šeštadienį žmonės ėjo į turgų.");
    assert!(
        matches!(r.encoding, "windows-1257" | "ISO-8859-13"),
        "{r:?}"
    );
}

#[test]
fn a_label_hint_breaks_low_confidence_ties() {
    let (text, r) = decode(b"Caf\x8E au lait", &hint_opts("mac_roman")).unwrap();
    assert_eq!(text, "Café au lait");
    assert_eq!((r.encoding, r.detected_by), ("macintosh", "hint"));
    // With plenty of evidence the hint does not override the bytes.
    let russian = "Съешь же ещё этих булок. ".repeat(8);
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
    let (_, r) = decode(&bytes, &hint_opts("mac_roman")).unwrap();
    assert_eq!((r.encoding, r.detected_by), ("windows-1251", "guess"));
}

#[test]
fn a_hand_built_hint_with_a_bad_domain_does_not_panic() {
    let opts = DecodeOptions {
        mode: EncodingMode::Hint(EncodingHint {
            tld: Some(*b"R."),
            encoding: None,
        }),
        ..DecodeOptions::default()
    };
    assert_eq!(decode(b"caf\xE9", &opts).unwrap().0, "café");
}

#[test]
fn fallback_takes_over_from_a_broken_guess() {
    let opts = DecodeOptions {
        fallback: encoding_rs::WINDOWS_1252,
        ..DecodeOptions::default()
    };
    // Never panics, never U+FFFD-heavy, whatever chardetng makes of noise.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 0x80)
        .collect();
    let (text, r) = decode(&noise, &opts).unwrap();
    assert!(r.replacements * 20 <= text.chars().count(), "{r:?}");
    assert_ne!(r.encoding, "UTF-8");
}

#[test]
fn replacements_are_counted_not_inherited() {
    let (text, report) = decode(b"a\xEF\xBF\xBDb\xFF", &forced(encoding_rs::UTF_8, false)).unwrap();
    assert_eq!(text, "a\u{FFFD}b\u{FFFD}");
    assert_eq!(report.replacements, 1);
}

#[test]
fn detect_of_a_large_legacy_file_looks_at_the_window_only() {
    let text = "日本語 の テキスト。\n".repeat(5000);
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let cut = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes[..guess::GUESS_WINDOW]);
    assert!(cut.1, "the window's end falls inside a character");
    let r = detect(&bytes, &DecodeOptions::default());
    assert_eq!((r.encoding, r.detected_by), ("Shift_JIS", "guess"));
    assert_eq!(r.bytes_examined, guess::GUESS_WINDOW);
    // The window's end cuts a character: that is not a malformed sequence.
    assert_eq!((r.replacements, r.confidence), (0, Confidence::High));
    let (decoded, report) = auto(&bytes).unwrap();
    assert_eq!(
        (decoded.as_str(), report.encoding),
        (text.as_str(), "Shift_JIS")
    );
}

#[test]
fn detect_reports_the_step_and_bytes() {
    let r = detect(b"plain ascii", &DecodeOptions::default());
    assert_eq!(
        (r.encoding, r.detected_by, r.bytes_examined),
        ("UTF-8", "utf8", 11)
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"confidence\":\"certain\""), "{json}");
    let r = detect(b"\x7fELF\x02\x01\x01\0\0\0", &DecodeOptions::default());
    assert_eq!(r.encoding, "binary");
    assert_eq!(r.reason.as_deref(), Some("ELF signature"));
}

proptest::proptest! {
    /// Whatever the bytes: no panic, and UTF-8 is only claimed for input that is UTF-8
    /// (whole, cut in its last character, or with stray bytes read as windows-1252).
    #[test]
    fn utf8_is_only_claimed_for_utf8(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
        let r = detect(&bytes, &DecodeOptions::default());
        if r.detected_by == "utf8" {
            let valid = simdutf8::compat::from_utf8(&bytes)
                .map_or_else(|e| e.error_len().is_none(), |_| true);
            proptest::prop_assert!(valid, "{r:?}");
        }
    }


    /// Legacy text is never called UTF-8, cut anywhere.
    #[test]
    fn legacy_text_is_never_utf8(cut in 0usize..200, which in 0usize..4) {
        let (enc, text) = [
            (encoding_rs::WINDOWS_1252, "Für die Straße und „Grüße“ an Müller, ähnlich schön. "),
            (encoding_rs::WINDOWS_1251, "Съешь же ещё этих мягких французских булок, да выпей чаю. "),
            (encoding_rs::SHIFT_JIS, "日本語のテキストです。東京で会議が開かれました。"),
            (encoding_rs::WINDOWS_1250, "Příliš žluťoučký kůň úpěl ďábelské ódy. "),
        ][which];
        let text = text.repeat(4);
        let (bytes, _, _) = enc.encode(&text);
        let bytes = &bytes[..cut.min(bytes.len())];
        if let Ok((_, r)) = decode(bytes, &DecodeOptions::default()) {
            proptest::prop_assert!(r.encoding != "UTF-8" || bytes.is_ascii(), "{r:?}");
        }
    }
}

#[test]
fn arbitrary_prefixes_never_panic() {
    let mut bytes = Vec::new();
    for i in 0..600u32 {
        bytes.push((i.wrapping_mul(7919) % 251) as u8);
    }
    for n in 0..bytes.len() {
        let _ = detect(&bytes[..n], &DecodeOptions::default());
        let _ = decode(&bytes[n..], &hint_opts("lang:ja"));
    }
}

/// Croatian in ISO-8859-16 with a few letters: its first one, `č`, is `¹` in ISO-8859-15,
/// a symbol inside a word only when the rules see the word's start.
#[test]
fn a_few_croatian_letters_in_latin_10() {
    let text = "Lipa je bjelogorično drvo koje raste u južnoj Europi i cvjeta ljeti.\n";
    let (bytes, _, _) = encoding_rs::ISO_8859_16.encode(text);
    let (got, r) = auto(&bytes).unwrap();
    assert_eq!(got, text, "{r:?}");
}

/// `text` in a DOS code page's table (every character is in it).
fn in_table(table: &[char], text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b,
            _ => {
                let i = table.iter().position(|&t| t == c).expect("in the page");
                0x80 + u8::try_from(i).expect("128 entries")
            }
        })
        .collect()
}

/// A sentence in a box frame, as DOS programs drew them.
fn framed(lines: &[&str]) -> String {
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut s = format!("╔{}╗\r\n", "═".repeat(width + 2));
    for l in lines {
        let pad = width - l.chars().count();
        s.push_str(&format!("║ {l}{} ║\r\n", " ".repeat(pad)));
    }
    s.push_str(&format!("╚{}╝\r\n", "═".repeat(width + 2)));
    s
}

#[test]
fn dos_code_pages_are_read_from_their_frames_and_letters() {
    let cases = [
        (
            DosCodePage::Cp437.table().to_vec(),
            "IBM437",
            framed(&["Der Schlüssel liegt unter der Fußmatte.", "Grüße von Jörg"]),
        ),
        (
            rescue::high_half(encoding_rs::IBM866)
                .expect("single-byte")
                .to_vec(),
            "IBM866",
            framed(&[
                "Сегодня в школе отменили уроки.",
                "Дети пошли гулять в парк.",
            ]),
        ),
        (
            DosCodePage::Cp852.table().to_vec(),
            "IBM852",
            framed(&["Wczoraj kupiłem świeże jabłka i gruszki.", "Żółw śpi."]),
        ),
    ];
    for (table, name, text) in cases {
        let (decoded, r) = auto(&in_table(&table, &text)).expect("text");
        assert_eq!((r.encoding, r.detected_by), (name, "rescue-dos"), "{text}");
        assert_eq!(decoded, text);
        assert!(r.confidence <= Confidence::Medium);
    }
}

#[test]
fn windows_text_is_not_read_as_dos() {
    for (enc, text) in [
        (
            encoding_rs::WINDOWS_1252,
            "Schöne Grüße aus München, schrieb Jürgen. Die Brücke über die Isar wird nächste Woche geöffnet.",
        ),
        (
            encoding_rs::WINDOWS_1251,
            "ООО «Техносила» В МОСКВЕ: Сегодня в школе отменили уроки, и дети пошли гулять в парк.",
        ),
        (
            encoding_rs::WINDOWS_1250,
            "Wczoraj kupiłem świeże jabłka i gruszki, a żółw spał w ogrodzie przez cały dzień.",
        ),
    ] {
        let (_, r) = auto(&enc.encode(text).0).expect("text");
        assert_ne!(r.detected_by, "rescue-dos", "{text}");
    }
}

#[test]
fn dos_labels_force_their_page() {
    let bytes = in_table(&DosCodePage::Cp850.table(), "Früh übt sich");
    let opts = DecodeOptions {
        mode: EncodingMode::Forced(parse_charset("cp850").expect("a DOS label")),
        ..DecodeOptions::default()
    };
    let (text, r) = decode(&bytes, &opts).expect("text");
    assert_eq!((text.as_str(), r.encoding), ("Früh übt sich", "IBM850"));
    assert_eq!(
        parse_charset("IBM866").expect("a label"),
        Charset::Web(encoding_rs::IBM866)
    );
}

#[test]
fn double_byte_evidence_counts_characters() {
    // 40 ideographs are 80 bytes: enough bytes for "high" in a single-byte encoding, but
    // any bytes make some valid GBK (EUC-TW and Johab files read as ideographs).
    let text = "今天早上我们去公园散步，看见很多老人在打太极拳。下午我们回家做饭，晚上一起看电视。";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let (decoded, r) = auto(&bytes).expect("text");
    assert_eq!((decoded.as_str(), r.encoding), (text, "GBK"));
    assert_eq!(r.confidence, Confidence::Medium);
    let long = text.repeat(2);
    let (_, r) = auto(&encoding_rs::GBK.encode(&long).0).expect("text");
    assert_eq!(r.confidence, Confidence::High);
}
