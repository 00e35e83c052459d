"""Issue 14.1: bot/log_privacy.py keeps conversation text out of every log record."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import ValidationError

import settings
from bot.log_privacy import PrivacyFilter, sanitize
from webchat.launch import commands, environment

ROOT = Path(__file__).resolve().parent.parent
SECRET = "geheim-zinnetje-42"


def record(msg, *args, exc_info=None, **extra) -> logging.LogRecord:
    rec = logging.getLogger("rasa.core.processor").makeRecord(
        "rasa.core.processor", logging.ERROR, "processor.py", 10, msg, args, exc_info,
        func="handle", extra=extra or None)
    return rec


def shown(rec: logging.LogRecord) -> str:
    return logging.Formatter("%(message)s %(request)s" if hasattr(rec, "request")
                             else "%(message)s").format(sanitize(rec))


def test_user_text_in_a_message_or_its_arguments_is_withheld():
    for rec in (record(f"Received user message '{SECRET}'"),
                record("Received user message '%s' from %s", SECRET, "sender-1"),
                record("Issuing ticket for conversation '%s'.", SECRET),
                record({"text": SECRET})):
        text = shown(rec)
        assert SECRET not in text and "withheld" in text and "processor.py:10" in text


def test_known_safe_lines_pass_unchanged():
    for line in ("Rasa server is up and running.",
                 "Predicted next action 'action_listen' with confidence 1.00.",
                 "Starting Rasa server on http://127.0.0.1:5005"):
        assert shown(record(line)) == line
    assert shown(record("Registered function for '%s'.", "action_crisis")) == (
        "Registered function for 'action_crisis'.")
    # A safe shape with text where a name belongs is not safe.
    assert "withheld" in shown(record(f"Predicted next action '{SECRET}' with confidence 1.00."))


def test_structlog_events_keep_only_their_name():
    for event in ({"parse_data_text": SECRET, "event": "processor.message.parse"},
                  {"text": SECRET, "event": "rest.message.received.timeout", "level": "error"},
                  {"user_text": SECRET, "event": "message.parsing.failed"},
                  {"action_name": "action_listen", "rasa_events": [SECRET],
                   "event": "processor.actions.log"}):
        text = shown(record(json.dumps(event)))
        assert SECRET not in text and event["event"] in text


def test_exceptions_keep_type_and_frames_never_their_message():
    try:
        try:
            raise ValueError(f"body={SECRET}")
        except ValueError as inner:
            raise RuntimeError(f"Failed: {SECRET}") from inner
    except RuntimeError:
        rec = record("Encountered an exception", exc_info=sys.exc_info())
    text = shown(rec)
    assert SECRET not in text
    assert "builtins.ValueError: (message withheld)" in text
    assert "builtins.RuntimeError: (message withheld)" in text
    assert "test_hardening_logs.py" in text and rec.exc_info is None


def test_extra_attributes_keep_only_numbers():
    rec = record("", request=f"PUT http://127.0.0.1:5005/conversations/{SECRET}/tracker/events"
                             "?token=t0k3n", host="127.0.0.1:5555", status=200)
    text = shown(rec)
    assert SECRET not in text and "t0k3n" not in text and rec.status == 200


def test_the_filter_class_rewrites_too():
    rec = record("user said %s", SECRET)
    assert PrivacyFilter().filter(rec) is True and SECRET not in rec.getMessage()


SCRIPT = f"""
import logging, sys, warnings, json
from bot.log_privacy import install
install()
logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="%(name)s %(message)s")
log = logging.getLogger("rasa.core.channels.rest")
log.debug("Received user message '%s'", "{SECRET}")
log.error(json.dumps({{"text": "{SECRET}", "event": "rest.message.received.timeout"}}))
try:
    raise KeyError("{SECRET}")
except KeyError:
    logging.getLogger("sanic.error").exception("Exception occurred while handling uri: %s",
                                               "http://127.0.0.1/{SECRET}")
# A handler added later (as Rasa, coloredlogs and Sanic do) and a logger that does not propagate.
late = logging.getLogger("sanic.access")
late.propagate = False
handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(logging.Formatter("%(request)s %(message)s"))
late.addHandler(handler)
late.info("", extra={{"request": "GET /conversations/{SECRET}?token=abc", "host": "x"}})
warnings.warn("Failed to parse arguments in line '/greet{{{SECRET}'", UserWarning)
warnings.warn("old API", DeprecationWarning)
log.info("Rasa server is up and running.")
import threading
def crash():
    raise ValueError("{SECRET}")
thread = threading.Thread(target=crash)
thread.start()
thread.join()
raise RuntimeError("{SECRET}")
"""


def test_installed_in_a_process_nothing_gets_through():
    result = subprocess.run([sys.executable, "-W", "always", "-c", SCRIPT], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # the uncaught RuntimeError at the end
    assert SECRET not in output
    assert "Uncaught exception in a thread" in output and "Uncaught exception\n" in output
    assert "builtins.ValueError: (message withheld)" in output
    assert "rest.message.received.timeout" in output
    assert "builtins.KeyError: (message withheld)" in output
    assert "UserWarning (message withheld)" in output and "DeprecationWarning: old API" in output
    assert "Rasa server is up and running." in output


def test_every_process_of_the_stack_runs_under_the_filter():
    for config in (settings.load({}), SCALED):
        for name, command in commands(config).items():
            assert command.startswith(f"{sys.executable} -m bot.log_privacy "), name


SCALED = settings.load({"SIGNAAL_REDIS_URL": "redis://127.0.0.1:6379/0",
                        "SIGNAAL_RASA_PROCESSES": "2", "SIGNAAL_RASA_TOKEN": "geheim-token"})


def test_the_rasa_token_is_on_no_command_line_and_not_given_to_the_action_server():
    programs = commands(SCALED)
    assert set(programs) == {"web", "actions", "rasa", "rasa2"}
    assert not [name for name, command in programs.items() if "geheim-token" in command]
    envs = environment(SCALED, {"SIGNAAL_RASA_TOKEN": "geheim-token"})
    assert "SIGNAAL_RASA_TOKEN" not in envs["actions"]
    assert envs["rasa2"]["SIGNAAL_RASA_TOKEN"] == "geheim-token"


def test_action_responses_are_still_validated_after_the_speed_up():
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    from bot import rasa_speedups

    rasa_speedups.install()
    action = RemoteAction("action_x", EndpointConfig("http://127.0.0.1:9"))
    assert action._validate_action_result({"events": [], "responses": [{"text": "hoi"}]})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "geen lijst"})
