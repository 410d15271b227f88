"""My bookings: the client's active bookings, each with change, cancel, running late."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.booking import errors
from bot.booking.service import BookingView
from bot.catalog.schema import name_in
from bot.dialogs.flows.base import Flow
from bot.dialogs.formatting import when_label
from bot.dialogs.messages import Button
from bot.dialogs.payloads import Payload, payload
from bot.dialogs.turn import Turn
from bot.nlu.interpreter import Parse


async def describe(turn: Turn, booking: BookingView) -> str:
    """'Men's haircut — Kirpykla Aušra, Tuesday, 24 November 2026, 10:00'."""
    directory = turn.engine.directory
    business = await directory.business(booking.business_id)
    tz = ZoneInfo(business.timezone) if business else ZoneInfo("UTC")
    what = booking.service_id or booking.room_id or ""
    if business is not None and booking.service_id is not None:
        service = await directory.service(business.id, booking.service_id)
        if service is not None:
            what = name_in(service.names, turn.language)
    where = business.name if business else booking.business_id
    return f"{what} — {where}, {when_label(booking.start, tz, turn.language)}"


async def owned_booking(turn: Turn, text: str | None) -> BookingView | None:
    """The client's own booking named in a payload, or None (another's is unknown too)."""
    if text is None or not text.isdigit() or len(text) > 12:
        return None
    try:
        return await turn.bookings.get(int(text), client_id=turn.client_id)
    except errors.UnknownBooking:
        return None


def keep_as_it_is(turn: Turn) -> None:
    """The client changed their mind about changing a booking."""
    turn.end_flow()
    turn.say(
        turn._("Good, your booking stays as it is."),
        [
            Button(turn._("My bookings"), payload("bookings")),
            Button(turn._("Book"), payload("book")),
        ],
    )


async def active_bookings(turn: Turn) -> list[BookingView]:
    """The client's upcoming bookings (held slots of an unfinished booking left out)."""
    return [b for b in await turn.bookings.client_bookings(turn.client_id) if b.status != "held"]


async def list_bookings(turn: Turn, purpose: str = "") -> None:
    """List the client's bookings; each button opens one (or, with a purpose, goes
    straight to cancelling, moving or reporting lateness for it)."""
    turn.end_flow()
    bookings = await active_bookings(turn)
    if not bookings:
        turn.say(
            turn._("You have no upcoming bookings."),
            [Button(turn._("Book"), payload("book"))],
        )
        return
    lines = [turn._("Which booking?") if purpose else turn._("Your upcoming bookings:")]
    buttons = []
    for booking in bookings:
        text = await describe(turn, booking)
        if booking.status == "pending":
            text += " " + turn._("(waiting for the business to confirm)")
        lines.append(f"• {text}")
        action = {"cancel": "cx", "move": "mv", "late": "lt"}.get(purpose, "bk")
        buttons.append(Button(text[:60], payload(action, booking.id)))
    turn.say("\n".join(lines), buttons)


async def one_or_list(turn: Turn, purpose: str) -> BookingView | None:
    """The client's only active booking; with several (or none), list them instead."""
    bookings = await active_bookings(turn)
    if len(bookings) == 1:
        return bookings[0]
    await list_bookings(turn, purpose)
    return None


class MyBookingsFlow(Flow):
    name = "my_bookings"

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        await list_bookings(turn)

    async def prompt(self, turn: Turn) -> None:
        await self.begin(turn)

    async def show(self, turn: Turn, pressed: Payload) -> bool:
        booking = await owned_booking(turn, pressed.arg(0))
        if booking is None:
            turn.say(turn._("I can't find this booking."))
            return True
        text = await describe(turn, booking)
        if booking.status not in ("pending", "confirmed"):
            turn.say(turn._("This booking is no longer active: {booking}").format(booking=text))
            return True
        turn.say(
            text,
            [
                Button(turn._("Change the time"), payload("mv", booking.id)),
                Button(turn._("Cancel it"), payload("cx", booking.id)),
                Button(turn._("I'm running late"), payload("lt", booking.id)),
                Button(turn._("My bookings"), payload("bookings")),
            ],
        )
        return True
