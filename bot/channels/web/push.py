"""Server push for the web chat: which process holds a chat's socket, and how it hears
that the chat has something new.

A message for a web chat is always stored first (``storage.web_messages``); then the
sockets showing that chat are *woken*, and each sends whatever it has not sent yet.
On PostgreSQL the storing transaction also says ``NOTIFY slotchat_web, '<chat id>'``,
and every serving process ``LISTEN``s, so the process holding the socket hears it,
whichever process (or command) stored the message. On SQLite there is one serving
process: it wakes its sockets itself, and looks at the table once a second for what
another process (such as ``slotchat bookings confirm``) added.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg
from sqlalchemy.engine import make_url

from storage import web_messages
from storage.database import Database

log = logging.getLogger(__name__)

WEB_CHANNEL = "web"
POLL_SECONDS = 1.0
FIRST_RETRY, LONGEST_RETRY = 0.5, 30.0

Wake = Callable[[], None]


def _setter(event: asyncio.Event) -> Callable[[object], None]:
    return lambda _connection: event.set()


class PushHub:
    """The web chat sockets open in this process, by chat, and what wakes them."""

    def __init__(self, db: Database, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self._sockets: dict[str, set[Wake]] = {}
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()  # set while LISTEN (or the poll) is running

    def attach(self, chat_id: str, wake: Wake) -> Callable[[], None]:
        """Have ``wake`` called when ``chat_id`` has something new; returns the detach."""
        self._sockets.setdefault(chat_id, set()).add(wake)

        def detach() -> None:
            waiting = self._sockets.get(chat_id)
            if waiting is not None:
                waiting.discard(wake)
                if not waiting:
                    del self._sockets[chat_id]

        return detach

    def wake(self, chat_id: str) -> None:
        """Tell this process's sockets of ``chat_id`` to send what is new."""
        for wake in list(self._sockets.get(chat_id, ())):
            wake()

    def wake_all(self) -> None:
        """Every socket looks again (after a gap in which announcements may be lost)."""
        for chat_id in list(self._sockets):
            self.wake(chat_id)

    async def start(self) -> None:
        """Start hearing about other processes' messages."""
        if self.db.dialect == "postgresql":
            self._task = asyncio.create_task(self._listen(), name="web-push-listen")
        else:
            self._task = asyncio.create_task(self._poll(), name="web-push-poll")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _heard(
        self,
        _connection: asyncpg.Connection | asyncpg.pool.PoolConnectionProxy,
        _pid: int,
        _channel: str,
        chat_id: object,
    ) -> None:
        self.wake(str(chat_id))

    async def _listen(self) -> None:
        """LISTEN on a connection of its own; when it drops, connect again (with growing
        pauses) and have every socket look, since announcements may have been missed."""
        dsn = make_url(self.db.url).set(drivername="postgresql").render_as_string(False)
        retry = FIRST_RETRY
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(dsn)
                lost = asyncio.Event()
                connection.add_termination_listener(_setter(lost))
                await connection.add_listener(web_messages.NOTIFY_CHANNEL, self._heard)
                self.listening.set()
                retry = FIRST_RETRY
                self.wake_all()
                await lost.wait()
                log.warning("web push: the LISTEN connection closed; connecting again")
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("web push: cannot LISTEN (%s); trying again in %.1f s", error, retry)
            finally:
                self.listening.clear()
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close(timeout=2)
            await asyncio.sleep(retry)
            retry = min(retry * 2, LONGEST_RETRY)

    async def _poll(self) -> None:
        last = await web_messages.newest_id(self.db)
        self.listening.set()
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                last, chats = await web_messages.chats_after(self.db, last)
            except Exception:  # a locked or briefly unreadable file: next round
                log.exception("web push: polling for new messages failed")
                continue
            for chat_id in chats:
                self.wake(chat_id)
