"""A fake Telegram Bot API server on 127.0.0.1 for the tests: the real aiogram client
talks HTTP to it as to Telegram (``BASE/bot<token>/<method>``, form-encoded, multipart
or JSON bodies, markup as JSON strings).

It queues updates for ``getUpdates`` (long polling: the request waits until an update
comes or its ``timeout`` runs out), records every call, keeps the messages the bot
sent (and their edits), and answers a call with 429, 5xx or 403 when told to.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Slotchat", "username": "slotchat_bot"}
JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "scope", "entities"}
WAIT = 20.0
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout"}


@dataclass
class Call:
    """One request the bot made, with its parameters decoded, and what it got back."""

    method: str
    params: dict[str, Any]
    status: int
    result: Any
    at: float
    content_type: str

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeBotApi:
    token: str
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _failures: dict[str, deque[Failure]] = field(default_factory=lambda: defaultdict(deque))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    _closing: bool = False
    base_url: str = ""

    # -- the server -------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1; returns the base URL for the bot."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        async with self._changed:  # let a waiting getUpdates answer now
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        failures = self._failures.get(method.lower())
        if failures:
            failure = failures.popleft()
            await self._record(method, params, failure.status, None, request.content_type)
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return web.json_response(body, status=failure.status)
        if method.lower() == "getupdates":
            result: Any = await self._get_updates(params)
        else:
            answer = getattr(self, f"_m_{method.lower()}", None)
            if answer is None:
                await self._record(method, params, 404, None, request.content_type)
                return _error(404, "Not Found: method not found")
            result = answer(params)
        await self._record(method, params, 200, result, request.content_type)
        return web.json_response({"ok": True, "result": result})

    async def _record(
        self, method: str, params: dict[str, Any], status: int, result: Any, content_type: str
    ) -> None:
        async with self._changed:
            self.calls.append(Call(method, params, status, result, time.monotonic(), content_type))
            self._changed.notify_all()

    # -- what the test does -------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int,
        *,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error."""
        text = description or {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(status, "Error")
        for _ in range(times):
            self._failures[method.lower()].append(Failure(status, text, retry_after))

    async def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its id."""
        update_id = next(self._update_ids)
        async with self._changed:
            self._updates.append({"update_id": update_id, **update})
            self._changed.notify_all()
        return update_id

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def user_message(
        self,
        chat_id: int,
        *,
        language: str | None = "en",
        chat_type: str = "private",
        **content: Any,
    ) -> dict[str, Any]:
        """A message from the client of ``chat_id`` (``text=...``, ``sticker=...``…)."""
        return {
            "message": {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": _chat(chat_id, chat_type),
                "from": user(chat_id, language),
                **content,
            }
        }

    def callback(
        self, chat_id: int, message_id: int, data: str, *, language: str | None = "en"
    ) -> dict[str, Any]:
        """The client pressing a button with ``data`` under the bot's message."""
        message = self.messages.get(
            (chat_id, message_id),
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": _chat(chat_id, "private"),
                "text": "?",
            },
        )
        return {
            "callback_query": {
                "id": str(next(self._ids)),
                "from": user(chat_id, language),
                "chat_instance": f"ci{chat_id}",
                "message": message,
                "data": data,
            }
        }

    async def wait(self, predicate: Any) -> Call:
        """The first recorded call matching ``predicate``, waiting for it if needed
        (for at most ``WAIT`` seconds)."""
        async with asyncio.timeout(WAIT), self._changed:
            while True:
                for call in self.calls:
                    if predicate(call):
                        return call
                await self._changed.wait()

    def sent(self, method: str, chat_id: int | None = None, since: int = 0) -> list[Call]:
        """Successful calls of ``method`` (to ``chat_id``) from call number ``since`` on."""
        return [
            c
            for c in self.calls[since:]
            if c.method.lower() == method.lower()
            and c.status == 200
            and (chat_id is None or c.chat_id == chat_id)
        ]

    # -- the methods ----------------------------------------------------------------

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = float(params.get("timeout") or 0)
        async with self._changed:
            # Updates below the offset are confirmed: Telegram forgets them.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and wait > 0:
                try:
                    async with asyncio.timeout(wait):
                        await self._changed.wait_for(lambda: bool(self._updates) or self._closing)
                except TimeoutError:
                    pass
            limit = int(params.get("limit") or 100)
            return list(self._updates[:limit])

    def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def _true(self, params: dict[str, Any]) -> bool:
        return True

    _m_setmycommands = _true
    _m_setwebhook = _true
    _m_deletewebhook = _true
    _m_answercallbackquery = _true

    def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": _chat(chat_id, "private"),
            "from": BOT_USER,
            "text": str(params["text"]),
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _m_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": _chat(chat_id, "private"),
            "from": BOT_USER,
            "document": {"file_id": "f1", "file_unique_id": "u1", "file_name": "file"},
        }
        return message

    def _edit(self, params: dict[str, Any], text: str | None) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = dict(self.messages.get(key) or {"message_id": key[1], "chat": _chat(key[0])})
        message.setdefault("date", int(time.time()))
        if text is not None:
            message["text"] = text
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        self.messages[key] = message
        return message

    def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit(params, str(params["text"]))

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit(params, None)


def user(user_id: int, language: str | None) -> dict[str, Any]:
    """The Telegram user of a test chat (in private chats the chat id is the user's)."""
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Ona"}
    if language is not None:
        data["language_code"] = language
    return data


def _chat(chat_id: int, chat_type: str = "private") -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Ona"
    else:
        chat["title"] = "Friends"
    return chat


def _error(status: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": status, "description": description}, status=status
    )


async def _params(request: web.Request) -> dict[str, Any]:
    """The call's parameters, whatever the encoding; JSON-typed fields decoded."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
    elif request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else getattr(value, "filename", "")
    for key in JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            params[key] = json.loads(params[key])
    for key in INT_FIELDS & params.keys():
        if isinstance(params[key], str) and params[key].lstrip("-").isdigit():
            params[key] = int(params[key])
    return params
