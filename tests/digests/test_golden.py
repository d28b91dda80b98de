"""Every rendered output of the fixture day, compared byte for byte with the golden files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from digests.site import write_site
from pipeline.config import Settings
from tests.digests.conftest import GOLDEN
from tests.digests.fixtures import DAY, NOW


def test_site_matches_golden_files(sessions: sessionmaker[Session], seeded: dict[str, int], settings: Settings,
                                   tmp_path: Path, golden: Callable[[str, bytes], None],
                                   update_golden: bool) -> None:
    out = tmp_path / "site"
    with sessions() as session:
        write_site(session, DAY, settings, out=out, now=NOW)
    rendered = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    for name in rendered:
        golden(f"site/{name}", (out / name).read_bytes())
    if not update_golden:
        expected = sorted(p.relative_to(GOLDEN / "site").as_posix() for p in (GOLDEN / "site").rglob("*")
                          if p.is_file())
        assert rendered == expected
    assert "days/2024-08-21/email.html" in rendered and "states/TX.html" in rendered
