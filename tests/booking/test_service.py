"""The booking service's use cases and policies, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.booking import errors
from bot.booking.service import BookingService
from storage.database import Database
from storage.models import Actor
from tests.conftest import FakeClock

VILNIUS = ZoneInfo("Europe/Vilnius")
WARSAW = ZoneInfo("Europe/Warsaw")
BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str, tz: ZoneInfo = VILNIUS) -> datetime:
    """A local wall-clock time ('2026-11-24 10:00') as an aware instant."""
    return datetime.fromisoformat(text).replace(tzinfo=tz)


@pytest.fixture
def service(demo_db: Database, clock: FakeClock) -> BookingService:
    return BookingService(demo_db, clock)


async def _client(service: BookingService, name: str = "Ona") -> int:
    return await service.add_client(name=name, email=f"{name.lower()}@example.com")


async def test_hold_then_confirm_records_every_step(service: BookingService) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-women",
        start=at("2026-11-24 10:00"),
        client_id=client,
        channel="rest",
        language="lt",
    )
    assert held.status == "held"
    assert held.staff_id == "rasa"
    assert held.end == at("2026-11-24 11:00")
    assert str(held.price) == "35.00" and held.currency == "EUR"

    confirmed = await service.confirm(held.id, client_id=client)
    assert confirmed.status == "confirmed"
    assert confirmed.hold_expires_at is None

    events = await service.events(held.id)
    assert [(e.action, e.actor) for e in events] == [("hold", "client"), ("confirm", "client")]
    assert events[0].before is None and events[0].after is not None
    assert events[0].after["status"] == "held"
    assert events[1].before is not None and events[1].before["status"] == "held"
    assert events[1].after is not None and events[1].after["status"] == "confirmed"


async def test_needs_confirmation_gives_pending_that_stays_valid(service: BookingService) -> None:
    client, other = await _client(service), await _client(service, "Jan")
    start = at("2026-11-24 12:00", WARSAW)
    held = await service.hold(
        business_id="lotus-krakow", service_id="facial", start=start, client_id=client
    )
    pending = await service.confirm(held.id, client_id=client)
    assert pending.status == "pending"
    # Unconfirmed is not free: Katarzyna is the only one doing facials.
    with pytest.raises(errors.SlotTaken):
        await service.hold(
            business_id="lotus-krakow", service_id="facial", start=start, client_id=other
        )
    accepted = await service.business_confirm(held.id)
    assert accepted.status == "confirmed"
    with pytest.raises(errors.NotAllowed):
        await service.business_reject(held.id)


async def test_business_rejects_pending_booking(service: BookingService) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="lotus-krakow",
        service_id="manicure",
        start=at("2026-11-24 15:00", WARSAW),
        client_id=client,
    )
    await service.confirm(held.id, client_id=client)
    rejected = await service.business_reject(held.id, reason="therapist ill")
    assert rejected.status == "rejected"
    events = await service.events(held.id)
    assert events[-1].action == "business_reject" and events[-1].note == "therapist ill"
    # the time is free again
    again = await service.hold(
        business_id="lotus-krakow",
        service_id="manicure",
        start=at("2026-11-24 15:00", WARSAW),
        client_id=client,
    )
    assert again.status == "held"


async def test_any_staff_fills_up_then_slot_taken_offers_alternatives(
    service: BookingService,
) -> None:
    start = at("2026-11-24 10:00")
    a, b, c = [await _client(service, n) for n in ("A", "B", "C")]
    first = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-men", start=start, client_id=a
    )
    second = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-men", start=start, client_id=b
    )
    assert {first.staff_id, second.staff_id} == {"rasa", "tomas"}
    with pytest.raises(errors.SlotTaken) as taken:
        await service.hold(
            business_id="ausra-vilnius",
            service_id="haircut-men",
            start=start,
            client_id=c,
            staff_id="tomas",
        )
    alternatives = taken.value.alternatives
    assert alternatives, "a taken slot must come with alternatives"
    assert alternatives[0].staff_id == "tomas"
    assert alternatives[0].start.astimezone(VILNIUS).date() == date(2026, 11, 24)
    assert all(s.start != start for s in alternatives)
    assert taken.value.message_id == errors.SlotTaken.message_id


async def test_expired_hold_frees_its_slot(service: BookingService, clock: FakeClock) -> None:
    start = at("2026-11-24 10:00")
    slow, quick = await _client(service, "Slow"), await _client(service, "Quick")
    held = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-women", start=start, client_id=slow
    )
    with pytest.raises(errors.SlotTaken):
        await service.hold(
            business_id="ausra-vilnius", service_id="haircut-women", start=start, client_id=quick
        )
    clock.advance(minutes=10, seconds=1)  # hold_minutes is 10
    slots = await service.free_slots("ausra-vilnius", "haircut-women", first_day=date(2026, 11, 24))
    assert start in {s.start for s in slots}
    taken = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-women", start=start, client_id=quick
    )
    assert taken.staff_id == "rasa"
    assert (await service.get(held.id)).status == "expired"
    with pytest.raises(errors.NotAllowed):
        await service.confirm(held.id, client_id=slow)


async def test_confirming_a_run_out_hold_says_it_expired(
    service: BookingService, clock: FakeClock
) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-women",
        start=at("2026-11-24 10:00"),
        client_id=client,
    )
    clock.advance(minutes=11)
    with pytest.raises(errors.HoldExpired):
        await service.confirm(held.id, client_id=client)
    assert (await service.get(held.id)).status == "expired"
    assert (await service.expire_holds()) == 0


async def test_buffer_after_blocks_the_staff_member(service: BookingService) -> None:
    client = await _client(service)
    await service.hold(
        business_id="ausra-vilnius",
        service_id="beard",
        start=at("2026-11-24 10:00"),
        client_id=client,
    )
    # beard: 20 min + 10 min buffer, Tomas busy until 10:30
    with pytest.raises(errors.SlotTaken):
        await service.hold(
            business_id="ausra-vilnius",
            service_id="haircut-men",
            start=at("2026-11-24 10:15"),
            client_id=client,
            staff_id="tomas",
        )
    after = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-men",
        start=at("2026-11-24 10:30"),
        client_id=client,
        staff_id="tomas",
    )
    assert after.staff_id == "tomas"


@pytest.mark.parametrize(
    ("start", "fee"),
    [("2026-11-26 10:00", False), ("2026-11-23 15:00", True)],
    ids=["outside-24h-free", "inside-24h-fee"],
)
async def test_cancel_says_when_a_fee_may_apply(
    service: BookingService, start: str, fee: bool
) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-men", start=at(start), client_id=client
    )
    await service.confirm(held.id, client_id=client)
    outcome = await service.cancel(held.id, by=Actor.CLIENT, client_id=client, reason="ill")
    assert outcome.booking.status == "cancelled"
    assert outcome.fee_may_apply is fee
    events = await service.events(held.id)
    assert (events[-1].action, events[-1].actor, events[-1].note) == ("cancel", "client", "ill")
    with pytest.raises(errors.NotAllowed):
        await service.cancel(held.id, by=Actor.CLIENT, client_id=client)
    slots = await service.free_slots(
        "ausra-vilnius", "haircut-men", first_day=at(start).date(), days=1, staff_id=held.staff_id
    )
    assert at(start) in {s.start for s in slots}


async def test_business_and_system_cancel_without_fee(service: BookingService) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-men",
        start=at("2026-11-23 15:30"),
        client_id=client,
    )
    await service.confirm(held.id, client_id=client)
    outcome = await service.cancel(held.id, by=Actor.BUSINESS, reason="closed for repairs")
    assert outcome.fee_may_apply is False
    assert (await service.events(held.id))[-1].actor == "business"


async def test_another_clients_booking_is_unknown_and_unchanged(service: BookingService) -> None:
    owner, stranger = await _client(service, "Owner"), await _client(service, "Stranger")
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-men",
        start=at("2026-11-25 10:00"),
        client_id=owner,
    )
    await service.confirm(held.id, client_id=owner)
    for attempt in (
        service.cancel(held.id, by=Actor.CLIENT, client_id=stranger),
        service.reschedule(
            held.id, new_start=at("2026-11-25 12:00"), by=Actor.CLIENT, client_id=stranger
        ),
        service.report_late(held.id, client_id=stranger, minutes=5),
        service.confirm(held.id, client_id=stranger),
        service.get(held.id, client_id=stranger),
    ):
        with pytest.raises(errors.UnknownBooking):
            await attempt
    unchanged = await service.get(held.id)
    assert unchanged.status == "confirmed" and unchanged.start == at("2026-11-25 10:00")
    assert len(await service.events(held.id)) == 2
    with pytest.raises(errors.UnknownBooking):
        await service.cancel(999_999, by=Actor.CLIENT, client_id=owner)


async def test_reschedule_moves_atomically_and_honours_the_limit(
    service: BookingService,
) -> None:
    client, other = await _client(service), await _client(service, "Other")
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-women",
        start=at("2026-11-25 10:00"),
        client_id=client,
    )
    await service.confirm(held.id, client_id=client)
    blocker = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-women",
        start=at("2026-11-25 14:00"),
        client_id=other,
    )
    # moving onto a taken time changes nothing and offers alternatives
    with pytest.raises(errors.SlotTaken) as taken:
        await service.reschedule(
            held.id, new_start=at("2026-11-25 14:00"), by=Actor.CLIENT, client_id=client
        )
    assert taken.value.alternatives
    same = await service.get(held.id)
    assert (same.start, same.reschedule_count) == (at("2026-11-25 10:00"), 0)

    moved = await service.reschedule(
        held.id, new_start=at("2026-11-25 15:00"), by=Actor.CLIENT, client_id=client
    )
    assert moved.id == held.id
    assert (moved.start, moved.end, moved.status) == (
        at("2026-11-25 15:00"),
        at("2026-11-25 16:00"),
        "confirmed",
    )
    assert moved.reschedule_count == 1
    event = (await service.events(held.id))[-1]
    assert event.action == "reschedule"
    assert event.before is not None and event.after is not None
    assert event.before["start"] != event.after["start"]
    # the old time is free again
    freed = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-women",
        start=at("2026-11-25 10:00"),
        client_id=other,
    )
    assert freed.status == "held"
    # Aušra lets a client change a booking once
    with pytest.raises(errors.LimitReached) as limit:
        await service.reschedule(
            held.id, new_start=at("2026-11-26 10:00"), by=Actor.CLIENT, client_id=client
        )
    assert limit.value.params == {"limit": 1}
    # the business itself may still move it
    by_business = await service.reschedule(
        held.id, new_start=at("2026-11-26 10:00"), by=Actor.BUSINESS
    )
    assert by_business.reschedule_count == 1
    assert blocker.status == "held"


async def test_kraftwerk_allows_two_client_reschedules(service: BookingService) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="kraft-berlin",
        service_id="personal-training",
        start=at("2026-11-24 10:00", BERLIN),
        client_id=client,
    )
    await service.confirm(held.id, client_id=client)
    for hour in ("11:00", "12:00"):
        await service.reschedule(
            held.id, new_start=at(f"2026-11-24 {hour}", BERLIN), by=Actor.CLIENT, client_id=client
        )
    with pytest.raises(errors.LimitReached):
        await service.reschedule(
            held.id, new_start=at("2026-11-24 13:00", BERLIN), by=Actor.CLIENT, client_id=client
        )


@pytest.mark.parametrize(("minutes", "within"), [(10, True), (15, True), (16, False), (45, False)])
async def test_running_late_within_and_beyond_tolerance(
    service: BookingService, clock: FakeClock, minutes: int, within: bool
) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-men",
        start=at("2026-11-23 11:00"),
        client_id=client,
    )
    await service.confirm(held.id, client_id=client)
    clock.advance(hours=1, minutes=50)
    outcome = await service.report_late(held.id, client_id=client, minutes=minutes)
    assert outcome.within_tolerance is within
    assert outcome.may_be_released is not within
    assert outcome.tolerance_minutes == 15
    assert outcome.booking.status == "confirmed"
    assert outcome.booking.late_minutes == minutes
    event = (await service.events(held.id))[-1]
    assert event.action == "late_notice" and event.note.startswith(f"{minutes} min")


@pytest.mark.parametrize("minutes", [0, -5, 241, 10_000])
async def test_running_late_refuses_nonsense_minutes(service: BookingService, minutes: int) -> None:
    client = await _client(service)
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-men",
        start=at("2026-11-24 11:00"),
        client_id=client,
    )
    await service.confirm(held.id, client_id=client)
    with pytest.raises(errors.BadLateMinutes):
        await service.report_late(held.id, client_id=client, minutes=minutes)
    assert len(await service.events(held.id)) == 2


async def test_release_frees_a_late_clients_place(service: BookingService) -> None:
    client, waiting = await _client(service), await _client(service, "Waiting")
    start = at("2026-11-24 11:00")
    held = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-women", start=start, client_id=client
    )
    await service.confirm(held.id, client_id=client)
    released = await service.release(held.id, reason="late")
    assert released.status == "released"
    assert (await service.events(held.id))[-1].note == "late"
    again = await service.hold(
        business_id="ausra-vilnius", service_id="haircut-women", start=start, client_id=waiting
    )
    assert again.staff_id == "rasa"


@pytest.mark.parametrize(
    ("business", "service_id", "start", "error"),
    [
        ("ausra-vilnius", "haircut-men", "2026-11-22 10:00", errors.PastTime),
        ("ausra-vilnius", "haircut-men", "2026-11-23 09:30", errors.TooSoon),
        ("ausra-vilnius", "haircut-men", "2027-06-01 10:00", errors.TooFarAhead),
        ("ausra-vilnius", "haircut-men", "2026-12-24 10:00", errors.ClosedDay),
        ("ausra-vilnius", "haircut-men", "2026-11-29 10:00", errors.ClosedDay),  # Sunday
        ("ausra-vilnius", "haircut-men", "2026-11-24 07:00", errors.OutsideHours),
        ("ausra-vilnius", "haircut-women", "2026-11-25 12:30", errors.OutsideHours),  # lunch
        ("ausra-vilnius", "haircut-men", "2026-11-24 10:07", errors.NotOnGrid),
        ("ausra-vilnius", "massage-60", "2026-11-24 10:00", errors.UnknownService),
        ("nowhere", "haircut-men", "2026-11-24 10:00", errors.UnknownBusiness),
    ],
)
async def test_domain_errors_are_typed(
    service: BookingService,
    business: str,
    service_id: str,
    start: str,
    error: type[errors.BookingError],
) -> None:
    client = await _client(service)
    with pytest.raises(error) as raised:
        await service.hold(
            business_id=business, service_id=service_id, start=at(start), client_id=client
        )
    assert raised.value.message_id == error.message_id
    assert await service.client_bookings(client) == []


async def test_unknown_staff_is_refused(service: BookingService) -> None:
    client = await _client(service)
    with pytest.raises(errors.UnknownStaff):
        await service.hold(
            business_id="ausra-vilnius",
            service_id="beard",
            start=at("2026-11-24 10:00"),
            client_id=client,
            staff_id="rasa",
        )


async def test_group_class_fills_up_to_capacity(service: BookingService) -> None:
    start = at("2026-11-24 18:00", BERLIN)
    clients = [await _client(service, f"Yogi{n}") for n in range(13)]
    seats = []
    for client in clients[:12]:
        held = await service.hold(
            business_id="kraft-berlin", service_id="yoga-class", start=start, client_id=client
        )
        seats.append(held)
    assert {s.staff_id for s in seats} == {"mia"}
    slots = await service.free_slots("kraft-berlin", "yoga-class", first_day=start.date(), days=1)
    assert start not in {s.start for s in slots}
    with pytest.raises(errors.SlotTaken):
        await service.hold(
            business_id="kraft-berlin", service_id="yoga-class", start=start, client_id=clients[12]
        )
    # Mia teaches the class: she cannot also give a personal training then
    with pytest.raises(errors.SlotTaken):
        await service.hold(
            business_id="kraft-berlin",
            service_id="personal-training",
            start=at("2026-11-24 18:30", BERLIN),
            client_id=clients[12],
            staff_id="mia",
        )
    await service.cancel(seats[3].id, by=Actor.CLIENT, client_id=clients[3])
    late_comer = await service.hold(
        business_id="kraft-berlin", service_id="yoga-class", start=start, client_id=clients[12]
    )
    assert late_comer.status == "held"


async def test_group_class_seats_left_are_offered(service: BookingService) -> None:
    start = at("2026-11-24 18:00", BERLIN)
    for n in range(5):
        client = await _client(service, f"Yogi{n}")
        await service.hold(
            business_id="kraft-berlin", service_id="yoga-class", start=start, client_id=client
        )
    slots = await service.free_slots("kraft-berlin", "yoga-class", first_day=start.date(), days=1)
    at_start = [s for s in slots if s.start == start]
    assert [s.seats_left for s in at_start] == [7]


async def test_stays_count_rooms_per_night(service: BookingService) -> None:
    a, b, c = [await _client(service, n) for n in ("A", "B", "C")]
    stay = {"business_id": "linden-hotel", "room_id": "suite"}
    first = await service.hold_stay(
        **stay, check_in=date(2026, 12, 4), check_out=date(2026, 12, 6), client_id=a
    )
    assert first.start == at("2026-12-04 15:00", BERLIN)
    assert first.end == at("2026-12-06 11:00", BERLIN)
    assert str(first.price) == "378.00"
    await service.hold_stay(
        **stay, check_in=date(2026, 12, 5), check_out=date(2026, 12, 7), client_id=b
    )
    assert (
        await service.rooms_left("linden-hotel", "suite", date(2026, 12, 5), date(2026, 12, 6)) == 0
    )
    assert (
        await service.rooms_left("linden-hotel", "suite", date(2026, 12, 6), date(2026, 12, 7)) == 1
    )
    with pytest.raises(errors.SlotTaken):
        await service.hold_stay(
            **stay, check_in=date(2026, 12, 3), check_out=date(2026, 12, 6), client_id=c
        )
    third = await service.hold_stay(
        **stay, check_in=date(2026, 12, 6), check_out=date(2026, 12, 8), client_id=c
    )
    assert third.room_id == "suite"
    await service.cancel(first.id, by=Actor.CLIENT, client_id=a)
    assert (
        await service.rooms_left("linden-hotel", "suite", date(2026, 12, 4), date(2026, 12, 6)) == 1
    )
    with pytest.raises(errors.BadStay):
        await service.hold_stay(
            **stay, check_in=date(2026, 12, 6), check_out=date(2026, 12, 6), client_id=c
        )


async def test_listing_shows_local_times_with_offset(service: BookingService) -> None:
    client = await service.add_client(name="Ona", email="ona@example.com", phone="+37060000000")
    held = await service.hold(
        business_id="ausra-vilnius",
        service_id="haircut-men",
        start=at("2026-11-24 10:00"),
        client_id=client,
        channel="telegram",
        language="lt",
    )
    [row] = await service.listing()
    assert row.as_json() == {
        "id": held.id,
        "business": "ausra-vilnius",
        "service": "haircut-men",
        "room": None,
        "staff": held.staff_id,
        "start": "2026-11-24T10:00:00+02:00",
        "end": "2026-11-24T10:30:00+02:00",
        "status": "held",
        "client": {"name": "Ona", "email": "ona@example.com", "phone": "+37060000000"},
        "channel": "telegram",
        "language": "lt",
    }
