"""The engine's promises beyond single flows: state in the database, one turn at a time."""

from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path

import pytest

from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.catalog.importer import import_catalog
from bot.catalog.loading import load_catalog
from bot.dialogs.engine import Engine
from bot.dialogs.messages import Incoming, Outgoing
from bot.nlu.embedded import default_interpreter
from storage import conversations
from storage.database import Database
from tests.cli import run_slotchat
from tests.conftest import DEMO_CATALOG, NOW, FakeClock


async def _engine(db: Database, clock: FakeClock) -> Engine:
    return Engine(db, await default_interpreter(Directory(db)), clock=clock)


def _payload(replies: list[Outgoing], title: str) -> str:
    for reply in replies:
        for button in reply.buttons:
            if button.title.startswith(title):
                return button.payload
    raise AssertionError(f"no button {title!r} in {replies}")


async def test_a_new_engine_carries_on_mid_conversation(
    demo_db: Database, clock: FakeClock
) -> None:
    """Nothing of a conversation lives in the engine: a new instance (as after a
    restart, or another process) takes the next turn where the last one left off."""
    first = await _engine(demo_db, clock)
    replies = await first.handle(Incoming("rest", "u1", "/book", language="en"))
    replies = await first.handle(Incoming("rest", "u1", _payload(replies, "Hair"), language="en"))
    replies = await first.handle(
        Incoming("rest", "u1", _payload(replies, "Kirpykla Aušra"), language="en")
    )
    replies = await first.handle(
        Incoming("rest", "u1", _payload(replies, "Men's haircut"), language="en")
    )
    day = _payload(replies, "Tue, Nov 24")
    del first

    second = await _engine(demo_db, clock)
    replies = await second.handle(Incoming("rest", "u1", day, language="en"))
    assert "Free times on Tue, Nov 24" in replies[0].text
    replies = await second.handle(Incoming("rest", "u1", _payload(replies, "10:00"), language="en"))
    assert "What name" in replies[0].text

    third = await _engine(demo_db, clock)
    for text in ("Ona Petraitė", "ona@example.com", "+37061234567"):
        replies = await third.handle(Incoming("rest", "u1", text, language="en"))
    assert "Please check your booking" in replies[0].text
    replies = await third.handle(Incoming("rest", "u1", "/yes", language="en"))
    assert "Booked!" in replies[0].text
    [booking] = await BookingService(demo_db, clock).listing()
    assert (booking.service, booking.status, booking.start) == (
        "haircut-men",
        "confirmed",
        "2026-11-24T10:00:00+02:00",
    )


async def test_a_failing_turn_keeps_the_conversation_where_it_was(
    demo_db: Database, clock: FakeClock
) -> None:
    engine = await _engine(demo_db, clock)
    await engine.handle(Incoming("rest", "u2", "/book", language="en"))

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    engine.book.on_button = broken  # type: ignore[method-assign]
    replies = await engine.handle(Incoming("rest", "u2", "/c hair", language="en"))
    assert "something went wrong on my side" in replies[0].text
    async with demo_db.session() as s:
        conversation = await conversations.find(s, "rest", "u2")
        assert conversation is not None
        assert conversation.state["flow"] == "book"
        assert conversation.state["step"] == "category"


def _turns_in_process(url: str, chat: str, count: int, barrier: object) -> None:
    async def run() -> None:
        db = Database(url)
        engine = await _engine(db, FakeClock())
        barrier.wait()  # type: ignore[attr-defined]
        for _ in range(count):
            await engine.handle(Incoming("rest", chat, "/menu", language="en"))
        await db.dispose()

    asyncio.run(run())


async def test_turns_of_one_conversation_never_interleave_across_processes(pg_url: str) -> None:
    """Two processes sending turns of one conversation at once: every turn is counted
    (without the per-conversation lock, concurrent turns overwrite each other's state)."""
    db = Database(pg_url)
    await import_catalog(db, load_catalog(DEMO_CATALOG))
    engine = await _engine(db, FakeClock())
    await engine.handle(Incoming("rest", "shared", "/start", language="en"))
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)
    workers = [
        context.Process(target=_turns_in_process, args=(pg_url, "shared", 25, barrier))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    await asyncio.to_thread(barrier.wait)
    await asyncio.gather(
        *(engine.handle(Incoming("rest", "shared", "/menu", language="en")) for _ in range(10))
    )
    for worker in workers:
        await asyncio.to_thread(worker.join, 120)
        assert worker.exitcode == 0
    async with db.session() as s:
        conversation = await conversations.find(s, "rest", "shared")
        assert conversation is not None
        assert conversation.turns == 1 + 2 * 25 + 10
    await db.dispose()


def test_terminal_chat_numbers_the_buttons(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/chat.db"
    imported = run_slotchat("catalog", "import", str(DEMO_CATALOG), database_url=url, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    result = run_slotchat(
        "chat", "--lang", "en", database_url=url, cwd=tmp_path, stdin="1\n1\nmenu\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] Book" in out
    assert "Choose a category" in out
    assert "[1] Hair & barber" in out
    assert "Where would you like to book?" in out
    assert out.rstrip().endswith("[4] Language")


@pytest.mark.parametrize("language", ["en", "lt"])
async def test_the_channel_hint_sets_the_first_language(
    demo_db: Database, clock: FakeClock, language: str
) -> None:
    engine = await _engine(demo_db, clock)
    await engine.handle(Incoming("rest", f"hint-{language}", "/start", language=f"{language}-LT"))
    async with demo_db.session() as s:
        conversation = await conversations.find(s, "rest", f"hint-{language}")
        assert conversation is not None and conversation.language == language
    assert clock.now == NOW


async def _lease(db: Database, chat: str, *, token: str, seconds: float) -> None:
    """Mark the chat's conversation as leased by someone else for ``seconds`` from now
    (negative: a lease whose holder died and whose time has run out)."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from storage.models import Conversation

    async with db.session() as s, s.begin():
        await s.execute(
            update(Conversation)
            .where(Conversation.chat_id == chat)
            .values(lease_token=token, lease_until=datetime.now(UTC) + timedelta(seconds=seconds))
        )


async def test_a_lease_whose_holder_died_is_taken_over(demo_db: Database, clock: FakeClock) -> None:
    engine = await _engine(demo_db, clock)
    await engine.handle(Incoming("rest", "crashed", "/book", language="en"))
    await _lease(demo_db, "crashed", token="dead-process", seconds=-1)
    replies = await engine.handle(Incoming("rest", "crashed", "/c hair", language="en"))
    assert "Where would you like to book?" in replies[0].text
    async with demo_db.session() as s:
        conversation = await conversations.find(s, "rest", "crashed")
        assert conversation is not None
        assert (conversation.lease_token, conversation.state["step"]) == (None, "business")


async def test_a_turn_waits_while_another_process_holds_the_conversation(
    demo_db: Database, clock: FakeClock
) -> None:
    engine = await _engine(demo_db, clock)
    await engine.handle(Incoming("rest", "busy", "/book", language="en"))
    await _lease(demo_db, "busy", token="other-process", seconds=60)
    waiting = asyncio.create_task(engine.handle(Incoming("rest", "busy", "/c hair", language="en")))
    await asyncio.sleep(0.05)
    assert not waiting.done()  # it cannot have run: the lease is someone else's
    async with demo_db.session() as s:
        conversation = await conversations.find(s, "rest", "busy")
        assert conversation is not None and conversation.state["step"] == "category"
        conversation.lease_token = None  # the other process ends its turn
        await s.commit()
    replies = await asyncio.wait_for(waiting, 10)
    assert "Where would you like to book?" in replies[0].text
