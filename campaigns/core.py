"""Shared helpers of the campaign service (campaigns/service.py): codes, rows, participants,
short write transactions. Quiz questions are content, read through the content store."""

from __future__ import annotations

import hmac
import random
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from campaigns.db import ready
from campaigns.errors import CampaignAuthError, CampaignError, CampaignNotFound
from campaigns.tables import campaign_participants, campaign_questions, campaigns, id_hash
from content.store import ContentStore

# Shared helpers for content.campaign_store.

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O/1/I/L
CODE_LENGTH = 6
MODES = ("live", "self_paced")
MAX_QUESTIONS = 50
NICKNAME_MAX = 30
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def utc_now() -> datetime:
    return datetime.utcnow()




def _norm_code(code: Any) -> str:
    return code.strip().upper() if isinstance(code, str) else ""


def status_of(row) -> str:
    if row.closed_at is not None:
        return "closed"
    return "expired" if utc_now() >= row.expires_at else "open"


def released_count(row, total: int) -> int:
    """Self-paced: questions_per_day now, and questions_per_day more each day after."""
    days = max(0, (utc_now() - row.created_at).days)
    return min(total, row.questions_per_day * (days + 1))


def campaign_row(conn: Connection, code: str):
    row = conn.execute(select(campaigns).where(campaigns.c.code == _norm_code(code))).first()
    if row is None:
        raise CampaignNotFound()
    return row


def open_campaign_row(conn: Connection, code: str):
    row = campaign_row(conn, code)
    status = status_of(row)
    if status == "closed":
        raise CampaignError("closed")
    if status == "expired":
        raise CampaignError("expired")
    return row


def questions_of(conn: Connection, campaign_id: int) -> list:
    return conn.execute(select(campaign_questions).where(
        campaign_questions.c.campaign_id == campaign_id).order_by(campaign_questions.c.position)
    ).all()


def quiz_items() -> list[dict]:
    return ContentStore().all("quiz")


def quiz_questions(slugs: list[str]) -> dict[str, dict]:
    return ContentStore().many("quiz", slugs)


def quiz_topics() -> list[str]:
    return sorted({item.get("topic") for item in quiz_items() if item.get("topic")})


def draw_questions(items: list[dict], n: int) -> list[str]:
    """n items, mixed difficulty: shuffle each difficulty level, then take them in turn."""
    rng = random.SystemRandom()
    levels: dict[int, list[dict]] = {}
    for item in items:
        levels.setdefault(int(item.get("difficulty", 2)), []).append(item)
    for bucket in levels.values():
        rng.shuffle(bucket)
    order = sorted(levels)
    picked: list[str] = []
    while len(picked) < n and any(levels.values()):
        for level in order:
            if levels[level] and len(picked) < n:
                picked.append(levels[level].pop()["slug"])
    return picked


def clean_nickname(nickname: str | None) -> str | None:
    if not isinstance(nickname, str):
        return None
    return CONTROL_CHARS.sub("", nickname).strip()[:NICKNAME_MAX].strip() or None


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A short write transaction. On SQLite, writers in this process queue on a lock instead
    of polling the file lock (busy_timeout still covers other processes)."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with _write_locks_lock:
        lock = _write_locks.setdefault(str(engine.url), threading.Lock())
    with lock, engine.begin() as conn:
        yield conn


_write_locks: dict[str, threading.Lock] = {}
_write_locks_lock = threading.Lock()


def participant_key(participant: Any) -> str:
    if not isinstance(participant, str) or not 8 <= len(participant) <= 200:
        raise CampaignError("invalid_participant")
    return id_hash(participant)


def find_participant(conn: Connection, campaign_id: int, key: str) -> int | None:
    return conn.execute(select(campaign_participants.c.id).where(
        campaign_participants.c.campaign_id == campaign_id,
        campaign_participants.c.participant_hash == key)).scalar()


def participant_row_id(engine: Engine, campaign_id: int, participant: str,
                    nickname: str | None = None, known: int | None = None) -> int:
    """The participant's row id, inserted on first use (concurrent joins are harmless)."""
    key = participant_key(participant)
    if known is None:
        try:
            with writing(engine) as conn:
                return conn.execute(insert(campaign_participants).values(
                    campaign_id=campaign_id, participant_hash=key, nickname=nickname,
                    joined_at=utc_now())).inserted_primary_key[0]
        except IntegrityError:  # already there (joined at the same moment elsewhere)
            with engine.connect() as conn:
                known = find_participant(conn, campaign_id, key)
    if nickname:
        with writing(engine) as conn:
            conn.execute(update(campaign_participants).where(campaign_participants.c.id == known)
                         .values(nickname=nickname))
    return known


def check_admin(engine: Engine, code: str, token: str | None) -> bool:
    ready(engine)
    if not isinstance(token, str) or not token:
        return False
    with engine.connect() as conn:
        row = conn.execute(select(campaigns.c.admin_hash)
                           .where(campaigns.c.code == _norm_code(code))).first()
    return row is not None and hmac.compare_digest(row.admin_hash, id_hash(token))


def admin_campaign_row(engine: Engine, code: str, token: str | None, authorised: bool = False):
    """The campaign for an admin action: the token must fit, unless the caller (the webchat,
    for a trainer session that owns the campaign) has already `authorised` it."""
    ready(engine)
    with engine.connect() as conn:
        row = campaign_row(conn, code)
    if not authorised and not check_admin(engine, code, token):
        raise CampaignAuthError()
    return row
