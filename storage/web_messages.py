"""The messages of web chat conversations, both ways, kept so that a page opened again
shows its history and a message sent while no page was open is there when one opens.

Rows are only ever added. Their ``id`` orders them: a socket that has shown every
message up to some id asks for the ones after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.database import Database
from storage.models import Base

CLIENT = "client"
BOT = "bot"
NOTIFY_CHANNEL = "slotchat_web"


class WebMessage(Base):
    """One message of a web conversation: what the client sent (or the title of the
    button pressed), or a reply with its buttons (``[[title, payload], ...]``)."""

    __tablename__ = "web_messages"
    __table_args__ = (Index("ix_web_messages_chat", "chat_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[str] = mapped_column(String(128))
    sender: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]]
    created_at: Mapped[datetime]


@dataclass(frozen=True, slots=True)
class Entry:
    """A message to keep: who sent it, its text and its buttons (title, payload)."""

    sender: str
    text: str
    buttons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Stored:
    """A kept message, as a socket sends it."""

    id: int
    sender: str
    text: str
    buttons: tuple[tuple[str, str], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.sender,
            "text": self.text,
            "buttons": [{"title": t, "payload": p} for t, p in self.buttons],
        }


def _stored(row: Any) -> Stored:
    return Stored(row.id, row.sender, row.text, tuple((str(t), str(p)) for t, p in row.buttons))


async def append(
    session: AsyncSession, chat_id: str, entries: Sequence[Entry], *, now: datetime
) -> None:
    """Add messages to a chat inside the caller's transaction; on PostgreSQL the same
    transaction announces them (``NOTIFY``, delivered at commit, so a listener never
    looks before the rows are there)."""
    if not entries:
        return
    await session.execute(
        insert(WebMessage),
        [
            {
                "chat_id": chat_id,
                "sender": e.sender,
                "text": e.text,
                "buttons": [list(b) for b in e.buttons],
                "created_at": now,
            }
            for e in entries
        ],
    )
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_notify(:channel, :chat)"), {"channel": NOTIFY_CHANNEL, "chat": chat_id}
        )


async def add(db: Database, chat_id: str, entries: Sequence[Entry], *, now: datetime) -> None:
    """Add messages to a chat in a transaction of their own."""
    async with db.session() as s, s.begin():
        await append(s, chat_id, entries, now=now)


async def after(db: Database, chat_id: str, last_id: int, *, limit: int = 200) -> list[Stored]:
    """The chat's messages after ``last_id``, oldest first."""
    query = (
        select(WebMessage.id, WebMessage.sender, WebMessage.text, WebMessage.buttons)
        .where(WebMessage.chat_id == chat_id, WebMessage.id > last_id)
        .order_by(WebMessage.id)
        .limit(limit)
    )
    async with db.reading() as s:
        return [_stored(row) for row in (await s.execute(query)).all()]


async def recent(db: Database, chat_id: str, *, limit: int = 200) -> list[Stored]:
    """The chat's last ``limit`` messages, oldest first."""
    query = (
        select(WebMessage.id, WebMessage.sender, WebMessage.text, WebMessage.buttons)
        .where(WebMessage.chat_id == chat_id)
        .order_by(WebMessage.id.desc())
        .limit(limit)
    )
    async with db.reading() as s:
        rows = (await s.execute(query)).all()
    return [_stored(row) for row in reversed(rows)]


async def chats_after(db: Database, last_id: int) -> tuple[int, set[str]]:
    """The newest message id, and the chats with a message after ``last_id``: how a
    process that gets no ``NOTIFY`` (SQLite) finds what other processes added."""
    query = select(WebMessage.id, WebMessage.chat_id).where(WebMessage.id > last_id)
    async with db.reading() as s:
        rows = (await s.execute(query)).all()
    newest = max((row.id for row in rows), default=last_id)
    return newest, {row.chat_id for row in rows}


async def newest_id(db: Database) -> int:
    """The id of the newest message of any chat (0 when there is none)."""
    async with db.reading() as s:
        value = await s.execute(select(WebMessage.id).order_by(WebMessage.id.desc()).limit(1))
        return int(value.scalar() or 0)
