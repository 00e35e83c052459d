"""Failed attempts per key in a sliding window, in memory only (never stored, never logged).

Used for trainer logins (per client and per account), campaign-code lookups (per client) and
joining with a code in the chat (per participant). Only failures count, so a trainer who is
logged in or an API client with the right token is never slowed down by them. Keys are hashes
chosen by the caller; this module never sees an address.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque


class FailureCounter:
    def __init__(self, limit: int, window_seconds: float, max_keys: int = 50_000):
        self.limit, self.window, self.max_keys = int(limit), float(window_seconds), max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        hits = self._failures.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._failures[key]
            return None
        return hits

    def count(self, key: str) -> int:
        with self._lock:
            hits = self._recent(key, time.monotonic())
            return len(hits) if hits else 0

    def wait(self, key: str) -> int:
        """Seconds until `key` may try again; 0 when it may try now."""
        now = time.monotonic()
        with self._lock:
            hits = self._recent(key, now)
            if not hits or len(hits) < self.limit:
                return 0
            return max(1, math.ceil(hits[-self.limit] + self.window - now))

    def fail(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._recent(key, now)
            if hits is None:
                hits = self._failures[key] = deque()
            hits.append(now)
            self._failures.move_to_end(key)
            while len(hits) > self.limit:  # the oldest beyond the limit no longer matter
                hits.popleft()
            while len(self._failures) > self.max_keys:  # memory stays bounded
                self._failures.popitem(last=False)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
