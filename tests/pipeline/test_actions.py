"""Action reports: validation, whole-file CSV import, idempotence, and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pipeline.actions import add_actions, check_action, list_actions, read_actions_csv
from pipeline.errors import InputError
from pipeline.models import ActionReport
from tests.support.cli import CliRunner

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"
TODAY = date(2026, 11, 22)


def test_check_action_normalises() -> None:
    a = check_action(" sc ", "2026-11-20", "Hunger  Strike", "  Lee   Correctional ", " note ", TODAY)
    assert (a.state, a.day, a.kind, a.facility, a.note) == ("SC", date(2026, 11, 20), "hunger strike",
                                                             "Lee Correctional", "note")


@pytest.mark.parametrize(("state", "day", "kind", "message"), [
    ("XX", "2026-11-20", "boycott", "postal code"),
    ("SC", "20/11/2026", "boycott", "YYYY-MM-DD"),
    ("SC", "2026-12-25", "boycott", "future"),
    ("SC", "2026-11-20", "riot", "kind must be one of"),
])
def test_check_action_rejects(state: str, day: str, kind: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_action(state, day, kind, today=TODAY)


def test_csv_import_is_idempotent(session: Session) -> None:
    actions = read_actions_csv((FIXTURES / "actions.csv").read_text("utf-8"), TODAY)
    assert [(a.state, a.kind) for a in actions] == [("SC", "hunger strike"), ("AL", "work stoppage"),
                                                   ("AL", "boycott")]
    assert actions[0].note == "Call from a relative, confirmed by two families"
    assert add_actions(session, actions).added == 3
    again = add_actions(session, actions)
    assert (again.added, again.already) == (0, 3)
    assert [a.state for a in list_actions(session, since=date(2026, 11, 17))] == ["AL", "AL"]


def test_malformed_csv_reports_every_bad_line() -> None:
    with pytest.raises(InputError) as info:
        read_actions_csv((FIXTURES / "actions_bad.csv").read_text("utf-8"), TODAY)
    message = str(info.value)
    assert "nothing imported" in message
    for line in ("line 3: state", "line 4: date", "line 5: kind", "line 6: expected 5 fields"):
        assert line in message
    assert "line 2" not in message


def test_wrong_header_is_refused() -> None:
    with pytest.raises(InputError, match="line 1: the header"):
        read_actions_csv("state,date,kind\nSC,2026-11-20,boycott\n", TODAY)


def test_line_numbers_count_multiline_cells() -> None:
    text = 'state,facility,date,kind,note\nSC,,2026-11-20,boycott,"two\nlines"\nZZ,,2026-11-20,boycott,x\n'
    with pytest.raises(InputError, match="line 4: state"):
        read_actions_csv(text, TODAY)


def test_cli_import_is_all_or_nothing(cli: CliRunner, engine: Engine) -> None:
    bad = cli("actions", "import", str(FIXTURES / "actions_bad.csv"))
    assert bad.exit_code == 2
    assert "line 3" in bad.stderr
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ActionReport)) == 0  # the good line 2 was not stored
    good = cli("actions", "import", str(FIXTURES / "actions.csv"))
    assert good.exit_code == 0, good.output
    assert "3 added" in good.stdout
    assert "0 added, 3 already recorded" in cli("actions", "import", str(FIXTURES / "actions.csv")).stdout


def test_cli_add_and_list(cli: CliRunner, engine: Engine) -> None:
    added = cli("actions", "add", "--state", "SC", "--date", "2026-11-20", "--kind", "hunger strike",
                "--facility", "Lee Correctional", "--note", "from a call")
    assert added.exit_code == 0, added.output
    assert "recorded: SC 2026-11-20 hunger strike at Lee Correctional" in added.stdout
    again = cli("actions", "add", "--state", "SC", "--date", "2026-11-20", "--kind", "hunger strike",
                "--facility", "Lee Correctional")
    assert "already recorded" in again.stdout
    assert cli("actions", "add", "--state", "ZZ", "--date", "2026-11-20", "--kind", "other").exit_code == 2
    listed = cli("actions", "list", "--json")
    assert '"facility": "Lee Correctional"' in listed.stdout
    assert '"note": "from a call"' in listed.stdout
