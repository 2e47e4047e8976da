"""The audit counts crisis answers by kind and hour, and can hold nothing else."""

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from common.clock import UK
from safety import audit
from safety.audit import crisis_answer_counts, crisis_answer_table, get_engine, record_crisis_answer
from safety.kinds import CrisisKind as K

REPO = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 24, 14, 37, 12, tzinfo=UK)


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    path = tmp_path / "not-yet" / "audit.db"
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{path}")
    yield path
    get_engine().dispose()


def test_counts_by_kind(database):
    record_crisis_answer(K.SELF_HARM, AT, "rasa")
    record_crisis_answer(K.SELF_HARM, AT + timedelta(minutes=5), "failsafe")
    record_crisis_answer(K.SELF_HARM, AT + timedelta(minutes=10), "rasa")
    record_crisis_answer("harm_from_others", AT, "sos")
    counts = crisis_answer_counts(None)
    assert counts["self_harm"] == 3 and counts["harm_from_others"] == 1
    assert counts["medical_emergency"] == 0
    assert set(counts) == {k.value for k in K}
    assert database.is_file()


def test_counts_since_a_moment(database):
    record_crisis_answer(K.MEANS, AT - timedelta(days=2), "rasa")
    record_crisis_answer(K.MEANS, AT, "rasa")
    assert crisis_answer_counts(AT - timedelta(days=1))["means_or_method"] == 1
    assert crisis_answer_counts(AT)["means_or_method"] == 1
    assert crisis_answer_counts(AT + timedelta(hours=1))["means_or_method"] == 0


def test_only_the_hour_is_kept_and_repeats_share_a_row(database):
    record_crisis_answer(K.SUICIDAL_THOUGHTS, AT, "rasa")
    record_crisis_answer(K.SUICIDAL_THOUGHTS, AT + timedelta(minutes=20), "rasa")
    with get_engine().connect() as conn:
        rows = conn.execute(select(crisis_answer_table)).all()
    assert len(rows) == 1
    hour, kind, source, answers = rows[0]
    assert hour == datetime(2026, 11, 24, 14, 0)
    assert (kind, source, answers) == ("suicidal_thoughts", "rasa", 2)


def test_no_column_can_hold_text_or_ids(database):
    record_crisis_answer(K.SELF_HARM, AT, "rasa")
    columns = {c["name"] for c in inspect(get_engine()).get_columns("crisis_answer_counts")}
    assert columns == {"hour_utc", "kind", "source", "answers"}


@pytest.mark.parametrize("source", ["I want to end it all", "user:12345", "", "RASA", "x" * 30])
def test_a_source_must_be_a_short_word(source):
    with pytest.raises(ValueError, match="source"):
        record_crisis_answer(K.SELF_HARM, AT, source)


def test_unknown_kinds_and_naive_times_are_refused():
    with pytest.raises(ValueError):
        record_crisis_answer("sadness", AT, "rasa")
    with pytest.raises(ValueError, match="aware"):
        record_crisis_answer(K.SELF_HARM, datetime(2026, 11, 24, 14, 0), "rasa")


def test_utc_and_london_times_fall_in_the_same_bucket():
    summer = datetime(2026, 7, 1, 18, 30, tzinfo=UK)
    record_crisis_answer(K.SELF_HARM, summer, "rasa")
    record_crisis_answer(K.SELF_HARM, datetime(2026, 7, 1, 17, 5, tzinfo=timezone.utc), "rasa")
    with get_engine().connect() as conn:
        assert conn.execute(select(crisis_answer_table.c.answers)).scalar_one() == 2


def test_importing_does_no_work(tmp_path):
    path = tmp_path / "never" / "audit.db"
    env = {**os.environ, "AUDIT_DB_URL": f"sqlite:///{path}"}
    code = "import safety.audit, safety.failsafe, safety.crisis_reply"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
    assert not path.parent.exists()


def test_default_database_is_var_audit_db_in_the_repository(monkeypatch):
    monkeypatch.delenv("AUDIT_DB_URL", raising=False)
    monkeypatch.delenv("VAR_DIR", raising=False)
    audit._engine_for.cache_clear()
    try:
        assert str(audit.get_engine().url) == f"sqlite:///{REPO / 'var' / 'audit.db'}"
    finally:
        audit._engine_for.cache_clear()
