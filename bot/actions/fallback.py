"""Not knowing: offer close matches from the content store, or say what Signaal can do.

Never invents an answer; the help lines are always part of the reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import Buttons, button, locale_of, say, store
from bot.i18n import N_, t
from safety import FALLBACK_MESSAGES

SCOPE = N_("Daar kan ik je niet mee helpen. Ik weet veel over huiselijk geweld: vormen, "
           "signalen, de meldcode en waar je hulp vindt. Je kunt ook een quiz doen.")


def scope(locale: str) -> str:
    """What Signaal can do, and the help lines (from code: this must never fail)."""
    return f"{t(locale, SCOPE)}\n\n{FALLBACK_MESSAGES[locale]['default']}"


def button_for(hit: dict[str, str], locale: str = "nl") -> dict[str, str]:
    collection, slug, title = hit["collection"], hit["slug"], hit["title"]
    shown = title  # in English the content's English title where it has one
    if collection in ("forms", "meldcode") and locale == "en":
        shown = (store().get(collection, slug) or {}).get("title_en") or title
    if collection == "forms":
        return button(shown, "ask_definition", vorm=slug)
    if collection == "meldcode":
        item = store().get("meldcode", slug) or {}
        if item.get("kind") == "stap":
            return button(shown, "ask_meldcode_step", stap=str(item["number"]))
        return button(shown, "ask_term", term=title)
    if collection == "regions":
        return button(title, "ask_region", regio=title)
    if collection == "help":
        return button(title, "ask_where_to_turn")
    if collection == "figures":
        return button(t(locale, "Cijfers"), "ask_figures")
    if collection == "campaigns":
        return button(title, "ask_campaign")
    return button(title, "ask_term", term=title)


def faq_candidates(tracker: Tracker) -> list[tuple[str, float]]:
    """The FAQ items the retrieval model ranked highest for this message (faq_selector's
    `faq_candidate` entities), best first."""
    found = [(e["value"], float(e.get("confidence_entity") or 0))
             for e in tracker.latest_message.get("entities") or []
             if e.get("entity") == "faq_candidate" and isinstance(e.get("value"), str)]
    return sorted(found, key=lambda pair: -pair[1])


def faq_button(slug: str, locale: str) -> dict[str, str] | None:
    item = store().get("faq", slug)
    if not item:
        return None
    return button(item["question_en"] if locale == "en" else item["question"], "faq",
                  faq_item=slug)


def offer_search(dispatcher: CollectingDispatcher, query: str, locale: str = "nl",
                 tracker: Tracker | None = None) -> bool:
    """Offer up to three matches (FAQ items first, then content titles); else explain the
    scope. True when matches were offered."""
    ranked = faq_candidates(tracker) if tracker is not None else []
    buttons: Buttons = [b for b in (faq_button(slug, locale) for slug, _ in ranked) if b][:2]
    titles = {b["title"] for b in buttons}
    for hit in store().search(query, limit=3):
        candidate = button_for(hit, locale)
        if candidate["title"] not in titles and len(buttons) < 3:
            titles.add(candidate["title"])
            buttons.append(candidate)
    if buttons:
        say(dispatcher, t(locale, "Ik weet niet zeker wat je bedoelt. Bedoel je een van deze?"),
            buttons=buttons)
        return True
    say(dispatcher, scope(locale),
        buttons=[button(t(locale, "Waar kan ik terecht?"), "ask_where_to_turn"),
                 button(t(locale, "Doe een quiz"), "start_quiz")])
    return False


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        say(dispatcher, scope(locale),
            buttons=[button(t(locale, "Waar kan ik terecht?"), "ask_where_to_turn"),
                     button(t(locale, "Wat is huiselijk geweld?"), "ask_definition",
                            vorm="huiselijk-geweld")])
        return []
