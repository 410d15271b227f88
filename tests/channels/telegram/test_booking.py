"""Booking in Telegram from /start to a confirmed booking, by buttons and the
share-my-phone button, in each of the six languages; the deep link to one business."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.i18n import LANGUAGES, translations
from storage import conversations
from storage.models import Booking
from tests.channels.telegram.harness import Harness

GREETING = (
    "Hello! I can book an appointment for you, show your bookings, change or "
    "cancel them, and tell the business if you are running late."
)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_booking_by_buttons_in_every_language(harness: Harness, language: str) -> None:
    _ = translations(language).gettext
    chat = harness.chat(7000 + LANGUAGES.index(language), language)
    await chat.send("/start")
    assert _(GREETING) in chat.text()
    await chat.press(_("Book"))
    assert _("What would you like to book? Choose a category.") in chat.text()
    await chat.press_at(0)  # hair & barber
    await chat.press_at(0)  # the first business
    await chat.press_at(0)  # its first service
    await chat.press_at(1)  # the second day (the first may have no time left)
    await chat.press_at(0)  # the first free time
    assert _("What name should the booking be under? Please type your name.") in chat.text()
    await chat.send("Ona Petraitė")
    await chat.send("ona@example.com")
    assert chat.last[-1].expects == "phone", "the phone question offers the contact button"
    await chat.write(contact={"phone_number": "37061234567", "first_name": "Ona"})
    assert "+37061234567" in chat.text()
    await chat.press(_("Confirm"))
    booked = _("Booked! {service} at {business} on {when}. Booking number: {number}.")
    assert booked.split("{")[0].strip() in chat.text()

    db = harness.runtime.channel.engine.db
    async with db.session() as s:
        conversation = await conversations.find(s, "telegram", str(chat.chat_id))
        assert conversation is not None and conversation.language == language
        statuses = (
            await s.scalars(
                select(Booking.status).where(Booking.client_id == conversation.client_id)
            )
        ).all()
    assert statuses == ["confirmed"]
    # Every press was answered, and each pressed message kept its text with the choice.
    presses = [c for c in harness.api.calls if c.method == "answerCallbackQuery"]
    assert len(presses) == 7
    marked = [
        c
        for c in harness.api.sent("editMessageText", chat.chat_id)
        if "\n\n✓ " in str(c.params["text"]) and not c.params.get("reply_markup")
    ]
    assert len(marked) == 7


async def test_deep_link_opens_one_business(any_harness: Harness) -> None:
    chat = any_harness.chat(7100, "en")
    await chat.send("/start b_ausra-vilnius")
    assert "Which service at Kirpykla Aušra?" in chat.text()
    assert any(t.startswith("Men's haircut") for t in chat.titles())


async def test_deep_link_to_an_unknown_business_greets(harness: Harness) -> None:
    chat = harness.chat(7101, "en")
    await chat.send("/start xyz")
    assert GREETING in chat.text()
