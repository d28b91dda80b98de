"""Matchers and disambiguation on our own sentences (rules-only pipeline)."""

from __future__ import annotations

import pytest

from pipeline.tagging.tagger import Tagger


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("COLUMBIA, S.C. (AP) — Officials met on Monday.", ["SC"]),
        ("He grew up in Harts, W.Va., and moved away.", ["WV"]),
        ("Teachers in West Virginia rallied at the capitol.", ["WV"]),
        ("WASHINGTON (AP) — Congress adjourned.", ["DC"]),
        ("Lawmakers in Washington and Beijing traded tariffs.", []),
        ("The prison system of Washington state is under review.", ["WA"]),
        ("Virginia Smith spoke at the event in London, England.", []),
        ("A Boca Raton, Fla.-based company runs the center.", ["FL"]),
        ("Kansas City police made an arrest.", ["MO"]),
        ("The game was in Kansas City, Kan., last night.", ["KS"]),
        ("A crowd marched down Montana Avenue in El Paso.", ["TX"]),
        ("The Ohio County jail in Wheeling is full, officials in West Virginia said.", ["WV"]),
        ("According to The Washington Post, the vote failed.", []),
        ("Sen. Jane Roe (D-Calif.) criticized the plan in Denver.", ["CO"]),
        ("Send mail to PO Box 12, Bishopville, SC 29010.", ["SC"]),
        ("Tbilisi officials said Georgia's parliament passed a Georgian amnesty law.", []),
        ("The New York Times ran the story.", []),
        ("Georgia's Washington State Prison was locked down.", ["GA"]),
        ("The unit near New Boston was locked down; families drove from Houston.", ["TX"]),
    ],
)
def test_states(tagger: Tagger, text: str, states: list[str]) -> None:
    assert tagger.tag("", text).states == states


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Inmates at Angola prison refused food.", ["Louisiana State Penitentiary"]),
        ("The film was shot in Angola and Mozambique.", []),
        ("Prisoners at Holman in Alabama began a strike.", ["Holman Correctional Facility"]),
        ("Holman said the plan was fine.", []),
        ("In Georgia the strike hit Macon, Hays, Telfair and Valdosta prisons.",
         ["Telfair State Prison", "Macon State Prison", "Hays State Prison", "Valdosta State Prison"]),
        ("Rikers Island's Eric M. Taylor Center was locked down.", ["Rikers Island", "Eric M Taylor Center"]),
        ("Detainees at the Northwest Immigration and Customs Enforcement (ICE) Processing Center in Tacoma.",
         ["Northwest ICE Processing Center"]),
        ("Men held at Guantanamo Bay's Camp Six refused meals in 2013.", []),  # not in the US
    ],
)
def test_facilities(tagger: Tagger, text: str, names: list[str]) -> None:
    assert sorted(f["name"] for f in tagger.tag("", text).facilities) == sorted(names)


def test_shared_facility_name_resolves_by_the_articles_state(tagger: Tagger) -> None:
    found = tagger.tag("", "Women at the Washington County Jail in Hillsboro, Ore., refused meals.").facilities
    assert [(f["name"], f["state"]) for f in found] == [("Washington County Jail", "OR")]
    alone = tagger.tag("", "The Washington County Jail is full.").facilities
    assert alone[0]["state"] is None and alone[0]["id"] is None


def test_facility_implies_its_state_and_mentions_carry_offsets(tagger: Tagger) -> None:
    text = "Men at Pelican Bay State Prison stopped eating."
    result = tagger.tag("Strike", text)
    assert result.states == ["CA"]
    fac = next(m for m in result.mentions if m.kind == "facility")
    assert fac.field == "text" and text[fac.start : fac.end] == fac.surface == "Pelican Bay State Prison"


def test_primary_states_prefer_dateline_and_headline(tagger: Tagger) -> None:
    result = tagger.tag("Texas prisoners strike", "ATLANTA (AP) — Strikes spread from Georgia to Alabama and Texas.")
    assert result.primary_states[:2] == ["GA", "TX"]


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("Prisoners at the county jail began a hunger strike over cold meals.", True),
        ("Teachers went on strike and the prison school closed; inmates waited.", False),
        ("Correction officers at the prison walked out in a strike over pay.", False),
        ("Prisoners in an Israeli prison began a hunger strike, Israel's prison service said.", False),
        ("An inmate died at the jail on Sunday, officials said.", False),
    ],
)
def test_relevance(tagger: Tagger, text: str, relevant: bool) -> None:
    result = tagger.tag("", text)
    assert result.relevant is relevant, result.reasons
    assert result.reasons


def test_bad_input_is_explained_not_crashed(tagger: Tagger) -> None:
    empty = tagger.tag("", "   ")
    assert not empty.relevant and "empty text" in empty.notes
    spanish = tagger.tag("", "Los presos de la cárcel de Texas comenzaron una huelga de hambre por la comida y el "
                             "trato que reciben en la prisión del estado, según sus familias y los abogados.")
    assert spanish.language == "es" and spanish.states == [] and "non-English: es" in spanish.notes
    huge = tagger.tag("", "Inmates at Attica Correctional Facility began a hunger strike. " + "word " * 30_000)
    assert any(n.startswith("text truncated at") for n in huge.notes) and huge.relevant
    html = tagger.tag("", "<p>Prisoners at <b>Lee Correctional Institution</b> began a hunger strike.</p>&nbsp;")
    assert html.relevant and html.states == ["SC"] and any("HTML" in n for n in html.notes)


def test_tagging_many_keeps_input_order(tagger: Tagger) -> None:
    results = list(tagger.tag_many([("", "Seattle news."), ("", ""), ("", "Prisoners in Ohio began a hunger strike.")]))
    assert [r.states for r in results] == [["WA"], [], ["OH"]]
