from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from tests.digests.fixtures import seed_day
from tests.support.cli import CliRunner


def test_digest_and_posts_commands(cli: CliRunner, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    with sessions() as s, s.begin():
        seed_day(s)
    out = tmp_path / "site"
    result = cli("digest", "--date", "2024-08-21", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "DRAFT" in result.stdout and "3 stories" in result.stdout
    assert (out / "days" / "2024-08-21" / "index.html").exists() and (out / "feed.atom").exists()

    result = cli("posts", "--date", "2024-08-21", "--platform", "bluesky", "--json")
    assert result.exit_code == 0, result.output
    posts = json.loads(result.stdout)
    assert posts and {p["platform"] for p in posts} == {"bluesky"}
    assert all(p["length"] <= 300 and set(p) >= {"platform", "text", "length"} for p in posts)

    bad = cli("posts", "--platform", "myspace")
    assert bad.exit_code == 2 and "--platform must be one of" in bad.stderr
    assert cli("digest", "--date", "21/08/2024").exit_code == 2
