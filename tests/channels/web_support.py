"""Real servers for the web chat tests: the app under uvicorn on a free port, in a
thread of the test process or as ``slotchat serve`` processes, and a socket client."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI
from websockets.sync.client import ClientConnection, connect

from bot.catalog.importer import import_catalog
from bot.catalog.loading import load_catalog
from bot.catalog.schema import name_in
from bot.i18n import translations
from storage.database import Database
from tests.conftest import DEMO_CATALOG, REPO

T = TypeVar("T")
STARTUP_TIMEOUT = 60.0
FRAME_TIMEOUT = 20.0


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until ``condition()`` holds, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


async def _load_demo(url: str) -> None:
    db = Database(url)
    try:
        await import_catalog(db, load_catalog(DEMO_CATALOG))
    finally:
        await db.dispose()


def apart(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on an event loop of its own thread: tests call this
    where the thread's own loop may be busy (Playwright's sync API runs one)."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(asyncio.run(work))
        except BaseException as error:
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return done[0]


def load_demo(url: str) -> None:
    """Put the demo catalog into the (migrated) database at ``url``."""
    apart(_load_demo(url))


@cache
def category_name(category_id: str, language: str) -> str:
    """A demo category's name as the client sees it."""
    catalog = load_catalog(DEMO_CATALOG)
    category = next(c for c in catalog.categories if c.id == category_id)
    return name_in(category.names, language)


def demo_sqlite(template: Path, folder: Path) -> str:
    """A migrated SQLite file holding the demo catalog."""
    path = folder / "web.db"
    shutil.copy(template, path)
    url = f"sqlite+aiosqlite:///{path}"
    load_demo(url)
    return url


@contextmanager
def serving(app: FastAPI, port: int = 0) -> Iterator[str]:
    """Serve ``app`` in a thread on ``port`` (0: a free one); yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="web-test-server", daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started or not thread.is_alive(), STARTUP_TIMEOUT, "the server")
        assert server.started, "the server did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def serve_process(database_url: str, cwd: Path) -> Iterator[str]:
    """``slotchat serve --port 0`` as a process of its own; yields its base URL."""
    env = {**os.environ, "SLOTCHAT_DATABASE_URL": database_url, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", "0"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _announced_url(process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _announced_url(process: subprocess.Popen[str]) -> str:
    """The address uvicorn says it listens on (it names the real port for port 0)."""
    assert process.stderr is not None
    found: list[str] = []
    seen: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            seen.append(line)
            match = re.search(r"running on (http://\S+)", line)
            if match and not found:
                found.append(match.group(1))

    threading.Thread(target=read, daemon=True).start()
    wait_for(lambda: bool(found) or process.poll() is not None, STARTUP_TIMEOUT, "serve")
    assert found, "serve did not start:\n" + "".join(seen)
    return found[0]


def socket_url(base: str, business: str = "ausra-vilnius") -> str:
    return base.replace("http://", "ws://", 1) + f"/ws/chat?business={business}"


class ChatClient:
    """A web chat socket as the widget uses it, reading frames with a timeout."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.frames: list[dict[str, Any]] = []

    def send(self, frame: dict[str, Any]) -> None:
        self.connection.send(json.dumps(frame))

    def say(self, text: str, label: str | None = None) -> None:
        frame: dict[str, Any] = {"type": "say", "text": text}
        if label is not None:
            frame["label"] = label
        self.send(frame)

    def next(self) -> dict[str, Any]:
        frame = json.loads(self.connection.recv(timeout=FRAME_TIMEOUT))
        assert isinstance(frame, dict)
        self.frames.append(frame)
        return frame

    def until(self, kind: str) -> list[dict[str, Any]]:
        """The frames up to and including the next one of type ``kind``."""
        got = []
        while True:
            frame = self.next()
            got.append(frame)
            if frame["type"] == kind:
                return got

    def turn(self, text: str, label: str | None = None) -> list[dict[str, Any]]:
        """Say something; the messages that came until the turn was over."""
        self.say(text, label)
        return messages(self.until("idle"))

    def wait_for_text(self, fragment: str) -> dict[str, Any]:
        """The next message whose text holds ``fragment``."""
        while True:
            frame = self.next()
            for message in frame.get("messages", []):
                if fragment in message["text"]:
                    return dict(message)


def messages(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for f in frames if f["type"] == "messages" for m in f["messages"]]


@contextmanager
def chat(
    base: str,
    *,
    session: str | None = None,
    language: str | None = None,
    business: str = "ausra-vilnius",
    origin: str | None = None,
) -> Iterator[tuple[ChatClient, dict[str, Any]]]:
    """An open chat: the client and the server's welcome."""
    headers = {"Origin": origin} if origin else None
    with connect(socket_url(base, business), additional_headers=headers) as connection:
        client = ChatClient(connection)
        client.send({"type": "hello", "session": session, "language": language})
        welcome = client.next()
        assert welcome["type"] == "welcome", welcome
        yield client, welcome


def button(found: list[dict[str, Any]], title: str = "") -> dict[str, str]:
    """The last offered button whose title starts with ``title`` (any, if empty)."""
    for message in reversed(found):
        for offered in message["buttons"]:
            if offered["title"].startswith(title):
                return dict(offered)
    raise AssertionError(f"no button {title!r} in {found}")


def request_a_manicure_at_lotus(client: ChatClient, language: str) -> None:
    """Book the first free manicure at Lotus Spa (which confirms bookings itself) by
    pressing buttons and typing the contact details; the booking is then pending."""
    _ = translations(language).gettext
    found = client.turn("/start")
    found = client.turn(button(found, _("Book"))["payload"])
    found = client.turn(button(found, category_name("beauty", language))["payload"])
    found = client.turn(button(found, "Lotus Spa")["payload"])
    for _step in ("service", "day", "time"):
        found = client.turn(button(found)["payload"])
    client.turn("Anna Nowak")
    client.turn("anna@example.com")
    found = client.turn("600 700 800")
    found = client.turn(button(found, _("Confirm"))["payload"])
    assert "Lotus Spa Kraków" in found[-1]["text"], found
