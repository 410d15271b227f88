"""Running the web app as a long-lived server process (``slotchat serve`` and ``demo``)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

# A turn allocates many short-lived objects (rows, statements, replies): a larger young
# generation lets the collector run far less often for the same garbage.
GC_THRESHOLDS = (50_000, 50, 100)


def serve(app: FastAPI, host: str, port: int, *, log_level: str = "info") -> None:
    """Serve ``app`` with uvicorn until interrupted, the garbage collector set for it:
    what start-up builds (the catalog, the language model, pools) lives as long as the
    process, so once it is built the collector stops scanning it (``gc.freeze``)."""
    starting = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with starting(application):
            gc.collect()
            gc.freeze()
            yield

    app.router.lifespan_context = lifespan
    gc.set_threshold(*GC_THRESHOLDS)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level == "info")
