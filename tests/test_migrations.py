"""The runtime data's migrations: an empty database and one made by the schema before
migrations existed both reach head; a new column keeps campaigns and the trainer password; the
same migrations run on PostgreSQL (the scaled mode)."""

from __future__ import annotations

import shutil
import textwrap
from datetime import datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from campaigns import trainers
from campaigns.db import MIGRATIONS, current_revision, head, runtime_engine, upgrade
from campaigns.tables import campaigns, metadata
from content.loader import load
from tests.services import postgres_database


def differences(engine) -> list:
    """What the migrated schema lacks or has beyond campaigns/tables.py (nothing, we want)."""
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def a_campaign(engine, code: str = "ABCDEF") -> None:
    now = datetime.utcnow()
    with engine.begin() as conn:
        conn.execute(insert(campaigns).values(
            code=code, admin_hash="0" * 64, title="Week zonder Geweld", mode="live",
            topics=[], questions_per_day=1, current_index=-1, created_at=now,
            expires_at=now + timedelta(days=14)))


def test_an_empty_database_reaches_head_and_matches_the_tables(tmp_path):
    engine = runtime_engine(f"sqlite:///{tmp_path / 'leeg.db'}")
    upgrade(engine)
    assert current_revision(engine) == head()
    assert not differences(engine)


def test_a_database_made_before_migrations_keeps_its_data(tmp_path):
    engine = runtime_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    metadata.create_all(engine)  # what every earlier version did instead of migrating
    a_campaign(engine)
    trainers.set_trainer_password(engine, "een-lang-wachtwoord")
    upgrade(engine)
    assert current_revision(engine) == head()
    with engine.connect() as conn:
        assert conn.execute(select(campaigns.c.title)).scalar_one() == "Week zonder Geweld"
    assert trainers.verify_trainer_password(engine, "een-lang-wachtwoord", None)


def test_a_new_column_keeps_campaigns_and_the_trainer_password(tmp_path):
    engine = runtime_engine(f"sqlite:///{tmp_path / 'groei.db'}")
    upgrade(engine)
    a_campaign(engine)
    trainers.set_trainer_password(engine, "een-lang-wachtwoord")
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    (migrations / "versions" / "9999_colour.py").write_text(textwrap.dedent(f'''
        import sqlalchemy as sa
        from alembic import op

        revision = "9999"
        down_revision = "{head()}"

        def upgrade():
            with op.batch_alter_table("campaigns") as batch:
                batch.add_column(sa.Column("colour", sa.String(20), nullable=True))
        '''), encoding="utf-8")
    upgrade(engine, migrations=migrations)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title, colour FROM campaigns")).one() == (
            "Week zonder Geweld", None)
    assert "colour" in {c["name"] for c in inspect(engine).get_columns("campaigns")}
    assert trainers.verify_trainer_password(engine, "een-lang-wachtwoord", None)


def test_rebuilding_content_never_touches_runtime_data(tmp_path):
    engine = runtime_engine(f"sqlite:///{tmp_path / 'samen.db'}")
    upgrade(engine)
    a_campaign(engine)
    load(engine)  # content into the same file: only the content tables change
    load(engine)
    with engine.connect() as conn:
        assert conn.execute(select(campaigns.c.code)).scalar_one() == "ABCDEF"


def test_the_migrations_run_on_postgresql():
    with postgres_database() as url:
        engine = runtime_engine(url)
        upgrade(engine)
        assert current_revision(engine) == head()
        assert not differences(engine)
        a_campaign(engine)
        trainers.set_trainer_password(engine, "een-lang-wachtwoord")
        assert trainers.verify_trainer_password(engine, "een-lang-wachtwoord", None)
