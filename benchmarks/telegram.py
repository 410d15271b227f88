"""Telegram channel throughput and latency, end to end against the fake Bot API
server of the tests (on 127.0.0.1): updates handled per second with long polling and
with the webhook, and the latency of one turn (update queued → replies sent).

Each update is a real turn: aiogram fetches it (or the webhook route takes it), the
engine runs on SQLite with the demo catalog, the replies go back as Bot API calls.
Throughput is measured twice: with the production send limiter (30 messages a
second overall, which then is the ceiling) and with the limiter lifted, which shows
what the channel itself costs. Run: ``python benchmarks/telegram.py``.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bot.booking.directory import Directory
from bot.catalog.importer import import_catalog
from bot.catalog.loading import load_catalog
from bot.channels.telegram.transports import TelegramRuntime
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.channels.web.app import create_app
from bot.dialogs.engine import Engine
from bot.nlu.embedded import default_interpreter
from storage.database import Database, upgrade
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.harness import TOKEN, options
from tests.conftest import DEMO_CATALOG

CHATS = 50
PER_CHAT = 6  # /start, a pressed button, free text, … per chat
LATENCY_TURNS = 60
UNLIMITED = {"overall_per_second": 100_000.0, "chat_interval": 0.0}
PRODUCTION = {"overall_per_second": 30.0, "chat_interval": 1.0}


async def _database(folder: Path) -> str:
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    await import_catalog(db, load_catalog(DEMO_CATALOG))
    await db.dispose()
    return url


def _updates(api: FakeBotApi, chat: int, round_: int) -> dict[str, Any]:
    text = ["/start", "my bookings", "help", "menu", "/start", "hello"][round_ % PER_CHAT]
    return api.user_message(chat, language="en", text=text)


async def polling(url: str, limits: dict[str, float]) -> float:
    """Updates per second: CHATS × PER_CHAT updates queued at once, until all handled."""
    api = FakeBotApi(TOKEN)
    await api.start()
    db = Database(url)
    engine = Engine(db, await default_interpreter(Directory(db)))
    runtime = TelegramRuntime(options(api, **limits), engine)
    runtime.start()
    try:
        total = CHATS * PER_CHAT
        started = time.perf_counter()
        for round_ in range(PER_CHAT):
            for chat in range(CHATS):
                await api.push(_updates(api, 10_000 + chat, round_))
        async with asyncio.timeout(600):
            await runtime.handled.wait_for(total)
        return total / (time.perf_counter() - started)
    finally:
        await runtime.stop()
        await api.stop()
        await db.dispose()


async def latency(url: str) -> list[float]:
    """Milliseconds from an update queued to its turn's replies sent, one at a time."""
    api = FakeBotApi(TOKEN)
    await api.start()
    db = Database(url)
    engine = Engine(db, await default_interpreter(Directory(db)))
    runtime = TelegramRuntime(options(api, **PRODUCTION), engine)
    runtime.start()
    samples = []
    try:
        for turn in range(LATENCY_TURNS):
            # One chat per turn, so that the 1-message-a-second pace of a chat is not
            # what is measured.
            update = _updates(api, 20_000 + turn, turn)
            started = time.perf_counter()
            await api.push(update)
            async with asyncio.timeout(60):
                await runtime.handled.wait_for(turn + 1)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        await runtime.stop()
        await api.stop()
        await db.dispose()
    return samples


async def webhook(url: str, limits: dict[str, float], concurrency: int = 20) -> float:
    """Updates per second through ``POST /webhooks/telegram`` (in-process ASGI),
    ``concurrency`` requests at a time, as Telegram's ``max_connections``."""
    api = FakeBotApi(TOKEN)
    await api.start()
    telegram = options(api, webhook_url="https://bench.example/webhooks/telegram", **limits)
    app = create_app(url, telegram=telegram)
    headers = {SECRET_HEADER: telegram.webhook_secret}
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                gate = asyncio.Semaphore(concurrency)

                async def post(chat: int, round_: int) -> None:
                    body = {"update_id": api.new_update_id(), **_updates(api, chat, round_)}
                    async with gate:
                        response = await http.post("/webhooks/telegram", json=body, headers=headers)
                    response.raise_for_status()

                started = time.perf_counter()

                # A chat's updates one after another (Telegram waits for each answer).
                async def chat_updates(chat: int) -> None:
                    for round_ in range(PER_CHAT):
                        await post(chat, round_)

                await asyncio.gather(*(chat_updates(30_000 + c) for c in range(CHATS)))
                return CHATS * PER_CHAT / (time.perf_counter() - started)
    finally:
        await api.stop()


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main() -> None:
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        url = await _database(Path(folder))
        updates = CHATS * PER_CHAT
        print(f"{updates} updates from {CHATS} chats, SQLite, fake Bot API on 127.0.0.1")
        for name, limits in (("limiter lifted", UNLIMITED), ("production limiter", PRODUCTION)):
            print(f"polling, {name}: {await polling(url, limits):7.1f} updates/s")
            print(f"webhook, {name}: {await webhook(url, limits):7.1f} updates/s")
        samples = await latency(url)
        p50, p99 = statistics.median(samples), _percentile(samples, 0.99)
        print(
            f"turn latency (polling, one update at a time): p50 {p50:.1f} ms,"
            f" p99 {p99:.1f} ms, max {max(samples):.1f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main())
