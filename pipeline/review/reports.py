"""Action reports recorded from the review app (the other half of blackout watch), through ``pipeline.actions``."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from pipeline.actions import add_actions, check_action
from pipeline.review.audit import record


def add_report(session: Session, state: str, day: str | date, kind: str, facility: str, note: str,
               who: str) -> bool:
    """Record one report; False when the same state, facility, day and kind was recorded already."""
    action = check_action(state, day, kind, facility, note)
    added = add_actions(session, [action], who).added > 0
    record(session, who, "action_report", state=action.state, facility=action.facility, day=action.day.isoformat(),
           kind=action.kind, added=added)
    return added
