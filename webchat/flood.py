"""Fair limits on the chat API: Flask-Limiter's storage and moving windows, never an address.

| limit | default | setting |
|---|---|---|
| new sessions per client address | 300 a minute | `SIGNAAL_NEW_SESSION_RATE` (`300/60`) |
| turns per session | 20 per 10 s | `SIGNAAL_SESSION_RATE` (`20/10`) |
| turns in flight per session | 1 | (a second concurrent turn gets 429) |
| all chat requests together | 2000 per 10 s | `GLOBAL_RATE` |

300 a minute: a class of 200 behind one school address (NAT) starts all its sessions within the
minute with room to spare; one address cannot start 1000 a minute. Keys are HMAC-SHA256 digests
of the address or session id: with the embedded `memory://` storage the HMAC key is random per
process and everything stays in this process's memory; with a shared storage
(`SIGNAAL_RATELIMIT_STORAGE_URI=redis://…`, the scaled mode) the key is derived from the shared
SECRET_KEY so every webchat process counts the same client alike, and the digests expire with
their windows. Nothing here is logged. Behind a reverse proxy the address is the client's only
with `SIGNAAL_PROXY_HOPS` set (webchat/__init__.py); a loopback address is not limited per
address (see check_new_session).

If the storage fails, requests are let through (a resident in need must not be locked out by
a broken Redis); the webchat logs that once per failure without any key.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import logging
import secrets
from collections.abc import Iterator

from flask import Flask, current_app, request
from flask_babel import gettext
from flask_limiter import Limiter
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

logger = logging.getLogger(__name__)


class Refused(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


def init_app(app: Flask) -> None:
    config = app.config
    config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # Checked by hand in webchat/api.py (a new session only counts when one is started), so
    # Flask-Limiter adds no before_request check and no headers of its own.
    limiter = Limiter(key_func=lambda: "-", auto_check=False, headers_enabled=False)
    limiter.init_app(app)
    if config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        salt = secrets.token_bytes(32)
    else:
        salt = hashlib.sha256(b"signaal-ratelimit:" + str(config["SECRET_KEY"]).encode()).digest()
    app.extensions["signaal_flood"] = (limiter, salt)


def _digest(kind: str, value: str) -> str:
    _, salt = current_app.extensions["signaal_flood"]
    return hmac.new(salt, f"{kind}:{value}".encode("utf-8", "replace"), "sha256").hexdigest()[:32]


def _hit(setting: str, scope: str, key: str, message: str) -> None:
    limiter, _ = current_app.extensions["signaal_flood"]
    count, seconds = current_app.config[setting]
    item = RateLimitItemPerSecond(int(count), max(1, round(seconds)))
    try:
        allowed = limiter.limiter.hit(item, scope, key)
    except Exception:  # noqa: BLE001 - a broken storage lets residents through
        logger.warning("rate limit storage failed; request allowed")
        return
    if not allowed:
        raise Refused(message, max(1, round(seconds)))


def check_global() -> None:
    _hit("GLOBAL_RATE", "signaal-all", "all",
         gettext("Het is nu erg druk. Probeer het over een paar seconden opnieuw."))


def check_new_session() -> None:
    """One more new session from this client address. A loopback address names no client: a
    local tool (tests, benchmarks) or a reverse proxy whose hops SIGNAAL_PROXY_HOPS does not
    count, where one shared limit would throttle every resident at once; the global cap still
    holds there."""
    try:
        if ipaddress.ip_address(request.remote_addr or "").is_loopback:
            return
    except ValueError:
        pass
    _hit("NEW_SESSION_RATE", "signaal-new-session", _digest("address", request.remote_addr or ""),
         gettext("Er zijn vanaf dit adres veel gesprekken tegelijk begonnen. "
                 "Wacht een minuut en probeer het opnieuw."))


def check_turn(session_id: str) -> None:
    _hit("SESSION_RATE", "signaal-turn", _digest("session", session_id),
         gettext("Je stuurt te veel berichten achter elkaar. Wacht even."))


@contextlib.contextmanager
def in_flight(session_id: str, expiry: float) -> Iterator[None]:
    """At most one turn of a session at a time. The first to increment the counter owns it
    and clears it when done; others are refused without touching it. `expiry` frees the slot
    should this process die mid-turn."""
    limiter, _ = current_app.extensions["signaal_flood"]
    key = f"signaal/in-flight/{_digest('session', session_id)}"
    try:
        owner = limiter.storage.incr(key, max(1, round(expiry))) == 1
    except Exception:  # noqa: BLE001 - as in _hit
        logger.warning("rate limit storage failed; request allowed")
        yield
        return
    if not owner:
        raise Refused(gettext("Je vorige bericht wordt nog beantwoord. Wacht even op het "
                              "antwoord en stuur dan je volgende bericht."), 2)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            limiter.storage.clear(key)


class SlidingWindowLimiter:
    """`limit` hits per key per `window_seconds`, in this process's memory (limits' moving
    window), for the campaign polling endpoint (webchat/campaign_state.py)."""

    def __init__(self, limit: int, window_seconds: float):
        self._item = RateLimitItemPerSecond(int(limit), max(1, round(window_seconds)))
        self._storage = MemoryStorage()  # the strategy only keeps a weak reference to it
        self._limiter = MovingWindowRateLimiter(self._storage)

    def allow(self, key: str) -> bool:
        return self._limiter.hit(self._item, key)
