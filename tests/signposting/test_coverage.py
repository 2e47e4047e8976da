"""Every topic returns a suitable real resource for every one of the 32 council areas."""

from __future__ import annotations

import pytest

from signposting.directory import council_area_ids, load_directory
from signposting.search import Query, search
from signposting.understanding import GENERAL

DIRECTORY = load_directory()
AREAS = sorted(council_area_ids())


def test_there_are_32_council_areas() -> None:
    assert len(AREAS) == 32


@pytest.mark.parametrize("topic", sorted(DIRECTORY.topics))
def test_every_topic_has_a_specific_resource_in_every_area(topic, monday_afternoon) -> None:
    for area in AREAS:
        results = search(DIRECTORY, Query(topics=(topic,), areas=(area,)), monday_afternoon)
        assert results.relaxed == ()
        first = results.matches[0]
        assert topic == GENERAL or topic in first.service.topics, (topic, area)
        assert first.service.covers((area,))
