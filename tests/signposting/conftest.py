"""Shared fixtures: a fixed moment, and a directory with local entries for ranking tests."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from common.clock import UK
from signposting.directory import DEFAULT_DIR, load_directory
from signposting.importer import from_csv, from_open_referral, write_yaml

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def monday_afternoon() -> datetime:
    return datetime(2026, 11, 23, 14, 0, tzinfo=UK)


@pytest.fixture
def with_local(tmp_path: Path):
    """The real directory plus the imported SAMPLE entries (fictional, tests only)."""
    import json

    for file in DEFAULT_DIR.glob("*.yml"):
        shutil.copy(file, tmp_path / file.name)
    data = json.loads((FIXTURES / "oruk_sample.json").read_text())
    write_yaml(from_open_referral(data, "https://example.org/oruk", date(2026, 11, 1)),
               tmp_path / "local_oruk.yml", "https://example.org/oruk")
    write_yaml(from_csv(FIXTURES / "sample.csv", "https://example.org/export.csv",
                        date(2026, 11, 1)), tmp_path / "local_csv.yml", "sample csv")
    return load_directory(tmp_path)
