"""Service figures: counts by pathway, ISO week and kind, nothing else; small counts hidden."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from common.clock import UK
from pathways import usage
from pathways.usage import (
    FEWER_THAN,
    UsageKind,
    count_usage,
    count_usage_safely,
    get_engine,
    iso_week,
    usage_counts,
    usage_report,
    usage_table,
)

REPO = Path(__file__).resolve().parents[2]
# Tuesday of ISO week 48, 2026.
AT = datetime(2026, 11, 24, 14, 37, tzinfo=UK)


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    path = tmp_path / "not-yet" / "audit.db"
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{path}")
    yield path
    get_engine().dispose()


def count(kind, pathway, times, at=AT):
    for _ in range(times):
        count_usage(kind, pathway, at)


def test_counts_by_pathway_week_and_kind(database):
    count("new_person", "anxiety", 3)
    count(UsageKind.SEARCH, "anxiety", 2)
    count("checkin", None, 1)
    counts = usage_counts()
    assert counts[("anxiety", "2026-W48")][UsageKind.NEW_PERSON] == 3
    assert counts[("anxiety", "2026-W48")][UsageKind.SEARCH] == 2
    assert counts[("anxiety", "2026-W48")][UsageKind.CRISIS_ANSWER] == 0
    assert counts[("none", "2026-W48")][UsageKind.CHECKIN] == 1
    assert database.is_file()


def test_the_table_holds_no_text_no_ids_and_no_time_finer_than_a_week(database):
    count("crisis_answer", "low-mood", 1)
    columns = {c["name"] for c in inspect(get_engine()).get_columns("usage_counts")}
    assert columns == {"pathway", "iso_week", "kind", "count"}
    with get_engine().connect() as conn:
        rows = conn.execute(select(usage_table)).all()
    assert rows == [("low-mood", "2026-W48", "crisis_answer", 1)]


@pytest.mark.parametrize(
    "pathway", ["I want to end it all", "user:12345", "ANXIETY", "no-such-pathway", "", 42])
def test_anything_but_a_known_pathway_code_is_kept_as_none(pathway):
    count_usage("search", pathway, AT)
    with get_engine().connect() as conn:
        assert [row.pathway for row in conn.execute(select(usage_table))] == ["none"]


@pytest.mark.parametrize("kind", ["message", "", "new people", None])
def test_only_the_five_kinds_are_counted(kind):
    with pytest.raises(ValueError):
        count_usage(kind, "anxiety", AT)


@pytest.mark.parametrize(
    "at,week",
    [
        (datetime(2026, 11, 23, 0, 0, tzinfo=UK), "2026-W48"),  # Monday, first minute
        (datetime(2026, 11, 29, 23, 59, tzinfo=UK), "2026-W48"),  # Sunday, last minute
        (datetime(2026, 11, 30, 0, 0, tzinfo=UK), "2026-W49"),
        # Sunday 23:30 UTC in summer is already Monday in the UK: the UK week counts.
        (datetime(2026, 6, 28, 23, 30, tzinfo=timezone.utc), "2026-W27"),
        # ISO years: 1 January 2027 is a Friday of week 53 of 2026.
        (datetime(2027, 1, 1, 12, 0, tzinfo=UK), "2026-W53"),
        (datetime(2025, 12, 29, 9, 0, tzinfo=UK), "2026-W01"),
    ],
)
def test_week_bucketing(at, week):
    assert iso_week(at) == week


def test_the_clock_decides_the_week_when_none_is_given(monkeypatch):
    monkeypatch.setattr(usage, "uk_now", lambda: AT + timedelta(days=7))
    count_usage("checkin", "anxiety")
    assert list(usage_counts()) == [("anxiety", "2026-W49")]


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        count_usage("search", "anxiety", datetime(2026, 11, 24, 14, 0))


def test_counting_safely_never_raises(monkeypatch, caplog):
    def unreachable():
        raise ConnectionError("database down")

    monkeypatch.setattr(usage, "get_engine", unreachable)
    count_usage_safely("search", "anxiety", AT)
    count_usage_safely("not a kind", "anxiety", AT)
    assert "could not count usage" in caplog.text
    assert "anxiety" not in caplog.text


def test_report_suppresses_counts_below_ten():
    count("new_person", "anxiety", 9)
    count("exercise_finished", "anxiety", 10)
    count("search", "anxiety", 23)
    report = usage_report()
    line = next(line for line in report.splitlines() if line.startswith("2026-W48"))
    cells = [cell.strip() for cell in line[len("2026-W48"):].split("  ") if cell.strip()]
    assert cells == [FEWER_THAN, "10", "23", FEWER_THAN, FEWER_THAN]
    assert " 9 " not in report and " 0 " not in report


def test_report_by_pathway_and_week_with_no_pathway_last():
    count("search", None, 12, AT)
    count("search", "low-mood", 11, AT)
    count("search", "anxiety", 14, AT)
    count("search", "anxiety", 15, AT + timedelta(days=7))
    lines = usage_report().splitlines()
    titles = [line for line in lines if line.startswith("Pathway: ")]
    assert titles == ["Pathway: anxiety", "Pathway: low-mood", "Pathway: came without a pathway"]
    weeks = [line.split()[0] for line in lines if line.startswith("2026-W")]
    assert weeks == ["2026-W48", "2026-W49", "2026-W48", "2026-W48"]
    assert [line.split()[0] for line in usage_report("2026-W49").splitlines()
            if line.startswith("2026-W")] == ["2026-W49"]


def test_report_with_nothing_counted():
    assert "Nothing counted yet." in usage_report()


def test_shares_the_audit_database_without_touching_its_table(database):
    from safety.audit import crisis_answer_counts, record_crisis_answer

    record_crisis_answer("self_harm", AT, "rasa")
    count_usage("crisis_answer", "anxiety", AT)
    assert crisis_answer_counts(None)["self_harm"] == 1
    assert set(inspect(get_engine()).get_table_names()) == {"crisis_answer_counts", "usage_counts"}


def test_the_script_prints_the_report(database):
    count("checkin", "carers-glasgow", 12)
    get_engine().dispose()
    result = subprocess.run(
        [sys.executable, "-m", "scripts.usage_report"],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
             "AUDIT_DB_URL": f"sqlite:///{database}"},
    )
    assert "Pathway: carers-glasgow" in result.stdout and "12" in result.stdout
