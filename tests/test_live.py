"""End to end: the three real processes on loopback, chatting through /api/chat."""

from __future__ import annotations

import pytest
import requests

from tests.live import model_exists

pytestmark = [pytest.mark.live,
              pytest.mark.skipif(not model_exists(), reason="no trained model: make train")]


def chat(signaal, message, session=None, locale="nl"):
    response = requests.post(f"{signaal.url}/api/chat", timeout=60,
                             json={"message": message, "session": session, "locale": locale})
    assert response.status_code == 200, response.text
    return response.json()


def test_definition_comes_with_sources(signaal):
    body = chat(signaal, "wat is intieme terreur")
    assert "degraded" not in body
    first = body["messages"][0]
    assert "terreur" in first["text"].lower() and first["sources"]


def test_acute_danger_gets_112_first(signaal):
    text = chat(signaal, "hij slaat me nu")["messages"][0]["text"]
    assert "112" in text and "0800-2000" in text, text
    assert text.index("112") < text.index("0800-2000")


def test_where_to_turn(signaal):
    text = chat(signaal, "waar kan ik terecht?")["messages"][0]["text"]
    assert "0800-2000" in text and "112" in text


def test_follow_up_keeps_the_thread_and_crisis_overrides(signaal):
    session = chat(signaal, "wat is ouderenmishandeling")["session"]
    follow = chat(signaal, "en de signalen?", session)
    assert follow["session"] == session
    assert "ouderen" in follow["messages"][0]["text"].lower()
    crisis = chat(signaal, "ik wil niet meer leven", session)["messages"][0]["text"]
    assert crisis.index("113") < crisis.index("112")


def test_forget_and_unknown_session(signaal):
    session = chat(signaal, "hallo")["session"]
    response = requests.post(f"{signaal.url}/api/chat/forget", json={"session": session},
                             timeout=10)
    assert response.status_code == 204
    tracker = requests.get(f"{signaal.rasa_url}/conversations/{session}/tracker",
                           params={"token": "live-test-token"}, timeout=10).json()
    # Asking Rasa for the tracker makes a fresh one; nothing of the old conversation is in it.
    assert not [e for e in tracker.get("events", []) if e["event"] == "user"]
    assert chat(signaal, "hallo", session)["session"] != session
    assert chat(signaal, "hallo", "nobody-knows-this")["session"] != "nobody-knows-this"


def test_health_is_green(signaal):
    assert requests.get(f"{signaal.url}/healthz", timeout=10).json()["status"] == "ok"


def test_no_message_text_or_address_reaches_any_log(signaal):
    chat(signaal, "mijn geheime vraag over thuis")
    logs = " ".join(p.read_text(errors="replace") for p in signaal.log_dir.glob("*.log"))
    assert "geheime vraag" not in logs
    assert "wat is intieme terreur" not in logs
    assert "127.0.0.1 - -" not in logs  # no access-log lines with client addresses
