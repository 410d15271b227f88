"""Server push across processes: two ``slotchat serve`` processes on one PostgreSQL
database; a message stored by one process (or by a command) reaches the socket that
the other one holds, through LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.booking.service import BookingService
from storage.database import Database
from tests.channels.web_support import (
    chat,
    load_demo,
    messages,
    request_a_manicure_at_lotus,
    serve_process,
)
from tests.cli import run_slotchat


async def _pending(url: str) -> list[int]:
    db = Database(url)
    try:
        return [row.id for row in await BookingService(db).listing() if row.status == "pending"]
    finally:
        await db.dispose()


def test_a_message_reaches_the_socket_whichever_process_holds_it(
    pg_url: str, tmp_path: Path
) -> None:
    load_demo(pg_url)
    with (
        serve_process(pg_url, tmp_path) as process_a,
        serve_process(pg_url, tmp_path) as process_b,
    ):
        assert process_a != process_b
        with chat(process_a, language="de", business="lotus-krakow") as (on_a, welcome):
            session = welcome["session"]
            # The same conversation open on process B (another tab, or a reconnect
            # that a load balancer sent elsewhere): the turns taken there...
            with chat(process_b, session=session, language="de", business="lotus-krakow") as (
                on_b,
                _,
            ):
                request_a_manicure_at_lotus(on_b, "de")
                last_on_b = messages(on_b.frames)[-1]["text"]
            # ...reach the page on process A, stored by B and announced by NOTIFY.
            assert on_a.wait_for_text(last_on_b)["from"] == "bot"

            # The business confirms with the command, a third process: the page that
            # process A holds hears of it.
            (booking_id,) = asyncio.run(_pending(pg_url))
            confirmed = run_slotchat(
                "bookings", "confirm", str(booking_id), database_url=pg_url, cwd=tmp_path
            )
            assert confirmed.returncode == 0, confirmed.stderr
            assert "told in 1 chat" in confirmed.stdout
            told = on_a.wait_for_text(f"{booking_id}.")
    assert told["text"].startswith("Lotus Spa Kraków")
    assert [b["payload"] for b in told["buttons"]] == ["/bookings", "/book"]
