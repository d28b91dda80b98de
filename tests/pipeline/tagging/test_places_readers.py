"""State readings that need the whole article: Kansas City qualified once, Washington-state cues that are only part
of a Georgia prison's name, bare postal codes inside a sentence. Our own sentences, rules-only pipeline."""

from __future__ import annotations

import pytest

from pipeline.tagging.tagger import Tagger


@pytest.mark.parametrize(
    ("title", "text", "states"),
    [
        ("Kansas City man sentenced", "KANSAS CITY, Kan. — A man was sentenced to prison on Friday.", ["KS"]),
        ("Kansas City man sentenced", "KANSAS CITY, Mo. — A man was sentenced to prison on Friday.", ["MO"]),
        ("", "Kansas City police said a man from Kansas City, Kan., and one from Kansas City, Mo., met.", ["KS", "MO"]),
        ("", "Men at Washington State Prison plan a strike. Lawmakers in Washington did not comment.", ["GA"]),
        ("", "Men at Washington State Penitentiary in Walla Walla struck. Lawmakers in Washington met.", ["WA"]),
        ("", "Prisoners in Hutchinson, KS went on strike on Monday.", ["KS"]),
        ("", "The shop in Salem, OR on the corner closed.", []),
    ],
)
def test_states_read_with_the_whole_article(tagger: Tagger, title: str, text: str, states: list[str]) -> None:
    assert tagger.tag(title, text).states == states
