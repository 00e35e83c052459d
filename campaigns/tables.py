"""The runtime data's tables: what people create while Signaal runs, and what a content
rebuild must never touch. Their DDL lives in campaigns/migrations (Alembic); this metadata is
what the migrations are checked against.

Privacy: chat sessions and participants are stored only as sha256 hashes of random ids, with
timestamps and an optional nickname. No message text, IP address or user agent.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.schema import Table


def id_hash(value: str) -> str:
    """What the tables keep of a random id (chat session, participant, trainer session, admin
    token): its sha256, never the id itself."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


# The default naming: databases made by `create_all` before migrations existed match it.
metadata = MetaData()

# Webchat sessions: only a hash of the random id and timestamps, never message text.
chat_sessions = Table(
    "chat_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False, index=True),
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

trainer_credentials = Table(
    "trainer_credentials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

trainer_sessions = Table(
    "trainer_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("username", String(40), nullable=False, index=True),
    Column("credential", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False, index=True),
)

trainer_session_campaigns = Table(
    "trainer_session_campaigns",
    metadata,
    Column("session_hash", String(64),
           ForeignKey("trainer_sessions.id_hash", ondelete="CASCADE"), primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id", ondelete="CASCADE"),
           primary_key=True),
)
