"""Commands in private chats: ``/start`` (with deep links), ``/help``, ``/language``,
``/bookings``, ``/cancel``; each is the engine's own payload of the same name."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.channels.telegram.channel import TelegramChannel

# Deep links (t.me/<bot>?start=b_<business id>) open booking at one business.
BUSINESS_LINK = "b_"


async def start_linked(message: Message, command: CommandObject, channel: TelegramChannel) -> None:
    """``/start <payload>`` from a link: ``b_<business>`` books there; others greet."""
    await channel.mark_reachable(message.chat.id)
    link = command.args or ""
    if link.startswith(BUSINESS_LINK) and len(link) > len(BUSINESS_LINK):
        user = message.from_user
        await channel.turn(message.chat.id, user, "/book")
        replies = await channel.turn(message.chat.id, user, f"/b {link[len(BUSINESS_LINK) :]}")
        await channel.deliver(message.chat.id, replies)
        return
    await channel.on_text(message, "/start")


async def start(message: Message, channel: TelegramChannel) -> None:
    """``/start``: the greeting and the menu."""
    await channel.mark_reachable(message.chat.id)
    await channel.on_text(message, "/start")


async def menu_command(message: Message, command: CommandObject, channel: TelegramChannel) -> None:
    """The menu's commands, the same as the engine's payloads."""
    await channel.on_text(message, f"/{command.command.lower()}")


def router() -> Router:
    """The commands' router (a new one for each dispatcher)."""
    commands = Router(name="commands")
    commands.message.filter(F.chat.type == "private")
    commands.message.register(start_linked, CommandStart(deep_link=True))
    commands.message.register(start, CommandStart())
    commands.message.register(menu_command, Command("help", "language", "bookings", "cancel"))
    return commands
