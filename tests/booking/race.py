"""Many processes fighting for slots: the worker each process runs, and its driver."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.synchronize import Barrier

from bot.booking import errors
from bot.booking.service import BookingService
from storage.database import Database


@dataclass(frozen=True)
class Attempt:
    """One hold attempt: which client wants which start."""

    client_id: int
    start: str  # ISO 8601 instant
    staff_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    client_id: int
    booking_id: int | None
    staff_id: str | None
    start: str
    taken: bool
    alternatives: int
    error: str | None = None


async def _run(
    url: str,
    now: str,
    business_id: str,
    service_id: str,
    attempts: list[Attempt],
    barrier: Barrier,
    pool_size: int,
) -> list[Outcome]:
    db = Database(url, pool_size=pool_size)
    fixed_now = datetime.fromisoformat(now)
    service = BookingService(db, clock=lambda: fixed_now)
    async with db.engine.connect():  # open a connection before the start signal
        pass
    await asyncio.to_thread(barrier.wait)

    async def attempt(a: Attempt) -> Outcome:
        try:
            held = await service.hold(
                business_id=business_id,
                service_id=service_id,
                start=datetime.fromisoformat(a.start),
                client_id=a.client_id,
                staff_id=a.staff_id,
            )
            return Outcome(a.client_id, held.id, held.staff_id, a.start, False, 0)
        except errors.SlotTaken as taken:
            return Outcome(a.client_id, None, None, a.start, True, len(taken.alternatives))
        except Exception as other:  # reported to the test, which fails on it
            where = traceback.extract_tb(other.__traceback__)
            ours = [
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
                for f in where
                if "/bot/" in f.filename
            ]
            return Outcome(a.client_id, None, None, a.start, False, 0, f"{other!r} at {ours}")

    try:
        return list(await asyncio.gather(*(attempt(a) for a in attempts)))
    finally:
        await db.dispose()


def _process(
    url: str,
    now: str,
    business_id: str,
    service_id: str,
    attempts: list[Attempt],
    barrier: Barrier,
    results: multiprocessing.Queue,  # type: ignore[type-arg]
    pool_size: int,
) -> None:
    outcomes = asyncio.run(_run(url, now, business_id, service_id, attempts, barrier, pool_size))
    results.put(outcomes)


def race(
    url: str,
    *,
    now: datetime,
    business_id: str,
    service_id: str,
    attempts: list[Attempt],
    processes: int,
    pool_size: int = 5,
    timeout: float = 120,
) -> tuple[list[Outcome], float]:
    """Split ``attempts`` over ``processes`` that all start at once; returns every
    outcome and the seconds from the start signal to the last result."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    workers = [
        context.Process(
            target=_process,
            args=(
                url,
                now.isoformat(),
                business_id,
                service_id,
                attempts[i::processes],
                barrier,
                results,
                pool_size,
            ),
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=timeout)
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    for _ in workers:
        outcomes.extend(results.get(timeout=timeout))
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join(timeout=timeout)
    return outcomes, elapsed
