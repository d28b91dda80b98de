"""When an article appeared, for clustering and counting: its publication time, or its fetch time when it had none.

Articles stored without a date (``date_source == "fetched"``) and articles whose date lies in the future are
counted at their fetch time and marked, so outputs can say the day is a guess.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FUTURE_SLACK = timedelta(hours=2)

DATED = ""  # the article's own date
FETCHED = "fetched"  # no date found: the fetch time stands in
FUTURE = "future"  # a date in the future: the fetch time stands in


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def effective_time(
    published_at: datetime | None, fetched_at: datetime, date_source: str | None, now: datetime
) -> tuple[datetime, str]:
    """(time, mark): the time an article counts at, and why when it is not its own date."""
    fetched = _aware(fetched_at)
    if published_at is None or date_source == FETCHED:
        return (_aware(published_at) if published_at else fetched), FETCHED
    published = _aware(published_at)
    if published > now + FUTURE_SLACK:
        return fetched, FUTURE
    return published, DATED


def local_day(at: datetime, tz: ZoneInfo) -> date:
    """The calendar day of ``at`` in ``tz``."""
    return _aware(at).astimezone(tz).date()


def day_bounds(since: date, until: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants [start, end) covering the calendar days ``since``..``until`` in ``tz``."""
    start = datetime.combine(since, time.min, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return start, end


def today(tz: ZoneInfo, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(tz).date()
