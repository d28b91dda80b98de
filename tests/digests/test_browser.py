"""The day's HTML in headless Chromium: it shows the stories and the map, loads nothing from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from digests.site import write_site
from pipeline.config import Settings
from tests.digests.fixtures import DAY, HOSTILE, NOW

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install chromium)"),
]


def test_day_page_shows_stories_map_and_copy_buttons(sessions: sessionmaker[Session], seeded: dict[str, int],
                                                      settings: Settings, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    out = tmp_path / "site"
    with sessions() as session:
        write_site(session, DAY, settings, out=out, now=NOW)
    page_url = (out / "days" / DAY.isoformat() / "index.html").as_uri()
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_url)
            stories = page.locator("#top-stories > li h3")
            assert stories.count() == 3
            assert 'Prisoners at "Donaldson" stop work' in stories.nth(0).inner_text()
            assert HOSTILE in page.locator("#top-stories").inner_text()  # shown as text, not run
            assert page.locator("#map-day svg").is_visible()
            assert page.locator("#map-day svg g title", has_text="Texas: 0 articles").count() == 1
            assert page.locator("#state-table").is_visible()
            assert page.locator("#draft").is_visible()
            assert page.locator("button[data-copy]").first.is_visible()  # the script ran under the CSP
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "no sideways scrolling on a phone"
        finally:
            browser.close()
    assert dialogs == []
    assert all(url.startswith("file://") for url in requests), requests
