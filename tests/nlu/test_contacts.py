"""E-mail addresses and phone numbers found in texts, normalized."""

from __future__ import annotations

import pytest

from bot.nlu.contacts import find_contacts


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("my number is +370 612 34567", None, [("phone", "+37061234567", "+370 612 34567")]),
        ("skambinkit 861234567", "LT", [("phone", "+37061234567", "861234567")]),
        ("tel. 600 700 800", "PL", [("phone", "+48600700800", "600 700 800")]),
        ("+49 30 1234 5678", None, [("phone", "+493012345678", "+49 30 1234 5678")]),
        (
            "Jan.Kowalski@Example.PL",
            None,
            [("email", "Jan.Kowalski@example.pl", "Jan.Kowalski@Example.PL")],
        ),
        (
            "ona@example.com, +37061234567",
            "LT",
            [
                ("email", "ona@example.com", "ona@example.com"),
                ("phone", "+37061234567", "+37061234567"),
            ],
        ),
    ],
)
def test_contacts(text: str, region: str | None, expected: list[tuple[str, str, str]]) -> None:
    assert [
        (c.entity, c.value, text[c.start : c.end]) for c in find_contacts(text, region)
    ] == expected


@pytest.mark.parametrize(
    "text",
    ["rytoj 15:00", "on 2026-11-24 at 10", "10 min late", "room 204, 2 people", "1234567", "a@b"],
)
def test_what_is_no_contact(text: str) -> None:
    assert find_contacts(text, "LT") == []
