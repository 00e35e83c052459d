"""Awareness campaigns such as Week zonder Geweld, and what a trainer can do in them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, button, dutch_only, latest_text, locale_of, say, store
from bot.i18n import t


class ActionCampaign(Action):
    def name(self) -> str:
        return "action_campaign"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        slug = store().resolve("campaigns", latest_text(tracker))
        campaigns = [store().get("campaigns", slug)] if slug else store().all("campaigns")
        if not campaigns:
            say(dispatcher, t(locale, "Ik heb nog geen informatie over campagnes."))
            return []
        what = t(locale, "Wat je kunt doen:")
        parts = [f"{c['name']} ({c['when']})\n{c['text']}\n{what}\n{bullets(c['trainer_tips'])}"
                 for c in campaigns[:3]]
        say(dispatcher, dutch_only(locale) + "\n\n".join(parts),
            sources=[s for c in campaigns[:3] for s in c["sources"][:1]],
            buttons=[button(t(locale, "Doe een quiz"), "start_quiz")])
        return [SlotSet("last_topic", "campaigns")]
