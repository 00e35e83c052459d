"""Shared fixtures: a temporary content database, real Rasa SDK trackers, the Flask app."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Point every engine at a throwaway database before any of our modules create one.
_TMP = Path(tempfile.mkdtemp(prefix="signaal-test-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'signaal.db'}"
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import pytest  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from content.db import get_engine  # noqa: E402
from content.loader import load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def loaded_content():
    """The real content, loaded once into the temporary database."""
    return load(get_engine())


def make_tracker(text: str = "", intent: str = "greet", entities: list[dict] | None = None,
                 slots: dict | None = None, locale: str = "nl") -> Tracker:
    return Tracker(
        sender_id="test-conversation",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": entities or [], "metadata": {"locale": locale}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action, **tracker_args) -> tuple[list[dict], list[dict]]:
    """Run an action against a real dispatcher; returns (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, make_tracker(**tracker_args), {})
    return dispatcher.messages, events


@pytest.fixture
def tracker():
    return make_tracker
