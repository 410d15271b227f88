"""Choosing a day and a time, as buttons: shared by booking and rescheduling."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.booking.calendar import Slot
from bot.dialogs.formatting import day_label, time_label
from bot.dialogs.messages import Button
from bot.dialogs.payloads import payload
from bot.dialogs.turn import Turn

DAYS_SHOWN = 7
DAYS_SEARCHED = 30
TIMES_PER_PAGE = 8


def encode_start(moment: datetime) -> str:
    """An instant as a short payload argument: UTC ``YYYYmmddHHMM``."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M")


def decode_start(text: str | None) -> datetime | None:
    if text is None or len(text) != 12 or not text.isdigit():
        return None
    try:
        return datetime.strptime(text, "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def decode_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


async def free_days(
    turn: Turn, business_id: str, service_id: str, after: date | None = None
) -> list[date]:
    """The next local days that have a free time, at most ``DAYS_SHOWN``.

    A short window first (it usually has enough days), the long one only if not."""
    first = after + timedelta(days=1) if after else None
    days: list[date] = []
    for window in (DAYS_SHOWN + 3, DAYS_SEARCHED):
        days = await turn.bookings.free_days(business_id, service_id, first_day=first, days=window)
        if len(days) >= DAYS_SHOWN:
            break
    return days[:DAYS_SHOWN]


async def free_starts(
    turn: Turn, business_id: str, service_id: str, day: date, ignore: int | None = None
) -> list[Slot]:
    """Free slots of a local day, one per start time (whoever the staff member)."""
    slots = await turn.bookings.free_slots(business_id, service_id, first_day=day, days=1)
    seen: set[datetime] = set()
    unique = []
    for slot in slots:
        if slot.start not in seen:
            seen.add(slot.start)
            unique.append(slot)
    return unique


def day_buttons(turn: Turn, days: list[date], *, more: bool) -> list[Button]:
    buttons = [Button(day_label(d, turn.language), payload("d", d.isoformat())) for d in days]
    if more and days:
        buttons.append(Button(turn._("Later days"), payload("dm", days[-1].isoformat())))
    return buttons


def time_buttons(turn: Turn, slots: list[Slot], page: int, tz_name: str) -> list[Button]:
    tz = ZoneInfo(tz_name)
    pages = max(1, -(-len(slots) // TIMES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = slots[page * TIMES_PER_PAGE : (page + 1) * TIMES_PER_PAGE]
    buttons = [
        Button(time_label(slot.start, tz, turn.language), payload("t", encode_start(slot.start)))
        for slot in shown
    ]
    if page > 0:
        buttons.append(Button(turn._("Earlier times"), payload("tp", page - 1)))
    if page < pages - 1:
        buttons.append(Button(turn._("Later times"), payload("tp", page + 1)))
    buttons.append(Button(turn._("Another day"), payload("days")))
    return buttons


def offer_times(turn: Turn, slots: list[Slot], day: date, question: str, tz_name: str) -> bool:
    """Ask for a time of ``day`` (``question`` has a ``{day}`` placeholder); False, after
    saying so, when the day has no free time left (the caller then asks for a day)."""
    turn.goto("time")
    label = day_label(day, turn.language)
    if not slots:
        turn.slots.pop("day", None)
        turn.say(turn._("There are no free times left on {day}.").format(day=label))
        return False
    turn.say(
        question.format(day=label),
        time_buttons(turn, slots, int(turn.slots.get("page", 0)), tz_name),
    )
    return True
