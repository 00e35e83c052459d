"""The campaign participant id of a chat session, shared by the bot and the webchat.

It is a hash of the chat session id (Rasa's sender id): anonymous, and not the session id
itself; the campaign tables store only a hash of this id in turn."""

from __future__ import annotations

import hashlib


def participant_for_session(session_id: str) -> str:
    return hashlib.sha256(f"signaal-campaign:{session_id}".encode()).hexdigest()[:32]
