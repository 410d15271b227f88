"""One turn at a time per conversation within this process.

Turns waiting in this process queue on an asyncio lock, so that only one of them at
a time asks the database for the conversation; across processes, the conversation's
lease (``storage.conversations``) keeps turns apart.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ConversationLocks:
    def __init__(self) -> None:
        self._local: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold the lock of conversation ``key`` for the body of the ``with``."""
        lock = self._local.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._local[key] = lock
        async with lock:
            yield
