"""The two transports inside the web app: long polling, and the webhook checked with
Telegram's secret-token header; the command menu in six languages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.channels.telegram.transports import TelegramOptions, TelegramRuntime
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.channels.web.app import create_app
from bot.config import Settings
from bot.i18n import LANGUAGES, translations
from storage.database import Database
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.harness import options
from tests.conftest import FakeClock

WEBHOOK_URL = "https://bot.example.com/webhooks/telegram"


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://slotchat") as http:
            yield http


def runtime_of(app: FastAPI) -> TelegramRuntime:
    runtime: TelegramRuntime = app.state.telegram
    return runtime


async def test_webhook_with_right_and_wrong_secrets(
    bot_api: FakeBotApi, demo_sqlite: Database, sqlite_url: str, clock: FakeClock
) -> None:
    app = create_app(sqlite_url, clock=clock, telegram=options(bot_api, webhook_url=WEBHOOK_URL))
    async with running(app) as http:
        call = await bot_api.wait(lambda c: c.method == "setWebhook")
        secret = str(call.params["secret_token"])
        assert call.params["url"] == WEBHOOK_URL and len(secret) >= 32
        assert "callback_query" in call.params["allowed_updates"]
        update: dict[str, Any] = {
            "update_id": bot_api.new_update_id(),
            **bot_api.user_message(9001, language="lt", text="/start"),
        }
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: secret[:-1]}):
            response = await http.post("/webhooks/telegram", json=update, headers=headers)
            assert response.status_code == 401
        assert bot_api.sent("sendMessage", 9001) == []

        response = await http.post(
            "/webhooks/telegram", json=update, headers={SECRET_HEADER: secret}
        )
        assert response.status_code == 200
        [reply] = bot_api.sent("sendMessage", 9001)
        assert str(reply.params["text"]).startswith("Sveiki!")
        assert reply.params["reply_markup"]["inline_keyboard"]

        # A button pressed through the webhook edits its message and answers the press.
        data = reply.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        press = {
            "update_id": bot_api.new_update_id(),
            **bot_api.callback(9001, int(reply.result["message_id"]), data, language="lt"),
        }
        response = await http.post(
            "/webhooks/telegram", json=press, headers={SECRET_HEADER: secret}
        )
        assert response.status_code == 200
        assert len(bot_api.sent("answerCallbackQuery")) == 1
        assert len(bot_api.sent("editMessageText", 9001)) == 1

        # Not an update at all: refused, nothing sent.
        for body in (b"not json", b"[1, 2]", b'{"update_id": "x"}'):
            response = await http.post(
                "/webhooks/telegram", content=body, headers={SECRET_HEADER: secret}
            )
            assert response.status_code == 400
        assert not [c for c in bot_api.calls if c.method == "getUpdates"]


async def test_polling_inside_the_app(
    bot_api: FakeBotApi, demo_sqlite: Database, sqlite_url: str, clock: FakeClock
) -> None:
    app = create_app(sqlite_url, clock=clock, telegram=options(bot_api))
    async with running(app) as http:
        await bot_api.wait(lambda c: c.method == "getUpdates")
        assert bot_api.sent("deleteWebhook") and not bot_api.sent("setWebhook")
        await bot_api.push(bot_api.user_message(9002, language="en", text="/start"))
        reply = await bot_api.wait(lambda c: c.method == "sendMessage" and c.chat_id == 9002)
        assert str(reply.params["text"]).startswith("Hello!")
        # The webhook route is closed while polling.
        response = await http.post("/webhooks/telegram", json={}, headers={SECRET_HEADER: "x"})
        assert response.status_code == 404


async def test_no_token_no_telegram(demo_sqlite: Database, sqlite_url: str) -> None:
    app = create_app(sqlite_url)
    async with running(app) as http:
        assert app.state.telegram is None
        response = await http.post("/webhooks/telegram", json={})
        assert response.status_code == 404


async def test_command_menu_in_six_languages(
    bot_api: FakeBotApi, demo_sqlite: Database, sqlite_url: str, clock: FakeClock
) -> None:
    app = create_app(sqlite_url, clock=clock, telegram=options(bot_api))
    async with running(app):
        await bot_api.wait(lambda c: c.method == "getUpdates")
    menus = {c.params.get("language_code"): c.params for c in bot_api.sent("setMyCommands")}
    assert set(menus) == {None, *LANGUAGES}
    for language in LANGUAGES:
        commands = {c["command"]: c["description"] for c in menus[language]["commands"]}
        assert list(commands) == ["start", "bookings", "cancel", "language", "help"]
        assert commands["bookings"] == translations(language).gettext("My bookings")
        assert menus[language]["scope"] == {"type": "all_private_chats"}
    assert menus[None]["commands"] == menus["en"]["commands"]


@pytest.mark.parametrize("command", ["/help", "/language", "/bookings", "/cancel"])
async def test_menu_commands_reach_the_engine(
    bot_api: FakeBotApi, demo_sqlite: Database, sqlite_url: str, clock: FakeClock, command: str
) -> None:
    app = create_app(sqlite_url, clock=clock, telegram=options(bot_api))
    expected = {
        "/help": 'Type "menu" at any time',
        "/language": "Which language do you prefer?",
        "/bookings": "You have no upcoming bookings",
        "/cancel": "You have no upcoming bookings",
    }[command]
    async with running(app):
        await bot_api.push(bot_api.user_message(9003, language="en", text=command))
        reply = await bot_api.wait(lambda c: c.method == "sendMessage" and c.chat_id == 9003)
    assert expected in str(reply.params["text"])


def test_options_come_from_the_settings() -> None:
    assert TelegramOptions.from_settings(Settings(telegram_token=None)) is None
    polling = TelegramOptions.from_settings(
        Settings(telegram_token="1:a", telegram_api_url="http://127.0.0.1:9")
    )
    assert polling is not None and polling.api_url == "http://127.0.0.1:9"
    assert polling.webhook_url is None
    hooked = TelegramOptions.from_settings(
        Settings(telegram_token="1:a", telegram_webhook_url=WEBHOOK_URL, secret_key="s")
    )
    assert hooked is not None and hooked.webhook_url == WEBHOOK_URL
    # The webhook's secret is derived from the secret key when there is one.
    assert hooked.webhook_secret != polling.webhook_secret
