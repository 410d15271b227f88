"""The Telegram channel's one door to the engine: a client's text or pressed button
becomes an :class:`Incoming`, the replies go back as messages. The routers call it;
it decides nothing about the dialog."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, User

from bot.channels.telegram import rendering
from bot.channels.telegram.button_data import ButtonData, ButtonRefused
from bot.channels.telegram.sender import ChatUnreachable, SendFailed, TelegramSender
from bot.dialogs.engine import Engine
from bot.dialogs.messages import Incoming, Outgoing
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations
from storage import conversations
from storage import telegram as store

log = logging.getLogger(__name__)

CHANNEL = "telegram"


def language_hint(user: User | None) -> str | None:
    """The client's Telegram language ('pt-br' → 'pt'), when it is one of ours."""
    code = (user.language_code or "") if user is not None else ""
    code = code.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def user_name(user: User | None) -> str:
    return user.full_name if user is not None else ""


class TelegramChannel:
    """Turns updates into engine turns and the engine's replies into messages."""

    def __init__(self, engine: Engine, sender: TelegramSender, signer: ButtonData) -> None:
        self.engine = engine
        self.sender = sender
        self.signer = signer

    async def language(self, chat_id: int, user: User | None) -> str:
        """The language to write the channel's own words in: the conversation's,
        else the client's Telegram language, else English."""
        async with self.engine.db.reading() as s:
            conversation = await conversations.find(s, CHANNEL, str(chat_id))
        if conversation is not None and conversation.language:
            return conversation.language
        return language_hint(user) or DEFAULT_LANGUAGE

    async def turn(self, chat_id: int, user: User | None, text: str) -> list[Outgoing]:
        """One engine turn for ``text`` (typed, or a pressed button's payload)."""
        return await self.engine.handle(
            Incoming(
                channel=CHANNEL,
                chat_id=str(chat_id),
                text=text,
                user_name=user_name(user),
                language=language_hint(user),
            )
        )

    async def on_text(self, message: Message, text: str) -> None:
        """A client's message (its text, or what stands for it) through the engine."""
        replies = await self.turn(message.chat.id, message.from_user, text)
        await self.deliver(message.chat.id, replies)

    async def on_press(self, callback: CallbackQuery) -> None:
        """A pressed button: refused when forged or stale, else the engine's turn;
        the pressed message keeps its text and shows the choice instead of buttons."""
        message = callback.message
        if message is None or not callback.data:
            await self._refuse(callback, None)
            return
        chat_id = message.chat.id
        try:
            payload = await self.signer.open(chat_id, callback.data)
        except ButtonRefused as refused:
            log.info("button refused in %s: %s", chat_id, refused.reason)
            await self._refuse(callback, chat_id)
            return
        await self.sender.answer_callback(callback.id)
        replies = await self.turn(chat_id, callback.from_user, payload)
        pressed = message if isinstance(message, Message) else None
        await self.deliver(chat_id, replies, pressed=pressed, data=callback.data)

    async def _refuse(self, callback: CallbackQuery, chat_id: int | None) -> None:
        language = (
            await self.language(chat_id, callback.from_user)
            if chat_id is not None
            else language_hint(callback.from_user) or DEFAULT_LANGUAGE
        )
        _ = translations(language).gettext
        await self.sender.answer_callback(callback.id, _("That button is no longer valid."))

    async def say(self, chat_id: int, text: str) -> None:
        """A short message of the channel's own (already translated)."""
        try:
            await self.sender.send_text(chat_id, text)
        except (ChatUnreachable, SendFailed, TelegramAPIError) as failure:
            log.info("not sent to %s: %s", chat_id, failure)

    async def deliver(
        self,
        chat_id: int,
        replies: list[Outgoing],
        *,
        pressed: Message | None = None,
        data: str | None = None,
    ) -> None:
        """Send the replies; after a press, edit the pressed message first: the same
        question again (another page of times) replaces it, anything else leaves
        its text with the chosen option under it and no keyboard."""
        messages = rendering.merge(replies)
        try:
            if (
                pressed is not None
                and messages
                and await self._edit_pressed(chat_id, pressed, data, messages[0])
            ):
                messages = messages[1:]
            for reply in messages:
                await self.sender.send_text(
                    chat_id, reply.text, await rendering.markup(chat_id, reply, self.signer)
                )
                if reply.attachment is not None:
                    attachment = reply.attachment
                    await self.sender.send_document(chat_id, attachment.filename, attachment.data)
        except ChatUnreachable:
            log.info("chat %s blocked the bot: replies dropped", chat_id)
        except (SendFailed, TelegramAPIError) as failure:
            log.warning("replies to %s not sent: %s", chat_id, failure)

    async def _edit_pressed(
        self, chat_id: int, pressed: Message, data: str | None, first: Outgoing
    ) -> bool:
        """Edit the pressed message; True when ``first`` took its place."""
        shown = pressed.text or ""
        if shown and first.text == shown and first.attachment is None and first.expects is None:
            keyboard = await rendering.inline_keyboard(chat_id, first.buttons, self.signer)
            return await self.sender.edit_text(chat_id, pressed.message_id, first.text, keyboard)
        title = _pressed_title(pressed.reply_markup, data)
        marked = rendering.chosen_text(shown, title) if title else shown
        if shown and len(marked) <= 4096:
            await self.sender.edit_text(chat_id, pressed.message_id, marked)
        else:
            await self.sender.remove_keyboard(chat_id, pressed.message_id)
        return False

    async def mark_unreachable(self, chat_id: int) -> None:
        """The client blocked the bot: remember it so nothing more is sent there."""
        await store.mark_unreachable(self.engine.db, chat_id, self.engine.clock())

    async def mark_reachable(self, chat_id: int) -> None:
        """The client unblocked the bot or wrote again."""
        await store.mark_reachable(self.engine.db, chat_id, self.engine.clock())


def _pressed_title(keyboard: InlineKeyboardMarkup | None, data: str | None) -> str | None:
    if keyboard is None or data is None:
        return None
    for row in keyboard.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
