"""One turn at a time per conversation, across processes.

On PostgreSQL a transaction-scoped advisory lock on the conversation's key is held
for the turn on a connection of its own: another process taking a turn of the same
conversation waits for it. SQLite serves one process (the demo), where an asyncio
lock per conversation does the same.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text

from storage.database import Database


class ConversationLocks:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._local: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold the lock of conversation ``key`` for the body of the ``with``."""
        lock = self._local.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._local[key] = lock
        async with lock:
            if self.db.lock_engine is None:
                yield
                return
            async with self.db.lock_engine.begin() as connection:
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 7))"),
                    {"key": key},
                )
                yield
