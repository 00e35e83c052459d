"""Issue 14 on the chat API (no live stack): payload checks, crisis budget, limits, bad input."""

from __future__ import annotations

import gc
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import limits.storage.memory
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.actions.common import payload
from tests.rasa_stub import RasaStub
from webchat import create_app, rasa_client, sessions
from webchat.flood import SlidingWindowLimiter


@pytest.fixture
def rasa():
    stub = RasaStub()
    yield stub
    stub.close()


def make_client(rasa_url: str, **config):
    app = create_app({"TESTING": True, "RASA_URLS": (rasa_url,),
                      "ACTION_URL": f"{rasa_url}/webhook", **config})
    return app.test_client()


@pytest.fixture
def client(rasa):
    return make_client(rasa.url)


def chat(client, message="wat is intieme terreur", address="198.51.100.7", **extra):
    return client.post("/api/chat", json={"message": message, **extra},
                       environ_base={"REMOTE_ADDR": address})


def sent(rasa) -> list[str]:
    return [body["message"] for method, path, body in rasa.requests if path.startswith("/web")]


# --- 1. Payload-shaped messages -------------------------------------------------------------

@pytest.mark.parametrize("crafted", [
    '/ask_meldcode_step{"stap": {"a": 1}}',  # a nested object: the action raised on it
    '/ask_meldcode_step{"stap": "1", "onbekend": "x"}',  # an entity outside the domain
    '/ask_term{"term": ["a", "b"]}',  # a list value
    '/ask_meldcode_step{"stap": 1}',  # not a string
    '/greet{"stap": "1"',  # broken JSON
    '/greet{}',
    '/geen_intent{"stap": "1"}',  # an intent outside the domain
    '/greet@0.9',
    "/greet{" + '"stap": "' + "x" * 300 + '"}',
])
def test_crafted_payload_is_refused_and_never_reaches_rasa(client, rasa, crafted):
    response = chat(client, crafted)
    assert response.status_code == 400
    assert "knop" in response.get_json()["error"]
    assert sent(rasa) == []


@pytest.mark.parametrize("button", [
    payload("ask_meldcode_step", stap="3"),
    payload("faq", faq_item="meldcode-wat-is-het"),
    payload("answer", vraag="q1", optie="b"),
    payload("ask_definition", vorm="huiselijk-geweld"),
    payload("ask_region", regio="Gelderland-Zuid"),
    payload("start_quiz"),
    "/affirm",
])
def test_the_bots_own_buttons_pass_unchanged(client, rasa, button):
    assert chat(client, button).status_code == 200
    assert sent(rasa) == [button]


@pytest.mark.parametrize("typed,expected", [("/hulp", "hulp"), ("/ ik wil praten", "ik wil praten"),
                                            ("//?", "?")])
def test_other_text_starting_with_a_slash_is_plain_text(client, rasa, typed, expected):
    assert chat(client, typed).status_code == 200
    assert sent(rasa) == [expected]


def test_a_crisis_in_a_crafted_message_still_gets_crisis_help(client, rasa):
    body = chat(client, '/greet{"x": 1} hij slaat me nu').get_json()
    assert body["degraded"] is True and "112" in body["messages"][0]["text"]
    assert body["messages"][0]["crisis"]["calls"][0]["tel"] == "tel:112"
    assert sent(rasa) == []


# --- 2. Crisis first: the budget --------------------------------------------------------------

class SlowRasa:
    """Answers like Rasa's REST channel, after `delay` seconds."""

    def __init__(self, delay: float):
        self.received: list[str] = []
        slow = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                slow.received.append(body["message"])
                time.sleep(delay)
                data = json.dumps([{"recipient_id": body["sender"], "text": "Antwoord"}])
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_crisis_help_comes_within_the_budget_when_rasa_is_slow():
    slow = SlowRasa(delay=2.0)
    client = make_client(slow.url, CRISIS_BUDGET=0.5, RASA_TIMEOUT=5.0)
    start = time.monotonic()
    body = chat(client, "ik wil niet meer leven").get_json()
    crisis_seconds = time.monotonic() - start
    assert crisis_seconds < 1.5
    assert body["degraded"] is True
    assert body["messages"][0]["text"].index("113") < body["messages"][0]["text"].index("112")
    assert body["messages"][0]["crisis"]["kind"] == "suicide"
    # The message still reached Rasa; a normal message waits for Rasa's real answer.
    assert slow.received == ["ik wil niet meer leven"]
    start = time.monotonic()
    normal = chat(client, "wat is huiselijk geweld", session=body["session"]).get_json()
    assert "degraded" not in normal and normal["messages"][0]["text"] == "Antwoord"
    assert time.monotonic() - start >= 2.0
    slow.server.shutdown()


