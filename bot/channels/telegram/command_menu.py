"""The command menu Telegram shows beside the text field, in each of the six
languages (``setMyCommands`` with ``language_code``; English is also the default)."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SetMyCommands
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.channels.telegram.sender import SendFailed, TelegramSender
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, translations

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", N_("Main menu")),
    ("bookings", N_("My bookings")),
    ("cancel", N_("Cancel a booking")),
    ("language", N_("Change the language")),
    ("help", N_("Help")),
)


def commands_in(language: str) -> list[BotCommand]:
    """The menu's commands described in ``language``."""
    _ = translations(language).gettext
    return [BotCommand(command=name, description=_(text)) for name, text in COMMANDS]


async def publish_commands(sender: TelegramSender) -> None:
    """Set the menu for private chats: once per language, and once for every other
    language (in English). A refusal is logged: the bot works without a menu."""
    scope = BotCommandScopeAllPrivateChats()
    for language in (None, *LANGUAGES):
        method = SetMyCommands(
            commands=commands_in(language or DEFAULT_LANGUAGE), scope=scope, language_code=language
        )
        try:
            await sender.call(method, None)
        except (TelegramAPIError, SendFailed) as refused:
            log.warning("command menu (%s) not set: %s", language or "default", refused)
