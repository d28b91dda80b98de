"""Action reports: strikes, hunger strikes, boycotts... reported from inside and recorded by the media team.

They are the other half of blackout watch. A CSV import is checked whole before anything is stored: one bad
row and nothing is imported. The key (state, facility, day, kind) is unique, so re-importing adds nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.db import insert_or_skip
from pipeline.errors import InputError
from pipeline.models import ACTION_KINDS, ActionReport, utcnow
from pipeline.states import STATE_CODES

CSV_HEADER = ["state", "facility", "date", "kind", "note"]
MAX_FACILITY = 500
MAX_NOTE = 5000
MAX_ERRORS_SHOWN = 20


@dataclass(frozen=True)
class ActionIn:
    state: str
    day: date
    kind: str
    facility: str = ""
    note: str = ""


@dataclass(frozen=True)
class ImportResult:
    rows: int
    added: int

    @property
    def already(self) -> int:
        return self.rows - self.added


def check_action(state: str, day: str | date, kind: str, facility: str = "", note: str = "",
                 today: date | None = None) -> ActionIn:
    """A validated action report; raises ``InputError`` saying what is wrong."""
    code = state.strip().upper()
    if code not in STATE_CODES:
        raise InputError(f"state must be a postal code like SC, not {state!r}")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip())
        except ValueError as exc:
            raise InputError(f"date must be YYYY-MM-DD, not {day!r}") from exc
    today = today or utcnow().date()
    if day > today + timedelta(days=1):
        raise InputError(f"date {day} is in the future")
    kind_ = " ".join(kind.lower().split())
    if kind_ not in ACTION_KINDS:
        raise InputError(f"kind must be one of {', '.join(ACTION_KINDS)}, not {kind!r}")
    facility, note = " ".join(facility.split()), note.strip()
    if len(facility) > MAX_FACILITY or len(note) > MAX_NOTE:
        raise InputError(f"facility is capped at {MAX_FACILITY} characters and note at {MAX_NOTE}")
    return ActionIn(code, day, kind_, facility, note)


def read_actions_csv(text: str, today: date | None = None) -> list[ActionIn]:
    """Every row of a CSV (header ``state,facility,date,kind,note``), or ``InputError`` listing bad rows by line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != CSV_HEADER:
        raise InputError(f"line 1: the header must be exactly {','.join(CSV_HEADER)}, not {','.join(header or [])!r}")
    actions: list[ActionIn] = []
    errors: list[str] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            errors.append(f"line {start}: expected {len(CSV_HEADER)} fields, found {len(row)}")
            continue
        state, facility, day, kind, note = row
        try:
            actions.append(check_action(state, day, kind, facility, note, today))
        except InputError as exc:
            errors.append(f"line {start}: {exc}")
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        tail = f"\n... {more} more" if more else ""
        raise InputError("nothing imported; fix these rows:\n" + "\n".join(shown) + tail)
    return actions


def add_actions(session: Session, actions: list[ActionIn], who: str | None = None) -> ImportResult:
    """Store ``actions`` (in the caller's transaction); those already recorded are skipped and counted."""
    added = 0
    now = utcnow()
    for a in dict.fromkeys(actions):
        stmt = insert_or_skip(session, ActionReport, "state", "facility", "day", "kind").values(
            state=a.state, facility=a.facility, day=a.day, kind=a.kind, note=a.note, created_by=who, created_at=now)
        # RETURNING, not rowcount: psycopg reports -1 rows for INSERT … ON CONFLICT DO NOTHING
        added += session.execute(stmt.returning(ActionReport.id)).scalar() is not None
    return ImportResult(len(actions), added)


def list_actions(session: Session, since: date | None = None, until: date | None = None) -> list[ActionReport]:
    stmt = select(ActionReport)
    if since is not None:
        stmt = stmt.where(ActionReport.day >= since)
    if until is not None:
        stmt = stmt.where(ActionReport.day <= until)
    return list(session.scalars(stmt.order_by(ActionReport.day.desc(), ActionReport.state, ActionReport.id)))
