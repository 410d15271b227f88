"""Every conversation file (tests/conversations/*.yml) played through Telegram: typed
text and pressed buttons go to the fake Bot API as updates, the real aiogram client
polls them, and the replies are read back from the messages the bot sent or edited.
So booking by buttons and by free text, cancelling, rescheduling and running late
work in Telegram in English, Lithuanian and Russian as they do through the engine."""

from __future__ import annotations

import pytest

from bot.booking.service import BookingService
from bot.dialogs.engine import Engine
from tests.channels.telegram.harness import Harness
from tests.conftest import FakeClock
from tests.conversations.runner import Conversation, load_all, run
from tests.conversations.test_conversations import bookings_of

CHAT = 5501


@pytest.mark.parametrize("conversation", load_all(), ids=lambda c: c.name)
async def test_through_telegram(
    conversation: Conversation, harness: Harness, engine: Engine, clock: FakeClock
) -> None:
    chat = harness.chat(CHAT, conversation.language)
    await run(
        conversation,
        chat.send,
        lambda: bookings_of(engine.db, "telegram", str(CHAT)),
        BookingService(engine.db, clock),
        clock,
    )
