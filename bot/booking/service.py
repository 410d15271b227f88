"""The booking service: the only way a booking comes to be or changes.

Each public method is one use case in one transaction. Rules come from the pure
modules beside this one (availability, policies); the guarantee that two active
bookings of one staff member never overlap is kept by the database itself (an
exclusion constraint on PostgreSQL, triggers and serialized writes on SQLite), so
losing a race surfaces here as an integrity error and leaves as :class:`SlotTaken`.
Every change writes a :class:`~storage.models.BookingEvent`; nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from time import monotonic as time_monotonic
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.booking import availability, errors
from bot.booking.calendar import (
    WEEKDAYS,
    BookingRules,
    BusinessCalendar,
    Busy,
    ServiceSpec,
    Slot,
    TimeRange,
    session_key,
)
from bot.booking.policies import (
    MAX_LATE_MINUTES,
    Policies,
    cancellation_fee_may_apply,
    client_may_reschedule,
    late_within_tolerance,
)
from bot.clock import Clock, utc_now
from storage import repositories as repo
from storage.database import Database
from storage.models import (
    Actor,
    Booking,
    BookingEvent,
    BookingStatus,
    Business,
    Client,
    RoomNight,
    Service,
    Staff,
    new_session_key,
)

ALTERNATIVES_DAYS = 14
ALTERNATIVES_LIMIT = 5


@dataclass(frozen=True, slots=True)
class BookingView:
    """A booking as the rest of the application sees it (no live database row)."""

    id: int
    business_id: str
    service_id: str | None
    room_id: str | None
    staff_id: str | None
    client_id: int
    start: datetime
    end: datetime
    status: str
    hold_expires_at: datetime | None
    reschedule_count: int
    late_minutes: int | None
    price: Decimal
    currency: str
    channel: str
    language: str

    @classmethod
    def of(cls, b: Booking) -> BookingView:
        return cls(
            id=b.id,
            business_id=b.business_id,
            service_id=b.service_id,
            room_id=b.room_id,
            staff_id=b.staff_id,
            client_id=b.client_id,
            start=b.start_at,
            end=b.end_at,
            status=b.status,
            hold_expires_at=b.hold_expires_at,
            reschedule_count=b.reschedule_count,
            late_minutes=b.late_minutes,
            price=b.price,
            currency=b.currency,
            channel=b.channel,
            language=b.language,
        )


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    booking: BookingView
    fee_may_apply: bool


@dataclass(frozen=True, slots=True)
class LateOutcome:
    booking: BookingView
    within_tolerance: bool
    tolerance_minutes: int

    @property
    def may_be_released(self) -> bool:
        return not self.within_tolerance


@dataclass(frozen=True, slots=True)
class Offer:
    """A service of a business, with everything availability needs."""

    business: Business
    service: Service
    calendar: BusinessCalendar
    rules: BookingRules
    spec: ServiceSpec
    policies: Policies


@dataclass(frozen=True, slots=True)
class BookingListing:
    """One line of ``slotchat bookings list``."""

    id: int
    business: str
    service: str | None
    room: str | None
    staff: str | None
    start: str
    end: str
    status: str
    client_name: str
    email: str
    phone: str
    channel: str
    language: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "business": self.business,
            "service": self.service,
            "room": self.room,
            "staff": self.staff,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "client": {"name": self.client_name, "email": self.email, "phone": self.phone},
            "channel": self.channel,
            "language": self.language,
        }


def calendar_of(business: Business) -> BusinessCalendar:
    """The opening calendar of a stored business."""
    weekly: dict[int, tuple[TimeRange, ...]] = {}
    for index, day in enumerate(WEEKDAYS):
        ranges = []
        for span in business.hours.get(day, []):
            start, end = span.split("-")
            ranges.append(TimeRange(time.fromisoformat(start), time.fromisoformat(end)))
        weekly[index] = tuple(ranges)
    closed = frozenset(date.fromisoformat(d) for d in business.closed)
    return BusinessCalendar(ZoneInfo(business.timezone), weekly, closed)


def rules_of(policies: Policies) -> BookingRules:
    return BookingRules(
        min_notice=timedelta(minutes=policies.min_notice_minutes),
        max_days_ahead=policies.max_days_ahead,
        slot_step=timedelta(minutes=policies.slot_step_minutes),
    )


def spec_of(service: Service, staff_ids: set[str]) -> ServiceSpec:
    """Availability's view of a service; staff no longer active do not count."""
    return ServiceSpec(
        id=service.id,
        duration=timedelta(minutes=service.minutes),
        staff=tuple(s for s in service.staff if s in staff_ids),
        buffer_after=timedelta(minutes=service.buffer_after_minutes),
        capacity=service.capacity,
    )


