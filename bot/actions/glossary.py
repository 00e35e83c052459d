"""Begrippen: a term from the seeds' glossaries, or a meldcode topic of the same name."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import latest_entity, latest_text, locale_of, say, store
from bot.actions.fallback import offer_search

# The name and explanation of an item, per collection; content/schema.yaml requires the `_en`
# version of each for begrippen and meldcode.
FIELDS = {"begrippen": ("term", "definition"), "meldcode": ("title", "text")}


def term_text(item: dict[str, Any], collection: str, locale: str) -> str:
    """'Term' and its explanation on the next line, in the locale's language."""
    suffix = "_en" if locale == "en" else ""
    title, body = (item.get(f"{field}{suffix}") or item[field] for field in FIELDS[collection])
    return f"{title}\n{body}"


class ActionTerm(Action):
    def name(self) -> str:
        return "action_term"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        content, locale = store(), locale_of(tracker)
        for said in (latest_entity(tracker, "term"), latest_text(tracker)):
            for collection in FIELDS:
                slug = content.resolve(collection, said)
                if slug:
                    item = content.get(collection, slug)
                    say(dispatcher, term_text(item, collection, locale), sources=item["sources"])
                    return [SlotSet("last_topic", f"{collection}:{slug}")]
        offer_search(dispatcher, latest_entity(tracker, "term") or latest_text(tracker), locale)
        return []
