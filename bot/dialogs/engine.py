"""The dialog engine: every conversation of every channel goes through here.

A turn: lease the conversation (its state comes with the lease), read the message
(a button's payload skips the NLU), let the active flow or the menu act, save the
state as the lease is given back, return the replies. Nothing of a conversation stays in memory
between turns, so any process can take the next one and a restart loses nothing.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from bot.booking import errors
from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.clock import Clock, utc_now
from bot.dialogs.contact import region_of
from bot.dialogs.flows.base import Flow
from bot.dialogs.flows.book import BookFlow, menu_buttons
from bot.dialogs.flows.cancel import CancelFlow
from bot.dialogs.flows.late import LateFlow
from bot.dialogs.flows.menu import MenuFlow
from bot.dialogs.flows.my_bookings import MyBookingsFlow, owned_booking
from bot.dialogs.flows.reschedule import RescheduleFlow
from bot.dialogs.locks import ConversationLocks
from bot.dialogs.messages import Incoming, Outgoing
from bot.dialogs.payloads import Payload, parse_payload
from bot.dialogs.turn import DialogState, Turn
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations
from bot.nlu.interpreter import FALLBACK_INTENT, Interpreter, Parse, ParseContext
from storage import conversations
from storage.database import Database

log = logging.getLogger(__name__)

MAX_TEXT = 1000
FALLBACKS_BEFORE_HELP = 2

# Words that work at every step, in every language (folded: lower case, no accents).
MENU_WORDS = {"menu", "meniu", "меню", "menü", "/menu"}
BACK_WORDS = {"back", "atgal", "wstecz", "cofnij", "mbrapa", "prapa", "zuruck", "назад"}
RESTART_WORDS = {
    "start over",
    "restart",
    "is naujo",
    "pradeti is naujo",
    "od nowa",
    "zacznij od nowa",
    "fillo nga e para",
    "rifillo",
    "neu starten",
    "von vorne",
    "заново",
    "начать заново",
    "сначала",
}
GLOBAL_ACTIONS = {
    "start",
    "menu",
    "restart",
    "back",
    "help",
    "language",
    "lang",
    "book",
    "bookings",
    "bk",
    "cx",
    "mv",
    "lt",
}


def fold(text: str) -> str:
    """Lower case without accents, for matching command words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip(" .!?")


def clean_text(text: str) -> str:
    """The text without control characters (keeping line breaks as spaces)."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn"):
            kept.append(" " if ch in "\n\r\t" else "")
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())


def meaningful(text: str) -> bool:
    """Whether the text has a letter or a digit (not only emoji, symbols, punctuation)."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


