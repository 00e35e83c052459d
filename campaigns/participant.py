"""The campaign participant id of a chat session, shared by the bot and the webchat.

It is a hash of the chat session id (Rasa's sender id): anonymous, and not the session id
itself; the campaign tables store only a hash of this id in turn."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.engine import Engine

from campaigns.db import ready
from campaigns.tables import campaign_participants, campaigns, id_hash


def participant_for_session(session_id: str) -> str:
    return hashlib.sha256(f"signaal-campaign:{session_id}".encode()).hexdigest()[:32]



def latest_campaign(engine: Engine, participant: str):
    """The campaign row this participant joined most recently, or None."""
    ready(engine)
    with engine.connect() as conn:
        return conn.execute(
            select(campaigns).select_from(campaigns.join(campaign_participants))
            .where(campaign_participants.c.participant_hash == id_hash(participant))
            .order_by(campaign_participants.c.joined_at.desc(), campaign_participants.c.id.desc())
            .limit(1)).first()
