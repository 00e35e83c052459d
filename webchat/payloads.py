"""Messages that start with "/": the bot's button payloads, checked before Rasa sees them.

Rasa treats any text starting with "/" as `/intent@confidence{json}`; what it cannot parse
(a nested object as an entity value, broken JSON, an unknown intent or entity) it logs verbatim
and passes on, where an action may fail on it. So the webchat lets through only the shapes the
bot's own buttons have (bot/actions/common.py `payload`): `/intent` or
`/intent{"entity": "value", …}` with an intent and entities of the domain (bot/domain/*.yml)
and string values. Other text starting with "/" that does not look like a payload ("/ hulp",
"/help") is plain text: it goes to Rasa without the leading slashes. Something that does
look like a payload (a "{" or "@" in its first word) but is not one of those shapes is refused.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import yaml

DOMAIN = Path(__file__).resolve().parent.parent / "bot" / "domain"
_PAYLOAD = re.compile(r"/(?P<intent>[a-z][a-z0-9_]{0,63})(?P<entities>\{.*\})?", re.DOTALL)
_CRAFTED = re.compile(r"/[^\s{@]*[{@]")
MAX_ENTITIES = 5
MAX_VALUE_CHARS = 200


class PayloadError(ValueError):
    """A payload-shaped message that is none of the bot's payloads."""


def _name(item: object) -> str:
    return str(next(iter(item))) if isinstance(item, dict) and item else str(item)


@lru_cache(maxsize=1)
def vocabulary(domain: Path = DOMAIN) -> tuple[frozenset[str], frozenset[str]]:
    """(intents, entities) of the domain; empty when the domain is not next to the webchat
    (then any well-formed name passes: Rasa still checks it)."""
    intents: set[str] = set()
    entities: set[str] = set()
    for path in sorted(domain.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        intents |= {_name(i) for i in data.get("intents") or []}
        entities |= {_name(e) for e in data.get("entities") or []}
    return frozenset(intents), frozenset(entities)


def _known(name: str, names: frozenset[str]) -> bool:
    return not names or name in names


def _valid_entities(text: str, entities: frozenset[str]) -> bool:
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return (isinstance(values, dict) and 0 < len(values) <= MAX_ENTITIES
            and all(_known(key, entities) and isinstance(value, str)
                    and 0 < len(value) <= MAX_VALUE_CHARS for key, value in values.items()))


def checked(message: str) -> str:
    """The text to send to Rasa: the message itself, or plain text without leading slashes
    (possibly empty). Raises PayloadError for a malformed payload."""
    if not message.startswith("/"):
        return message
    intents, entities = vocabulary()
    match = _PAYLOAD.fullmatch(message)
    if match and _known(match["intent"], intents) and (
            match["entities"] is None or _valid_entities(match["entities"], entities)):
        return message
    if _CRAFTED.match(message) or (match and match["entities"] is not None):
        raise PayloadError(message[:0])  # never carry the text itself
    return message.lstrip("/").strip()
