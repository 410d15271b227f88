"""Availability: free slots, DST, group seats, validation, alternatives."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.booking.availability import (
    check_bookable,
    days_with_slots,
    free_slots,
    nearest_alternatives,
)
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

VILNIUS = ZoneInfo("Europe/Vilnius")
BERLIN = ZoneInfo("Europe/Berlin")
M = timedelta(minutes=1)


def rng(a: str, b: str) -> TimeRange:
    return TimeRange(time.fromisoformat(a), time.fromisoformat(b))


def every_day(*ranges: TimeRange, tz: ZoneInfo = VILNIUS, closed=()) -> BusinessCalendar:
    return BusinessCalendar(
        timezone=tz, weekly={d: tuple(ranges) for d in range(7)}, closed=frozenset(closed)
    )


def local(tz: ZoneInfo, y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A wall time in ``tz`` (first occurrence) as UTC."""
    return datetime(y, mo, d, h, mi, tzinfo=tz).astimezone(UTC)


def walls(slots: list[Slot], tz: ZoneInfo) -> list[str]:
    return [s.start.astimezone(tz).strftime("%H:%M") for s in slots]


NO_NOTICE = BookingRules(min_notice=timedelta(0), max_days_ahead=365)


# ----------------------------------------------------------------------- basic shape


def test_single_range_grid_and_end_within_range():
    cal = every_day(rng("09:00", "11:00"))
    svc = ServiceSpec("cut", timedelta(minutes=45), ("ann",))
    now = local(VILNIUS, 2026, 5, 4, 6)
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, days=1)
    assert walls(slots, VILNIUS) == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"]
    assert all(s.start.tzinfo is UTC and s.end - s.start == 45 * M for s in slots)
    assert slots[0].start == datetime(2026, 5, 4, 6, 0, tzinfo=UTC)  # UTC+3 in summer


def test_several_ranges_no_slot_straddles_lunch():
    cal = every_day(rng("09:00", "13:00"), rng("14:00", "19:00"))
    svc = ServiceSpec("cut", timedelta(minutes=60), ("ann",))
    now = local(VILNIUS, 2026, 5, 4, 6)
    got = walls(free_slots(cal, NO_NOTICE, svc, [], now=now, days=1), VILNIUS)
    assert "12:00" in got and "14:00" in got and "18:00" in got
    for straddling in ("12:15", "12:30", "12:45", "13:00", "13:30", "18:15"):
        assert straddling not in got
    assert len(got) == 13 + 17


def test_buffer_may_run_past_range_end():
    cal = every_day(rng("09:00", "10:00"))
    svc = ServiceSpec("trim", 30 * M, ("ann",), buffer_after=30 * M)
    now = local(VILNIUS, 2026, 5, 4, 6)
    assert walls(free_slots(cal, NO_NOTICE, svc, [], now=now, days=1), VILNIUS) == [
        "09:00",
        "09:15",
        "09:30",
    ]


def test_closed_dates_and_closed_weekdays():
    cal = BusinessCalendar(
        timezone=VILNIUS,
        weekly={0: (rng("09:00", "10:00"),), 1: (rng("09:00", "10:00"),), 2: ()},
        closed=frozenset({date(2026, 5, 5)}),
    )
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    now = local(VILNIUS, 2026, 5, 4, 6)  # Monday
    days = days_with_slots(cal, NO_NOTICE, svc, [], now=now, days=14)
    assert days == [date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 12)]


def test_min_notice_and_max_days_ahead():
    cal = every_day(rng("09:00", "12:00"))
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    rules = BookingRules(min_notice=timedelta(minutes=90), max_days_ahead=2)
    now = local(VILNIUS, 2026, 5, 4, 9, 10)
    slots = free_slots(cal, rules, svc, [], now=now, days=10)
    assert slots[0].start == local(VILNIUS, 2026, 5, 4, 10, 45)
    assert {s.start.astimezone(VILNIUS).date() for s in slots} == {
        date(2026, 5, 4),
        date(2026, 5, 5),
        date(2026, 5, 6),
    }


