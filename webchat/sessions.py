"""The webchat's view of the runtime data: the app's engine (schema at head) and its chat
sessions (campaigns/chat_sessions.py) with the app's conversation lifetime."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.engine import Engine

from campaigns import chat_sessions
from campaigns.db import ready, runtime_engine


def engine() -> Engine:
    return ready(runtime_engine(current_app.config["DATABASE_URL"]))


def _ttl() -> int:
    return current_app.config["SESSION_TTL_SECONDS"]


def start() -> str:
    return chat_sessions.start(engine())


def resume(session_id: str | None) -> str | None:
    return chat_sessions.resume(engine(), session_id, _ttl())


def known(session_id: str | None) -> bool:
    return chat_sessions.known(engine(), session_id, _ttl())


def forget(session_id: str) -> bool:
    return chat_sessions.forget(engine(), session_id)
