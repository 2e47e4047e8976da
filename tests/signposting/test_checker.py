"""The checker lists stale and incomplete entries, and the directory's size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from signposting.checker import format_report, main, review
from signposting.directory import DEFAULT_DIR, load_directory


def test_the_real_directory_flags_the_old_breathing_space_check() -> None:
    report = review(load_directory(), date(2026, 11, 23))
    assert [s.id for s in report.stale] == ["breathing_space_line"]
    assert report.incomplete == ()
    assert sum(report.by_kind.values()) == len(load_directory().services)
    assert all(count > 0 for count in report.by_topic.values())


def test_everything_goes_stale_after_a_year() -> None:
    report = review(load_directory(), date(2027, 11, 24))
    assert len(report.stale) == len(load_directory().services)


def test_incomplete_entries_are_named_with_what_they_lack(tmp_path: Path) -> None:
    raw = yaml.safe_load((DEFAULT_DIR / "mutual_aid.yml").read_text())
    raw["organisations"][0]["services"][0].pop("how_to_find")
    (tmp_path / "mutual_aid.yml").write_text(yaml.safe_dump(raw))
    directory = load_directory(tmp_path)
    report = review(directory, date(2026, 11, 23))
    assert [(s.id, m[0][:10]) for s, m in report.incomplete] == [("aa_meetings", "how to rea")]
    assert "aa_meetings: missing how to reach" in format_report(directory, report,
                                                                 date(2026, 11, 23))


def test_the_command_prints_and_fails_only_when_strict(capsys) -> None:
    assert main(["--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "By topic:" in out and "breathing_space_line: checked 2022-01-01" in out
    assert main(["--today", "2026-11-23", "--strict"]) == 1
