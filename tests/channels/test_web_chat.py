"""The web chat socket against a real server (uvicorn on a free port), on SQLite and on
PostgreSQL: sessions and history, server push, origins, limits, text kept as text."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from websockets.exceptions import InvalidStatus

from bot.booking.directory import Directory
from bot.booking.service import BookingService
from bot.channels.web.app import create_app
from bot.channels.web.chat import SESSION_PATTERN
from bot.channels.web.safety import RateLimit
from bot.dialogs.messages import Button, Outgoing
from bot.i18n import translations
from bot.notify.booking_decisions import tell_client
from bot.notify.outbox import Outbox, Recipient
from storage.database import Database
from tests.channels.web_support import (
    chat,
    load_demo,
    messages,
    request_a_manicure_at_lotus,
    serving,
)

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def web(database_url: str) -> Iterator[str]:
    """A server on a database holding the demo catalog; yields its base URL."""
    load_demo(database_url)
    app = create_app(database_url)
    with serving(app) as base:
        yield base


def _texts(found: list[dict[str, object]]) -> list[str]:
    return [str(m["text"]) for m in found]


def test_a_new_session_gets_an_unguessable_id_and_the_greeting(web: str) -> None:
    with chat(web, language="lt") as (client, welcome):
        session = welcome["session"]
        assert SESSION_PATTERN.fullmatch(session)
        assert welcome["history"] == []
        assert welcome["language"] == "lt"
        assert welcome["business"] == "Kirpykla Aušra"
        assert welcome["ui"]["send"] == translations("lt").gettext("Send")
        assert [lang["code"] for lang in welcome["languages"]] == [
            "en",
            "lt",
            "pl",
            "sq",
            "de",
            "ru",
        ]
        replies = client.turn("/start")
    assert replies[0]["from"] == "bot"
    assert replies[0]["text"].startswith("Sveiki!")
    assert [b["payload"] for b in replies[0]["buttons"]][:2] == ["/book", "/bookings"]


def test_an_id_that_is_not_one_of_ours_is_replaced(web: str) -> None:
    with chat(web, session="short") as (_client, welcome):
        assert welcome["session"] != "short"
        assert SESSION_PATTERN.fullmatch(welcome["session"])


def test_the_history_comes_back_with_the_session(web: str) -> None:
    with chat(web, language="en") as (client, welcome):
        session = welcome["session"]
        client.turn("/start")
        booked = client.turn("/book", label="Book")
    assert booked[0] == {"id": booked[0]["id"], "from": "client", "text": "Book", "buttons": []}
    with chat(web, session=session) as (_client, again):
        history = again["history"]
    assert again["session"] == session
    # The greeting, the pressed button as its title, and the question that followed;
    # "/start" the widget sent by itself is not shown as the client's.
    assert [m["from"] for m in history] == ["bot", "client", "bot"]
    assert history[1]["text"] == "Book"
    assert history[2]["text"] == booked[1]["text"]
    assert [b["title"] for b in history[2]["buttons"]] == [b["title"] for b in booked[1]["buttons"]]


def test_markup_is_kept_as_the_characters_it_is(web: str) -> None:
    with chat(web, language="en") as (client, welcome):
        replies = client.turn(XSS)
    assert replies[0] == {"id": replies[0]["id"], "from": "client", "text": XSS, "buttons": []}
    with chat(web, session=welcome["session"]) as (_client, again):
        assert again["history"][0]["text"] == XSS


def test_a_language_change_sends_the_widget_its_words_again(web: str) -> None:
    with chat(web, language="en") as (client, _welcome):
        client.turn("/start")
        client.say("/lang de")
        frames = client.until("idle")
    ui = [f for f in frames if f["type"] == "ui"]
    assert ui and ui[0]["language"] == "de"
    assert ui[0]["ui"]["placeholder"] == translations("de").gettext("Write a message")
    assert translations("de").gettext("Done, I will write in English.") in _texts(messages(frames))


def test_a_page_of_a_foreign_origin_is_refused(web: str) -> None:
    with pytest.raises(InvalidStatus) as refused, chat(web, origin="https://evil.example"):
        pass
    assert refused.value.response.status_code == 403
    with chat(web, origin="http://localhost:5173") as (_client, welcome):
        assert welcome["type"] == "welcome"


def test_too_long_a_frame_gets_a_localized_notice_and_the_chat_goes_on(web: str) -> None:
    with chat(web, language="pl") as (client, _welcome):
        client.say("x" * 5000)
        notice = client.next()
        assert notice["type"] == "notice"
        assert notice["text"] == (
            "Ta wiadomość jest dla mnie za długa. Skróć ją poniżej 1000 znaków."
        )
        assert client.turn("/start")[0]["from"] == "bot"


def test_too_fast_a_writer_is_told_and_gets_the_text_back(database_url: str) -> None:
    load_demo(database_url)
    app = create_app(database_url)
    # No refill: the test does not depend on how fast the machine is.
    app.state.web_chat.rate = RateLimit(burst=3, per_second=0.0)
    with serving(app) as base, chat(base, language="en") as (client, welcome):
        for n in range(3):
            client.turn(f"/help {n}")
        client.say("one more")
        frames = client.until("idle")
        with chat(base, session=welcome["session"]) as (again, _welcome):
            again.say("and from another tab")  # the limit is the session's
            frames += again.until("idle")
    notices = [f for f in frames if f["type"] == "notice"]
    assert notices == [
        {
            "type": "notice",
            "text": "You are writing faster than I can read. Please wait a moment.",
            "returned": text,
        }
        for text in ("one more", "and from another tab")
    ]
    assert messages(frames) == []


def test_a_bad_frame_is_answered_and_does_not_close_the_socket(web: str) -> None:
    with chat(web, language="en") as (client, _welcome):
        client.connection.send("not json")
        assert client.next()["type"] == "notice"
        client.send({"type": "say", "text": 42})
        assert client.next()["type"] == "notice"
        assert client.turn("/start")[0]["from"] == "bot"


async def _push(url: str, session: str, text: str) -> bool:
    db = Database(url)
    try:
        outbox = Outbox(db)
        return await outbox.send(
            Recipient("web", session, "en"), [Outgoing(text, (Button("Book", "/book"),))]
        )
    finally:
        await db.dispose()


def test_a_message_pushed_from_outside_reaches_the_open_page_and_is_kept(
    web: str, database_url: str
) -> None:
    with chat(web, language="en") as (client, welcome):
        session = welcome["session"]
        client.turn("/start")
        # Another Database object, as another process or a command would have.
        assert asyncio.run(_push(database_url, session, "A reminder for you"))
        pushed = client.wait_for_text("A reminder for you")
    assert pushed["buttons"] == [{"title": "Book", "payload": "/book"}]
    with chat(web, session=session) as (_client, again):
        assert again["history"][-1]["text"] == "A reminder for you"


def test_a_message_pushed_while_no_page_is_open_waits_for_it(web: str, database_url: str) -> None:
    with chat(web, language="en") as (client, welcome):
        session = welcome["session"]
        client.turn("/start")
    assert asyncio.run(_push(database_url, session, "While you were away"))
    with chat(web, session=session) as (_client, again):
        assert again["history"][-1]["text"] == "While you were away"


async def _decide(url: str, booking_id: int, *, confirm: bool) -> int:
    db = Database(url)
    try:
        service = BookingService(db)
        if confirm:
            booking = await service.business_confirm(booking_id)
        else:
            booking = await service.business_reject(booking_id)
        return await tell_client(Outbox(db), Directory(db), booking)
    finally:
        await db.dispose()


async def _pending_ids(url: str) -> list[int]:
    db = Database(url)
    try:
        return [row.id for row in await BookingService(db).listing() if row.status == "pending"]
    finally:
        await db.dispose()


@pytest.mark.parametrize("confirm", [True, False])
def test_the_business_decision_reaches_the_open_chat_in_its_language(
    web: str, database_url: str, confirm: bool
) -> None:
    _ = translations("pl").gettext
    with chat(web, language="pl", business="lotus-krakow") as (client, _welcome):
        request_a_manicure_at_lotus(client, "pl")
        (booking_id,) = asyncio.run(_pending_ids(database_url))
        assert asyncio.run(_decide(database_url, booking_id, confirm=confirm)) == 1
        decided = client.wait_for_text("Lotus Spa Kraków")
    if confirm:
        said = _(
            "{business} confirmed your booking: {service} on {when}. Booking number: {number}."
        )
        assert decided["text"].endswith(f"{booking_id}.")
    else:
        said = _(
            "Sorry, {business} cannot take your booking request for {service} on {when}. "
            "Would you like to choose another time?"
        )
    assert decided["text"].startswith(
        said.split("{service}")[0].format(business="Lotus Spa Kraków")
    )
    assert [b["payload"] for b in decided["buttons"]] == ["/bookings", "/book"]
