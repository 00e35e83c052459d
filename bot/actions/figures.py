"""Figures on prevalence and Veilig Thuis, always with year and source."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, dutch_only, locale_of, resolve, say, store
from bot.i18n import t


class ActionFigures(Action):
    def name(self) -> str:
        return "action_figures"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        figures = store().all("figures")
        slug = resolve(tracker, "forms", "vorm")
        chosen = [f for f in figures if slug and f["topic"] == slug] or \
                 [f for f in figures if f["topic"] == "huiselijk-geweld"] or figures
        chosen = sorted(chosen, key=lambda f: -f["year"])[:4]
        if not chosen:
            say(dispatcher, t(locale, "Ik heb daar geen cijfers over uit een betrouwbare bron."))
            return []
        lines = [f"{f['text']} ({f['year']})" + (
            " " + t(locale, "Let op: %(caveat)s", caveat=f["caveat"]) if f.get("caveat") else "")
            for f in chosen]
        say(dispatcher, dutch_only(locale) + t(locale, "Cijfers:") + "\n" + bullets(lines),
            sources=[s for f in chosen for s in f["sources"][:1]])
        return [SlotSet("last_topic", "figures")]
