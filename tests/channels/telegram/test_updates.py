"""What clients send besides text, and buttons that must not work: each gets a short
localized answer or a sensible action, nothing crashes, forged buttons change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.i18n import translations
from storage import conversations
from storage import telegram as store
from storage.models import Conversation
from tests.channels.telegram.fake_bot_api import user
from tests.channels.telegram.harness import Harness

CANT_READ = "I can only read text. Please write a few words or press a button."
NOT_VALID = "That button is no longer valid."


async def state_of(harness: Harness, chat_id: int) -> tuple[object, ...]:
    async with harness.runtime.channel.engine.db.session() as s:
        row = await conversations.find(s, "telegram", str(chat_id))
        assert row is not None
        found = await s.scalar(select(Conversation.state).where(Conversation.id == row.id))
        return (row.language, repr(found))


@pytest.mark.parametrize(
    "content",
    [
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        },
        {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 3}},
        {"location": {"latitude": 54.68, "longitude": 25.28}},
        {"dice": {"emoji": "🎲", "value": 3}},
    ],
    ids=["sticker", "photo", "voice", "location", "dice"],
)
async def test_unreadable_messages_get_the_question_again(
    harness: Harness, content: dict[str, object]
) -> None:
    chat = harness.chat(8001, "lt")
    await chat.send("/start")
    await chat.press(translations("lt").gettext("Book"))
    await chat.write(**content)
    assert translations("lt").gettext(CANT_READ) in chat.text()
    # ...and the question of the step the client is at, with its buttons.
    assert translations("lt").gettext("What would you like to book? Choose a category.") in (
        chat.text()
    )
    assert chat.titles()


async def test_a_captioned_photo_is_read_as_its_caption(harness: Harness) -> None:
    chat = harness.chat(8002, "en")
    await chat.write(
        photo=[{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}],
        caption="my bookings",
    )
    assert "You have no bookings" in chat.text() or "bookings" in chat.text().lower()
    assert CANT_READ not in chat.text()


async def test_an_edited_message_is_answered_not_taken(harness: Harness) -> None:
    chat = harness.chat(8003, "de")
    await chat.send("/start")
    before = await state_of(harness, 8003)
    message = harness.api.user_message(8003, language="de", text="Buchen")["message"]
    mark = await harness.deliver({"edited_message": {**message, "edit_date": message["date"]}})
    [reply] = harness.api.sent("sendMessage", 8003, since=mark)
    _ = translations("de").gettext
    assert reply.params["text"] == _(
        "I only read new messages, not edits. Please send it again as a new message."
    )
    assert await state_of(harness, 8003) == before


async def test_groups_are_told_to_write_privately(harness: Harness) -> None:
    group = -100123
    mark = await harness.deliver(
        harness.api.user_message(group, language="pl", chat_type="supergroup", text="/start")
    )
    [reply] = harness.api.sent("sendMessage", group, since=mark)
    _ = translations("pl").gettext
    assert reply.params["text"] == _("I work in private chats only. Please write to me directly.")
    # Other talk in the group is not the bot's business.
    mark = await harness.deliver(
        harness.api.user_message(group, chat_type="supergroup", text="see you at 5")
    )
    assert harness.api.sent("sendMessage", group, since=mark) == []
    # Being added to a group: one note.
    mark = await harness.deliver(member_update(group, "supergroup", "left", "member"))
    assert len(harness.api.sent("sendMessage", group, since=mark)) == 1
    async with harness.runtime.channel.engine.db.session() as s:
        assert await conversations.find(s, "telegram", str(group)) is None


def member_update(chat_id: int, chat_type: str, old: str, new: str) -> dict[str, object]:
    bot = {"id": 4242, "is_bot": True, "first_name": "Slotchat"}
    chat: dict[str, object] = {"id": chat_id, "type": chat_type}
    chat.update({"first_name": "Ona"} if chat_type == "private" else {"title": "Friends"})
    return {
        "my_chat_member": {
            "chat": chat,
            "from": user(abs(chat_id), "en"),
            "date": 1_700_000_000,
            "old_chat_member": _member(old, bot),
            "new_chat_member": _member(new, bot),
        }
    }


def _member(status: str, bot: dict[str, object]) -> dict[str, object]:
    member: dict[str, object] = {"status": status, "user": bot}
    if status == "kicked":
        member["until_date"] = 0
    return member


async def test_blocking_and_unblocking_the_bot(any_harness: Harness) -> None:
    db = any_harness.runtime.channel.engine.db
    await any_harness.deliver(member_update(8004, "private", "member", "kicked"))
    assert not await store.is_reachable(db, 8004)
    await any_harness.deliver(member_update(8004, "private", "kicked", "member"))
    assert await store.is_reachable(db, 8004)


async def test_a_403_while_replying_marks_the_chat(any_harness: Harness) -> None:
    db = any_harness.runtime.channel.engine.db
    any_harness.api.fail("sendMessage", 403)
    await any_harness.chat(8005, "en").send("/start")
    assert not await store.is_reachable(db, 8005)
    # /start again (the client unblocked the bot and came back) clears the mark.
    await any_harness.chat(8005, "en").send("/start")
    assert await store.is_reachable(db, 8005)


async def test_forged_and_foreign_buttons_change_nothing(any_harness: Harness) -> None:
    chat = any_harness.chat(8006, "ru")
    await chat.send("/start")
    await chat.press(translations("ru").gettext("Book"))
    data, message_id = chat.pressable[next(iter(chat.pressable))]
    before = await state_of(any_harness, 8006)
    forged = [
        data[:-1] + ("x" if data[-1] != "x" else "y"),  # altered payload
        "/cx 1",  # a payload as data, unsigned
        data.replace(data[:8], "AAAAAAAA"),  # another tag
    ]
    other = any_harness.chat(8007, "ru")
    await other.send("/start")
    foreign, _ = other.pressable[next(iter(other.pressable))]
    for bad in [*forged, foreign]:
        mark = len(any_harness.api.calls)
        await chat.press_data(bad, message_id)
        calls = any_harness.api.calls[mark:]
        answers = [c for c in calls if c.method == "answerCallbackQuery"]
        assert len(answers) == 1
        assert answers[0].params["text"] == translations("ru").gettext(NOT_VALID)
        assert not [c for c in calls if c.method in ("sendMessage", "editMessageText")]
    assert await state_of(any_harness, 8006) == before


async def test_stale_buttons_say_so(harness: Harness) -> None:
    chat = harness.chat(8008, "en")
    await chat.send("/start")
    data, message_id = chat.pressable["/book"]
    harness.runtime.channel.engine.clock.advance(days=61)  # type: ignore[attr-defined]
    mark = len(harness.api.calls)
    await chat.press_data(data, message_id)
    answers = [c for c in harness.api.calls[mark:] if c.method == "answerCallbackQuery"]
    assert [a.params["text"] for a in answers] == [NOT_VALID]


async def test_a_button_of_an_older_message_still_works_or_says_it_is_stale(
    harness: Harness,
) -> None:
    chat = harness.chat(8009, "en")
    await chat.send("/start")
    menu = dict(chat.pressable)
    await chat.press("Book")
    categories = dict(chat.pressable)
    await chat.press_at(0)  # a category: now at the business question
    # The category buttons again: a step back the engine takes ("still works").
    data, message_id = categories[next(iter(categories))]
    await chat.press_data(data, message_id)
    assert chat.titles()
    # The old menu's "My bookings" still opens the bookings.
    data, message_id = menu["/bookings"]
    await chat.press_data(data, message_id)
    assert "booking" in chat.text().lower()
    # Confirm of a summary that is gone: the engine says the button is no longer valid.
    await chat.send("/yes")
    assert NOT_VALID in chat.text()


async def test_a_refused_answer_or_edit_does_not_stop_the_replies(harness: Harness) -> None:
    chat = harness.chat(8010, "en")
    await chat.send("/start")
    harness.api.fail("answerCallbackQuery", 400, description="Bad Request: query is too old")
    harness.api.fail("editMessageText", 400, description="Bad Request: message can't be edited")
    await chat.press("Book")
    assert "What would you like to book? Choose a category." in chat.text()
    assert chat.titles()
