"""scour as a datatrove pipeline step: :class:`ScourClean`.

::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from scour.datatrove import ScourClean

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        ScourClean(uncurl_quotes=False, strip_boilerplate=True),
        JsonlWriter("clean/"),
    ], tasks=8).run()

Each Document's text is cleaned in batches (with the GIL released, on ``threads`` worker
threads); the record's metadata, without its empty ``path`` and with the ``title`` when one
was found, goes into ``document.metadata["scour"]`` (``metadata_key``). datatrove's stats
count the documents changed and unchanged, each change (``normalize: line ends``, by its
count) and each removal (``removed: duplicate_heading``). A document scour cannot clean is
passed on unchanged, with ``{"rejected": {"kind", "reason"}}`` in its metadata, and counted
(``rejected: too_large``).
"""

from __future__ import annotations

from typing import Any, Optional

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.batching import batched
from datatrove.utils.typeshelper import StatHints

from . import _scour


class ScourClean(PipelineStep):
    """Clean each Document's text with scour, in batches.

    Args:
        batch_size: documents cleaned together (in parallel).
        threads: worker threads per batch (None: one per core; in a pipeline with several
            local tasks, ``cores / tasks`` avoids oversubscribing).
        metadata_key: where in ``document.metadata`` the report goes.
        title_in_text: put a title scour found back at the top of the text, followed by a
            blank line (datatrove documents have no title field); False leaves the text
            without it (the title is in the report either way).
        **options: scour's options, the long flags of ``scour clean`` with ``_`` for ``-``
            (checked here: an unknown option or a bad value raises ValueError at once).
    """

    name = "🧽 scour"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        batch_size: int = 1000,
        threads: Optional[int] = None,
        metadata_key: str = "scour",
        title_in_text: bool = True,
        **options: Any,
    ):
        super().__init__()
        if batch_size < 1:
            raise ValueError("scour: batch_size: at least 1")
        self.batch_size = batch_size
        self.threads = threads
        self.metadata_key = metadata_key
        self.title_in_text = title_in_text
        self.options = options
        self._cleaner: Optional[_scour.Cleaner] = _scour.Cleaner(**options)

    def __getstate__(self) -> dict[str, Any]:
        # Executors pickle their steps into worker processes; the cleaner is built again there.
        state = self.__dict__.copy()
        state["_cleaner"] = None
        return state

    def _get_cleaner(self) -> _scour.Cleaner:
        if self._cleaner is None:
            self._cleaner = _scour.Cleaner(**self.options)
        return self._cleaner

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        cleaner = self._get_cleaner()
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                records = cleaner.clean_batch([doc.text for doc in batch], threads=self.threads)
            for doc, record in zip(batch, records):
                self.stat_update(StatHints.total)
                rejected = record.get("rejected")
                if rejected is not None:
                    doc.metadata[self.metadata_key] = record
                    self.stat_update("rejected", f"rejected: {rejected['kind']}")
                    yield doc
                    continue
                report = dict(record["metadata"])
                # A document handed over in memory has no path.
                report.pop("path", None)
                title = record.get("title")
                if title is not None:
                    report["title"] = title
                text = record["text"]
                if title is not None and self.title_in_text:
                    text = f"{title}\n\n{text}" if text else title
                self._count(report["clean"], changed=text != doc.text)
                doc.text = text
                doc.metadata[self.metadata_key] = report
                self.update_doc_stats(doc)
                yield doc

    def _count(self, clean: dict[str, Any], changed: bool) -> None:
        self.stat_update("changed" if changed else "unchanged")
        for change in clean["changes"]:
            self.stat_update(f"{change['stage']}: {change['kind']}", value=change["count"])
        for removed in clean["removed"]:
            self.stat_update(f"removed: {removed['kind']}")
