"""The contacts file holds exactly the published numbers, and a broken file is refused."""

from datetime import date
from pathlib import Path

import pytest

from safety.contacts import DEFAULT_PATH, ContactsError, load_contacts
from safety.kinds import CrisisKind

REPO = Path(__file__).resolve().parents[2]
CHECKED = date(2026, 11, 23)

# From /work/shared/reference/contacts.md, character for character.
EXPECTED_NUMBERS = {
    "emergency_999": ("call", "999"),
    "samaritans": ("call", "116 123"),
    "nhs24_111": ("call", "111"),
    "breathing_space": ("call", "0800 83 85 87"),
    "shout": ("text", "85258"),
    "childline": ("call", "0800 1111"),
    "domestic_abuse_helpline": ("call", "0800 027 1234"),
    "rape_crisis_scotland": ("call", "08088 01 03 02"),
    "nhs_inform": ("call", "0800 22 44 88"),
    "police_101": ("call", "101"),
}
EXPECTED_ADDRESSES = {
    "samaritans": {"jo@samaritans.org"},
    "breathing_space": {"breathingspace.scot"},
    "childline": {"childline.org.uk"},
    "domestic_abuse_helpline": {"helpline@sdafmh.org.uk", "sdafmh.org.uk"},
    "nhs_inform": {"nhsinform.scot"},
}
STALE = ["08457", "0845790909", "116213"]


@pytest.fixture(scope="module")
def book():
    return load_contacts()


def test_every_contact_in_the_reference_is_present_once(book):
    assert [c.id for c in book] == list(EXPECTED_NUMBERS)


@pytest.mark.parametrize("contact_id", list(EXPECTED_NUMBERS))
def test_each_entry_is_complete(book, contact_id):
    contact = book.get(contact_id)
    assert contact.name.strip() and contact.note.strip()
    assert contact.channels and contact.audience
    assert all(isinstance(kind, CrisisKind) for kind in contact.serves)
    assert contact.source.strip()
    assert isinstance(contact.checked, date)
    assert contact.hours.always or contact.hours.rules or not contact.hours.known


@pytest.mark.parametrize(("contact_id", "expected"), EXPECTED_NUMBERS.items())
def test_numbers_are_exactly_the_published_ones(book, contact_id, expected):
    kind, value = expected
    channels = book.get(contact_id).channels
    numbers = [(c.kind, c.value) for c in channels if c.kind in ("call", "text")]
    assert numbers == [(kind, value)]


def test_shout_is_texted_with_the_word_shout(book):
    channel = book.get("shout").channel("text")
    assert (channel.keyword, channel.value) == ("SHOUT", "85258")


def test_web_and_email_addresses_are_the_published_ones(book):
    found = {
        c.id: {ch.value for ch in c.channels if ch.kind in ("web", "email")}
        for c in book
        if any(ch.kind in ("web", "email") for ch in c.channels)
    }
    assert found == EXPECTED_ADDRESSES


def test_silent_call_tip_is_kept_with_999(book):
    assert "999 then press 55" in book.get("emergency_999").note


def test_mental_health_hub_is_mentioned_with_111(book):
    assert "Mental Health Hub" in book.get("nhs24_111").note


def test_checked_dates_are_honest(book):
    assert book.get("breathing_space").checked == date(2022, 1, 1)
    assert "recheck" in book.get("breathing_space").source
    others = [c for c in book if c.id != "breathing_space"]
    assert all(c.checked == CHECKED for c in others)
    assert (CHECKED - book.get("breathing_space").checked).days > 365


def test_hours_without_a_source_are_unknown(book):
    assert not book.get("nhs_inform").hours.known
    assert not book.get("police_101").hours.known


def test_breathing_space_has_the_weekday_and_weekend_rules(book):
    weekday, weekend = book.get("breathing_space").hours.rules
    assert weekday.days == (0, 1, 2, 3)
    assert (weekday.opens.hour, weekday.closes.hour) == (18, 2)
    assert weekend.days == (4,) and weekend.closes_on == 0
    assert (weekend.opens.hour, weekend.closes.hour) == (18, 6)


def test_every_crisis_kind_has_a_contact(book):
    for kind in CrisisKind:
        assert any(kind in c.serves for c in book if c.id != "emergency_999"), kind


@pytest.mark.parametrize("stale", STALE)
def test_stale_numbers_never_appear_in_data(stale):
    for path in (REPO / "data").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="ignore").replace(" ", "")
            assert stale not in text, f"{stale} found in {path}"


def test_default_path_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_contacts().get("samaritans").name == "Samaritans"
    assert DEFAULT_PATH.is_file()


def test_loaded_once_per_path():
    assert load_contacts() is load_contacts(DEFAULT_PATH)


GOOD_ENTRY = """
  - id: test_line
    name: Test line
    channels:
      - {kind: call, value: "0800 000"}
    audience: [everyone]
    serves: [suicidal_thoughts]
    hours:
      - {days: [mon], opens: "18:00", closes: "02:00"}
    note: a note
    source: example.org
    checked: 2026-11-23
"""


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD_ENTRY.replace("    note: a note\n", ""), "missing fields ['note']"),
        (GOOD_ENTRY.replace('"18:00"', "18:00"), "quoted strings"),
        (GOOD_ENTRY.replace("[mon]", "[monday]"), "not a weekday"),
        (GOOD_ENTRY.replace("suicidal_thoughts", "sadness"), "not a crisis kind"),
        (GOOD_ENTRY.replace("kind: call", "kind: fax"), "kind, one of"),
        (GOOD_ENTRY.replace('"02:00"', '"25:00"'), "HH:MM"),
        (GOOD_ENTRY.replace("checked: 2026-11-23", "checked: soon"), "'checked' must be a date"),
        (GOOD_ENTRY.replace("source: example.org", "source: ''"), "'source' must be non-empty"),
        (GOOD_ENTRY + GOOD_ENTRY, "duplicate contact ids"),
        (GOOD_ENTRY.replace("hours:\n", "hours: sometimes\n      # "), "hours must be"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(tmp_path, broken, message):
    path = tmp_path / "contacts.yml"
    path.write_text("contacts:" + broken, encoding="utf-8")
    with pytest.raises(ContactsError, match="test_line|contacts.yml") as error:
        load_contacts(path)
    assert message in str(error.value)


def test_a_good_file_loads(tmp_path):
    path = tmp_path / "contacts.yml"
    path.write_text("contacts:" + GOOD_ENTRY, encoding="utf-8")
    assert load_contacts(path).get("test_line").hours.rules[0].days == (0,)


def test_a_file_without_a_contacts_list_is_refused(tmp_path):
    path = tmp_path / "contacts.yml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ContactsError, match="top-level 'contacts:'"):
        load_contacts(path)
