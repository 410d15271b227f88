"""The tables. Nothing here is ever deleted: catalog rows are deactivated, bookings
change status, and every booking change leaves a :class:`BookingEvent`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class BookingStatus(StrEnum):
    HELD = "held"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"
    RELEASED = "released"


ACTIVE_STATUSES = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)
ACTIVE_SQL = "status IN ('held', 'pending', 'confirmed')"


class Actor(StrEnum):
    CLIENT = "client"
    BUSINESS = "business"
    SYSTEM = "system"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    names: Mapped[dict[str, Any]]
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Business(Base):
    __tablename__ = "businesses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category_id: Mapped[str] = mapped_column(ForeignKey("categories.id"))
    city: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    languages: Mapped[list[Any]]
    policies: Mapped[dict[str, Any]]
    hours: Mapped[dict[str, Any]]
    closed: Mapped[list[Any]]
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Staff(Base):
    __tablename__ = "staff"

    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Service(Base):
    __tablename__ = "services"

    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    names: Mapped[dict[str, Any]]
    minutes: Mapped[int] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    staff: Mapped[list[Any]]
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Room(Base):
    __tablename__ = "rooms"

    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    names: Mapped[dict[str, Any]]
    count: Mapped[int] = mapped_column(Integer)
    guests: Mapped[int] = mapped_column(Integer)
    price_per_night: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Client(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime]


def new_session_key() -> str:
    """A key of its own, for a booking that shares its time with no other."""
    return uuid.uuid4().hex


class Booking(Base):
    """One appointment (staff and service) or one stay (room, ``room_nights``).

    ``block_end_at`` is the end plus the service's buffer: the time the staff member
    is taken. Bookings of one staff member whose blocks overlap must share a
    ``session_key`` (the seats of one group session); a seat number below the
    session's capacity, unique among active bookings, bounds the group.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["business_id", "service_id"], ["services.business_id", "services.id"]
        ),
        ForeignKeyConstraint(["business_id", "staff_id"], ["staff.business_id", "staff.id"]),
        ForeignKeyConstraint(["business_id", "room_id"], ["rooms.business_id", "rooms.id"]),
        CheckConstraint("start_at < end_at AND end_at <= block_end_at", name="span"),
        CheckConstraint("seat >= 1 AND seat <= capacity", name="seat"),
        CheckConstraint(
            "status IN ('held', 'pending', 'confirmed', 'cancelled', 'rejected', "
            "'expired', 'released')",
            name="status",
        ),
        Index(
            "uq_bookings_active_seat",
            "session_key",
            "seat",
            unique=True,
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index("ix_bookings_business_start", "business_id", "start_at"),
        Index("ix_bookings_client", "client_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    business_id: Mapped[str] = mapped_column(ForeignKey("businesses.id"))
    service_id: Mapped[str | None] = mapped_column(String(64))
    room_id: Mapped[str | None] = mapped_column(String(64))
    staff_id: Mapped[str | None] = mapped_column(String(64))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    block_end_at: Mapped[datetime]
    session_key: Mapped[str] = mapped_column(String(80), default=new_session_key)
    seat: Mapped[int] = mapped_column(Integer, default=1)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16))
    hold_expires_at: Mapped[datetime | None]
    reschedule_count: Mapped[int] = mapped_column(Integer, default=0)
    late_minutes: Mapped[int | None] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(32), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RoomNight(Base):
    """One night of one room unit taken by a stay; ``active`` follows the booking."""

    __tablename__ = "room_nights"
    __table_args__ = (
        ForeignKeyConstraint(["business_id", "room_id"], ["rooms.business_id", "rooms.id"]),
        Index(
            "uq_room_nights_active_unit",
            "business_id",
            "room_id",
            "night",
            "unit",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    business_id: Mapped[str] = mapped_column(String(64))
    room_id: Mapped[str] = mapped_column(String(64))
    night: Mapped[date] = mapped_column(Date)
    unit: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BookingEvent(Base):
    """Who changed a booking, when, how, and its state before and after."""

    __tablename__ = "booking_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")


class Conversation(Base):
    """One chat with one client on one channel, and where the dialog stands in it.

    ``state`` holds the active flow, its step and the slots it has filled; any
    process can take the next turn from here.
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_conversations_chat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(128))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    language: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[dict[str, Any]]
    turns: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Who is taking a turn now, and until when at most (see storage.conversations).
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
