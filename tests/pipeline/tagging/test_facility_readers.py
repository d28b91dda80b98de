"""Facility readings a reader makes: county jails of another state, a town naming a prison already found, hyphenated
place names, generic-word names with their state, lists of short names, names written shorter than the list's.
Our own sentences, rules-only pipeline."""

from __future__ import annotations

import pytest

from pipeline.tagging.tagger import Tagger


@pytest.mark.parametrize(
    ("text", "names", "states"),
    [
        ("HOUSTON, Texas — Dozens held in the Harris County Jail refused meals on Monday.", ["Harris County Jail"],
         ["TX"]),
        ("Men at Stateville Correctional Center refused to work. The Joliet facility is on lockdown.",
         ["Stateville Correctional Center"], ["IL"]),
        ("Lawyers in Miami-Dade said detainees at the Krome Service Processing Center refused meals.",
         ["Krome North Service Processing Center"], ["FL"]),
        ("Women in the Rochester NY jail refused meals on Monday.", [], []),
        ("LOS ANGELES — Men held at Men's Central Jail refused meals in the heat.", ["Men's Central Jail"], ["CA"]),
        ("Men held at Men's Central Jail refused meals in the heat.", [], []),
        ("Prisoners in Alabama stopped working in 2022.\n\nThe men at Limestone, Donaldson and Holman who refused to "
         "cook were not rioting.",
         ["Limestone Correctional Facility", "William E Donaldson Correctional Facility",
          "Holman Correctional Facility"], ["AL"]),
        ("YPSILANTI, Mich. — Women at the Huron Valley Correctional Facility staged a sit-in.",
         ["Women's Huron Valley Correctional Facility"], ["MI"]),
        ("NEWARK, N.J. — Detainees at the Essex County Correctional Facility refused meals. The Essex County jail "
         "is run by the county.", ["Essex County Correctional Facility"], ["NJ"]),
    ],
)
def test_facilities_read_as_a_reader_would(tagger: Tagger, text: str, names: list[str], states: list[str]) -> None:
    result = tagger.tag("", text)
    assert sorted(f["name"] for f in result.facilities) == sorted(names)
    assert result.states == states


def test_a_state_named_first_name_before_a_short_name_is_a_person(tagger: Tagger) -> None:
    text = "TENNESSEE COLONY, Texas — Virginia Smith was named warden at the Coffield Unit, prison officials said."
    assert [f["name"] for f in tagger.tag("", text).facilities] == ["Coffield Unit"]


@pytest.mark.parametrize(
    ("text", "names", "states"),
    [
        # a short name followed by another state's name or abbreviation is that state's town
        ("Men held in the jail in Angola, Ind., refused meals in the heat, the Steuben County sheriff said.", [],
         ["IN"]),
        ("Men at Angola refused to work in the fields, prison officials in Louisiana said.",
         ["Louisiana State Penitentiary"], ["LA"]),
        # "the Everglades" is a region, not the Everglades Correctional Institution
        ("MIAMI — Detainees moved to a tent camp in the Everglades began a hunger strike, lawyers said.", [], ["FL"]),
        ("MIAMI — Men at Everglades Correctional Institution began a hunger strike, lawyers said.",
         ["Everglades Correctional Institution"], ["FL"]),
    ],
)
def test_short_names_that_are_places(tagger: Tagger, text: str, names: list[str], states: list[str]) -> None:
    result = tagger.tag("", text)
    assert sorted(f["name"] for f in result.facilities) == sorted(names)
    assert result.states == states


def test_the_before_short_names_of_a_list_or_a_press_name(tagger: Tagger) -> None:
    text = ("ATLANTA — Men at the Macon and Hays prisons refused meals. Sept. 9 is the anniversary of the Attica "
            "uprising, when men at Attica held the yard.")
    names = sorted(f["name"] for f in tagger.tag("", text).facilities)
    assert names == ["Attica Correctional Facility", "Hays State Prison", "Macon State Prison"]


@pytest.mark.parametrize(
    ("text", "names", "states"),
    [
        # "SCI X" is a Pennsylvania prison even when the list lacks it, and its place is no city of another state
        ("Men at SCI Phoenix refused to leave their cells on Tuesday, prison officials said.", ["SCI Phoenix"],
         ["PA"]),
        # "USP X" where the list has the federal prison at X under another prefix
        ("Men held at USP Thomson refused meals to protest the use of restraints.", ["FCI Thomson"], ["IL"]),
        ("Shares of FMC Corporation rose in Philadelphia trading.", [], ["PA"]),
    ],
)
def test_prefixed_names(tagger: Tagger, text: str, names: list[str], states: list[str]) -> None:
    result = tagger.tag("", text)
    assert sorted(f["name"] for f in result.facilities) == sorted(names)
    assert result.states == states


def test_a_facility_name_inside_a_group_name_is_no_facility(tagger: Tagger) -> None:
    text = ("NEW ORLEANS — People at the Orleans Justice Center refused meals, the Orleans Parish Prison Reform "
            "Coalition said.")
    assert [f["name"] for f in tagger.tag("", text).facilities] == ["Orleans Justice Center"]
