"""Server-to-server calls to Rasa on loopback: the REST channel and the tracker API."""

from __future__ import annotations

import contextlib
from typing import Any

import requests
from flask import current_app


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
            messages[-1]["sources"] = [
                {"title": str(s.get("title", "")), "url": s.get("url")} for s in custom["sources"]
            ]
    return messages


def send(session_id: str, text: str, locale: str) -> list[dict[str, Any]]:
    try:
        response = requests.post(
            _url("/webhooks/rest/webhook"),
            json={"sender": session_id, "message": text, "metadata": {"locale": locale}},
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
