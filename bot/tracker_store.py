"""An in-memory tracker store whose conversations expire.

Privacy by design: conversations are never written to disk, idle ones are dropped after
SIGNAAL_TRACKER_TTL seconds, and replacing a tracker with no events (what the webchat's
"forget" does through Rasa's HTTP API) deletes it at once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

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
        self.ttl_seconds = float(
            ttl_seconds or os.environ.get("SIGNAAL_TRACKER_TTL", DEFAULT_TTL_SECONDS)
        )
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
