"""Running the channel: long polling (``getUpdates``) or a webhook (``setWebhook``
with a secret token, served by the web app at ``POST /webhooks/telegram``).

Started inside the web app's lifespan (``slotchat demo`` and ``serve``) when
``SLOTCHAT_TELEGRAM_TOKEN`` is set; ``SLOTCHAT_TELEGRAM_WEBHOOK_URL`` picks the webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import DeleteWebhook, SetWebhook
from aiogram.types import Update

from bot.channels.telegram.button_data import ButtonData, derive_key
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.command_menu import publish_commands
from bot.channels.telegram.dispatching import HandledUpdates, build_dispatcher
from bot.channels.telegram.limiter import CHAT_INTERVAL, OVERALL_PER_SECOND, SendLimiter
from bot.channels.telegram.sender import SendFailed, TelegramSender
from bot.config import Settings
from bot.dialogs.engine import Engine
from storage import telegram as store

log = logging.getLogger(__name__)

POLLING_TIMEOUT = 30
WEBHOOK_PATH = "/webhooks/telegram"


@dataclass(frozen=True, slots=True)
class TelegramOptions:
    """What the channel needs to run; :meth:`from_settings` reads it from the settings."""

    token: str
    api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    secret_key: str | None = None
    overall_per_second: float = OVERALL_PER_SECOND
    chat_interval: float = CHAT_INTERVAL
    polling_timeout: int = POLLING_TIMEOUT

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramOptions | None:
        """The options of a deployment; None when no bot token turns the channel on."""
        if not settings.telegram_token:
            return None
        return cls(
            token=settings.telegram_token,
            api_url=settings.telegram_api_url,
            webhook_url=settings.telegram_webhook_url or None,
            secret_key=settings.secret_key or None,
        )

    @property
    def secret(self) -> str:
        """What the keys derive from: the deployment's secret key, else the bot token
        (which only this deployment knows too)."""
        return self.secret_key or self.token

    @property
    def webhook_secret(self) -> str:
        """The ``secret_token`` Telegram sends back in ``X-Telegram-Bot-Api-Secret-Token``."""
        return derive_key(self.secret, "webhook").hex()


class TelegramRuntime:
    """The bot, its dispatcher and the task that polls or sets the webhook."""

    def __init__(self, options: TelegramOptions, engine: Engine) -> None:
        self.options = options
        session = AiohttpSession(api=TelegramAPIServer.from_base(options.api_url))
        self.bot = Bot(options.token, session=session)
        self.limiter = SendLimiter(
            overall_per_second=options.overall_per_second, chat_interval=options.chat_interval
        )
        db, clock = engine.db, engine.clock

        async def unreachable(chat_id: int) -> None:
            await store.mark_unreachable(db, chat_id, clock())

        self.sender = TelegramSender(self.bot, self.limiter, on_unreachable=unreachable)
        signer = ButtonData(derive_key(options.secret, "buttons"), db, clock=clock)
        self.channel = TelegramChannel(engine, self.sender, signer)
        self.handled = HandledUpdates()
        self.dispatcher: Dispatcher = build_dispatcher(self.channel, self.handled)
        self._task: asyncio.Task[None] | None = None

    @property
    def uses_webhook(self) -> bool:
        return self.options.webhook_url is not None

    def start(self) -> None:
        """Begin in the background: the command menu, then polling or the webhook."""
        self._task = asyncio.create_task(self._run(), name="telegram")

    async def _run(self) -> None:
        await publish_commands(self.sender)
        updates = self.dispatcher.resolve_used_update_types()
        try:
            if self.options.webhook_url is not None:
                await self.sender.call(
                    SetWebhook(
                        url=self.options.webhook_url,
                        secret_token=self.options.webhook_secret,
                        allowed_updates=updates,
                    ),
                    None,
                )
                log.info("Telegram webhook set to %s", self.options.webhook_url)
                return
            # A webhook left from an earlier deployment would make getUpdates fail.
            await self.sender.call(DeleteWebhook(), None)
        except (TelegramAPIError, SendFailed) as refused:
            log.error("Telegram refused the transport's set-up: %s", refused)
            if self.uses_webhook:
                return
        await self.dispatcher.start_polling(
            self.bot,
            polling_timeout=self.options.polling_timeout,
            allowed_updates=updates,
            handle_signals=False,
            close_bot_session=False,
        )

    async def feed(self, data: dict[str, Any]) -> None:
        """Handle one update received by the webhook (raises ValueError if malformed)."""
        update = Update.model_validate(data, context={"bot": self.bot})
        await self.dispatcher.feed_update(self.bot, update)

    async def stop(self) -> None:
        """Stop polling (or the set-up still running) and close the HTTP session."""
        task, self._task = self._task, None
        if task is not None:
            try:
                await self.dispatcher.stop_polling()
            except RuntimeError:  # not polling (a webhook, or still setting up)
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.bot.session.close()


async def start_telegram(options: TelegramOptions, engine: Engine) -> TelegramRuntime:
    """The channel for ``engine``, started in the background."""
    runtime = TelegramRuntime(options, engine)
    runtime.start()
    return runtime
