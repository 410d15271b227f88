"""Changing a booking's time: a new day and time for the same service and business,
within the business's limit on changes by the client."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.booking import errors
from bot.booking.policies import Policies, client_may_reschedule
from bot.booking.service import BookingView
from bot.dialogs.flows.base import Flow
from bot.dialogs.flows.book import alternative_buttons, menu_buttons, wall_clock
from bot.dialogs.flows.my_bookings import describe, keep_as_it_is, one_or_list, owned_booking
from bot.dialogs.flows.picking import (
    day_buttons,
    decode_day,
    decode_start,
    encode_start,
    free_days,
    free_starts,
    offer_times,
)
from bot.dialogs.formatting import when_label
from bot.dialogs.messages import Button
from bot.dialogs.payloads import Payload, payload
from bot.dialogs.turn import Turn
from bot.nlu.interpreter import Parse
from storage.models import Actor


class RescheduleFlow(Flow):
    name = "reschedule"

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        booking = await one_or_list(turn, "move")
        if booking is not None:
            await self.start(turn, str(booking.id), parse)

    async def start(self, turn: Turn, ref: str | None, parse: Parse | None = None) -> None:
        booking = await owned_booking(turn, ref)
        if booking is None or booking.status not in ("pending", "confirmed"):
            turn.say(turn._("I can't find an active booking to change."), menu_buttons(turn))
            return
        if booking.service_id is None:
            await self._contact_business(turn, booking, limit=False)
            return
        business = await turn.engine.directory.business(booking.business_id)
        assert business is not None
        policies = Policies.from_mapping(business.policies)
        if not client_may_reschedule(policies, booking.reschedule_count):
            await self._contact_business(turn, booking, limit=True)
            return
        turn.start_flow(self.name, booking=booking.id)
        moment, day = parse.when() if parse else (None, None)
        if moment is not None:
            await self._ask_confirm(turn, await self._at(turn, moment), None)
            return
        if day is not None and decode_day(day):
            turn.slots["day"] = day
            await self._ask_time(turn)
            return
        await self._ask_day(turn)

    async def _at(self, turn: Turn, value: str) -> str:
        """A time entity's wall-clock time in the business's zone, as a payload start."""
        booking = await self._booking(turn)
        business = await turn.engine.directory.business(booking.business_id)
        assert business is not None
        local = datetime.fromisoformat(wall_clock(value)).replace(
            tzinfo=ZoneInfo(business.timezone)
        )
        return encode_start(local)

    async def _booking(self, turn: Turn) -> BookingView:
        return await turn.bookings.get(int(turn.slots["booking"]), client_id=turn.client_id)

    async def _contact_business(self, turn: Turn, booking: BookingView, *, limit: bool) -> None:
        business = await turn.engine.directory.business(booking.business_id)
        assert business is not None
        contact = ", ".join(x for x in (business.phone, business.email) if x)
        if limit:
            policies = Policies.from_mapping(business.policies)
            text = turn.ngettext(
                "{business} lets clients change a booking {n} time, and this one has "
                "already been changed. To change it again, please contact the business: "
                "{contact}.",
                "{business} lets clients change a booking {n} times, and this one has "
                "already been changed that often. To change it again, please contact the "
                "business: {contact}.",
                policies.client_reschedules,
            ).format(business=business.name, n=policies.client_reschedules, contact=contact)
        else:
            text = turn._("To change this booking, please contact {business}: {contact}.").format(
                business=business.name, contact=contact
            )
        turn.end_flow()
        turn.say(
            text,
            [
                Button(turn._("Cancel it"), payload("cx", booking.id)),
                Button(turn._("My bookings"), payload("bookings")),
            ],
        )

    async def _ask_day(self, turn: Turn, after: date | None = None) -> None:
        booking = await self._booking(turn)
        assert booking.service_id is not None
        days = await free_days(turn, booking.business_id, booking.service_id, after)
        turn.goto("day")
        if not days:
            turn.say(turn._("There are no other free times in the next weeks."), menu_buttons(turn))
            turn.end_flow()
            return
        turn.say(
            turn._("Your booking: {booking}. Which new day? These days have free times.").format(
                booking=await describe(turn, booking)
            ),
            day_buttons(turn, days, more=True),
        )

    async def _ask_time(self, turn: Turn) -> None:
        booking = await self._booking(turn)
        assert booking.service_id is not None
        day = date.fromisoformat(turn.slots["day"])
        business = await turn.engine.directory.business(booking.business_id)
        assert business is not None
        slots = [
            s
            for s in await free_starts(turn, booking.business_id, booking.service_id, day)
            if s.start != booking.start
        ]
        question = turn._("Free times on {day}. Which new time suits you?")
        if not offer_times(turn, slots, day, question, business.timezone):
            await self._ask_day(turn)

    async def _ask_confirm(self, turn: Turn, start: str, staff: str | None) -> None:
        booking = await self._booking(turn)
        business = await turn.engine.directory.business(booking.business_id)
        assert business is not None
        moment = decode_start(start)
        assert moment is not None
        tz = ZoneInfo(business.timezone)
        turn.slots["start"] = start
        turn.slots["staff"] = staff
        turn.goto("confirm")
        turn.say(
            turn._("Move your booking from {old} to {new}?").format(
                old=when_label(booking.start, tz, turn.language),
                new=when_label(moment, tz, turn.language),
            ),
            [
                Button(turn._("Yes, move it"), payload("yes")),
                Button(turn._("Another time"), payload("days")),
                Button(turn._("Keep it as it is"), payload("no")),
            ],
        )

    async def prompt(self, turn: Turn) -> None:
        step = turn.state.step
        if step == "confirm":
            await self._ask_confirm(turn, turn.slots["start"], turn.slots.get("staff"))
        elif step == "time" and "day" in turn.slots:
            await self._ask_time(turn)
        else:
            await self._ask_day(turn)

    async def on_button(self, turn: Turn, pressed: Payload) -> bool:
        s, arg, step = turn.slots, pressed.arg(0), turn.state.step
        if pressed.action in ("d", "dm") and decode_day(arg) is not None:
            day = decode_day(arg)
            assert day is not None
            if pressed.action == "dm":
                await self._ask_day(turn, after=day)
            else:
                s["day"], s["page"] = day.isoformat(), 0
                await self._ask_time(turn)
            return True
        if pressed.action == "days":
            await self._ask_day(turn)
            return True
        if pressed.action == "tp" and arg and arg.isdigit() and "day" in s:
            s["page"] = int(arg)
            await self._ask_time(turn)
            return True
        if pressed.action == "t" and decode_start(arg) is not None:
            await self._ask_confirm(turn, str(arg), pressed.arg(1))
            return True
        if pressed.action == "yes" and step == "confirm":
            await self._move(turn)
            return True
        if pressed.action == "no" and step == "confirm":
            keep_as_it_is(turn)
            return True
        return False

    async def on_text(self, turn: Turn, parse: Parse) -> bool:
        if turn.state.step == "confirm" and parse.intent == "affirm":
            await self._move(turn)
            return True
        if turn.state.step == "confirm" and parse.intent == "deny":
            return await self.on_button(turn, Payload("no"))
        moment, day = parse.when()
        if moment is not None:
            await self._ask_confirm(turn, await self._at(turn, moment), None)
            return True
        if day is not None and decode_day(day) is not None:
            turn.slots["day"], turn.slots["page"] = day, 0
            await self._ask_time(turn)
            return True
        return False

    async def _move(self, turn: Turn) -> None:
        s = turn.slots
        start = decode_start(s["start"])
        assert start is not None
        try:
            moved = await turn.bookings.reschedule(
                int(s["booking"]),
                new_start=start,
                by=Actor.CLIENT,
                client_id=turn.client_id,
                staff_id=s.get("staff"),
            )
        except errors.SlotTaken as taken:
            booking = await self._booking(turn)
            business = await turn.engine.directory.business(booking.business_id)
            assert business is not None
            turn.goto("time")
            turn.say(
                turn._("Sorry, that time was just taken. The nearest free times:"),
                [
                    *alternative_buttons(turn, taken.alternatives, ZoneInfo(business.timezone)),
                    Button(turn._("Another day"), payload("days")),
                ],
            )
            return
        except errors.LimitReached:
            await self._contact_business(turn, await self._booking(turn), limit=True)
            return
        except errors.BookingError as error:
            turn.say(turn._(error.message_id).format(**error.params))
            await self._ask_day(turn)
            return
        turn.end_flow()
        turn.say(
            turn._("Done! Your booking is now: {booking}").format(
                booking=await describe(turn, moved)
            ),
            [Button(turn._("My bookings"), payload("bookings"))],
        )
