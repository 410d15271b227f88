"""Bookings per second on PostgreSQL: 4 processes holding distinct slots, then all of
them fighting for a few slots. Run: ``python benchmarks/bookings.py``."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.booking.service import BookingService
from bot.catalog.importer import import_catalog
from bot.catalog.loading import parse_catalog
from storage.database import Database, upgrade
from tests.booking.race import Attempt, race

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
STAFF = [f"s{n:02d}" for n in range(20)]
CATALOG = {
    "categories": [{"id": "bench", "names": {"en": "Bench"}}],
    "businesses": [
        {
            "id": "bench",
            "name": "Bench",
            "category": "bench",
            "timezone": "UTC",
            "currency": "EUR",
            "languages": ["en"],
            "policies": {"min_notice_minutes": 0, "max_days_ahead": 365},
            "hours": {
                day: ["00:00-23:30"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            },
            "staff": [{"id": s, "name": s} for s in STAFF],
            "services": [
                {"id": "cut", "names": {"en": "Cut"}, "minutes": 30, "price": "10", "staff": STAFF}
            ],
        }
    ],
}


async def _admin(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _prepare(url: str, clients: int) -> list[int]:
    db = Database(url)
    try:
        await import_catalog(db, parse_catalog(CATALOG))
        service = BookingService(db, clock=lambda: NOW)
        return [await service.add_client(name=f"c{n}") for n in range(clients)]
    finally:
        await db.dispose()


def _run(dsn: str, label: str, attempts_of: object, count: int, processes: int) -> None:
    name = f"slotchat_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(dsn, f'CREATE DATABASE "{name}"'))
    url = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    try:
        upgrade(url)
        clients = asyncio.run(_prepare(url, count))
        attempts = attempts_of(clients)  # type: ignore[operator]
        outcomes, seconds = race(
            url,
            now=NOW,
            business_id="bench",
            service_id="cut",
            attempts=attempts,
            processes=processes,
        )
        errors = [o.error for o in outcomes if o.error]
        for e in sorted(set(errors))[:5]:
            print("   ", e[:300])
        won = sum(1 for o in outcomes if not o.taken and not o.error)
        print(
            f"{label}: {len(outcomes)} attempts from {processes} processes in {seconds:.2f} s: "
            f"{won} booked ({won / seconds:.0f} bookings/s), "
            f"{len(outcomes) / seconds:.0f} attempts/s, {len(errors)} errors"
        )
    finally:
        asyncio.run(_admin(dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--attempts", type=int, default=800)
    parser.add_argument("--processes", type=int, default=4)
    args = parser.parse_args()

    def distinct(clients: list[int]) -> list[Attempt]:
        result = []
        for i, client in enumerate(clients):
            slot, staff = divmod(i, len(STAFF))
            start = NOW + timedelta(days=1, minutes=30 * slot)
            if start.hour == 23 and start.minute == 30:
                start += timedelta(minutes=30)
            result.append(Attempt(client, start.isoformat(), STAFF[staff]))
        return result

    def contended(clients: list[int]) -> list[Attempt]:
        starts = [NOW + timedelta(days=1, hours=h) for h in range(5)]
        return [Attempt(c, starts[i % 5].isoformat(), STAFF[0]) for i, c in enumerate(clients)]

    _run(args.dsn, "distinct slots", distinct, args.attempts, args.processes)
    _run(args.dsn, "5 slots, 1 staff", contended, args.attempts, args.processes)


if __name__ == "__main__":
    main()