def test_zero_notice_never_offers_now_itself():
    cal = every_day(rng("09:00", "10:00"))
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    now = local(VILNIUS, 2026, 5, 4, 9)
    assert walls(free_slots(cal, NO_NOTICE, svc, [], now=now, days=1), VILNIUS) == [
        "09:15",
        "09:30",
    ]


def test_first_day_and_default_today_are_local():
    cal = every_day(rng("09:00", "10:00"))
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    now = datetime(2026, 5, 4, 22, 30, tzinfo=UTC)  # already 01:30 on 5 May in Vilnius
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, days=1)
    assert {s.start.astimezone(VILNIUS).date() for s in slots} == {date(2026, 5, 5)}
    later = free_slots(cal, NO_NOTICE, svc, [], now=now, first_day=date(2026, 5, 8), days=2)
    assert days_with_slots(cal, NO_NOTICE, svc, [], now=now, first_day=date(2026, 5, 8), days=2)
    assert {s.start.astimezone(VILNIUS).date() for s in later} == {
        date(2026, 5, 8),
        date(2026, 5, 9),
    }


# ----------------------------------------------------------------------- busy time


def _day_walls(cal, svc, busy, staff_id=None):
    now = local(VILNIUS, 2026, 5, 4, 6)
    return walls(free_slots(cal, NO_NOTICE, svc, busy, now=now, days=1, staff_id=staff_id), VILNIUS)


def test_buffer_blocks_following_time():
    """A 20-min beard trim with a 10-min buffer keeps the barber for 30 minutes."""
    cal = every_day(rng("09:00", "12:00"))
    trim = ServiceSpec("beard", 20 * M, ("ann",), buffer_after=10 * M)
    cal_step5 = BookingRules(min_notice=timedelta(0), max_days_ahead=365, slot_step=5 * M)
    busy = [Busy("ann", local(VILNIUS, 2026, 5, 4, 10), local(VILNIUS, 2026, 5, 4, 10, 30))]
    now = local(VILNIUS, 2026, 5, 4, 6)
    got = walls(free_slots(cal, cal_step5, trim, busy, now=now, days=1), VILNIUS)
    # a slot at 09:35 keeps ann until 10:05: blocked; 09:30 ends its buffer at 10:00
    assert "09:30" in got and "09:35" not in got and "09:55" not in got
    assert "10:25" not in got and "10:30" in got


def test_half_open_intervals():
    cal = every_day(rng("09:00", "12:00"))
    svc = ServiceSpec("cut", 60 * M, ("ann",))
    busy = [Busy("ann", local(VILNIUS, 2026, 5, 4, 10), local(VILNIUS, 2026, 5, 4, 11))]
    got = _day_walls(cal, svc, busy)
    assert got == ["09:00", "11:00"]


def test_long_busy_blocks_everything_inside_it():
    cal = every_day(rng("09:00", "12:00"))
    svc = ServiceSpec("cut", 15 * M, ("ann",))
    busy = [
        Busy("ann", local(VILNIUS, 2026, 5, 4, 6), local(VILNIUS, 2026, 5, 4, 11, 30)),
        Busy("ann", local(VILNIUS, 2026, 5, 4, 9), local(VILNIUS, 2026, 5, 4, 9, 15)),
    ]
    assert _day_walls(cal, svc, busy) == ["11:30", "11:45"]


def test_staff_filter_and_order():
    cal = every_day(rng("09:00", "10:00"))
    svc = ServiceSpec("cut", 60 * M, ("zed", "ann"))
    busy = [Busy("ann", local(VILNIUS, 2026, 5, 4, 9), local(VILNIUS, 2026, 5, 4, 9, 30))]
    now = local(VILNIUS, 2026, 5, 4, 6)
    both = free_slots(cal, NO_NOTICE, svc, [], now=now, days=1)
    assert [s.staff_id for s in both] == ["zed", "ann"]  # service order, not alphabetical
    assert free_slots(cal, NO_NOTICE, svc, busy, now=now, days=1) == [both[0]]
    assert free_slots(cal, NO_NOTICE, svc, busy, now=now, days=1, staff_id="ann") == []
    assert [
        s.staff_id for s in free_slots(cal, NO_NOTICE, svc, [], now=now, days=1, staff_id="ann")
    ] == ["ann"]
    assert free_slots(cal, NO_NOTICE, svc, [], now=now, days=1, staff_id="bob") == []


