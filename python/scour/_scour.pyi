"""Type stubs of the extension module (see scour/__init__.py and python/src/lib.rs)."""

from collections.abc import Iterable
from os import PathLike
from typing import TYPE_CHECKING, Any, Optional, Union

if TYPE_CHECKING:
    import pyarrow

__version__: str

Text = Union[str, bytes, bytearray]
"""A document: ``str`` is taken as it is; ``bytes`` are detected and decoded like a file."""

OptionValue = Union[bool, int, str, "PathLike[str]", list[str], tuple[str, ...]]
"""An option's value, as in scour.toml: a switch takes a bool, a repeatable option a list."""

Record = dict[str, Any]
"""The JSONL record of ``scour clean``: ``id``, ``title`` (when found), ``text``, ``metadata``."""

class RejectedError(ValueError):
    """A document scour cannot clean (binary data, larger than max_doc_bytes)."""

    kind: str
    """Why, in one word: ``binary``, ``too_large``, ``internal``."""
    reason: str
    """Why, in words."""

def clean(text: Text, **options: OptionValue) -> Record:
    """Clean one document and return its record (the JSONL record of ``scour clean``).

    ``str`` input skips detection (``detected_by`` is ``"json"``); ``bytes`` are detected
    and decoded as a file is. A ``str`` that cleaning leaves unchanged comes back as itself
    (``record["text"] is text``). Options are the long flags of ``scour clean`` with ``_`` for
    ``-``. Raises ``ValueError`` naming an unknown option or a bad value, ``TypeError`` for
    input that is not text, and ``RejectedError`` for a document scour cannot clean.
    """

def clean_batch(
    texts: Iterable[Text], threads: Optional[int] = None, **options: OptionValue
) -> list[Record]:
    """Clean many documents on all cores (or ``threads``) with the GIL released.

    Records come back in input order. A document scour cannot clean gives
    ``{"rejected": {"kind": ..., "reason": ...}}`` in its place.
    """

Rejects = list[dict[str, Any]]
"""Where ``clean_arrow`` names the rows it left out: ``{"row": index, "kind": ..., "reason": ...}``."""

def clean_arrow(
    data: Any,
    text_field: str = "text",
    threads: Optional[int] = None,
    rejects: Optional[Rejects] = None,
    **options: OptionValue,
) -> "pyarrow.Table":
    """Clean the text column of an Arrow table on all cores (or ``threads``) with the GIL
    released; the texts never become ``str``.

    ``data`` is any object of the Arrow PyCapsule interface (``__arrow_c_stream__`` or
    ``__arrow_c_array__``): a pyarrow Table, RecordBatch or RecordBatchReader, a polars
    DataFrame. ``text_field`` names the text column: a string column is taken as it is, a
    binary one is detected and decoded as a file is. Returns a pyarrow Table (pyarrow is
    needed for this function only) with the columns of ``scour clean``'s Parquet output for
    the same table: the clean text in place of the text (a string column of the same width),
    every other column as it was (the input's own buffers), then ``title`` (the title found,
    None without one) and ``clean`` (the report, the record's ``metadata.clean`` as JSON,
    with ``site_tag``, ``site`` and ``section`` first when found; ``detected_by`` is
    ``"parquet"`` for a string column), named ``scour_title`` and ``scour_clean`` when the
    input has such columns. A string ``title`` column is the title given. A row scour cannot
    clean (its text null, binary data, too large) is left out of the table, as in the
    Parquet output; ``rejects``, a list, receives ``{"row", "kind", "reason"}`` for each
    (``row`` counts the input's rows from 0). Raises ``KeyError`` for no such column,
    ``TypeError`` for a column that holds no text or data that is not an Arrow table,
    ``ValueError`` for a bad option or Arrow data that is not valid.
    """

def detect(data: Union[bytes, bytearray], **options: OptionValue) -> dict[str, Any]:
    """The encoding of ``data``, as ``scour detect --json`` reports it (without the path).

    Options: ``encoding``, ``encoding_hint``, ``fallback``, ``ignore_bom``.
    """

def options() -> list[str]:
    """The names of the options ``clean``, ``clean_batch``, ``clean_arrow`` and ``Cleaner`` take."""

class Cleaner:
    """Options checked once (patterns compiled, a vocabulary read) for many calls."""

    def __init__(self, **options: OptionValue) -> None: ...
    def clean(self, text: Text) -> Record:
        """Clean one document (see :func:`scour.clean`)."""
    def clean_batch(self, texts: Iterable[Text], threads: Optional[int] = None) -> list[Record]:
        """Clean many documents in parallel, in input order (see :func:`scour.clean_batch`)."""
    def clean_arrow(
        self,
        data: Any,
        text_field: str = "text",
        threads: Optional[int] = None,
        rejects: Optional[Rejects] = None,
    ) -> "pyarrow.Table":
        """Clean an Arrow table's text column in parallel (see :func:`scour.clean_arrow`)."""
