"""Issue 14, live: crisis help while Rasa is frozen, and no conversation text in any log.

A dedicated stack (not the shared `signaal` fixture): these tests freeze and stop processes.
It runs with every log level at DEBUG, so the privacy filter is tested on the chattiest
output Rasa, the action server, Sanic and the webchat can produce.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import time

import pytest
import requests

from tests.live import LiveSignaal, model_exists

pytestmark = [pytest.mark.live,
              pytest.mark.skipif(not model_exists(), reason="no trained model: make train")]

RASA_TIMEOUT = 5.0
CRISIS_BUDGET = 3.0
TOKEN = "live-test-token"
# Every conversation text and sender id sent by this module; none may reach any log.
SECRETS: list[str] = []


def marker() -> str:
    """A unique word: Rasa's tokenizer keeps it whole, so any log line with the text has it."""
    SECRETS.append(f"zq{secrets.token_hex(5)}")
    return SECRETS[-1]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    stack = LiveSignaal(os.environ["DATABASE_URL"], tmp_path_factory.mktemp("hardening-logs"),
                        content_database_url=os.environ["SIGNAAL_CONTENT_DATABASE_URL"],
                        extra_env={"SIGNAAL_RASA_TIMEOUT": str(RASA_TIMEOUT),
                                   "SIGNAAL_CRISIS_BUDGET": str(CRISIS_BUDGET),
                                   "LOG_LEVEL": "DEBUG", "LOG_LEVEL_LIBRARIES": "DEBUG",
                                   "COLOREDLOGS_LOG_LEVEL": "DEBUG",
                                   "SIGNAAL_SESSION_RATE": "1000/10"})
    try:
        stack.wait_ready()
        yield stack
    finally:
        for name in ("rasa", "actions"):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process(stack, name).pid, signal.SIGCONT)
        stack.stop()


def process(stack: LiveSignaal, name: str):
    return stack.named[name]


@contextlib.contextmanager
def frozen(stack: LiveSignaal, name: str):
    pid = process(stack, name).pid
    os.killpg(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(pid, signal.SIGCONT)


def stopped(stack: LiveSignaal, name: str) -> None:
    proc = process(stack, name)
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)


def chat(stack, message, session=None, expect=200):
    response = requests.post(f"{stack.url}/api/chat", timeout=60,
                             json={"message": message, "session": session, "locale": "nl"})
    assert response.status_code == expect, response.text
    body = response.json()
    if body.get("session"):
        SECRETS.append(body["session"])
    return body


def to_rasa(stack, sender, message):
    """Straight to Rasa's REST channel, as if the webchat's checks were bypassed."""
    SECRETS.append(sender)
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                         json={"sender": sender, "message": message})


def all_logs(stack) -> str:
    return "\n".join(p.read_text(errors="replace") for p in stack.log_dir.glob("*.log")).lower()


def test_crisis_help_comes_at_once_while_rasa_is_frozen(live):
    session = chat(live, "hallo")["session"]
    with frozen(live, "rasa"):
        start = time.monotonic()
        crisis = chat(live, f"help hij slaat me nu {marker()}", session)
        crisis_seconds = time.monotonic() - start
        start = time.monotonic()
        normal = chat(live, f"wat is huiselijk geweld {marker()}", session)
        normal_seconds = time.monotonic() - start
    print(f"\ncrisis answer while Rasa frozen: {crisis_seconds:.2f} s; "
          f"normal message: {normal_seconds:.2f} s (degraded)")
    assert crisis_seconds < 4.0
    assert crisis["degraded"] is True and crisis["session"] == session
    first = crisis["messages"][0]
    assert "112" in first["text"]
    assert "tel:112" in [call["tel"] for call in first["crisis"]["calls"]]
    assert normal["degraded"] is True and normal["session"] == session
    assert RASA_TIMEOUT - 0.5 <= normal_seconds < RASA_TIMEOUT + 3
    assert "crisis" not in normal["messages"][0]
    # Rasa is back: the same conversation goes on with real answers.
    after = chat(live, "wat is ouderenmishandeling", session)
    assert "degraded" not in after and after["session"] == session
    assert "ouderen" in after["messages"][0]["text"].lower()


def test_no_conversation_text_reaches_any_log(live):
    session = chat(live, f"mijn vraag {marker()}")["session"]
    # Crafted button payloads through the webchat are refused before Rasa sees them.
    for crafted in (f'/ask_meldcode_step{{"stap": {{"{marker()}": 1}}}}',
                    f'/ask_meldcode_step{{"stap": "1", "{marker()}": "x"}}',
                    f'/greet{{"{marker()}',
                    f'/ask_term{{"term": ["{marker()}"]}}'):
        assert chat(live, crafted, session, expect=400)["error"]
    # The same payloads straight at Rasa (defence in depth): a value that is no text counts as
    # not given, so the action answers instead of raising (it used to raise, and Rasa then
    # logged the action server's reply with the whole conversation at ERROR).
    sender = f"sender{marker()}"
    assert to_rasa(live, sender, f"hallo {marker()}").ok
    crafted = to_rasa(live, sender, f'/ask_meldcode_step{{"stap": {{"{marker()}": 1}}}}')
    assert crafted.ok and crafted.json(), "the action answers a crafted value"
    to_rasa(live, sender, f'/greet{{"{marker()}')
    to_rasa(live, sender, f"/{marker()} onbekend")
    # A message Rasa answers after the webchat gave up (Rasa logs `text` on the timeout).
    with frozen(live, "rasa"):
        assert chat(live, f"wat is een meldcode {marker()}", session)["degraded"] is True
    time.sleep(2)  # Rasa catches up with the abandoned request
    assert not chat(live, "hallo", session).get("degraded")
    forget = requests.post(f"{live.url}/api/chat/forget", json={"session": session}, timeout=10)
    assert forget.status_code == 204
    # The action server stopped, then Rasa stopped: degraded answers, nothing logged.
    stopped(live, "actions")
    assert chat(live, f"wat is de meldcode {marker()}")["degraded"] is True
    assert to_rasa(live, f"sender{marker()}", f"wat is de meldcode {marker()}").ok
    stopped(live, "rasa")
    assert chat(live, f"wat is de meldcode {marker()}")["degraded"] is True
    logs = all_logs(live)
    # The error paths did run (their event names and safe lines are there) ...
    assert "rest.message.received.timeout" in logs
    assert "exception while running action 'action_meldcode_step'" not in logs  # answered
    # ... and no text, payload, sender id or token of any of them reached a log.
    leaked = [s for s in SECRETS if s.lower() in logs]
    assert not leaked, f"{len(leaked)} of {len(SECRETS)} secrets in the logs of {live.log_dir}"
    assert TOKEN not in logs
