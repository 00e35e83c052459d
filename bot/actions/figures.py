"""Figures on prevalence and Veilig Thuis, always with year and source."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, locale_of, resolve, say, store
from bot.i18n import t


def figure_line(figure: dict[str, Any], locale: str) -> str:
    """'Text (year)', then its caveat, in the locale's language (content/schema.yaml requires
    text_en, and caveat_en wherever there is a caveat)."""
    suffix = "_en" if locale == "en" else ""
    text = figure.get(f"text{suffix}") or figure["text"]
    caveat = figure.get(f"caveat{suffix}") or figure.get("caveat")
    line = f"{text} ({figure['year']})"
    return line + (" " + t(locale, "Let op: %(caveat)s", caveat=caveat) if caveat else "")


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
        lines = [figure_line(f, locale) for f in chosen]
        say(dispatcher, t(locale, "Cijfers:") + "\n" + bullets(lines),
            sources=[s for f in chosen for s in f["sources"][:1]])
        return [SlotSet("last_topic", "figures")]
