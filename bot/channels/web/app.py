"""The web application: one FastAPI app holding every HTTP-facing channel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.booking.service import BookingService
from bot.channels.web import catalog_pages
from storage.database import Database


def create_app(database_url: str) -> FastAPI:
    """The app for one database; the database is opened and closed with the app."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(database_url)
        app.state.bookings = BookingService(db)
        try:
            yield
        finally:
            await db.dispose()

    app = FastAPI(title="slotchat", lifespan=lifespan)
    app.include_router(catalog_pages.router)
    return app
