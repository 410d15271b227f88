"""Turns through the REST channel: concurrent conversations booking end to end against
real uvicorn servers (one on SQLite; two on PostgreSQL sharing the database, turns
spread over both), with the same servers' bare echo endpoint as the denominator.

Run: ``python benchmarks/turns.py`` (``--only sqlite|postgresql`` for one engine).

The load comes from a process of its own (a minimal keep-alive HTTP client), so that
the figures measure the servers. Three runs per engine, each with ``--concurrency``
conversations at a time:

- **echo**: the bare endpoint, closed loop: what HTTP alone costs on this machine;
- **capacity**: conversations back to back, closed loop: turns per second the servers
  sustain (latency here is mostly queueing: by Little's law it is about
  concurrency / throughput);
- **paced**: each conversation waits a think time (exponential, mean ``--think``
  seconds) between turns, as people do: the latency a client sees at that load.

Also reported: CPU milliseconds per turn of the server processes and of PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

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
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- the server process --------------------------------------------------------------


def serve(url: str, port: int, pool: int) -> None:
    """Run one server process (the app plus a bare echo endpoint), as ``slotchat serve``
    runs it."""
    from bot.channels.web.app import create_app
    from bot.channels.web.server import serve as run_server

    app = create_app(url, pool_size=pool)

    @app.post("/echo")
    async def echo(request: Request) -> list[dict[str, Any]]:
        body = await request.json()
        return [{"recipient_id": body["sender"], "text": body["message"]}]

    run_server(app, "127.0.0.1", port, log_level="warning")


# -- the load process ----------------------------------------------------------------


class Load:
    def __init__(self, ports: list[int], think: float) -> None:
        self.ports = ports
        self.think = think
        self.latencies: list[float] = []
        self.booked = 0
        self.errors = 0
        self.turn = 0
        self.random = random.Random(7)

    async def send(self, http: Http, path: str, sender: str, text: str) -> list[dict[str, Any]]:
        if self.think:
            await asyncio.sleep(self.random.expovariate(1 / self.think))
        port = self.ports[self.turn % len(self.ports)]  # any process may take any turn
        self.turn += 1
        body = {"sender": sender, "message": text, "metadata": {"language": "en"}}
        started = time.perf_counter()
        status, payload = await http.post(port, path, body)
        self.latencies.append(time.perf_counter() - started)
        if status != 200:
            self.errors += 1
            return []
        result: list[dict[str, Any]] = json.loads(payload)
        return result

    async def conversation(self, http: Http, number: int) -> None:
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        category, business, service = SERVICES[number % len(SERVICES)]
        path = "/webhooks/rest/webhook"
        await self.send(http, path, sender, "/start")
        replies: list[dict[str, Any]] = []
        for text in ("/book", f"/c {category}", f"/b {business}", f"/s {service}"):
            replies = await self.send(http, path, sender, text)
        days = _payloads(replies, "/d ")
        if not days:
            return
        replies = await self.send(http, path, sender, days[number % len(days)])
        for _attempt in range(5):
            times = _payloads(replies, "/t ")
            if not times:
                return
            replies = await self.send(http, path, sender, times[(number // 7) % len(times)])
            text = " ".join(r["text"] for r in replies)
            if "What name" in text or "Shall I book" in text:
                break
        for value in NAMES:
            replies = await self.send(http, path, sender, value)
        replies = await self.send(http, path, sender, "/yes")
        if any("Booked!" in r["text"] or "request" in r["text"] for r in replies):
            self.booked += 1

    async def echo(self, http: Http, number: int) -> None:
        for _ in range(11):
            await self.send(http, "/echo", f"echo-{number}", "hello")


def _payloads(replies: list[dict[str, Any]], prefix: str) -> list[str]:
    return [
        b["payload"]
        for r in replies
        for b in r.get("buttons", [])
        if b["payload"].startswith(prefix)
    ]


class Http:
    """A minimal HTTP/1.1 client over kept-alive connections: the load generator shares
    the machine's two cores with the servers, so it must cost far less than they do
    (aiohttp costs about a millisecond of CPU per request)."""

    def __init__(self, size: int) -> None:
        self.idle: dict[int, list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]] = {}
        self.size = size

    async def post(self, port: int, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        data = json.dumps(body).encode()
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n".encode()
            + data
        )
        pool = self.idle.setdefault(port, [])
        while pool:  # a kept-alive connection, unless the server has closed it meanwhile
            reader, writer = pool.pop()
            try:
                return await self._exchange(pool, reader, writer, request)
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return await self._exchange(pool, reader, writer, request)

    @staticmethod
    async def _exchange(
        pool: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        request: bytes,
    ) -> tuple[int, bytes]:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        payload = await reader.readexactly(length)
        pool.append((reader, writer))
        return status, payload

    def close(self) -> None:
        for pool in self.idle.values():
            for _, writer in pool:
                writer.close()


async def _load(args: argparse.Namespace) -> dict[str, Any]:
    ports = [int(p) for p in args.ports.split(",")]
    load = Load(ports, args.think)
    semaphore = asyncio.Semaphore(args.concurrency)
    http = Http(args.concurrency)

    async def one(number: int) -> None:
        async with semaphore:
            await getattr(load, args.kind)(http, number)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(n) for n in range(args.conversations)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    http.close()
    ordered = sorted(load.latencies)
    return {
        "turns": len(ordered),
        "seconds": seconds,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000,
        "booked": load.booked,
        "errors": load.errors,
        "cpu": cpu,
    }


# -- the driver ----------------------------------------------------------------------


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds used so far by each of these processes that is still alive."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return used


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings (a process started since counts whole)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _machine_busy() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine so far (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS, sum(values[:8]) / CLOCK_TICKS


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def _wait_up(ports: list[int]) -> None:
    import urllib.request

    for port in ports:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"server on {port} did not start")


def _run_load(
    ports: list[int], kind: str, conversations: int, concurrency: int, think: float
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--load",
        kind,
        "--ports",
        ",".join(map(str, ports)),
        "--conversations",
        str(conversations),
        "--concurrency",
        str(concurrency),
        "--think",
        str(think),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _bench(label: str, url: str, processes: int, args: argparse.Namespace) -> None:
    from storage.database import upgrade

    upgrade(url)
    env = {**os.environ, "SLOTCHAT_DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "catalog", "import", str(ROOT / "bot/demo/catalog.yml")],
        env=env,
        check=True,
        capture_output=True,
    )
    ports = [args.port + n for n in range(processes)]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                url,
                "--port",
                str(port),
                "--pool",
                str(args.pool),
            ],
            env=env,
            cwd=ROOT,
        )
        for port in ports
    ]
    server_pids = [s.pid for s in servers]
    on_postgresql = url.startswith("postgresql")
    try:
        _wait_up(ports)
        _run_load(ports, "conversation", 20, 20, 0)  # warm up: imports, caches, pools
        runs = (
            ("echo", "echo", args.concurrency, 0.0),
            ("capacity", "conversation", args.concurrency, 0.0),
            (f"paced (think {args.think:g} s)", "conversation", args.concurrency, args.think),
        )
        for name, kind, concurrency, think in runs:
            conversations = args.conversations if kind == "conversation" else args.concurrency * 4
            server_cpu = _cpu_seconds(server_pids)
            database_cpu = _cpu_seconds(_postgres_pids() if on_postgresql else [])
            busy, total = _machine_busy()
            result = _run_load(ports, kind, conversations, concurrency, think)
            busy_after, total_after = _machine_busy()
            machine = (busy_after - busy) / max(total_after - total, 1e-9)
            server_seconds = _cpu_used(server_cpu, _cpu_seconds(server_pids))
            # Backends are forked per connection: those new since the start count whole.
            database_seconds = _cpu_used(
                database_cpu, _cpu_seconds(_postgres_pids() if on_postgresql else [])
            )
            turns = result["turns"]
            line = (
                f"{label}, {processes} process(es), {name}: {turns} turns in "
                f"{result['seconds']:.1f} s = {turns / result['seconds']:.0f}/s, "
                f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms; "
                f"CPU per turn: servers {server_seconds / turns * 1000:.2f} ms"
            )
            if on_postgresql:
                line += f", PostgreSQL {database_seconds / turns * 1000:.2f} ms"
            line += f", load generator {result['cpu'] / turns * 1000:.2f} ms"
            line += f"; machine CPU {machine * 100:.0f}% busy"
            if kind == "conversation":
                line += f"; {result['booked']} of {conversations} booked"
            if result["errors"]:
                line += f"; {result['errors']} errors"
            print(line, flush=True)
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--load", choices=["echo", "conversation"], help=argparse.SUPPRESS)
    parser.add_argument("--ports", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, paced run")
    parser.add_argument("--pool", type=int, default=10, help="connections per server process")
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.pool)
        return
    if args.load:
        args.kind = args.load
        import uvloop

        print(json.dumps(uvloop.run(_load(args))))
        return

    if args.only != "postgresql":
        folder = tempfile.mkdtemp()
        try:
            _bench("SQLite", f"sqlite+aiosqlite:///{folder}/bench.db", 1, args)
        finally:
            shutil.rmtree(folder)
    if args.only != "sqlite":
        import asyncpg

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
