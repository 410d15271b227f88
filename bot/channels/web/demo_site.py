"""The demo's sample business sites: what a newcomer opens first (``/``).

Each demo business gets a small home page of its own — services, prices, next free
times, opening hours — with the chat widget on it, put there by one ``<script>``
tag as any business would on its own site. ``/`` is the first business's page
(Kirpykla Aušra in the demo catalog); ``/demo/{id}`` is each business's.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_day_names
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.catalog.schema import name_in
from bot.channels.web.locale import request_language
from bot.dialogs.formatting import price_label
from bot.i18n import LANGUAGES, translations
from storage.models import Business

router = APIRouter()

FIRST_BUSINESS = "ausra-vilnius"
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

PAGE_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1f2933;background:#f7f5f2;line-height:1.5}
header{background:#2f4858;color:#fff;padding:2rem 1.25rem}
header h1{margin:0 0 .25rem;font-size:2rem}header p{margin:0;opacity:.9}
nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;padding:.75rem 1.25rem;background:#e8e2da}
nav a{color:#2f4858}nav a[aria-current]{font-weight:700;text-decoration:none}
main{max-width:52rem;margin:0 auto;padding:1.25rem}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #e5e0d8}
.book-now{font:inherit;font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:2rem;
background:#c2573a;color:#fff;cursor:pointer}
.book-now:focus-visible{outline:3px solid #2f4858;outline-offset:2px}
@media (max-width:480px){th,td{padding:.35rem;font-size:.9rem}}
footer{padding:2rem 1.25rem;color:#52606d;font-size:.9rem}
"""


class _Words:
    """The page's own words in one language (kept out of f-strings: gettext extraction
    does not look inside them)."""

    def __init__(self, language: str) -> None:
        _ = translations(language).gettext
        self.services_title = _("Services")
        self.service_column = _("Service")
        self.duration_column = _("Duration")
        self.price_column = _("Price")
        self.next_free_column = _("next free time")
        self.businesses_label = _("Demo businesses")
        self.language_label = _("Language")
        self.intro = _("Book a time with our assistant: it speaks six languages.")
        self.book_online = _("Book online")
        self.hours_title = _("Opening hours")
        self.sample_note = _("A sample site for the slotchat demo.")
        self.every_business = _("Every business")


def _hours(business: Business, language: str) -> list[tuple[str, str]]:
    """Each weekday with its opening ranges, or 'closed', in ``language``."""
    _ = translations(language).gettext
    names = get_day_names("wide", locale=language)
    rows = []
    for index, key in enumerate(WEEK):
        ranges = business.hours.get(key) or []
        text = ", ".join(str(r).replace("-", "–") for r in ranges) if ranges else _("closed")
        rows.append((names[index].capitalize(), text))
    return rows


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> str:
    """The first demo business's site, with the chat widget."""
    directory: Directory = request.app.state.directory
    businesses = await directory.businesses()
    if not businesses:
        raise HTTPException(404, "no business in the catalog: slotchat catalog import FILE.yml")
    chosen = next((b for b in businesses if b.id == FIRST_BUSINESS), businesses[0])
    return await _page(request, chosen.id)


@router.get("/demo/{business_id}", response_class=HTMLResponse)
async def business_site(request: Request, business_id: str) -> str:
    """A demo business's site, with the chat widget."""
    return await _page(request, business_id)


async def _page(request: Request, business_id: str) -> str:
    directory: Directory = request.app.state.directory
    bookings: BookingService = request.app.state.bookings
    business = await directory.business(business_id)
    if business is None:
        raise HTTPException(404, "no such business")
    asked = request.query_params.get("lang", "")
    language = request_language(request)
    _ = translations(language).gettext
    tz = ZoneInfo(business.timezone)
    t = _Words(language)

    rows = []
    for service in await directory.services(business.id):
        free = await bookings.free_slots(business.id, service.id, days=7)
        when = (
            format_datetime(free[0].start, "EEE d MMM HH:mm", tzinfo=tz, locale=language)
            if free
            else _("no free time this week")
        )
        minutes = translations(language).ngettext("{n} minute", "{n} minutes", service.minutes)
        rows.append(
            "<tr>"
            f"<td>{escape(name_in(service.names, language))}</td>"
            f"<td>{escape(minutes.format(n=service.minutes))}</td>"
            f"<td>{escape(price_label(service.price, business.currency, language))}</td>"
            f"<td>{escape(when)}</td>"
            "</tr>"
        )
    services = (
        f"<h2>{escape(t.services_title)}</h2><div class='table'><table><thead><tr>"
        f"<th>{escape(t.service_column)}</th><th>{escape(t.duration_column)}</th>"
        f"<th>{escape(t.price_column)}</th><th>{escape(t.next_free_column)}</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else ""
    )
    hours = "".join(
        f"<tr><th scope='row'>{escape(day)}</th><td>{escape(text)}</td></tr>"
        for day, text in _hours(business, language)
    )
    here = f"/demo/{business.id}"
    current = ' aria-current="page"'
    others = " ".join(
        f'<a href="/demo/{escape(b.id)}{_lang_query(asked)}"'
        f"{current if b.id == business.id else ''}>{escape(b.name)}</a>"
        for b in await directory.businesses()
    )
    switch = " ".join(
        f'<a href="{here}?lang={code}" hreflang="{code}" lang="{code}"'
        f"{current if code == language else ''}>{code}</a>"
        for code in LANGUAGES
    )
    widget_language = f' data-language="{escape(asked)}"' if asked in LANGUAGES else ""
    contact = " · ".join(escape(part) for part in (business.address, business.phone) if part)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(business.name)}</title><style>{PAGE_STYLE}</style></head><body>"
        f"<header><h1>{escape(business.name)}</h1><p>{contact}</p></header>"
        f'<nav aria-label="{escape(t.businesses_label)}">{others}</nav>'
        f'<nav aria-label="{escape(t.language_label)}">{switch}</nav>'
        "<main>"
        f"<p>{escape(t.intro)}</p>"
        f'<p><button type="button" class="book-now" onclick="window.slotchat.open()">'
        f"{escape(t.book_online)}</button></p>"
        f"{services}"
        f"<h2>{escape(t.hours_title)}</h2>"
        f"<div class='table'><table><tbody>{hours}</tbody></table></div>"
        "</main>"
        f"<footer>{escape(t.sample_note)} "
        f'<a href="/catalog{_lang_query(asked)}">{escape(t.every_business)}</a></footer>'
        f'<script src="/static/widget.js" data-business="{escape(business.id)}"'
        f"{widget_language} defer></script>"
        "</body></html>"
    )


def _lang_query(asked: str) -> str:
    return f"?lang={asked}" if asked in LANGUAGES else ""
