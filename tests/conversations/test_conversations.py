"""Every conversation file, played through the engine and through the REST endpoint."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.channels.web.app import create_app
from bot.dialogs.engine import Engine
from bot.dialogs.messages import Button, Incoming, Outgoing
from bot.nlu.embedded import default_interpreter
from storage import conversations
from storage.database import Database
from storage.models import Booking, Business
from tests.conftest import FakeClock
from tests.conversations.runner import Conversation, Send, load_all, run

CHAT = "chat-1"


async def bookings_of(db: Database, channel: str, chat: str = CHAT) -> list[dict[str, Any]]:
    async with db.session() as s:
        conversation = await conversations.find(s, channel, chat)
        if conversation is None:
            return []
        rows = (
            await s.scalars(
                select(Booking)
                .where(Booking.client_id == conversation.client_id)
                .order_by(Booking.id)
            )
        ).all()
        result = []
        for b in rows:
            business = await s.get_one(Business, b.business_id)
            tz = ZoneInfo(business.timezone)
            result.append(
                {
                    "id": b.id,
                    "business": b.business_id,
                    "service": b.service_id,
                    "staff": b.staff_id,
                    "status": b.status,
                    "start": b.start_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
                    "reschedules": b.reschedule_count,
                    "late": b.late_minutes,
                    "language": b.language,
                }
            )
        return result


@pytest.mark.parametrize("conversation", load_all(), ids=lambda c: c.name)
async def test_through_the_engine(
    conversation: Conversation, demo_sqlite: Database, clock: FakeClock
) -> None:
    bookings = BookingService(demo_sqlite, clock)
    engine = Engine(
        demo_sqlite,
        await default_interpreter(Directory(demo_sqlite)),
        clock=clock,
        bookings=bookings,
    )

    async def send(text: str) -> list[Outgoing]:
        return await engine.handle(Incoming("test", CHAT, text, language=conversation.language))

    await run(conversation, send, lambda: bookings_of(demo_sqlite, "test"), bookings, clock)


@pytest.mark.parametrize("conversation", load_all(), ids=lambda c: c.name)
async def test_through_rest(
    conversation: Conversation, demo_sqlite: Database, sqlite_url: str, clock: FakeClock
) -> None:
    app = create_app(sqlite_url, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://slotchat") as http:

            async def send(text: str) -> list[Outgoing]:
                body: dict[str, Any] = {"sender": CHAT, "message": text}
                if conversation.language:
                    body["metadata"] = {"language": conversation.language}
                response = await http.post("/webhooks/rest/webhook", json=body)
                assert response.status_code == 200, response.text
                return [
                    Outgoing(
                        item["text"],
                        tuple(Button(b["title"], b["payload"]) for b in item.get("buttons", [])),
                    )
                    for item in response.json()
                    if item["recipient_id"] == CHAT
                ]

            rest_send: Send = send
            await run(
                conversation,
                rest_send,
                lambda: bookings_of(demo_sqlite, "rest"),
                BookingService(demo_sqlite, clock),
                clock,
            )
