"""Type stubs of the extension module (see scour/__init__.py and python/src/lib.rs)."""

from collections.abc import Iterable
from os import PathLike
from typing import Any, Optional, Union

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

def detect(data: Union[bytes, bytearray], **options: OptionValue) -> dict[str, Any]:
    """The encoding of ``data``, as ``scour detect --json`` reports it (without the path).

    Options: ``encoding``, ``encoding_hint``, ``fallback``, ``ignore_bom``.
    """

def options() -> list[str]:
    """The names of the options ``clean``, ``clean_batch`` and ``Cleaner`` take."""

class Cleaner:
    """Options checked once (patterns compiled, a vocabulary read) for many calls."""

    def __init__(self, **options: OptionValue) -> None: ...
    def clean(self, text: Text) -> Record:
        """Clean one document (see :func:`scour.clean`)."""
    def clean_batch(self, texts: Iterable[Text], threads: Optional[int] = None) -> list[Record]:
        """Clean many documents in parallel, in input order (see :func:`scour.clean_batch`)."""
