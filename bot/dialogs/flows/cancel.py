"""Cancelling a booking: the reason, the policy (free, or a fee may apply), confirm."""

from __future__ import annotations

from bot.booking import errors
from bot.booking.policies import Policies, cancellation_fee_may_apply
from bot.dialogs.flows.base import REQUEST_CONFIDENCE, Flow
from bot.dialogs.flows.book import menu_buttons
from bot.dialogs.flows.my_bookings import describe, keep_as_it_is, one_or_list, owned_booking
from bot.dialogs.messages import Button
from bot.dialogs.payloads import Payload, payload
from bot.dialogs.turn import Turn
from bot.nlu.interpreter import Parse
from storage.models import Actor

REASONS = ("plans", "ill", "other_time", "other")
MAX_REASON = 300


# Typed where the reason is asked, these (when the model is sure) are a new request;
# anything else is the reason ("the car broke down", "I'm ill", "running late, sorry").
OTHER_REQUESTS = frozenset(
    {"book", "my_bookings", "reschedule_booking", "change_language", "human_handoff"}
)


class CancelFlow(Flow):
    name = "cancel"

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        booking = await one_or_list(turn, "cancel")
        if booking is not None:
            await self.start(turn, str(booking.id))

    async def start(self, turn: Turn, booking_ref: str | None) -> None:
        booking = await owned_booking(turn, booking_ref)
        if booking is None or booking.status not in ("pending", "confirmed"):
            turn.say(turn._("I can't find an active booking to cancel."), menu_buttons(turn))
            return
        turn.start_flow(self.name, booking=booking.id)
        await self._ask_reason(turn)

    async def _ask_reason(self, turn: Turn) -> None:
        booking = await turn.bookings.get(turn.slots["booking"], client_id=turn.client_id)
        turn.goto("reason")
        labels = {
            "plans": turn._("My plans changed"),
            "ill": turn._("I'm ill"),
            "other_time": turn._("I found another time"),
            "other": turn._("Another reason"),
        }
        turn.say(
            turn._(
                "Cancel {booking}? Why are you cancelling? (You can also type the reason.)"
            ).format(booking=await describe(turn, booking)),
            [Button(labels[r], payload("why", r)) for r in REASONS],
        )

    async def _ask_confirm(self, turn: Turn) -> None:
        booking = await turn.bookings.get(turn.slots["booking"], client_id=turn.client_id)
        business = await turn.engine.directory.business(booking.business_id)
        assert business is not None
        policies = Policies.from_mapping(business.policies)
        if cancellation_fee_may_apply(policies, booking.start, turn.now):
            policy = turn.ngettext(
                "It is less than {n} hour before the start: {business} may charge a fee.",
                "It is less than {n} hours before the start: {business} may charge a fee.",
                policies.free_cancel_hours,
            ).format(n=policies.free_cancel_hours, business=business.name)
        else:
            policy = turn._("Cancelling now is free of charge.")
        turn.goto("confirm")
        turn.say(
            f"{policy}\n" + turn._("Cancel the booking?"),
            [
                Button(turn._("Yes, cancel it"), payload("yes")),
                Button(turn._("No, keep it"), payload("no")),
            ],
        )

    async def prompt(self, turn: Turn) -> None:
        if turn.state.step == "confirm":
            await self._ask_confirm(turn)
        else:
            await self._ask_reason(turn)

    async def on_button(self, turn: Turn, pressed: Payload) -> bool:
        step = turn.state.step
        if pressed.action == "why" and step == "reason" and pressed.arg(0) in REASONS:
            turn.slots["reason"] = pressed.arg(0)
            await self._ask_confirm(turn)
            return True
        if pressed.action == "yes" and step == "confirm":
            await self._cancel(turn)
            return True
        if pressed.action == "no" and step == "confirm":
            keep_as_it_is(turn)
            return True
        return False

    async def on_text(self, turn: Turn, parse: Parse) -> bool:
        step = turn.state.step
        if step == "reason" and not (
            parse.intent in OTHER_REQUESTS and parse.confidence >= REQUEST_CONFIDENCE
        ):
            turn.slots["reason"] = parse.text[:MAX_REASON]
            await self._ask_confirm(turn)
            return True
        if step == "confirm" and parse.intent in ("affirm", "cancel_booking"):
            await self._cancel(turn)
            return True
        if step == "confirm" and parse.intent == "deny":
            return await self.on_button(turn, Payload("no"))
        return False

    async def _cancel(self, turn: Turn) -> None:
        booking_id = int(turn.slots["booking"])
        try:
            outcome = await turn.bookings.cancel(
                booking_id,
                by=Actor.CLIENT,
                client_id=turn.client_id,
                reason=str(turn.slots.get("reason", "")),
            )
        except errors.BookingError as error:
            turn.end_flow()
            turn.say(turn._(error.message_id).format(**error.params), menu_buttons(turn))
            return
        turn.end_flow()
        text = turn._("Your booking is cancelled: {booking}").format(
            booking=await describe(turn, outcome.booking)
        )
        if outcome.fee_may_apply:
            text += "\n" + turn._("As it was close to the start, the business may charge a fee.")
        turn.say(
            text,
            [
                Button(turn._("Book again"), payload("book")),
                Button(turn._("My bookings"), payload("bookings")),
            ],
        )
