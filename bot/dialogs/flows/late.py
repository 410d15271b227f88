"""Running late: how many minutes; within the business's tolerance the booking
stands, beyond it the client learns it may be released and may change or cancel."""

from __future__ import annotations

import re

from bot.booking import errors
from bot.booking.policies import MAX_LATE_MINUTES
from bot.dialogs.flows.base import Flow
from bot.dialogs.flows.book import menu_buttons
from bot.dialogs.flows.my_bookings import one_or_list, owned_booking
from bot.dialogs.messages import Button
from bot.dialogs.payloads import Payload, payload
from bot.dialogs.turn import Turn
from bot.nlu.interpreter import Parse

CHOICES = (5, 10, 15, 30)
NUMBER = re.compile(r"\b(\d{1,3})\b")


def minutes_in(parse: Parse) -> int | None:
    """Minutes from a ``duration`` entity, else a bare number in the text."""
    duration = parse.first("duration")
    if duration is not None:
        try:
            return int(duration.value)
        except (TypeError, ValueError):
            return None
    match = NUMBER.search(parse.text)
    return int(match.group(1)) if match else None


class LateFlow(Flow):
    name = "late"

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        booking = await one_or_list(turn, "late")
        if booking is not None:
            await self.start(turn, str(booking.id), parse)

    async def start(self, turn: Turn, ref: str | None, parse: Parse | None = None) -> None:
        booking = await owned_booking(turn, ref)
        if booking is None or booking.status not in ("pending", "confirmed"):
            turn.say(turn._("I can't find an active booking."), menu_buttons(turn))
            return
        turn.start_flow(self.name, "minutes", booking=booking.id)
        minutes = minutes_in(parse) if parse is not None else None
        if minutes is not None:
            await self._report(turn, minutes)
            return
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        turn.say(
            turn._("How many minutes late will you be? Choose or type the number."),
            [
                Button(
                    turn.ngettext("{n} minute", "{n} minutes", n).format(n=n),
                    payload("min", n),
                )
                for n in CHOICES
            ],
        )

    async def on_button(self, turn: Turn, pressed: Payload) -> bool:
        arg = pressed.arg(0)
        if pressed.action == "min" and arg and arg.isdigit() and turn.state.step == "minutes":
            await self._report(turn, int(arg))
            return True
        return False

    async def on_text(self, turn: Turn, parse: Parse) -> bool:
        if turn.state.step != "minutes":
            return False
        minutes = minutes_in(parse)
        if minutes is None:
            return False
        await self._report(turn, minutes)
        return True

    async def _report(self, turn: Turn, minutes: int) -> None:
        booking_id = int(turn.slots["booking"])
        try:
            outcome = await turn.bookings.report_late(
                booking_id, client_id=turn.client_id, minutes=minutes
            )
        except errors.BadLateMinutes:
            turn.say(
                turn._("Please tell me the delay in minutes, from 1 to {maximum}.").format(
                    maximum=MAX_LATE_MINUTES
                )
            )
            return
        except errors.BookingError as error:
            turn.end_flow()
            turn.say(turn._(error.message_id).format(**error.params), menu_buttons(turn))
            return
        business = await turn.engine.directory.business(outcome.booking.business_id)
        assert business is not None
        turn.end_flow()
        late = turn.ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
        if outcome.within_tolerance:
            turn.say(
                turn._(
                    "Thank you. {business} knows you will be about {late} late. Your "
                    "booking stands."
                ).format(business=business.name, late=late),
                menu_buttons(turn),
            )
            return
        tolerance = turn.ngettext("{n} minute", "{n} minutes", outcome.tolerance_minutes).format(
            n=outcome.tolerance_minutes
        )
        turn.say(
            turn._(
                "Thank you, {business} knows you will be about {late} late. The business "
                "waits up to {tolerance}; after that your booking may be released for "
                "other clients. Would you rather change the time or cancel?"
            ).format(business=business.name, late=late, tolerance=tolerance),
            [
                Button(turn._("Change the time"), payload("mv", booking_id)),
                Button(turn._("Cancel it"), payload("cx", booking_id)),
                Button(turn._("Keep it, I'll hurry"), payload("menu")),
            ],
        )
