"""What the web chat lets in: pages of which origins may open it, and how fast one
session may write."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ANY_BUSINESS = "*"
# The demo and a developer's machine: any port on this machine.
LOCAL_ORIGINS = ("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*")
DEFAULT_ALLOWED_ORIGINS: dict[str, list[str]] = {ANY_BUSINESS: list(LOCAL_ORIGINS)}


def _parts(origin: str) -> tuple[str, str, str] | None:
    """(scheme, host, port) of an origin; the port as written, ``*`` kept, or the
    scheme's default."""
    origin = origin.strip().rstrip("/").lower()
    wildcard = origin.endswith(":*")
    try:
        split = urlsplit(origin[:-2] if wildcard else origin)
        port = split.port
    except ValueError:
        return None
    if split.scheme not in ("http", "https") or not split.hostname:
        return None
    host = split.hostname
    if ":" in host:  # IPv6, written with brackets in origins
        host = f"[{host}]"
    if wildcard:
        return split.scheme, host, "*"
    return split.scheme, host, str(port or (443 if split.scheme == "https" else 80))


def origin_allowed(
    origin: str | None,
    business_id: str,
    allowed: Mapping[str, Sequence[str]],
    *,
    own_host: str | None = None,
) -> bool:
    """Whether a page at ``origin`` may open the chat of ``business_id``.

    ``allowed`` maps a business id (or ``*``, every business) to origins such as
    ``https://ausra.lt``; a port ``*`` allows any port. A page served by this app
    itself (``own_host``, the request's Host) is always allowed, and so is a client
    that sends no Origin (not a browser: no page can borrow a visitor's session)."""
    if origin is None:
        return True
    asked = _parts(origin)
    if asked is None:
        return False
    scheme, host, port = asked
    if own_host is not None and f"{host}:{port}" in (
        own_host.lower(),
        f"{own_host.lower()}:{port}",
    ):
        return True
    for entry in (*allowed.get(business_id, ()), *allowed.get(ANY_BUSINESS, ())):
        wanted = _parts(entry)
        if wanted is None:
            continue
        if wanted[:2] == (scheme, host) and wanted[2] in ("*", port):
            return True
    return False


@dataclass
class RateLimit:
    """A token bucket per session: ``burst`` messages at once, then ``per_second``."""

    burst: int = 20
    per_second: float = 1.0
    clock: Callable[[], float] = time.monotonic
    max_sessions: int = 10_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, session: str) -> bool:
        """Take a token for one message of ``session``; False when there is none left."""
        now = self.clock()
        tokens, then = self._buckets.get(session, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
        if tokens < 1.0:
            self._buckets[session] = (tokens, now)
            return False
        if len(self._buckets) >= self.max_sessions and session not in self._buckets:
            self._forget_full(now)
        self._buckets[session] = (tokens - 1.0, now)
        return True

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled holds nothing worth keeping.
        refill = self.burst / self.per_second if self.per_second > 0 else float("inf")
        for session, (_tokens, then) in list(self._buckets.items()):
            if now - then >= refill:
                del self._buckets[session]
