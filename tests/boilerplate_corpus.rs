//! Learned boilerplate on a generated corpus of 1,200 documents: lines planted at the
//! edges of many documents are learned by `scour learn` and stripped by
//! `scour clean --vocab … --strip-boilerplate`, each kept under `removed`; a line that recurs
//! only inside documents, and edge lines too rare to be furniture, stay. The corpus also
//! teaches which part of a site tag is the site.

use crate::common::{origin, records, scour};
use std::collections::BTreeMap;

const DOCS: usize = 1_200;
/// Planted at the top or bottom of many documents (not matched by the built-in patterns).
const FURNITURE: &[&str] = &[
    "Alle Rechte vorbehalten. Stadtanzeiger Verlag",
    "Folgen Sie uns auch auf Mastodon",
    "Anzeige",
];
/// Recurs in many documents, but in the middle: content, not furniture.
const MIDDLE: &str = "Die Polizei bittet um Hinweise.";
/// At the edge of only three documents: below the threshold.
const RARE_EDGE: &str = "Nachtrag: Die Veranstaltung beginnt um 19 Uhr.";

const SENTENCES: &[&str] = &[
    "Der Stadtrat hat am Montag über den neuen Haushalt beraten.",
    "Die Baustelle an der Hauptstraße soll bis Ende Mai fertig sein.",
    "Mehrere Anwohner beschwerten sich über den Lärm.",
    "Der Verein feiert in diesem Jahr sein hundertjähriges Bestehen.",
    "Die Schule erhält neue Computer für den Unterricht.",
    "Am Wochenende wird mit Regen und kühleren Temperaturen gerechnet.",
    "Der Bürgermeister kündigte weitere Gespräche an.",
    "Die Feuerwehr rückte zu einem Einsatz in der Altstadt aus.",
];
const TAGS: &[&str] = &[
    "rp-online-wissen",
    "rp-online-politik",
    "stadtanzeiger-lokales",
    "stadtanzeiger-sport",
];

/// A tiny deterministic generator (xorshift), so the corpus is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// One document and the furniture lines planted in it.
fn document(i: usize, rng: &mut Rng) -> (String, Vec<&'static str>) {
    let mut planted = Vec::new();
    let mut lines = Vec::new();
    if rng.next(3) == 0 {
        planted.push(FURNITURE[2]);
        lines.push(FURNITURE[2].to_owned());
    }
    // Content lines are unique to their document, as real sentences are.
    for k in 0..6 + rng.next(3) {
        let sentence = SENTENCES[(i + k * 3 + rng.next(8)) % SENTENCES.len()];
        lines.push(format!(
            "{} (Ortsteil {}, Meldung {i}-{k})",
            sentence.trim_end_matches('.'),
            rng.next(40)
        ));
        if k == 2 && i % 4 == 0 {
            lines.push(MIDDLE.to_owned());
        }
    }
    lines.push(format!("Meldung Nummer {i}."));
    if i < 3 {
        lines.push(RARE_EDGE.to_owned());
    }
    for f in &FURNITURE[..2] {
        if rng.next(2) == 0 {
            planted.push(f);
            lines.push((*f).to_owned());
        }
    }
    let tag = TAGS[rng.next(TAGS.len())];
    let text = format!(
        "Lokalnachricht {i} aus der Stadt\n\n{}\n\n{tag}\n",
        lines.join("\n")
    );
    (text, planted)
}

#[test]
fn learned_edge_lines_are_stripped_and_kept_under_removed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let mut rng = Rng(0x5c0u64 << 20 | 7);
    let mut planted: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut jsonl = String::new();
    for i in 0..DOCS {
        let (text, p) = document(i, &mut rng);
        let id = format!("d{i:04}");
        jsonl.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        jsonl.push('\n');
        planted.insert(id, p);
    }
    std::fs::write(&corpus, jsonl).unwrap();

    let vocab = dir.path().join("vocab.txt");
    let out = scour()
        .args(["learn", "-q", "-o"])
        .arg(&vocab)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let learned = std::fs::read_to_string(&vocab).unwrap();
    for f in FURNITURE {
        assert!(
            learned
                .lines()
                .any(|l| l.starts_with("@edge\t") && l.ends_with(f)),
            "{f} not learned"
        );
    }

    let out = scour()
        .args(["clean", "-q", "--strip-boilerplate", "--vocab"])
        .arg(&vocab)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), DOCS);
    let mut stripped = 0;
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        let text = r["text"].as_str().unwrap();
        let removed: Vec<&str> = r["metadata"]["clean"]["removed"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] == "boilerplate")
            .map(|x| x["text"].as_str().unwrap())
            .collect();
        let mut expected = planted[id].clone();
        expected.sort_unstable();
        let mut got = removed.clone();
        got.sort_unstable();
        assert_eq!(got, expected, "{id}: removed exactly the planted furniture");
        stripped += got.len();
        for f in FURNITURE {
            assert!(!text.lines().any(|l| l == *f), "{id} still has {f}");
        }
        let n: usize = id[1..].parse().unwrap();
        if n % 4 == 0 {
            assert!(text.contains(MIDDLE), "{id} lost a content line");
        }
        if n < 3 {
            assert!(
                text.contains(RARE_EDGE),
                "{id}: a rare edge line is not furniture"
            );
        }
        // The learned site: `rp-online` recurs with varying sections.
        if origin(r)["site_tag"]
            .as_str()
            .is_some_and(|t| t.starts_with("rp-online-"))
        {
            assert_eq!(origin(r)["site"], "rp-online", "{id}");
        } else {
            assert_eq!(origin(r)["site"], "stadtanzeiger", "{id}");
        }
    }
    assert!(stripped > DOCS / 2, "only {stripped} lines stripped");

    // Without --strip-boilerplate the same lines are only flagged; the text is untouched.
    let out = scour()
        .args(["clean", "-q", "--vocab"])
        .arg(&vocab)
        .arg(&corpus)
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    let flagged: usize = recs
        .iter()
        .map(|r| {
            r["metadata"]["clean"]["boilerplate"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .sum();
    assert_eq!(flagged, stripped);
}
