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


async def _engine(db: Database, clock: FakeClock) -> Engine:
    return Engine(
        db,
        await default_interpreter(Directory(db)),
        clock=clock,
        bookings=BookingService(db, clock),
    )


@pytest.fixture
async def engine(demo_sqlite: Database, clock: FakeClock) -> Engine:
    """The engine on the demo catalog in SQLite."""
    return await _engine(demo_sqlite, clock)


@pytest.fixture
async def any_engine(demo_db: Database, clock: FakeClock) -> Engine:
    """The engine on the demo catalog, once on SQLite and once on PostgreSQL."""
    return await _engine(demo_db, clock)


@pytest.fixture
async def harness(bot_api: FakeBotApi, engine: Engine) -> AsyncIterator[Harness]:
    """A bot polling the fake server (SQLite)."""
    running = await start_bot(bot_api, engine)
    yield running
    await running.runtime.stop()


@pytest.fixture
async def any_harness(bot_api: FakeBotApi, any_engine: Engine) -> AsyncIterator[Harness]:
    """A bot polling the fake server, on SQLite and on PostgreSQL."""
    running = await start_bot(bot_api, any_engine)
    yield running
    await running.runtime.stop()
