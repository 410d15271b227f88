"""Read-only answers about the catalog and clients, for the dialogs: which categories,
businesses, services and staff exist (active ones only), and who a client is."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from storage.database import Database
from storage.models import Business, Category, Client, Service, Staff


@dataclass(frozen=True)
class _Catalog:
    """Every active catalog row, read in one go."""

    categories: tuple[Category, ...]
    businesses: dict[str, Business]
    services: tuple[Service, ...]
    staff: dict[tuple[str, str], str]


class Directory:
    """Catalog reads come from a snapshot at most ``ttl`` seconds old: a turn asks many
    small questions of a catalog that changes only on import. The booking service
    reads the database itself for every change, so a stale answer never books a
    deactivated service."""

    def __init__(self, db: Database, ttl: float = 5.0) -> None:
        self.db = db
        self.ttl = ttl
        self._snapshot: _Catalog | None = None
        self._taken_at = 0.0

    async def _catalog(self) -> _Catalog:
        if self._snapshot is not None and time.monotonic() - self._taken_at < self.ttl:
            return self._snapshot
        async with self.db.reading() as s:
            businesses = (
                await s.scalars(
                    select(Business).where(Business.active.is_(True)).order_by(Business.position)
                )
            ).all()
            services = (
                await s.scalars(
                    select(Service)
                    .join(Business, Business.id == Service.business_id)
                    .where(Service.active.is_(True), Business.active.is_(True))
                    .order_by(Business.position, Service.position)
                )
            ).all()
            bookable = {sv.business_id for sv in services}
            used = {b.category_id for b in businesses if b.id in bookable}
            categories = (
                await s.scalars(
                    select(Category)
                    .where(Category.active.is_(True), Category.id.in_(used))
                    .order_by(Category.position)
                )
            ).all()
            staff = (await s.scalars(select(Staff))).all()
        self._snapshot = _Catalog(
            categories=tuple(categories),
            businesses={b.id: b for b in businesses},
            services=tuple(services),
            staff={(p.business_id, p.id): p.name for p in staff},
        )
        self._taken_at = time.monotonic()
        return self._snapshot

    async def categories(self) -> Sequence[Category]:
        """Categories with a business whose services can be booked, in catalog order."""
        return (await self._catalog()).categories

    async def businesses(self, category_id: str | None = None) -> Sequence[Business]:
        businesses = (await self._catalog()).businesses.values()
        return [b for b in businesses if category_id is None or b.category_id == category_id]

    async def business(self, business_id: str) -> Business | None:
        return (await self._catalog()).businesses.get(business_id)

    async def services(self, business_id: str | None = None) -> Sequence[Service]:
        """Active services (of one business, or of all), in catalog order."""
        services = (await self._catalog()).services
        return [sv for sv in services if business_id is None or sv.business_id == business_id]

    async def service(self, business_id: str, service_id: str) -> Service | None:
        return next(
            (
                sv
                for sv in (await self._catalog()).services
                if sv.business_id == business_id and sv.id == service_id
            ),
            None,
        )

    async def staff_name(self, business_id: str, staff_id: str) -> str:
        return (await self._catalog()).staff.get((business_id, staff_id), staff_id)

    async def client(self, client_id: int) -> Client | None:
        async with self.db.reading() as s:
            return await s.get(Client, client_id)

    async def remember_contact(self, client_id: int, *, name: str, email: str, phone: str) -> None:
        """Keep the client's contact details for the next booking."""
        async with self.db.autocommit() as c:
            await c.execute(
                _REMEMBER_CONTACT, {"p_id": client_id, "n": name, "e": email, "p": phone}
            )

    async def remember_language(self, client_id: int, language: str) -> None:
        async with self.db.autocommit() as c:
            await c.execute(_REMEMBER_LANGUAGE, {"p_id": client_id, "l": language})


_REMEMBER_CONTACT = (
    update(Client)
    .where(Client.id == bindparam("p_id"))
    .values(name=bindparam("n"), email=bindparam("e"), phone=bindparam("p"))
)
_REMEMBER_LANGUAGE = (
    update(Client).where(Client.id == bindparam("p_id")).values(language=bindparam("l"))
)
