"""The datatrove step and the datasets helper, with the real packages."""

from __future__ import annotations

import json
import pickle

import pytest

import scour

DOCS = [
    "Grüße aus Köln\n\nGruesse aus Koeln\nDer Text kam gestern an.\n",
    "Ein sauberer Satz, der bleibt, wie er ist.",
    "Die GrÃ¼ÃŸe kamen an.\r\nZweite Zeile.\n",
    "x" * 300,
]


def test_datatrove_step_cleans_reports_and_counts():
    from datatrove.data import Document
    from scour.datatrove import ScourClean

    docs = [Document(text=t, id=str(i), metadata={"source": "test"}) for i, t in enumerate(DOCS)]
    step = ScourClean(batch_size=3, max_doc_bytes=200)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["0", "1", "2", "3"]
    titled, clean, moji, large = out
    # The title goes back to the top of the text; its transliterated duplicate is gone.
    assert titled.text == "Grüße aus Köln\n\nDer Text kam gestern an."
    report = titled.metadata["scour"]
    assert report["title"] == "Grüße aus Köln"
    assert report["clean"]["removed"] == [{"kind": "duplicate_heading", "text": "Gruesse aus Koeln"}]
    assert "path" not in report
    assert titled.metadata["source"] == "test"
    assert clean.text == DOCS[1]
    assert clean.metadata["scour"]["clean"]["changes"] == []
    assert moji.text == "Die Grüße kamen an.\nZweite Zeile."
    # Too large for max_doc_bytes: passed on unchanged, marked and counted.
    assert large.text == DOCS[3]
    assert large.metadata["scour"]["rejected"]["kind"] == "too_large"
    counts = {name: metric.total for name, metric in step.stats.stats.items()}
    assert counts["total"] == 4
    assert counts["changed"] == 2 and counts["unchanged"] == 1
    assert counts["rejected"] == 1 and counts["rejected: too_large"] == 1
    assert counts["removed: duplicate_heading"] == 1
    assert counts["normalize: line ends"] == 1


def test_datatrove_step_matches_clean_batch_and_can_be_pickled():
    from datatrove.data import Document
    from scour.datatrove import ScourClean

    step = ScourClean(title_in_text=False, uncurl_quotes=True)
    clone = pickle.loads(pickle.dumps(step))
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(DOCS)]
    out = list(clone.run(iter(docs)))
    expected = scour.clean_batch(DOCS, uncurl_quotes=True)
    assert [d.text for d in out] == [r["text"] for r in expected]


def test_datatrove_step_checks_options_when_built():
    from scour.datatrove import ScourClean

    with pytest.raises(ValueError, match="option uncurl_quote: unknown option"):
        ScourClean(uncurl_quote=True)


def test_datatrove_pipeline_runs_in_an_executor(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from scour.datatrove import ScourClean

    src = tmp_path / "in"
    src.mkdir()
    with open(src / "docs.jsonl", "w", encoding="utf-8") as f:
        for i, text in enumerate(DOCS[:3]):
            f.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(src)), ScourClean(batch_size=2), JsonlWriter(str(tmp_path / "out"), compression=None)],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    (written,) = (tmp_path / "out").glob("*.jsonl")
    rows = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == [
        "Grüße aus Köln\n\nDer Text kam gestern an.",
        DOCS[1],
        "Die Grüße kamen an.\nZweite Zeile.",
    ]
    assert rows[0]["metadata"]["scour"]["title"] == "Grüße aus Köln"


def test_datasets_map_cleans_a_dataset():
    import datasets
    import scour.hf

    ds = datasets.Dataset.from_dict({"text": DOCS, "n": list(range(len(DOCS)))})
    out = ds.map(scour.hf.clean_batch, batched=True, batch_size=2)
    assert out["n"] == [0, 1, 2, 3]
    records = scour.clean_batch(DOCS)
    assert out["text"] == [r["text"] for r in records]
    assert out["scour_title"] == [r.get("title") for r in records]
    assert [json.loads(s) for s in out["scour"]] == [r["metadata"] for r in records]
    # Options through fn_kwargs; another text column.
    other = datasets.Dataset.from_dict({"body": DOCS}).map(
        scour.hf.clean_batch, batched=True, fn_kwargs={"text_column": "body", "max_doc_bytes": 200}
    )
    assert other["body"][3] == DOCS[3]
    assert json.loads(other["scour"][3])["rejected"]["kind"] == "too_large"
    with pytest.raises(KeyError, match="no column 'text'"):
        datasets.Dataset.from_dict({"body": DOCS}).map(scour.hf.clean_batch, batched=True)