def test_other_staff_busy_does_not_block():
    cal = every_day(rng("09:00", "10:00"))
    svc = ServiceSpec("cut", 60 * M, ("ann",))
    busy = [Busy("bob", local(VILNIUS, 2026, 5, 4, 9), local(VILNIUS, 2026, 5, 4, 10))]
    assert _day_walls(cal, svc, busy) == ["09:00"]


# ----------------------------------------------------------------------- group seats

YOGA = ServiceSpec("yoga", 60 * M, ("ann",), capacity=12)
YOGA_CAL = every_day(rng("18:00", "19:00"))


def _seats(n: int, key_service: str = "yoga") -> list[Busy]:
    start = local(VILNIUS, 2026, 5, 4, 18)
    return [
        Busy("ann", start, start + 60 * M, session_key=session_key(key_service, start))
        for _ in range(n)
    ]


def _yoga(busy):
    return free_slots(YOGA_CAL, NO_NOTICE, YOGA, busy, now=local(VILNIUS, 2026, 5, 4, 6), days=1)


def test_group_seats_left():
    assert [s.seats_left for s in _yoga([])] == [12]
    assert [s.seats_left for s in _yoga(_seats(11))] == [1]
    assert _yoga(_seats(12)) == []


def test_group_other_service_blocks_class():
    other = _seats(1, key_service="pilates")
    assert _yoga(other) == []
    plain = [Busy("ann", local(VILNIUS, 2026, 5, 4, 18, 30), local(VILNIUS, 2026, 5, 4, 19))]
    assert _yoga(plain) == []


def test_group_session_at_other_start_blocks():
    cal = every_day(rng("17:00", "20:00"))
    start = local(VILNIUS, 2026, 5, 4, 18)
    busy = [Busy("ann", start, start + 60 * M, session_key=session_key("yoga", start))]
    slots = free_slots(cal, NO_NOTICE, YOGA, busy, now=local(VILNIUS, 2026, 5, 4, 6), days=1)
    got = {s.start.astimezone(VILNIUS).strftime("%H:%M"): s.seats_left for s in slots}
    assert got == {"17:00": 12, "18:00": 11, "19:00": 12}


def test_capacity_one_ignores_session_keys():
    svc = ServiceSpec("yoga", 60 * M, ("ann",))
    assert (
        free_slots(YOGA_CAL, NO_NOTICE, svc, _seats(1), now=local(VILNIUS, 2026, 5, 4, 6), days=1)
        == []
    )


# ----------------------------------------------------------------------- DST

ALL_NIGHT = rng("00:00", "23:59")


@pytest.mark.parametrize(
    ("tz", "gap"),
    [
        (VILNIUS, ("03:00", "03:15", "03:30", "03:45")),
        (BERLIN, ("02:00", "02:15", "02:30", "02:45")),
    ],
)
def test_spring_forward_skips_nonexistent_times(tz, gap):
    cal = every_day(ALL_NIGHT, tz=tz)
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, first_day=date(2026, 3, 29), days=1)
    got = walls(slots, tz)
    for wall in gap:
        assert wall not in got
    assert len(got) == len(set(got))
    assert len(got) == 24 * 4 - 4 - 2  # 23:30 and 23:45 do not fit before 23:59
    # real elapsed time: the hour before the gap is one hour long in UTC
    before = {w: s for w, s in zip(got, slots, strict=True)}
    last_before, first_after = ("02:45", "04:00") if tz is VILNIUS else ("01:45", "03:00")
    assert before[first_after].start - before[last_before].start == 15 * M
    assert all(s.end - s.start == 30 * M for s in slots)