def _snapshot(b: Booking) -> dict[str, Any]:
    return {
        "status": b.status,
        "start": b.start_at.isoformat(),
        "end": b.end_at.isoformat(),
        "staff_id": b.staff_id,
        "seat": b.seat,
    }


DEADLOCK = "40P01"
MAX_DEADLOCK_RETRIES = 5


def _sqlstate(error: DBAPIError) -> str | None:
    orig = error.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return str(code) if code else None


def _is_missing_reference(error: IntegrityError) -> bool:
    """Whether the database refused a row naming something that does not exist."""
    return _sqlstate(error) == "23503" or "FOREIGN KEY constraint failed" in str(error.orig)


def _is_slot_conflict(error: IntegrityError) -> bool:
    """Whether the database refused a booking for its time (not for a broken reference)."""
    if _sqlstate(error) in ("23P01", "23505"):  # exclusion violation, unique violation
        return True
    message = str(error.orig)
    return "slot_taken" in message or "UNIQUE constraint failed" in message


# Built once: building a statement costs about as much as running it.
_INSERT_EVENT = insert(BookingEvent)
_INSERT_BOOKING = insert(Booking).returning(Booking)
_OFFER = (
    select(Business, Service, Staff.id)
    .join(Service, Service.business_id == Business.id)
    .outerjoin(Staff, (Staff.business_id == Business.id) & Staff.active.is_(True))
    .where(Business.id == bindparam("p_business"), Service.id == bindparam("p_service"))
)


