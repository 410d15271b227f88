"""Which pages may open a business's chat, and the pace one session may write at."""

from __future__ import annotations

import pytest

from bot.channels.web.safety import DEFAULT_ALLOWED_ORIGINS, RateLimit, origin_allowed
from bot.config import Settings

ALLOWED = {
    "ausra-vilnius": ["https://ausra.lt", "https://www.ausra.lt"],
    "*": ["http://localhost:*"],
}


@pytest.mark.parametrize(
    ("origin", "business", "allowed"),
    [
        ("https://ausra.lt", "ausra-vilnius", True),
        ("https://ausra.lt:443", "ausra-vilnius", True),
        ("https://www.ausra.lt", "ausra-vilnius", True),
        ("http://ausra.lt", "ausra-vilnius", False),  # another scheme
        ("https://ausra.lt:8443", "ausra-vilnius", False),  # another port
        ("https://ausra.lt", "lotus-krakow", False),  # another business's site
        ("https://evil.example", "ausra-vilnius", False),
        ("https://ausra.lt.evil.example", "ausra-vilnius", False),
        ("http://localhost:5173", "lotus-krakow", True),  # "*": every business
        ("http://localhost", "lotus-krakow", True),
        ("null", "ausra-vilnius", False),  # a sandboxed frame or a file
        ("", "ausra-vilnius", False),
        (None, "ausra-vilnius", True),  # not a browser: no visitor's session to borrow
    ],
)
def test_origins_per_business(origin: str | None, business: str, allowed: bool) -> None:
    assert origin_allowed(origin, business, ALLOWED) is allowed


def test_the_apps_own_pages_are_always_allowed() -> None:
    assert origin_allowed("https://chat.example:8443", "x", {}, own_host="chat.example:8443")
    assert origin_allowed("https://chat.example", "x", {}, own_host="chat.example")
    assert not origin_allowed("https://other.example", "x", {}, own_host="chat.example")


def test_the_default_allows_this_machine_only() -> None:
    assert origin_allowed("http://127.0.0.1:8000", "ausra-vilnius", DEFAULT_ALLOWED_ORIGINS)
    assert origin_allowed("http://[::1]:8000", "ausra-vilnius", DEFAULT_ALLOWED_ORIGINS)
    assert not origin_allowed("http://192.0.2.7:8000", "ausra-vilnius", DEFAULT_ALLOWED_ORIGINS)


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLOTCHAT_WEB_ALLOWED_ORIGINS", '{"ausra-vilnius": ["https://ausra.lt"]}')
    assert Settings().web_allowed_origins == {"ausra-vilnius": ["https://ausra.lt"]}
    monkeypatch.delenv("SLOTCHAT_WEB_ALLOWED_ORIGINS")
    assert Settings().web_allowed_origins == DEFAULT_ALLOWED_ORIGINS


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_session_writes_a_burst_then_at_the_steady_pace() -> None:
    clock = Clock()
    limit = RateLimit(burst=3, per_second=0.5, clock=clock)
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")  # another session has its own
    clock.now += 1.0
    assert not limit.allow("a")  # half a message earned
    clock.now += 1.0
    assert limit.allow("a")
    assert not limit.allow("a")
    clock.now += 60.0
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]  # never above


def test_idle_sessions_are_forgotten_when_there_are_too_many() -> None:
    clock = Clock()
    limit = RateLimit(burst=2, per_second=1.0, clock=clock, max_sessions=2)
    limit.allow("a")
    limit.allow("b")
    clock.now += 10.0
    assert limit.allow("c")
    assert set(limit._buckets) == {"c"}
