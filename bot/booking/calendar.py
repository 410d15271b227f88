"""The plain values availability is computed from: opening hours, rules, busy time.

Every instant here is an aware ``datetime`` in UTC; wall-clock values (opening hours,
closed dates) are local to the business's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class TimeRange:
    """One opening range of a day, local wall-clock time, ``start < end``."""

    start: time
    end: time


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When a business is open: weekly ranges (0 = Monday) and closed dates."""

    timezone: ZoneInfo
    weekly: Mapping[int, tuple[TimeRange, ...]]
    closed: frozenset[date] = frozenset()


@dataclass(frozen=True, slots=True)
class BookingRules:
    """How far ahead and how finely a business takes bookings."""

    min_notice: timedelta = timedelta(minutes=60)
    max_days_ahead: int = 60
    slot_step: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """What availability needs to know of a service."""

    id: str
    duration: timedelta
    staff: tuple[str, ...]
    buffer_after: timedelta = timedelta(0)
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Busy:
    """Time a staff member is taken by an active booking, buffer included.

    ``session_key`` is set for a seat in a group session: bookings sharing it may
    overlap each other (up to the service's capacity) but nothing else.
    """

    staff_id: str
    start: datetime
    end: datetime
    session_key: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    """A bookable start for one staff member; ``end`` excludes the buffer."""

    start: datetime
    staff_id: str
    end: datetime = field(compare=False)
    seats_left: int = field(default=1, compare=False)


def session_key(service_id: str, start: datetime) -> str:
    """The key shared by every seat of one group session."""
    return f"{service_id}@{start.astimezone(ZoneInfo('UTC')).strftime('%Y-%m-%dT%H:%MZ')}"