@pytest.mark.parametrize("tz", [VILNIUS, BERLIN])
def test_spring_forward_off_hour_step_keeps_wall_grid(tz):
    """With a 45-min step a nonexistent grid time must not turn into an off-grid one."""
    cal = every_day(ALL_NIGHT, tz=tz)
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    rules = BookingRules(min_notice=timedelta(0), max_days_ahead=365, slot_step=45 * M)
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)
    slots = free_slots(cal, rules, svc, [], now=now, first_day=date(2026, 3, 29), days=1)
    got = walls(slots, tz)
    grid = [f"{m // 60:02d}:{m % 60:02d}" for m in range(0, 24 * 60 - 30, 45)]
    gap_hour = "03:" if tz is VILNIUS else "02:"
    assert got == [w for w in grid if not w.startswith(gap_hour)]


@pytest.mark.parametrize(("tz", "repeated_hour"), [(VILNIUS, 3), (BERLIN, 2)])
def test_autumn_back_offers_each_wall_time_once(tz, repeated_hour):
    cal = every_day(ALL_NIGHT, tz=tz)
    svc = ServiceSpec("cut", 60 * M, ("ann",))
    now = datetime(2026, 10, 24, 12, tzinfo=UTC)
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, first_day=date(2026, 10, 25), days=1)
    got = walls(slots, tz)
    assert len(got) == len(set(got)) == 23 * 4  # 00:00 .. 22:45, each once
    assert got[0] == "00:00" and got[-1] == "22:45"
    starts = [s.start for s in slots]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for m in (0, 15, 30, 45):
        wall = f"{repeated_hour:02d}:{m:02d}"
        assert got.count(wall) == 1
    # every slot ends one real hour later
    assert all(s.end - s.start == timedelta(hours=1) for s in slots)


def test_autumn_berlin_0230_ends_one_utc_hour_later():
    cal = every_day(rng("01:00", "05:00"), tz=BERLIN)
    svc = ServiceSpec("cut", 60 * M, ("ann",))
    now = datetime(2026, 10, 24, 12, tzinfo=UTC)
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, first_day=date(2026, 10, 25), days=1)
    by_wall = {w: s for w, s in zip(walls(slots, BERLIN), slots, strict=True)}
    s = by_wall["02:30"]
    assert s.start == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # first 02:30, CEST
    assert s.end == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert s.end.astimezone(BERLIN).strftime("%H:%M %Z") == "02:30 CET"
    # the range ends at 05:00 CET = 04:00 UTC: the last 60-min start is 04:00 local
    assert walls(slots, BERLIN)[-1] == "04:00"
    assert slots[-1].end == datetime(2026, 10, 25, 4, 0, tzinfo=UTC)


def test_spring_berlin_range_over_gap_uses_real_time():
    cal = every_day(rng("01:00", "05:00"), tz=BERLIN)
    svc = ServiceSpec("cut", 60 * M, ("ann",))
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, first_day=date(2026, 3, 29), days=1)
    got = walls(slots, BERLIN)
    # 01:00 CET .. 05:00 CEST is 3 real hours: last 60-min start is 04:00
    assert got[0] == "01:00" and got[-1] == "04:00"
    assert not any(w.startswith("02:") for w in got)
    by_wall = dict(zip(got, slots, strict=True))
    assert by_wall["01:30"].end.astimezone(BERLIN).strftime("%H:%M") == "03:30"


