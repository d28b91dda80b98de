import pytest
from sqlalchemy.orm import Session

from pipeline.errors import InputError, SourceError
from pipeline.sources import (
    SourceSpec,
    add_source,
    default_sources,
    list_sources,
    parse_opml,
    remove_source,
    seed_defaults,
    to_opml,
)

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Prisons">
    <outline type="rss" text="Alabama Reflector" xmlUrl="https://alabamareflector.example/feed/"
             htmlUrl="https://alabamareflector.example/" kind="local" state="AL"/>
    <outline type="rss" text="Movement Wire" xmlUrl="https://movement.example/rss.xml"/>
    <outline type="rss" text="Movement Wire" xmlUrl="https://movement.example/atom.xml"/>
  </outline>
</body></opml>"""


def test_default_sources_cover_movement_wire_and_local_outlets() -> None:
    specs = default_sources()
    kinds = {s.kind for s in specs}
    assert {"movement", "wire", "local", "mainstream"} <= kinds
    names = {s.name for s in specs}
    assert {"San Francisco Bay View", "Shadowproof", "Truthout", "The Marshall Project"} <= names
    assert all(s.state for s in specs if s.kind == "local")


def test_seed_defaults_only_into_empty_database(session: Session) -> None:
    assert seed_defaults(session) > 20
    assert seed_defaults(session) == 0


def test_parse_opml_groups_feeds_by_outlet() -> None:
    specs = parse_opml(OPML)
    assert [(s.name, s.kind, s.state, len(s.feeds)) for s in specs] == [
        ("Alabama Reflector", "local", "AL", 1),
        ("Movement Wire", "mainstream", None, 2),
    ]


@pytest.mark.parametrize("data", [b"<html><body>not opml</body></html>", b"<opml><body>", b""])
def test_parse_opml_rejects_non_opml(data: bytes) -> None:
    with pytest.raises(InputError):
        parse_opml(data, "bad.opml")


def test_parse_opml_rejects_entity_expansion() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body>&a;</body></opml>'
    with pytest.raises(InputError):
        parse_opml(bomb)


def test_opml_round_trip(session: Session) -> None:
    for spec in parse_opml(OPML):
        add_source(session, spec)
    again = parse_opml(to_opml(list_sources(session)).encode())
    assert {(s.name, s.kind, s.state, tuple(sorted(s.feeds))) for s in again} == {
        ("Alabama Reflector", "local", "AL", ("https://alabamareflector.example/feed/",)),
        ("Movement Wire", "mainstream", None, ("https://movement.example/atom.xml", "https://movement.example/rss.xml")),
    }


def test_add_source_is_idempotent_and_remove_works(session: Session) -> None:
    spec = SourceSpec("Daily", None, "local", "GA", ["https://daily.example/feed"])
    _, new = add_source(session, spec)
    _, again = add_source(session, spec)
    assert len(new) == 1 and again == []
    assert remove_source(session, "https://daily.example/feed") == "feed https://daily.example/feed"
    assert remove_source(session, "Daily").startswith("outlet Daily")
    with pytest.raises(SourceError):
        remove_source(session, "Nope")


def test_spec_validation() -> None:
    with pytest.raises(InputError, match="state"):
        SourceSpec("X", None, "local", "ZZ", []).validate("here")
    with pytest.raises(InputError, match="URL"):
        SourceSpec("X", None, "local", None, ["javascript:x"]).validate("here")


def test_sitemap_and_site_sources_survive_an_opml_round_trip(session: Session) -> None:
    spec = SourceSpec("Local Paper", "https://lp.example/", "local", "AL",
                      ["https://lp.example/feed", "https://lp.example/robots.txt", "https://lp.example/news/"],
                      other_kinds={"https://lp.example/robots.txt": ("sitemap", None),
                                   "https://lp.example/news/": ("site", {"max_depth": 2, "article": ["/20"]})})
    add_source(session, spec)
    again = parse_opml(to_opml(list_sources(session)).encode())
    assert again[0].other_kinds == spec.other_kinds
    assert sorted(again[0].feeds) == sorted(spec.feeds)
