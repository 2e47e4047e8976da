"""The personal-data database: engine, schema version, and what every personal table shares.

SQLite under `var/` by default, PostgreSQL (or any SQLAlchemy URL) by setting
`PERSONAL_DB_URL`. Feature modules declare their tables on `Base` with a
`person` column; `PersonalStore.export` and `PersonalStore.erase` then cover them
without knowing which features exist, so a new table can never be left out of
an erasure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Integer, String, create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from store.schema_lock import exclusive_schema_setup

Base = declarative_base()

# Raise this, and add a step to `_MIGRATIONS`, whenever a released table changes shape.
SCHEMA_VERSION = 1


class SchemaInfo(Base):
    """One row: the schema version this database was brought up to."""

    __tablename__ = "schema_info"
    id = Column(Integer, primary_key=True)
    version = Column(Integer, nullable=False)


def person_column() -> Column:
    """The pseudonym a row belongs to; indexed because every read and erasure filters on it."""
    return Column(String(128), nullable=False, index=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the action server read while another writer commits; busy_timeout
    # waits for a lock instead of failing a person's request.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, future=True,
                               hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pool_pre_ping: a restarted PostgreSQL must not turn into failed requests.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, future=True,
                         hide_parameters=True)


# Steps from version n to n + 1, applied in order to databases made by older releases.
_MIGRATIONS: dict[int, Any] = {}


def personal_tables() -> list[Any]:
    """Every table with a `person` column: what export, erasure and retention cover."""
    return [table for table in Base.metadata.sorted_tables if "person" in table.columns]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


class PersonalStore:
    """The only way in to personal records (the tracker store is Rasa's and erased separately)."""

    def __init__(self, url: str) -> None:
        # Import the feature modules so that their tables are on Base before create_all.
        from store import tables  # noqa: F401

        self.url = url
        self.engine = _make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)
        self._bring_up_to_date()

    def _bring_up_to_date(self) -> None:
        # Several action servers open one database at once on their first requests:
        # they take turns, or two create the same table (see store/schema_lock.py).
        with exclusive_schema_setup(self.engine):
            Base.metadata.create_all(self.engine)
            with self.session() as session:
                info = session.get(SchemaInfo, 1)
                if info is None:
                    session.add(SchemaInfo(id=1, version=SCHEMA_VERSION))
                    return
                while info.version < SCHEMA_VERSION:
                    _MIGRATIONS[info.version](session)
                    info.version += 1

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def export(self, person: str) -> dict[str, list[dict[str, Any]]]:
        """Every row kept for this person, by table, as plain values ready for JSON."""
        kept: dict[str, list[dict[str, Any]]] = {}
        with self.session() as session:
            for table in personal_tables():
                rows = session.execute(select(table).where(table.c.person == person)).mappings()
                found = [
                    {k: _plain(v) for k, v in row.items() if k not in ("person", "id")}
                    for row in rows
                ]
                if found:
                    kept[table.name] = found
        return kept

    def erase(self, person: str) -> dict[str, int]:
        """Delete every row for this person in one transaction; rows removed, by table."""
        removed: dict[str, int] = {}
        with self.session() as session:
            for table in reversed(personal_tables()):
                result = session.execute(delete(table).where(table.c.person == person))
                if result.rowcount:
                    removed[table.name] = result.rowcount
        return removed

    def dispose(self) -> None:
        """Close pooled connections (tests, shutdown)."""
        self.engine.dispose()
