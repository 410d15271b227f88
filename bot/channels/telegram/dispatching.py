"""The aiogram dispatcher of the channel: its routers, in the order they are asked,
and a count of handled updates (for waiting on them and for measuring)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.types import TelegramObject

from bot.channels.telegram import callbacks, commands, membership, messages
from bot.channels.telegram.channel import TelegramChannel

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class HandledUpdates(BaseMiddleware):
    """Counts updates whose handling has finished (replies sent or given up)."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = asyncio.Condition()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        finally:
            async with self._changed:
                self.count += 1
                self._changed.notify_all()

    async def wait_for(self, count: int) -> None:
        """Return once ``count`` updates have been handled (callers bound the wait)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.count >= count)


def build_dispatcher(channel: TelegramChannel, handled: HandledUpdates) -> Dispatcher:
    """A dispatcher whose handlers get ``channel``; group and membership updates first,
    then commands, buttons, and messages last (it has the catch-alls)."""
    dispatcher = Dispatcher(channel=channel)
    dispatcher.update.outer_middleware(handled)
    dispatcher.include_routers(
        membership.router(), commands.router(), callbacks.router(), messages.router()
    )
    return dispatcher
