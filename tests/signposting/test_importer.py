"""An Open Referral UK export and a CSV become the same checked YAML model."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from signposting.directory import load_directory
from signposting.importer import from_csv, from_open_referral, main, phone_number

FIXTURES = Path(__file__).parent / "fixtures"
CHECKED = date(2026, 11, 1)


def oruk() -> list[dict]:
    data = json.loads((FIXTURES / "oruk_sample.json").read_text())
    return from_open_referral(data, "https://example.org/oruk", CHECKED)


def test_open_referral_services_are_grouped_by_organisation() -> None:
    organisations = oruk()
    assert [len(o["services"]) for o in organisations] == [1, 2]
    assert organisations[0]["name"] == "Sample Carers Centre (fictional)"


def test_open_referral_fields_map_to_the_model() -> None:
    group = oruk()[0]["services"][0]
    assert group["kind"] == "group" and group["topics"] == ["carers"]
    assert group["service_area"] == ["fife"]
    assert group["phones"] == [{"number": "01592 000000"}]
    assert group["schedule"] == [{"days": ["tue"], "opens": "19:00", "closes": "21:00"}]
    location = group["locations"][0]
    assert location["area"] == "fife" and location["town"] == "Kirkcaldy"
    assert location["postcode"] == "KY1"  # only the outward code is kept
    assert group["verified"] == "imported" and group["checked"] == CHECKED


def test_weekday_numbers_locations_and_national_areas() -> None:
    meeting, money = oruk()[1]["services"]
    assert meeting["schedule"] == [{"days": ["thu"], "opens": "18:30", "closes": "20:00"}]
    assert meeting["service_area"] == ["dundee_city"]
    assert meeting["topics"] == ["gambling", "recovery"]
    assert money["service_area"] == "scotland" and money["topics"] == ["money"]
    assert money["kind"] == "online" and money["modes"] == ["online"]


def test_csv_rows_map_to_the_model() -> None:
    organisation = from_csv(FIXTURES / "sample.csv", "sample", CHECKED)[0]
    men, grief = organisation["services"]
    assert men["topics"] == ["mens_groups", "depression"] and men["service_area"] == ["highland"]
    assert men["schedule"] == [{"days": ["mon"], "opens": "19:00", "closes": "21:00"}]
    assert men["phones"] == [{"number": "01463 000000"}]
    assert men["checked"] == date(2026, 11, 1)
    assert grief["topics"] == ["bereavement"] and grief["service_area"] == "scotland"


@pytest.mark.parametrize("source", ["oruk_sample.json", "sample.csv"])
def test_the_command_writes_yaml_the_directory_accepts(tmp_path, source, capsys) -> None:
    out = tmp_path / "local.yml"
    assert main([str(FIXTURES / source), "--out", str(out), "--source", "https://example.org",
                 "--checked", "2026-11-01"]) == 0
    assert "wrote" in capsys.readouterr().out
    directory = load_directory(tmp_path)
    assert directory.services and all(s.verified == "imported" for s in directory.services)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+44 1592 000000", "01592 000000"), ("+44 (0)131 000 0000", None),
     ("08003289655", "0800 328 9655"), ("0800 328 9655", "0800 328 9655"),
     ("116123", "116 123"), ("111", "111"), ("call us", None), ("", None)],
)
def test_phone_numbers_are_normalised_or_dropped(raw, expected) -> None:
    assert phone_number(raw) == expected