class BookingService:
    """Use cases on bookings, each in its own transaction."""

    def __init__(self, db: Database, clock: Clock = utc_now, offer_ttl: float = 5.0) -> None:
        self.db = db
        self.clock = clock
        self.offer_ttl = offer_ttl
        self._offers: dict[tuple[str, str], tuple[float, Offer]] = {}

    # -- clients -------------------------------------------------------------------

    async def add_client(
        self, *, name: str = "", email: str = "", phone: str = "", language: str = "en"
    ) -> int:
        """Create a client and return its id."""
        async with self.db.session() as s, s.begin():
            client = Client(
                name=name, email=email, phone=phone, language=language, created_at=self.clock()
            )
            s.add(client)
            await s.flush()
            return client.id

    # -- reading -------------------------------------------------------------------

    async def offer(self, business_id: str, service_id: str) -> Offer:
        """The service of a business, or :class:`UnknownBusiness` / :class:`UnknownService`."""
        async with self.db.reading() as s:
            return await self._offer(s, business_id, service_id)

    async def free_slots(
        self,
        business_id: str,
        service_id: str,
        *,
        first_day: date | None = None,
        days: int = 14,
        staff_id: str | None = None,
    ) -> list[Slot]:
        """Bookable starts of a service, from ``first_day`` (local) for ``days`` days."""
        now = self.clock()
        async with self.db.reading() as s:
            offer = await self._recent_offer(s, business_id, service_id)
            return await self._free(s, offer, now, first_day, days, staff_id)

    async def free_days(
        self, business_id: str, service_id: str, *, first_day: date | None = None, days: int = 14
    ) -> list[date]:
        """Local days with a bookable start of a service, from ``first_day`` for ``days``."""
        now = self.clock()
        async with self.db.reading() as s:
            offer = await self._recent_offer(s, business_id, service_id)
            first, busy = await self._busy_days(s, offer, now, first_day, days)
        return availability.days_with_slots(
            offer.calendar, offer.rules, offer.spec, busy, now=now, first_day=first, days=days
        )

    async def get(self, booking_id: int, *, client_id: int | None = None) -> BookingView:
        """One booking; with ``client_id``, only if it is that client's."""
        async with self.db.reading() as s:
            booking = await repo.get_booking(s, booking_id)
            self._check_owner(booking, client_id)
            assert booking is not None
            return BookingView.of(booking)

    async def client_bookings(self, client_id: int) -> list[BookingView]:
        """The client's active bookings that have not ended, soonest first."""
        async with self.db.reading() as s:
            rows = await repo.client_bookings(s, client_id, now=self.clock())
            return [BookingView.of(b) for b in rows]

    async def events(self, booking_id: int) -> list[BookingEvent]:
        async with self.db.reading() as s:
            return list(await repo.events_of(s, booking_id))

    async def listing(self) -> list[BookingListing]:
        """Every booking, for operators (``slotchat bookings list``)."""
        async with self.db.reading() as s:
            rows = await repo.all_bookings(s)
            zones: dict[str, ZoneInfo] = {}
            result = []
            for b, c in rows:
                if b.business_id not in zones:
                    business = await s.get(Business, b.business_id)
                    assert business is not None
                    zones[b.business_id] = ZoneInfo(business.timezone)
                tz = zones[b.business_id]
                result.append(
                    BookingListing(
                        id=b.id,
                        business=b.business_id,
                        service=b.service_id,
                        room=b.room_id,
                        staff=b.staff_id,
                        start=b.start_at.astimezone(tz).isoformat(),
                        end=b.end_at.astimezone(tz).isoformat(),
                        status=b.status,
                        client_name=c.name,
                        email=c.email,
                        phone=c.phone,
                        channel=b.channel,
                        language=b.language,
                    )
                )
            return result

    # -- changing --------------------------------------------------------------------

    async def hold(
        self,
        *,
        business_id: str,
        service_id: str,
        start: datetime,
        client_id: int,
        staff_id: str | None = None,
        channel: str = "",
        language: str = "en",
    ) -> BookingView:
        """Hold a slot for the client for the business's ``hold_minutes``.

        Without ``staff_id`` the first staff member free at ``start`` is taken.
        Raises a :class:`BookingError`; :class:`SlotTaken` carries alternatives.
        """
        now = self.clock()
        async with self.db.session() as s, s.begin():
            offer = await self._offer(s, business_id, service_id)
            if staff_id is not None and staff_id not in offer.spec.staff:
                raise errors.UnknownStaff()
            availability.check_bookable(offer.calendar, offer.rules, offer.spec, start, now=now)
            candidates = await self._free_staff_at(s, offer, start, now, staff_id)
            values = {
                "business_id": business_id,
                "service_id": service_id,
                "client_id": client_id,
                "status": BookingStatus.HELD.value,
                "hold_expires_at": now + timedelta(minutes=offer.policies.hold_minutes),
                "price": offer.service.price,
                "currency": offer.business.currency,
                "channel": channel,
                "language": language,
                "created_at": now,
                "updated_at": now,
            }
            for candidate in candidates:
                booking = await self._place(s, offer, start, now, {**values, "staff_id": candidate})
                if booking is not None:
                    await self._record(s, booking, Actor.CLIENT, "hold", None, now)
                    await s.flush()
                    return BookingView.of(booking)
        raise errors.SlotTaken(await self._alternatives(offer, start, staff_id, now))

    async def confirm(self, booking_id: int, *, client_id: int) -> BookingView:
        """The client confirms a hold: ``confirmed``, or ``pending`` when the business
        confirms bookings itself. An expired hold raises :class:`HoldExpired`."""
        now = self.clock()
        expired = False
        async with self.db.session() as s, s.begin():
            booking = await self._owned(s, booking_id, client_id)
            if booking.status != BookingStatus.HELD:
                raise errors.NotAllowed()
            assert booking.hold_expires_at is not None
            if booking.hold_expires_at <= now:
                await self._change_status(s, booking, BookingStatus.EXPIRED, Actor.SYSTEM, now)
                expired = True
            else:
                business = await s.get(Business, booking.business_id)
                assert business is not None
                policies = Policies.from_mapping(business.policies)
                target = (
                    BookingStatus.PENDING
                    if policies.needs_confirmation
                    else BookingStatus.CONFIRMED
                )
                booking.hold_expires_at = None
                await self._change_status(s, booking, target, Actor.CLIENT, now, action="confirm")
                return BookingView.of(booking)
        assert expired
        raise errors.HoldExpired()

    async def business_confirm(self, booking_id: int, *, note: str = "") -> BookingView:
        """The business accepts a pending booking."""
        return await self._decide(booking_id, BookingStatus.CONFIRMED, "business_confirm", note)

    async def business_reject(self, booking_id: int, *, reason: str = "") -> BookingView:
        """The business turns a pending booking down; until then it stays valid."""
        return await self._decide(booking_id, BookingStatus.REJECTED, "business_reject", reason)

    async def _decide(
        self, booking_id: int, status: BookingStatus, action: str, note: str
    ) -> BookingView:
        now = self.clock()
        async with self.db.session() as s, s.begin():
            booking = await self._locked(s, booking_id)
            if booking.status != BookingStatus.PENDING:
                raise errors.NotAllowed()
            await self._change_status(s, booking, status, Actor.BUSINESS, now, action, note)
            return BookingView.of(booking)

    async def cancel(
        self,
        booking_id: int,
        *,
        by: Actor,
        client_id: int | None = None,
        reason: str = "",
    ) -> CancelOutcome:
        """Cancel an active booking. A client's cancellation inside the business's
        ``free_cancel_hours`` says that a fee may apply."""
        now = self.clock()
        async with self.db.session() as s, s.begin():
            booking = await self._for(s, booking_id, by, client_id)
            if booking.status not in (
                BookingStatus.HELD,
                BookingStatus.PENDING,
                BookingStatus.CONFIRMED,
            ):
                raise errors.NotAllowed()
            if by is Actor.CLIENT and booking.start_at <= now:
                raise errors.PastTime()
            business = await s.get(Business, booking.business_id)
            assert business is not None
            policies = Policies.from_mapping(business.policies)
            fee = (
                by is Actor.CLIENT
                and booking.status != BookingStatus.HELD
                and cancellation_fee_may_apply(policies, booking.start_at, now)
            )
            await self._change_status(
                s, booking, BookingStatus.CANCELLED, by, now, "cancel", reason
            )
            return CancelOutcome(BookingView.of(booking), fee_may_apply=fee)

    async def reschedule(
        self,
        booking_id: int,
        *,
        new_start: datetime,
        by: Actor,
        client_id: int | None = None,
        staff_id: str | None = None,
    ) -> BookingView:
        """Move a booking to another time in one step: it either moves or stays.

        A client may do this ``client_reschedules`` times (:class:`LimitReached`).
        The same staff member is preferred when no ``staff_id`` is given.
        """
        now = self.clock()
        async with self.db.session() as s, s.begin():
            booking = await self._for(s, booking_id, by, client_id)
            if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
                raise errors.NotAllowed()
            if booking.service_id is None:
                raise errors.NotAllowed()
            if booking.start_at <= now:
                raise errors.PastTime()
            offer = await self._offer(s, booking.business_id, booking.service_id)
            if by is Actor.CLIENT and not client_may_reschedule(
                offer.policies, booking.reschedule_count
            ):
                raise errors.LimitReached(limit=offer.policies.client_reschedules)
            if staff_id is not None and staff_id not in offer.spec.staff:
                raise errors.UnknownStaff()
            availability.check_bookable(offer.calendar, offer.rules, offer.spec, new_start, now=now)
            candidates = await self._free_staff_at(
                s, offer, new_start, now, staff_id, ignore=booking.id
            )
            if staff_id is None and booking.staff_id in candidates:
                candidates.remove(booking.staff_id)
                candidates.insert(0, booking.staff_id)
            before = _snapshot(booking)
            counted = booking.reschedule_count + (1 if by is Actor.CLIENT else 0)
            for candidate in candidates:
                values = {"staff_id": candidate, "reschedule_count": counted, "updated_at": now}
                moved = await self._place(s, offer, new_start, now, values, booking_id=booking.id)
                if moved is not None:
                    await self._record(s, booking, by, "reschedule", before, now)
                    await s.flush()
                    return BookingView.of(booking)
        raise errors.SlotTaken(await self._alternatives(offer, new_start, staff_id, now))

    async def report_late(self, booking_id: int, *, client_id: int, minutes: int) -> LateOutcome:
        """Record that the client will be late. Within the business's tolerance the
        booking stands; beyond it, the outcome says the booking may be released."""
        if not 1 <= minutes <= MAX_LATE_MINUTES:
            raise errors.BadLateMinutes(maximum=MAX_LATE_MINUTES)
        now = self.clock()
        async with self.db.session() as s, s.begin():
            booking = await self._owned(s, booking_id, client_id)
            if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
                raise errors.NotAllowed()
            if booking.end_at <= now:
                raise errors.PastTime()
            business = await s.get(Business, booking.business_id)
            assert business is not None
            policies = Policies.from_mapping(business.policies)
            before = _snapshot(booking)
            booking.late_minutes = minutes
            booking.updated_at = now
            within = late_within_tolerance(policies, minutes)
            note = f"{minutes} min; tolerance {policies.late_tolerance_minutes} min"
            await self._record(s, booking, Actor.CLIENT, "late_notice", before, now, note)
            return LateOutcome(BookingView.of(booking), within, policies.late_tolerance_minutes)

    async def release(
        self, booking_id: int, *, reason: str, by: Actor = Actor.BUSINESS
    ) -> BookingView:
        """Free the place of a client who is late beyond tolerance or did not come."""
        now = self.clock()
        async with self.db.session() as s, s.begin():
            booking = await self._locked(s, booking_id)
            if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
                raise errors.NotAllowed()
            await self._change_status(
                s, booking, BookingStatus.RELEASED, by, now, "release", reason
            )
            return BookingView.of(booking)

    async def expire_holds(self) -> int:
        """Mark every run-out hold as expired; returns how many."""
        now = self.clock()
        async with self.db.session() as s, s.begin():
            return await self._expire_holds(s, now, None)

    # -- stays -------------------------------------------------------------------------

    async def rooms_left(
        self, business_id: str, room_id: str, check_in: date, check_out: date
    ) -> int:
        """How many rooms of a type are free on every night of a stay."""
        async with self.db.reading() as s:
            room = await repo.get_room(s, business_id, room_id)
            if room is None:
                raise errors.UnknownRoom()
            nights = _nights(check_in, check_out)
            taken = await repo.taken_room_units(s, business_id, room_id, nights)
            return min(room.count - len(taken.get(n, ())) for n in nights)

    async def hold_stay(
        self,
        *,
        business_id: str,
        room_id: str,
        check_in: date,
        check_out: date,
        client_id: int,
        channel: str = "",
        language: str = "en",
    ) -> BookingView:
        """Hold a room of a type for the nights from ``check_in`` to ``check_out``."""
        now = self.clock()
        async with self.db.session() as s, s.begin():
            business = await repo.get_business(s, business_id)
            if business is None:
                raise errors.UnknownBusiness()
            room = await repo.get_room(s, business_id, room_id)
            if room is None:
                raise errors.UnknownRoom()
            await self._require_client(s, client_id)
            nights = _nights(check_in, check_out)
            policies = Policies.from_mapping(business.policies)
            tz = ZoneInfo(business.timezone)
            start = datetime.combine(check_in, policies.check_in or time(15), tz)
            end = datetime.combine(check_out, policies.check_out or time(11), tz)
            if start <= now:
                raise errors.PastTime()
            if (check_in - now.astimezone(tz).date()).days > policies.max_days_ahead:
                raise errors.TooFarAhead(days=policies.max_days_ahead)
            await self._expire_holds(s, now, business_id)
            booking = Booking(
                business_id=business_id,
                room_id=room_id,
                client_id=client_id,
                start_at=start,
                end_at=end,
                block_end_at=end,
                status=BookingStatus.HELD,
                hold_expires_at=now + timedelta(minutes=policies.hold_minutes),
                price=room.price_per_night * len(nights),
                currency=business.currency,
                channel=channel,
                language=language,
                created_at=now,
                updated_at=now,
            )
            try:
                async with s.begin_nested():
                    s.add(booking)
                    await s.flush()
                    taken = await repo.taken_room_units(s, business_id, room_id, nights)
                    for night in nights:
                        free = [
                            u for u in range(1, room.count + 1) if u not in taken.get(night, ())
                        ]
                        if not free:
                            raise errors.SlotTaken()
                        s.add(
                            RoomNight(
                                booking_id=booking.id,
                                business_id=business_id,
                                room_id=room_id,
                                night=night,
                                unit=free[0],
                            )
                        )
                    await s.flush()
            except IntegrityError as error:
                if not _is_slot_conflict(error):
                    raise
                raise errors.SlotTaken() from None
            await self._record(s, booking, Actor.CLIENT, "hold", None, now)
            return BookingView.of(booking)

    # -- internals ---------------------------------------------------------------------

    async def _recent_offer(self, s: AsyncSession, business_id: str, service_id: str) -> Offer:
        """The offer as read at most ``offer_ttl`` seconds ago: good enough to show
        free times, since every change (hold, reschedule) reads it afresh."""
        key = (business_id, service_id)
        cached = self._offers.get(key)
        if cached is not None and time_monotonic() - cached[0] < self.offer_ttl:
            return cached[1]
        offer = await self._offer(s, business_id, service_id)
        self._offers[key] = (time_monotonic(), offer)
        return offer

    async def _offer(self, s: AsyncSession, business_id: str, service_id: str) -> Offer:
        """The offer read now, in one query (a row per active staff member)."""
        rows = (await s.execute(_OFFER, {"p_business": business_id, "p_service": service_id})).all()
        if not rows or not rows[0][0].active:
            if not rows and await repo.get_business(s, business_id) is not None:
                raise errors.UnknownService()
            raise errors.UnknownBusiness()
        business, service = rows[0][0], rows[0][1]
        if not service.active:
            raise errors.UnknownService()
        policies = Policies.from_mapping(business.policies)
        staff_ids = {row[2] for row in rows if row[2] is not None}
        return Offer(
            business=business,
            service=service,
            calendar=calendar_of(business),
            rules=rules_of(policies),
            spec=spec_of(service, staff_ids),
            policies=policies,
        )

    async def _busy(
        self,
        s: AsyncSession,
        offer: Offer,
        start: datetime,
        end: datetime,
        now: datetime,
        staff_ids: Sequence[str],
        ignore: int | None = None,
    ) -> list[Busy]:
        rows = await repo.staff_busy_between(s, offer.business.id, staff_ids, start, end, now=now)
        return [
            Busy(
                staff_id=b.staff_id,
                start=b.start_at,
                end=b.block_end_at,
                session_key=b.session_key if b.capacity > 1 else None,
            )
            for b in rows
            if b.staff_id is not None and b.id != ignore
        ]

    async def _free(
        self,
        s: AsyncSession,
        offer: Offer,
        now: datetime,
        first_day: date | None,
        days: int,
        staff_id: str | None,
        ignore: int | None = None,
    ) -> list[Slot]:
        first, busy = await self._busy_days(s, offer, now, first_day, days, ignore)
        return availability.free_slots(
            offer.calendar,
            offer.rules,
            offer.spec,
            busy,
            now=now,
            first_day=first,
            days=days,
            staff_id=staff_id,
        )

    async def _busy_days(
        self,
        s: AsyncSession,
        offer: Offer,
        now: datetime,
        first_day: date | None,
        days: int,
        ignore: int | None = None,
    ) -> tuple[date, list[Busy]]:
        """The first local day (default today) and the busy time around ``days`` from it."""
        tz = offer.calendar.timezone
        first = first_day or now.astimezone(tz).date()
        # a day's bookings may reach in from the day before (long blocks, DST)
        window_start = datetime.combine(first - timedelta(days=1), time(), tz)
        window_end = datetime.combine(first + timedelta(days=days + 1), time(), tz)
        busy = await self._busy(s, offer, window_start, window_end, now, offer.spec.staff, ignore)
        return first, busy

    async def _free_staff_at(
        self,
        s: AsyncSession,
        offer: Offer,
        start: datetime,
        now: datetime,
        staff_id: str | None,
        ignore: int | None = None,
    ) -> list[str]:
        day = start.astimezone(offer.calendar.timezone).date()
        slots = await self._free(s, offer, now, day, 1, staff_id, ignore)
        return [slot.staff_id for slot in slots if slot.start == start]

    async def _place(
        self,
        s: AsyncSession,
        offer: Offer,
        start: datetime,
        now: datetime,
        values: dict[str, Any],
        *,
        booking_id: int | None = None,
    ) -> Booking | None:
        """Insert a booking at ``start``, or move booking ``booking_id`` there.

        Each attempt runs in a savepoint and the database decides: a lost race shows
        as an integrity error (None is returned). Holds that ran out still block
        their time in the database until marked expired, so on a conflict they are
        marked and the attempt is made once more. For a group session the next free
        seat is tried until the session is full.
        """
        spec = offer.spec
        end = start + spec.duration
        values = {
            **values,
            "start_at": start,
            "end_at": end,
            "block_end_at": end + spec.buffer_after,
            "capacity": spec.capacity,
        }
        key = session_key(spec.id, start) if spec.capacity > 1 else None
        await self._queue_behind(s, offer.business.id, values.get("staff_id"))
        attempts = deadlocks = 0
        swept = False
        while attempts < spec.capacity:
            if key is None:
                values.update(session_key=new_session_key(), seat=1)
            else:
                seats = await repo.taken_seats(s, key, now=now, ignore=booking_id)
                free = [n for n in range(1, spec.capacity + 1) if n not in seats]
                if not free:
                    return None
                values.update(session_key=key, seat=free[0])
            try:
                async with s.begin_nested():
                    if booking_id is None:
                        return (await s.scalars(_INSERT_BOOKING, values)).one()
                    await s.execute(
                        update(Booking).where(Booking.id == booking_id).values(**values)
                    )
                    return (
                        await s.scalars(
                            select(Booking)
                            .where(Booking.id == booking_id)
                            .execution_options(populate_existing=True)
                        )
                    ).one()
            except DBAPIError as error:
                # PostgreSQL checks an exclusion constraint after inserting the index
                # entry, so two conflicting inserts can wait on each other and one is
                # aborted as a deadlock: try again, now behind the other transaction.
                if _sqlstate(error) == DEADLOCK and deadlocks < MAX_DEADLOCK_RETRIES:
                    deadlocks += 1
                    continue
                if isinstance(error, IntegrityError) and _is_missing_reference(error):
                    raise errors.UnknownClient() from None
                if not isinstance(error, IntegrityError) or not _is_slot_conflict(error):
                    raise
                if not swept:
                    swept = True
                    if await self._expire_holds(s, now, offer.business.id):
                        continue
                if key is None:
                    return None
                attempts += 1
        return None

    async def _queue_behind(self, s: AsyncSession, business_id: str, staff_id: str | None) -> None:
        """On PostgreSQL, writers of one staff member's bookings wait in line until commit.

        The exclusion constraint stays the guarantee; this only keeps concurrent
        conflicting inserts from waiting on each other in a cycle, which PostgreSQL
        would break by aborting one of them as a deadlock."""
        if self.db.dialect != "postgresql" or staff_id is None:
            return
        await s.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 11))"),
            {"key": f"{business_id}/{staff_id}"},
        )

    async def _alternatives(
        self, offer: Offer, wanted: datetime, staff_id: str | None, now: datetime
    ) -> list[Slot]:
        """The nearest free slots: the wanted day first, later days only if needed."""
        tz = offer.calendar.timezone
        first = wanted.astimezone(tz).date()
        async with self.db.reading() as s:
            slots = await self._free(s, offer, now, first, 1, None)
            found = availability.nearest_alternatives(
                slots, wanted, staff_id, tz, ALTERNATIVES_LIMIT
            )
            if len(found) < ALTERNATIVES_LIMIT:
                slots += await self._free(
                    s, offer, now, first + timedelta(days=1), ALTERNATIVES_DAYS - 1, None
                )
                found = availability.nearest_alternatives(
                    slots, wanted, staff_id, tz, ALTERNATIVES_LIMIT
                )
        return found

    async def _expire_holds(self, s: AsyncSession, now: datetime, business_id: str | None) -> int:
        holds = await repo.expired_holds(s, now, business_id=business_id)
        for booking in holds:
            await self._change_status(
                s, booking, BookingStatus.EXPIRED, Actor.SYSTEM, now, "expire"
            )
        return len(holds)

    async def _require_client(self, s: AsyncSession, client_id: int) -> None:
        if await repo.get_client(s, client_id) is None:
            raise errors.UnknownClient()

    @staticmethod
    def _check_owner(booking: Booking | None, client_id: int | None) -> None:
        if booking is None or (client_id is not None and booking.client_id != client_id):
            raise errors.UnknownBooking()

    async def _owned(self, s: AsyncSession, booking_id: int, client_id: int) -> Booking:
        booking = await repo.get_booking(s, booking_id, for_update=True)
        self._check_owner(booking, client_id)
        assert booking is not None
        return booking

    async def _for(
        self, s: AsyncSession, booking_id: int, by: Actor, client_id: int | None
    ) -> Booking:
        """The booking locked for a change by ``by``: a client only reaches their own."""
        if by is not Actor.CLIENT:
            return await self._locked(s, booking_id)
        if client_id is None:
            raise errors.UnknownBooking()
        return await self._owned(s, booking_id, client_id)

    async def _locked(self, s: AsyncSession, booking_id: int) -> Booking:
        booking = await repo.get_booking(s, booking_id, for_update=True)
        if booking is None:
            raise errors.UnknownBooking()
        return booking

    async def _change_status(
        self,
        s: AsyncSession,
        booking: Booking,
        status: BookingStatus,
        actor: Actor,
        now: datetime,
        action: str | None = None,
        note: str = "",
    ) -> None:
        before = _snapshot(booking)
        booking.status = status
        booking.updated_at = now
        if status not in (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED):
            for night in await repo.room_nights_of(s, booking.id):
                night.active = False
        await self._record(s, booking, actor, action or status.value, before, now, note)
        await s.flush()

    @staticmethod
    async def _record(
        s: AsyncSession,
        booking: Booking,
        actor: Actor,
        action: str,
        before: dict[str, Any] | None,
        now: datetime,
        note: str = "",
    ) -> None:
        """Write the booking event of a change (a plain INSERT: events are never read
        back within the change that writes them)."""
        await s.execute(
            _INSERT_EVENT,
            {
                "booking_id": booking.id,
                "at": now,
                "actor": actor.value,
                "action": action,
                "before": before,
                "after": _snapshot(booking),
                "note": note,
            },
        )


def _nights(check_in: date, check_out: date) -> list[date]:
    if check_out <= check_in:
        raise errors.BadStay()
    return [check_in + timedelta(days=n) for n in range((check_out - check_in).days)]
