"""Where the bot is: blocked or unblocked by a client, added to a group, or written
to in a group. Bookings are private, so in groups it only says where to find it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import ChatMemberUpdated, Message

from bot.channels.telegram.channel import TelegramChannel, language_hint
from bot.i18n import DEFAULT_LANGUAGE, translations

GROUPS = F.chat.type.in_({"group", "supergroup"})
GONE = {"kicked", "left"}
PRESENT = {"member", "administrator", "creator", "restricted"}


def _private_only(language: str | None) -> str:
    _ = translations(language or DEFAULT_LANGUAGE).gettext
    return _("I work in private chats only. Please write to me directly.")


async def private_status(update: ChatMemberUpdated, channel: TelegramChannel) -> None:
    """The client blocked the bot (``kicked``) or unblocked it (``member``)."""
    status = update.new_chat_member.status
    if status in GONE:
        await channel.mark_unreachable(update.chat.id)
    elif status in PRESENT:
        await channel.mark_reachable(update.chat.id)


async def added_to_group(update: ChatMemberUpdated, channel: TelegramChannel) -> None:
    """Added to a group: one short note that bookings happen in a private chat."""
    old, new = update.old_chat_member.status, update.new_chat_member.status
    if new in PRESENT and old in GONE:
        await channel.say(update.chat.id, _private_only(language_hint(update.from_user)))


async def group_command(message: Message, channel: TelegramChannel) -> None:
    """A command in a group: the same note (other group talk is not the bot's)."""
    await channel.say(message.chat.id, _private_only(language_hint(message.from_user)))


def router() -> Router:
    """The membership and group router (a new one for each dispatcher)."""
    membership = Router(name="membership")
    membership.my_chat_member.register(private_status, F.chat.type == "private")
    membership.my_chat_member.register(added_to_group, GROUPS)
    membership.message.register(group_command, GROUPS, F.text.startswith("/"))
    return membership
