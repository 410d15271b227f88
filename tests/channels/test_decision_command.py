"""``slotchat bookings confirm`` / ``reject``: the business's answer to a request, and
what a wrong booking number gets."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.booking.service import BookingService
from storage.database import Database
from tests.channels.web_support import demo_sqlite
from tests.test_cli import slotchat


async def _request(url: str) -> int:
    """A pending manicure at Lotus (which confirms bookings itself), booked over REST:
    a channel that cannot take a message outside a turn."""
    db = Database(url)
    try:
        service = BookingService(db)
        client = await service.add_client(name="Anna", email="anna@example.com")
        (slot, *_rest) = await service.free_slots("lotus-krakow", "manicure")
        held = await service.hold(
            business_id="lotus-krakow",
            service_id="manicure",
            start=slot.start,
            client_id=client,
            channel="rest",
        )
        booking = await service.confirm(held.id, client_id=client)
        assert booking.status == "pending"
        return booking.id
    finally:
        await db.dispose()


def test_the_business_confirms_or_rejects_a_request(sqlite_template: Path, tmp_path: Path) -> None:
    url = demo_sqlite(sqlite_template, tmp_path)
    # tests.test_cli.slotchat runs on tmp_path/cli.db
    (tmp_path / "web.db").rename(tmp_path / "cli.db")
    url = url.replace("web.db", "cli.db")
    first = asyncio.run(_request(url))
    second = asyncio.run(_request(url))

    confirmed = slotchat(tmp_path, "bookings", "confirm", str(first), "--note", "see you")
    assert confirmed.returncode == 0, confirmed.stderr
    assert confirmed.stdout.strip() == (
        f"booking {first} is confirmed; the client was told in 0 chat(s)"
    )
    rejected = slotchat(tmp_path, "bookings", "reject", str(second), "--reason", "holiday")
    assert rejected.returncode == 0, rejected.stderr
    assert f"booking {second} is rejected" in rejected.stdout

    again = slotchat(tmp_path, "bookings", "confirm", str(first))
    assert again.returncode == 1
    assert again.stderr.strip() == (
        f"booking {first}: This booking can no longer be changed this way."
    )
    missing = slotchat(tmp_path, "bookings", "reject", "9999")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "booking 9999: I can't find this booking."
