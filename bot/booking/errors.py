"""Domain errors: types with a message id that the edge translates.

``message_id`` is an English gettext msgid (marked with ``N_`` so that extraction
finds it); ``params`` fill its ``{placeholders}`` after translation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from bot.booking.calendar import Slot
from bot.i18n import N_


class BookingError(Exception):
    """Base of every error the booking domain reports to a client or an operator."""

    message_id: ClassVar[str] = N_("Something went wrong with this booking.")

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message_id.format(**params) if params else self.message_id)


class UnknownBusiness(BookingError):
    message_id = N_("This business is not in the catalog.")


class UnknownService(BookingError):
    message_id = N_("This service is not offered here.")


class UnknownStaff(BookingError):
    message_id = N_("This staff member does not do this service.")


class UnknownBooking(BookingError):
    """Also raised for another client's booking, so that its existence does not leak."""

    message_id = N_("I can't find this booking.")


class PastTime(BookingError):
    message_id = N_("This time has already passed.")


class TooSoon(BookingError):
    message_id = N_("This time is too soon: please book at least {minutes} minutes ahead.")


class TooFarAhead(BookingError):
    message_id = N_("Bookings open at most {days} days ahead.")


class ClosedDay(BookingError):
    message_id = N_("The business is closed on this day.")


class OutsideHours(BookingError):
    message_id = N_("This time is outside the opening hours.")


class NotOnGrid(BookingError):
    message_id = N_("Please choose one of the offered times.")


class LimitReached(BookingError):
    message_id = N_("This booking has already been changed as many times as the business allows.")


class NotAllowed(BookingError):
    """A change the booking's current state does not allow (e.g. cancel a cancelled one)."""

    message_id = N_("This booking can no longer be changed this way.")


class HoldExpired(BookingError):
    message_id = N_("The time you chose was held for you, but the hold has expired.")


class SlotTaken(BookingError):
    """Someone else got the slot first; ``alternatives`` are the nearest free ones."""

    message_id = N_("Sorry, this time was just taken.")

    def __init__(self, alternatives: Sequence[Slot] = (), **params: Any) -> None:
        self.alternatives = tuple(alternatives)
        super().__init__(**params)


class BadLateMinutes(BookingError):
    message_id = N_("Please tell me how many minutes late you will be (1 to {maximum}).")


class UnknownClient(BookingError):
    message_id = N_("I don't know you yet: please start again.")


class UnknownRoom(BookingError):
    message_id = N_("This room type is not offered here.")


class BadStay(BookingError):
    message_id = N_("Please choose a check-out date after the check-in date.")
