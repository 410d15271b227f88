"""Queries the booking service needs, one function per question, on a given session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, Row, and_, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingEvent,
    BookingStatus,
    Business,
    Client,
    Room,
    RoomNight,
)
from storage.types import UTCDateTime


def _live(now: datetime) -> ColumnElement[bool]:
    """Active bookings, less holds that have run out (they free their time)."""
    return and_(
        Booking.status.in_(ACTIVE_STATUSES),
        or_(Booking.status != BookingStatus.HELD, Booking.hold_expires_at > now),
    )


async def get_business(session: AsyncSession, business_id: str) -> Business | None:
    business = await session.get(Business, business_id)
    return business if business is not None and business.active else None


async def get_room(session: AsyncSession, business_id: str, room_id: str) -> Room | None:
    room = await session.get(Room, (business_id, room_id))
    return room if room is not None and room.active else None


async def get_client(session: AsyncSession, client_id: int) -> Client | None:
    return await session.get(Client, client_id)


_BOOKING = select(Booking).where(Booking.id == bindparam("p_id"))
_BOOKING_FOR_UPDATE = _BOOKING.with_for_update()


async def get_booking(
    session: AsyncSession, booking_id: int, *, for_update: bool = False
) -> Booking | None:
    query = _BOOKING_FOR_UPDATE if for_update else _BOOKING
    return (await session.scalars(query, {"p_id": booking_id})).one_or_none()


_STAFF_BUSY = select(
    Booking.id,
    Booking.staff_id,
    Booking.start_at,
    Booking.block_end_at,
    Booking.session_key,
    Booking.capacity,
).where(
    Booking.business_id == bindparam("p_business"),
    Booking.staff_id.in_(bindparam("p_staff", expanding=True)),
    Booking.start_at < bindparam("p_end", type_=UTCDateTime()),
    Booking.block_end_at > bindparam("p_start", type_=UTCDateTime()),
    Booking.status.in_(ACTIVE_STATUSES),
    or_(
        Booking.status != BookingStatus.HELD,
        Booking.hold_expires_at > bindparam("p_now", type_=UTCDateTime()),
    ),
)


async def staff_busy_between(
    session: AsyncSession,
    business_id: str,
    staff_ids: Sequence[str],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
) -> Sequence[Row[int, str | None, datetime, datetime, str, int]]:
    """Live bookings of these staff members whose blocked time meets [start, end):
    id, staff_id, start_at, block_end_at, session_key, capacity (rows, not objects:
    availability reads many and changes none; the statement is built once)."""
    params = {
        "p_business": business_id,
        "p_staff": list(staff_ids),
        "p_start": start,
        "p_end": end,
        "p_now": now,
    }
    return (await session.execute(_STAFF_BUSY, params)).all()


async def expired_holds(
    session: AsyncSession, now: datetime, *, business_id: str | None = None
) -> Sequence[Booking]:
    """Holds whose time has run out but that still carry status ``held``."""
    query = select(Booking).where(
        Booking.status == BookingStatus.HELD, Booking.hold_expires_at <= now
    )
    if business_id is not None:
        query = query.where(Booking.business_id == business_id)
    return (await session.scalars(query.with_for_update(skip_locked=True))).all()


async def taken_seats(
    session: AsyncSession, session_key: str, *, now: datetime, ignore: int | None = None
) -> set[int]:
    """Seats of a group session held by live bookings (other than ``ignore``)."""
    query = select(Booking.seat).where(Booking.session_key == session_key, _live(now))
    if ignore is not None:
        query = query.where(Booking.id != ignore)
    return set(await session.scalars(query))


async def taken_room_units(
    session: AsyncSession, business_id: str, room_id: str, nights: Sequence[date]
) -> dict[date, set[int]]:
    """Room units taken by active stays, per night."""
    rows = await session.execute(
        select(RoomNight.night, RoomNight.unit).where(
            RoomNight.business_id == business_id,
            RoomNight.room_id == room_id,
            RoomNight.night.in_(nights),
            RoomNight.active.is_(True),
        )
    )
    taken: dict[date, set[int]] = {}
    for night, unit in rows:
        taken.setdefault(night, set()).add(unit)
    return taken


async def room_nights_of(session: AsyncSession, booking_id: int) -> Sequence[RoomNight]:
    rows = await session.scalars(select(RoomNight).where(RoomNight.booking_id == booking_id))
    return rows.all()


async def all_bookings(session: AsyncSession) -> Sequence[tuple[Booking, Client]]:
    rows = await session.execute(
        select(Booking, Client)
        .join(Client, Client.id == Booking.client_id)
        .order_by(Booking.start_at, Booking.id)
    )
    return [(b, c) for b, c in rows]


async def client_bookings(
    session: AsyncSession, client_id: int, *, now: datetime, active_only: bool = True
) -> Sequence[Booking]:
    query = select(Booking).where(Booking.client_id == client_id)
    if active_only:
        query = query.where(_live(now), Booking.end_at > now)
    return (await session.scalars(query.order_by(Booking.start_at))).all()


async def events_of(session: AsyncSession, booking_id: int) -> Sequence[BookingEvent]:
    rows = await session.scalars(
        select(BookingEvent).where(BookingEvent.booking_id == booking_id).order_by(BookingEvent.id)
    )
    return rows.all()
