"""``strikewatch tag`` and ``strikewatch eval`` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from pipeline.models import Article
from tests.support.cli import CliRunner

FIXTURES = Path(__file__).parent / "fixtures" / "passages.jsonl"


def test_eval_json_prints_one_object(cli: CliRunner, tmp_path: Path) -> None:
    lines = FIXTURES.read_text().splitlines()[:4]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n")
    result = cli("eval", str(small), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 4 and set(data) == {"n", "relevance", "states", "facilities"}
    assert set(data["states"]) == {"precision", "recall", "f1"}


def test_eval_text_lists_misses(cli: CliRunner, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({"id": "x1", "text": "Prisoners in Ohio began a hunger strike.", "relevant": False,
                                 "states": ["TX"], "facilities": []}) + "\n")
    result = cli("eval", str(wrong))
    assert result.exit_code == 0
    assert "x1:" in result.stdout and "missed states: TX" in result.stdout
    assert "false alarm states: OH" in result.stdout and "false alarm relevant" in result.stdout


def test_eval_bad_file_is_one_clear_error(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = cli("eval", str(bad))
    assert result.exit_code == 2 and "bad.jsonl:1" in result.stderr


def test_tag_command(cli: CliRunner, session: Session) -> None:
    session.add(Article(canonical_url="https://x.example/1", url="https://x.example/1", title="",
                        text="Prisoners at Attica Correctional Facility began a hunger strike."))
    session.commit()
    result = cli("tag", "--batch-size", "10")
    assert result.exit_code == 0, result.output
    assert "1 article(s) tagged, 1 relevant" in result.stdout
    assert "0 article(s) tagged" in cli("tag").stdout
    assert "1 article(s) tagged" in cli("tag", "--all", "--workers", "2").stdout
    assert cli("tag", "--workers", "0").exit_code == 2
