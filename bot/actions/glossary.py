"""Begrippen: a term from the seeds' glossaries, or a meldcode topic of the same name."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import latest_entity, latest_text, say, store
from bot.actions.fallback import offer_search


class ActionTerm(Action):
    def name(self) -> str:
        return "action_term"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        content = store()
        for said in (latest_entity(tracker, "term"), latest_text(tracker)):
            for collection in ("begrippen", "meldcode"):
                slug = content.resolve(collection, said)
                if slug:
                    item = content.get(collection, slug)
                    title = item.get("term") or item["title"]
                    body = item.get("definition") or item["text"]
                    say(dispatcher, f"{title}\n{body}", sources=item["sources"])
                    return [SlotSet("last_topic", f"{collection}:{slug}")]
        offer_search(dispatcher, latest_entity(tracker, "term") or latest_text(tracker))
        return []