@pytest.mark.parametrize("tz", [VILNIUS, BERLIN])
@pytest.mark.parametrize("change_day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_normal_hours_start_at_nine_local_around_change(tz, change_day):
    cal = every_day(rng("09:00", "18:00"), tz=tz)
    svc = ServiceSpec("cut", 30 * M, ("ann",))
    first = change_day - timedelta(days=1)
    now = datetime.combine(first, time(0), tzinfo=UTC) - timedelta(days=1)
    days = days_with_slots(cal, NO_NOTICE, svc, [], now=now, first_day=first, days=3)
    assert days == [first, change_day, change_day + timedelta(days=1)]
    slots = free_slots(cal, NO_NOTICE, svc, [], now=now, first_day=first, days=3)
    per_day: dict[date, list[Slot]] = {}
    for s in slots:
        per_day.setdefault(s.start.astimezone(tz).date(), []).append(s)
    offsets = set()
    for day_slots in per_day.values():
        assert walls(day_slots, tz)[0] == "09:00"
        assert walls(day_slots, tz)[-1] == "17:30"
        assert len(day_slots) == 35
        offsets.add(day_slots[0].start.astimezone(tz).utcoffset())
    assert len(offsets) == 2  # the UTC hour of 09:00 really changed


# ----------------------------------------------------------------------- check_bookable

CB_CAL = BusinessCalendar(
    timezone=BERLIN,
    weekly={d: (rng("09:00", "13:00"), rng("14:00", "18:00")) for d in range(6)},
    closed=frozenset({date(2026, 5, 6)}),
)
CB_RULES = BookingRules(min_notice=timedelta(minutes=60), max_days_ahead=10)
CB_SVC = ServiceSpec("cut", 60 * M, ("ann",))
CB_NOW = local(BERLIN, 2026, 5, 4, 10)  # Monday


@pytest.mark.parametrize(
    ("start", "error"),
    [
        (local(BERLIN, 2026, 5, 4, 10), PastTime),
        (local(BERLIN, 2026, 5, 4, 9), PastTime),
        (local(BERLIN, 2026, 5, 4, 10, 45), TooSoon),
        (local(BERLIN, 2026, 5, 15, 9), TooFarAhead),
        (local(BERLIN, 2026, 5, 6, 9), ClosedDay),
        (local(BERLIN, 2026, 5, 10, 9), ClosedDay),  # Sunday: no ranges
        (local(BERLIN, 2026, 5, 5, 8), OutsideHours),
        (local(BERLIN, 2026, 5, 5, 12, 30), OutsideHours),  # straddles lunch
        (local(BERLIN, 2026, 5, 5, 17, 15), OutsideHours),
        (local(BERLIN, 2026, 5, 5, 9, 10), NotOnGrid),
        (local(BERLIN, 2026, 5, 5, 14, 5), NotOnGrid),
    ],
)
def test_check_bookable_errors(start, error):
    with pytest.raises(error) as info:
        check_bookable(CB_CAL, CB_RULES, CB_SVC, start, now=CB_NOW)
    assert type(info.value) is error


def test_check_bookable_params_and_ok():
    with pytest.raises(TooSoon) as soon:
        check_bookable(CB_CAL, CB_RULES, CB_SVC, CB_NOW + 30 * M, now=CB_NOW)
    assert soon.value.params == {"minutes": 60}
    with pytest.raises(TooFarAhead) as far:
        check_bookable(CB_CAL, CB_RULES, CB_SVC, CB_NOW + timedelta(days=30), now=CB_NOW)
    assert far.value.params == {"days": 10}
    for ok in (
        local(BERLIN, 2026, 5, 5, 9),
        local(BERLIN, 2026, 5, 5, 12),
        local(BERLIN, 2026, 5, 14, 17),
        datetime(2026, 5, 5, 14, 15, tzinfo=BERLIN),
    ):
        assert check_bookable(CB_CAL, CB_RULES, CB_SVC, ok, now=CB_NOW) is None


def test_check_bookable_dst():
    cal = every_day(ALL_NIGHT, tz=BERLIN)
    now = datetime(2026, 3, 20, tzinfo=UTC)
    rules = BookingRules(min_notice=timedelta(0), max_days_ahead=365)
    with pytest.raises(OutsideHours):  # 02:30 does not exist that night
        check_bookable(cal, rules, CB_SVC, datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN), now=now)
    check_bookable(cal, rules, CB_SVC, datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN), now=now)
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    check_bookable(cal, rules, CB_SVC, first, now=now)
    with pytest.raises(NotOnGrid):  # the repeated 02:30 is not offered
        check_bookable(cal, rules, CB_SVC, first.replace(fold=1), now=now)


