"""Anonymous chat sessions: a random id in the browser's memory, only its hash and two
timestamps here. No message text, IP address or user agent is ever stored."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from campaigns.tables import chat_sessions, id_hash

MAX_ID_LENGTH = 100


def _now() -> datetime:
    return datetime.utcnow()


def _plausible(session_id: object) -> bool:
    return isinstance(session_id, str) and 0 < len(session_id) <= MAX_ID_LENGTH


def start(engine: Engine) -> str:
    session_id = secrets.token_urlsafe(24)
    now = _now()
    with engine.begin() as conn:
        conn.execute(insert(chat_sessions).values(id_hash=id_hash(session_id), created_at=now,
                                                  last_seen=now))
    return session_id


def resume(engine: Engine, session_id: object, ttl_seconds: int) -> str | None:
    """The same id if it is known and not expired (and mark it used), else None."""
    if not _plausible(session_id):
        return None
    _sweep(engine, ttl_seconds)
    cutoff = _now() - timedelta(seconds=ttl_seconds)
    with engine.begin() as conn:
        touched = conn.execute(update(chat_sessions).where(
            chat_sessions.c.id_hash == id_hash(session_id), chat_sessions.c.last_seen >= cutoff)
            .values(last_seen=_now()))
    return session_id if touched.rowcount else None


_last_sweep: dict[str, float] = {}


def _sweep(engine: Engine, ttl_seconds: int, every: float = 60.0) -> None:
    """Delete expired sessions, at most once a minute per process (not on every turn)."""
    now = time.monotonic()
    if now - _last_sweep.get(str(engine.url), -every) < every:
        return
    _last_sweep[str(engine.url)] = now
    with engine.begin() as conn:
        conn.execute(delete(chat_sessions).where(
            chat_sessions.c.last_seen < _now() - timedelta(seconds=ttl_seconds)))


def known(engine: Engine, session_id: object, ttl_seconds: int) -> bool:
    """Whether the id is a live session, without marking it used (for polling)."""
    if not _plausible(session_id):
        return False
    cutoff = _now() - timedelta(seconds=ttl_seconds)
    with engine.connect() as conn:
        return conn.execute(select(chat_sessions.c.id_hash).where(
            chat_sessions.c.id_hash == id_hash(session_id), chat_sessions.c.last_seen >= cutoff)
        ).first() is not None


def forget(engine: Engine, session_id: str) -> bool:
    with engine.begin() as conn:
        result = conn.execute(delete(chat_sessions)
                              .where(chat_sessions.c.id_hash == id_hash(session_id)))
    return result.rowcount > 0
