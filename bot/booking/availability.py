"""Free time: which starts a service can be booked at, and whether a start is valid.

Pure functions over the values of :mod:`bot.booking.calendar`: no I/O, no clock.

Wall-clock rules (opening ranges, the step grid, closed dates, the booking horizon)
are applied in the business's time zone; every instant handed in or out is an aware
``datetime`` and every returned one is in UTC. Durations are real elapsed time.

Daylight saving time:

* a local start that does not exist (spring-forward gap) is never offered;
* a local start that happens twice (autumn fall-back) is offered once, at its first
  occurrence (``fold=0``);
* range bounds mean wall-clock times too: a bound in an autumn repeated hour is its
  first occurrence, a bound inside a spring gap is the moment the clocks jump.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.booking.calendar import (
    BookingRules,
    BusinessCalendar,
    Busy,
    ServiceSpec,
    Slot,
    TimeRange,
    session_key,
)
from bot.booking.errors import (
    ClosedDay,
    NotOnGrid,
    OutsideHours,
    PastTime,
    TooFarAhead,
    TooSoon,
)

_ONE_MINUTE = timedelta(minutes=1)
_ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- time zones


def _exists(local: datetime, tz: ZoneInfo) -> bool:
    """Whether the wall time ``local`` (``tzinfo=tz``, fold 0) happens in ``tz``."""
    back = local.astimezone(UTC).astimezone(tz)
    return back.replace(tzinfo=None, fold=0) == local.replace(tzinfo=None, fold=0)


def _wall_to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of the wall time ``local``: its first occurrence, or for a wall
    time inside a spring-forward gap, the moment the clocks jump (the first existing
    wall time after it)."""
    if _exists(local, tz):
        return local.astimezone(UTC)
    probe = local
    for _ in range(24 * 60):  # gaps are far shorter; the bound only guards the loop
        probe += _ONE_MINUTE
        if _exists(probe, tz):
            return probe.astimezone(UTC)
    return local.astimezone(UTC)  # pragma: no cover - no zone has a day-long gap


