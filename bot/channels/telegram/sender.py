"""Sending to Telegram: every Bot API call that puts something in a chat goes through
:class:`TelegramSender`, which waits for the :class:`SendLimiter`, waits out a 429's
``retry_after``, retries server errors with growing pauses, marks a chat that blocked
the bot (403) unreachable, and splits texts longer than Telegram takes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import (
    BufferedInputFile,
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.channels.telegram.limiter import SendLimiter, Sleep

log = logging.getLogger(__name__)

T = TypeVar("T")
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply

TEXT_LIMIT = 4096  # Telegram counts UTF-16 code units
ATTEMPTS = 6
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 30.0


class ChatUnreachable(Exception):
    """The client blocked the bot (or deleted the chat): nothing can be sent there."""

    def __init__(self, chat_id: int) -> None:
        super().__init__(f"chat {chat_id} is unreachable")
        self.chat_id = chat_id


class SendFailed(Exception):
    """Telegram kept failing (5xx, network) through every attempt."""


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``text`` in pieces Telegram takes, cut at a line break, else a space, else
    anywhere (never inside a character)."""
    pieces: list[str] = []
    rest = text
    while _units(rest) > limit:
        # The longest prefix that fits, in characters.
        size, used = 0, 0
        for ch in rest:
            width = 2 if ord(ch) > 0xFFFF else 1
            if used + width > limit:
                break
            used += width
            size += 1
        head = rest[:size]
        cut = max(head.rfind("\n"), head.rfind(" "))
        if cut <= 0:
            cut = size
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


class TelegramSender:
    """The Bot API calls that write to chats, made politely and retried."""

    def __init__(
        self,
        bot: Bot,
        limiter: SendLimiter,
        *,
        on_unreachable: Callable[[int], Awaitable[None]] | None = None,
        attempts: int = ATTEMPTS,
        first_pause: float = FIRST_PAUSE,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.limiter = limiter
        self.on_unreachable = on_unreachable
        self.attempts = attempts
        self.first_pause = first_pause
        self.sleep = sleep

    async def send_text(
        self, chat_id: int, text: str, reply_markup: Markup | None = None
    ) -> list[Message]:
        """Send ``text`` (in several messages when too long; the markup goes with the
        last); raises :class:`ChatUnreachable` when the client blocked the bot."""
        pieces = split_text(text)
        sent = []
        for number, piece in enumerate(pieces, 1):
            method = SendMessage(
                chat_id=chat_id,
                text=piece,
                reply_markup=reply_markup if number == len(pieces) else None,
            )
            sent.append(await self.call(method, chat_id, new_message=True))
        return sent

    async def send_document(
        self, chat_id: int, filename: str, data: bytes, caption: str | None = None
    ) -> Message:
        """Send a file (e.g. a calendar invitation)."""
        method = SendDocument(
            chat_id=chat_id, document=BufferedInputFile(data, filename), caption=caption
        )
        return await self.call(method, chat_id, new_message=True)

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        reply_markup: InlineKeyboardMarkup | None = None,
    ) -> bool:
        """Replace a message's text and inline keyboard (none removes it); False when
        Telegram refuses (too old, deleted, unchanged: the replies go on regardless)."""
        method = EditMessageText(
            chat_id=chat_id, message_id=message_id, text=text, reply_markup=reply_markup
        )
        try:
            await self.call(method, chat_id, new_message=False)
        except (TelegramAPIError, SendFailed) as refused:
            log.info("message %s in %s not edited: %s", message_id, chat_id, refused)
            return False
        return True

    async def remove_keyboard(self, chat_id: int, message_id: int) -> bool:
        """Take the inline keyboard off a message; False when Telegram refuses."""
        method = EditMessageReplyMarkup(chat_id=chat_id, message_id=message_id)
        try:
            await self.call(method, chat_id, new_message=False)
        except (TelegramAPIError, SendFailed) as refused:
            log.info("keyboard of %s in %s kept: %s", message_id, chat_id, refused)
            return False
        return True

    async def answer_callback(self, callback_id: str, text: str | None = None) -> None:
        """Stop the pressed button's spinner (with a short notice when ``text``). Not
        a message: the limiter is not asked, and a refusal (too late) is only logged."""
        try:
            await self.call(
                AnswerCallbackQuery(callback_query_id=callback_id, text=text), None, limited=False
            )
        except (TelegramAPIError, SendFailed) as refused:
            log.info("callback %s not answered: %s", callback_id, refused)

    async def call(
        self,
        method: TelegramMethod[T],
        chat_id: int | None,
        *,
        new_message: bool = False,
        limited: bool = True,
    ) -> T:
        """Make one Bot API call with the limiter, 429 waits and 5xx retries."""
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            if limited:
                await self.limiter.wait(chat_id if new_message else None)
            try:
                return await self.bot(method)
            except TelegramRetryAfter as flood:
                log.warning("Telegram asks to wait %ss (%s)", flood.retry_after, method)
                self.limiter.hold(chat_id, flood.retry_after)
                await self.sleep(flood.retry_after)
            except TelegramForbiddenError:
                if chat_id is None:
                    raise
                if self.on_unreachable is not None:
                    await self.on_unreachable(chat_id)
                raise ChatUnreachable(chat_id) from None
            except (TelegramServerError, TelegramNetworkError) as failure:
                if attempt == self.attempts:
                    raise SendFailed(str(failure)) from failure
                log.warning("Telegram failed (%s), again in %.1fs", failure, pause)
                await self.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
        raise SendFailed(f"{type(method).__name__}: still refused after {self.attempts} attempts")
