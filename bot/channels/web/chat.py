"""The web chat channel: a WebSocket per open chat widget (``/ws/chat``).

The socket speaks JSON frames. The widget opens with
``{"type": "hello", "session": ..., "language": ...}`` and then sends
``{"type": "say", "text": ..., "label": ...}`` (``label``: the title of the button
whose payload is ``text``). The server answers ``welcome`` (the session id, the
widget's words in the conversation's language, the history), then ``messages`` (new
messages of the chat, whoever sent them), ``idle`` when a turn is over, ``ui`` when
the conversation's language changed, and ``notice`` for what it did not take.

Every message is stored before it is sent (``storage.web_messages``): a reload shows
the history, and a message the server sends outside a turn (``bot.notify.outbox``)
reaches the page now if it is open, or when it opens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect
from sqlalchemy import select
from starlette.websockets import WebSocketState

from bot.booking.directory import Directory
from bot.channels.web.locale import request_language
from bot.channels.web.push import WEB_CHANNEL, PushHub
from bot.channels.web.safety import DEFAULT_ALLOWED_ORIGINS, RateLimit, origin_allowed
from bot.clock import utc_now
from bot.dialogs.engine import MAX_TEXT, Engine
from bot.dialogs.messages import Incoming
from bot.dialogs.payloads import parse_payload
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations
from storage import web_messages
from storage.database import Database
from storage.models import Conversation
from storage.web_messages import BOT, CLIENT, Entry

log = logging.getLogger(__name__)

router = APIRouter()

STATIC_DIR = Path(__file__).parent / "static"

# Random and unguessable (``secrets``): whoever has the id reads the conversation.
SESSION_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
MAX_FRAME = 4_000  # characters of one frame; the engine answers long texts itself
MAX_LABEL = 200
HELLO_TIMEOUT = 10.0
HISTORY = 200
POLICY_VIOLATION = 1008


@dataclass
class WebChatConfig:
    """The web chat's limits: which pages may open it, frame size, pace per session."""

    allowed_origins: Mapping[str, Sequence[str]] = field(
        default_factory=lambda: dict(DEFAULT_ALLOWED_ORIGINS)
    )
    max_frame: int = MAX_FRAME
    rate: RateLimit = field(default_factory=RateLimit)


def install(app: FastAPI, config: WebChatConfig | None = None) -> None:
    """Add the chat socket and its settings to ``app`` (the hub starts with the app)."""
    app.state.web_chat = config or WebChatConfig()
    app.include_router(router)


@contextlib.asynccontextmanager
async def running(app: FastAPI, db: Database) -> AsyncIterator[PushHub]:
    """The push hub of this process, for as long as the app runs."""
    hub = PushHub(db)
    app.state.push_hub = hub
    await hub.start()
    try:
        yield hub
    finally:
        await hub.stop()


def ui_strings(language: str) -> dict[str, str]:
    """The widget's own words in ``language``."""
    _ = translations(language).gettext
    return {
        "open": _("Chat with us"),
        "close": _("Close the chat"),
        "title": _("Book online"),
        "placeholder": _("Write a message"),
        "send": _("Send"),
        "language": _("Language"),
        "typing": _("The assistant is writing…"),
        "offline": _("Connection lost. Connecting again…"),
        "you": _("You:"),
        "bot": _("Assistant:"),
        "log": _("Conversation"),
    }


def language_names() -> list[dict[str, str]]:
    """The six languages, each named in itself (for the widget's picker)."""
    return [
        {"code": code, "name": (Locale.parse(code).get_display_name(code) or code).capitalize()}
        for code in LANGUAGES
    ]


def _notice(text: str, returned: str = "") -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "notice", "text": text}
    if returned:
        frame["returned"] = returned
    return frame


class ChatSocket:
    """One open widget: a sender task sends, in order, what is queued for it; a
    ``None`` in the queue means "send the chat's messages you have not sent yet"."""

    def __init__(self, websocket: WebSocket, db: Database, chat_id: str, last_id: int) -> None:
        self.websocket = websocket
        self.db = db
        self.chat_id = chat_id
        self.last_id = last_id
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._new = False  # woken since the last look

    def wake(self) -> None:
        self._new = True
        self.queue.put_nowait(None)

    def send(self, frame: dict[str, Any]) -> None:
        self.queue.put_nowait(frame)

    async def run(self) -> None:
        while True:
            item = await self.queue.get()
            if item is None:
                if not self._new:
                    continue  # an earlier look served this wake-up too
                self._new = False
                new = await web_messages.after(self.db, self.chat_id, self.last_id)
                if not new:
                    continue
                self.last_id = new[-1].id
                item = {"type": "messages", "messages": [m.as_json() for m in new]}
            await self.websocket.send_text(json.dumps(item, ensure_ascii=False))


async def _conversation_language(db: Database, chat_id: str) -> str | None:
    query = select(Conversation.language).where(
        Conversation.channel == WEB_CHANNEL, Conversation.chat_id == chat_id
    )
    async with db.reading() as s:
        return (await s.execute(query)).scalar()


