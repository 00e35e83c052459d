"""Tables for trainer campaign sessions (part of content.db.metadata); the trainer account and
its sessions are in content.trainer_accounts (re-exported here).

Privacy: participants are stored only as a sha256 hash of the random id the chat passes in,
with an optional nickname. No IP address, user agent or message text.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import Table

from content.db import content_items, create_all, metadata
from content.trainer_accounts import (  # noqa: F401 - the trainer account API, as before
    ACCOUNT_TABLES,
    set_trainer_password,
    trainer_credentials,
    trainer_password_hash,
    verify_trainer_password,
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(6), nullable=False, unique=True),
    Column("admin_hash", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("mode", String(16), nullable=False),  # "live" | "self_paced"
    Column("topics", JSON, nullable=False),
    Column("questions_per_day", Integer, nullable=False, default=1),
    Column("current_index", Integer, nullable=False, default=-1),  # live: -1 = not started
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("closed_at", DateTime, nullable=True),
)

campaign_questions = Table(
    "campaign_questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id", ondelete="CASCADE"),
           nullable=False),
    Column("position", Integer, nullable=False),
    Column("slug", String(120), nullable=False),
    Column("revealed", Boolean, nullable=False, default=False),
    UniqueConstraint("campaign_id", "position", name="uq_campaign_question_position"),
)

campaign_participants = Table(
    "campaign_participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id", ondelete="CASCADE"),
           nullable=False),
    Column("participant_hash", String(64), nullable=False),
    Column("nickname", String(30), nullable=True),
    Column("joined_at", DateTime, nullable=False),
    UniqueConstraint("campaign_id", "participant_hash", name="uq_campaign_participant"),
)

# One row per participant per question: the unique constraint makes a double answer impossible.
campaign_answers = Table(
    "campaign_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("participant_id", Integer,
           ForeignKey("campaign_participants.id", ondelete="CASCADE"), nullable=False),
    Column("option", Integer, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("answered_at", DateTime, nullable=False),
    UniqueConstraint("campaign_id", "position", "participant_id", name="uq_campaign_answer"),
)

CAMPAIGN_TABLES = [campaigns, campaign_questions, campaign_participants, campaign_answers,
                   *ACCOUNT_TABLES]

_ready: set[str] = set()
_ready_lock = threading.Lock()


def ensure_tables(engine: Engine) -> None:
    """Create the campaign tables once per engine (the chat's action server may be first)."""
    key = str(engine.url)
    if key in _ready:
        return
    with _ready_lock:
        if key not in _ready:
            create_all(engine)
            _ready.add(key)


# Shared helpers for content.campaign_store.

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O/1/I/L
CODE_LENGTH = 6
MODES = ("live", "self_paced")
MAX_QUESTIONS = 50
NICKNAME_MAX = 30
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


class CampaignError(Exception):
    def __init__(self, message_nl: str, message_en: str):
        super().__init__(message_nl)
        self.message_nl, self.message_en = message_nl, message_en

    def message(self, locale: str = "nl") -> str:
        return self.message_en if locale == "en" else self.message_nl


class CampaignNotFound(CampaignError):
    def __init__(self):
        # Also what a newcomer hears for a closed or expired session: codes cannot be probed.
        super().__init__("Met deze code kun je niet (meer) meedoen. Controleer de code en "
                         "probeer het opnieuw.",
                         "This code does not (or no longer) let you take part. Check the code "
                         "and try again.")


class CampaignAuthError(CampaignError):
    def __init__(self):
        super().__init__("Geen toegang tot deze sessie.", "No access to this session.")


def _now() -> datetime:
    return datetime.utcnow()


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _norm_code(code: Any) -> str:
    return code.strip().upper() if isinstance(code, str) else ""


def _status(row) -> str:
    if row.closed_at is not None:
        return "closed"
    return "expired" if _now() >= row.expires_at else "open"


def _released(row, total: int) -> int:
    """Self-paced: questions_per_day now, and questions_per_day more each day after."""
    days = max(0, (_now() - row.created_at).days)
    return min(total, row.questions_per_day * (days + 1))


def _campaign_row(conn: Connection, code: str):
    row = conn.execute(select(campaigns).where(campaigns.c.code == _norm_code(code))).first()
    if row is None:
        raise CampaignNotFound()
    return row


def _open_row(conn: Connection, code: str):
    row = _campaign_row(conn, code)
    status = _status(row)
    if status == "closed":
        raise CampaignError("Deze sessie is gesloten.", "This session is closed.")
    if status == "expired":
        raise CampaignError("Deze sessie is verlopen.", "This session has expired.")
    return row


def _questions(conn: Connection, campaign_id: int) -> list:
    return conn.execute(select(campaign_questions).where(
        campaign_questions.c.campaign_id == campaign_id).order_by(campaign_questions.c.position)
    ).all()


def _quiz(conn: Connection, slugs: list[str]) -> dict[str, dict]:
    rows = conn.execute(select(content_items.c.slug, content_items.c.data).where(
        content_items.c.collection == "quiz", content_items.c.slug.in_(slugs)))
    return {r.slug: r.data for r in rows}


def quiz_topics(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(content_items.c.data)
                            .where(content_items.c.collection == "quiz"))
        return sorted({r.data.get("topic") for r in rows if r.data.get("topic")})


def _pick(items: list[dict], n: int) -> list[str]:
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


def _clean_nickname(nickname: str | None) -> str | None:
    if not isinstance(nickname, str):
        return None
    return _CONTROL.sub("", nickname).strip()[:NICKNAME_MAX].strip() or None


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A short write transaction. On SQLite, writers in this process queue on a lock instead
    of polling the file lock (busy_timeout still covers other processes)."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with _ready_lock:
        lock = _write_locks.setdefault(str(engine.url), threading.Lock())
    with lock, engine.begin() as conn:
        yield conn


_write_locks: dict[str, threading.Lock] = {}


def _check_participant(participant: Any) -> str:
    if not isinstance(participant, str) or not 8 <= len(participant) <= 200:
        raise CampaignError("Ongeldige deelnemer.", "Invalid participant.")
    return _sha(participant)


def _find_participant(conn: Connection, campaign_id: int, key: str) -> int | None:
    return conn.execute(select(campaign_participants.c.id).where(
        campaign_participants.c.campaign_id == campaign_id,
        campaign_participants.c.participant_hash == key)).scalar()


def _participant_id(engine: Engine, campaign_id: int, participant: str,
                    nickname: str | None = None, known: int | None = None) -> int:
    """The participant's row id, inserted on first use (concurrent joins are harmless)."""
    key = _check_participant(participant)
    if known is None:
        try:
            with writing(engine) as conn:
                return conn.execute(insert(campaign_participants).values(
                    campaign_id=campaign_id, participant_hash=key, nickname=nickname,
                    joined_at=_now())).inserted_primary_key[0]
        except IntegrityError:  # already there (joined at the same moment elsewhere)
            with engine.connect() as conn:
                known = _find_participant(conn, campaign_id, key)
    if nickname:
        with writing(engine) as conn:
            conn.execute(update(campaign_participants).where(campaign_participants.c.id == known)
                         .values(nickname=nickname))
    return known


def check_admin(engine: Engine, code: str, token: str | None) -> bool:
    ensure_tables(engine)
    if not isinstance(token, str) or not token:
        return False
    with engine.connect() as conn:
        row = conn.execute(select(campaigns.c.admin_hash)
                           .where(campaigns.c.code == _norm_code(code))).first()
    return row is not None and hmac.compare_digest(row.admin_hash, _sha(token))


def _admin_row(engine: Engine, code: str, token: str | None, authorised: bool = False):
    """The campaign for an admin action: the token must fit, unless the caller (the webchat,
    for a trainer session that owns the campaign) has already `authorised` it."""
    ensure_tables(engine)
    with engine.connect() as conn:
        row = _campaign_row(conn, code)
    if not authorised and not check_admin(engine, code, token):
        raise CampaignAuthError()
    return row
