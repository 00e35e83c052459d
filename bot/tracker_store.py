"""Tracker stores whose conversations expire, and the scaled mode's shared lock store.

Privacy by design: conversations are never written to disk, idle ones are dropped after
SIGNAAL_CONVERSATION_TTL seconds, and replacing a tracker with no events (what the webchat's
"forget" does through Rasa's HTTP API) deletes it at once.

Embedded (bot/endpoints.yml): one Rasa process keeps trackers in its own memory. Scaled
(bot/endpoints-scaled.yml): every Rasa process reads and writes the same trackers and ticket
locks in Redis (SIGNAAL_REDIS_URL), so any process can serve any turn of any conversation, one
turn of a conversation at a time. Redis must keep nothing on disk (README, deploy/).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from rasa.core.brokers.broker import EventBroker
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import settings

DEFAULT_TTL_SECONDS = 1800


class ExpiringTrackerStore(InMemoryTrackerStore):
    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        ttl_seconds: float | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(ttl_seconds or settings.current().conversation_ttl)
        self.last_used: dict[str, float] = {}

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.ttl_seconds
        for sender_id in [s for s, t in self.last_used.items() if t < cutoff]:
            self.forget(sender_id)

    def forget(self, sender_id: str) -> None:
        self.store.pop(sender_id, None)
        self.last_used.pop(sender_id, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._expire()
        if not tracker.events:
            self.forget(tracker.sender_id)
            return
        await super().save(tracker)
        self.last_used[tracker.sender_id] = time.monotonic()

    async def _retrieve(
        self, sender_id: str, fetch_all_sessions: bool
    ) -> DialogueStateTracker | None:
        self._expire()
        return await super()._retrieve(sender_id, fetch_all_sessions)

    async def keys(self) -> Iterable[str]:
        self._expire()
        return list(self.store.keys())


def _redis(db_offset: int = 0) -> dict[str, Any]:
    """Host, port, db and password of SIGNAAL_REDIS_URL (redis://[:password@]host:port/db)."""
    url = urlsplit(settings.current().redis_url or "redis://127.0.0.1:6379/0")
    return {"host": url.hostname or "127.0.0.1", "port": url.port or 6379,
            "db": int(url.path.strip("/") or 0) + db_offset, "password": url.password}


class ExpiringRedisTrackerStore(RedisTrackerStore):
    """Trackers in Redis, each expiring SIGNAAL_CONVERSATION_TTL seconds after its last turn."""

    def __init__(self, domain: Domain, event_broker: EventBroker | None = None,
                 **_: Any) -> None:
        super().__init__(domain, event_broker=event_broker, key_prefix="signaal",
                         record_exp=settings.current().conversation_ttl, **_redis())

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        if not tracker.events:  # forget: Rasa's own save would merge with what is stored
            self.red.delete(self.key_prefix + tracker.sender_id)
            return
        await super().save(tracker, timeout)


class SharedRedisLockStore(RedisLockStore):
    """Ticket locks in Redis: two processes never handle turns of one conversation at once."""

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        super().__init__(key_prefix="signaal", **_redis(db_offset=1))
