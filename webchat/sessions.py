"""Anonymous chat sessions: a random id in the browser's memory, only its hash and two
timestamps here. No message text, IP address or user agent is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from content.db import chat_sessions, create_all, get_engine


def engine() -> Engine:
    db = get_engine(current_app.config["DATABASE_URL"])
    if not current_app.extensions.get("signaal_tables"):
        create_all(db)
        current_app.extensions["signaal_tables"] = True
    return db


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.utcnow()


def start() -> str:
    session_id = secrets.token_urlsafe(24)
    with engine().begin() as conn:
        now = _now()
        conn.execute(insert(chat_sessions).values(id_hash=_hash(session_id), created_at=now,
                                                  last_seen=now))
    return session_id


def resume(session_id: str | None) -> str | None:
    """The same id if it is known and not expired (and mark it used), else None."""
    if not session_id or not isinstance(session_id, str) or len(session_id) > 100:
        return None
    ttl = timedelta(seconds=current_app.config["SESSION_TTL_SECONDS"])
    with engine().begin() as conn:
        conn.execute(delete(chat_sessions).where(chat_sessions.c.last_seen < _now() - ttl))
        known = conn.execute(
            select(chat_sessions.c.id_hash).where(chat_sessions.c.id_hash == _hash(session_id))
        ).first()
        if not known:
            return None
        conn.execute(update(chat_sessions).where(chat_sessions.c.id_hash == _hash(session_id))
                     .values(last_seen=_now()))
    return session_id


def known(session_id: str | None) -> bool:
    """Whether the id is a live session, without marking it used (for polling)."""
    if not session_id or not isinstance(session_id, str) or len(session_id) > 100:
        return False
    cutoff = _now() - timedelta(seconds=current_app.config["SESSION_TTL_SECONDS"])
    with engine().connect() as conn:
        return conn.execute(select(chat_sessions.c.id_hash).where(
            chat_sessions.c.id_hash == _hash(session_id), chat_sessions.c.last_seen >= cutoff)
        ).first() is not None


def forget(session_id: str) -> bool:
    with engine().begin() as conn:
        result = conn.execute(delete(chat_sessions)
                              .where(chat_sessions.c.id_hash == _hash(session_id)))
    return result.rowcount > 0
