"""Loading and saving a conversation's row (the dialog state itself is the engine's)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Client, Conversation


async def find(session: AsyncSession, channel: str, chat_id: str) -> Conversation | None:
    return (
        await session.scalars(
            select(Conversation).where(
                Conversation.channel == channel, Conversation.chat_id == chat_id
            )
        )
    ).one_or_none()


async def open_conversation(
    session: AsyncSession, channel: str, chat_id: str, *, name: str, now: datetime
) -> Conversation:
    """The conversation of a chat, created with a new client on its first message."""
    conversation = await find(session, channel, chat_id)
    if conversation is not None:
        return conversation
    client = Client(name=name, created_at=now)
    session.add(client)
    await session.flush()
    conversation = Conversation(
        channel=channel,
        chat_id=chat_id,
        client_id=client.id,
        language=None,
        state={},
        turns=0,
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    await session.flush()
    return conversation


async def save_state(
    session: AsyncSession,
    conversation_id: int,
    *,
    state: dict[str, Any],
    language: str | None,
    now: datetime,
) -> None:
    conversation = await session.get_one(Conversation, conversation_id)
    conversation.state = state
    conversation.language = language
    conversation.turns += 1
    conversation.updated_at = now