def _hint(value: object) -> str | None:
    return value if isinstance(value, str) and value in LANGUAGES else None


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    """One widget's connection: hello, then a turn per ``say`` frame, and pushes."""
    config: WebChatConfig = websocket.app.state.web_chat
    business_id = websocket.query_params.get("business", "")
    origin = websocket.headers.get("origin")
    if not origin_allowed(
        origin, business_id, config.allowed_origins, own_host=websocket.headers.get("host")
    ):
        log.info("web chat: refused a socket from %s for %r", origin, business_id)
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    engine: Engine = websocket.app.state.engine
    hub: PushHub = websocket.app.state.push_hub
    db = engine.db
    socket: ChatSocket | None = None
    sender: asyncio.Task[None] | None = None
    detach = None
    try:
        try:
            async with asyncio.timeout(HELLO_TIMEOUT):
                hello = json.loads(await websocket.receive_text())
        except (TimeoutError, ValueError):
            await websocket.close(code=POLICY_VIOLATION)
            return
        if not isinstance(hello, dict) or hello.get("type") != "hello":
            await websocket.close(code=POLICY_VIOLATION)
            return
        asked = hello.get("session")
        session = (
            asked
            if isinstance(asked, str) and SESSION_PATTERN.fullmatch(asked)
            else secrets.token_urlsafe(32)
        )
        # The widget's language (its data-language or the client's pick), else the
        # browser's; with neither, the engine decides on the first message.
        browser = "accept-language" in websocket.headers or "lang" in websocket.query_params
        hint = _hint(hello.get("language")) or (request_language(websocket) if browser else None)
        language = await _conversation_language(db, session) or hint or DEFAULT_LANGUAGE
        history = await web_messages.recent(db, session, limit=HISTORY)
        socket = ChatSocket(websocket, db, session, history[-1].id if history else 0)
        directory: Directory = websocket.app.state.directory
        business = await directory.business(business_id) if business_id else None
        socket.send(
            {
                "type": "welcome",
                "session": session,
                "language": language,
                "business": business.name if business is not None else "",
                "ui": ui_strings(language),
                "languages": language_names(),
                "history": [m.as_json() for m in history],
            }
        )
        detach = hub.attach(session, socket.wake)
        sender = asyncio.create_task(socket.run(), name=f"web-chat-send-{session[:8]}")
        shown = language
        while True:
            raw = await websocket.receive_text()
            if sender.done():
                break
            try:
                shown = await _take(websocket, config, engine, hub, socket, raw, hint, shown)
            except Exception:
                # One bad frame or a failed store must not end the worker or the socket.
                log.exception("web chat: a frame of %s failed", session[:8])
                _ = translations(shown).gettext
                socket.send(_notice(_("Sorry, something went wrong on my side. Please try again.")))
                socket.send({"type": "idle"})
    except WebSocketDisconnect:
        pass
    finally:
        if detach is not None:
            detach()
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender
        if websocket.client_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await websocket.close()


async def _take(
    websocket: WebSocket,
    config: WebChatConfig,
    engine: Engine,
    hub: PushHub,
    socket: ChatSocket,
    raw: str,
    hint: str | None,
    shown: str,
) -> str:
    """One frame from the widget; returns the language the widget is now shown in."""
    _ = translations(shown).gettext
    if len(raw) > config.max_frame:
        too_long = translations(shown).ngettext(
            "That message is too long for me. Please keep it under {n} character.",
            "That message is too long for me. Please keep it under {n} characters.",
            MAX_TEXT,
        )
        socket.send(_notice(too_long.format(n=MAX_TEXT)))
        return shown
    try:
        frame = json.loads(raw)
    except ValueError:
        frame = None
    if not isinstance(frame, dict) or frame.get("type") != "say":
        socket.send(_notice(_("Sorry, I didn't understand that.")))
        return shown
    text = frame.get("text")
    label = frame.get("label")
    if not isinstance(text, str):
        socket.send(_notice(_("Sorry, I didn't understand that.")))
        return shown
    if not config.rate.allow(socket.chat_id):
        # Nothing is lost: the text goes back to the widget, to be sent again.
        socket.send(
            _notice(
                _("You are writing faster than I can read. Please wait a moment."),
                text,
            )
        )
        socket.send({"type": "idle"})
        return shown
    chat_id = socket.chat_id
    now = utc_now()
    pressed = parse_payload(text.strip())
    # What the client sees as their own message: a button's title, typed text; a
    # command the widget sends by itself (/start, the language picker) is not shown.
    if isinstance(label, str) and label.strip():
        shown_text = label.strip()[:MAX_LABEL]
    else:
        shown_text = "" if pressed is not None else text
    if shown_text:
        await web_messages.add(engine.db, chat_id, [Entry(CLIENT, shown_text)], now=now)
        hub.wake(chat_id)
    replies = await engine.handle(
        Incoming(channel=WEB_CHANNEL, chat_id=chat_id, text=text, language=hint)
    )
    entries = [Entry(BOT, r.text, tuple((b.title, b.payload) for b in r.buttons)) for r in replies]
    await web_messages.add(engine.db, chat_id, entries, now=utc_now())
    hub.wake(chat_id)
    language = await _conversation_language(engine.db, chat_id) or shown
    if language != shown:
        socket.send({"type": "ui", "language": language, "ui": ui_strings(language)})
    socket.send({"type": "idle"})
    return language
