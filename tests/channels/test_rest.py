"""The REST channel reads its body as Rasa's does: JSON whatever the Content-Type, and a
body that is not a message gets 422 with what is wrong."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.web.app import create_app
from storage.database import Database
from tests.conftest import FakeClock


@pytest.fixture
async def http(
    demo_sqlite: Database, sqlite_url: str, clock: FakeClock
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(sqlite_url, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://slotchat") as client:
            yield client


async def test_a_body_sent_as_a_form_is_read_as_json(http: httpx.AsyncClient) -> None:
    """What ``curl -d '{...}'`` sends (README's example): no JSON content type."""
    body = '{"sender": "ona", "message": "/start", "metadata": {"language": "lt"}}'
    response = await http.post(
        "/webhooks/rest/webhook",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    [greeting] = response.json()
    assert greeting["recipient_id"] == "ona"
    assert greeting["text"].startswith("Sveiki!")
    assert {"title": "Rezervuoti", "payload": "/book"} in greeting["buttons"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("not json", []),
        ('{"message": "hi"}', ["sender"]),
        ('{"sender": "", "message": "hi"}', ["sender"]),
        ('{"sender": "x", "message": 5}', ["message"]),
        ("[1, 2]", []),
    ],
)
async def test_a_body_that_is_no_message_is_refused(
    http: httpx.AsyncClient, body: str, where: list[str]
) -> None:
    response = await http.post("/webhooks/rest/webhook", content=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and all({"loc", "msg", "type"} <= set(d) for d in detail)
    if where:
        assert [str(part) for part in detail[0]["loc"]] == where


async def test_the_openapi_document_describes_the_body(http: httpx.AsyncClient) -> None:
    spec = (await http.get("/openapi.json")).json()
    body = spec["paths"]["/webhooks/rest/webhook"]["post"]["requestBody"]
    assert set(body["content"]["application/json"]["schema"]["properties"]) == {
        "sender",
        "message",
        "metadata",
    }
