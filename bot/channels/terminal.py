"""Talking to the bot in a terminal: buttons are numbered, typing a number presses one."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Callable

from bot.dialogs.engine import Engine
from bot.dialogs.messages import Button, Incoming, Outgoing


def show(replies: list[Outgoing], write: Callable[[str], None]) -> list[Button]:
    """Print the replies; returns their buttons in the order they were numbered."""
    buttons: list[Button] = []
    for reply in replies:
        write(reply.text)
        for button in reply.buttons:
            buttons.append(button)
            write(f"  [{len(buttons)}] {button.title}")
    return buttons


def to_message(line: str, buttons: list[Button]) -> str:
    """A typed number presses that button; anything else is sent as it is."""
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return buttons[int(text) - 1].payload
    return text


async def chat(engine: Engine, *, language: str | None, chat_id: str | None = None) -> None:
    """Read lines until end of input, answering each."""
    chat_id = chat_id or f"terminal:{getpass.getuser()}"
    write = print
    buttons = show(
        await engine.handle(Incoming("terminal", chat_id, "/start", language=language)), write
    )
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        if not line.strip():
            continue
        replies = await engine.handle(
            Incoming("terminal", chat_id, to_message(line, buttons), language=language)
        )
        buttons = show(replies, write)