# --- 3. Limits ----------------------------------------------------------------------------------

def test_a_class_of_200_behind_one_address_can_start_within_a_minute(client):
    statuses = [chat(client, "hallo", address="203.0.113.10").status_code for _ in range(200)]
    assert statuses == [200] * 200


def test_one_address_cannot_start_1000_sessions_a_minute(client):
    statuses = [chat(client, "hallo", address="203.0.113.11").status_code for _ in range(1000)]
    assert statuses.count(200) == 300 and statuses.count(429) == 700
    refused = chat(client, "hallo", address="203.0.113.11")
    assert refused.status_code == 429 and refused.get_json()["error"]
    assert int(refused.headers["Retry-After"]) > 0
    assert chat(client, "hallo", address="203.0.113.12").status_code == 200  # others go on


def test_loopback_is_no_client_address(rasa):
    """Local tools, or a proxy whose hops are not configured: one shared limit would throttle
    every resident at once, so only the global cap applies there."""
    client = make_client(rasa.url, NEW_SESSION_RATE=(2, 60.0))
    for address in ("127.0.0.1", "::1"):
        assert [chat(client, "hallo", address=address).status_code for _ in range(5)] == [200] * 5
    assert [chat(client, "hallo").status_code for _ in range(3)] == [200, 200, 429]


def test_the_new_session_window_moves_on(client, monkeypatch):
    now = [time.time()]
    monkeypatch.setattr(limits.storage.memory, "time",
                        type("FakeTime", (), {"time": staticmethod(lambda: now[0])}))
    for _ in range(300):
        assert chat(client, "hallo", address="203.0.113.13").status_code == 200
    assert chat(client, "hallo", address="203.0.113.13").status_code == 429
    now[0] += 61
    assert chat(client, "hallo", address="203.0.113.13").status_code == 200


def test_a_known_session_is_not_counted_as_a_new_one(rasa):
    client = make_client(rasa.url, NEW_SESSION_RATE=(2, 60.0))
    session = chat(client, "hallo").get_json()["session"]
    for _ in range(5):
        assert chat(client, "en verder", session=session).get_json()["session"] == session


