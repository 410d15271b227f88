"""Read-only answers about the catalog and clients, for the dialogs: which categories,
businesses, services and staff exist (active ones only), and who a client is."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from storage.database import Database
from storage.models import Business, Category, Client, Service, Staff


class Directory:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def categories(self) -> Sequence[Category]:
        """Categories with a business whose services can be booked, in catalog order."""
        async with self.db.reading() as s:
            used = (
                select(Business.category_id)
                .join(Service, Service.business_id == Business.id)
                .where(Business.active.is_(True), Service.active.is_(True))
            )
            rows = await s.scalars(
                select(Category)
                .where(Category.active.is_(True), Category.id.in_(used))
                .order_by(Category.position)
            )
            return rows.all()

    async def businesses(self, category_id: str | None = None) -> Sequence[Business]:
        async with self.db.reading() as s:
            query = select(Business).where(Business.active.is_(True))
            if category_id is not None:
                query = query.where(Business.category_id == category_id)
            return (await s.scalars(query.order_by(Business.position))).all()

    async def business(self, business_id: str) -> Business | None:
        async with self.db.reading() as s:
            business = await s.get(Business, business_id)
            return business if business is not None and business.active else None

    async def services(self, business_id: str | None = None) -> Sequence[Service]:
        """Active services (of one business, or of all), in catalog order."""
        async with self.db.reading() as s:
            query = (
                select(Service)
                .join(Business, Business.id == Service.business_id)
                .where(Service.active.is_(True), Business.active.is_(True))
            )
            if business_id is not None:
                query = query.where(Service.business_id == business_id)
            return (await s.scalars(query.order_by(Business.position, Service.position))).all()

    async def service(self, business_id: str, service_id: str) -> Service | None:
        async with self.db.reading() as s:
            service = await s.get(Service, (business_id, service_id))
            return service if service is not None and service.active else None

    async def staff_name(self, business_id: str, staff_id: str) -> str:
        async with self.db.reading() as s:
            staff = await s.get(Staff, (business_id, staff_id))
            return staff.name if staff is not None else staff_id

    async def client(self, client_id: int) -> Client | None:
        async with self.db.reading() as s:
            return await s.get(Client, client_id)

    async def remember_contact(self, client_id: int, *, name: str, email: str, phone: str) -> None:
        """Keep the client's contact details for the next booking."""
        async with self.db.session() as s, s.begin():
            client = await s.get_one(Client, client_id)
            client.name, client.email, client.phone = name, email, phone

    async def remember_language(self, client_id: int, language: str) -> None:
        async with self.db.session() as s, s.begin():
            client = await s.get_one(Client, client_id)
            client.language = language
