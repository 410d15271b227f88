"""The web application: one FastAPI app holding every HTTP-facing channel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.channels.telegram import webhook as telegram_webhook
from bot.channels.web import catalog_pages, chat, demo_site, rest
from bot.clock import Clock, utc_now
from bot.config import get_settings
from bot.dialogs.engine import Engine
from bot.nlu.embedded import default_interpreter
from bot.notify.outbox import Outbox
from storage.database import Database

if TYPE_CHECKING:
    from bot.channels.telegram.transports import TelegramOptions


def create_app(
    database_url: str,
    *,
    clock: Clock = utc_now,
    pool_size: int = 10,
    telegram: TelegramOptions | None = None,
    allowed_origins: Mapping[str, Sequence[str]] | None = None,
) -> FastAPI:
    """The app for one database; the database is opened and closed with the app, and
    so is the Telegram channel when ``telegram`` is given. ``allowed_origins``: the
    pages that may open each business's web chat (by default the
    ``SLOTCHAT_WEB_ALLOWED_ORIGINS`` setting)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(database_url, pool_size=pool_size)
        app.state.bookings = BookingService(db, clock)
        app.state.directory = Directory(db)
        interpreter = await default_interpreter(app.state.directory)
        app.state.engine = Engine(db, interpreter, clock=clock, bookings=app.state.bookings)
        app.state.engine.directory = app.state.directory
        app.state.telegram = None
        if telegram is not None:
            from bot.channels.telegram.transports import start_telegram

            app.state.telegram = await start_telegram(telegram, app.state.engine)
        try:
            async with chat.running(app, db) as hub:
                app.state.outbox = Outbox(db, clock=clock, wake=hub.wake)
                yield
        finally:
            if app.state.telegram is not None:
                await app.state.telegram.stop()
            await db.dispose()

    app = FastAPI(title="slotchat", lifespan=lifespan)
    app.include_router(demo_site.router)
    app.include_router(catalog_pages.router)
    app.include_router(rest.router)
    app.include_router(telegram_webhook.router)
    if allowed_origins is None:
        allowed_origins = get_settings().web_allowed_origins
    chat.install(app, chat.WebChatConfig(allowed_origins=allowed_origins))
    app.mount("/static", StaticFiles(directory=chat.STATIC_DIR), name="static")
    return app
