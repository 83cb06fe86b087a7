"""scour for Hugging Face datasets: :func:`clean_arrow` and :func:`clean_batch` for
``Dataset.map``.

The Arrow way (the texts never become ``str``; pyarrow, which datasets requires, builds the
batches)::

    import datasets, scour.hf

    ds = datasets.load_dataset("json", data_files="raw.jsonl", split="train")
    ds = ds.with_format("arrow").map(scour.hf.clean_arrow, batched=True)
    # options go through fn_kwargs:
    ds = ds.with_format("arrow").map(scour.hf.clean_arrow, batched=True,
                                     fn_kwargs={"text_column": "content", "strip_boilerplate": True})

gives the columns of ``scour clean``'s Parquet output: the text column cleaned, every other
column as it was, then ``title`` (the title scour found, None when there is none) and
``clean`` (the report as a JSON string: encoding, changes, what was removed, the site tag),
``scour_title`` and ``scour_clean`` when those names are taken. A row scour cannot clean
(its text null, binary data, too large) is left out, as in the Parquet output.

The ``str`` way::

    ds = ds.map(scour.hf.clean_batch, batched=True)

replaces the text column by the cleaned text; ``scour_title`` holds the title scour found
(None when there is none) and ``scour`` the record's metadata as a JSON string (the report:
encoding, changes, what was removed, the site tag). A document scour cannot clean keeps its
text, and ``scour`` holds ``{"rejected": {"kind", "reason"}}``. JSON strings keep the
column's type the same in every batch, whatever keys a record has.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from . import _scour


def clean_arrow(
    batch: Any,
    text_column: str = "text",
    threads: Optional[int] = None,
    **options: Any,
) -> Any:
    """Clean a batch of ``Dataset.with_format("arrow").map(..., batched=True)``: a pyarrow
    Table in, a pyarrow Table out (see :func:`scour.clean_arrow`).

    Rows scour cannot clean are left out of the returned batch, which ``map`` accepts for
    a batch that is returned whole, as a Table.
    """
    return _scour.clean_arrow(batch, text_field=text_column, threads=threads, **options)


def clean_batch(
    batch: dict[str, list[Any]],
    text_column: str = "text",
    threads: Optional[int] = None,
    **options: Any,
) -> dict[str, list[Any]]:
    """Clean a batch of ``Dataset.map(..., batched=True)``.

    Returns the new columns: ``text_column`` (cleaned), ``scour_title`` and ``scour``.
    Options are scour's, as for :func:`scour.clean`.
    """
    if text_column not in batch:
        raise KeyError(f"scour: no column {text_column!r} (columns: {', '.join(batch)})")
    originals = batch[text_column]
    records = _scour.clean_batch(originals, threads=threads, **options)
    texts: list[str] = []
    titles: list[Optional[str]] = []
    reports: list[str] = []
    for original, record in zip(originals, records):
        if "rejected" in record:
            texts.append(original)
            titles.append(None)
            reports.append(json.dumps(record, ensure_ascii=False))
            continue
        texts.append(record["text"])
        titles.append(record.get("title"))
        reports.append(json.dumps(record["metadata"], ensure_ascii=False))
    return {text_column: texts, "scour_title": titles, "scour": reports}
