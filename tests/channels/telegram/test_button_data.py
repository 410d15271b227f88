"""Signed button data: fits 64 bytes, refuses forged, altered, other chats' and stale
buttons; a payload too long to carry is kept in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from bot.channels.telegram.button_data import (
    LIFETIME,
    MAX_DATA,
    ButtonData,
    ButtonRefused,
    derive_key,
)
from storage.database import Database
from tests.conftest import FakeClock

KEY = derive_key("123:secret", "buttons")


@pytest.mark.parametrize(
    "payload", ["/book", "/t 2611241000 tomas", "/lang lt", "/s haircut-men", "/why other_time"]
)
async def test_round_trip_inline(sqlite_url: str, clock: FakeClock, payload: str) -> None:
    db = Database(sqlite_url)
    try:
        signer = ButtonData(KEY, db, clock=clock)
        data = await signer.sign(42, payload)
        assert len(data.encode()) <= MAX_DATA
        assert await signer.open(42, data) == payload
    finally:
        await db.dispose()


async def test_long_payload_is_kept_server_side(db: Database, clock: FakeClock) -> None:
    signer = ButtonData(KEY, db, clock=clock)
    payload = "/t 2611241000 " + "a-very-long-staff-member-identifier-x" + "y" * 13
    assert len(payload.encode()) == 64
    data = await signer.sign(42, payload)
    assert len(data.encode()) <= MAX_DATA and payload not in data
    assert await signer.open(42, data) == payload
    with pytest.raises(ButtonRefused):
        await signer.open(43, data)  # another chat's button


@pytest.mark.parametrize("position", range(0, 20))
async def test_any_altered_character_is_refused(
    sqlite_url: str, clock: FakeClock, position: int
) -> None:
    db = Database(sqlite_url)
    try:
        signer = ButtonData(KEY, db, clock=clock)
        data = await signer.sign(42, "/cx 17")
        changed = "A" if data[position] != "A" else "B"
        forged = data[:position] + changed + data[position + 1 :]
        with pytest.raises(ButtonRefused) as refused:
            await signer.open(42, forged)
        assert refused.value.reason == "forged"
    finally:
        await db.dispose()


@pytest.mark.parametrize("data", ["", "x", "/cx 17", "A" * 64, "é" * 40, "AAAAAAAA000000p/cx 17"])
async def test_made_up_data_is_refused(sqlite_url: str, clock: FakeClock, data: str) -> None:
    db = Database(sqlite_url)
    try:
        with pytest.raises(ButtonRefused):
            await ButtonData(KEY, db, clock=clock).open(42, data)
    finally:
        await db.dispose()


async def test_another_key_or_chat_refuses(sqlite_url: str, clock: FakeClock) -> None:
    db = Database(sqlite_url)
    try:
        data = await ButtonData(KEY, db, clock=clock).sign(42, "/cx 17")
        with pytest.raises(ButtonRefused):
            await ButtonData(derive_key("other", "buttons"), db, clock=clock).open(42, data)
        with pytest.raises(ButtonRefused):
            await ButtonData(KEY, db, clock=clock).open(-42, data)
    finally:
        await db.dispose()


async def test_old_buttons_work_until_their_lifetime(sqlite_url: str, clock: FakeClock) -> None:
    db = Database(sqlite_url)
    try:
        signer = ButtonData(KEY, db, clock=clock)
        data = await signer.sign(42, "/bookings")
        clock.advance(days=LIFETIME.days - 1)
        assert await signer.open(42, data) == "/bookings"
        clock.advance(days=2)
        with pytest.raises(ButtonRefused) as refused:
            await signer.open(42, data)
        assert refused.value.reason == "stale"
    finally:
        await db.dispose()
