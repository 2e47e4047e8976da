"""The appointment summary: reading choices, keeping only what was chosen, always one page."""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timedelta, timezone

import pytest

from personal import summary
from personal.checkins import OUTCOME_STATEMENTS
from personal.summary import PARTS, Kept, chosen_only
from personal.summary_pdf import printable, render
from scripts.sample_summary import MADE, invented
from store import checkins, exercises, plans
from store.db import PersonalStore

ALL = [part.id for part in PARTS]
TITLES = {"paced_breathing": "Relaxed breathing", "grounding_54321": "5-4-3-2-1 grounding",
          "worry_time": "Worry time"}


def page_text(pdf: bytes) -> str:
    """The text drawn on the pages (fpdf2 compresses each content stream with zlib)."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join("".join(re.findall(r"\((.*?)\) ?Tj", text)) for text in texts)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", pdf))


@pytest.mark.parametrize("text, entity, expected", [
    ("", "plan", "plan"),
    ("", "done", summary.DONE),
    ("my plan", None, "plan"),
    ("mood and how I rated things", None, "mood"),
    ("the exercises that helped", None, "exercises"),
    ("my notes", None, "notes"),
    ("the lot", None, summary.EVERYTHING),
    ("that's all, make it", None, summary.DONE),
    ("banana", None, None),
])
def test_choices_are_read_from_buttons_and_words(text, entity, expected) -> None:
    assert summary.read_choice(text, entity) == expected


def test_a_second_tap_takes_a_part_out_again_and_all_puts_everything_in() -> None:
    chosen = summary.toggle([], "notes")
    chosen = summary.toggle(chosen, "plan")
    assert chosen == ["plan", "notes"]
    assert summary.toggle(chosen, "plan") == ["notes"]
    assert summary.toggle(["notes"], summary.EVERYTHING) == ALL
    assert summary.needs_since(["plan", "notes"]) is False
    assert summary.needs_since(["plan", "mood"]) is True


@pytest.mark.parametrize("text, expected", [
    ("last 2 weeks", "2w"), ("the past fortnight", "2w"), ("last month", "1m"),
    ("last 3 months", "3m"), ("since I started", "all"), ("whenever", None),
])
def test_since_is_read(text, expected) -> None:
    assert summary.read_since(text) == expected


def test_since_moment() -> None:
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    assert summary.since_moment("2w", now) == now - timedelta(days=14)
    assert summary.since_moment("all", now) is None


def test_only_the_chosen_parts_and_dates_are_kept() -> None:
    kept = invented()
    since = MADE - timedelta(days=14)
    only = chosen_only(kept, ["mood"], since)
    assert not only.plan and not only.runs and not only.notes and not only.favourites
    assert only.moods and all(m[0] >= since for m in only.moods)
    assert len(only.moods) < len(kept.moods)
    assert chosen_only(kept, [], None).is_empty()


def test_the_page_has_only_what_was_chosen() -> None:
    kept = invented()
    pdf = render(chosen_only(kept, ["plan"], None), ["plan"], "everything", MADE, TITLES)
    text = page_text(pdf)
    assert pages(pdf) == 1
    assert "Staying-well plan" in text and "canal" in text
    for absent in ("Mood and statements", "Exercises", "My notes", "council", "wabbit"):
        assert absent not in text


def test_the_whole_page_names_the_statements_as_answered() -> None:
    pdf = render(chosen_only(invented(), ALL, None), ALL, "everything", MADE, TITLES)
    text = page_text(pdf)
    assert pages(pdf) == 1
    for heading in ("Staying-well plan", "Mood and statements", "Exercises", "My notes"):
        assert heading in text
    assert "Relaxed breathing" in text and "Rated as helping" in text
    for statement in OUTCOME_STATEMENTS:
        assert " ".join(statement.text.split()[:4]) in text
    assert "Quite a lot" in text or "quite a lot" in text
    assert "not a diagnosis" in text


def test_far_too_much_still_fits_one_page() -> None:
    start = MADE - timedelta(days=90)
    long = "word " * 400
    kept = Kept(
        plan={key: long for key in ("well", "daily", "triggers", "warning_signs",
                                    "what_helps", "contacts", "crisis")},
        moods=[(start + timedelta(days=i), i % 11, "tired") for i in range(90)],
        outcomes=[(start + timedelta(days=i), s.id, 1 + i % 5)
                  for i in range(0, 90, 7) for s in OUTCOME_STATEMENTS],
        runs=[("paced_breathing", start + timedelta(days=i), 7, 3) for i in range(40)],
        notes=[("worry_time", "w", long, start + timedelta(days=i)) for i in range(30)],
    )
    pdf = render(kept, ALL, "everything", MADE, TITLES)
    assert pages(pdf) == 1
    assert "more in the companion" in page_text(pdf)


def test_the_persons_words_are_printed_in_latin_1_without_losing_them() -> None:
    typed = "Caf\u00e9 \u2019n\u2019 \u0142\u00f3d\u017a \U0001f600 ok"
    assert printable(typed) == "Caf\u00e9 'n' l\u00f3dz ok"


def test_gather_reads_every_kind_of_record(store: PersonalStore) -> None:
    at = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    plans.save_section(store, "p", "well", "chatty", at)
    checkins.record_mood(store, "p", at, 6, "fine")
    checkins.record_outcomes(store, "p", at, {"hope": 4})
    exercises.record_run(store, "p", "paced_breathing", at, 7, 3)
    exercises.add_favourite(store, "p", "paced_breathing", at)
    exercises.save_note(store, "p", "worry_time", "w", "bills", at)
    kept = summary.gather(store, "p")
    assert kept.plan == {"well": "chatty"}
    assert [m[1:] for m in kept.moods] == [(6, "fine")]
    assert kept.runs == [("paced_breathing", at, 7, 3)]
    assert kept.favourites == ["paced_breathing"]
    assert kept.notes[0][2] == "bills" and kept.notes[0][3] == at
    assert summary.gather(store, "someone else").is_empty()


def test_exercise_lines_count_the_times_the_feeling_eased() -> None:
    [line, *_] = summary.exercise_lines(invented())
    assert (line.exercise_id, line.times, line.eased, line.rated, line.favourite) == (
        "paced_breathing", 3, 2, 2, True)
