"""Every file in data/pathways is a pathway a person can be sent: sourced, pointing at real data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from pathways.loader import DEFAULT_DIR, exercise_ids, load_pathways
from pathways.model import CODE
from safety.contacts import load_contacts
from signposting.directory import council_area_ids, load_directory
from signposting.model import KINDS

FILES = sorted(DEFAULT_DIR.glob("*.yml"))
RAW = {file.name: yaml.safe_load(file.read_text(encoding="utf-8")) for file in FILES}
# The issue's examples: what a Scottish service would hand over.
REQUIRED_THEMES = {
    "waiting for talking therapies": "waiting-talking-therapies",
    "anxiety": "anxiety",
    "low mood": "low-mood",
    "long-term condition and fatigue": "long-term-condition-fatigue",
    "carers": "carers-glasgow",
    "a named peer-support group": "bipolar-peer-support",
}


def test_every_file_loads():
    assert len(load_pathways()) == len(FILES) >= 6


@pytest.mark.parametrize("theme,code", REQUIRED_THEMES.items())
def test_the_issue_examples_exist(theme, code):
    assert code in load_pathways(), theme


@pytest.mark.parametrize("name", RAW)
def test_code_is_a_telegram_start_parameter_and_names_the_file(name):
    code = RAW[name]["code"]
    assert CODE.fullmatch(code) and len(code) <= 64
    assert name == f"{code}.yml"


def test_no_two_codes_differ_only_in_case():
    codes = [raw["code"].lower() for raw in RAW.values()]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("name", RAW)
def test_suggested_exercises_exist(name):
    assert RAW[name]["exercises"]
    assert set(RAW[name]["exercises"]) <= exercise_ids()


@pytest.mark.parametrize("name", RAW)
def test_search_preset_uses_the_signposting_vocabulary(name):
    search = RAW[name]["search"]
    assert search["topics"] and set(search["topics"]) <= set(load_directory().topics)
    assert search.get("area") is None or search["area"] in council_area_ids()
    assert set(search.get("kinds", ())) <= set(KINDS)


@pytest.mark.parametrize("name", RAW)
def test_every_pathway_is_sourced_and_dated(name):
    raw = RAW[name]
    assert str(raw["source"]).strip()
    assert isinstance(raw["checked"], date) and raw["checked"].year >= 2026


def test_the_peer_support_pathway_reuses_a_reviewed_group():
    pathway = load_pathways()["bipolar-peer-support"]
    group = load_directory().service(pathway.group)
    assert group.kind == "group"
    assert set(pathway.search.topics) & set(group.topics)


@pytest.mark.parametrize("name", RAW)
def test_no_pathway_copies_a_crisis_number(name):
    """Crisis contacts are shown from their one source, beside a pathway, never written in it."""
    text = (DEFAULT_DIR / name).read_text(encoding="utf-8").replace(" ", "")
    for contact in load_contacts():
        for channel in contact.channels:
            if channel.kind in ("call", "text") and len(channel.value.replace(" ", "")) > 3:
                assert channel.value.replace(" ", "") not in text, (name, contact.id)


@pytest.mark.parametrize("name", RAW)
def test_a_service_contact_only_with_its_own_source(name):
    contact = RAW[name].get("contact")
    if contact is not None:
        assert contact["source"].strip() and contact["hours"].strip() and contact["checked"]


def test_the_readme_describes_every_field():
    readme = (Path(DEFAULT_DIR) / "README.md").read_text(encoding="utf-8")
    for field in ("code", "title", "welcome", "exercises", "search", "group", "contact",
                  "source", "checked"):
        assert f"`{field}`" in readme