def _range_bounds(day: date, rng: TimeRange, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """A local opening range of ``day`` as a UTC ``[start, end)``."""
    start = _wall_to_utc(datetime.combine(day, rng.start, tzinfo=tz), tz)
    end = _wall_to_utc(datetime.combine(day, rng.end, tzinfo=tz), tz)
    return start, end


def _range_starts(
    day: date, rng: TimeRange, tz: ZoneInfo, step: timedelta, duration: timedelta
) -> Iterator[datetime]:
    """UTC starts on the grid of one local range whose ``duration`` ends in the range.

    Grid points are local wall times ``rng.start + k * step``; nonexistent ones are
    skipped, repeated ones are taken at their first occurrence.
    """
    local_start = datetime.combine(day, rng.start, tzinfo=tz)
    local_end = datetime.combine(day, rng.end, tzinfo=tz)
    start_ok = _exists(local_start, tz)
    end_ok = _exists(local_end, tz)
    if start_ok and end_ok and local_start.utcoffset() == local_end.utcoffset():
        # No offset change inside the range (the usual case): plain UTC arithmetic.
        utc = local_start.astimezone(UTC)
        last = local_end.astimezone(UTC) - duration
        while utc <= last:
            yield utc
            utc += step
        return
    # The clocks change inside the range: walk the wall clock, convert each point.
    end_utc = _wall_to_utc(local_end, tz)
    wall = local_start
    while wall < local_end:  # same tzinfo: compares wall times
        if _exists(wall, tz):
            utc = wall.astimezone(UTC)
            if utc + duration <= end_utc:
                yield utc
        wall += step  # wall-clock addition (same tzinfo)


def _day_starts(
    day: date, ranges: Iterable[TimeRange], tz: ZoneInfo, step: timedelta, duration: timedelta
) -> list[datetime]:
    """Sorted distinct UTC starts of one local day, over all its ranges."""
    starts: set[datetime] = set()
    for rng in ranges:
        starts.update(_range_starts(day, rng, tz, step, duration))
    return sorted(starts)


# --------------------------------------------------------------------------- busy time


class _StaffBusy:
    """One staff member's busy time, indexed for fast overlap queries.

    ``plain`` intervals always block. ``seats`` intervals are seats of this service's
    own group sessions: they block any candidate except the session they belong to,
    where they count taken seats instead.
    """

    __slots__ = ("plain_ends_max", "plain_starts", "seat_count", "seat_max_len", "seats")

    def __init__(self) -> None:
        self.plain_starts: list[datetime] = []
        self.plain_ends_max: list[datetime] = []
        self.seats: list[tuple[datetime, datetime, str]] = []
        self.seat_max_len = timedelta(0)
        self.seat_count: dict[str, int] = {}

    def build(self, plain: list[tuple[datetime, datetime]]) -> None:
        plain.sort()
        self.plain_starts = [s for s, _ in plain]
        ends_max: list[datetime] = []
        running: datetime | None = None
        for _, e in plain:
            running = e if running is None or e > running else running
            ends_max.append(running)
        self.plain_ends_max = ends_max
        self.seats.sort()
        for s, e, key in self.seats:
            self.seat_max_len = max(self.seat_max_len, e - s)
            self.seat_count[key] = self.seat_count.get(key, 0) + 1

    def blocked(self, start: datetime, end: datetime, own_key: str | None) -> bool:
        """Whether ``[start, end)`` overlaps busy time other than session ``own_key``."""
        i = bisect_left(self.plain_starts, end)
        if i and self.plain_ends_max[i - 1] > start:
            return True
        seats = self.seats
        if seats:
            lo = bisect_right(seats, (start - self.seat_max_len,))
            hi = bisect_left(seats, (end,))
            for j in range(lo, hi):
                _, e, key = seats[j]
                if e > start and key != own_key:
                    return True
        return False


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:
        raise ValueError("naive datetime: availability needs aware datetimes")
    return moment.astimezone(UTC)


def _index_busy(
    busy: Iterable[Busy], staff: Sequence[str], service: ServiceSpec
) -> dict[str, _StaffBusy]:
    group = service.capacity > 1
    own_prefix = f"{service.id}@"
    index = {s: _StaffBusy() for s in staff}
    plain: dict[str, list[tuple[datetime, datetime]]] = {s: [] for s in staff}
    for b in busy:
        entry = index.get(b.staff_id)
        if entry is None:
            continue
        start, end = _as_utc(b.start), _as_utc(b.end)
        if end <= start:
            continue  # empty: overlaps nothing
        key = b.session_key
        if group and key is not None and key.startswith(own_prefix):
            entry.seats.append((start, end, key))
        else:
            plain[b.staff_id].append((start, end))
    for s, entry in index.items():
        entry.build(plain[s])
    return index


# --------------------------------------------------------------------------- public API


def free_slots(
    calendar: BusinessCalendar,
    rules: BookingRules,
    service: ServiceSpec,
    busy: Iterable[Busy],
    *,
    now: datetime,
    first_day: date | None = None,
    days: int = 14,
    staff_id: str | None = None,
) -> list[Slot]:
    """Every bookable slot of ``service`` over ``days`` local days from ``first_day``.

    A start is a local wall time on the ``rules.slot_step`` grid of an opening range
    (counted from the range's start) whose ``service.duration`` ends within that range;
    it must be after ``now``, at least ``rules.min_notice`` after it, on a local date at most
    ``rules.max_days_ahead`` days after today; closed dates offer nothing. A staff
    member is free when ``[start, start + duration + buffer_after)`` overlaps none of
    their busy time (half-open intervals). For a group service (``capacity > 1``) the
    seats of the same session (same :func:`session_key`) do not block but use up
    seats; a full session is not offered.

    ``first_day`` defaults to today in the business's time zone. With ``staff_id``
    only that staff member is considered (none if they do not do the service).

    Returns slots in UTC, sorted by start and then by the order of ``service.staff``.
    """
    search = _Search.of(calendar, rules, service, busy, now, first_day, staff_id)
    if search is None:
        return []
    slots: list[Slot] = []
    for day in search.days(days):
        search.add_slots_on(day, slots)
    return slots


def days_with_slots(
    calendar: BusinessCalendar,
    rules: BookingRules,
    service: ServiceSpec,
    busy: Iterable[Busy],
    *,
    now: datetime,
    first_day: date | None = None,
    days: int = 14,
    staff_id: str | None = None,
) -> list[date]:
    """The local dates (ascending) with at least one slot :func:`free_slots` offers."""
    search = _Search.of(calendar, rules, service, busy, now, first_day, staff_id)
    if search is None:
        return []
    # One free slot is enough to show a day: stop looking at its first.
    found: list[Slot] = []
    return [day for day in search.days(days) if search.add_slots_on(day, found, first_only=True)]


@dataclass(frozen=True, slots=True)
class _Search:
    """What :func:`free_slots` needs, worked out once for every day it looks at."""

    calendar: BusinessCalendar
    service: ServiceSpec
    now: datetime
    earliest: datetime
    first_day: date
    last_day: date
    step: timedelta
    blocked_len: timedelta
    per_staff: list[tuple[str, _StaffBusy]]

    @classmethod
    def of(
        cls,
        calendar: BusinessCalendar,
        rules: BookingRules,
        service: ServiceSpec,
        busy: Iterable[Busy],
        now: datetime,
        first_day: date | None,
        staff_id: str | None,
    ) -> _Search | None:
        now = _as_utc(now)
        today = now.astimezone(calendar.timezone).date()
        if staff_id is None:
            staff: tuple[str, ...] = service.staff
        elif staff_id in service.staff:
            staff = (staff_id,)
        else:
            return None
        if not staff:
            return None
        if rules.slot_step <= timedelta(0):
            raise ValueError("rules.slot_step must be positive")
        index = _index_busy(busy, staff, service)
        return cls(
            calendar=calendar,
            service=service,
            now=now,
            earliest=now + rules.min_notice,
            first_day=first_day or today,
            last_day=today + timedelta(days=rules.max_days_ahead),
            step=rules.slot_step,
            blocked_len=service.duration + service.buffer_after,
            per_staff=[(s, index[s]) for s in staff],
        )

    def days(self, days: int) -> Iterator[date]:
        """The open local days among ``days`` from the first, up to the horizon."""
        for offset in range(days):
            day = self.first_day + timedelta(days=offset)
            if day > self.last_day:
                return
            if day not in self.calendar.closed and self.calendar.weekly.get(day.weekday()):
                yield day

    def add_slots_on(self, day: date, slots: list[Slot], *, first_only: bool = False) -> bool:
        """Append the day's free slots (by start, then by the order of the service's
        staff) to ``slots``; with ``first_only`` stop at the first. True if any."""
        append = slots.append
        found = False
        service = self.service
        capacity = service.capacity
        group = capacity > 1
        ranges = self.calendar.weekly[day.weekday()]
        tz = self.calendar.timezone
        for start in _day_starts(day, ranges, tz, self.step, service.duration):
            if start < self.earliest or start <= self.now:  # never now itself (PastTime)
                continue
            end = start + service.duration
            block_end = start + self.blocked_len
            key = session_key(service.id, start) if group else None
            for sid, sb in self.per_staff:
                if sb.blocked(start, block_end, key):
                    continue
                seats_left = capacity - sb.seat_count.get(key, 0) if key else 1
                if seats_left <= 0:
                    continue
                append(Slot(start=start, staff_id=sid, end=end, seats_left=seats_left))
                if first_only:
                    return True
                found = True
        return found


def check_bookable(
    calendar: BusinessCalendar,
    rules: BookingRules,
    service: ServiceSpec,
    start: datetime,
    *,
    now: datetime,
) -> None:
    """Raise the first reason ``start`` cannot be booked, ignoring busy time.

    Checks, in order: :class:`PastTime` (``start <= now``), :class:`TooSoon` (before
    ``now + min_notice``), :class:`TooFarAhead` (local date after today +
    ``max_days_ahead``), :class:`ClosedDay` (closed date, or no ranges that weekday),
    :class:`OutsideHours` (the service does not fit in one range, or ``start`` was
    given as a local time that does not exist), :class:`NotOnGrid` (not one of the
    starts :func:`free_slots` would offer, e.g. off the step grid or the second
    occurrence of a repeated autumn hour). Returns ``None`` when bookable.
    """
    tz = calendar.timezone
    if start.tzinfo is None:
        raise ValueError("naive datetime: availability needs aware datetimes")
    now = _as_utc(now)
    nonexistent = isinstance(start.tzinfo, ZoneInfo) and not _exists(start, start.tzinfo)
    start_utc = start.astimezone(UTC)

    if start_utc <= now:
        raise PastTime()
    if start_utc < now + rules.min_notice:
        raise TooSoon(minutes=int(rules.min_notice.total_seconds() // 60))
    local = start_utc.astimezone(tz)
    day = local.date()
    if day > now.astimezone(tz).date() + timedelta(days=rules.max_days_ahead):
        raise TooFarAhead(days=rules.max_days_ahead)
    ranges = calendar.weekly.get(day.weekday()) or ()
    if day in calendar.closed or not ranges:
        raise ClosedDay()
    if nonexistent:
        raise OutsideHours()
    end_utc = start_utc + service.duration
    fitting = []
    for rng in ranges:
        lo, hi = _range_bounds(day, rng, tz)
        if lo <= start_utc and end_utc <= hi:
            fitting.append(rng)
    if not fitting:
        raise OutsideHours()
    for rng in fitting:
        if start_utc in _range_starts(day, rng, tz, rules.slot_step, service.duration):
            return
    raise NotOnGrid()


def nearest_alternatives(
    slots: Sequence[Slot],
    wanted_start: datetime,
    wanted_staff: str | None,
    tz: ZoneInfo,
    limit: int = 5,
) -> list[Slot]:
    """Up to ``limit`` free slots nearest to a wanted start, most relevant first.

    First the slots of ``wanted_staff`` on the wanted local day (nearest in time
    first, earlier on a tie), then any staff's slots that day (same order), then the
    slots of the following local days (earliest first). A slot appears once, and the
    slot at ``wanted_start`` for ``wanted_staff`` itself is never suggested (with
    ``wanted_staff=None`` every staff member counts as wanted only for ordering, so
    no slot is excluded: any free one at that time is a valid alternative).
    """
    if limit <= 0:
        return []
    wanted = _as_utc(wanted_start)
    wanted_day = wanted.astimezone(tz).date()
    # The wanted local day as UTC bounds: comparing instants avoids a time-zone
    # conversion per slot (alternatives are searched among thousands of slots).
    day_start = datetime.combine(wanted_day, time(), tz).astimezone(UTC)
    day_end = datetime.combine(wanted_day + timedelta(days=1), time(), tz).astimezone(UTC)
    same_day: list[tuple[timedelta, datetime, int, Slot]] = []
    later: list[tuple[datetime, int, Slot]] = []
    for pos, slot in enumerate(slots):
        start = slot.start
        if start == wanted and slot.staff_id == wanted_staff:
            continue
        if day_start <= start < day_end:
            same_day.append((abs(start - wanted), start, pos, slot))
        elif start >= day_end:
            later.append((start, pos, slot))
    same_day.sort(key=lambda t: t[:3])
    nearest_later = heapq.nsmallest(limit, later, key=lambda t: t[:2])

    ordered: list[Slot] = []
    if wanted_staff is not None:
        ordered.extend(t[3] for t in same_day if t[3].staff_id == wanted_staff)
    ordered.extend(t[3] for t in same_day)
    ordered.extend(t[2] for t in nearest_later)

    result: list[Slot] = []
    seen: set[tuple[datetime, str]] = set()
    for slot in ordered:
        ident = (slot.start, slot.staff_id)
        if ident in seen:
            continue
        seen.add(ident)
        result.append(slot)
        if len(result) == limit:
            break
    return result
