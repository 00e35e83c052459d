"""Practical questions (content/faq/): the answer in the conversation's language, its sources,
and up to three follow-up questions as buttons."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import latest_entity, latest_text, locale_of, say, store
from bot.actions.fallback import faq_button, faq_candidates, offer_search
from bot.actions.helplines import ActionWhereToTurn

# A best FAQ item this sure answers a question that had no form to go on ("which form?" is
# the worse answer then). Set from the held-out FAQ phrasings (docs/quality.md).
CONFIDENT_CANDIDATE = 0.3


# Below the NLU's certainty the best guess is still answered, with the next two as buttons:
# on the held-out phrasings that fell back, the first item was right in 35 of 47 above this.
BEST_GUESS = 0.15


def confident_faq(tracker: Tracker, threshold: float = CONFIDENT_CANDIDATE) -> str | None:
    ranked = faq_candidates(tracker)
    return ranked[0][0] if ranked and ranked[0][1] >= threshold else None


def answer_faq(dispatcher: CollectingDispatcher, slug: str, locale: str,
               alternatives: tuple[str, ...] = ()) -> bool:
    """The item's answer; `alternatives` (other likely items) come first among the buttons
    when the answer is a best guess."""
    item = store().get("faq", slug)
    if not item:
        return False
    text = item["answer_en"] if locale == "en" else item["answer"]
    slugs = [*alternatives[:2], *item.get("follow_up", [])][:3]
    buttons = [b for b in (faq_button(s, locale) for s in slugs if s != slug) if b]
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


# Asking for a line's number or how to reach it ("what's the police non emergency number").
ASKS_FOR_A_NUMBER = re.compile(r"\b(?:nummer|telefoonnummer|bellen|bel|bereiken|number|phone|"
                               r"call|contact)\b", re.IGNORECASE)


class ActionDidYouMean(Action):
    """Below the NLU's threshold: the best FAQ guess with the next ones as buttons, else the
    closest content titles, else what Signaal can do."""

    def name(self) -> str:
        return "action_did_you_mean"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        text = latest_text(tracker)
        if ASKS_FOR_A_NUMBER.search(text) and store().resolve("help", text):
            return ActionWhereToTurn().run(dispatcher, tracker, domain)  # names it first
        guess = confident_faq(tracker, BEST_GUESS)
        others = tuple(slug for slug, _ in faq_candidates(tracker)[1:])
        if guess and answer_faq(dispatcher, guess, locale, alternatives=others):
            return [SlotSet("last_topic", f"faq:{guess}")]
        offer_search(dispatcher, latest_text(tracker), locale, tracker)
        return []
