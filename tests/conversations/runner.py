"""Runs a conversation file: what the client says or presses, what the replies must
contain, which buttons they offer, and what the client's bookings are afterwards.

A file (YAML)::

    language: en            # the channel's language hint (optional)
    steps:
      - say: /start                       # text or a payload, sent as it is
        expect:
          text: [Hello]                   # each must appear in the replies' text
          no_text: [Sorry]                # none may appear
          buttons: [Book, My bookings]    # each must be (part of) a button's title
      - press: Book                       # the button whose title contains this
      - take: {business: ausra-vilnius, service: haircut-men, start: "2026-11-24T10:00"}
      - advance: {minutes: 11}            # the clock moves
      - bookings:                         # this client's bookings, oldest first
          - {service: haircut-men, status: confirmed, start: "2026-11-24T10:00"}

``start`` values are local wall-clock times of the business.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.booking.service import BookingService
from bot.dialogs.messages import Button, Outgoing
from tests.conftest import FakeClock

Send = Callable[[str], Awaitable[list[Outgoing]]]
Bookings = Callable[[], Awaitable[list[dict[str, Any]]]]

HERE = Path(__file__).parent


@dataclass
class Conversation:
    name: str
    language: str | None
    steps: list[dict[str, Any]]


def load_all() -> list[Conversation]:
    result = []
    for path in sorted(HERE.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result.append(Conversation(path.stem, data.get("language"), data["steps"]))
    return result


def _local(business_tz: str, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(business_tz))


async def run(
    conversation: Conversation,
    send: Send,
    bookings: Bookings,
    service: BookingService,
    clock: FakeClock,
) -> None:
    """Play every step; an assertion names the file, the step and what was seen."""
    last: list[Outgoing] = []
    for number, step in enumerate(conversation.steps, 1):
        where = f"{conversation.name} step {number} ({step})"
        if "say" in step:
            # "{long}" stands for a 10,000-character text
            last = await send(str(step["say"]).replace("{long}", "a" * 10_000))
        elif "press" in step:
            buttons = [b for r in last for b in r.buttons]
            wanted = str(step["press"])
            chosen = _button(buttons, wanted)
            assert chosen is not None, f"{where}: no button {wanted!r} in {_titles(buttons)}"
            last = await send(chosen.payload)
        elif "take" in step:
            take = step["take"]
            offer = await service.offer(take["business"], take["service"])
            client = await service.add_client(name="Someone else")
            await service.hold(
                business_id=take["business"],
                service_id=take["service"],
                start=_local(offer.business.timezone, take["start"]),
                client_id=client,
            )
            continue
        elif "advance" in step:
            clock.advance(**step["advance"])
            continue
        if "bookings" in step:
            seen = await bookings()
            expected = step["bookings"]
            assert len(seen) == len(expected), f"{where}: bookings {seen}"
            for got, want in zip(seen, expected, strict=True):
                for key, value in want.items():
                    assert str(got[key]).startswith(str(value)), f"{where}: {got} vs {want}"
        _check(where, step.get("expect") or {}, last)


def _plain(text: str) -> str:
    """CLDR puts no-break spaces in times and prices ('9:00\u202fAM'); files use spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _button(buttons: list[Button], wanted: str) -> Button | None:
    wanted = _plain(wanted)
    exact = [b for b in buttons if _plain(b.title) == wanted or b.payload == wanted]
    if exact:
        return exact[0]
    folded = wanted.casefold()
    starting = [b for b in buttons if _plain(b.title).casefold().startswith(folded)]
    partial = [b for b in buttons if folded in _plain(b.title).casefold()]
    return (starting or partial or [None])[0]


def _titles(buttons: list[Button]) -> list[str]:
    return [b.title for b in buttons]


def _check(where: str, expect: dict[str, Any], replies: list[Outgoing]) -> None:
    text = _plain("\n".join(r.text for r in replies))
    buttons = [b for r in replies for b in r.buttons]
    for fragment in expect.get("text", []):
        assert _plain(str(fragment)) in text, f"{where}: {fragment!r} not in:\n{text}"
    for fragment in expect.get("no_text", []):
        assert str(fragment) not in text, f"{where}: {fragment!r} in:\n{text}"
    for title in expect.get("buttons", []):
        assert _button(buttons, str(title)) is not None, (
            f"{where}: no button {title!r} in {_titles(buttons)}"
        )
    if "button_count" in expect:
        assert len(buttons) == expect["button_count"], f"{where}: {_titles(buttons)}"
