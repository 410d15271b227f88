"""Milliseconds per turn, step by step, for one booking conversation at a time
(in-process engine on SQLite, no HTTP). Run: ``python benchmarks/turn_steps.py``."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.booking.directory import Directory
from bot.catalog.importer import import_catalog
from bot.catalog.loading import load_catalog
from bot.dialogs.engine import Engine
from bot.dialogs.messages import Incoming, Outgoing
from bot.nlu.embedded import default_interpreter
from storage.database import Database, upgrade
from tests.conftest import DEMO_CATALOG, FakeClock

SCRIPT = [
    "/start",
    "/book",
    "/c hair",
    "/b ausra-vilnius",
    "/s haircut-men",
    "/d 2026-11-24",
    None,  # a time button of the day
    "Ona Petraitė",
    "ona@example.com",
    "+37061234567",
    "/yes",
]
RUNS = 30


async def measure(url: str) -> dict[int, list[float]]:
    db = Database(url)
    await import_catalog(db, load_catalog(DEMO_CATALOG))
    engine = Engine(db, await default_interpreter(Directory(db)), clock=FakeClock())
    times: dict[int, list[float]] = {}
    for run in range(RUNS):
        replies: list[Outgoing] = []
        for step, text in enumerate(SCRIPT):
            if text is None:
                buttons = [b.payload for r in replies for b in r.buttons]
                text = [p for p in buttons if p.startswith("/t ")][run % 8]
            started = time.perf_counter()
            replies = await engine.handle(Incoming("bench", f"c{run}", text, language="en"))
            times.setdefault(step, []).append(time.perf_counter() - started)
    await db.dispose()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/steps.db"
        upgrade(url)
        times = asyncio.run(measure(url))
    for step, text in enumerate(SCRIPT):
        label = text or "/t (a time)"
        print(f"{label:20s} p50 {statistics.median(times[step]) * 1000:6.1f} ms")
    total = [sum(times[s][r] for s in times) for r in range(RUNS)]
    print(f"{'whole booking':20s} p50 {statistics.median(total) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
