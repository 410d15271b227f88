"""Importing a catalog: idempotent upsert by id; what the file drops is deactivated."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from bot.booking import errors
from bot.booking.service import BookingService
from bot.catalog.importer import import_catalog
from bot.catalog.loading import parse_catalog
from storage.database import Database
from storage.models import Business, Service, Staff
from tests.conftest import DEMO_CATALOG, NOW


@pytest.fixture
def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEMO_CATALOG.read_text(encoding="utf-8"))
    return data


def _business(data: dict[str, Any], business_id: str) -> dict[str, Any]:
    return next(b for b in data["businesses"] if b["id"] == business_id)


async def test_first_import_creates_everything_and_second_changes_nothing(
    db: Database, demo_data: dict[str, Any]
) -> None:
    first = await import_catalog(db, parse_catalog(demo_data))
    assert first.created == {
        "categories": 5,
        "businesses": 6,
        "staff": 10,
        "services": 12,
        "rooms": 3,
    }
    second = await import_catalog(db, parse_catalog(demo_data))
    assert not second.changed, second.summary()
    async with db.session() as s:
        business = await s.get(Business, "ausra-vilnius")
        assert business is not None
        assert business.hours["wed"] == ["09:00-13:00", "14:00-19:00"]
        assert business.policies["client_reschedules"] == 1
        assert business.closed[0] == "2026-12-24"


async def test_changed_fields_are_updated_in_place(db: Database, demo_data: dict[str, Any]) -> None:
    await import_catalog(db, parse_catalog(demo_data))
    changed = copy.deepcopy(demo_data)
    _business(changed, "ausra-vilnius")["services"][1]["price"] = "22.00"
    report = await import_catalog(db, parse_catalog(changed))
    assert report.updated == {"services": 1}
    async with db.session() as s:
        service = await s.get(Service, ("ausra-vilnius", "haircut-men"))
        assert service is not None and str(service.price) == "22.00"


async def test_removed_service_and_staff_are_deactivated_and_bookings_stay(
    db: Database, demo_data: dict[str, Any]
) -> None:
    await import_catalog(db, parse_catalog(demo_data))
    bookings = BookingService(db, clock=lambda: NOW)
    client = await bookings.add_client(name="Ona")
    start = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    beard = await bookings.hold(
        business_id="ausra-vilnius", service_id="beard", start=start, client_id=client
    )
    await bookings.confirm(beard.id, client_id=client)

    smaller = copy.deepcopy(demo_data)
    ausra = _business(smaller, "ausra-vilnius")
    ausra["services"] = [s for s in ausra["services"] if s["id"] != "beard"]
    ausra["staff"] = [p for p in ausra["staff"] if p["id"] != "tomas"]
    ausra["services"][1]["staff"] = ["rasa"]  # men's haircut: Rasa only now
    report = await import_catalog(db, parse_catalog(smaller))
    assert report.deactivated == {"services": 1, "staff": 1}

    async with db.session() as s:
        beard_row = await s.get(Service, ("ausra-vilnius", "beard"))
        tomas = await s.get(Staff, ("ausra-vilnius", "tomas"))
        assert beard_row is not None and beard_row.active is False
        assert tomas is not None and tomas.active is False
        assert (await s.scalars(select(Staff).where(Staff.active.is_(True)))).all()
    kept = await bookings.get(beard.id)
    assert (kept.status, kept.staff_id, kept.service_id) == ("confirmed", "tomas", "beard")
    with pytest.raises(errors.UnknownService):
        await bookings.hold(
            business_id="ausra-vilnius",
            service_id="beard",
            start=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
            client_id=client,
        )
    slots = await bookings.free_slots("ausra-vilnius", "haircut-men", days=3)
    assert {s.staff_id for s in slots} == {"rasa"}

    # putting them back reactivates them
    again = await import_catalog(db, parse_catalog(demo_data))
    assert again.updated.get("services", 0) >= 1 and again.updated.get("staff") == 1


async def test_a_removed_business_is_deactivated(db: Database, demo_data: dict[str, Any]) -> None:
    await import_catalog(db, parse_catalog(demo_data))
    fewer = copy.deepcopy(demo_data)
    fewer["businesses"] = [b for b in fewer["businesses"] if b["id"] != "nevsky-riga"]
    report = await import_catalog(db, parse_catalog(fewer))
    assert report.deactivated == {"businesses": 1, "services": 2, "staff": 2}
    bookings = BookingService(db, clock=lambda: NOW)
    with pytest.raises(errors.UnknownBusiness):
        await bookings.offer("nevsky-riga", "haircut-men")
