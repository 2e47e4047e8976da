"""Create tables from several processes at once without one of them failing.

`MetaData.create_all` first looks for each table, then creates the missing ones.
In the scaled layout two action servers start against one fresh PostgreSQL
database: on their first requests both look, both find nothing, both send
`CREATE TABLE`, and the second one fails (`IntegrityError` on PostgreSQL's type
catalogue, or `DuplicateTable`), as does the second insert of the schema
version row. The action that asked for the store then fails, the action server
answers 500, Rasa's turn raises and its REST channel answers with an empty list:
the scaled test's lost turn on a clean clone.

`exclusive_schema_setup` makes schema setup take turns across processes with a
PostgreSQL advisory lock held by a transaction of its own, so it is released
when the block ends, whatever happens, and never stays on a pooled connection.
SQLite needs nothing: one process owns the file in the embedded layout, and
SQLite serialises writers itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

# Any fixed 64-bit number, the same in every process that creates tables in the database.
SCHEMA_LOCK_KEY = 0x636F6D70616E  # "compan"


@contextmanager
def exclusive_schema_setup(engine: Engine) -> Iterator[None]:
    """Run the block while no other process sets up a schema in the same PostgreSQL database."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.begin() as holder:
        holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        yield
