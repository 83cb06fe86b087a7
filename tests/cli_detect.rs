//! `scour detect` and the encoding flags of `scour clean`, as users run them.

use crate::common::{records, scour};

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn detect_prints_one_line_per_file_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a_utf16.txt",
        b"\xFF\xFEG\x00r\x00\xFC\x00\xDF\x00e\x00",
    );
    write(
        dir.path(),
        "b_cp1252.txt",
        b"F\xFCr die Stra\xDFe und \x84Gr\xFC\xDFe\x93 an M\xFCller, \xE4hnlich sch\xF6n.",
    );
    write(dir.path(), "c_image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let out = scour().arg("detect").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].ends_with("a_utf16.txt: UTF-16LE (certain, bom, 2 bytes examined)"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("b_cp1252.txt: windows-1252 ("),
        "{stdout}"
    );
    assert!(lines[1].contains(", guess, "), "{stdout}");
    assert!(
        lines[2].contains("c_image.png: binary (certain, binary: PNG signature"),
        "{stdout}"
    );
}

#[test]
fn detect_json_has_one_object_per_file() {
    let out = scour()
        .args(["detect", "--json", "-"])
        .write_stdin("Gr\u{fc}\u{df}e".as_bytes())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["path"], "-");
    assert_eq!(r["encoding"], "UTF-8");
    assert_eq!(r["confidence"], "certain");
    assert_eq!(r["detected_by"], "utf8");
    assert_eq!(r["bytes_examined"], 7);
}

#[test]
fn detect_reports_missing_files_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.txt", b"plain");
    let out = scour()
        .arg("detect")
        .arg(dir.path().join("missing.txt"))
        .arg(&ok)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.txt: UTF-8"));
}

#[test]
fn unknown_label_is_a_usage_error_listing_close_labels() {
    for cmd in [
        vec!["clean", "--encoding", "windows-1525", "-"],
        vec!["detect", "--fallback", "windows_1525", "-"],
    ] {
        let out = scour().args(&cmd).write_stdin("x").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("unknown encoding"), "{stderr}");
        assert!(stderr.contains("windows-1252"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = scour()
        .args(["clean", "--encoding-hint", "lang:123", "-"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn clean_encoding_flags() {
    // KOI8-R forced by a Python codec name.
    let out = scour()
        .args(["clean", "--quiet", "--encoding", "koi8_r", "-"])
        .write_stdin(&b"\xF0\xD2\xC9\xD7\xC5\xD4\n"[..])
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs[0]["text"], "Привет");
    assert_eq!(recs[0]["metadata"]["clean"]["detected_by"], "forced");

    // A BOM wins over --encoding unless --ignore-bom.
    let bom = b"\xEF\xBB\xBFcaf\xC3\xA9\n";
    let out = scour()
        .args(["clean", "--quiet", "--encoding", "latin_1", "-"])
        .write_stdin(&bom[..])
        .output()
        .unwrap();
    assert_eq!(records(&out.stdout)[0]["text"], "café");
    let out = scour()
        .args([
            "clean",
            "--quiet",
            "--encoding",
            "latin_1",
            "--ignore-bom",
            "-",
        ])
        .write_stdin(&bom[..])
        .output()
        .unwrap();
    assert_eq!(
        records(&out.stdout)[0]["metadata"]["clean"]["encoding"],
        "windows-1252"
    );

    // A Baltic hint.
    let (lt, _, _) =
        encoding_rs::WINDOWS_1257.encode("Ačiū, gražų šeštadienį žmonės ėjo į turgų.\n");
    let out = scour()
        .args(["clean", "--quiet", "--encoding-hint", "lang:lt", "-"])
        .write_stdin(lt.into_owned())
        .output()
        .unwrap();
    assert_eq!(
        records(&out.stdout)[0]["text"],
        "Ačiū, gražų šeštadienį žmonės ėjo į turgų."
    );
}

/// Encodings chardetng never answers, named by the step that found them (issue 22).
#[test]
fn detect_names_the_rescue_steps() {
    let dir = tempfile::tempdir().unwrap();
    let russian = "Вчера Мария и Пётр ездили в Ярославль. Там они купили яблоки и мёд.\n\
                   Январь выдался холодным, но Сергей Иванович всё равно гулял.\n";
    let (mac, _, _) = encoding_rs::X_MAC_CYRILLIC.encode(russian);
    write(dir.path(), "a_mac_cyrillic.txt", &mac);
    let hungarian = "A szélvédő első része törött, a hűtő és az ülés is új.\n\
                     Öt különböző kérdés merült fel a főnöknél.\n";
    let (latin2, _, _) = encoding_rs::WINDOWS_1250.encode(hungarian);
    write(dir.path(), "b_hungarian.txt", &latin2);
    // ISO-2022-KR by hand: the designator, then SO, EUC-KR bytes less their high bit, SI.
    let (euc, _, _) = encoding_rs::EUC_KR.encode("안녕하세요");
    let mut kr = b"\x1B$)C\x0E".to_vec();
    kr.extend(euc.iter().map(|b| b & 0x7F));
    kr.extend_from_slice(b"\x0F\n");
    write(dir.path(), "c_iso2022kr.txt", &kr);
    let out = scour().arg("detect").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].contains("x-mac-cyrillic (medium, rescue-mac-cyrillic"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("windows-1250 (medium, rescue-alphabet"),
        "{stdout}"
    );
    assert!(
        lines[2].contains("ISO-2022-KR (high, iso-2022-kr"),
        "{stdout}"
    );
}

/// `text` in a DOS code page (every character is in it).
fn dos(page: scour::config::DosCodePage, text: &str) -> Vec<u8> {
    let table = page.table();
    text.chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b,
            _ => 0x80 + u8::try_from(table.iter().position(|&t| t == c).unwrap()).unwrap(),
        })
        .collect()
}

/// DOS code pages: `--encoding cp437` forces one, and the record and `scour detect` name
/// them `IBM` and the number, as IBM866 is named.
#[test]
fn dos_code_pages_are_forced_and_named() {
    use scour::config::DosCodePage;
    let text = "╔══════════════════════════════╗\r\n║ Die Größe der Datei ändert   ║\r\n║ sich nicht, schrieb Jürgen.  ║\r\n╚══════════════════════════════╝\r\n";
    let bytes = dos(DosCodePage::Cp437, text);
    for label in ["cp437", "IBM437", "437"] {
        let out = scour()
            .args(["clean", "--quiet", "--encoding", label, "-"])
            .write_stdin(bytes.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{label}");
        let recs = records(&out.stdout);
        let clean = &recs[0]["metadata"]["clean"];
        assert_eq!(
            (clean["encoding"].as_str(), clean["detected_by"].as_str()),
            (Some("IBM437"), Some("forced")),
            "{label}"
        );
        assert!(
            recs[0]["text"].as_str().unwrap().contains("Größe"),
            "{label}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_framed.txt", &bytes);
    write(
        dir.path(),
        "b_polish.txt",
        &dos(
            DosCodePage::Cp852,
            "Wczoraj kupiłem świeże jabłka, a żółw spał w ogrodzie przez cały dzień.\r\n",
        ),
    );
    let out = scour().arg("detect").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains("IBM437 (medium, rescue-dos"), "{stdout}");
    assert!(lines[1].contains("IBM852 (medium, rescue-dos"), "{stdout}");
}
