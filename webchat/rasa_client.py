"""Server-to-server calls to Rasa on loopback: the REST channel and the tracker API.

A message that discloses a crisis may wait for Rasa only `CRISIS_BUDGET` seconds
(SIGNAAL_CRISIS_BUDGET, default 3): its call runs on a small thread pool and, when the budget is
spent, the webchat answers with the crisis help itself (webchat/api.py). The call goes on in the
background until RASA_TIMEOUT, so Rasa still receives the message and the conversation keeps it;
an answer that comes after the budget is dropped (the resident already has the crisis help).
A call still queued when its budget is spent (every pool thread busy) is cancelled instead.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any
from urllib.parse import quote

import requests
from flask import current_app, url_for
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from webchat.help_ui import crisis_card


class RasaUnavailable(Exception):
    """Rasa or its action server could not give an answer (in time)."""


# Crisis messages only; a normal message waits for Rasa in its own request thread.
_CRISIS_POOL = ThreadPoolExecutor(max_workers=16, thread_name_prefix="rasa-crisis")


_turns = itertools.count()
_local = threading.local()


def _http() -> requests.Session:
    """One keep-alive session per thread: no new TCP connection to Rasa for every turn."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
        # A connection Rasa closed while idle is replaced before the turn is sent (connect
        # retries only: a turn Rasa may have received is never sent twice).
        retry = Retry(total=1, connect=1, read=0, status=0, other=0, allowed_methods=None)
        _local.session.mount("http://", HTTPAdapter(max_retries=retry))
    return _local.session


def _bases() -> list[str]:
    """The Rasa processes, starting with the next in turn: the scaled mode spreads turns over
    all of them (any process can serve any turn: trackers and locks live in Redis)."""
    urls = list(current_app.config["RASA_URLS"])
    start = next(_turns) % len(urls)
    return urls[start:] + urls[:start]


def _url(path: str) -> str:
    return _bases()[0] + path


def to_api_messages(rasa_messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa's REST output → our API contract. A custom payload carrying sources belongs to
    the text message sent just before it (Rasa sends text and custom separately)."""
    messages: list[dict[str, Any]] = []
    for item in rasa_messages:
        custom = item.get("custom") or {}
        if item.get("text"):
            messages.append({
                "text": item["text"],
                "buttons": [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                            for b in item.get("buttons") or []],
                "sources": [],
            })
        if custom.get("sources") and messages:
            messages[-1]["sources"] = [shown_source(s) for s in custom["sources"]]
        if custom.get("crisis") and messages:
            messages[-1]["crisis"] = crisis_card(str(custom["crisis"]))
        if isinstance(custom.get("campaign"), dict) and messages:
            # In a live campaign session: the page polls for the trainer's next question.
            shown = custom["campaign"].get("question")
            messages[-1]["campaign"] = {"question": shown if isinstance(shown, int) else None}
    return messages


def shown_source(source: dict[str, Any]) -> dict[str, Any]:
    """A seed citation links to our own viewer (/bron/<seed>?regels=…) so it can be checked."""
    url = source.get("url")
    if not url and source.get("seed") and source.get("lines"):
        url = url_for("pages.source", seed=source["seed"], regels=source["lines"])
    shown = {"title": str(source.get("title", "")), "url": url}
    if source.get("checked"):
        shown["checked"] = str(source["checked"])
    return shown


def _post(bases: list[str], path: str, payload: dict[str, Any], timeout: float) -> Any:
    """Rasa's REST reply (parsed JSON); RasaUnavailable when there is none. A process that
    refuses the connection (down, restarting) is skipped; one that accepted the turn is not
    asked again, so a turn is never handled twice."""
    for n, base in enumerate(bases):
        try:
            response = _http().post(base + path, json=payload, timeout=timeout)
            response.raise_for_status()
            return response.json()
        except requests.ConnectionError as exc:
            if n == len(bases) - 1:
                raise RasaUnavailable from exc
        except (requests.RequestException, ValueError) as exc:
            raise RasaUnavailable from exc
    raise RasaUnavailable


def send(session_id: str, text: str, locale: str | None,
         question: int | None = None, budget: float | None = None) -> list[dict[str, Any]]:
    """`question`: the campaign question the page showed and this message answers.
    `budget`: seconds to wait at most (crisis messages), see the module doc."""
    metadata: dict[str, Any] = {"locale": locale} if locale else {}
    if question is not None:
        metadata["campaign_question"] = question
    bases, timeout = _bases(), current_app.config["RASA_TIMEOUT"]
    path = "/webhooks/rest/webhook"
    payload = {"sender": session_id, "message": text, "metadata": metadata}
    if budget is None or budget >= timeout:
        reply = _post(bases, path, payload, timeout)
    else:
        future = _CRISIS_POOL.submit(_post, bases, path, payload, timeout)
        try:
            reply = future.result(timeout=budget)
        except FutureTimeout as exc:
            future.cancel()  # only succeeds while still queued: then it is never sent
            raise RasaUnavailable from exc
    try:
        messages = to_api_messages(reply)
    except (AttributeError, TypeError) as exc:  # not Rasa's list of messages
        raise RasaUnavailable from exc
    if not messages:  # Rasa answers [] when the action server is down
        raise RasaUnavailable
    return messages


def forget(session_id: str) -> None:
    """Replace the tracker with no events; our tracker store then deletes it."""
    # If Rasa is unreachable the tracker still expires on its own (SIGNAAL_CONVERSATION_TTL).
    # Rasa 3.6 reads its auth token only from the query string (`Authorization: Bearer` is for
    # JWTs); the URL is never logged: Sanic's access log and urllib3's debug lines go through
    # bot/log_privacy.py, which withholds them.
    with contextlib.suppress(requests.RequestException):
        requests.put(
            _url(f"/conversations/{quote(session_id, safe='')}/tracker/events"),
            params={"token": current_app.config["RASA_TOKEN"]},
            json=[],
            timeout=5,
        )


def status() -> dict[str, bool]:
    def ok(url: str) -> bool:
        try:
            return requests.get(url, timeout=2).ok
        except requests.RequestException:
            return False

    action_health = current_app.config["ACTION_URL"].rsplit("/webhook", 1)[0] + "/health"
    return {"rasa": ok(_url("/")), "actions": ok(action_health)}
