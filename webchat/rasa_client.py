"""Server-to-server calls to Rasa on loopback: the REST channel and the tracker API."""

from __future__ import annotations

import contextlib
from typing import Any

import requests
from flask import current_app, url_for

from webchat.help_ui import crisis_card


class RasaUnavailable(Exception):
    """Rasa or its action server could not give an answer."""


def _url(path: str) -> str:
    return current_app.config["RASA_URL"].rstrip("/") + path


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


def send(session_id: str, text: str, locale: str | None,
         question: int | None = None) -> list[dict[str, Any]]:
    """`question`: the campaign question the page showed and this message answers."""
    metadata: dict[str, Any] = {"locale": locale} if locale else {}
    if question is not None:
        metadata["campaign_question"] = question
    try:
        response = requests.post(
            _url("/webhooks/rest/webhook"),
            json={"sender": session_id, "message": text, "metadata": metadata},
            timeout=current_app.config["RASA_TIMEOUT"],
        )
        response.raise_for_status()
        messages = to_api_messages(response.json())
    except (requests.RequestException, ValueError) as exc:
        raise RasaUnavailable from exc
    if not messages:  # Rasa answers [] when the action server is down
        raise RasaUnavailable
    return messages


def forget(session_id: str) -> None:
    """Replace the tracker with no events; our tracker store then deletes it."""
    # If Rasa is unreachable the tracker still expires on its own (SIGNAAL_TRACKER_TTL).
    with contextlib.suppress(requests.RequestException):
        requests.put(
            _url(f"/conversations/{session_id}/tracker/events"),
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
