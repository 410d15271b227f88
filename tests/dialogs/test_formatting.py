"""Dates, times, prices and plurals as each language writes them (Babel, CLDR), in the
business's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.dialogs.formatting import day_label, price_label, time_label, when_label
from bot.i18n import translations

VILNIUS = ZoneInfo("Europe/Vilnius")
MOMENT = datetime(2026, 11, 24, 13, 30, tzinfo=UTC)  # 15:30 in Vilnius


@pytest.mark.parametrize(
    ("language", "day", "time", "when"),
    [
        ("en", "Tue, Nov 24", "3:30\u202fPM", "Tuesday, November 24, 2026, 3:30\u202fPM"),
        ("lt", "lapkričio 24 d., an", "15:30", "2026 m. lapkričio 24 d., antradienis, 15:30"),
        ("pl", "wt., 24 listopada", "15:30", "wtorek, 24 listopada 2026, 15:30"),
        ("sq", "mar, 24 nëntor", "3:30\u202fm.d.", "e martë, 24 nëntor 2026, 3:30\u202fm.d."),
        ("de", "Di., 24. November", "15:30", "Dienstag, 24. November 2026, 15:30"),
        ("ru", "вт, 24 нояб.", "15:30", "вторник, 24 ноября 2026\u202fг., 15:30"),
    ],
)
def test_days_and_times(language: str, day: str, time: str, when: str) -> None:
    assert day_label(date(2026, 11, 24), language) == day
    assert time_label(MOMENT, VILNIUS, language) == time
    assert when_label(MOMENT, VILNIUS, language) == when


def test_times_are_the_business_s_local_time_across_dst() -> None:
    summer = datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert time_label(summer, VILNIUS, "lt") == "10:00"  # +03:00
    assert time_label(MOMENT, ZoneInfo("Europe/Berlin"), "de") == "14:30"  # +01:00


@pytest.mark.parametrize(
    ("language", "eur", "pln", "all_"),
    [
        ("en", "€35.00", "PLN\xa0220.00", "ALL\xa02,000"),
        ("lt", "35,00\xa0€", "220,00\xa0PLN", "2\xa0000\xa0ALL"),
        ("pl", "35,00\xa0€", "220,00\xa0zł", "2\xa0000\xa0ALL"),
        ("sq", "35,00\xa0€", "220,00\xa0PLN", "2\xa0000\xa0Lekë"),
        ("de", "35,00\xa0€", "220,00\xa0PLN", "2.000\xa0ALL"),
        ("ru", "35,00\xa0€", "220,00\xa0PLN", "2\xa0000\xa0ALL"),
    ],
)
def test_prices_in_the_business_s_currency(language: str, eur: str, pln: str, all_: str) -> None:
    assert price_label(Decimal("35.00"), "EUR", language) == eur
    assert price_label(Decimal("220.00"), "PLN", language) == pln
    assert price_label(Decimal("2000"), "ALL", language) == all_


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("en", ["1 minute", "2 minutes", "5 minutes", "21 minutes", "22 minutes"]),
        ("lt", ["1 minutė", "2 minutės", "5 minutės", "21 minutė", "22 minutės"]),
        ("pl", ["1 minuta", "2 minuty", "5 minut", "21 minut", "22 minuty"]),
        ("sq", ["1 minutë", "2 minuta", "5 minuta", "21 minuta", "22 minuta"]),
        ("de", ["1 Minute", "2 Minuten", "5 Minuten", "21 Minuten", "22 Minuten"]),
        ("ru", ["1 минута", "2 минуты", "5 минут", "21 минута", "22 минуты"]),
    ],
)
def test_plural_forms(language: str, forms: list[str]) -> None:
    ngettext = translations(language).ngettext
    assert [
        ngettext("{n} minute", "{n} minutes", n).format(n=n) for n in (1, 2, 5, 21, 22)
    ] == forms
    assert ngettext("{n} minute", "{n} minutes", 12).format(n=12) == {
        "en": "12 minutes", "lt": "12 minučių", "pl": "12 minut", "sq": "12 minuta",
        "de": "12 Minuten", "ru": "12 минут",
    }[language]  # fmt: skip
