"""What the Telegram channel keeps in the database: which chats can no longer be
reached (the client blocked the bot), and button payloads too long to travel inside
a button's 64 bytes once signed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from storage.database import Database
from storage.models import Base


class TelegramChat(Base):
    """A Telegram chat the bot has heard of; ``unreachable_since`` is set while the
    client has blocked the bot (Telegram answers 403), so nobody keeps sending to it."""

    __tablename__ = "telegram_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    unreachable_since: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class TelegramButton(Base):
    """A button payload kept server-side: the button carries only this row's id."""

    __tablename__ = "telegram_buttons"
    __table_args__ = (Index("ix_telegram_buttons_chat_id", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


async def mark_unreachable(db: Database, chat_id: int, now: datetime) -> None:
    """Remember that ``chat_id`` refuses the bot's messages (kept from the first 403)."""
    async with db.session() as s, s.begin():
        chat = await s.get(TelegramChat, chat_id)
        if chat is None:
            s.add(TelegramChat(chat_id=chat_id, unreachable_since=now, updated_at=now))
        elif chat.unreachable_since is None:
            chat.unreachable_since = now
            chat.updated_at = now


async def mark_reachable(db: Database, chat_id: int, now: datetime) -> None:
    """The client is back (unblocked the bot or wrote again): messages may go out."""
    async with db.session() as s, s.begin():
        await s.execute(
            update(TelegramChat)
            .where(TelegramChat.chat_id == chat_id, TelegramChat.unreachable_since.is_not(None))
            .values(unreachable_since=None, updated_at=now)
        )


async def is_reachable(db: Database, chat_id: int) -> bool:
    """False while the client has the bot blocked."""
    async with db.reading() as s:
        since = await s.scalar(
            select(TelegramChat.unreachable_since).where(TelegramChat.chat_id == chat_id)
        )
    return since is None


async def store_button(db: Database, chat_id: int, payload: str, now: datetime) -> int:
    """Keep ``payload`` for a button in ``chat_id``; the id goes into the button."""
    async with db.session() as s, s.begin():
        row = TelegramButton(chat_id=chat_id, payload=payload, created_at=now)
        s.add(row)
        await s.flush()
        return row.id


async def stored_button(db: Database, chat_id: int, button_id: int) -> str | None:
    """The payload kept under ``button_id`` for ``chat_id``; None for another chat's."""
    async with db.reading() as s:
        payload: str | None = await s.scalar(
            select(TelegramButton.payload).where(
                TelegramButton.id == button_id, TelegramButton.chat_id == chat_id
            )
        )
    return payload
