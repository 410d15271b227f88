"""The menu: book, my bookings, help, language."""

from __future__ import annotations

from babel import Locale

from bot.dialogs.flows.base import Flow
from bot.dialogs.flows.book import menu_buttons
from bot.dialogs.messages import Button
from bot.dialogs.payloads import payload
from bot.dialogs.turn import Turn
from bot.i18n import LANGUAGES
from bot.nlu.interpreter import Parse


def language_buttons() -> list[Button]:
    """Each language named in itself: a client who can't read the current one finds theirs."""
    return [
        Button(
            (Locale.parse(code).get_display_name(code) or code).capitalize(), payload("lang", code)
        )
        for code in LANGUAGES
    ]


class MenuFlow(Flow):
    name = "menu"

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        turn.end_flow()
        turn.say(turn._("What would you like to do?"), menu_buttons(turn))

    async def prompt(self, turn: Turn) -> None:
        await self.begin(turn)

    async def greet(self, turn: Turn) -> None:
        turn.end_flow()
        turn.say(
            turn._(
                "Hello! I can book an appointment for you, show your bookings, change or "
                "cancel them, and tell the business if you are running late."
            ),
            menu_buttons(turn),
        )

    async def help(self, turn: Turn) -> None:
        turn.say(
            turn._(
                "You can press the buttons or simply write, for example: \"men's haircut "
                'tomorrow at 3", "my bookings", "cancel my booking", "I\'m running 10 '
                'minutes late". Type "menu" at any time to start over, or "back" to '
                "return to the previous question."
            ),
            menu_buttons(turn),
        )

    async def ask_language(self, turn: Turn) -> None:
        turn.say(turn._("Which language do you prefer?"), language_buttons())
