"""The sender against the fake Bot API: 429 waits ``retry_after`` and sends again, 5xx
is retried with growing pauses, 403 marks the chat unreachable, long texts are split."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.channels.telegram.limiter import SendLimiter
from bot.channels.telegram.sender import (
    TEXT_LIMIT,
    ChatUnreachable,
    SendFailed,
    TelegramSender,
    split_text,
)
from storage import telegram as store
from storage.database import Database
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.harness import TOKEN
from tests.conftest import NOW


class VirtualTime:
    """A clock that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Pauses:
    """Records the pauses the sender asks for instead of waiting them out."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


@pytest.fixture
async def bot(bot_api: FakeBotApi) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(bot_api.base_url))
    bot = Bot(TOKEN, session=session)
    yield bot
    await session.close()


def fast_limiter() -> SendLimiter:
    return SendLimiter(overall_per_second=10_000, chat_interval=0)


async def test_429_waits_retry_after_then_sends(bot_api: FakeBotApi, bot: Bot) -> None:
    time = VirtualTime()
    limiter = SendLimiter(clock=time, sleep=time.sleep)
    sender = TelegramSender(bot, limiter, sleep=time.sleep)
    bot_api.fail("sendMessage", 429, retry_after=7)
    sent = await sender.send_text(5, "hello")
    assert [m.text for m in sent] == ["hello"]
    assert [c.status for c in bot_api.calls if c.method == "sendMessage"] == [429, 200]
    assert time.slept == pytest.approx([7.0])  # the wait, once (not again in the limiter)
    # Meanwhile every sender of the process was told to keep off the chat.
    limiter.hold(5, 7)
    assert limiter.reserve(5) == pytest.approx(7.0)
    assert limiter.reserve(6) < 1


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_retried_with_growing_pauses(
    bot_api: FakeBotApi, bot: Bot, status: int
) -> None:
    pauses = Pauses()
    sender = TelegramSender(bot, fast_limiter(), sleep=pauses)
    bot_api.fail("sendMessage", status, times=3)
    await sender.send_text(5, "hello")
    assert pauses.taken == [0.5, 1.0, 2.0]
    assert [c.status for c in bot_api.calls if c.method == "sendMessage"] == [status] * 3 + [200]


async def test_server_errors_give_up_after_the_attempts(bot_api: FakeBotApi, bot: Bot) -> None:
    sender = TelegramSender(bot, fast_limiter(), sleep=Pauses(), attempts=3)
    bot_api.fail("sendMessage", 500, times=5)
    with pytest.raises(SendFailed):
        await sender.send_text(5, "hello")
    assert len([c for c in bot_api.calls if c.method == "sendMessage"]) == 3


async def test_403_marks_the_chat_unreachable(bot_api: FakeBotApi, bot: Bot, db: Database) -> None:
    async def unreachable(chat_id: int) -> None:
        await store.mark_unreachable(db, chat_id, NOW)

    sender = TelegramSender(bot, fast_limiter(), on_unreachable=unreachable)
    bot_api.fail("sendMessage", 403)
    assert await store.is_reachable(db, 5)
    with pytest.raises(ChatUnreachable):
        await sender.send_text(5, "hello")
    assert not await store.is_reachable(db, 5)
    assert await store.is_reachable(db, 6)
    await store.mark_reachable(db, 5, NOW)
    assert await store.is_reachable(db, 5)


async def test_long_text_goes_in_pieces(bot_api: FakeBotApi, bot: Bot) -> None:
    sender = TelegramSender(bot, fast_limiter())
    text = "\n".join(f"line {n}: " + "word " * 30 for n in range(100))
    await sender.send_text(5, text)
    pieces = [str(c.params["text"]) for c in bot_api.sent("sendMessage", 5)]
    assert len(pieces) > 1
    assert all(len(p) <= TEXT_LIMIT for p in pieces)
    assert " ".join("\n".join(pieces).split()) == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("short", 10, ["short"]),
        ("", 10, [""]),
        ("one two three", 8, ["one two", "three"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        # Emoji count twice in Telegram's UTF-16 units and are never cut in half.
        ("😀😀😀", 4, ["😀😀", "😀"]),
    ],
)
def test_split_text(text: str, limit: int, pieces: list[str]) -> None:
    assert split_text(text, limit) == pieces
