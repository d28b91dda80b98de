from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import load_settings
from pipeline.db import make_engine
from pipeline.locking import run_lock


def test_run_reports_each_stage(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(stages, "STAGES", {"first": "tests.pipeline.commands.stagefns:ok",
                                           "second": "tests.pipeline.commands.stagefns:ok"})
    cli("init", "--no-sources")
    result = cli("run", "--skip-crawl", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("stage=")]
    assert [line.split()[0:2] for line in lines] == [["stage=first", "status=ok"], ["stage=second", "status=ok"]]
    assert "ran for 2026-11-20" in lines[0]


def test_failed_stage_stops_the_run(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(stages, "STAGES", {"boom": "tests.pipeline.commands.stagefns:boom",
                                           "never": "tests.pipeline.commands.stagefns:ok"})
    cli("init", "--no-sources")
    result = cli("run", "--skip-crawl")
    assert result.exit_code == 1
    assert "stage=boom status=failed" in result.stdout and "stage=never" not in result.stdout


def test_second_run_is_refused_while_one_holds_the_lock(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-sources")
    engine = make_engine(db_url)
    with run_lock(engine, Path(load_settings().data_dir)):
        result = cli("run", "--skip-crawl")
    engine.dispose()
    assert result.exit_code == 75
    assert "another strikewatch run is in progress" in result.stderr
