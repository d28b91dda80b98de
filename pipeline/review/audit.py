"""The audit trail: every review action with who and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.models import AuditEvent


def record(session: Session, who: str, action: str, /, **detail: Any) -> AuditEvent:
    event = AuditEvent(who=who, action=action, detail=detail)
    session.add(event)
    return event


def recent(session: Session, limit: int = 50) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))
