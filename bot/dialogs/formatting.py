"""Dates, times, prices and durations as the client reads them (Babel, CLDR).

Each label is cached: Babel works out a pattern from CLDR data on every call, and
a conversation shows the same few days, times and prices again and again.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency


@lru_cache(maxsize=8192)
def day_label(day: date, language: str) -> str:
    """A day with its weekday: 'Tue, Nov 24', 'lapkričio 24 d., an', 'вт, 24 нояб.'."""
    return format_skeleton("MMMMEd", day, locale=language)


@lru_cache(maxsize=8192)
def time_label(moment: datetime, tz: ZoneInfo, language: str) -> str:
    """Local wall-clock time: '10:00', '10:00 AM'."""
    return format_time(moment, "short", tzinfo=tz, locale=language)


@lru_cache(maxsize=8192)
def when_label(moment: datetime, tz: ZoneInfo, language: str) -> str:
    """Local day and time of an instant."""
    day = format_date(moment.astimezone(tz).date(), "full", locale=language)
    return f"{day}, {time_label(moment, tz, language)}"


@lru_cache(maxsize=8192)
def price_label(amount: Decimal, currency: str, language: str) -> str:
    """A price in the business's currency, written the client's way ('PLN 90.00', '90,00 zł').

    Babel leaves out CLDR's currency spacing, which puts a space between a
    currency code and the digits; it is added here."""
    text = format_currency(amount, currency, locale=language)
    return _CODE_NEXT_TO_DIGIT.sub("\\1\u00a0\\2", text)


_CODE_NEXT_TO_DIGIT = re.compile(r"([A-Z]{3})(\d)")
