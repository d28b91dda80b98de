import json
from pathlib import Path


def test_commands_need_init_first(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sources", "list")
    assert result.exit_code == 1
    assert "strikewatch init" in result.stderr


def test_init_creates_then_upgrades_idempotently(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("init")
    assert first.exit_code == 0 and "created" in first.stdout and "default source list" in first.stdout
    second = cli("init")
    assert second.exit_code == 0 and "up to date" in second.stdout


def test_import_reports_broken_line_and_stores_rest(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-sources")
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps({"url": "https://ex.org/a", "title": "A", "text": "x"}) + "\n{oops\n"
        + json.dumps({"url": "https://ex.org/b", "title": "B", "text": "y"}) + "\n"
    )
    result = cli("import", str(f))
    assert result.exit_code == 1
    assert f"{f}:2: skipped" in result.stdout and "2 stored" in result.stdout
    again = cli("import", str(f))
    assert "0 stored, 2 already stored" in again.stdout


def test_sources_add_list_export_import_remove(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--no-sources")
    r = cli("sources", "add", "Georgia Daily", "--feed", "https://gd.example/feed", "--kind", "local", "--state", "ga")
    assert r.exit_code == 0, r.output
    listed = json.loads(cli("sources", "list", "--json").stdout)
    assert listed[0]["name"] == "Georgia Daily" and listed[0]["state"] == "GA"
    opml = tmp_path / "out.opml"
    assert cli("sources", "export-opml", "-o", str(opml)).exit_code == 0
    assert cli("sources", "remove", "Georgia Daily").exit_code == 0
    assert cli("sources", "import-opml", str(opml)).exit_code == 0
    assert json.loads(cli("sources", "list", "--json").stdout)[0]["feeds"][0]["url"] == "https://gd.example/feed"
    bad = cli("sources", "add", "X", "--feed", "https://x.example/f", "--kind", "tabloid")
    assert bad.exit_code == 2 and "kind must be one of" in bad.stderr


def test_bad_database_url_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    for url in ("nosuchdialect://x", "not a url"):
        result = cli("--db", url, "sources", "list")
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: not a usable database URL") and "Traceback" not in result.output
