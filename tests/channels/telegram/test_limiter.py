"""The send limiter: 30 calls a second overall, one new message a second per chat,
and Telegram's "retry after" honoured; on a virtual clock, then against the fake
server on the real one."""

from __future__ import annotations

import itertools

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.channels.telegram.limiter import SendLimiter
from bot.channels.telegram.sender import TelegramSender
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.harness import TOKEN


class VirtualTime:
    """A clock that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_overall_calls_are_spaced_a_thirtieth_of_a_second() -> None:
    time = VirtualTime()
    limiter = SendLimiter(clock=time)
    delays = [limiter.reserve(chat) for chat in range(60)]
    assert delays == pytest.approx([i / 30 for i in range(60)])


def test_one_chat_gets_one_message_a_second() -> None:
    time = VirtualTime()
    limiter = SendLimiter(clock=time)
    assert [limiter.reserve(7) for _ in range(3)] == pytest.approx([0.0, 1.0, 2.0])
    # Another chat is not held up by the first one's pace, only by the overall one.
    assert limiter.reserve(8) == pytest.approx(1 / 30)
    # Edits and other calls without a chat wait only for the overall pace.
    assert limiter.reserve(None) == pytest.approx(2 / 30)


async def test_waiting_in_order() -> None:
    time = VirtualTime()
    limiter = SendLimiter(clock=time, sleep=time.sleep)
    start = time.now
    for _ in range(5):
        await limiter.wait(7)
    assert time.now - start == pytest.approx(4.0)


def test_retry_after_holds_the_chat() -> None:
    time = VirtualTime()
    limiter = SendLimiter(clock=time)
    limiter.hold(7, 5)
    assert limiter.reserve(7) == pytest.approx(5.0)
    assert limiter.reserve(8) < 1
    limiter.hold(None, 3)
    assert limiter.reserve(9) == pytest.approx(3.0)


def test_rates_must_be_positive() -> None:
    with pytest.raises(ValueError):
        SendLimiter(overall_per_second=0)


async def test_messages_to_one_chat_leave_spaced(bot_api: FakeBotApi) -> None:
    """Real time, small interval: each sendMessage reaches the server at least the
    chat interval after the one before."""
    interval = 0.05
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(bot_api.base_url)))
    sender = TelegramSender(bot, SendLimiter(chat_interval=interval))
    try:
        for number in range(5):
            await sender.send_text(77, f"message {number}")
    finally:
        await bot.session.close()
    times = [c.at for c in bot_api.sent("sendMessage", 77)]
    assert len(times) == 5
    assert all(b - a >= interval * 0.9 for a, b in itertools.pairwise(times))
