"""The engine's replies as Telegram messages: text, an inline keyboard of signed
buttons, or the share-my-phone keyboard when the engine asks for the phone."""

from __future__ import annotations

from dataclasses import replace

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.channels.telegram.button_data import ButtonData
from bot.channels.telegram.sender import TEXT_LIMIT, Markup
from bot.dialogs.messages import Button, Outgoing
from bot.i18n import DEFAULT_LANGUAGE, translations

# Short titles (times, days) share a row; long ones (services, businesses) get their own.
ROW_WIDTHS = ((12, 3), (20, 2))
CHOSEN = "✓"


def merge(replies: list[Outgoing]) -> list[Outgoing]:
    """Fewer messages: a plain text reply (no buttons, no file, nothing asked) is put
    above the reply after it, so that "That button is no longer valid" and the
    question asked again arrive as one message (and cost one send, not two)."""
    merged: list[Outgoing] = []
    waiting: list[str] = []
    for reply in replies:
        plain = not reply.buttons and reply.attachment is None and reply.expects is None
        if plain and reply is not replies[-1]:
            waiting.append(reply.text)
            continue
        if waiting:
            text = "\n\n".join([*waiting, reply.text])
            if len(text) <= TEXT_LIMIT // 2:
                reply = replace(reply, text=text)
            else:
                merged.extend(Outgoing(t, language=reply.language) for t in waiting)
            waiting = []
        merged.append(reply)
    return merged


def rows(buttons: tuple[Button, ...]) -> list[list[Button]]:
    """Buttons in rows: up to three short ones in a row, two middling, else one."""
    longest = max((len(b.title) for b in buttons), default=0)
    per_row = next((n for width, n in ROW_WIDTHS if longest <= width), 1)
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


async def inline_keyboard(
    chat_id: int, buttons: tuple[Button, ...], signer: ButtonData
) -> InlineKeyboardMarkup | None:
    """The inline keyboard of ``buttons``, each carrying its signed payload."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=button.title, callback_data=await signer.sign(chat_id, button.payload)
                )
                for button in row
            ]
            for row in rows(buttons)
        ]
    )


def phone_keyboard(language: str | None) -> ReplyKeyboardMarkup:
    """One button that shares the client's own phone number with the bot."""
    _ = translations(language or DEFAULT_LANGUAGE).gettext
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=_("Share my phone number"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def markup(chat_id: int, reply: Outgoing, signer: ButtonData) -> Markup:
    """What goes under ``reply``: its buttons; the phone keyboard when the engine asks
    for the phone; otherwise the phone keyboard of an earlier question is taken away
    (a no-op when none is shown)."""
    keyboard = await inline_keyboard(chat_id, reply.buttons, signer)
    if keyboard is not None:
        return keyboard
    if reply.expects == "phone":
        return phone_keyboard(reply.language)
    return ReplyKeyboardRemove()


def chosen_text(text: str, title: str) -> str:
    """A pressed message's text with the choice under it, as the history shows it."""
    return f"{text}\n\n{CHOSEN} {title}"
