"""The scaled mode's real engines for tests: a fresh PostgreSQL database and a Redis database
per test module. Skipped with a clear message when unreachable, unless CI is set: in CI they
must run (the machines have both, at 127.0.0.1)."""

from __future__ import annotations

import contextlib
import os
import secrets

import pytest
import redis
from sqlalchemy import create_engine, text

POSTGRES = "postgresql://postgres@127.0.0.1:5432/{name}"
REDIS = "redis://127.0.0.1:6379/{db}"


def _unavailable(what: str, exc: Exception) -> None:
    message = f"{what} is not reachable at 127.0.0.1 ({type(exc).__name__})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; in CI the scaled-mode tests must run")
    pytest.skip(message)


@contextlib.contextmanager
def postgres_database():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    name = f"signaal_test_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES.format(name="postgres"), isolation_level="AUTOCOMMIT",
                          future=True)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        admin.dispose()
        _unavailable("PostgreSQL", exc)
    try:
        yield POSTGRES.format(name=name)
    finally:
        from content.db import engine_for

        engine_for(POSTGRES.format(name=name)).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def redis_database(db: int = 14):
    """The URL of Redis database `db` (and `db`+1 for locks), emptied before and after."""
    clients = [redis.Redis.from_url(REDIS.format(db=n)) for n in (db, db + 1)]
    try:
        for client in clients:
            client.flushdb()
    except redis.RedisError as exc:
        _unavailable("Redis", exc)
    try:
        yield REDIS.format(db=db)
    finally:
        for client in clients:
            client.flushdb()
