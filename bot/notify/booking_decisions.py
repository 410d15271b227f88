"""Telling a client that the business confirmed or turned down a booking request.

The booking service decides (no I/O to channels there); whoever asked it to, the
``slotchat bookings confirm``/``reject`` command today, then calls :func:`tell_client`.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.booking.directory import Directory
from bot.booking.service import BookingView
from bot.catalog.schema import name_in
from bot.dialogs.formatting import when_label
from bot.dialogs.messages import Button, Outgoing
from bot.dialogs.payloads import payload
from bot.i18n import translations
from bot.notify.outbox import Outbox


async def tell_client(outbox: Outbox, directory: Directory, booking: BookingView) -> int:
    """Send the client the business's decision on ``booking`` (now ``confirmed`` or
    ``rejected``) in each conversation's language; returns how many chats got it."""
    business = await directory.business(booking.business_id)
    service = (
        await directory.service(booking.business_id, booking.service_id)
        if booking.service_id
        else None
    )
    business_name = business.name if business is not None else booking.business_id
    tz = ZoneInfo(business.timezone if business is not None else "UTC")

    def compose(language: str) -> list[Outgoing]:
        _ = translations(language).gettext
        what = name_in(service.names, language) if service is not None else _("your stay")
        when = when_label(booking.start, tz, language)
        if booking.status == "confirmed":
            text = _(
                "{business} confirmed your booking: {service} on {when}. Booking number: {number}."
            ).format(business=business_name, service=what, when=when, number=booking.id)
        else:
            text = _(
                "Sorry, {business} cannot take your booking request for {service} on {when}. "
                "Would you like to choose another time?"
            ).format(business=business_name, service=what, when=when)
        return [
            Outgoing(
                text,
                (
                    Button(_("My bookings"), payload("bookings")),
                    Button(_("Book another"), payload("book")),
                ),
            )
        ]

    return await outbox.send_to_client(booking.client_id, compose)
