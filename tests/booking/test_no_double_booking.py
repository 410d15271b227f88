"""The guarantee: many processes at once, one slot, one winner (or capacity winners)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.booking.service import BookingService
from bot.catalog.importer import import_catalog
from bot.catalog.loading import load_catalog
from storage.database import Database
from storage.models import Actor
from tests.booking.race import Attempt, race
from tests.conftest import DEMO_CATALOG, NOW

ATTEMPTS = 60
PROCESSES = 4


async def _prepare(url: str, clients: int) -> list[int]:
    db = Database(url)
    try:
        await import_catalog(db, load_catalog(DEMO_CATALOG))
        service = BookingService(db, clock=lambda: NOW)
        return [await service.add_client(name=f"Client {n}") for n in range(clients)]
    finally:
        await db.dispose()


async def _active(url: str) -> list[tuple[str | None, str, str]]:
    db = Database(url)
    try:
        rows = await BookingService(db, clock=lambda: NOW).listing()
        return [(r.staff, r.start, r.status) for r in rows if r.status == "held"]
    finally:
        await db.dispose()


@pytest.mark.parametrize(
    ("service_id", "staff_count", "winners"),
    [("haircut-women", 1, 1), ("haircut-men", 2, 2)],
    ids=["one-staff", "two-staff"],
)
async def test_many_processes_one_slot_exactly_one_winner_per_staff(
    database_url: str, service_id: str, staff_count: int, winners: int
) -> None:
    clients = await _prepare(database_url, ATTEMPTS)
    start = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Vilnius")).astimezone(UTC)
    outcomes, _ = race(
        database_url,
        now=NOW,
        business_id="ausra-vilnius",
        service_id=service_id,
        attempts=[Attempt(c, start.isoformat()) for c in clients],
        processes=PROCESSES,
    )
    assert [o.error for o in outcomes if o.error] == []
    won = [o for o in outcomes if not o.taken]
    assert len(won) == winners
    assert len({o.staff_id for o in won}) == staff_count
    lost = [o for o in outcomes if o.taken]
    assert len(lost) == ATTEMPTS - winners
    assert all(o.alternatives > 0 for o in lost), "every loser is offered alternatives"
    active = await _active(database_url)
    assert len(active) == winners


async def test_many_processes_one_group_class_exactly_capacity_winners(
    database_url: str,
) -> None:
    clients = await _prepare(database_url, ATTEMPTS)
    start = datetime(2026, 11, 24, 18, 0, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
    outcomes, _ = race(
        database_url,
        now=NOW,
        business_id="kraft-berlin",
        service_id="yoga-class",
        attempts=[Attempt(c, start.isoformat()) for c in clients],
        processes=PROCESSES,
    )
    assert [o.error for o in outcomes if o.error] == []
    assert len([o for o in outcomes if not o.taken]) == 12
    assert len([o for o in outcomes if o.taken]) == ATTEMPTS - 12
    assert len(await _active(database_url)) == 12


async def test_overlapping_starts_from_many_processes_never_overlap(database_url: str) -> None:
    """Starts every 15 minutes for a 60-minute service with one staff member: the
    winners never overlap, whichever subset wins."""
    clients = await _prepare(database_url, ATTEMPTS)
    tz = ZoneInfo("Europe/Vilnius")
    base = datetime(2026, 11, 24, 9, 0, tzinfo=tz)
    starts = [
        (base.replace(hour=9 + q // 4, minute=15 * (q % 4))).astimezone(UTC) for q in range(30)
    ]
    attempts = [Attempt(c, starts[i % len(starts)].isoformat()) for i, c in enumerate(clients)]
    outcomes, _ = race(
        database_url,
        now=NOW,
        business_id="ausra-vilnius",
        service_id="haircut-women",
        attempts=attempts,
        processes=PROCESSES,
    )
    assert [o.error for o in outcomes if o.error] == []
    won = sorted(datetime.fromisoformat(o.start) for o in outcomes if not o.taken)
    assert won, "somebody wins"
    for earlier, later in itertools.pairwise(won):
        assert (later - earlier).total_seconds() >= 3600, f"{earlier} overlaps {later}"


async def test_database_refuses_an_overlap_written_behind_the_services_back(
    demo_db: Database,
) -> None:
    """The guarantee does not depend on the service's own check."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from storage.models import Booking

    service = BookingService(demo_db, clock=lambda: NOW)
    client = await service.add_client(name="A")
    start = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    held = await service.hold(
        business_id="ausra-vilnius", service_id="beard", start=start, client_id=client
    )
    row = {
        "business_id": "ausra-vilnius",
        "service_id": "haircut-men",
        "staff_id": "tomas",
        "client_id": client,
        "start_at": datetime(2026, 11, 24, 8, 25, tzinfo=UTC),  # inside beard's buffer
        "end_at": datetime(2026, 11, 24, 8, 55, tzinfo=UTC),
        "block_end_at": datetime(2026, 11, 24, 8, 55, tzinfo=UTC),
        "status": "confirmed",
        "price": 20,
        "currency": "EUR",
        "created_at": NOW,
        "updated_at": NOW,
    }
    with pytest.raises(IntegrityError):
        async with demo_db.session() as s, s.begin():
            await s.execute(insert(Booking).values(**row))
    await service.cancel(held.id, by=Actor.BUSINESS)
    async with demo_db.session() as s, s.begin():
        await s.execute(insert(Booking).values(**row))
