"""A Rasa server as the interpreter, and the embedded model when it fails."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bot.nlu.interpreter import Parse, ParseContext
from bot.nlu.remote import RasaInterpreter

CONTEXT = ParseContext(language="en", timezone=ZoneInfo("UTC"), now=datetime.now(UTC))
RASA_ANSWER: dict[str, Any] = {
    "text": "book a massage",
    "intent": {"name": "book", "confidence": 0.97},
    "intent_ranking": [{"name": "book", "confidence": 0.97}, {"name": "greet", "confidence": 0.01}],
    "entities": [
        {"entity": "service", "value": "massage-60", "start": 7, "end": 14,
         "confidence_entity": 0.9, "extractor": "DIETClassifier"},
    ],
}  # fmt: skip


class Fallback:
    def __init__(self) -> None:
        self.texts: list[str] = []

    async def parse(self, text: str, context: ParseContext) -> Parse:
        self.texts.append(text)
        return Parse(text, "en", "greet", 0.9)


@pytest.fixture
async def rasa() -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """A server answering ``POST /model/parse`` as Rasa does (or failing, on demand)."""
    behaviour: dict[str, Any] = {"status": 200, "received": []}
    app = FastAPI()

    @app.post("/model/parse")
    async def parse(request: Request) -> JSONResponse:
        behaviour["received"].append(await request.json())
        if behaviour["status"] != 200:
            return JSONResponse({"error": "down"}, status_code=behaviour["status"])
        return JSONResponse(RASA_ANSWER)

    # A socket already listening: connections wait in its backlog until the server
    # accepts them, so nothing has to wait for the server to start.
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[listening]))
    yield f"http://127.0.0.1:{port}", behaviour
    server.should_exit = True
    await task
    listening.close()


async def test_the_rasa_servers_parse_is_used(rasa: tuple[str, dict[str, Any]]) -> None:
    url, behaviour = rasa
    fallback = Fallback()
    parsed = await RasaInterpreter(url, fallback=fallback).parse("book a massage", CONTEXT)
    assert behaviour["received"] == [{"text": "book a massage"}]
    assert (parsed.intent, parsed.confidence) == ("book", 0.97)
    assert parsed.first("service") is not None and parsed.first("service").value == "massage-60"  # type: ignore[union-attr]
    assert parsed.ranking[0] == ("book", 0.97)
    assert fallback.texts == []


async def test_a_failing_server_leaves_the_embedded_model_to_answer(
    rasa: tuple[str, dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    url, behaviour = rasa
    behaviour["status"] = 500
    fallback = Fallback()
    with caplog.at_level(logging.WARNING, logger="bot.nlu.remote"):
        parsed = await RasaInterpreter(url, fallback=fallback).parse("hello", CONTEXT)
    assert parsed.intent == "greet" and fallback.texts == ["hello"]
    assert "the embedded model answers" in caplog.text


async def test_an_unreachable_server_too(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fallback = Fallback()
    with caplog.at_level(logging.WARNING, logger="bot.nlu.remote"):
        parsed = await RasaInterpreter(f"http://127.0.0.1:{port}", fallback=fallback).parse(
            "hello", CONTEXT
        )
    assert parsed.intent == "greet"
    assert "failed" in caplog.text
