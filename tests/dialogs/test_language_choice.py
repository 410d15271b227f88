"""Which language the bot speaks: the client's choice, then what was decided before,
then the channel's hint, then the client's first text, then the business's first
language, then English; the choice is kept for the client (later reminders)."""

from __future__ import annotations

import pytest

from bot.booking.directory import Directory
from bot.dialogs.engine import Engine
from bot.dialogs.messages import Incoming, Outgoing
from bot.nlu.embedded import default_interpreter
from storage import conversations
from storage.database import Database
from storage.models import Client
from tests.conftest import FakeClock


@pytest.fixture
async def engine(demo_sqlite: Database, clock: FakeClock) -> Engine:
    return Engine(demo_sqlite, await default_interpreter(Directory(demo_sqlite)), clock=clock)


async def say(engine: Engine, text: str, *, chat: str = "c", hint: str | None = None) -> str:
    replies: list[Outgoing] = await engine.handle(Incoming("rest", chat, text, language=hint))
    return "\n".join(r.text for r in replies)


async def saved(engine: Engine, chat: str = "c") -> tuple[str | None, str | None]:
    """The language saved with the conversation and with its client."""
    async with engine.db.session() as s:
        conversation = await conversations.find(s, "rest", chat)
        assert conversation is not None
        client = await s.get(Client, conversation.client_id)
        assert client is not None
        return conversation.language, client.language


async def test_the_channels_hint_decides_a_new_conversation(engine: Engine) -> None:
    assert "Sveiki" in await say(engine, "/start", hint="lt-LT")
    assert (await saved(engine))[0] == "lt"


async def test_what_was_decided_beats_a_later_hint(engine: Engine) -> None:
    await say(engine, "/start", hint="lt")
    assert "Sveiki" in await say(engine, "/start", hint="pl")
    assert (await saved(engine))[0] == "lt"


async def test_without_a_hint_the_first_text_decides(engine: Engine) -> None:
    assert "Hello" in await say(engine, "/start")  # English, but only as a default
    assert (await saved(engine))[0] is None
    reply = await say(engine, "Dzień dobry, chcę umówić wizytę")
    assert "Co chcesz zarezerwować?" in reply or "kategori" in reply.lower(), reply
    assert await saved(engine) == ("pl", "pl")
    # Decided: a later text in another language does not switch it.
    assert "Dzień" not in await say(engine, "menu")
    assert (await saved(engine))[0] == "pl"


async def test_the_hint_beats_the_first_text(engine: Engine) -> None:
    reply = await say(engine, "Dzień dobry, chcę umówić wizytę", hint="de")
    assert "Was möchten Sie buchen?" in reply, reply
    assert (await saved(engine))[0] == "de"


async def test_then_the_businesss_first_language(engine: Engine) -> None:
    for payload in ("/book", "/c beauty", "/b lotus-krakow"):
        await say(engine, payload)  # buttons only: nothing shows a language
    reply = await say(engine, "/s massage-60")
    assert "Który dzień?" in reply, reply  # Lotus Spa Kraków serves in Polish first
    assert (await saved(engine))[0] is None  # still only a default


async def test_an_explicit_choice_beats_everything_and_is_kept_for_the_client(
    engine: Engine,
) -> None:
    await say(engine, "/start", hint="lt")
    reply = await say(engine, "speak Polish please", hint="lt")
    assert "będę pisać po polsku" in reply, reply
    assert await saved(engine) == ("pl", "pl")
    assert "Dzień dobry!" in await say(engine, "/start", hint="lt")  # the hint no longer counts
    await say(engine, "/lang ru")
    assert await saved(engine) == ("ru", "ru")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kalbėkim lietuviškai", "lt"),
        ("mówmy po polsku", "pl"),
        ("a mund të flasim shqip?", "sq"),
        ("bitte auf Deutsch", "de"),
        ("можно по-русски?", "ru"),
        ("switch to English", "en"),
    ],
)
async def test_asking_for_a_language_in_any_language(
    engine: Engine, text: str, expected: str
) -> None:
    await say(engine, "/start", hint="lt" if expected != "lt" else "en")
    await say(engine, text)
    assert (await saved(engine))[0] == expected
