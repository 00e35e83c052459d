"""Tables and engine for the content store (SQLAlchemy 1.4, 2.0-style API).

Content lives in its own database (SQLite, instance/content.db by default), rebuilt from the
YAML under content/ by the loader; it never holds runtime data (that is campaigns/), so deleting
or rebuilding it loses nothing. `engine_for` is the one engine factory, also for runtime data.
"""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlalchemy.schema import Table

import settings

metadata = MetaData()

content_items = Table(
    "content_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("collection", String(32), nullable=False, index=True),
    Column("slug", String(120), nullable=False),
    Column("title", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("search_text", Text, nullable=False),
    UniqueConstraint("collection", "slug", name="uq_content_collection_slug"),
)

# Every name a person may type for an item (title, synonyms), normalised; used to resolve
# entities and follow-ups to a slug without a model.
content_names = Table(
    "content_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("content_items.id", ondelete="CASCADE"), nullable=False),
    Column("collection", String(32), nullable=False),
    Column("name", String(200), nullable=False, index=True),
)

def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets many readers (action server, webchat) work while one writer writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite does; SQLite
    gives its -wal, -shm and -journal files the same mode as the database file."""
    if str(path) in ("", ":memory:"):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


@cache
def engine_for(url: str) -> Engine:
    """One engine per database URL and process: SQLite files are made private and use WAL."""
    if url.startswith("sqlite:///"):
        _private_file(Path(url.removeprefix("sqlite:///").split("?", 1)[0]))
        # SQLAlchemy 1.4 gives SQLite files a NullPool: a new connection (and its pragmas)
        # for every query, a third of a chat turn's time in the webchat. Keep them open.
        engine = create_engine(
            url, future=True, poolclass=QueuePool, pool_size=8, max_overflow=32,
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """The content database (SIGNAAL_CONTENT_DATABASE_URL), or the one at `url`."""
    return engine_for(url or settings.current().content_database_url)


def create_all(engine: Engine) -> None:
    """Create missing content tables (idempotent); the FTS index is built by the loader."""
    metadata.create_all(engine)
