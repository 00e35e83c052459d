"""Begrippen: a term from the seeds' glossaries, or a meldcode topic of the same name."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import (
    dutch_only,
    latest_entity,
    latest_text,
    locale_of,
    localised,
    say,
    store,
)
from bot.actions.fallback import offer_search


class ActionTerm(Action):
    def name(self) -> str:
        return "action_term"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        content, locale = store(), locale_of(tracker)
        for said in (latest_entity(tracker, "term"), latest_text(tracker)):
            for collection in ("begrippen", "meldcode"):
                slug = content.resolve(collection, said)
                if slug:
                    item = content.get(collection, slug)
                    title, _ = localised(item, "term" if "term" in item else "title", locale)
                    body, dutch = localised(item, "definition" if "definition" in item else
                                            "text", locale)
                    say(dispatcher, (dutch_only(locale) if dutch else "") + f"{title}\n{body}",
                        sources=item["sources"])
                    return [SlotSet("last_topic", f"{collection}:{slug}")]
        offer_search(dispatcher, latest_entity(tracker, "term") or latest_text(tracker), locale)
        return []
