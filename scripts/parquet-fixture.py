#!/usr/bin/env python3
"""Write tests/data/parquet/pyarrow.parquet, the Parquet file that tests/parquet.rs reads as
one written by pyarrow (with pyarrow's defaults: snappy, dictionaries, its own Arrow schema
in the footer). The sentences are our own. Run it again only to change the fixture:

    python3 -m venv /tmp/pa && /tmp/pa/bin/pip install pyarrow
    /tmp/pa/bin/python scripts/parquet-fixture.py

Rows: a clean text, one with mojibake and a heading repeated as the first line, a null
text, one with a title column value; beside the text, typed columns that must pass
through unchanged: int64, a timestamp with a time zone, a list of strings, a struct.
"""

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "parquet" / "pyarrow.parquet"

utc = datetime.timezone.utc
table = pa.table(
    {
        "id": pa.array([10, 11, 12, 13], pa.int64()),
        "text": pa.array(
            [
                "The river keeps its own calendar.\nBoats leave when the water says so.",
                "CafÃ© notes\n\nThe cafÃ© opens at seven and closes when the bread runs out.",
                None,
                "A short walk\n\nA short walk\nThe path climbs past the old mill.",
            ],
            pa.string(),
        ),
        "title": pa.array([None, None, None, "A short walk"], pa.string()),
        "added": pa.array(
            [datetime.datetime(2024, 5, 1, 12, 0, tzinfo=utc)] * 3
            + [datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=utc)],
            pa.timestamp("us", tz="UTC"),
        ),
        "tags": pa.array([["river"], ["food", "town"], [], None], pa.list_(pa.string())),
        "source": pa.array(
            [
                {"site": "example.org", "depth": 1},
                {"site": "example.net", "depth": 2},
                None,
                {"site": "example.com", "depth": 3},
            ],
            pa.struct([("site", pa.string()), ("depth", pa.int32())]),
        ),
    }
)
OUT.parent.mkdir(parents=True, exist_ok=True)
pq.write_table(table, OUT, row_group_size=2)
print(f"wrote {OUT} ({OUT.stat().st_size} bytes, pyarrow {pa.__version__})")
