"""Fixtures: the fake Bot API server, an engine on the demo catalog, a polling bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.dialogs.engine import Engine
from bot.nlu.embedded import default_interpreter
from storage.database import Database
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.harness import TOKEN, Harness, start_bot
from tests.conftest import FakeClock


@pytest.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(TOKEN)
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def engine(demo_db: Database, clock: FakeClock) -> Engine:
    """The engine on the demo catalog (SQLite and PostgreSQL)."""
    return Engine(
        demo_db,
        await default_interpreter(Directory(demo_db)),
        clock=clock,
        bookings=BookingService(demo_db, clock),
    )


@pytest.fixture
async def harness(bot_api: FakeBotApi, engine: Engine) -> AsyncIterator[Harness]:
    """A bot polling the fake server."""
    running = await start_bot(bot_api, engine)
    yield running
    await running.runtime.stop()
