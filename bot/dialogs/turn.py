"""One turn of a conversation: its state, its language and the replies it gathers."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.booking.service import BookingService
from bot.dialogs.messages import Button, Outgoing
from bot.i18n import translations

if TYPE_CHECKING:
    from bot.dialogs.engine import Engine

HISTORY_DEPTH = 20


@dataclass
class DialogState:
    """Where the dialog stands: the active flow, its step, the slots it filled, and
    the steps asked so far with their slots at the time, for "back". Stored as JSON
    with the conversation."""

    flow: str | None = None
    step: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    fallbacks: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DialogState:
        return cls(
            flow=data.get("flow"),
            step=data.get("step"),
            slots=dict(data.get("slots") or {}),
            history=list(data.get("history") or []),
            fallbacks=int(data.get("fallbacks") or 0),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "step": self.step,
            "slots": self.slots,
            "history": self.history,
            "fallbacks": self.fallbacks,
        }


class Turn:
    """What a flow works with during one turn."""

    def __init__(
        self,
        *,
        engine: Engine,
        client_id: int,
        state: DialogState,
        language: str,
        channel: str,
        now: datetime,
    ) -> None:
        self.engine = engine
        self.client_id = client_id
        self.state = state
        self.language = language
        self.channel = channel
        self.now = now
        self.replies: list[Outgoing] = []
        # False while the language is only a default (nothing chose, hinted or showed
        # it yet): it is then not saved, and the client's first text may still decide.
        self.language_decided = True

    @property
    def bookings(self) -> BookingService:
        return self.engine.bookings

    @property
    def slots(self) -> dict[str, Any]:
        return self.state.slots

    # -- language -----------------------------------------------------------------

    def _(self, message: str) -> str:
        """``message`` in the conversation's language."""
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.language).ngettext(singular, plural, n)

    def set_language(self, language: str) -> None:
        """Speak ``language`` from now on (chosen, hinted or detected: decided)."""
        self.language = language
        self.language_decided = True

    # -- replies ------------------------------------------------------------------

    def say(
        self,
        text: str,
        buttons: list[Button] | tuple[Button, ...] = (),
        *,
        expects: str | None = None,
    ) -> None:
        self.replies.append(
            Outgoing(text=text, buttons=tuple(buttons), expects=expects, language=self.language)
        )

    # -- state --------------------------------------------------------------------

    def start_flow(self, flow: str, step: str | None = None, **slots: Any) -> None:
        """Make ``flow`` the active one, with fresh slots and no history."""
        self.state.flow = flow
        self.state.step = step
        self.state.slots = dict(slots)
        self.state.history = []

    def end_flow(self) -> None:
        self.state.flow = None
        self.state.step = None
        self.state.slots = {}
        self.state.history = []

    def goto(self, step: str) -> None:
        """Ask ``step``; its slots as they are now are kept so that "back" can return."""
        if self.state.step != step:
            self.state.history.append({"step": step, "slots": copy.deepcopy(self.state.slots)})
            del self.state.history[:-HISTORY_DEPTH]
        self.state.step = step

    def back(self) -> bool:
        """Return to the step asked before this one, as it was then; False if none."""
        history = self.state.history
        if history and history[-1]["step"] == self.state.step:
            history.pop()
        if not history:
            return False
        previous = history[-1]
        self.state.step = previous["step"]
        self.state.slots = copy.deepcopy(previous["slots"])
        return True
