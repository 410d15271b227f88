"""Web chat figures on PostgreSQL with two ``slotchat serve`` processes:

- a turn over the WebSocket (say ``/help``, until the turn is over), 50 open chats at
  once on process A: turns per second, p50 and p99;
- server push: a message stored by a third process (this one, through the outbox)
  until it arrives on a socket held by process A (NOTIFY → LISTEN → the socket):
  p50 and p99, one push at a time and 50 at once.

    python benchmarks/web_push.py [--dsn postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import asyncpg
from websockets.asyncio.client import ClientConnection, connect

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.catalog.importer import import_catalog  # noqa: E402
from bot.catalog.loading import load_catalog  # noqa: E402
from bot.dialogs.messages import Outgoing  # noqa: E402
from bot.notify.outbox import Outbox, Recipient  # noqa: E402
from storage.database import Database, upgrade  # noqa: E402

CHATS = 50
TURNS_PER_CHAT = 10
PUSHES = 200


async def _admin(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _load(url: str) -> None:
    db = Database(url)
    try:
        await import_catalog(db, load_catalog(REPO / "bot" / "demo" / "catalog.yml"))
    finally:
        await db.dispose()


def _serve(url: str, folder: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "SLOTCHAT_DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", "0"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            match = re.search(r"running on http://(\S+)", line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120) or not found:
        raise SystemExit("slotchat serve did not start")
    return process, found[0]


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


class Chat:
    def __init__(self, connection: ClientConnection, session: str) -> None:
        self.connection = connection
        self.session = session
        self.arrived: dict[str, float] = {}

    async def until(self, kind: str) -> None:
        while True:
            frame = json.loads(await self.connection.recv())
            if frame["type"] == kind:
                return


async def _open(host: str) -> Chat:
    connection = await connect(f"ws://{host}/ws/chat?business=ausra-vilnius", max_queue=None)
    await connection.send(json.dumps({"type": "hello", "session": None, "language": "en"}))
    welcome = json.loads(await connection.recv())
    chat = Chat(connection, welcome["session"])
    await connection.send(json.dumps({"type": "say", "text": "/start"}))
    await chat.until("idle")
    return chat


async def _turns(chats: list[Chat]) -> None:
    took: list[float] = []

    async def talk(chat: Chat) -> None:
        for _ in range(TURNS_PER_CHAT):
            start = time.perf_counter()
            await chat.connection.send(json.dumps({"type": "say", "text": "/help"}))
            await chat.until("idle")
            took.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(talk(c) for c in chats))
    elapsed = time.perf_counter() - start
    print(
        f"turns over the socket, {len(chats)} chats at once on process A: "
        f"{len(took) / elapsed:.0f} turns/s, {_ms(took)}"
    )


async def _pushes(url: str, chats: list[Chat], *, at_once: int) -> None:
    db = Database(url)
    outbox = Outbox(db)
    took: list[float] = []

    async def wait_for(chat: Chat, marker: str) -> None:
        while True:
            frame = json.loads(await chat.connection.recv())
            for message in frame.get("messages", []):
                if message["text"] == marker:
                    return

    async def push(chat: Chat) -> None:
        marker = uuid.uuid4().hex
        start = time.perf_counter()
        waiting = asyncio.create_task(wait_for(chat, marker))
        await outbox.send(Recipient("web", chat.session, "en"), [Outgoing(marker)])
        await waiting
        took.append(time.perf_counter() - start)

    try:
        for first in range(0, PUSHES, at_once):
            group = [chats[(first + i) % len(chats)] for i in range(at_once)]
            await asyncio.gather(*(push(c) for c in group))
    finally:
        await db.dispose()
    print(f"push from a third process to a socket on A, {at_once} at a time: {_ms(took)}")


async def _measure(url: str, host_a: str, host_b: str) -> None:
    chats = [await _open(host_a) for _ in range(CHATS)]
    try:
        await _turns(chats)
        await _pushes(url, chats, at_once=1)
        await _pushes(url, chats, at_once=CHATS)
    finally:
        for chat in chats:
            await chat.connection.close()
    print(f"(process B at {host_b} listened too and held no socket)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    name = f"slotchat_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(args.dsn, f'CREATE DATABASE "{name}"'))
    url = args.dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    processes: list[subprocess.Popen[str]] = []
    try:
        upgrade(url)
        asyncio.run(_load(url))
        with tempfile.TemporaryDirectory() as folder:
            process_a, host_a = _serve(url, folder)
            processes.append(process_a)
            process_b, host_b = _serve(url, folder)
            processes.append(process_b)
            asyncio.run(_measure(url, host_a, host_b))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        asyncio.run(_admin(args.dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