def test_check_bookable_agrees_with_free_slots():
    now = CB_NOW
    offered = {s.start for s in free_slots(CB_CAL, CB_RULES, CB_SVC, [], now=now, days=12)}
    t = now
    while t < now + timedelta(days=12):
        try:
            check_bookable(CB_CAL, CB_RULES, CB_SVC, t, now=now)
            ok = True
        except (PastTime, TooSoon, TooFarAhead, ClosedDay, OutsideHours, NotOnGrid):
            ok = False
        assert ok == (t in offered), t
        t += 5 * M


# ----------------------------------------------------------------------- alternatives


def _slot(day: int, h: int, mi: int, staff: str) -> Slot:
    start = local(VILNIUS, 2026, 5, day, h, mi)
    return Slot(start=start, staff_id=staff, end=start + 30 * M)


def test_nearest_alternatives_order():
    slots = [
        _slot(3, 10, 0, "ann"),  # previous day: never
        _slot(4, 9, 0, "ann"),
        _slot(4, 9, 0, "bob"),
        _slot(4, 11, 0, "bob"),
        _slot(4, 12, 0, "ann"),  # wanted itself
        _slot(4, 12, 0, "bob"),
        _slot(4, 12, 30, "bob"),
        _slot(4, 13, 30, "ann"),
        _slot(4, 16, 0, "ann"),
        _slot(5, 9, 0, "bob"),
        _slot(5, 8, 0, "ann"),
    ]
    wanted = local(VILNIUS, 2026, 5, 4, 12)
    got = nearest_alternatives(slots, wanted, "ann", VILNIUS, limit=20)
    assert got == [
        _slot(4, 13, 30, "ann"),
        _slot(4, 9, 0, "ann"),
        _slot(4, 16, 0, "ann"),
        _slot(4, 12, 0, "bob"),
        _slot(4, 12, 30, "bob"),
        _slot(4, 11, 0, "bob"),
        _slot(4, 9, 0, "bob"),
        _slot(5, 8, 0, "ann"),
        _slot(5, 9, 0, "bob"),
    ]
    assert nearest_alternatives(slots, wanted, "ann", VILNIUS) == got[:5]
    assert nearest_alternatives(slots, wanted, "ann", VILNIUS, limit=0) == []


def test_nearest_alternatives_no_duplicates_and_any_staff():
    s = _slot(4, 10, 0, "ann")
    got = nearest_alternatives(
        [s, s, _slot(4, 11, 0, "bob")], local(VILNIUS, 2026, 5, 4, 10, 45), None, VILNIUS
    )
    assert got == [_slot(4, 11, 0, "bob"), s]
    # the local day decides "same day", not the UTC date (00:30 local is 21:30 UTC before)
    late = _slot(5, 0, 30, "ann")
    early = _slot(4, 23, 0, "ann")
    got = nearest_alternatives([late, early], local(VILNIUS, 2026, 5, 5, 1), "ann", VILNIUS)
    assert got == [late]


# ----------------------------------------------------------------------- properties

ZONES = [ZoneInfo(z) for z in ("UTC", "Europe/Vilnius", "Europe/Berlin", "America/New_York")]
STAFF = ("ann", "bob", "cid")
BASE = datetime(2026, 1, 1, tzinfo=UTC)
DST_NIGHTS = [date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1)]


