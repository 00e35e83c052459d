"""Alembic environment for the runtime data. Run through campaigns.db (`upgrade`), which hands
over the engine; there is no alembic.ini, so `make run` and the tests need no extra file."""

from __future__ import annotations

from alembic import context

from campaigns.tables import metadata

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot alter most things in place: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
