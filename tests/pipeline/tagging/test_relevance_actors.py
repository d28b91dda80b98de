"""Who carries out the protest: people held inside, or someone else (activists, relatives, guards, formerly
incarcerated advocates)? Our own sentences, rules-only pipeline."""

from __future__ import annotations

import pytest

from pipeline.tagging.tagger import Tagger


@pytest.mark.parametrize(
    "text",
    [
        "Three activists began a hunger strike on the statehouse steps to win clemency for a man on death row.",
        "Supporters of people detained at the county jail started a relay hunger strike outside city hall.",
        "Formerly incarcerated organizers and their families staged a sit-in at the governor's office.",
        "Dozens of people arrested at the pipeline protests were held in the county jail overnight.",
        "Prison guards' wildcat strike spreads to a dozen more prisons.",
        "Relatives of men held at the state prison rallied outside the gates, protesting a lockdown and a strike ban.",
    ],
)
def test_protests_by_people_not_held_inside_are_not_strike_coverage(tagger: Tagger, text: str) -> None:
    result = tagger.tag("", text)
    assert result.relevant is False, result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Relatives of men held at the state prison say a work stoppage began there on Monday.",
        "Prisoners began a hunger strike after activists reported beatings by guards at the jail.",
        "Detainees refused meals for a third day, advocates said, in a hunger strike over medical neglect.",
        "Organizers say people held at two state prisons plan to stop work on Monday.",
        "About 150 men at the penitentiary refused to return to their housing units after a new package rule.",
        # a named facility is where people are held, and "…, relatives said" is the source, not the actor:
        "Dozens of men at the Coffield Unit refused their meal trays for a third day, relatives said.",
        "At Holman Correctional Facility men began a hunger strike Monday, their families said.",
    ],
)
def test_protests_by_people_held_inside_still_count(tagger: Tagger, text: str) -> None:
    result = tagger.tag("", text)
    assert result.relevant is True, result.reasons


def test_a_federal_or_state_prison_acronym_names_the_place(tagger: Tagger) -> None:
    text = "Men at SCI Rockview have refused to go to work for five days, protesting a ban on books."
    assert tagger.tag("", text).relevant is True
