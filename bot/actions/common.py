"""Shared helpers for the actions: content store access, locale, and sending answers."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.i18n import t
from content.help_lines import phone as help_phone
from content.store import ContentStore, cite
from content.text import normalise

Buttons = list[dict[str, str]]


@cache
def store() -> ContentStore:
    # Created on first use, not at import: the action server imports every module at start.
    return ContentStore()


def locale_of(tracker: Tracker) -> str:
    """The language of this message: the page's choice or the webchat's detection; when a
    message is too short to tell ("ok", a button), the last language the person used."""
    metadata = tracker.latest_message.get("metadata") or {}
    if metadata.get("locale") in ("nl", "en"):
        return metadata["locale"]
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            said = (event.get("metadata") or {}).get("locale")
            if said in ("nl", "en"):
                return said
    return "nl"


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The entity's latest value as text. A crafted button payload can carry any JSON there
    ({"stap": {"a": 1}}); such a value counts as not given, so no action ever raises on it."""
    value = next(tracker.get_latest_entity_values(entity), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def payload(intent: str, **entities: str) -> str:
    """A button payload that skips NLU: /intent{"entity": "value"}."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


def say(
    dispatcher: CollectingDispatcher,
    text: str,
    sources: list[dict[str, Any]] | None = None,
    buttons: Buttons | None = None,
    crisis: str | None = None,
) -> None:
    """Send one answer; its sources (and the crisis kind, which the webchat shows as a card of
    call buttons) travel as a custom payload that the webchat attaches to it."""
    custom: dict[str, Any] = {}
    if sources:
        custom["sources"] = [cite(s) for s in sources]
    if crisis:
        custom["crisis"] = crisis
    # Rasa's REST channel splits a text at blank lines into separate messages, which would
    # detach the sources; a line holding a no-break space keeps one message with paragraphs.
    text = text.replace("\n\n", "\n\u00a0\n")
    dispatcher.utter_message(text=text, buttons=buttons or [], json_message=custom or None)


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def phone(slug: str) -> str:
    """A help line's number. Numbers live in content/help only (read from its YAML, so this
    works even without the database); bot code never writes one."""
    return help_phone(slug) or ""


def localised(item: dict[str, Any], field: str, locale: str) -> tuple[Any, bool]:
    """An item's field in the locale's language: `field_en` in English when the content has
    it. Also says whether Dutch content stands in for missing English (then add `dutch_only`)."""
    english = item.get(f"{field}_en") if locale == "en" else None
    if english:
        return english, False
    return item.get(field), locale == "en"


def dutch_only(locale: str) -> str:
    """The note before Dutch content in an English answer; nothing in Dutch."""
    if locale != "en":
        return ""
    return t(locale, "(Dit deel is alleen in het Nederlands beschikbaar.)") + "\n"


def resolve(tracker: Tracker, collection: str, entity: str, slot: str | None = None) -> str | None:
    """What the person is asking about: a named item always wins over the remembered one."""
    content = store()
    for said in (latest_entity(tracker, entity), latest_text(tracker)):
        slug = content.resolve(collection, said)
        if slug:
            return slug
    return tracker.get_slot(slot) if slot else None


ROLES = ("slachtoffer", "omstander", "professional", "kind")
# Words that tell who is asking, for when the model found no `rol` entity.
_ROLE_WORDS = {
    "professional": ("juf", "meester", "leerkracht", "docent", "huisarts", "arts", "verpleeg",
                     "jeugdwerker", "hulpverlener", "wijkteam", "mentor", "begeleider",
                     "professional", "teacher", "doctor", "nurse", "social worker", "ik werk"),
    "kind": ("ik ben een kind", "ik ben 1", "ik ben 9", "ik ben 8", "kind ben", "i am a child",
             "zonder dat mijn ouders", "zonder dat mn ouders", "zonder dat m n ouders",
             "without my parents"),
    "omstander": ("buurvrouw", "buurman", "vriendin", "vriend", "collega", "zus", "broer",
                  "dochter", "zoon", "buren", "neighbour", "neighbor", "friend"),
    "slachtoffer": ("ik word", "ik zelf", "zelf slachtoffer", "mijn man", "mijn vrouw",
                    "mijn partner", "mn man", "my partner", "my husband", "my wife"),
}


def role_in(text: str) -> str | None:
    """The role a text names ("juf" → professional), or None."""
    words = f" {normalise(text)} "
    for role, cues in _ROLE_WORDS.items():
        if any(f" {cue} " in words or words.startswith(f" {cue}") for cue in cues):
            return role
    return None


def role_of(tracker: Tracker) -> str | None:
    """Who is asking: rol entity, else a word in the message, else what we heard before."""
    entity = latest_entity(tracker, "rol")
    if entity in ROLES:
        return entity
    return role_in(latest_text(tracker)) or tracker.get_slot("rol")
