"""Turns per second through the REST channel: many concurrent conversations, each
booking end to end, against real uvicorn servers (one on SQLite, two on PostgreSQL
sharing the database, turns spread over both), with the same servers' bare echo
endpoint as the denominator. Run: ``python benchmarks/turns.py``."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from fastapi import Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ("Ona Petraitė", "ona@example.com", "+37061234567")
SERVICES = [  # (category, business, service): spread the load over the catalog
    ("hair", "ausra-vilnius", "haircut-men"),
    ("hair", "nevsky-riga", "haircut-men"),
    ("fitness", "kraft-berlin", "personal-training"),
    ("beauty", "lotus-krakow", "massage-60"),
    ("health", "dentist-tirana", "checkup"),
    ("fitness", "kraft-berlin", "yoga-class"),
]


def serve(url: str, port: int) -> None:
    """Run one server process (the app plus a bare echo endpoint)."""
    import uvicorn

    from bot.channels.web.app import create_app

    app = create_app(url, pool_size=int(os.environ.get("POOL", "10")))

    @app.post("/echo")
    async def echo(request: Request) -> list[dict[str, Any]]:
        body = await request.json()
        return [{"recipient_id": body["sender"], "text": body["message"]}]

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def _wait_up(ports: list[int]) -> None:
    async with httpx.AsyncClient() as http:
        for port in ports:
            for _ in range(300):
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"server on {port} did not start")


class Load:
    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.latencies: list[float] = []
        self.booked = 0
        self.turn = 0

    async def send(
        self, http: httpx.AsyncClient, path: str, sender: str, text: str
    ) -> list[dict[str, Any]]:
        port = self.ports[self.turn % len(self.ports)]  # any process may take any turn
        self.turn += 1
        started = time.perf_counter()
        response = await http.post(
            f"http://127.0.0.1:{port}{path}",
            json={"sender": sender, "message": text, "metadata": {"language": "en"}},
        )
        self.latencies.append(time.perf_counter() - started)
        response.raise_for_status()
        result: list[dict[str, Any]] = response.json()
        return result

    async def conversation(self, http: httpx.AsyncClient, number: int) -> None:
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        category, business, service = SERVICES[number % len(SERVICES)]
        send = self.send
        await send(http, "/webhooks/rest/webhook", sender, "/start")
        for text in ("/book", f"/c {category}", f"/b {business}", f"/s {service}"):
            replies = await send(http, "/webhooks/rest/webhook", sender, text)
        days = [
            b["payload"]
            for r in replies
            for b in r.get("buttons", [])
            if b["payload"].startswith("/d ")
        ]
        replies = await send(http, "/webhooks/rest/webhook", sender, days[number % len(days)])
        for _attempt in range(5):
            times = [
                b["payload"]
                for r in replies
                for b in r.get("buttons", [])
                if b["payload"].startswith("/t ")
            ]
            if not times:
                return
            replies = await send(
                http, "/webhooks/rest/webhook", sender, times[(number // 7) % len(times)]
            )
            text = " ".join(r["text"] for r in replies)
            if "What name" in text or "Shall I book" in text:
                break
        for value in NAMES:
            replies = await send(http, "/webhooks/rest/webhook", sender, value)
        replies = await send(http, "/webhooks/rest/webhook", sender, "/yes")
        if any("Booked!" in r["text"] or "request" in r["text"] for r in replies):
            self.booked += 1

    async def echo(self, http: httpx.AsyncClient, number: int) -> None:
        for _ in range(12):
            await self.send(http, "/echo", f"echo-{number}", "hello")


async def _run(ports: list[int], conversations: int, concurrency: int, kind: str) -> Load:
    load = Load(ports)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    semaphore = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:

        async def one(number: int) -> None:
            async with semaphore:
                await getattr(load, kind)(http, number)

        await asyncio.gather(*(one(n) for n in range(conversations)))
    return load


def _report(label: str, load: Load, seconds: float) -> None:
    ordered = sorted(load.latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    extra = f", {load.booked} bookings" if load.booked else ""
    print(
        f"{label}: {len(ordered)} turns in {seconds:.1f} s = {len(ordered) / seconds:.0f} turns/s, "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms{extra}"
    )


def _bench(label: str, url: str, processes: int, args: argparse.Namespace) -> None:
    from storage.database import upgrade

    upgrade(url)
    env = {**os.environ, "SLOTCHAT_DATABASE_URL": url, "POOL": str(args.pool)}
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "catalog", "import", str(ROOT / "bot/demo/catalog.yml")],
        env=env,
        check=True,
        capture_output=True,
    )
    ports = [args.port + n for n in range(processes)]
    servers = [
        subprocess.Popen(
            [sys.executable, __file__, "--serve", url, "--port", str(port)], env=env, cwd=ROOT
        )
        for port in ports
    ]
    try:
        asyncio.run(_wait_up(ports))
        for kind, name in (("echo", "echo"), ("conversation", "booking conversations")):
            started = time.perf_counter()
            load = asyncio.run(_run(ports, args.conversations, args.concurrency, kind))
            _report(
                f"{label}, {processes} process(es), {name}", load, time.perf_counter() - started
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve")
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument(
        "--pool", type=int, default=10
    )  # (work + lock pools) x2 overflow x2 processes < 100
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return

    if args.only != "postgresql":
        folder = tempfile.mkdtemp()
        try:
            _bench("SQLite", f"sqlite+aiosqlite:///{folder}/bench.db", 1, args)
        finally:
            shutil.rmtree(folder)
    if args.only != "sqlite":
        name = f"slotchat_turns_{uuid.uuid4().hex[:8]}"

        async def admin(statement: str) -> None:
            connection = await asyncpg.connect(args.dsn)
            await connection.execute(statement)
            await connection.close()

        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
        base = args.dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        try:
            _bench("PostgreSQL", f"{base}/{name}", 2, args)
        finally:
            asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
