"""Pressed inline buttons: every callback query is answered, forged ones refused."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.channels.telegram.channel import TelegramChannel


async def pressed(callback: CallbackQuery, channel: TelegramChannel) -> None:
    """A button under one of the bot's messages was pressed."""
    await channel.on_press(callback)


def router() -> Router:
    """The buttons' router (a new one for each dispatcher)."""
    callbacks = Router(name="callbacks")
    callbacks.callback_query.register(pressed)
    return callbacks
