"""Button payloads: ``/action arg arg`` — short (Telegram allows 64 bytes), readable,
and sent back verbatim as text by channels that have no buttons (REST, terminal)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_PAYLOAD = 64


@dataclass(frozen=True, slots=True)
class Payload:
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int) -> str | None:
        return self.args[index] if index < len(self.args) else None


def payload(action: str, *args: object) -> str:
    """The payload text of a button."""
    text = " ".join(["/" + action, *(str(a) for a in args)])
    if len(text.encode()) > MAX_PAYLOAD:
        raise ValueError(f"payload too long: {text!r}")
    return text


def parse_payload(text: str) -> Payload | None:
    """The payload in ``text``, or None when it is free text."""
    if not text.startswith("/") or len(text) > MAX_PAYLOAD * 2:
        return None
    parts = text[1:].split()
    if not parts:
        return None
    action = parts[0].lower()
    # Telegram appends the bot's name to commands in groups: /start@slotchat_bot
    action = action.split("@", 1)[0]
    if not action.replace("_", "").isalnum():
        return None
    return Payload(action, tuple(parts[1:]))
