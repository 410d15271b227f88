"""What every flow answers to. A flow is one feature of the dialog (booking, cancelling…)."""

from __future__ import annotations

from typing import ClassVar

from bot.dialogs.payloads import Payload
from bot.dialogs.turn import Turn
from bot.nlu.interpreter import Parse

# Where a flow asks for free text (a name, a reason), a text the model reads as another
# request with at least this confidence is that request; anything less sure is the
# answer ("Ona Test ru" is no request to speak Russian).
REQUEST_CONFIDENCE = 0.6


class Flow:
    """A flow: begins, asks its current step again, takes buttons and text."""

    name: ClassVar[str]

    async def begin(self, turn: Turn, parse: Parse | None = None) -> None:
        """Start the flow (``parse`` carries what a sentence already said)."""
        raise NotImplementedError

    async def prompt(self, turn: Turn) -> None:
        """Ask the current step's question again."""
        raise NotImplementedError

    async def on_button(self, turn: Turn, pressed: Payload) -> bool:
        """Handle a button of this flow; False if it does not belong to the current step."""
        return False

    async def on_text(self, turn: Turn, parse: Parse) -> bool:
        """Handle free text at the current step; False to let the engine route it."""
        return False

    async def leave(self, turn: Turn) -> None:
        """Release what the flow holds (e.g. a held slot) when the client leaves it."""
