"""lookup() turns a start parameter into a pathway or None; load_pathways() refuses bad files."""

from __future__ import annotations

from datetime import datetime
from textwrap import dedent

import pytest

from common.clock import UK
from pathways.loader import PathwayError, load_pathways, lookup
from pathways.presets import search_query
from signposting.directory import load_directory
from signposting.search import search

GOOD = dedent(
    """\
    code: {code}
    title: A test pathway
    welcome: Your team suggested this.
    exercises: [paced_breathing]
    search:
      topics: [anxiety]
    source: a test
    checked: 2026-11-24
    """
)
NO_WAY_IN = "{{name: X, hours: always, source: s, checked: 2026-01-01}}\n"


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_known_code_opens_its_pathway():
    pathway = lookup("anxiety")
    assert pathway is not None and pathway.code == "anxiety"
    assert pathway.exercises[0] == "paced_breathing"
    assert pathway.search.topics == ("anxiety",)
    assert "\n" not in pathway.welcome


@pytest.mark.parametrize(
    "code",
    [None, "", "nope", "ANXIETY", "anxiety ", "an xiety", "anxiety;drop", "a" * 65, "ànxiety",
     123, ["anxiety"], "../anxiety", "anxiety\n"],
)
def test_unknown_or_malformed_codes_give_none(code):
    assert lookup(code) is None


def test_lookup_reads_the_given_folder(tmp_path):
    folder = write(tmp_path / "p", "mine.yml", GOOD.format(code="mine"))
    assert lookup("mine", folder).title == "A test pathway"
    assert lookup("anxiety", folder) is None


def test_a_service_contact_is_read_beside_the_pathway(tmp_path):
    text = GOOD.format(code="with-contact") + dedent(
        """\
        contact:
          name: The duty team
          phone: "0100 000 000"
          hours: Monday to Friday, 9am to 5pm
          source: the team's own leaflet
          checked: 2026-11-24
        """
    )
    pathway = lookup("with-contact", write(tmp_path / "c", "with-contact.yml", text))
    assert pathway.contact.name == "The duty team" and pathway.contact.url is None


@pytest.mark.parametrize(
    "change,message",
    [
        (("code: {code}", "code: has space"), "code must be"),
        (("exercises: [paced_breathing]", "exercises: [made_up]"), "data/exercises"),
        (("exercises: [paced_breathing]", "exercises: []"), "at least one exercise"),
        (("topics: [anxiety]", "topics: [sadness]"), "topics.yml"),
        (("topics: [anxiety]", "topics: [anxiety]\n  area: atlantis"), "council area"),
        (("topics: [anxiety]", "topics: [anxiety]\n  kinds: [party]"), "KINDS"),
        (("source: a test\n", "source: a test\ngroup: made_up_group\n"), "data/resources"),
        (("source: a test\n", "source: a test\ncontact: " + NO_WAY_IN), "phone number or a web"),
        (("source: a test\n", ""), "missing fields \\['source'\\]"),
        (("title: A test pathway", "title: A test pathway\ncolour: red"), "unknown fields"),
        (("checked: 2026-11-24", "checked: last week"), "date"),
        (("welcome: Your team suggested this.", "welcome: " + "word " * 61), "over 300"),
    ],
)
def test_a_bad_file_is_refused_naming_it(tmp_path, change, message):
    old, new = change
    text = GOOD.replace(old, new).format(code="bad")
    folder = write(tmp_path / "bad", "bad.yml", text)
    with pytest.raises(PathwayError, match=message) as caught:
        load_pathways(folder)
    assert "bad.yml" in str(caught.value)


def test_the_file_must_be_named_after_its_code(tmp_path):
    folder = write(tmp_path / "n", "other.yml", GOOD.format(code="mine"))
    with pytest.raises(PathwayError, match="mine.yml"):
        load_pathways(folder)


def test_codes_that_differ_only_in_case_are_refused(tmp_path):
    folder = write(tmp_path / "d", "Mine.yml", GOOD.format(code="Mine"))
    write(folder, "mine.yml", GOOD.format(code="mine"))
    with pytest.raises(PathwayError, match="repeats"):
        load_pathways(folder)


def test_a_preset_becomes_a_search_that_finds_its_topic():
    at = datetime(2026, 11, 24, 14, 0, tzinfo=UK)
    pathway = lookup("carers-glasgow")
    query = search_query(pathway)
    assert query.areas == ("glasgow_city",) and query.topics == ("carers",)
    results = search(load_directory(), query, at)
    assert results.matches and results.matches[0].specific and not results.relaxed


def test_the_person_s_own_area_wins_over_the_preset():
    assert search_query(lookup("carers-glasgow"), area="fife").areas == ("fife",)
    assert search_query(lookup("anxiety")).areas == ()


def test_a_group_pathway_ranks_groups_first():
    at = datetime(2026, 11, 24, 14, 0, tzinfo=UK)
    results = search(load_directory(), search_query(lookup("bipolar-peer-support")), at)
    assert results.matches[0].service.kind == "group"
    assert "bipolar_scotland_groups" in [m.service.id for m in results.matches[:3]]
