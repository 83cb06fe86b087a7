"""scour: clean scraped text corpora in-process.

The same engine as the ``scour`` command line: decode, repair mojibake, normalize, find the
title and the site tag, flag boilerplate, restore transliterated titles. Each document comes
back as the JSONL record of ``scour clean``, as a dict::

    >>> import scour
    >>> record = scour.clean("Grüße aus Köln\\n\\nGruesse aus Koeln\\nDer Text.\\n")
    >>> record["title"], record["text"]
    ('Grüße aus Köln', 'Der Text.')

Options are the long flags of ``scour clean`` with ``_`` for ``-``, as the keys of
scour.toml: ``scour.clean(text, uncurl_quotes=True, title=False)``. ``scour.options()``
lists them. ``scour.Cleaner(**options)`` checks them once for many calls;
``clean_batch`` cleans many documents on all cores with the GIL released.

Arrow tables (pyarrow, polars, Hugging Face datasets) need not become ``str`` at all:
``scour.clean_arrow(table)`` cleans the text column of any object of the Arrow PyCapsule
interface and returns a pyarrow Table with the columns of ``scour clean``'s Parquet
output::

    >>> import pyarrow as pa
    >>> out = scour.clean_arrow(pa.table({"text": ["Die GrÃ¼ÃŸe kamen an."], "n": [1]}))
    >>> out.column_names, out["text"][0].as_py()
    (['text', 'n', 'title', 'clean'], 'Die Grüße kamen an.')

Integrations: :mod:`scour.datatrove` (a pipeline step) and :mod:`scour.hf` (for
``datasets.Dataset.map``, with Arrow batches or ``str``).
"""

from ._scour import Cleaner, RejectedError, __version__, clean, clean_arrow, clean_batch, detect, options

__all__ = [
    "Cleaner",
    "RejectedError",
    "__version__",
    "clean",
    "clean_arrow",
    "clean_batch",
    "detect",
    "options",
]
