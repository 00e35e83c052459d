"""Trainer accounts and trainer sessions (tables in campaigns/tables.py).

One shared account, `trainer`: a password hash in trainer_credentials, or for development a
password from the environment. A login makes a server-side trainer session: the browser's
cookie carries only a random id, this table only its sha256 hash, the account and a fingerprint
of the password in force at login. Logging out deletes the row; setting a new password deletes
every session of the account, and a session made under another password (a changed development
password too) no longer counts. The campaigns a session created (or unlocked with the admin
token) are remembered here, so no admin token ever travels in a cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from campaigns.db import ready
from campaigns.tables import (
    campaigns,
    id_hash,
    trainer_credentials,
    trainer_session_campaigns,
    trainer_sessions,
)

USERNAME = "trainer"
SEEN_EVERY = timedelta(minutes=5)  # last_seen is written at most this often per session


def _ensure(engine: Engine) -> None:
    ready(engine)


def _now() -> datetime:
    return datetime.utcnow()


def set_trainer_password(engine: Engine, password: str, username: str = USERNAME) -> None:
    """Store a hash of the new password and end every session of the account."""
    _ensure(engine)
    hashed = generate_password_hash(password)
    now = _now()
    with engine.begin() as conn:
        known = conn.execute(select(trainer_credentials.c.id)
                             .where(trainer_credentials.c.username == username)).first()
        if known:
            conn.execute(update(trainer_credentials).where(trainer_credentials.c.id == known.id)
                         .values(password_hash=hashed, updated_at=now))
        else:
            conn.execute(insert(trainer_credentials).values(
                username=username, password_hash=hashed, updated_at=now))
        _delete_sessions(conn, trainer_sessions.c.username == username)


def trainer_password_hash(engine: Engine, username: str = USERNAME) -> str | None:
    _ensure(engine)
    with engine.connect() as conn:
        row = conn.execute(select(trainer_credentials.c.password_hash)
                           .where(trainer_credentials.c.username == username)).first()
    return row.password_hash if row else None


def verify_trainer_password(engine: Engine, password: str | None,
                            dev_password: str | None = None) -> bool:
    """The stored hash wins; without one, a development password (env) may be used."""
    if not password:
        return False
    stored = trainer_password_hash(engine)
    if stored:
        return check_password_hash(stored, password)
    if dev_password:
        return hmac.compare_digest(dev_password.encode("utf-8"), password.encode("utf-8"))
    return False


def credential_fingerprint(engine: Engine, dev_password: str | None, key: str) -> str | None:
    """Which password is in force: a hash of the stored hash (its salt changes with every
    new password), else a keyed hash of the development password; None: no password at all."""
    stored = trainer_password_hash(engine)
    if stored:
        return id_hash("stored\0" + stored)
    if dev_password:
        return hmac.new(key.encode("utf-8"), b"dev\0" + dev_password.encode("utf-8"),
                        hashlib.sha256).hexdigest()
    return None


def start_session(engine: Engine, credential: str, username: str = USERNAME) -> str:
    """A new trainer session; returns the random id for the cookie (only its hash is kept)."""
    _ensure(engine)
    session_id = secrets.token_urlsafe(32)
    now = _now()
    with engine.begin() as conn:
        conn.execute(insert(trainer_sessions).values(
            id_hash=id_hash(session_id), username=username, credential=credential,
            created_at=now, last_seen=now))
    return session_id


def session_hash(engine: Engine, session_id: object, credential: str | None, idle: timedelta,
                 longest: timedelta) -> str | None:
    """The hash of a trainer session that is still valid (and mark it used), else None.
    Invalid: unknown, logged out, idle too long, too old, or made under another password."""
    if not isinstance(session_id, str) or not session_id or credential is None:
        return None
    _ensure(engine)
    key, now = id_hash(session_id), _now()
    with engine.connect() as conn:
        row = conn.execute(select(trainer_sessions).where(
            trainer_sessions.c.id_hash == key)).first()
    if row is None:
        return None
    if (not hmac.compare_digest(row.credential, credential) or row.last_seen < now - idle
            or row.created_at < now - longest):
        end_session(engine, session_id)
        return None
    if row.last_seen < now - SEEN_EVERY:
        with engine.begin() as conn:
            conn.execute(update(trainer_sessions).where(trainer_sessions.c.id_hash == key)
                         .values(last_seen=now))
    return key


def end_session(engine: Engine, session_id: object) -> None:
    if isinstance(session_id, str) and session_id:
        _ensure(engine)
        with engine.begin() as conn:
            _delete_sessions(conn, trainer_sessions.c.id_hash == id_hash(session_id))


def forget_stale_sessions(engine: Engine, idle: timedelta, longest: timedelta) -> None:
    _ensure(engine)
    now = _now()
    with engine.begin() as conn:
        _delete_sessions(conn, or_(trainer_sessions.c.last_seen < now - idle,
                                   trainer_sessions.c.created_at < now - longest))


def _delete_sessions(conn, condition) -> None:
    # Explicitly, not only by ON DELETE CASCADE: SQLite enforces that only with foreign_keys=ON.
    doomed = select(trainer_sessions.c.id_hash).where(condition)
    conn.execute(delete(trainer_session_campaigns)
                 .where(trainer_session_campaigns.c.session_hash.in_(doomed)))
    conn.execute(delete(trainer_sessions).where(condition))


def own(engine: Engine, key: str, campaign_id: int) -> None:
    """Remember that the session with hash `key` may run this campaign."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(trainer_session_campaigns).values(session_hash=key,
                                                                  campaign_id=campaign_id))
    except IntegrityError:  # already remembered
        pass


def owns(engine: Engine, key: str | None, campaign_id: int) -> bool:
    if not key:
        return False
    with engine.connect() as conn:
        return conn.execute(select(trainer_session_campaigns.c.campaign_id).where(
            trainer_session_campaigns.c.session_hash == key,
            trainer_session_campaigns.c.campaign_id == campaign_id)).first() is not None


def owned_codes(engine: Engine, key: str | None, limit: int = 20) -> list[str]:
    """The codes of this session's campaigns, newest first."""
    if not key:
        return []
    with engine.connect() as conn:
        return list(conn.execute(
            select(campaigns.c.code)
            .select_from(campaigns.join(trainer_session_campaigns,
                                        trainer_session_campaigns.c.campaign_id == campaigns.c.id))
            .where(trainer_session_campaigns.c.session_hash == key)
            .order_by(campaigns.c.id.desc()).limit(limit)).scalars())
