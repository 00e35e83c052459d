"""Practical questions (content/faq/): the answer in the conversation's language, its sources,
and up to three follow-up questions as buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import button, latest_entity, latest_text, locale_of, say, store
from bot.actions.fallback import offer_search

# A best FAQ item this sure answers a question that had no form to go on ("which form?" is
# the worse answer then). Set from the held-out FAQ phrasings (docs/quality.md).
CONFIDENT_CANDIDATE = 0.3


def confident_faq(tracker: Tracker) -> str | None:
    candidates = [e for e in tracker.latest_message.get("entities") or []
                  if e.get("entity") == "faq_candidate" and isinstance(e.get("value"), str)]
    best = max(candidates, key=lambda e: e.get("confidence_entity") or 0, default=None)
    if best and (best.get("confidence_entity") or 0) >= CONFIDENT_CANDIDATE:
        return best["value"]
    return None


def faq_button(slug: str, locale: str) -> dict[str, str] | None:
    item = store().get("faq", slug)
    if not item:
        return None
    return button(item["question_en"] if locale == "en" else item["question"], "faq",
                  faq_item=slug)


def answer_faq(dispatcher: CollectingDispatcher, slug: str, locale: str) -> bool:
    item = store().get("faq", slug)
    if not item:
        return False
    text = item["answer_en"] if locale == "en" else item["answer"]
    buttons = [b for b in (faq_button(s, locale) for s in item.get("follow_up", [])) if b]
    say(dispatcher, text, sources=item["sources"], buttons=buttons)
    return True


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        slug = latest_entity(tracker, "faq_item")
        locale = locale_of(tracker)
        if slug and isinstance(slug, str) and answer_faq(dispatcher, slug, locale):
            return [SlotSet("last_topic", f"faq:{slug}")]
        offer_search(dispatcher, latest_text(tracker), locale, tracker)
        return []
