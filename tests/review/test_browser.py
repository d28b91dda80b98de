"""End to end: the real server (``strikewatch serve`` in a subprocess on 127.0.0.1) driven by headless Chromium.

Log in, approve two items and reject one with the keyboard, correct a state, publish; the published digest shows
exactly the approved items, with the corrected state.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from pipeline.review.queue import build_queue
from pipeline.users import add_user
from tests.review.seed import DAY, seed_day

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "browser test password"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"server did not answer at {url}")


@pytest.fixture
def server(db_url: str, sessions: sessionmaker[Session], tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, STRIKEWATCH_DATABASE_URL=db_url, STRIKEWATCH_SITE_DIR=str(tmp_path / "site"))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/login", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def test_review_and_publish_in_a_real_browser(server: str, sessions: sessionmaker[Session]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sessions() as s, s.begin():
        seed_day(s)
        add_user(s, "ana", PASSWORD)
    with sessions() as s:
        order = [i.key for i in build_queue(s, DAY, ZoneInfo("America/New_York"))]
    assert len(order) == 4

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(f"{server}/day/{DAY.isoformat()}")
            assert "/login" in page.url
            page.fill("input[name=name]", "ana")
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            assert page.locator("ol.queue > li.item").count() == 4
            assert page.locator("li.item.current").get_attribute("id") == order[0]

            def key(letter: str) -> None:
                with page.expect_navigation():
                    page.keyboard.press(letter)

            key("a")  # approve the first item; the page comes back on the next one
            assert page.locator("li.item.current").get_attribute("id") == order[1]
            page.keyboard.press("j")
            assert page.locator("li.item.current").get_attribute("id") == order[2]
            page.keyboard.press("k")
            key("r")  # reject the second
            assert page.locator("li.item.current").get_attribute("id") == order[2]
            key("a")  # approve the third
            statuses = [page.locator(f"#{k} .badge").first.inner_text().lower() for k in order]
            assert statuses == ["approved", "rejected", "approved", "pending"]

            with page.expect_navigation():
                page.click(f"#{order[2]} a.open")
            page.select_option("#correct-state select[name=value]", "OK")
            with page.expect_navigation():
                page.click("#correct-state button[value=add]")
            assert "OK" in page.locator(".tags li.state").all_inner_texts()

            page.goto(f"{server}/day/{DAY.isoformat()}/preview")
            with page.expect_navigation():
                page.click("#publish")
            assert page.url.endswith(f"/site/days/{DAY.isoformat()}/index.html")
            assert page.locator("#draft").count() == 0
            shown = page.locator("#top-stories > li").evaluate_all("els => els.map(e => e.id)")
            assert sorted(shown) == sorted([order[0], order[2]])
            assert "Oklahoma" in page.locator(f"#{order[2]} .meta").first.inner_text()
        finally:
            browser.close()
