"""Benchmark of ``free_slots``: 10 staff, 2,000 busy entries, 14 days.

Run from anywhere: ``python benchmarks/availability.py [calls]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import random
import statistics
import time as clock
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.booking.availability import free_slots
from bot.booking.calendar import (
    BookingRules,
    BusinessCalendar,
    Busy,
    ServiceSpec,
    TimeRange,
)

TZ = ZoneInfo("Europe/Vilnius")
NOW = datetime(2026, 5, 4, 5, 0, tzinfo=UTC)  # Monday 08:00 local
STAFF = tuple(f"staff-{i}" for i in range(10))
DAYS = 14
BUSY_COUNT = 2_000


def build() -> tuple[BusinessCalendar, BookingRules, ServiceSpec, list[Busy]]:
    """The fixture: calendar, rules, a 30-minute service for all staff, random busy time."""
    hours = (TimeRange(time(9), time(18)),)
    calendar = BusinessCalendar(timezone=TZ, weekly={d: hours for d in range(6)})
    rules = BookingRules()
    service = ServiceSpec(id="cut", duration=timedelta(minutes=30), staff=STAFF)
    rng = random.Random(42)
    today = NOW.astimezone(TZ).date()
    busy = []
    for _ in range(BUSY_COUNT):
        day = today + timedelta(days=rng.randrange(DAYS))
        start_local = datetime.combine(day, time(9), tzinfo=TZ) + timedelta(
            minutes=15 * rng.randrange(34)
        )
        start = start_local.astimezone(UTC)
        end = start + timedelta(minutes=rng.choice((15, 30, 45, 60, 90)))
        busy.append(Busy(staff_id=rng.choice(STAFF), start=start, end=end))
    return calendar, rules, service, busy


def main(calls: int = 200) -> None:
    """Time ``calls`` calls of ``free_slots`` and print the figures."""
    calendar, rules, service, busy = build()
    slots = free_slots(calendar, rules, service, busy, now=NOW, days=DAYS)  # warm-up
    timings = []
    for _ in range(calls):
        t0 = clock.perf_counter()
        free_slots(calendar, rules, service, busy, now=NOW, days=DAYS)
        timings.append((clock.perf_counter() - t0) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))]
    print(f"free_slots: {calls} calls, {len(STAFF)} staff, {len(busy)} busy, {DAYS} days")
    print(f"slots per call: {len(slots)}")
    print(
        f"p50 {statistics.median(timings):.2f} ms  p99 {p99:.2f} ms  "
        f"mean {statistics.fmean(timings):.2f} ms  max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
