"""Driving the Telegram channel as a client would: updates go to the fake Bot API,
the real aiogram client fetches them, and the bot's calls are read back as replies."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.channels.telegram.rendering import CHOSEN
from bot.channels.telegram.transports import TelegramOptions, TelegramRuntime
from bot.dialogs.engine import Engine
from bot.dialogs.messages import Button, Outgoing
from tests.channels.telegram.fake_bot_api import Call, FakeBotApi

TOKEN = "123456789:AAE-test_token_for_the_fake_bot_api_x"
WAIT = 20.0


def options(api: FakeBotApi, **changes: Any) -> TelegramOptions:
    """Options for a bot on the fake server; no pause between one chat's messages
    unless a test asks for it (the limiter has tests of its own)."""
    values: dict[str, Any] = {
        "token": TOKEN,
        "api_url": api.base_url,
        "overall_per_second": 10_000.0,
        "chat_interval": 0.0,
        "polling_timeout": 5,
    }
    values.update(changes)
    return TelegramOptions(**values)


class Harness:
    """A running bot (polling the fake server) and the count of updates it handled."""

    def __init__(self, api: FakeBotApi, runtime: TelegramRuntime) -> None:
        self.api = api
        self.runtime = runtime
        self.pushed = 0

    async def deliver(self, update: dict[str, Any]) -> int:
        """Queue ``update`` and wait until the bot has handled it; returns the number
        of calls recorded before it, to read what the update caused."""
        mark = len(self.api.calls)
        await self.api.push(update)
        self.pushed += 1
        async with asyncio.timeout(WAIT):
            await self.runtime.handled.wait_for(self.pushed)
        return mark

    def chat(self, chat_id: int, language: str | None = "en") -> ClientChat:
        return ClientChat(self, chat_id, language)


class ClientChat:
    """One client's private chat with the bot."""

    def __init__(self, harness: Harness, chat_id: int, language: str | None) -> None:
        self.harness = harness
        self.api = harness.api
        self.chat_id = chat_id
        self.language = language
        # The engine's payload of each button under the last replies → the button's
        # signed data and the message it is under.
        self.pressable: dict[str, tuple[str, int]] = {}
        self.last: list[Outgoing] = []

    async def send(self, text: str) -> list[Outgoing]:
        """The payload of a button under the last replies presses that button (its
        signed data, under its message); any other text is typed. Returns the
        replies the bot sent or edited in, buttons showing the engine's payloads."""
        if text in self.pressable:
            data, message_id = self.pressable[text]
            return await self.press_data(data, message_id)
        return await self.write(text=text)

    async def write(self, **content: Any) -> list[Outgoing]:
        """A message with ``content`` (``text=``, ``sticker=``, ``contact=``…)."""
        update = self.api.user_message(self.chat_id, language=self.language, **content)
        return await self._replies(await self.harness.deliver(update), pressed_text=None)

    async def press_data(self, data: str, message_id: int) -> list[Outgoing]:
        """Press a button carrying ``data`` under message ``message_id``."""
        shown = self.api.messages.get((self.chat_id, message_id), {}).get("text")
        update = self.api.callback(self.chat_id, message_id, data, language=self.language)
        return await self._replies(await self.harness.deliver(update), pressed_text=shown)

    async def press(self, title: str) -> list[Outgoing]:
        """Press the button whose title starts with ``title`` among the last replies."""
        for reply in self.last:
            for button in reply.buttons:
                if button.title.replace("\u202f", " ").startswith(title):
                    return await self.send(button.payload)
        raise AssertionError(f"no button {title!r} in {self.titles()}")

    async def press_at(self, index: int) -> list[Outgoing]:
        """Press the ``index``-th button of the last replies."""
        buttons = [b for r in self.last for b in r.buttons]
        return await self.send(buttons[index].payload)

    def titles(self) -> list[str]:
        return [b.title for r in self.last for b in r.buttons]

    def text(self) -> str:
        return "\n".join(r.text for r in self.last)

    async def _replies(self, mark: int, pressed_text: str | None) -> list[Outgoing]:
        replies = []
        self.pressable = {}
        for call in self.api.calls[mark:]:
            if call.status != 200 or call.chat_id != self.chat_id:
                continue
            marked = f"{pressed_text}\n\n{CHOSEN}"
            if pressed_text is not None and str(call.params["text"]).startswith(marked):
                continue  # the pressed message showing the choice: history, not a reply
            if call.method in ("sendMessage", "editMessageText"):
                replies.append(await self._outgoing(call))
        self.last = replies
        return replies

    async def _outgoing(self, call: Call) -> Outgoing:
        markup = call.params.get("reply_markup") or {}
        signer = self.harness.runtime.channel.signer
        buttons = []
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button["callback_data"]
                payload = await signer.open(self.chat_id, data)
                self.pressable[payload] = (data, int(call.result["message_id"]))
                buttons.append(Button(button["text"], payload))
        asks_phone = any(
            b.get("request_contact") for row in markup.get("keyboard", []) for b in row
        )
        return Outgoing(
            str(call.params["text"]), tuple(buttons), expects="phone" if asks_phone else None
        )


async def start_bot(api: FakeBotApi, engine: Engine, **changes: Any) -> Harness:
    """A bot polling the fake server for ``engine``."""
    runtime = TelegramRuntime(options(api, **changes), engine)
    runtime.start()
    return Harness(api, runtime)
