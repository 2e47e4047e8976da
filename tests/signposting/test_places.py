"""Places as people type them: council areas, boards, towns, postcode districts, typos, near me."""

from __future__ import annotations

import pytest

from signposting.places import gazetteer, place_from_key, read_place


@pytest.mark.parametrize(
    ("text", "kind", "areas"),
    [
        ("is there a group for carers in Fife", "area", ("fife",)),
        ("anything in West Lothian", "area", ("west_lothian",)),
        ("the borders", "area", ("scottish_borders",)),
        ("up in the highlands", "area", ("highland",)),
        ("Na h-Eileanan Siar", "area", ("na_h_eileanan_siar",)),
        ("the western isles", "area", ("na_h_eileanan_siar",)),
        ("perthshire", "area", ("perth_and_kinross",)),
        ("NHS Tayside", "board", ("dundee_city", "angus", "perth_and_kinross")),
        ("in Forth Valley", "board", ("clackmannanshire", "falkirk", "stirling")),
        ("lanarkshire", "region", ("north_lanarkshire", "south_lanarkshire")),
        ("anything for anxiety near Dundee", "town", ("dundee_city",)),
        ("AA meetings Glasgow", "town", ("glasgow_city",)),
        ("any in Perth instead", "town", ("perth_and_kinross",)),
        ("east kilbride", "town", ("south_lanarkshire",)),
        ("i stay in Kirkcaldy", "town", ("fife",)),
        ("Helensburgh", "town", ("argyll_and_bute",)),
        ("Stornoway", "town", ("na_h_eileanan_siar",)),
    ],
)
def test_named_places(text, kind, areas) -> None:
    place = read_place(text)
    assert place is not None and place.kind == kind and place.areas == areas
    assert place_from_key(place.key) == place


@pytest.mark.parametrize(
    ("text", "label", "areas"),
    [
        ("EH6", "EH6", ("city_of_edinburgh",)),
        ("im in g12", "G12", ("glasgow_city",)),
        ("KY1 please", "KY1", ("fife",)),
        ("AB10", "AB10", ("aberdeen_city",)),
        ("IV2", "IV2", ("highland",)),
        ("DD1", "DD1", ("dundee_city",)),
        ("PH1", "PH1", ("perth_and_kinross",)),
        ("KY13", "KY13", ("perth_and_kinross",)),
        ("ML5", "ML5", ("north_lanarkshire",)),
        ("ZE1", "ZE1", ("shetland_islands",)),
        ("HS2", "HS2", ("na_h_eileanan_siar",)),
        ("KW15", "KW15", ("orkney_islands",)),
        ("my postcode is EH6 5AB", "EH6", ("city_of_edinburgh",)),
    ],
)
def test_postcode_districts_keep_only_the_outward_code(text, label, areas) -> None:
    place = read_place(text)
    assert place is not None and place.kind == "postcode"
    assert place.label == label and place.areas == areas
    assert "5AB" not in place.key


@pytest.mark.parametrize(
    ("text", "first"),
    [("EH37", "city_of_edinburgh"), ("KA", "east_ayrshire"), ("FK", "falkirk"),
     ("PA", "renfrewshire"), ("TD", "scottish_borders")],
)
def test_unsure_districts_and_bare_areas_give_every_candidate(text, first) -> None:
    place = read_place(text)
    assert place is not None and place.areas[0] == first
    assert len(place.areas) >= 1


def test_a_district_spanning_areas_is_not_forced_into_one() -> None:
    place = read_place("EH37")
    assert place is not None and len(place.areas) > 1


@pytest.mark.parametrize(
    ("text", "town"),
    [("edinbrugh", "Edinburgh"), ("glesga", "Glasgow"), ("glasgae", "Glasgow"),
     ("embra", "Edinburgh"), ("kirkaldy", "Kirkcaldy"), ("dunfermlin", "Dunfermline"),
     ("inverness", "Inverness"), ("abeerdeen", "Aberdeen"), ("stirlin", "Stirling")],
)
def test_typos_and_scots_names(text, town) -> None:
    place = read_place(text)
    assert place is not None and place.label == town


@pytest.mark.parametrize("text", ["perch", "i feel lonely", "my mum", "pain", "dunno", "na",
                                  "pa and ma", "hello there"])
def test_ordinary_words_are_not_places(text) -> None:
    assert read_place(text) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [("what about online", "online"), ("by phone", "phone"), ("over the phone", "phone"),
     ("anywhere in scotland", "anywhere"), ("I don't mind", "anywhere")],
)
def test_online_phone_and_anywhere_are_places(text, key) -> None:
    place = read_place(text)
    assert place is not None and place.key == key and place.areas == ()


def test_near_me_without_a_shared_location_is_unresolved() -> None:
    place = read_place("groups near me")
    assert place is not None and place.kind == "near_me" and place.areas == ()


def test_near_me_with_a_shared_location_is_the_nearest_town() -> None:
    place = read_place("groups near me", located_town="Perth")
    assert place is not None and place.key == "town:Perth"


@pytest.mark.parametrize(
    ("latitude", "longitude", "town"),
    [(55.95, -3.19, "Edinburgh"), (55.86, -4.25, "Glasgow"), (57.15, -2.1, "Aberdeen"),
     (56.40, -3.44, "Perth"), (60.15, -1.15, "Lerwick"), (58.21, -6.39, "Stornoway")],
)
def test_a_shared_location_maps_to_the_nearest_town(latitude, longitude, town) -> None:
    nearest = gazetteer().nearest_town(latitude, longitude)
    assert nearest is not None and nearest.name == town


def test_a_location_far_from_scotland_has_no_town() -> None:
    assert gazetteer().nearest_town(51.5, -0.12) is None


def test_every_council_area_town_and_board_round_trips_through_its_key() -> None:
    g = gazetteer()
    keys = [f"area:{a}" for a in g.area_names] + [f"town:{t}" for t in g.towns]
    keys += [f"board:{b}" for b in g.boards]
    for key in keys:
        place = place_from_key(key)
        assert place is not None and place.key == key and place.areas, key
    assert len(g.area_names) == 32 and len(g.boards) == 14
    assert {t.area for t in g.towns.values()} == set(g.area_names)


def test_stale_or_empty_slot_values_are_no_place() -> None:
    assert place_from_key(None) is None
    assert place_from_key("town:Atlantis") is None
    assert place_from_key("") is None


@pytest.mark.parametrize("text", ["the polis came round", "polis", "groups in the polis",
                                  "my neighbour phoned the polis"])
def test_the_polis_is_the_police_not_a_town(text):
    # "the polis" is Scots for the police (issue 13, finding 9), never East Kilbride
    place = read_place(text)
    assert place is None or place.kind != "town"
