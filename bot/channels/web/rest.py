"""The REST channel, shaped like Rasa's: ``POST /webhooks/rest/webhook``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from bot.dialogs.engine import Engine
from bot.dialogs.messages import Incoming, Outgoing

router = APIRouter()

MAX_BODY_TEXT = 100_000  # beyond what the engine reads; it answers too-long texts itself


class RestMessage(BaseModel):
    sender: str = Field(min_length=1, max_length=128)
    message: str = Field(default="", max_length=MAX_BODY_TEXT)
    metadata: dict[str, Any] | None = None


def render(recipient: str, reply: Outgoing) -> dict[str, Any]:
    """One reply as Rasa's REST channel writes it (``buttons`` only when there are some)."""
    item: dict[str, Any] = {"recipient_id": recipient, "text": reply.text}
    if reply.buttons:
        item["buttons"] = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    return item


@router.post(
    "/webhooks/rest/webhook",
    response_model=None,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": RestMessage.model_json_schema()}},
        }
    },
)
async def webhook(request: Request) -> JSONResponse:
    """Take one message from ``sender``; a button's payload as ``message`` presses it.

    The body is read as JSON whatever its ``Content-Type`` says, as Rasa's REST channel
    does: ``curl -d '{...}'`` sends it as a form, and existing clients rely on that."""
    try:
        body = RestMessage.model_validate_json(await request.body())
    except ValidationError as error:
        return JSONResponse({"detail": json.loads(error.json(include_url=False))}, 422)
    engine: Engine = request.app.state.engine
    language = (body.metadata or {}).get("language")
    replies = await engine.handle(
        Incoming(
            channel="rest",
            chat_id=body.sender,
            text=body.message,
            language=language if isinstance(language, str) else None,
        )
    )
    # The replies are plain JSON already: no response model to validate them against.
    return JSONResponse([render(body.sender, reply) for reply in replies])
