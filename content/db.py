"""Tables and engine for the content store (SQLAlchemy 1.4, 2.0-style API).

SQLite under instance/ is the embedded default; DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
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
from sqlalchemy.schema import Table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'instance' / 'signaal.db'}"

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

# Webchat sessions: only a hash of the random id and timestamps, never message text.
chat_sessions = Table(
    "chat_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False, index=True),
)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


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
def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        _private_file(Path(url.removeprefix("sqlite:///").split("?", 1)[0]))
        engine = create_engine(
            url, future=True, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    return engine


def create_all(engine: Engine) -> None:
    """Create missing tables (idempotent); the FTS index is built by the loader."""
    import content.campaign_db  # noqa: F401 - registers the campaign tables on `metadata`

    metadata.create_all(engine)