def test_turns_per_session_are_limited(rasa):
    client = make_client(rasa.url, SESSION_RATE=(3, 60.0))
    session = chat(client).get_json()["session"]
    statuses = [chat(client, session=session).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_crisis_message_is_answered_even_when_limited(rasa):
    client = make_client(rasa.url, SESSION_RATE=(1, 60.0), NEW_SESSION_RATE=(1, 60.0))
    session = chat(client).get_json()["session"]
    assert chat(client, session=session).status_code == 200
    assert chat(client, session=session).status_code == 429
    body = chat(client, "hij slaat me nu", session=session).get_json()
    assert body["degraded"] is True and body["session"] == session
    assert "tel:112" in [c["tel"] for c in body["messages"][0]["crisis"]["calls"]]
    assert chat(client).status_code == 429  # no second new session from this address
    assert chat(client, "ik wil niet meer leven").get_json()["degraded"] is True


def test_global_cap(rasa):
    client = make_client(rasa.url, GLOBAL_RATE=(3, 60.0))
    statuses = [chat(client, address=f"192.0.2.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert "druk" in chat(client).get_json()["error"]


def test_a_second_concurrent_turn_of_a_session_gets_429(client, monkeypatch):
    session = chat(client).get_json()["session"]
    entered, release = threading.Event(), threading.Event()

    def slow_post(bases, path, body, timeout):
        entered.set()
        release.wait(10)
        return [{"recipient_id": body["sender"], "text": "Antwoord"}]

    monkeypatch.setattr(rasa_client, "_post", slow_post)
    first: list = []
    thread = threading.Thread(target=lambda: first.append(chat(client, session=session)))
    thread.start()
    assert entered.wait(10)
    second = chat(client, "en nog iets", session=session)
    release.set()
    thread.join(10)
    assert second.status_code == 429 and "vorige bericht" in second.get_json()["error"]
    assert first[0].status_code == 200
    assert chat(client, "en nu?", session=session).status_code == 200  # the slot is free again


def test_the_client_address_is_never_logged_or_kept(client, caplog):
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            chat(client, address="203.0.113.99")
    assert "203.0.113.99" not in caplog.text
    limiter, _ = client.application.extensions["signaal_flood"]
    assert "203.0.113.99" not in repr(vars(limiter.storage))


# --- 5. Bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("path,raw", [
    ("/api/chat", b'{"message": "hoi", "session": "\\ud800"}'),
    ("/api/chat", b'{"message": "hoi \\ud800 daar"}'),
    ("/api/chat", b'{"message": "\\udfff"}'),
    ("/api/chat/forget", b'{"session": "\\ud800"}'),
    ("/api/chat/forget", b'{"session": "abcdefghijklmnop\\udc00"}'),
])
def test_lone_surrogates_are_a_400(client, rasa, path, raw):
    response = client.post(path, data=raw, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]
    assert rasa.requests == []


@pytest.mark.parametrize("raw", [
    "[" * 5000 + "]" * 5000,
    '{"message": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"message": "hoi", "x": ' + '{"a": ' * 2000 + "1" + "}" * 2000 + "}",
], ids=["list-5000-deep", "message-5000-deep", "object-2000-deep"])
def test_deeply_nested_json_is_a_400(client, rasa, raw):
    assert len(raw) <= 16 * 1024
    for path in ("/api/chat", "/api/chat/forget"):
        response = client.post(path, data=raw, content_type="application/json")
        assert response.status_code == 400, path
        assert response.get_json()["error"]
    assert rasa.requests == []


def test_session_ids_are_checked_by_shape_before_any_use(client, monkeypatch):
    seen: list = []
    real_resume = sessions.resume
    monkeypatch.setattr(sessions, "resume", lambda s: seen.append(s) or real_resume(s))
    for odd in ("x" * 200, "../../etc/passwd", "a b c d e f g h i j", "kort", "ü" * 20):
        assert chat(client, session=odd).status_code == 200
    assert seen == [None] * 5
    response = client.post("/api/chat/forget", json={"session": "a/b?token=x#y-1234567890"})
    assert response.status_code == 400 and response.get_json()["error"]


def test_forget_url_encodes_the_id(client, rasa):
    with client.application.app_context():
        rasa_client.forget("a/b?token=x#y")
    method, path, _ = rasa.requests[-1]
    assert method == "PUT"
    assert path.startswith("/conversations/a%2Fb%3Ftoken%3Dx%23y/tracker/events?token=")


def test_unknown_api_path_is_json_404(client):
    for method in (client.get, client.post):
        response = method("/api/bestaat-niet")
        assert response.status_code == 404 and response.get_json()["error"]


# Property: whatever JSON arrives, the chat API answers 2xx/4xx JSON, never 5xx. Rasa is not
# running (degraded answers are fine); limits are lifted so every example reaches the code.
_surrogate = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
_text = st.text(max_size=40) | st.builds(lambda a, b, c: a + b + c, st.text(max_size=8),
                                         _surrogate, st.text(max_size=8)) | st.sampled_from(
    ["", "/", "/greet", '/greet{"stap": "1"}', '/ask_meldcode_step{"stap": {"a": 1}}',
     "ik wil niet meer leven", "\ud800", "A" * 32, "x" * 1001])
_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | _text,
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_text, inner, max_size=4), max_leaves=12)
_body = _json | st.fixed_dictionaries({}, optional={
    "message": _text | _json, "session": _text | _json,
    "locale": st.sampled_from(["nl", "en", "fr"]) | _json,
    "question": st.integers(-5, 2000) | _json})
_APP = create_app({"TESTING": True, "RASA_URLS": ("http://127.0.0.1:9",), "RASA_TIMEOUT": 1.0,
                   "SESSION_RATE": (10**6, 1.0), "NEW_SESSION_RATE": (10**6, 1.0),
                   "GLOBAL_RATE": (10**6, 1.0)})


def _assert_json_answer(response) -> None:
    assert response.status_code < 500, response.get_data()
    if response.status_code != 204:
        assert isinstance(response.get_json(), dict)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(body=_body, path=st.sampled_from(["/api/chat", "/api/chat/forget"]))
def test_any_json_body_gets_a_json_answer_never_a_5xx(body, path):
    data = json.dumps(body, allow_nan=True)  # NaN/Infinity too: Python's parser accepts them
    _assert_json_answer(_APP.test_client().post(path, data=data,
                                                content_type="application/json"))


_deep = st.builds(lambda n, open_, close: open_ * n + close * n, st.integers(500, 5000),
                  st.sampled_from(["[", '{"a":']), st.sampled_from(["]", "}"]))


@settings(max_examples=100, deadline=None, database=None)
@given(raw=st.binary(max_size=200) | _deep.map(str.encode),
       path=st.sampled_from(["/api/chat", "/api/chat/forget"]))
def test_any_bytes_get_a_json_answer_never_a_5xx(raw, path):
    _assert_json_answer(_APP.test_client().post(path, data=raw, content_type="application/json"))


def test_the_campaign_polling_limiter_keeps_working():
    limiter = SlidingWindowLimiter(3, 10.0)
    gc.collect()  # limits' strategies keep only a weak reference to their storage
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
