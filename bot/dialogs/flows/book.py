"""Booking: category → business → service → day → time (a hold) → name, e-mail, phone
→ summary → confirm. What a sentence already said skips its steps."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.booking import errors
from bot.booking.calendar import Slot
from bot.booking.policies import Policies
from bot.catalog.schema import name_in
from bot.dialogs.contact import clean_email, clean_name, clean_phone, region_of
from bot.dialogs.flows.base import REQUEST_CONFIDENCE, Flow
from bot.dialogs.flows.picking import (
    day_buttons,
    decode_day,
    decode_start,
    encode_start,
    free_days,
    free_starts,
    offer_times,
)
from bot.dialogs.formatting import day_label, price_label, time_label, when_label
from bot.dialogs.messages import Button
from bot.dialogs.payloads import Payload, payload
from bot.dialogs.turn import Turn
from bot.nlu.interpreter import Parse
from storage.models import Actor, Business

CONTACT = ("name", "email", "phone")
# Intents that, typed while a contact detail is asked, mean the client wants something else.
REQUESTS = frozenset(
    {
        "book",
        "my_bookings",
        "cancel_booking",
        "reschedule_booking",
        "running_late",
        "change_language",
        "human_handoff",
        "help",
    }
)
DOWNSTREAM = {
    "category": ("business", "service", "day", "page", "start", "staff", "hold"),
    "business": ("service", "day", "page", "start", "staff", "hold"),
    "service": ("day", "page", "start", "staff", "hold"),
    "day": ("page", "start", "staff", "hold"),
}


def wall_clock(value: str) -> str:
    """The local wall-clock part of an ISO time entity ('2026-11-24T10:00')."""
    return datetime.fromisoformat(value).replace(tzinfo=None).isoformat(timespec="minutes")


def menu_buttons(turn: Turn) -> list[Button]:
    return [
        Button(turn._("Book"), payload("book")),
        Button(turn._("My bookings"), payload("bookings")),
        Button(turn._("Help"), payload("help")),
        Button(turn._("Language"), payload("language")),
    ]


def alternative_buttons(
    turn: Turn, slots: tuple[Slot, ...] | list[Slot], tz: ZoneInfo
) -> list[Button]:
    """Buttons for other free times, with the day when it is not the first's."""
    buttons = []
    first_day = slots[0].start.astimezone(tz).date() if slots else None
    for slot in slots:
        label = time_label(slot.start, tz, turn.language)
        day = slot.start.astimezone(tz).date()
        if day != first_day or len({s.start.astimezone(tz).date() for s in slots}) > 1:
            label = f"{day_label(day, turn.language)} {label}"
        buttons.append(Button(label, payload("t", encode_start(slot.start), slot.staff_id)))
    return buttons


