"""Preview and publish through the app: the published page holds exactly the approved items."""

from __future__ import annotations

from flask.testing import FlaskClient
from parsel import Selector
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.models import PublishedDigest
from tests.review.conftest import page, token
from tests.review.seed import DAY, Seeded

QUEUE = f"/day/{DAY.isoformat()}"


def post(client: FlaskClient, path: str, **data: str) -> None:
    response = client.post(path, data={"csrf_token": token(client, QUEUE), **data})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def test_preview_then_publish_shows_only_approved_items(client: FlaskClient, seeded: Seeded, settings: Settings,
                                                        sessions: sessionmaker[Session]) -> None:
    al, ga, tx = (seeded.stories[k] for k in ("alabama", "georgia", "texas"))
    draft = Selector(text=client.get(QUEUE + "/preview/raw").get_data(as_text=True))
    assert draft.css("#draft") and len(draft.css("#top-stories > li")) == 4
    post(client, f"{QUEUE}/story/{al}/status", status="approved")
    post(client, f"{QUEUE}/story/{tx}/status", status="approved")
    post(client, f"{QUEUE}/story/{ga}/status", status="rejected")
    post(client, f"{QUEUE}/story/{tx}/correct", field="state", action="add", value="OK")
    raw = client.get(QUEUE + "/preview/raw")
    assert raw.headers["Content-Security-Policy"].startswith("sandbox")
    preview = Selector(text=raw.get_data(as_text=True))
    assert preview.css("#top-stories > li::attr(id)").getall() == [f"story-{al}", f"story-{tx}"]
    assert page(client, QUEUE + "/preview").css("iframe.preview::attr(src)").get() == QUEUE + "/preview/raw"

    response = client.post(QUEUE + "/publish", data={"csrf_token": token(client, QUEUE)})
    assert response.status_code == 303 and response.location == f"/site/days/{DAY.isoformat()}/index.html"
    with client.get(response.location) as served:
        published = Selector(text=served.get_data(as_text=True))
    assert not published.css("#draft")
    assert published.css("#top-stories > li::attr(id)").getall() == [f"story-{al}", f"story-{tx}"]
    texas = published.css(f"#story-{tx} .meta::text").get("")
    assert "Texas" in texas and "Oklahoma" in texas
    assert (settings.output_dir / "days" / DAY.isoformat() / "index.html").is_file()
    with sessions() as s:
        row = s.scalar(select(PublishedDigest))
        assert row is not None and (row.day, row.who, row.path) == (DAY, "local", f"days/{DAY.isoformat()}/index.html")


def test_site_does_not_serve_outside_its_folder(client: FlaskClient, settings: Settings) -> None:
    settings.output_dir.mkdir(parents=True)
    (settings.output_dir.parent / "secret.txt").write_text("no")
    for path in ("/site/../secret.txt", "/site/%2e%2e/secret.txt"):
        with client.get(path) as response:
            assert response.status_code == 404
