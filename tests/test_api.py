"""The public chat API: contract, bad input, privacy and the degraded path."""

from __future__ import annotations

import json
import logging
import re

import pytest
from sqlalchemy import select

from campaigns.db import runtime_engine
from campaigns.tables import chat_sessions
from tests.rasa_stub import RasaStub
from webchat import create_app


@pytest.fixture
def rasa():
    stub = RasaStub()
    yield stub
    stub.close()


@pytest.fixture
def client(rasa):
    app = create_app({"TESTING": True, "RASA_URLS": (rasa.url,),
                      "ACTION_URL": f"{rasa.url}/webhook", "SESSION_RATE": (5, 60.0)})
    return app.test_client()


def chat(client, message="wat is intieme terreur", **extra):
    return client.post("/api/chat", json={"message": message, **extra})


def test_chat_returns_messages_with_sources_attached(client, rasa):
    response = chat(client, locale="nl")
    body = response.get_json()
    assert response.status_code == 200 and body["session"]
    first, second = body["messages"]
    assert first["sources"] == [{"title": "Regiovisie", "url": None}]
    assert first["buttons"] == [{"title": "Signalen", "payload": "/ask_signalen"}]
    assert second == {"text": "Nog iets?", "buttons": [], "sources": []}
    assert rasa.requests[0][2]["metadata"] == {"locale": "nl"}


def test_session_is_kept_and_unknown_session_starts_a_new_one(client, rasa):
    session = chat(client).get_json()["session"]
    assert chat(client, session=session).get_json()["session"] == session
    fresh = chat(client, session="made-up-session").get_json()["session"]
    assert fresh not in (session, "made-up-session")


def test_no_message_text_is_stored(client):
    chat(client, message="geheim-woord-123")
    with runtime_engine().connect() as conn:
        rows = conn.execute(select(chat_sessions)).all()
    assert rows and all("geheim" not in str(tuple(r)) for r in rows)


def test_forget_removes_the_session_and_the_tracker(client, rasa):
    session = chat(client).get_json()["session"]
    response = client.post("/api/chat/forget", json={"session": session})
    assert response.status_code == 204
    assert ("PUT", f"/conversations/{session}/tracker/events", []) in [
        (m, p.split("?")[0], b) for m, p, b in rasa.requests]
    assert chat(client, session=session).get_json()["session"] != session


@pytest.mark.parametrize("payload,status", [
    ({"message": ""}, 400),
    ({"message": "   \n\t "}, 400),
    ({"message": "x" * 1001}, 413),
    ({"message": 42}, 400),
    ({"message": "hoi", "session": 7}, 400),
    ({"message": "hoi", "locale": "fr"}, 400),
    ([1, 2, 3], 400),
])
def test_bad_input_gets_a_clear_error_and_nothing_is_sent(client, rasa, payload, status):
    response = client.post("/api/chat", json=payload)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert rasa.requests == []


def test_malformed_json_and_non_utf8_are_rejected(client, rasa):
    for data in (b"{not json", "{\"message\": \"h\xe9\"}".encode("latin-1")):
        response = client.post("/api/chat", data=data, content_type="application/json")
        assert response.status_code == 400 and response.get_json()["error"]
    assert rasa.requests == []


def test_oversized_body_is_413_json(client):
    response = client.post("/api/chat", data=b"{" + b" " * 20000 + b"}",
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"]


def test_html_is_passed_as_text_never_rendered(client, rasa):
    chat(client, message="<script>alert(1)</script>")
    assert rasa.requests[0][2]["message"] == "<script>alert(1)</script>"
    page = client.get("/").get_data(as_text=True)
    assert "innerHTML" not in client.get("/static/chat.js").get_data(as_text=True)
    assert "<script>alert" not in page


def test_flood_from_one_session_is_limited(client):
    session = chat(client).get_json()["session"]
    statuses = [chat(client, session=session).status_code for _ in range(8)]
    assert 429 in statuses
    assert chat(client).status_code == 200  # others are not affected


@pytest.mark.parametrize("mode", ["error", "empty"])
def test_when_rasa_or_actions_are_down_the_help_lines_still_come(client, rasa, mode):
    rasa.mode = mode
    body = chat(client, message="waar kan ik terecht").get_json()
    assert body["degraded"] is True
    assert "112" in body["messages"][0]["text"] and "0800-2000" in body["messages"][0]["text"]


def test_degraded_crisis_message_puts_the_crisis_line_first(client, rasa):
    rasa.mode = "error"
    text = chat(client, message="ik wil niet meer leven").get_json()["messages"][0]["text"]
    assert text.index("113") < text.index("0800-2000")


def test_rasa_unreachable_is_degraded_not_a_crash():
    app = create_app({"TESTING": True, "RASA_URLS": ("http://127.0.0.1:9",)})
    body = app.test_client().post("/api/chat", json={"message": "hoi"}).get_json()
    assert body["degraded"] is True


def test_health_reports_each_part(client, rasa):
    assert client.get("/healthz").status_code == 200
    down = create_app({"TESTING": True, "RASA_URLS": ("http://127.0.0.1:9",),
                       "ACTION_URL": "http://127.0.0.1:9/webhook"}).test_client()
    response = down.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded", "database": True, "rasa": False,
                                   "actions": False}


def test_page_has_quick_exit_before_content_and_no_storage(client):
    page = client.get("/").get_data(as_text=True)
    assert page.index('id="quick-exit"') < page.index('<main')
    assert "<title>Informatie</title>" in page
    script = client.get("/static/chat.js").get_data(as_text=True)
    exit_script = client.get("/static/exit.js").get_data(as_text=True)
    assert not re.search(r"(localStorage|sessionStorage|document\.cookie)\s*[.\[=]", script)
    assert "location.replace" in exit_script and "Escape" in exit_script


def test_english_interface(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Quick exit" in page and 'lang="en"' in page
    error = client.post("/api/chat", json={"message": "", "locale": "en"}).get_json()["error"]
    assert error == "Please type a message first."


def test_nothing_of_the_message_is_logged(client, caplog):
    with caplog.at_level(logging.DEBUG):
        chat(client, message="zeer-persoonlijk-bericht")
    assert "zeer-persoonlijk" not in caplog.text
    assert json.dumps("zeer-persoonlijk") not in caplog.text


def test_wrong_method_on_the_api_is_json(client):
    response = client.get("/api/chat")
    assert response.status_code == 405 and response.get_json()["error"]
