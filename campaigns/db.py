"""The runtime database: its engine and its schema, kept at Alembic's head.

SQLite (instance/signaal.db) is the embedded default; DATABASE_URL names PostgreSQL in the scaled
mode. `make run` (the launcher) upgrades before any process starts; `ready()` upgrades once per
process too, so a test or a tool that opens a fresh database finds its tables.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

import settings
from content.db import engine_for

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The revision whose schema equals what `metadata.create_all` made before migrations existed.
BASELINE = "0001"

_ready: set[str] = set()
_lock = threading.Lock()


def runtime_engine(url: str | None = None) -> Engine:
    return engine_for(url or settings.current().database_url)


def alembic_config(engine: Engine | None = None, migrations: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["engine"] = engine
    return config


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head", migrations: Path = MIGRATIONS) -> None:
    """Bring the schema to `revision`. A database made by `create_all` before migrations
    existed (tables, no alembic_version) is stamped as the baseline first, then upgraded."""
    config = alembic_config(engine, migrations)
    tables = set(inspect(engine).get_table_names())
    if "campaigns" in tables and "alembic_version" not in tables:
        command.stamp(config, BASELINE)
    command.upgrade(config, revision)


def ready(engine: Engine) -> Engine:
    """Upgrade once per database per process (cheap afterwards)."""
    key = str(engine.url)
    if key in _ready:
        return engine
    with _lock:
        if key not in _ready:
            try:
                if current_revision(engine) != head():
                    upgrade(engine)
            except DBAPIError:  # another process upgraded at the same moment: check again
                if current_revision(engine) != head():
                    raise
            _ready.add(key)
    return engine


def main() -> int:
    engine = runtime_engine()
    upgrade(engine)
    print(f"Runtime database at revision {current_revision(engine)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
