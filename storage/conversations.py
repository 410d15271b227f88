"""A conversation's row: taking it for one turn and giving it back with the new state.

Turns of one conversation must not interleave, whichever process takes them. A turn
*leases* the row: one UPDATE marks it with the turn's token (and reads the state in
the same statement), the UPDATE that saves the new state clears the mark. Another
process finding the row leased waits until it is free, or until the lease has run
out (its holder died mid-turn). So a turn costs two statements and holds no
connection between them; the dialog state itself is the engine's business.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Client, Conversation
from storage.types import UTCDateTime

# Longer than any sane turn; a process that died mid-turn blocks its chat this long.
LEASE = timedelta(seconds=15)
FIRST_WAIT, LONGEST_WAIT = 0.002, 0.1


@dataclass(frozen=True, slots=True)
class Leased:
    """A conversation taken for one turn: where it stood, and the lease's token."""

    id: int
    client_id: int
    language: str | None
    state: dict[str, Any]
    turns: int
    token: str


class LeaseLost(RuntimeError):
    """The turn outlived its lease and another took the conversation over."""


_TABLE = Conversation.__table__
# Built once: building a statement costs more than running it.
_TAKE = (
    update(Conversation)
    .where(
        Conversation.channel == bindparam("p_channel"),
        Conversation.chat_id == bindparam("p_chat"),
        or_(
            Conversation.lease_token.is_(None),
            Conversation.lease_until < bindparam("p_now", type_=UTCDateTime()),
        ),
    )
    .values(lease_token=bindparam("p_token"), lease_until=bindparam("p_until", type_=UTCDateTime()))
    .returning(
        Conversation.id,
        Conversation.client_id,
        Conversation.language,
        _TABLE.c.state,
        Conversation.turns,
    )
)
_RELEASE = (
    update(Conversation)
    .where(Conversation.id == bindparam("p_id"), Conversation.lease_token == bindparam("p_token"))
    .values(
        turns=bindparam("p_turns"),
        updated_at=bindparam("p_now", type_=UTCDateTime()),
        lease_token=None,
        lease_until=None,
    )
)
_SAVE = _RELEASE.values(
    state=bindparam("p_state", type_=_TABLE.c.state.type),
    language=bindparam("p_language"),
)


# On PostgreSQL the same statements in plain SQL, run straight on the driver: these two
# run on every turn, and SQLAlchemy's execution layer costs more than they do.
_PG_TAKE = """
    UPDATE conversations SET lease_token = $3, lease_until = $5
    WHERE channel = $1 AND chat_id = $2 AND (lease_token IS NULL OR lease_until < $4)
    RETURNING id, client_id, language, state, turns
"""
_PG_RELEASE = """
    UPDATE conversations
    SET turns = $3, updated_at = $4, lease_token = NULL, lease_until = NULL
    WHERE id = $1 AND lease_token = $2
"""
_PG_SAVE = """
    UPDATE conversations
    SET turns = $3, updated_at = $4, lease_token = NULL, lease_until = NULL,
        state = $5::json, language = $6
    WHERE id = $1 AND lease_token = $2
"""


def _wall_clock() -> datetime:
    # Leases are about processes, not the domain: real time, even under a test clock.
    return datetime.now(UTC)


async def take(db: Database, channel: str, chat_id: str, *, name: str, now: datetime) -> Leased:
    """Lease the conversation of a chat for one turn, creating it (with a new client)
    on its first message; waits while another process holds it."""
    token = uuid.uuid4().hex
    wait = FIRST_WAIT
    while True:
        real_now = _wall_clock()
        until = real_now + LEASE
        if db.dialect == "postgresql":
            pool = await db.driver_pool()
            record = await pool.fetchrow(_PG_TAKE, channel, chat_id, token, real_now, until)
            if record is not None:
                state = json.loads(record["state"]) if record["state"] else {}
                return Leased(record[0], record[1], record[2], state, record[4], token)
        else:
            async with db.autocommit() as c:
                taking = {
                    "p_channel": channel,
                    "p_chat": chat_id,
                    "p_now": real_now,
                    "p_token": token,
                    "p_until": until,
                }
                row = (await c.execute(_TAKE, taking)).first()
            if row is not None:
                return Leased(row[0], row[1], row[2], dict(row[3] or {}), row[4], token)
        # Not taken: either the chat is new, or another process holds its turn (rare:
        # the same chat at once in two processes). Creating it tells the two apart.
        created = await _create(db, channel, chat_id, name=name, now=now, token=token)
        if created is not None:
            return created
        await asyncio.sleep(wait)
        wait = min(wait * 2, LONGEST_WAIT)


async def _create(
    db: Database, channel: str, chat_id: str, *, name: str, now: datetime, token: str
) -> Leased | None:
    """A new conversation with a new client, already leased; None if the chat got one
    meanwhile (the transaction then leaves no client behind)."""
    try:
        async with db.session() as s, s.begin():
            client_id = (
                await s.execute(
                    insert(Client).values(name=name, created_at=now).returning(Client.id)
                )
            ).scalar_one()
            conversation_id = (
                await s.execute(
                    insert(Conversation)
                    .values(
                        channel=channel,
                        chat_id=chat_id,
                        client_id=client_id,
                        language=None,
                        state={},
                        turns=0,
                        created_at=now,
                        updated_at=now,
                        lease_token=token,
                        lease_until=_wall_clock() + LEASE,
                    )
                    .returning(Conversation.id)
                )
            ).scalar_one()
    except IntegrityError:  # the chat's unique key: another process was first
        return None
    return Leased(conversation_id, client_id, None, {}, 0, token)


async def finish(
    db: Database,
    leased: Leased,
    *,
    state: dict[str, Any] | None,
    language: str | None,
    now: datetime,
) -> None:
    """Save the turn's outcome and give the conversation back. ``state`` None keeps
    the state (and language) as the turn found them: a failed turn changes nothing.
    Raises :class:`LeaseLost` if the lease had run out and was taken over."""
    if db.dialect == "postgresql":
        pool = await db.driver_pool()
        turns = leased.turns + 1
        if state is None:
            status = await pool.execute(_PG_RELEASE, leased.id, leased.token, turns, now)
        else:
            saved = json.dumps(state, ensure_ascii=False)
            status = await pool.execute(
                _PG_SAVE, leased.id, leased.token, turns, now, saved, language
            )
        if status != "UPDATE 1":
            raise LeaseLost(f"conversation {leased.id}")
        return
    params: dict[str, Any] = {
        "p_id": leased.id,
        "p_token": leased.token,
        # From what this turn read, not ``turns + 1``: were two turns ever to overlap,
        # the count would come out short and show it.
        "p_turns": leased.turns + 1,
        "p_now": now,
    }
    if state is not None:
        params.update(p_state=state, p_language=language)
    async with db.autocommit() as c:
        result = await c.execute(_RELEASE if state is None else _SAVE, params)
    if result.rowcount != 1:
        raise LeaseLost(f"conversation {leased.id}")


async def find(session: AsyncSession, channel: str, chat_id: str) -> Conversation | None:
    """The conversation of a chat, if it has one (for reading)."""
    return (
        await session.scalars(
            select(Conversation).where(
                Conversation.channel == channel, Conversation.chat_id == chat_id
            )
        )
    ).one_or_none()
