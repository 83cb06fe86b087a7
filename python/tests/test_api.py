"""The API: options, errors, threads, detection, memory."""

from __future__ import annotations

import json
import pathlib
import resource
import sys

import pytest

import scour

from conftest import FIXTURES, cli_records, golden_cases, run_cli

SEED = next((FIXTURES / "pipeline" / "seed").glob("*.txt")).read_bytes()
MOJIBAKE = "Die GrÃ¼ÃŸe aus KÃ¶ln kamen gestern an.\r\nZweite Zeile mit Â«AnfÃ¼hrungenÂ».\n"


def corpus() -> list:
    """Every text input of the golden cases, as bytes and as str where it is UTF-8."""
    texts = []
    for case in golden_cases():
        for path in sorted(case.glob("*.txt")):
            data = path.read_bytes()
            texts.append(data)
            try:
                texts.append(data.decode("utf-8"))
            except UnicodeDecodeError:
                pass
    return texts


def test_str_skips_detection_and_bytes_are_decoded():
    from_str = scour.clean(MOJIBAKE)
    from_bytes = scour.clean(MOJIBAKE.encode("utf-8"))
    assert from_str["text"] == from_bytes["text"] == "Die Grüße aus Köln kamen gestern an.\nZweite Zeile mit «Anführungen»."
    assert from_str["metadata"]["clean"]["detected_by"] == "json"
    assert from_bytes["metadata"]["clean"]["detected_by"] == "utf8"
    cp1252 = scour.clean("Grüße\n".encode("cp1252"))
    assert cp1252["text"] == "Grüße"
    assert cp1252["metadata"]["clean"]["encoding"] == "windows-1252"
    assert scour.clean(bytearray(b"abc"))["text"] == "abc"


def test_clean_text_is_unchanged():
    text = "Ein sauberer Satz.\nNoch einer, mit „Anführungszeichen“."
    record = scour.clean(text)
    assert record["text"] == text
    assert record["metadata"]["clean"]["changes"] == []


def test_an_unchanged_str_comes_back_as_the_same_object():
    clean = "Ein sauberer Satz über Köln.\nNoch einer, mit „Anführungszeichen“."
    changed = "Ein Satz\r\nmit CRLF und GrÃ¼ÃŸen."
    for record in (scour.clean(clean), scour.clean_batch([clean])[0], scour.Cleaner().clean(clean)):
        assert record["text"] is clean
    batch = scour.clean_batch([clean, changed, clean.encode("utf-8")], threads=2)
    assert batch[0]["text"] is clean
    assert batch[1]["text"] == "Ein Satz\nmit CRLF und Grüßen." and batch[1]["text"] is not changed
    assert batch[2]["text"] == clean
    # A text that an option changes is a new str, the same one that option gives alone.
    assert scour.clean(clean, uncurl_quotes=True)["text"] == clean.replace("„", '"').replace("“", '"')

    class Text(str):
        pass

    sub = Text(clean)
    for record in (scour.clean(sub), scour.clean_batch([sub])[0]):
        assert type(record["text"]) is str and record["text"] == clean and record["text"] is not sub


def test_options_change_what_cleaning_does():
    quotes = "Er sagte: „Hallo“ und ging. Dann kam er wieder."
    assert scour.clean(quotes)["text"] == quotes
    assert scour.clean(quotes, uncurl_quotes=True)["text"] == 'Er sagte: "Hallo" und ging. Dann kam er wieder.'
    titled = "Grüße aus Köln\n\nGruesse aus Koeln\nDer Text.\n"
    assert scour.clean(titled)["title"] == "Grüße aus Köln"
    assert "title" not in scour.clean(titled, title=False)
    assert scour.clean(titled, title=False) == scour.clean(titled, no_title=True)
    # A path for the vocabulary (str or os.PathLike), a list for a repeatable option.
    vocab = next(FIXTURES.parent.glob("fixtures/translit/de_body_restore_vocab/vocab.txt"))
    assert scour.Cleaner(vocab=vocab, restore="body").clean("x") == scour.Cleaner(vocab=str(vocab), restore="body").clean("x")
    lines = "Kopf\n\nText hier.\nQuelle: dpa\n"
    assert scour.clean(lines, boilerplate=["Quelle: dpa"], strip_boilerplate=True)["text"] == "Text hier."


