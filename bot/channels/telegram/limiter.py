"""How fast the bot may send: Telegram allows about 30 messages a second overall and
one a second in any one chat. Every sender of the process (replies now, reminders
later) waits here before each call, so together they stay under both limits."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

OVERALL_PER_SECOND = 30.0
CHAT_INTERVAL = 1.0
# Past slots and chats whose turn is long past are forgotten once this many are kept.
REMEMBERED_CHATS = 10_000
REMEMBERED_SLOTS = 1_000

Sleep = Callable[[float], Awaitable[None]]


class SendLimiter:
    """Hands out sending times. Time is cut into slots of ``1/overall_per_second``
    holding one call each, and new messages to one chat are ``chat_interval`` apart.
    A caller reserves its slot at once (no await between reading and writing the
    schedule), so callers are served in the order they came, and a chat waiting for
    its own pace does not hold up the others."""

    def __init__(
        self,
        *,
        overall_per_second: float = OVERALL_PER_SECOND,
        chat_interval: float = CHAT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if overall_per_second <= 0 or chat_interval < 0:
            raise ValueError("rates must be positive")
        self.rate = overall_per_second
        self.chat_interval = chat_interval
        self.clock = clock
        self.sleep = sleep
        self._taken: set[int] = set()
        self._held_until = 0.0
        self._next_in_chat: dict[int, float] = {}

    def reserve(self, chat_id: int | None) -> float:
        """Reserve the next free time for a call (a new message when ``chat_id`` is
        given) and return how many seconds to wait for it."""
        now = self.clock()
        earliest = max(now, self._held_until)
        if chat_id is not None:
            earliest = max(earliest, self._next_in_chat.get(chat_id, 0.0))
        slot = math.ceil(earliest * self.rate - 1e-6)
        while slot in self._taken:
            slot += 1
        self._taken.add(slot)
        start = max(earliest, slot / self.rate)
        if chat_id is not None:
            self._next_in_chat[chat_id] = start + self.chat_interval
        if len(self._taken) > REMEMBERED_SLOTS or len(self._next_in_chat) > REMEMBERED_CHATS:
            self._forget(now)
        return start - now

    async def wait(self, chat_id: int | None = None) -> None:
        """Return when the call may go out."""
        delay = self.reserve(chat_id)
        if delay > 0:
            await self.sleep(delay)

    def hold(self, chat_id: int | None, seconds: float) -> None:
        """Telegram said to wait (429): nothing more goes to the chat (or anywhere,
        for ``None``) for ``seconds``."""
        until = self.clock() + seconds
        if chat_id is None:
            self._held_until = max(self._held_until, until)
        else:
            self._next_in_chat[chat_id] = max(self._next_in_chat.get(chat_id, 0.0), until)

    def _forget(self, now: float) -> None:
        past = math.floor(now * self.rate)
        self._taken = {slot for slot in self._taken if slot >= past}
        self._next_in_chat = {c: t for c, t in self._next_in_chat.items() if t > now}
