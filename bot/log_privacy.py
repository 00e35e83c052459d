"""No conversation text in any log, by construction.

Rasa, the action server, Sanic and their libraries log user text in many places: structlog
debug events (`parse_data_text`, `current_states`), the REST channel's timeout and failure
events (`text`), warnings about malformed `/intent{…}` messages, the action server's 500 reply
(the whole tracker) inside an exception message, conversation ids in the lock store's debug
lines and the Rasa token in Sanic's access log. Filtering those one by one would miss the next.

So every log record of the process is rewritten before any handler sees it, at the one place
all records pass (`logging.Logger.callHandlers`, so handlers added later by Rasa, coloredlogs or
Sanic are covered too — a filter on handlers from `--logging-config-file` would not be):

- a message passes unchanged only when it matches one of SAFE_MESSAGES, narrow patterns of
  start-up and diagnostic lines whose only variable parts are numbers, loopback addresses,
  action or component names;
- a structlog event (Rasa renders those as JSON) keeps its event name, level and action name;
  all its other fields are dropped;
- anything else becomes "[withheld …]" with the code location that logged it;
- an exception keeps its type and stack frames (file, line, function), never its message or
  locals (unless the message itself matches SAFE_MESSAGES);
- extra attributes (Sanic's access log puts the request URL, token included, in one) keep only
  numbers;
- Python warnings and uncaught exceptions (main thread and threads) are routed through the same
  path; a warning keeps only file, line and category (the message too for deprecation-type
  warnings, which come from library code).

`python -m bot.log_privacy rasa run …` / `… rasa_sdk …` / `… waitress-serve …`
installs this and then runs that program's usual entry point (webchat/launch.py does this).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
import traceback
import warnings
from types import TracebackType
from typing import Any

_NAME = r"[a-z][a-z0-9_]{0,80}"  # an action, intent, slot or form name
_COMPONENT = r"[A-Za-z][\w.]{0,120}"  # a graph node or class name
_LOOPBACK = r"https?://(?:127\.0\.0\.1|localhost|0\.0\.0\.0):\d{1,5}"
_PATH = r"/[\w./-]{1,300}"  # a file path (of code or the model; never user input)

SAFE_MESSAGES = tuple(re.compile(p) for p in (
    r"",
    # Rasa server
    rf"Starting Rasa server on {_LOOPBACK}",
    r"Rasa server is up and running\.",
    rf"Loading model {_PATH}\.\.\.",
    r"Enabling coroutine debugging\. Loop id \d+\.",
    rf"Connected to lock store '{_COMPONENT}'\.",
    rf"Node '{_COMPONENT}' running '{_COMPONENT}'\.",
    rf"Predicted next action '{_NAME}' with confidence [\d.]+\.",
    rf"There is a rule for the next action '{_NAME}'\.",
    r"There is no applicable rule\.",
    r"There is no memorised next action",
    rf"Predicted next action using {_COMPONENT}\.",
    r"Made prediction using user intent\.",
    rf"Calling action endpoint to run action '{_NAME}'\.",
    r"Logged UserUtterance - tracker now has \d+ events\.",
    r"No event broker configured\. Skipping streaming events\.",
    rf"Encountered an exception while running action '{_NAME}'\."
    r"Bot will continue, but the actions events are lost\. Please check the logs of your "
    r"action server for more information\.",
    rf"Failed to execute custom action '{_NAME}'",
    rf"Failed to execute custom action '{_NAME}'\. Couldn't connect to the server at "
    rf"'{_LOOPBACK}/webhook'\. Is the server running\? Error: Cannot connect to host "
    r"127\.0\.0\.1:\d+ ssl:default \[Connection refused\]",
    r"Cannot connect to host 127\.0\.0\.1:\d+ ssl:default \[Connection refused\]",
    # Action server
    r"Starting action endpoint server\.\.\.",
    r"Starting plugins\.\.\.",
    rf"Action endpoint is up and running on {_LOOPBACK}",
    rf"(?:Re-)?[Rr]egistered function for '{_NAME}'\.",
    rf"Received request to run '{_NAME}'",
    rf"Finished running '{_NAME}'",
    r"Exception occurred during execution of request <Request: POST /webhook>",
    # Sanic
    r"Sanic v[\d.]+",
    rf"Goin' Fast @ {_LOOPBACK}",
    r"mode: [\w ,]+",
    r"(?:server|python|platform|packages): [\w .,=+-]+",
    r"(?:Starting|Stopping) worker \[\d+\]",
    r"Server Stopped",
    # Webchat (waitress, webchat/__init__.py)
    rf"Serving on {_LOOPBACK}",
    r"unhandled \w+ in (?:None|[a-z_]+\.[a-z_]+)",
    r"rate limit storage failed; request allowed",
    # an operator's setting, not a resident's text
    r"SIGNAAL_EMBED_ORIGINS: ignored '[^'\n]{0,200}' \(not an origin such as "
    r"https://www\.example\.nl\)",
    # bot/log_privacy.py itself
    r"Uncaught exception(?: in a thread)?",
))
_EVENT = re.compile(r"[a-z0-9_.\-]{1,120}")
_SAFE_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning, ImportWarning)
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_CHECKED = "privacy_checked"


def _safe(text: str) -> bool:
    return any(p.fullmatch(text) for p in SAFE_MESSAGES)


def _withheld(record: logging.LogRecord) -> str:
    return (f"[withheld: may carry conversation data; logged at {record.module}.py:"
            f"{record.lineno} in {record.funcName}]")


def _structured(text: str) -> str | None:
    """A structlog event rendered as JSON → its event name and action name only."""
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("event"), str):
        return None
    shown = [data["event"] if _EVENT.fullmatch(data["event"]) else "(event)"]
    action = data.get("action_name")
    if isinstance(action, str) and re.fullmatch(_NAME, action):
        shown.append(f"action_name={action}")
    for exc in data.get("exception") or []:
        if isinstance(exc, dict) and re.fullmatch(r"[\w.]{1,120}", str(exc.get("exc_type"))):
            shown.append(f"exception={exc['exc_type']}")
    return " ".join(shown) + " (other fields withheld)"


def _exception_text(exc: BaseException | None) -> str:
    """Type and frames of an exception and its causes, without messages or locals."""
    chain: list[BaseException] = []
    while exc is not None and exc not in chain and len(chain) < 10:
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    lines = []
    for exc in reversed(chain):
        lines.append("Traceback (most recent call last):")
        tb: TracebackType | None = exc.__traceback__
        for frame in traceback.extract_tb(tb):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        try:
            message = str(exc)
        except Exception:  # noqa: BLE001 - a broken __str__ must not break logging
            message = ""
        shown = message if _safe(message) else "(message withheld)"
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {shown}")
    return "\n".join(lines)


def sanitize(record: logging.LogRecord) -> logging.LogRecord:
    """Rewrite the record in place so it carries no conversation data (see module doc)."""
    if getattr(record, _CHECKED, False):
        return record
    try:
        text = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is withheld, not raised
        text = None
    if text is not None and _safe(text):
        message = text
    else:
        message = (text is not None and _structured(text)) or _withheld(record)
    if record.exc_info and record.exc_info[1] is not None:
        message += "\n" + _exception_text(record.exc_info[1])
    record.msg, record.args = message, ()
    record.exc_info, record.exc_text = None, None
    for key, value in list(vars(record).items()):
        if key not in _STANDARD and not isinstance(value, int | float | bool | type(None)):
            setattr(record, key, "[withheld]")
    setattr(record, _CHECKED, True)
    return record


class PrivacyFilter(logging.Filter):
    """The same rewrite as a logging filter (for a handler or logger of one's own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        sanitize(record)
        return True


def _show_warning(message: Any, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    text = f"{filename}:{lineno}: {category.__name__}"
    first_line = (str(message).splitlines() or [""])[0][:300]
    text += f": {first_line}" if issubclass(category, _SAFE_WARNINGS) else " (message withheld)"
    logging.getLogger("py.warnings").warning(text, extra={_CHECKED: True})


_installed = False


def install() -> None:
    """Rewrite every record of this process from now on (idempotent)."""
    global _installed
    if _installed:
        return
    original = logging.Logger.callHandlers

    def call_handlers(self: logging.Logger, record: logging.LogRecord) -> None:
        original(self, sanitize(record))

    logging.Logger.callHandlers = call_handlers  # type: ignore[method-assign]
    warnings.showwarning = _show_warning
    # Uncaught exceptions would be printed with their message by Python itself.
    uncaught = logging.getLogger("uncaught")
    sys.excepthook = lambda *exc_info: uncaught.error("Uncaught exception", exc_info=exc_info)
    threading.excepthook = lambda args: uncaught.error(
        "Uncaught exception in a thread",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
    # Rasa renders structlog events as JSON (what _structured reads) also on a terminal.
    os.environ.setdefault("FORCE_JSON_LOGGING", "1")
    _installed = True


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("rasa", "rasa_sdk", "waitress-serve"):
        raise SystemExit("usage: python -m bot.log_privacy (rasa|rasa_sdk|waitress-serve) ARGS…")
    install()
    if argv[:2] == ["rasa", "run"] and "actions" not in argv[2:3]:
        # The token reaches Rasa here, inside the process: never on a command line (`ps`).
        token = os.environ.pop("SIGNAAL_RASA_TOKEN", "")
        if token:
            argv += ["--auth-token", token]
    sys.argv = argv
    if argv[0] == "rasa_sdk":  # the action server alone: without Rasa (and TensorFlow) loaded
        from rasa_sdk.__main__ import main as action_server_main

        sys.exit(action_server_main())
    if argv[0] == "rasa":
        from rasa.__main__ import main as rasa_main

        from bot import rasa_speedups

        rasa_speedups.install()

        sys.exit(rasa_main())
    from waitress.runner import run

    sys.exit(run(argv=argv))


if __name__ == "__main__":
    main()