class Engine:
    """Takes one :class:`Incoming`, returns the replies; owns no channel."""

    def __init__(
        self,
        db: Database,
        interpreter: Interpreter,
        *,
        clock: Clock = utc_now,
        bookings: BookingService | None = None,
    ) -> None:
        self.db = db
        self.interpreter = interpreter
        self.clock = clock
        self.bookings = bookings or BookingService(db, clock)
        self.directory = Directory(db)
        self.locks = ConversationLocks()
        self.menu = MenuFlow()
        self.book = BookFlow()
        self.my_bookings = MyBookingsFlow()
        self.cancel = CancelFlow()
        self.reschedule = RescheduleFlow()
        self.late = LateFlow()
        self.flows: dict[str, Flow] = {
            f.name: f
            for f in (
                self.menu,
                self.book,
                self.my_bookings,
                self.cancel,
                self.reschedule,
                self.late,
            )
        }

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """One turn of the conversation ``incoming`` belongs to."""
        key = f"{incoming.channel}:{incoming.chat_id}"
        async with self.locks.hold(key):
            now = self.clock()
            leased = await conversations.take(
                self.db, incoming.channel, incoming.chat_id, name=incoming.user_name[:200], now=now
            )
            state = DialogState.from_json(leased.state)
            # Who decides the language, first to last: the client's explicit choice and
            # what was decided before (both saved with the conversation), the channel's
            # hint, the language of the client's first text (see _route), the first
            # language of the business the conversation is about, English.
            decided = leased.language or _hint(incoming.language)
            language = decided or await self._business_language(state) or DEFAULT_LANGUAGE
            turn = Turn(
                engine=self,
                client_id=leased.client_id,
                state=state,
                language=language,
                channel=incoming.channel,
                now=now,
            )
            turn.language_decided = decided is not None
            saved: dict[str, Any] | None = None  # None: the conversation stays as it was
            try:
                await self._route(turn, incoming)
                saved = turn.state.to_json()
            except errors.BookingError as error:
                turn.say(turn._(error.message_id).format(**error.params))
                saved = turn.state.to_json()
            except Exception:
                log.exception("turn failed in %s", key)
                _ = translations(turn.language).gettext
                turn.replies = [
                    Outgoing(
                        _("Sorry, something went wrong on my side. Please try again."),
                        tuple(menu_buttons(turn)),
                    )
                ]
            finally:
                decided_language = turn.language if turn.language_decided else None
                await conversations.finish(
                    self.db, leased, state=saved, language=decided_language, now=now
                )
            if saved is not None and decided_language not in (None, leased.language):
                # Kept for the client too: what reaches them later speaks it.
                await self.directory.remember_language(turn.client_id, turn.language)
            return turn.replies

    async def _business_language(self, state: DialogState) -> str | None:
        """The first language of the business the conversation is about, if any."""
        business_id = state.slots.get("business")
        if not business_id:
            return None
        business = await self.directory.business(str(business_id))
        if business is None or not business.languages:
            return None
        first = str(business.languages[0])
        return first if first in LANGUAGES else None

    # -- routing --------------------------------------------------------------------

    async def _route(self, turn: Turn, incoming: Incoming) -> None:
        text = incoming.text or ""
        pressed = parse_payload(text.strip())
        if pressed is not None:
            turn.state.fallbacks = 0
            await self._press(turn, pressed)
            return
        text = clean_text(text)
        if len(text) > MAX_TEXT:
            turn.say(
                turn.ngettext(
                    "That message is too long for me. Please keep it under {n} character.",
                    "That message is too long for me. Please keep it under {n} characters.",
                    MAX_TEXT,
                ).format(n=MAX_TEXT)
            )
            await self._reprompt(turn)
            return
        if not meaningful(text):
            turn.say(turn._("I can only read text. Please write a few words or press a button."))
            await self._reprompt(turn)
            return
        word = fold(text)
        if word in MENU_WORDS or word in RESTART_WORDS:
            await self._leave(turn)
            await self.menu.begin(turn)
            return
        if word in BACK_WORDS:
            await self._back(turn)
            return

        parse = await self._parse(turn, text)
        if not turn.language_decided and parse.language in LANGUAGES:
            turn.set_language(parse.language)
        flow = self.flows.get(turn.state.flow or "")
        if flow is not None and await flow.on_text(turn, parse):
            turn.state.fallbacks = 0
            return
        await self._intent(turn, parse)

    async def _parse(self, turn: Turn, text: str) -> Parse:
        """What the text means, read in the time zone and phone region of the business
        the conversation is about (if any)."""
        tz, region = ZoneInfo("UTC"), None
        business_id = turn.slots.get("business")
        if business_id:
            business = await self.directory.business(str(business_id))
            if business is not None:
                tz, region = ZoneInfo(business.timezone), region_of(business.phone)
        context = ParseContext(
            language=turn.language, timezone=tz, now=turn.now.astimezone(UTC), region=region
        )
        return await self.interpreter.parse(text, context)

    async def _intent(self, turn: Turn, parse: Parse) -> None:
        intent = parse.intent
        if intent == FALLBACK_INTENT or intent == "out_of_scope":
            turn.state.fallbacks += 1
            if turn.state.fallbacks >= FALLBACKS_BEFORE_HELP:
                turn.state.fallbacks = 0
                await self._leave(turn)
                turn.end_flow()
                await self.menu.help(turn)
                return
            turn.say(turn._("Sorry, I didn't understand that."))
            await self._reprompt(turn)
            return
        turn.state.fallbacks = 0
        if intent == "book":
            await self._leave(turn)
            await self.book.begin(turn, parse)
        elif intent == "my_bookings":
            await self._leave(turn)
            await self.my_bookings.begin(turn)
        elif intent == "cancel_booking":
            await self._leave(turn)
            await self.cancel.begin(turn, parse)
        elif intent == "reschedule_booking":
            await self._leave(turn)
            await self.reschedule.begin(turn, parse)
        elif intent == "running_late":
            await self._leave(turn)
            await self.late.begin(turn, parse)
        elif intent == "change_language":
            asked = parse.first("language")
            if asked is not None and asked.value in LANGUAGES:
                await self._switch_language(turn, str(asked.value))
            else:
                await self.menu.ask_language(turn)
        elif intent == "greet":
            await self._leave(turn)
            await self.menu.greet(turn)
        elif intent == "thanks":
            turn.say(turn._("You're welcome!"), menu_buttons(turn))
        elif intent == "goodbye":
            turn.say(turn._("Goodbye! Write any time you need a booking."))
        elif intent in ("affirm", "deny") and turn.state.flow is None:
            await self.menu.begin(turn)
        else:
            await self.menu.help(turn)

    async def _press(self, turn: Turn, pressed: Payload) -> None:
        action = pressed.action
        if action in ("start", "menu", "restart"):
            await self._leave(turn)
            if action == "start":
                await self.menu.greet(turn)
            else:
                await self.menu.begin(turn)
        elif action == "back":
            await self._back(turn)
        elif action == "help":
            await self.menu.help(turn)
        elif action == "language":
            await self.menu.ask_language(turn)
        elif action == "lang" and pressed.arg(0) in LANGUAGES:
            await self._switch_language(turn, str(pressed.arg(0)))
        elif action == "book":
            await self._leave(turn)
            await self.book.begin(turn)
        elif action == "bookings":
            await self._leave(turn)
            await self.my_bookings.begin(turn)
        elif action == "cancel":  # a channel's "cancel a booking" command
            await self._leave(turn)
            await self.cancel.begin(turn)
        elif action in ("bk", "cx", "mv", "lt"):
            await self._open_booking(turn, pressed)
        else:
            flow = self.flows.get(turn.state.flow or "")
            if flow is not None and await flow.on_button(turn, pressed):
                return
            turn.say(turn._("That button is no longer valid."))
            await self._reprompt(turn)

    async def _switch_language(self, turn: Turn, code: str) -> None:
        """The client's explicit choice: from now on, in every reply and reminder."""
        turn.set_language(code)
        turn.say(turn._("Done, I will write in English."))  # each catalog names its own
        await self._reprompt(turn)

    async def _open_booking(self, turn: Turn, pressed: Payload) -> None:
        """A button naming a booking: only the client's own active one opens; anything
        else (another client's, a made-up id) changes nothing and says so."""
        booking = await owned_booking(turn, pressed.arg(0))
        if booking is None or booking.status not in ("pending", "confirmed"):
            turn.say(turn._("I can't find this booking."))
            await self._reprompt(turn)
            return
        if pressed.action == "bk":
            await self.my_bookings.show(turn, pressed)
            return
        await self._leave(turn)
        ref = str(booking.id)
        if pressed.action == "cx":
            await self.cancel.start(turn, ref)
        elif pressed.action == "mv":
            await self.reschedule.start(turn, ref)
        else:
            await self.late.start(turn, ref)

    async def _back(self, turn: Turn) -> None:
        flow = self.flows.get(turn.state.flow or "")
        if flow is None:
            await self.menu.begin(turn)
            return
        hold = turn.slots.get("hold")
        if not turn.back():
            await flow.leave(turn)
            await self.menu.begin(turn)
            return
        if hold is not None and turn.slots.get("hold") != hold:
            # Back before the time was chosen: give the held slot back.
            turn.slots["hold"] = hold
            await flow.leave(turn)
        await flow.prompt(turn)

    async def _reprompt(self, turn: Turn) -> None:
        flow = self.flows.get(turn.state.flow or "")
        if flow is not None:
            await flow.prompt(turn)
        else:
            turn.say(turn._("What would you like to do?"), menu_buttons(turn))

    async def _leave(self, turn: Turn) -> None:
        flow = self.flows.get(turn.state.flow or "")
        if flow is not None:
            await flow.leave(turn)


def _hint(language: str | None) -> str | None:
    if not language:
        return None
    code = language.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None
