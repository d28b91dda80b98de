"""``strikewatch users``, ``serve`` (its refusal to go public without accounts) and ``export-labels``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import ConfigError
from pipeline.review.decisions import set_status
from pipeline.users import authenticate
from review.serving import check_bind, is_local
from tests.review.seed import DAY, seed_day
from tests.support.cli import CliRunner


def test_users_add_reads_the_password_from_stdin(cli: CliRunner, sessions: sessionmaker[Session]) -> None:
    result = cli("users", "add", "ana", stdin="a long enough password\n")
    assert result.exit_code == 0, result.output
    with sessions() as s:
        assert authenticate(s, "ana", "a long enough password") is not None
    again = cli("users", "add", "ana", stdin="a long enough password\n")
    assert again.exit_code == 2 and "exists already" in again.stderr
    weak = cli("users", "add", "ben", stdin="short\n")
    assert weak.exit_code == 2 and "at least 10 characters" in weak.stderr
    listed = cli("users", "list")
    assert "ana (since" in listed.stdout and "1 account(s)" in listed.stdout


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_serve_refuses_a_public_address_without_accounts(cli: CliRunner, sessions: sessionmaker[Session],
                                                         host: str) -> None:
    result = cli("serve", "--host", host, "--port", "0")
    message = " ".join(result.stderr.split())  # rich wraps long lines
    assert result.exit_code == 2
    assert f"refusing to serve the review app on {host}" in message
    assert "strikewatch users add NAME" in message


def test_local_addresses() -> None:
    assert all(is_local(h) for h in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"))
    assert not any(is_local(h) for h in ("0.0.0.0", "10.0.0.1", "example.org", "::"))
    assert check_bind("127.0.0.1", 0) is False
    assert check_bind("0.0.0.0", 1) is True
    assert check_bind("127.0.0.1", 1, require_login=True) is True
    for host, required in (("0.0.0.0", False), ("127.0.0.1", True)):
        with pytest.raises(ConfigError):
            check_bind(host, 0, required)


def test_export_labels_writes_the_eval_format(cli: CliRunner, sessions: sessionmaker[Session],
                                              tmp_path: Path) -> None:
    with sessions() as s, s.begin():
        seeded = seed_day(s)
        set_status(s, DAY, "story", seeded.stories["texas"], "approved", "ana")
    out = tmp_path / "labels.jsonl"
    result = cli("export-labels", str(out))
    assert result.exit_code == 0, result.output
    assert "1 labeled passage(s)" in result.stdout
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines == [{"text": lines[0]["text"], "title": "Texas inmates refuse meals", "relevant": True,
                      "states": ["TX"], "facilities": []}]
    assert lines[0]["text"].startswith("Texas inmates refuse meals.")
