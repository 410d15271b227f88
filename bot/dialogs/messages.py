"""What goes into the engine and what comes out, whatever the channel."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered to the client; pressing it sends ``payload`` back."""

    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply (e.g. a calendar invitation)."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message from a client: text, or a pressed button's payload as text.

    ``language`` is the channel's hint (Telegram ``language_code``, REST metadata,
    the browser's ``Accept-Language``), not a choice the client made.
    """

    channel: str
    chat_id: str
    text: str
    user_name: str = ""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One reply: text, the buttons under it, and an optional file.

    ``expects`` names what the reply asks the client to type, when a channel can offer
    a better way to give it (``"phone"``: Telegram's share-my-phone button);
    ``language`` is the language the reply is written in, for a channel's own words.
    """

    text: str
    buttons: tuple[Button, ...] = field(default=())
    attachment: Attachment | None = None
    expects: str | None = None
    language: str | None = None
