"""Messages in private chats: text goes to the engine; a shared contact is the phone
number typed; a captioned photo or file is its caption; anything else the bot cannot
read (stickers, voice, locations…) gets the engine's "I can only read text" and the
question again; an edited message is not taken as a new answer."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.channels.telegram.channel import TelegramChannel
from bot.i18n import translations

UNREADABLE = (F.sticker | F.photo | F.video | F.voice | F.audio | F.animation | F.video_note) | (
    F.document | F.location | F.venue | F.poll | F.dice | F.game | F.story
)


def phone_text(phone_number: str) -> str:
    """Telegram gives the shared number without '+' (``37061234567``): add it, so the
    number is read as international."""
    digits = phone_number.strip()
    return digits if digits.startswith("+") else f"+{digits}"


async def text(message: Message, channel: TelegramChannel) -> None:
    """Typed text."""
    await channel.on_text(message, message.text or "")


async def contact(message: Message, channel: TelegramChannel) -> None:
    """The share-my-phone button (or any contact): its number, as if typed."""
    assert message.contact is not None
    await channel.on_text(message, phone_text(message.contact.phone_number))


async def captioned(message: Message, channel: TelegramChannel) -> None:
    """A photo or file with a caption: the caption is what the client wrote."""
    await channel.on_text(message, message.caption or "")


async def unreadable(message: Message, channel: TelegramChannel) -> None:
    """Stickers, photos, voice, locations…: nothing to read, so the engine answers
    as it does to an empty message (and asks its question again)."""
    await channel.on_text(message, "")


async def edited(message: Message, channel: TelegramChannel) -> None:
    """An edit of an earlier message: the turn it started is over, so say so."""
    _ = translations(await channel.language(message.chat.id, message.from_user)).gettext
    await channel.say(
        message.chat.id,
        _("I only read new messages, not edits. Please send it again as a new message."),
    )


def router() -> Router:
    """The private messages' router (a new one for each dispatcher)."""
    messages = Router(name="messages")
    messages.message.filter(F.chat.type == "private")
    messages.edited_message.filter(F.chat.type == "private")
    messages.message.register(text, F.text)
    messages.message.register(contact, F.contact)
    messages.message.register(captioned, F.caption)
    messages.message.register(unreadable, UNREADABLE)
    messages.edited_message.register(edited)
    return messages
