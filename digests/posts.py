"""Ready-made posts: text a sharer can paste, within each platform's real limits.

- ``x``: 280, weighted as twitter-text v3 counts (NFC; code points in the Latin/punctuation ranges weigh 1, others
  2, an emoji sequence 2) and every http(s) link counts 23;
- ``mastodon``: 500 grapheme clusters, every http(s) link counts 23;
- ``bluesky``: 300 grapheme clusters, links as written;
- ``long``: 2,200 grapheme clusters (an Instagram caption; fine for Facebook and newsletters).

The point is cut at a sentence or word boundary, never inside a word, a link or a hashtag; when even one word
will not fit, hashtags go first, then the outlet, then the link — a link is dropped, never broken.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import regex  # type: ignore[import-untyped]

from digests.data import Digest, Post, StateLine, StoryItem

_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
_URL = regex.compile(r"https?://\S+")
_HASHTAG = regex.compile(r"#\w*[^\W\d]\w*")
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
ELLIPSIS = "…"
MAX_STATE_POSTS = 20


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def _x_weight(cluster: str) -> int:
    if _EMOJI.search(cluster):
        return 2
    return sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT) else 2 for c in cluster)


def _with_links(text: str, link: int, count: Callable[[str], int]) -> int:
    """``count`` of the text between links, plus ``link`` for each http(s) link."""
    total, pos = 0, 0
    for m in _URL.finditer(text):
        total += count(text[pos:m.start()]) + link
        pos = m.end()
    return total + count(text[pos:])


def x_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    return _with_links(text, 23, lambda s: sum(_x_weight(c) for c in _GRAPHEME.findall(s)))


def mastodon_length(text: str) -> int:
    return _with_links(text, 23, graphemes)


@dataclass(frozen=True)
class Platform:
    name: str
    limit: int
    length: Callable[[str], int]
    with_summary: bool = False


PLATFORMS: dict[str, Platform] = {
    "x": Platform("x", 280, x_length),
    "bluesky": Platform("bluesky", 300, graphemes),
    "mastodon": Platform("mastodon", 500, mastodon_length),
    "long": Platform("long", 2200, graphemes, with_summary=True),
}


def valid_hashtags(tags: Iterable[str]) -> list[str]:
    """Configured hashtags that are whole hashtags (``#`` and word characters, not only digits)."""
    out = []
    for tag in tags:
        tag = tag.strip()
        tag = tag if tag.startswith("#") else "#" + tag
        if _HASHTAG.fullmatch(tag) and tag not in out:
            out.append(tag)
    return out


def _assemble(point: str, outlet: str, url: str, tags: Sequence[str]) -> str:
    lines = [point, f"— {outlet}" if outlet else "", url, " ".join(tags)]
    return "\n".join(line for line in lines if line)


def _unsafe_end(word: str) -> bool:
    return bool(_URL.match(word)) or word.startswith(("#", "@"))


def _prefixes(point: str) -> list[str]:
    """Every cut of ``point`` at a word boundary, shortest first; cut words that are links/tags are dropped."""
    words = point.split()
    cuts = []
    for n in range(1, len(words)):
        kept = words[:n]
        while kept and _unsafe_end(kept[-1]):
            kept.pop()
        if kept:
            cut = " ".join(kept)
            cuts.append(cut if cut[-1] in ".!?…" else cut.rstrip(",;:—–-") + ELLIPSIS)
    return cuts


def fit_point(point: str, fits: Callable[[str], bool]) -> str | None:
    """The longest cut of ``point`` that fits, preferring a whole sentence that keeps at least half of it."""
    if fits(point):
        return point
    cuts = _prefixes(point)
    lo, hi, best = 0, len(cuts) - 1, -1
    while lo <= hi:  # the cuts grow with n, so the fitting ones are a prefix of the list
        mid = (lo + hi) // 2
        if fits(cuts[mid]):
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    if best < 0:
        return None
    for cut in reversed(cuts[: best + 1]):
        if cut[-1] in ".!?" and len(cut) * 2 >= len(cuts[best]):
            return cut
    return cuts[best]


def _tails(outlet: str, url: str | None, tags: list[str]) -> Iterable[tuple[str, str, list[str]]]:
    link = url or ""
    for n in range(len(tags), -1, -1):
        yield outlet, link, tags[:n]
    yield "", link, []
    yield "", "", []


def compose(platform: Platform, point: str, outlet: str, url: str | None, tags: list[str]) -> str:
    """The post: as much of the point as fits with the outlet, link and hashtags."""
    fallback = ""
    for outlet_, link, tags_ in _tails(outlet, url, tags):
        def fits(p: str, o: str = outlet_, u: str = link, t: list[str] = tags_) -> bool:
            return platform.length(_assemble(p, o, u, t)) <= platform.limit

        cut = fit_point(point, fits)
        if cut is not None:
            return _assemble(cut, outlet_, link, tags_)
        if not fallback and fits(""):
            fallback = _assemble("", outlet_, link, tags_)
    return fallback


def _story_point(item: StoryItem, platform: Platform) -> str:
    point = item.title
    if platform.with_summary and item.summary:
        point = f"{point}. {item.summary}" if point[-1:] not in ".!?" else f"{point} {item.summary}"
    return point


def _state_point(line: StateLine, lead: StoryItem | None) -> str:
    stories = "1 story" if line.stories == 1 else f"{line.stories} stories"
    outlets = "1 outlet" if line.outlets == 1 else f"{line.outlets} outlets"
    text = f"{line.name}: {stories} about the prison strike today, in {outlets}."
    return f"{text} Latest: {lead.title}" if lead else text


def _post(platform: Platform, about: str, label: str, text: str) -> Post:
    return Post(platform.name, about, label, text, platform.length(text), platform.limit)


def build_posts(digest: Digest, hashtags: Iterable[str], platforms: Iterable[str] = tuple(PLATFORMS)) -> list[Post]:
    """Posts for each top story and each state with news that day, for each platform."""
    tags = valid_hashtags(hashtags)
    posts = []
    for name in platforms:
        platform = PLATFORMS[name]
        for item in digest.top_stories:
            text = compose(platform, _story_point(item, platform), item.outlet, item.url, tags)
            posts.append(_post(platform, f"{item.item_type}:{item.item_id}", item.title, text))
        for line in digest.states[:MAX_STATE_POSTS]:
            lead = line.lead
            text = compose(platform, _state_point(line, lead), lead.outlet if lead else "",
                           lead.url if lead else None, tags)
            posts.append(_post(platform, f"state:{line.code}", line.name, text))
    return posts
