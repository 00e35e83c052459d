"""The campaign participant id of a chat session, shared by the bot and the webchat.

It is a hash of the chat session id (Rasa's sender id): anonymous, and not the session id
itself; the campaign tables store only a hash of this id in turn."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.engine import Engine

from campaigns.db import ready
from campaigns.tables import campaign_participants, campaigns


def participant_for_session(session_id: str) -> str:
    return hashlib.sha256(f"signaal-campaign:{session_id}".encode()).hexdigest()[:32]


def sha(value: str) -> str:
    """How the tables keep a participant id: its sha256, never the id itself."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def latest_campaign(engine: Engine, participant: str):
    """The campaign row this participant joined most recently, or None."""
    ready(engine)
    with engine.connect() as conn:
        return conn.execute(
            select(campaigns).select_from(campaigns.join(campaign_participants))
            .where(campaign_participants.c.participant_hash == sha(participant))
            .order_by(campaign_participants.c.joined_at.desc(), campaign_participants.c.id.desc())
            .limit(1)).first()
