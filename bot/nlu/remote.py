"""A Rasa server as the interpreter (``SLOTCHAT_RASA_URL``), the embedded model behind it.

Rasa's ``POST /model/parse`` answers in the same shape as the embedded interpreter
(DESIGN.md contract 3), so a team already on Rasa plugs its server in. When the server
fails (unreachable, an error, an answer that is not a parse), the embedded model
answers and a warning is logged: the conversation goes on.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.nlu.interpreter import Entity, Interpreter, Parse, ParseContext

log = logging.getLogger(__name__)
TIMEOUT = 5.0


class RasaInterpreter:
    """Parses with a Rasa server, falling back to another interpreter on failure."""

    def __init__(
        self, url: str, *, fallback: Interpreter, client: httpx.AsyncClient | None = None
    ) -> None:
        self.url = url.rstrip("/") + "/model/parse"
        self.fallback = fallback
        self.client = client or httpx.AsyncClient(timeout=TIMEOUT)

    async def parse(self, text: str, context: ParseContext) -> Parse:
        try:
            response = await self.client.post(self.url, json={"text": text})
            response.raise_for_status()
            return parse_from_json(response.json(), text, context)
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            log.warning(
                "Rasa server at %s failed (%s); the embedded model answers", self.url, error
            )
            return await self.fallback.parse(text, context)


def parse_from_json(data: dict[str, Any], text: str, context: ParseContext) -> Parse:
    """A :class:`Parse` from Rasa's ``/model/parse`` answer (ValueError if it is not one)."""
    intent = data.get("intent") or {}
    name = intent.get("name")
    if not isinstance(name, str):
        raise ValueError("no intent in the answer")
    entities = tuple(
        Entity(
            entity=str(e["entity"]),
            value=e.get("value"),
            start=int(e.get("start", 0)),
            end=int(e.get("end", 0)),
            confidence=float(e.get("confidence_entity", 1.0) or 1.0),
            extractor=str(e.get("extractor", "")),
            additional_info=e.get("additional_info"),
        )
        for e in data.get("entities") or []
    )
    ranking = tuple(
        (str(r["name"]), float(r["confidence"])) for r in data.get("intent_ranking") or []
    )
    language = data.get("language") or context.language or "en"
    return Parse(
        text=str(data.get("text", text)),
        language=str(language),
        intent=name,
        confidence=float(intent.get("confidence", 0.0)),
        ranking=ranking,
        entities=entities,
    )
