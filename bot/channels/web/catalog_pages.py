"""Read-only catalog pages and JSON: the businesses, their services and free times."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from bot.booking import errors
from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.catalog.schema import name_in
from bot.channels.web.locale import request_language
from bot.i18n import LANGUAGES, translations
from storage.models import Business, Service

router = APIRouter()


def _service(request: Request) -> BookingService:
    service: BookingService = request.app.state.bookings
    return service


async def _catalog(request: Request) -> list[tuple[Business, list[Service]]]:
    directory: Directory = request.app.state.directory
    services = await directory.services()
    return [
        (b, [sv for sv in services if sv.business_id == b.id]) for b in await directory.businesses()
    ]


@router.get("/healthz")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/api/businesses")
async def businesses(request: Request) -> list[dict[str, Any]]:
    """Every active business with its services, names in the request's language."""
    language = request_language(request)
    return [
        {
            "id": b.id,
            "name": b.name,
            "city": b.city,
            "timezone": b.timezone,
            "currency": b.currency,
            "services": [
                {
                    "id": s.id,
                    "name": name_in(s.names, language),
                    "minutes": s.minutes,
                    "price": str(s.price),
                }
                for s in services
            ],
        }
        for b, services in await _catalog(request)
    ]


@router.get("/api/businesses/{business_id}/services/{service_id}/slots")
async def slots(
    request: Request,
    business_id: str,
    service_id: str,
    day: date | None = None,
    days: int = Query(default=7, ge=1, le=31),
) -> list[dict[str, Any]]:
    """Free starts of a service (UTC and local), from ``day`` for ``days`` days."""
    bookings = _service(request)
    try:
        offer = await bookings.offer(business_id, service_id)
        found = await bookings.free_slots(business_id, service_id, first_day=day, days=days)
    except errors.BookingError as error:
        language = request_language(request)
        raise HTTPException(404, translations(language).gettext(error.message_id)) from None
    tz = offer.calendar.timezone
    return [
        {
            "start": slot.start.isoformat(),
            "local": slot.start.astimezone(tz).isoformat(),
            "staff": slot.staff_id,
            "seats_left": slot.seats_left,
        }
        for slot in found
    ]


@router.get("/catalog", response_class=HTMLResponse)
async def home(request: Request) -> str:
    """A plain page listing the catalog with each service's next free time."""
    language = request_language(request)
    _ = translations(language).gettext
    bookings = _service(request)
    next_free = _("next free time")
    heading = _("Businesses you can book with")
    items = []
    for business, services in await _catalog(request):
        rows = []
        for service in services:
            free = await bookings.free_slots(business.id, service.id, days=7)
            if free:
                when = format_datetime(
                    free[0].start,
                    "EEE d MMM HH:mm",
                    tzinfo=ZoneInfo(business.timezone),
                    locale=language,
                )
            else:
                when = _("no free time this week")
            price = format_currency(service.price, business.currency, locale=language)
            rows.append(
                f"<li>{escape(name_in(service.names, language))} — {escape(price)} — "
                f"{escape(next_free)}: {escape(when)}</li>"
            )
        items.append(
            f"<section><h2>{escape(business.name)}</h2><p>{escape(business.city)}</p>"
            f"<ul>{''.join(rows)}</ul></section>"
        )
    switch = " · ".join(f'<a href="/catalog?lang={code}">{code}</a>' for code in LANGUAGES)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>slotchat</title></head><body><h1>slotchat</h1>"
        f"<p>{escape(heading)}</p><nav>{switch}</nav>"
        f"{''.join(items)}</body></html>"
    )