@pytest.mark.parametrize(
    "options, message",
    [
        ({"uncurl_quote": True}, "option uncurl_quote: unknown option (did you mean uncurl_quotes?)"),
        ({"normalization": "nfx"}, 'option normalization: "nfx" is not one of nfc, nfkc, none'),
        ({"explain": "yes"}, "option explain: takes true or false"),
        ({"max_doc_bytes": -1}, "option max_doc_bytes:"),
        ({"encoding": "klingon"}, "option encoding: unknown encoding"),
        ({"encoding": "cp1252", "encoding_hint": "lang:de"}, "option encoding_hint: cannot be used with encoding"),
        ({"ignore_bom": True}, "option ignore_bom: needs encoding"),
        ({"tag_pattern": ["("]}, "option tag_pattern: invalid"),
        ({"restore": "body"}, "option restore:"),
        ({"vocab": "/nonexistent/vocab.txt"}, "option vocab: cannot open /nonexistent/vocab.txt"),
        ({"format": "jsonl"}, "option format: says how files are split"),
        ({"text_field": "body"}, "option text_field: says how files are split"),
        ({"threads": 2}, "option threads: only clean_batch takes threads"),
        ({"boilerplate": 3.5}, "option boilerplate: takes a bool, int, str, path or list, not float"),
    ],
)
def test_bad_options_raise_value_error_naming_them(options, message):
    calls = [lambda: scour.clean("x", **options), lambda: scour.Cleaner(**options)]
    if "threads" not in options:
        calls.append(lambda: scour.clean_batch(["x"], **options))
    for call in calls:
        with pytest.raises(ValueError) as err:
            call()
        assert message in str(err.value)


def test_every_option_is_listed_and_accepted():
    names = scour.options()
    assert "uncurl_quotes" in names and "tag_pattern" in names
    assert "format" not in names and "threads" not in names
    cli = run_cli("config").stdout.decode()
    for name in names:
        assert f"\n{name.replace('_', '-')} = " in cli or f"# {name.replace('_', '-')} is not set" in cli


@pytest.mark.parametrize("bad", [3, None, ["a"], {"text": "a"}, 2.5])
def test_bad_input_raises_type_error(bad):
    with pytest.raises(TypeError, match="scour: text: expected str or bytes, not"):
        scour.clean(bad)


def test_bad_input_in_a_batch_names_its_position():
    with pytest.raises(TypeError, match=r"scour: texts\[2\]: expected str or bytes, not NoneType"):
        scour.clean_batch(["a", b"b", None])
    with pytest.raises(TypeError, match="expected an iterable"):
        scour.clean_batch(5)


def test_text_that_is_not_unicode_raises():
    with pytest.raises(UnicodeEncodeError):
        scour.clean("lone \ud800 surrogate")


def test_rejected_documents_raise_alone_and_are_marked_in_a_batch():
    binary = b"\x00\x01\x02" * 100
    with pytest.raises(scour.RejectedError) as err:
        scour.clean(binary)
    assert err.value.kind == "binary"
    assert isinstance(err.value, ValueError)
    assert type(err.value).__module__ == "scour" and scour.RejectedError is type(err.value)
    with pytest.raises(scour.RejectedError) as err:
        scour.clean("x" * 101, max_doc_bytes=100)
    assert err.value.kind == "too_large"
    batch = scour.clean_batch(["eins", binary, "drei"])
    assert [r.get("text") for r in batch] == ["eins", None, "drei"]
    assert batch[1]["rejected"]["kind"] == "binary"
    assert batch[1]["rejected"]["reason"] == err_reason(binary)


def err_reason(data: bytes) -> str:
    try:
        scour.clean(data)
    except scour.RejectedError as e:
        return e.reason
    raise AssertionError("not rejected")


def test_a_batch_equals_one_by_one_in_input_order():
    texts = corpus() + [MOJIBAKE, SEED]
    assert scour.clean_batch(texts) == [scour.clean(t) for t in texts]
    assert scour.clean_batch(iter(texts)) == scour.clean_batch(texts)
    assert scour.clean_batch([]) == []


