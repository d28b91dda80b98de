from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import Article, Outlet
from pipeline.store import ArticleIn, check_published, get_or_create_outlet, make_summary, store_article

LONG_TEXT = "Prisoners at the state prison began a work stoppage on Monday, refusing kitchen duty. " * 5


def test_store_article_once_per_canonical_url(session: Session) -> None:
    first = store_article(session, ArticleIn(url="https://ex.org/a?utm_source=rss", title="A", text=LONG_TEXT))
    again = store_article(session, ArticleIn(url="https://ex.org/a#x", title="A again", text="other"))
    assert first.created and not again.created
    assert again.article_id == first.article_id and again.reason == "same URL"
    assert session.scalar(select(func.count(Article.id))) == 1


def test_same_text_at_same_outlet_is_one_article(session: Session) -> None:
    outlet = get_or_create_outlet(session, "Daily", kind="local", home_state="SC")
    store_article(session, ArticleIn(url="https://ex.org/a", text=LONG_TEXT, outlet_id=outlet.id))
    dup = store_article(session, ArticleIn(url="https://ex.org/print/a", text=LONG_TEXT, outlet_id=outlet.id))
    assert not dup.created and dup.reason == "same text"


def test_same_text_at_other_outlet_is_kept_as_syndication(session: Session) -> None:
    a = get_or_create_outlet(session, "Paper A")
    b = get_or_create_outlet(session, "Paper B")
    store_article(session, ArticleIn(url="https://a.example/s", text=LONG_TEXT, outlet_id=a.id))
    copy = store_article(session, ArticleIn(url="https://b.example/s", text=LONG_TEXT, outlet_id=b.id))
    assert copy.created


def test_missing_and_future_dates_fall_back_to_fetch_time(session: Session) -> None:
    future = datetime.now(UTC) + timedelta(days=3)
    res = store_article(session, ArticleIn(url="https://ex.org/f", published=future, date_source="feed"))
    art = session.get(Article, res.article_id)
    assert art is not None and art.date_source == "fetched"
    assert art.published_at is not None and art.published_at < future


def test_check_published_keeps_past_and_assumes_utc() -> None:
    naive = datetime(2026, 1, 2, 3, 4)
    assert check_published(naive) == naive.replace(tzinfo=UTC)
    assert check_published(None) is None


def test_rejects_non_http_url(session: Session) -> None:
    with pytest.raises(InputError, match="not an http"):
        store_article(session, ArticleIn(url="file:///etc/passwd"))


def test_outlet_get_or_create_fills_gaps(session: Session) -> None:
    o1 = get_or_create_outlet(session, "The Gazette")
    o2 = get_or_create_outlet(session, "The Gazette", homepage="https://g.example/", home_state="AL", kind="local")
    assert o1.id == o2.id and o2.home_state == "AL" and o2.kind == "local"
    assert session.scalar(select(func.count(Outlet.id))) == 1
    with pytest.raises(InputError, match="kind"):
        get_or_create_outlet(session, "X", kind="tabloid")


def test_summary_cuts_at_word_boundary() -> None:
    s = make_summary("word " * 200, limit=50)
    assert s.endswith("…") and len(s) <= 51 and "wor…" not in s
