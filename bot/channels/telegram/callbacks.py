"""Pressed inline buttons: every callback query is answered, forged ones refused."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.channels.telegram.channel import TelegramChannel

router = Router(name="callbacks")


@router.callback_query()
async def pressed(callback: CallbackQuery, channel: TelegramChannel) -> None:
    """A button under one of the bot's messages was pressed."""
    await channel.on_press(callback)