def test_records_share_no_dict_or_list():
    # Records are copies of templates: changing one record changes no other, in its batch,
    # in the next batch or from `clean`.
    texts = ["Ein Satz.", "Noch ein Satz.", MOJIBAKE, "Überschrift\n\nÜberschrift\nDer Text.", "Ein Satz."]
    records = scour.clean_batch(texts)
    expected = [json.dumps(r) for r in records]
    assert "title" in records[3]
    for i, record in enumerate(records):
        clean = record["metadata"]["clean"]
        for key in ("encoding", "detected_by", "confidence", "replacements", "extra"):
            clean[key] = "changed"
        clean["changes"].append("changed")
        clean["removed"].append("changed")
        record["metadata"]["path"] = "changed"
        for key in ("id", "title", "text", "extra"):
            record[key] = "changed"
        assert [json.dumps(r) for r in records[i + 1:]] == expected[i + 1:]
    assert [json.dumps(r) for r in scour.clean_batch(texts)] == expected
    assert [json.dumps(scour.clean(t)) for t in texts] == expected


def test_the_thread_count_changes_no_result():
    # More documents than a chunk, so that chunks and threads both vary.
    texts = (corpus() + [MOJIBAKE]) * 40
    one = scour.clean_batch(texts, threads=1)
    assert len(one) == len(texts) > 1024
    for threads in (2, 3, 8, None, 0):
        assert scour.clean_batch(texts, threads=threads) == one
    cleaner = scour.Cleaner(uncurl_quotes=True)
    assert cleaner.clean_batch(texts, threads=4) == cleaner.clean_batch(texts, threads=1)


@pytest.mark.parametrize("threads", [-1, 100000])
def test_bad_thread_counts_raise(threads):
    with pytest.raises(ValueError, match="scour: threads:"):
        scour.clean_batch(["a"], threads=threads)


def test_detect_reports_what_scour_detect_does(tmp_path: pathlib.Path):
    samples = {
        "utf8.txt": "Grüße\n".encode("utf-8"),
        "cp1252.txt": "Grüße aus Köln, schöne Straße\n".encode("cp1252"),
        "bom.txt": "\ufeffHallo".encode("utf-16-le"),
        "binary.bin": b"\x00\x01\x02" * 100,
        "seed.txt": SEED,
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / n) for n in samples]
    for extra in ([], ["--encoding-hint", "lang:de"], ["--encoding", "koi8_r"]):
        done = run_cli("detect", "--json", *extra, *paths)
        by_path = {r.pop("path"): r for r in cli_records(done.stdout)}
        options = {}
        if extra:
            options[extra[0][2:].replace("-", "_")] = extra[1]
        for path, data in zip(paths, samples.values()):
            assert scour.detect(data, **options) == by_path[path], path
    with pytest.raises(TypeError, match="expected bytes"):
        scour.detect("already text")
    with pytest.raises(ValueError, match="not an option of detect"):
        scour.detect(b"x", uncurl_quotes=True)


def test_records_serialize_as_the_cli_writes_them():
    done = run_cli("clean", "-q", "-", stdin=MOJIBAKE.encode("utf-8"))
    (cli,) = cli_records(done.stdout)
    record = scour.clean(MOJIBAKE.encode("utf-8"))
    record["id"], record["metadata"]["path"] = cli["id"], cli["metadata"]["path"]
    assert json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n" == done.stdout.decode("utf-8")


def rss_now_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def deep_size(obj) -> int:
    """The bytes Python holds for `obj` and everything in it (records: dicts, lists, str, int)."""
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k) + deep_size(v) for k, v in obj.items())
    elif isinstance(obj, list):
        size += sum(deep_size(v) for v in obj)
    return size


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_memory_stays_bounded_on_a_large_batch():
    # 60,000 documents of about 3 KB from a generator that hands the same few strings
    # round: what the batch holds at its peak beyond the records it returns is scour's
    # working memory, which chunks keep to a few MB.
    base = [SEED.decode("utf-8") + MOJIBAKE, MOJIBAKE * 40, "Ein Satz. " * 300]
    n = 60_000
    before = rss_now_kib()
    records = scour.clean_batch(base[i % len(base)] for i in range(n))
    peak = peak_rss_kib()
    held = deep_size(records) // 1024
    assert len(records) == n and held > 200 * 1024
    # A batch that copied all its texts into Rust first, or kept every record's JSON until
    # the end, would hold hundreds of MB more at its peak.
    slack = 100 * 1024
    assert peak - before < held + slack, f"peak {peak} KiB, {before} KiB before, records {held} KiB"