class BookFlow(Flow):
    name = "book"

    # -- entry ----------------------------------------------------------------------

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        turn.start_flow(self.name)
        if parse is not None:
            await self._take_entities(turn, parse)
        await self.advance(turn)

    async def _take_entities(self, turn: Turn, parse: Parse) -> bool:
        """Fill slots from a sentence's entities; True if anything was taken."""
        directory = turn.engine.directory
        taken = False
        business = parse.first("business")
        if business is not None and await directory.business(str(business.value)):
            self._set(turn, "business", str(business.value))
            taken = True
        category = parse.first("category")
        if category is not None and "business" not in turn.slots:
            self._set(turn, "category", str(category.value))
            taken = True
        services = [str(e.value) for e in parse.all("service")]
        if services:
            turn.slots["service_ids"] = services
            turn.slots.pop("service", None)
            taken = True
        moment, day = parse.when()
        if moment is not None:
            # Wall-clock time: the sentence may name the business only later.
            turn.slots["wanted"] = wall_clock(moment)
            taken = True
        elif day is not None and decode_day(day) is not None:
            self._set(turn, "day", day)
            taken = True
        return taken

    # -- the next question ----------------------------------------------------------

    async def advance(self, turn: Turn) -> None:
        """Ask whatever is missing next, or show the summary when nothing is."""
        s = turn.slots
        directory = turn.engine.directory
        if "business" not in s and s.get("service_ids"):
            offering = [sv for sv in await directory.services() if sv.id in s["service_ids"]]
            if "category" in s:
                allowed = {b.id for b in await directory.businesses(s["category"])}
                offering = [sv for sv in offering if sv.business_id in allowed]
            business_ids = list(dict.fromkeys(sv.business_id for sv in offering))
            if len(business_ids) == 1:
                s["business"] = business_ids[0]
            elif not business_ids:
                s.pop("service_ids")
        if "business" not in s:
            if "category" not in s and not s.get("service_ids"):
                await self._ask_category(turn)
            else:
                await self._ask_business(turn)
            return
        if "service" not in s:
            offered = await directory.services(s["business"])
            wanted = [sv for sv in offered if sv.id in s.get("service_ids", ())]
            if len(wanted) == 1:
                s["service"] = wanted[0].id
            else:
                await self._ask_service(turn)
                return
        if "start" not in s:
            if "wanted" in s:
                business = await directory.business(s["business"])
                assert business is not None
                wanted_at = datetime.fromisoformat(s.pop("wanted")).replace(
                    tzinfo=ZoneInfo(business.timezone)
                )
                await self._choose_time(turn, wanted_at, None, from_text=True)
                return
            if "day" not in s:
                await self._ask_day(turn)
            else:
                await self._ask_time(turn)
            return
        missing = [field for field in CONTACT if not s.get(field)]
        if missing:
            await self._ask_contact(turn, missing)
            return
        await self._summary(turn)

    async def prompt(self, turn: Turn) -> None:
        step = turn.state.step
        if step in CONTACT:
            await self._ask_contact(turn, [step], again=True)
        elif step == "contact_ok":
            await self._ask_contact(turn, [], again=True)
        else:
            # Every other step is whatever is missing first.
            await self.advance(turn)

    # -- buttons --------------------------------------------------------------------

    async def on_button(self, turn: Turn, pressed: Payload) -> bool:
        s, arg = turn.slots, pressed.arg(0)
        directory = turn.engine.directory
        action = pressed.action
        if action == "c" and arg:
            if not [c for c in await directory.categories() if c.id == arg]:
                return False
            await self._release(turn)
            self._set(turn, "category", arg)
            s.pop("service_ids", None)
        elif action == "b" and arg:
            if await directory.business(arg) is None:
                return False
            await self._release(turn)
            self._set(turn, "business", arg)
        elif action == "s" and arg:
            if "business" not in s or await directory.service(s["business"], arg) is None:
                return False
            await self._release(turn)
            self._set(turn, "service", arg)
        elif action in ("d", "dm") and arg:
            day = decode_day(arg)
            if day is None or "service" not in s:
                return False
            if action == "dm":
                await self._ask_day(turn, after=day)
                return True
            await self._release(turn)
            self._set(turn, "day", day.isoformat())
        elif action == "days":
            if "service" not in s:
                return False
            await self._release(turn)
            for key in ("day", "page", "start", "staff"):
                s.pop(key, None)
        elif action == "tp" and arg and arg.isdigit():
            if "day" not in s or "start" in s:
                return False
            s["page"] = int(arg)
            await self._ask_time(turn)
            return True
        elif action == "t":
            start = decode_start(arg)
            if start is None or "service" not in s:
                return False
            if s.get("start") == encode_start(start) and "hold" in s:
                await self.advance(turn)  # pressed twice: the hold is already there
                return True
            await self._choose_time(turn, start, pressed.arg(1))
            return True
        elif action == "me" and turn.state.step == "contact_ok":
            client = await directory.client(turn.client_id)
            if client is None:
                return False
            s.update(name=client.name, email=client.email, phone=client.phone)
        elif action == "newcontact" and turn.state.step == "contact_ok":
            s["contact_new"] = True
            for field in CONTACT:
                s.pop(field, None)
        elif action == "yes" and turn.state.step == "summary":
            await self._confirm(turn)
            return True
        elif action == "no" and turn.state.step == "summary":
            await self._abandon(turn)
            return True
        elif action == "retime" and turn.state.step == "summary":
            await self._release(turn)
            s.pop("start", None)
            s.pop("staff", None)
        else:
            return False
        await self.advance(turn)
        return True

    # -- text -----------------------------------------------------------------------

    async def on_text(self, turn: Turn, parse: Parse) -> bool:
        step = turn.state.step
        if step in CONTACT:
            return await self._take_contact(turn, step, parse)
        if step == "summary":
            if parse.intent == "affirm":
                await self._confirm(turn)
                return True
            if parse.intent == "deny":
                await self._abandon(turn)
                return True
            return False
        if step == "contact_ok":
            if parse.intent == "affirm":
                return await self.on_button(turn, Payload("me"))
            if parse.intent == "deny":
                return await self.on_button(turn, Payload("newcontact"))
            return False
        if parse.intent not in ("book", "nlu_fallback", "affirm", "inform") and not (
            parse.entities
        ):
            return False
        if await self._take_entities(turn, parse):
            if "start" in turn.slots and ("wanted" in turn.slots or "day" in turn.slots):
                await self._release(turn)
                turn.slots.pop("start", None)
            await self.advance(turn)
            return True
        return False

    # -- the steps ------------------------------------------------------------------

    async def _ask_category(self, turn: Turn) -> None:
        categories = await turn.engine.directory.categories()
        turn.goto("category")
        turn.say(
            turn._("What would you like to book? Choose a category."),
            [Button(name_in(c.names, turn.language), payload("c", c.id)) for c in categories],
        )

    async def _ask_business(self, turn: Turn) -> None:
        s = turn.slots
        directory = turn.engine.directory
        businesses: list[Business] = list(await directory.businesses(s.get("category")))
        if s.get("service_ids"):
            offering = {
                sv.business_id for sv in await directory.services() if sv.id in s["service_ids"]
            }
            businesses = [b for b in businesses if b.id in offering]
        businesses = [b for b in businesses if await directory.services(b.id)]
        turn.goto("business")
        if not businesses:
            turn.say(
                turn._("Nothing in this category can be booked in the chat yet."),
                menu_buttons(turn),
            )
            turn.end_flow()
            return
        text = (
            turn._("Several places offer this. Which one?")
            if s.get("service_ids")
            else turn._("Where would you like to book?")
        )
        turn.say(
            text,
            [
                Button(f"{b.name}, {b.city}" if b.city else b.name, payload("b", b.id))
                for b in businesses
            ],
        )

    async def _ask_service(self, turn: Turn) -> None:
        s = turn.slots
        directory = turn.engine.directory
        business = await directory.business(s["business"])
        assert business is not None
        services = list(await directory.services(business.id))
        if s.get("service_ids"):
            narrowed = [sv for sv in services if sv.id in s["service_ids"]]
            services = narrowed or services
        turn.goto("service")
        if not services:
            turn.say(turn._("Nothing here can be booked in the chat yet."), menu_buttons(turn))
            turn.end_flow()
            return
        buttons = [
            Button(
                f"{name_in(sv.names, turn.language)} · "
                f"{price_label(sv.price, business.currency, turn.language)}",
                payload("s", sv.id),
            )
            for sv in services
        ]
        turn.say(turn._("Which service at {business}?").format(business=business.name), buttons)

    async def _ask_day(self, turn: Turn, after: date | None = None) -> None:
        s = turn.slots
        days = await free_days(turn, s["business"], s["service"], after)
        turn.goto("day")
        if not days:
            if after is None:
                turn.say(
                    turn._(
                        "There are no free times in the next weeks. Please choose "
                        "another service or place."
                    ),
                    [
                        Button(turn._("Another service"), payload("b", s["business"])),
                        *menu_buttons(turn)[:1],
                    ],
                )
            else:
                turn.say(turn._("There are no later free days."), day_buttons(turn, [], more=False))
            return
        turn.say(
            turn._("Which day? These days have free times."), day_buttons(turn, days, more=True)
        )

    async def _ask_time(self, turn: Turn) -> None:
        s = turn.slots
        day = date.fromisoformat(s["day"])
        business = await turn.engine.directory.business(s["business"])
        assert business is not None
        slots = await free_starts(turn, s["business"], s["service"], day)
        question = turn._("Free times on {day}. Which time suits you?")
        if not offer_times(turn, slots, day, question, business.timezone):
            await self._ask_day(turn)

    async def _choose_time(
        self, turn: Turn, start: datetime, staff_id: str | None, *, from_text: bool = False
    ) -> None:
        s = turn.slots
        await self._release(turn)
        business = await turn.engine.directory.business(s["business"])
        assert business is not None
        tz = ZoneInfo(business.timezone)
        try:
            held = await turn.bookings.hold(
                business_id=s["business"],
                service_id=s["service"],
                start=start,
                client_id=turn.client_id,
                staff_id=staff_id,
                channel=turn.channel,
                language=turn.language,
            )
        except errors.SlotTaken as taken:
            s["day"] = start.astimezone(tz).date().isoformat()
            turn.goto("time")
            if taken.alternatives:
                turn.say(
                    turn._("Sorry, {time} is already taken. The nearest free times:").format(
                        time=when_label(start, tz, turn.language)
                    ),
                    [
                        *alternative_buttons(turn, taken.alternatives, tz),
                        Button(turn._("Another day"), payload("days")),
                    ],
                )
            else:
                turn.say(turn._("Sorry, this time is already taken."))
                await self._ask_day(turn)
            return
        except (errors.ClosedDay, errors.OutsideHours, errors.NotOnGrid, errors.TooSoon) as error:
            turn.say(turn._(error.message_id).format(**error.params))
            day = start.astimezone(tz).date()
            if from_text and not isinstance(error, errors.ClosedDay):
                s["day"] = day.isoformat()
                await self._ask_time(turn)
            else:
                s.pop("day", None)
                await self._ask_day(turn)
            return
        except (errors.PastTime, errors.TooFarAhead) as error:
            turn.say(turn._(error.message_id).format(**error.params))
            s.pop("day", None)
            await self._ask_day(turn)
            return
        s["start"] = encode_start(held.start)
        s["day"] = held.start.astimezone(tz).date().isoformat()
        s["hold"] = held.id
        s["staff"] = held.staff_id
        await self.advance(turn)

    async def _ask_contact(self, turn: Turn, missing: list[str], *, again: bool = False) -> None:
        s = turn.slots
        fresh = not s.get("contact_new") and not any(s.get(f) for f in CONTACT)
        # Remembered details are offered only before any is typed: read them only then.
        client = await turn.engine.directory.client(turn.client_id) if fresh else None
        if client is not None and client.name and client.email and client.phone:
            turn.goto("contact_ok")
            turn.say(
                turn._("Shall I book it for {name} ({email}, {phone})?").format(
                    name=client.name, email=client.email, phone=client.phone
                ),
                [
                    Button(turn._("Yes, that's me"), payload("me")),
                    Button(turn._("Other details"), payload("newcontact")),
                ],
            )
            return
        if not missing:
            missing = [f for f in CONTACT if not s.get(f)] or ["name"]
        step = missing[0]
        turn.goto(step)
        questions = {
            "name": turn._("What name should the booking be under? Please type your name."),
            "email": turn._("What is your e-mail address? The confirmation goes there."),
            "phone": turn._(
                "What is your phone number? The business calls it if something changes."
            ),
        }
        turn.say(questions[step], expects=step)

    async def _take_contact(self, turn: Turn, step: str, parse: Parse) -> bool:
        s = turn.slots
        text = parse.text
        if (
            parse.intent in REQUESTS
            and parse.confidence >= REQUEST_CONFIDENCE
            and not parse.first(step)
        ):
            return False  # "my bookings" typed at the name question is a request, not a name
        value: str | None
        if step == "name":
            value = clean_name(text)
            problem = turn._("Please type your name (letters, at least two).")
        elif step == "email":
            found = parse.first("email")
            value = clean_email(str(found.value) if found else text)
            problem = turn._(
                "That doesn't look like an e-mail address. Please type it like name@example.com."
            )
        else:
            business = await turn.engine.directory.business(s["business"])
            region = region_of(business.phone) if business else None
            value = clean_phone(text, region)
            problem = turn._(
                "That doesn't look like a phone number. Please type it with "
                "the country code, like +370 612 34567."
            )
        if value is None:
            if parse.intent not in ("nlu_fallback", "inform") and len(text.split()) > 3:
                return False  # a question or a new request, not an answer
            turn.say(problem, expects=step)
            return True
        s[step] = value
        if all(s.get(f) for f in CONTACT):
            await turn.engine.directory.remember_contact(
                turn.client_id, name=s["name"], email=s["email"], phone=s["phone"]
            )
        await self.advance(turn)
        return True

    async def _summary(self, turn: Turn) -> None:
        s = turn.slots
        directory = turn.engine.directory
        business = await directory.business(s["business"])
        service = await directory.service(s["business"], s["service"])
        assert business is not None and service is not None
        tz = ZoneInfo(business.timezone)
        start = decode_start(s["start"])
        assert start is not None
        policies = Policies.from_mapping(business.policies)
        staff = await directory.staff_name(business.id, s["staff"])
        payments = {"card": turn._("card"), "on_site": turn._("on site")}
        lines = [
            turn._("Please check your booking:"),
            f"{name_in(service.names, turn.language)} — {business.name}",
            turn._("With: {staff}").format(staff=staff),
            turn._("When: {when}").format(when=when_label(start, tz, turn.language)),
            turn._("Price: {price}").format(
                price=price_label(service.price, business.currency, turn.language)
            ),
            turn._("Payment: {methods}").format(
                methods=", ".join(payments.get(p, p) for p in policies.payment)
            ),
            turn.ngettext(
                "Free cancellation up to {n} hour before; later a fee may apply.",
                "Free cancellation up to {n} hours before; later a fee may apply.",
                policies.free_cancel_hours,
            ).format(n=policies.free_cancel_hours),
            turn.ngettext(
                "If you are more than {n} minute late, the booking may be released.",
                "If you are more than {n} minutes late, the booking may be released.",
                policies.late_tolerance_minutes,
            ).format(n=policies.late_tolerance_minutes),
            turn._("Booking for: {name}, {email}, {phone}").format(
                name=s["name"], email=s["email"], phone=s["phone"]
            ),
        ]
        turn.goto("summary")
        turn.say(
            "\n".join(lines),
            [
                Button(turn._("Confirm"), payload("yes")),
                Button(turn._("Change the time"), payload("retime")),
                Button(turn._("Cancel"), payload("no")),
            ],
        )

    async def _confirm(self, turn: Turn) -> None:
        s = turn.slots
        business = await turn.engine.directory.business(s["business"])
        service = await turn.engine.directory.service(s["business"], s["service"])
        assert business is not None and service is not None
        tz = ZoneInfo(business.timezone)
        try:
            booking = await turn.bookings.confirm(int(s["hold"]), client_id=turn.client_id)
        except (errors.HoldExpired, errors.NotAllowed):
            # The hold ran out: take the same time again if it is still free.
            start = decode_start(s["start"])
            assert start is not None
            s.pop("hold", None)
            s.pop("start", None)
            await self._choose_time(turn, start, s.get("staff"))
            if "hold" not in s:
                return
            booking = await turn.bookings.confirm(int(s["hold"]), client_id=turn.client_id)
        when = when_label(booking.start, tz, turn.language)
        name = name_in(service.names, turn.language)
        if booking.status == "pending":
            text = turn._(
                "Thank you! Your booking request for {service} on {when} is sent to "
                "{business}. It stays valid unless the business turns it down."
            ).format(service=name, when=when, business=business.name)
        else:
            text = turn._(
                "Booked! {service} at {business} on {when}. Booking number: {number}."
            ).format(service=name, business=business.name, when=when, number=booking.id)
        turn.end_flow()
        turn.say(
            text,
            [
                Button(turn._("My bookings"), payload("bookings")),
                Button(turn._("Book another"), payload("book")),
            ],
        )

    async def _abandon(self, turn: Turn) -> None:
        await self._release(turn)
        turn.end_flow()
        turn.say(turn._("All right, nothing is booked."), menu_buttons(turn))

    async def leave(self, turn: Turn) -> None:
        await self._release(turn)

    async def _release(self, turn: Turn) -> None:
        """Give back a held slot the client moved away from."""
        hold = turn.slots.pop("hold", None)
        if hold is None:
            return
        with suppress(errors.BookingError):  # already expired or gone: nothing to give back
            await turn.bookings.cancel(
                int(hold), by=Actor.CLIENT, client_id=turn.client_id, reason="changed in chat"
            )

    @staticmethod
    def _set(turn: Turn, key: str, value: Any) -> None:
        """Set a choice and forget every choice that depended on the old one."""
        for later in DOWNSTREAM.get(key, ()):
            turn.slots.pop(later, None)
        turn.slots[key] = value
