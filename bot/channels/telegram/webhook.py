"""The webhook route: Telegram posts each update to ``POST /webhooks/telegram`` with
the secret token given to ``setWebhook``; any other caller gets 401."""

from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError

if TYPE_CHECKING:
    from bot.channels.telegram.transports import TelegramRuntime

log = logging.getLogger(__name__)

router = APIRouter()

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@router.post("/webhooks/telegram")
async def telegram_webhook(request: Request) -> Response:
    """One update from Telegram: handled before answering, so Telegram sends a chat's
    next update after this one's replies."""
    runtime: TelegramRuntime | None = getattr(request.app.state, "telegram", None)
    if runtime is None or not runtime.uses_webhook:
        return Response(status_code=404)
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), runtime.options.webhook_secret.encode()):
        return Response(status_code=401)
    try:
        data = await request.json()
        if not isinstance(data, dict):
            raise ValueError("an update is a JSON object")
        await runtime.feed(data)
    except (ValueError, ValidationError) as malformed:
        log.warning("malformed Telegram update: %s", malformed)
        return Response(status_code=400)
    except Exception:
        # Answer 200 all the same: Telegram would otherwise resend the update forever.
        log.exception("Telegram update failed")
    return Response(status_code=200)
