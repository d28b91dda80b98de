"""Ready-made posts stay within each platform's real limits and never cut a word, a link or a hashtag."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digests.posts import PLATFORMS, compose, graphemes, mastodon_length, valid_hashtags, x_length

URL = "https://news.example.org/2024/08/21/prisoners-strike-for-wages-and-safety-in-alabama-facilities?utm=x"
TAGS = ["#PrisonStrike", "#EndPrisonSlavery"]
WORDS = st.sampled_from([
    "strike", "prisoners", "Alabama", "🔥", "👩🏽‍⚖️", "🇺🇸", "إضراب", "السجناء", "שביתה", "<script>", "\"quoted\"",
    "a.", "end!", "mañana", "e\u0301", "日本語", "x" * 40, "https://example.com/a", "#tag", "@someone",
])
POINTS = st.lists(WORDS, min_size=1, max_size=200).map(" ".join)


def test_x_counts_links_as_23_and_emoji_as_2() -> None:
    assert x_length("hello") == 5
    assert x_length("see " + URL) == 4 + 23
    assert x_length("🔥") == 2
    assert x_length("👩🏽‍⚖️") == 2
    assert x_length("日本") == 4


def test_mastodon_and_bluesky_count_graphemes() -> None:
    assert graphemes("👩🏽‍⚖️🇺🇸e\u0301") == 3
    assert mastodon_length("a " + URL) == 2 + 23
    assert graphemes("a " + URL) == 2 + len(URL)


def test_short_post_keeps_everything() -> None:
    text = compose(PLATFORMS["x"], "Prisoners strike.", "Daily News", URL, TAGS)
    assert text == f"Prisoners strike.\n— Daily News\n{URL}\n#PrisonStrike #EndPrisonSlavery"


def test_long_point_is_cut_at_a_word_with_an_ellipsis() -> None:
    point = "word " * 200
    text = compose(PLATFORMS["x"], point.strip(), "Daily News", URL, TAGS)
    assert x_length(text) <= 280
    first = text.split("\n")[0]
    assert first.endswith("word…")
    assert URL in text and "#EndPrisonSlavery" in text


def test_sentence_boundary_preferred() -> None:
    first = "Prisoners in three states stopped work today, demanding wages, safe food and an end to lockdowns at " \
        "every facility."
    text = compose(PLATFORMS["x"], first + " More details follow" * 30, "Outlet", URL, TAGS)
    assert text.split("\n")[0] == first


def test_hashtags_are_validated() -> None:
    assert valid_hashtags(["#PrisonStrike", "EndPrisonSlavery", "#", "#123", "#bad tag", "#PrisonStrike"]) == [
        "#PrisonStrike", "#EndPrisonSlavery"]


def test_link_dropped_not_broken_when_it_cannot_fit() -> None:
    huge = "https://example.org/" + "a" * 400
    text = compose(PLATFORMS["bluesky"], "Strike news", "Outlet", huge, TAGS)
    assert "https://" not in text
    assert graphemes(text) <= 300


@pytest.mark.parametrize("name", sorted(PLATFORMS))
@settings(max_examples=60, deadline=None)
@given(point=POINTS, outlet=st.text(min_size=0, max_size=80).map(lambda s: " ".join(s.split())))
def test_posts_fit_and_never_cut_inside_words(name: str, point: str, outlet: str) -> None:
    platform = PLATFORMS[name]
    text = compose(platform, point, outlet, URL, TAGS)
    assert platform.length(text) <= platform.limit
    lines = text.split("\n")
    source_words = set(point.split())
    first = lines[0] if lines and not lines[0].startswith(("— ", "https://", "#PrisonStrike")) else ""
    for word in first.rstrip("…").split():
        assert word in source_words, f"{word!r} is not a whole word of the point"
    if URL in text:
        assert any(line == URL for line in lines), "the link stands whole on its own line"
    for tag in TAGS:
        assert tag not in text or f"{tag}" in lines[-1].split()
