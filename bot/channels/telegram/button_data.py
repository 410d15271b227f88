"""Signed button data: what a Telegram button carries back when it is pressed.

Telegram allows 64 bytes of ``callback_data`` and sends whatever a client puts there,
so each button is signed for the chat it was sent to and stamped with the time it was
issued: a forged or altered button is refused, one from another chat too, and one older
than the lifetime is stale. The layout, all ASCII::

    TTTTTTTT SSSSSS K BODY
    tag      stamp  kind

``tag`` is 6 bytes of HMAC-SHA256 (base64url) over the chat id, stamp, kind and body;
``stamp`` the issue time in seconds since 2024 (base 36); kind ``p`` has the engine's
payload as body, kind ``s`` the id (base 36) of a payload kept in the database because
it would not fit.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from bot.clock import Clock, utc_now
from storage import telegram as store
from storage.database import Database

MAX_DATA = 64
TAG_CHARS = 8
STAMP_CHARS = 6
HEADER = TAG_CHARS + STAMP_CHARS + 1
INLINE, STORED = "p", "s"
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
# Long enough for a reminder's buttons or a booking list pressed weeks later.
LIFETIME = timedelta(days=60)
# Clocks of several processes differ a little: a stamp slightly ahead is not forged.
SKEW = timedelta(minutes=5)
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class ButtonRefused(Exception):
    """A pressed button that is not acted on; ``reason`` is ``forged`` or ``stale``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, from the deployment's secret (or the bot token)."""
    return hmac.new(secret.encode(), f"slotchat telegram {purpose}".encode(), "sha256").digest()


def _base36(number: int, width: int = 0) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = DIGITS[rest] + digits
        if number == 0:
            break
    return digits.rjust(width, "0")


def _from_base36(text: str) -> int | None:
    if not text or any(ch not in DIGITS for ch in text):
        return None
    return int(text, 36)


class ButtonData:
    """Signs payloads into button data and opens pressed buttons' data again."""

    def __init__(
        self,
        key: bytes,
        db: Database,
        *,
        clock: Clock = utc_now,
        lifetime: timedelta = LIFETIME,
    ) -> None:
        self.key = key
        self.db = db
        self.clock = clock
        self.lifetime = lifetime

    def _tag(self, chat_id: int, signed: str) -> str:
        digest = hmac.new(self.key, f"{chat_id}|{signed}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:6]).decode()

    async def sign(self, chat_id: int, payload: str) -> str:
        """The data of a button in ``chat_id`` that presses ``payload``."""
        now = self.clock()
        stamp = _base36(int((now - EPOCH).total_seconds()), STAMP_CHARS)
        if len(payload.encode()) <= MAX_DATA - HEADER:
            signed = f"{stamp}{INLINE}{payload}"
        else:
            row = await store.store_button(self.db, chat_id, payload, now)
            signed = f"{stamp}{STORED}{_base36(row)}"
        return self._tag(chat_id, signed) + signed

    async def open(self, chat_id: int, data: str) -> str:
        """The payload of a button pressed in ``chat_id``; raises :class:`ButtonRefused`."""
        if len(data) <= HEADER or len(data.encode()) > MAX_DATA:
            raise ButtonRefused("forged")
        tag, signed = data[:TAG_CHARS], data[TAG_CHARS:]
        if not hmac.compare_digest(tag.encode(), self._tag(chat_id, signed).encode()):
            raise ButtonRefused("forged")
        seconds = _from_base36(signed[:STAMP_CHARS])
        if seconds is None:
            raise ButtonRefused("forged")
        age = self.clock() - (EPOCH + timedelta(seconds=seconds))
        if age > self.lifetime or age < -SKEW:
            raise ButtonRefused("stale")
        kind, body = signed[STAMP_CHARS], signed[STAMP_CHARS + 1 :]
        if kind == INLINE:
            return body
        row = _from_base36(body)
        payload = await store.stored_button(self.db, chat_id, row) if row is not None else None
        if kind != STORED or payload is None:
            raise ButtonRefused("stale")
        return payload
