"""Ranking (local and specific first), filters, open now and tonight, with a fixed clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from common.clock import UK
from signposting.directory import load_directory
from signposting.render import render_page
from signposting.schedules import open_tonight, status
from signposting.search import Query, search

DIRECTORY = load_directory()
MONDAY_2PM = datetime(2026, 11, 23, 14, 0, tzinfo=UK)
MONDAY_11PM = datetime(2026, 11, 23, 23, 0, tzinfo=UK)
SATURDAY_NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UK)
TUESDAY_7_30PM = datetime(2026, 11, 24, 19, 30, tzinfo=UK)


def ids(query: Query, at: datetime = MONDAY_2PM, directory=DIRECTORY) -> list[str]:
    return [m.service.id for m in search(directory, query, at).matches]


def test_local_entries_rank_before_national_ones(with_local) -> None:
    found = ids(Query(topics=("carers",), areas=("fife",)), directory=with_local)
    assert found[0].startswith("oruk_") and "carers_centres" in found[1:4]


def test_local_entries_elsewhere_are_left_out(with_local) -> None:
    found = ids(Query(topics=("carers",), areas=("highland",)), directory=with_local)
    assert not any(f.startswith("oruk_") for f in found) and found[0] == "carers_centres"


def test_no_place_means_national_only(with_local) -> None:
    found = ids(Query(topics=("carers",)), directory=with_local)
    assert not any(f.startswith(("oruk_", "csv_")) for f in found)


def test_specific_support_ranks_before_general_support() -> None:
    found = ids(Query(topics=("gambling",), areas=("glasgow_city",)))
    assert found[:3] == ["ga_meetings", "gamcare_support", "smart_recovery_meetings"]
    assert found.index("samaritans_listening") > 2


def test_worry_about_someone_else_puts_family_support_first() -> None:
    assert ids(Query(topics=("alcohol",), for_family=True))[:2] == [
        "al_anon_groups", "scottish_families_support"]
    assert ids(Query(topics=("alcohol",)))[0] == "aa_meetings"


def test_asking_for_a_group_prefers_groups() -> None:
    assert ids(Query(topics=("alcohol",), prefer_kinds=("group",)))[0] == "aa_meetings"


def test_kind_and_mode_filters() -> None:
    assert set(ids(Query(topics=("general",), modes=("text",)))) == {"shout_text"}
    groups = ids(Query(topics=("psychosis_bipolar",), kinds=("group",)))
    assert groups and all(DIRECTORY.service(i).kind == "group" for i in groups)
    for service_id in ids(Query(topics=("anxiety",), modes=("phone",))):
        assert DIRECTORY.service(service_id).phones


@pytest.mark.parametrize(
    ("at", "open_ids", "closed_ids"),
    [
        (MONDAY_2PM, {"samaritans_listening", "shout_text", "living_life"},
         {"breathing_space_line"}),
        (MONDAY_11PM, {"samaritans_listening", "shout_text", "breathing_space_line"},
         {"living_life"}),
        (SATURDAY_NOON, {"samaritans_listening", "breathing_space_line"}, {"living_life"}),
    ],
)
def test_open_now_follows_the_clock(at, open_ids, closed_ids) -> None:
    found = set(ids(Query(when="now"), at))
    assert open_ids <= found and not closed_ids & found


def test_talk_to_someone_tonight_reaches_services_open_tonight() -> None:
    found = ids(Query(topics=("general",), when="tonight"), MONDAY_2PM)
    assert found[:3] == ["samaritans_listening", "breathing_space_line", "shout_text"]
    assert "living_life" not in found  # CBT for low mood and anxiety, not a listening line
    assert open_tonight(DIRECTORY.service("breathing_space_line"), MONDAY_2PM)


def test_tonight_after_midnight_means_until_morning() -> None:
    at = datetime(2026, 11, 24, 3, 0, tzinfo=UK)  # Tuesday 3am: Breathing Space closed at 2am
    assert not open_tonight(DIRECTORY.service("breathing_space_line"), at)
    assert open_tonight(DIRECTORY.service("samaritans_listening"), at)


@pytest.mark.parametrize(
    ("service_id", "at", "expected"),
    [
        ("samaritans_listening", MONDAY_2PM, "open 24 hours"),
        ("breathing_space_line", MONDAY_2PM, "opens today at 6pm"),
        ("breathing_space_line", MONDAY_11PM, "open now, until 2am"),
        ("breathing_space_line", SATURDAY_NOON, "open now, until 6am on Monday"),
        ("breathing_space_line", datetime(2026, 11, 29, 14, 0, tzinfo=UK),
         "open now, until 6am on Monday"),
        ("living_life", MONDAY_2PM, "open now, until 9pm"),
        # Monday 30 November 2026 is St Andrew's Day, a Scottish bank holiday
        ("living_life", SATURDAY_NOON, "opens Tuesday at 9am"),
        ("aa_meetings", MONDAY_2PM, None),
    ],
)
def test_status_says_when(service_id, at, expected) -> None:
    assert status(DIRECTORY.service(service_id), at) == expected


def test_a_group_with_a_schedule_says_when_it_next_meets(with_local) -> None:
    group = next(s for s in with_local.services if s.name == "Sample Carers Peer Support Group")
    assert status(group, MONDAY_2PM) == "next meets tomorrow at 7pm"
    assert status(group, TUESDAY_7_30PM) == "open now, until 9pm"


def test_clock_changes_are_respected() -> None:
    """Breathing Space opens at 6pm London time, in summer (BST) and winter (GMT)."""
    summer = datetime(2026, 7, 6, 17, 30, tzinfo=UK)
    assert status(DIRECTORY.service("breathing_space_line"), summer) == "opens today at 6pm"


def test_nothing_open_now_relaxes_time_and_says_so() -> None:
    results = search(DIRECTORY, Query(topics=("gambling",), when="now", kinds=("group",)),
                     MONDAY_2PM)
    assert results.relaxed == ("when",) and results.matches
    page = render_page(results, 0, MONDAY_2PM, "gambling", None)
    assert page.text.startswith("Nothing I know of is open at that time")


def test_never_an_empty_answer() -> None:
    results = search(DIRECTORY, Query(topics=("eating",), modes=("text",), kinds=("group",),
                                      when="now", areas=("orkney_islands",)), MONDAY_2PM)
    assert results.matches and results.relaxed


def test_nothing_local_is_said_plainly_with_national_and_online_options() -> None:
    results = search(DIRECTORY, Query(topics=("carers",), areas=("fife",)), MONDAY_2PM)
    page = render_page(results, 0, MONDAY_2PM, "carers", "Fife")
    assert "I don't have anything listed just for Fife yet" in page.text
    assert "cover all of Scotland" in page.text
    assert page.text.count("https://") == 3 and page.has_more


def test_numbers_are_written_in_the_text_because_telegram_cannot_dial() -> None:
    results = search(DIRECTORY, Query(topics=("general",), when="tonight"), MONDAY_2PM)
    text = render_page(results, 0, MONDAY_2PM, None, None).text
    assert "Call 116 123" in text and "Text SHOUT to 85258" in text
    assert "Call 0800 83 85 87" in text and "Opens today at 6pm" in text


def test_pages_of_three_until_the_end() -> None:
    results = search(DIRECTORY, Query(topics=("anxiety",)), MONDAY_2PM)
    seen: list[str] = []
    page_number = 0
    while True:
        page = render_page(results, page_number, MONDAY_2PM, "anxiety", None)
        if not page.shown:
            break
        assert len(page.shown) <= 3
        seen += page.shown
        page_number += 1
    assert seen == [m.service.id for m in results.matches]
    assert "That's everything" in render_page(results, page_number, MONDAY_2PM, None, None).text


def test_the_heading_says_online_or_by_phone() -> None:
    results = search(DIRECTORY, Query(topics=("carers",), modes=("online",)), MONDAY_2PM)
    assert render_page(results, 0, MONDAY_2PM, "carers", None).text.startswith(
        "Here's support for carers online:")
