"""The outbox: how any part of the application sends a client a message outside a turn.

``Outbox.send`` keeps the message in the conversation and announces it, so that the
process holding the client's open chat delivers it at once, and a chat opened later
shows it. Only the web chat takes messages this way today; other channels will add
their own delivery here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from bot.clock import Clock, utc_now
from bot.dialogs.messages import Outgoing
from bot.i18n import DEFAULT_LANGUAGE
from storage import web_messages
from storage.database import Database
from storage.models import Conversation

log = logging.getLogger(__name__)

WEB_CHANNEL = "web"


@dataclass(frozen=True, slots=True)
class Recipient:
    """One conversation of a client: where a message goes, and in which language."""

    channel: str
    chat_id: str
    language: str


class Outbox:
    """Sends :class:`Outgoing` messages into clients' conversations.

    ``wake`` is called with the chat id after a web message is stored: in a serving
    process it is the push hub's, which delivers at once to the sockets it holds
    (other processes hear of it through PostgreSQL's ``NOTIFY``)."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = utc_now,
        wake: Callable[[str], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.wake = wake

    async def send(self, recipient: Recipient, messages: Sequence[Outgoing]) -> bool:
        """Keep and deliver ``messages``; False when the channel cannot take them."""
        if recipient.channel != WEB_CHANNEL:
            log.info("no way yet to send outside a turn on %s", recipient.channel)
            return False
        entries = [
            web_messages.Entry(
                web_messages.BOT, m.text, tuple((b.title, b.payload) for b in m.buttons)
            )
            for m in messages
        ]
        await web_messages.add(self.db, recipient.chat_id, entries, now=self.clock())
        if self.wake is not None:
            self.wake(recipient.chat_id)
        return True

    async def recipients(self, client_id: int) -> list[Recipient]:
        """The client's conversations, oldest first, each in its own language."""
        query = (
            select(Conversation.channel, Conversation.chat_id, Conversation.language)
            .where(Conversation.client_id == client_id)
            .order_by(Conversation.id)
        )
        async with self.db.reading() as s:
            rows = (await s.execute(query)).all()
        return [Recipient(r.channel, r.chat_id, r.language or DEFAULT_LANGUAGE) for r in rows]

    async def send_to_client(
        self, client_id: int, compose: Callable[[str], Sequence[Outgoing]]
    ) -> int:
        """Send to each of the client's conversations that can take it what ``compose``
        writes in that conversation's language; returns how many took it."""
        sent = 0
        for recipient in await self.recipients(client_id):
            if recipient.channel == WEB_CHANNEL and await self.send(
                recipient, compose(recipient.language)
            ):
                sent += 1
        return sent
