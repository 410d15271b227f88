"""Load a validated catalog into storage: an idempotent upsert by id.

Whatever the file no longer lists (a category, business, staff member, service or
room) is deactivated, never deleted, so its bookings and their history stay whole.
The import runs in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog.schema import Business as BusinessEntry
from bot.catalog.schema import Catalog, format_range
from storage.database import Database
from storage.models import Base, Business, Category, Room, Service, Staff


@dataclass
class ImportReport:
    """What an import changed, counted per table (``"services": 3``)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deactivated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values() or self.updated.values() or self.deactivated.values())

    def count(self, kind: str, table: str) -> None:
        bucket: dict[str, int] = getattr(self, kind)
        bucket[table] = bucket.get(table, 0) + 1

    def summary(self) -> str:
        def part(kind: str) -> str:
            bucket: dict[str, int] = getattr(self, kind)
            return ", ".join(f"{n} {t}" for t, n in sorted(bucket.items()) if n) or "nothing"

        return (
            f"created: {part('created')}; updated: {part('updated')}; "
            f"deactivated: {part('deactivated')}"
        )


def _business_values(entry: BusinessEntry, position: int) -> dict[str, Any]:
    policies = entry.policies.model_dump(mode="json")
    return {
        "name": entry.name,
        "category_id": entry.category,
        "city": entry.city,
        "timezone": entry.timezone.key,
        "currency": entry.currency,
        "phone": entry.phone,
        "email": entry.email,
        "address": entry.address,
        "languages": list(entry.languages),
        "policies": policies,
        "hours": {day: [format_range(r) for r in ranges] for day, ranges in entry.hours.items()},
        "closed": [d.isoformat() for d in entry.closed],
        "position": position,
        "active": True,
    }


class _Upsert:
    def __init__(self, session: AsyncSession, report: ImportReport) -> None:
        self.session = session
        self.report = report

    async def row(self, model: type[Base], key: Any, values: dict[str, Any]) -> None:
        existing = await self.session.get(model, key)
        table = model.__tablename__
        if existing is None:
            ids = dict(
                zip(_key_names(model), key if isinstance(key, tuple) else (key,), strict=True)
            )
            self.session.add(model(**ids, **values))
            self.report.count("created", table)
            return
        changed = False
        for name, value in values.items():
            if getattr(existing, name) != value:
                setattr(existing, name, value)
                changed = True
        if changed:
            self.report.count("updated", table)

    async def deactivate_missing(
        self, model: type[Base], keep: Iterable[Any], where: Sequence[Any] = ()
    ) -> None:
        keep = set(keep)
        rows = await self.session.scalars(select(model).where(*where))
        for row in rows:
            key = tuple(getattr(row, n) for n in _key_names(model))
            key = key[0] if len(key) == 1 else key
            if key not in keep and row.active:  # type: ignore[attr-defined]
                row.active = False  # type: ignore[attr-defined]
                self.report.count("deactivated", model.__tablename__)


def _key_names(model: type[Base]) -> list[str]:
    return [str(c.key) for c in model.__mapper__.primary_key]


async def import_catalog(db: Database, catalog: Catalog) -> ImportReport:
    """Upsert ``catalog`` into ``db`` in one transaction and report what changed."""
    report = ImportReport()
    async with db.session() as session, session.begin():
        upsert = _Upsert(session, report)
        for position, category in enumerate(catalog.categories):
            await upsert.row(
                Category,
                category.id,
                {"names": dict(category.names), "position": position, "active": True},
            )
        await session.flush()
        for position, entry in enumerate(catalog.businesses):
            await upsert.row(Business, entry.id, _business_values(entry, position))
        await session.flush()
        for entry in catalog.businesses:
            for position, person in enumerate(entry.staff):
                await upsert.row(
                    Staff,
                    (entry.id, person.id),
                    {"name": person.name, "position": position, "active": True},
                )
            for position, service in enumerate(entry.services):
                await upsert.row(
                    Service,
                    (entry.id, service.id),
                    {
                        "names": dict(service.names),
                        "minutes": service.minutes,
                        "price": service.price,
                        "staff": list(service.staff),
                        "buffer_after_minutes": service.buffer_after_minutes,
                        "capacity": service.capacity,
                        "position": position,
                        "active": True,
                    },
                )
            for position, room in enumerate(entry.rooms):
                await upsert.row(
                    Room,
                    (entry.id, room.id),
                    {
                        "names": dict(room.names),
                        "count": room.count,
                        "guests": room.guests,
                        "price_per_night": room.price_per_night,
                        "position": position,
                        "active": True,
                    },
                )
        await session.flush()
        await upsert.deactivate_missing(Category, (c.id for c in catalog.categories))
        await upsert.deactivate_missing(Business, (b.id for b in catalog.businesses))
        for model, attribute in ((Staff, "staff"), (Service, "services"), (Room, "rooms")):
            keep = [(b.id, item.id) for b in catalog.businesses for item in getattr(b, attribute)]
            await upsert.deactivate_missing(model, keep)
    return report
