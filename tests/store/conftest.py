"""A fresh personal store per test: SQLite in a temporary folder, or PostgreSQL when
`TEST_POSTGRES_URL` names a server (the scaled-mode scripts set it in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db import Base, PersonalStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PersonalStore]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'personal.db'}"
    else:
        url = os.environ.get("TEST_POSTGRES_URL", "")
        if not url:
            pytest.skip("no PostgreSQL server configured (TEST_POSTGRES_URL)")
    personal = PersonalStore(url)
    yield personal
    if request.param == "postgresql":
        Base.metadata.drop_all(personal.engine)
    personal.dispose()