@st.composite
def day_ranges(draw) -> tuple[TimeRange, ...]:
    """0-3 ordered, non-overlapping ranges on a 15-minute grid."""
    marks = sorted(draw(st.sets(st.integers(0, 95), max_size=6)))
    if len(marks) % 2:
        marks = marks[:-1]
    return tuple(
        TimeRange(time(a // 4, a % 4 * 15), time(b // 4, b % 4 * 15))
        for a, b in zip(marks[::2], marks[1::2], strict=True)
    )


@st.composite
def scenarios(draw):
    tz = draw(st.sampled_from(ZONES))
    weekly = {d: draw(day_ranges()) for d in range(7)}
    now = draw(
        st.one_of(
            st.integers(0, 365 * 24 * 60).map(lambda m: BASE + timedelta(minutes=m)),
            # a few days before a DST change night in the drawn zones
            st.tuples(st.sampled_from(DST_NIGHTS), st.integers(-4 * 24 * 60, 24 * 60)).map(
                lambda t: datetime.combine(t[0], time(0), tzinfo=UTC) + timedelta(minutes=t[1])
            ),
        )
    )
    today = now.astimezone(tz).date()
    closed = frozenset(today + timedelta(days=d) for d in draw(st.sets(st.integers(0, 9))))
    cal = BusinessCalendar(timezone=tz, weekly=weekly, closed=closed)
    rules = BookingRules(
        min_notice=timedelta(minutes=draw(st.sampled_from([0, 30, 60, 240, 1440]))),
        max_days_ahead=draw(st.integers(0, 10)),
        slot_step=timedelta(minutes=draw(st.sampled_from([5, 10, 15, 20, 30, 45, 60]))),
    )
    capacity = draw(st.sampled_from([1, 1, 3]))
    svc = ServiceSpec(
        "svc",
        timedelta(minutes=draw(st.sampled_from([10, 20, 30, 45, 60, 90]))),
        STAFF[: draw(st.integers(1, 3))],
        buffer_after=timedelta(minutes=draw(st.sampled_from([0, 0, 5, 10, 30]))),
        capacity=capacity,
    )
    busy = []
    for _ in range(draw(st.integers(0, 40))):
        start = now + timedelta(minutes=5 * draw(st.integers(-100, 12 * 24 * 12)))
        length = timedelta(minutes=5 * draw(st.integers(1, 48)))
        key = draw(st.sampled_from([None, None, "other", "own"]))
        if key == "other":
            key = session_key("elsewhere", start)
        elif key == "own":
            length = svc.duration + svc.buffer_after
            key = session_key(svc.id, start)
        busy.append(Busy(draw(st.sampled_from(STAFF)), start, start + length, key))
    first_offset = draw(st.integers(-1, 3))
    return (
        cal,
        rules,
        svc,
        busy,
        now,
        today + timedelta(days=first_offset),
        draw(st.integers(0, 12)),
    )


def _overlaps(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def _fits_a_range(cal: BusinessCalendar, slot: Slot, step: timedelta) -> bool:
    tz = cal.timezone
    wall = slot.start.astimezone(tz)
    day = wall.date()
    for r in cal.weekly.get(day.weekday(), ()):
        lo = datetime.combine(day, r.start, tzinfo=tz)
        hi = datetime.combine(day, r.end, tzinfo=tz).astimezone(UTC)
        naive_offset = wall.replace(tzinfo=None) - lo.replace(tzinfo=None)
        # An opening time inside the spring-forward gap opens at the jump: the
        # wall-clock comparison above is then the whole rule.
        lo_exists = lo.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == lo.replace(
            tzinfo=None
        )
        if (
            wall.fold == 0
            and r.start <= wall.time() < r.end
            and naive_offset % step == timedelta(0)
            and (slot.start >= lo.astimezone(UTC) or not lo_exists)
            and slot.end <= hi
        ):
            return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_property_offered_slots_obey_every_rule(scenario):
    cal, rules, svc, busy, now, first_day, days = scenario
    tz = cal.timezone
    slots = free_slots(cal, rules, svc, busy, now=now, first_day=first_day, days=days)
    today = now.astimezone(tz).date()
    keys = [(s.start, s.staff_id) for s in slots]
    assert len(set(keys)) == len(keys)
    order = {s: i for i, s in enumerate(svc.staff)}
    assert [(s.start, order[s.staff_id]) for s in slots] == sorted(
        (s.start, order[s.staff_id]) for s in slots
    )
    for slot in slots:
        local_day = slot.start.astimezone(tz).date()
        assert slot.start.tzinfo is UTC
        assert slot.end - slot.start == svc.duration
        assert slot.staff_id in svc.staff
        assert local_day not in cal.closed
        assert first_day <= local_day < first_day + timedelta(days=days)
        assert local_day <= today + timedelta(days=rules.max_days_ahead)
        assert slot.start >= now + rules.min_notice
        assert slot.start > now
        assert _fits_a_range(cal, slot, rules.slot_step)
        own = session_key(svc.id, slot.start) if svc.capacity > 1 else None
        taken = 0
        for b in busy:
            if b.staff_id != slot.staff_id:
                continue
            if own is not None and b.session_key == own:
                taken += 1
                continue
            assert not _overlaps(slot.start, slot.end + svc.buffer_after, b.start, b.end)
        assert slot.seats_left == svc.capacity - taken
        assert 1 <= slot.seats_left <= svc.capacity
        check_bookable(cal, rules, svc, slot.start, now=now)
    assert days_with_slots(cal, rules, svc, busy, now=now, first_day=first_day, days=days) == (
        sorted({s.start.astimezone(tz).date() for s in slots})
    )


def _reference(cal, rules, svc, busy, now, first_day, days) -> list[Slot]:
    """A slow, obvious implementation (zones without DST only)."""
    tz = cal.timezone
    today = now.astimezone(tz).date()
    out = []
    for d in range(days):
        day = first_day + timedelta(days=d)
        if day in cal.closed or day > today + timedelta(days=rules.max_days_ahead):
            continue
        starts = set()
        for r in cal.weekly.get(day.weekday(), ()):
            t = datetime.combine(day, r.start, tzinfo=tz)
            end = datetime.combine(day, r.end, tzinfo=tz)
            while t + svc.duration <= end:
                starts.add(t.astimezone(UTC))
                t += rules.slot_step
        for start in sorted(starts):
            if start < now + rules.min_notice or start <= now:
                continue
            for staff in svc.staff:
                own = session_key(svc.id, start) if svc.capacity > 1 else None
                mine = [b for b in busy if b.staff_id == staff]
                if any(
                    _overlaps(start, start + svc.duration + svc.buffer_after, b.start, b.end)
                    for b in mine
                    if own is None or b.session_key != own
                ):
                    continue
                seats = svc.capacity - sum(1 for b in mine if own and b.session_key == own)
                if seats > 0:
                    out.append(Slot(start, staff, start + svc.duration, seats))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.sampled_from([ZoneInfo("UTC"), ZoneInfo("Asia/Tokyo")]))
def test_property_matches_reference_without_dst(scenario, tz):
    cal, rules, svc, busy, now, first_day, days = scenario
    cal = BusinessCalendar(timezone=tz, weekly=cal.weekly, closed=cal.closed)
    got = free_slots(cal, rules, svc, busy, now=now, first_day=first_day, days=days)
    want = _reference(cal, rules, svc, busy, now, first_day, days)
    assert [(s.start, s.staff_id, s.end, s.seats_left) for s in got] == [
        (s.start, s.staff_id, s.end, s.seats_left) for s in want
    ]


@settings(max_examples=100, deadline=None)
@given(
    scenarios(),
    st.integers(0, 10**6),
    st.sampled_from([None, "ann", "bob"]),
    st.integers(1, 6),
)
def test_property_nearest_alternatives(scenario, pick, wanted_staff, limit):
    cal, rules, svc, busy, now, first_day, days = scenario
    tz = cal.timezone
    slots = free_slots(cal, rules, svc, busy, now=now, first_day=first_day, days=days)
    wanted = slots[pick % len(slots)].start if slots else now
    got = nearest_alternatives(slots, wanted, wanted_staff, tz, limit)
    assert len(got) <= limit
    assert len({(s.start, s.staff_id) for s in got}) == len(got)
    assert all(s in slots for s in got)
    assert not any(s.start == wanted and s.staff_id == wanted_staff for s in got)
    wanted_day = wanted.astimezone(tz).date()
    ranks = []
    for s in got:
        day = s.start.astimezone(tz).date()
        assert day >= wanted_day
        same = day == wanted_day
        ranks.append(0 if same and s.staff_id == wanted_staff else 1 if same else 2)
    assert ranks == sorted(ranks)
