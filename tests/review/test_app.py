"""The review app through Flask's test client: pages checked with selectors, changes through real forms."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import ArticleTag, AuditEvent, Correction, Review
from tests.review.conftest import login, page, token
from tests.review.seed import DAY, Seeded

QUEUE = f"/day/{DAY.isoformat()}"


def reviews(sessions: sessionmaker[Session]) -> list[tuple[str, int, str]]:
    with sessions() as s:
        return [(r.item_type, r.item_id, r.status) for r in s.scalars(select(Review).order_by(Review.id))]


def test_queue_shows_items_in_order_with_their_details(client: FlaskClient, seeded: Seeded) -> None:
    doc = page(client, QUEUE)
    ids = doc.css("ol.queue > li.item::attr(id)").getall()
    assert ids[0] == f"story-{seeded.stories['alabama']}"
    assert f"article-{seeded.articles['teachers']}" not in ids
    first = doc.css("ol.queue > li.item")[0]
    assert first.css(".tags li.state::text").getall() == ["AL"]
    assert first.css(".tags li.facility::text").getall() == ["Holman Correctional Facility"]
    assert "3 copies in 3 outlets" in " ".join(first.css(".meta::text").getall())
    assert "work stoppage" in first.css(".reasons::text").get("")
    assert first.css("button.approve") and first.css("button.reject")


def test_scraped_text_is_escaped(client: FlaskClient, seeded: Seeded) -> None:
    html = client.get(QUEUE).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Strike &amp; &#34;quotes&#34;" in html
    assert client.get(QUEUE).headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_filters(client: FlaskClient, seeded: Seeded) -> None:
    doc = page(client, QUEUE + "?state=GA")
    assert doc.css("ol.queue > li.item::attr(id)").getall() == [f"story-{seeded.stories['georgia']}"]
    doc = page(client, QUEUE + "?kind=local&status=pending")
    assert set(doc.css("ol.queue > li.item::attr(id)").getall()) == {
        f"story-{seeded.stories['alabama']}", f"story-{seeded.stories['texas']}"}
    assert f"article-{seeded.articles['teachers']}" in page(client, QUEUE + "?all=1").css("li.item::attr(id)").getall()


def test_localhost_without_accounts_needs_no_login(client: FlaskClient, seeded: Seeded,
                                                   sessions: sessionmaker[Session]) -> None:
    story = seeded.stories["texas"]
    data = {"status": "approved", "csrf_token": token(client, QUEUE), "next": f"{QUEUE}#x"}
    response = client.post(f"{QUEUE}/story/{story}/status", data=data)
    assert response.status_code == 303 and response.location == f"{QUEUE}#x"
    assert reviews(sessions) == [("story", story, "approved")]
    with sessions() as s:
        assert s.scalar(select(AuditEvent.who)) == "local"


def test_login_is_required_once_an_account_exists(client: FlaskClient, seeded: Seeded, account: str,
                                                  sessions: sessionmaker[Session]) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    forged = client.post(f"{QUEUE}/story/{seeded.stories['texas']}/status",
                         data={"status": "approved", "csrf_token": token(client)})
    assert forged.status_code == 401
    assert reviews(sessions) == []
    bad = client.post("/login", data={"name": "ana", "password": "wrong password!", "csrf_token": token(client)})
    assert bad.status_code == 401 and page(client, QUEUE, 302)
    login(client)
    assert page(client, QUEUE).css("nav button.link::text").get("").strip() == "Log out ana"


def test_bad_or_missing_csrf_token_changes_nothing(client: FlaskClient, seeded: Seeded, account: str,
                                                   sessions: sessionmaker[Session]) -> None:
    login(client)
    target = f"{QUEUE}/story/{seeded.stories['texas']}"
    for data in ({"status": "approved"}, {"status": "approved", "csrf_token": "forged"}):
        assert client.post(target + "/status", data=data).status_code == 400
    assert client.post(target + "/correct", data={"field": "state", "action": "add", "value": "NY",
                                                  "csrf_token": "x"}).status_code == 400
    assert reviews(sessions) == []
    with sessions() as s:
        assert s.scalar(select(Correction.id)) is None


def test_session_cookie_flags(app, client: FlaskClient, account: str) -> None:  # type: ignore[no-untyped-def]
    token(client)
    client.post("/login", data={"name": "ana", "password": "a long test password", "csrf_token": token(client)})
    cookie = client.get_cookie("strikewatch_review")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax" and not cookie.secure


def test_public_app_refuses_everything_until_an_account_exists(settings, sessions) -> None:  # type: ignore[no-untyped-def]
    from review import create_app

    app = create_app(settings, sessions, public=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    assert client.get(QUEUE).status_code == 503


def test_item_page_corrects_a_state_and_edits_the_summary(client: FlaskClient, seeded: Seeded, account: str,
                                                          sessions: sessionmaker[Session]) -> None:
    login(client)
    story = seeded.stories["texas"]
    item = f"{QUEUE}/story/{story}"
    doc = page(client, item)
    assert doc.css("#correct-state select[name=value] option::text").getall()[:2] == ["AK", "AL"]
    csrf = doc.css("input[name=csrf_token]::attr(value)").get()
    assert client.post(item + "/correct", data={"field": "state", "action": "add", "value": "OK",
                                                "csrf_token": csrf, "next": item}).status_code == 303
    assert client.post(item + "/summary", data={"summary": "Kitchen workers <b>stopped</b>.", "csrf_token": csrf,
                                                "next": item}).status_code == 303
    doc = page(client, item)
    assert doc.css(".tags li.state::text").getall() == ["OK", "TX"]
    assert doc.css("textarea[name=summary]::text").get() == "Kitchen workers <b>stopped</b>."
    with sessions() as s:
        assert s.get(ArticleTag, seeded.articles["texas"]).states == ["OK", "TX"]  # type: ignore[union-attr]
        assert [e.who for e in s.scalars(select(AuditEvent).where(AuditEvent.action != "login"))] == ["ana", "ana"]


def test_wrong_input_is_a_clear_400(client: FlaskClient, seeded: Seeded) -> None:
    csrf = token(client, QUEUE)
    response = client.post(f"{QUEUE}/story/{seeded.stories['texas']}/correct",
                           data={"field": "state", "action": "add", "value": "ZZ", "csrf_token": csrf})
    assert response.status_code == 400
    assert "not a state postal code: &#39;ZZ&#39;" in response.get_data(as_text=True)


def test_next_never_leaves_the_site(client: FlaskClient, seeded: Seeded) -> None:
    csrf = token(client, QUEUE)
    for evil in ("https://evil.test/", "//evil.test/x", "/\\evil.test"):
        response = client.post(f"{QUEUE}/story/{seeded.stories['texas']}/pin",
                               data={"pinned": "1", "csrf_token": csrf, "next": evil})
        assert response.location == QUEUE


def test_action_report_form(client: FlaskClient, sessions: sessionmaker[Session]) -> None:
    from pipeline.models import ActionReport

    csrf = token(client, "/actions")
    response = client.post("/actions", data={"state": "sc", "day": "2024-08-20", "kind": "hunger strike",
                                             "facility": "Lieber", "note": "call from inside", "csrf_token": csrf})
    assert response.status_code == 303
    with sessions() as s:
        row = s.scalar(select(ActionReport))
        assert row is not None and (row.state, row.kind, row.created_by) == ("SC", "hunger strike", "local")


def test_add_article_typed_in_when_the_crawler_cannot_fetch(client: FlaskClient, sessions: sessionmaker[Session],
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pipeline.models import Article
    from pipeline.review import adding

    monkeypatch.setattr(adding, "crawl_url", lambda url, settings: False)
    csrf = token(client, "/add")
    doc = client.post("/add", data={"url": "https://paper.test/strike", "csrf_token": csrf})
    assert doc.status_code == 200 and "could not fetch" in doc.get_data(as_text=True)
    response = client.post("/add", data={"url": "https://paper.test/strike", "typed": "1", "title": "Strike",
                                         "text": "Prisoners at a Texas unit stopped work.", "outlet": "Paper",
                                         "published": "2024-08-21T09:30", "csrf_token": csrf})
    assert response.status_code == 303 and response.location.startswith("/day/2024-08-21?all=1#article-")
    with sessions() as s:
        article = s.scalar(select(Article))
        assert article is not None and article.found_by == "review" and article.title == "Strike"
        assert article.published_at.isoformat() == "2024-08-21T13:30:00+00:00"
        assert article.tag is not None and article.tag.states == ["TX"]  # tagged as it was added
