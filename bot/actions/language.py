"""'And in English?': repeat the last answer in English where an English text exists."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import say, store
from bot.actions.faq import answer_faq
from bot.actions.forms import (
    ActionBeschermendeFactoren,
    ActionDefinition,
    ActionRisicofactoren,
    ActionSignalen,
    ActionWhatToDo,
    FormAspectAction,
    follow_up_buttons,
)
from bot.actions.helplines import CRISIS_LINES, lines_message
from bot.actions.meldcode import step_buttons, step_text, steps_text
from bot.i18n import N_, t
from safety import FALLBACK_MESSAGES

ONLY_DUTCH = N_("Sorry, dit deel van Signaal is er voorlopig alleen in het Nederlands. In het "
                "Engels geef ik de hulplijnen, het advies bij nood, antwoorden op praktische "
                "vragen, per vorm van geweld de uitleg en meestal ook de signalen, "
                "risicofactoren en wat je kunt doen, en de stappen van de meldcode.")
# The form answers by their last_topic name ("forms:<slug>:<aspect>").
FORM_ASPECTS: dict[str, FormAspectAction] = {
    action.name().removeprefix("action_"): action
    for action in (ActionDefinition(), ActionSignalen(), ActionRisicofactoren(),
                   ActionBeschermendeFactoren(), ActionWhatToDo())
}


def form_in_english(dispatcher: CollectingDispatcher, tracker: Tracker, topic: list[str]) -> bool:
    """The form answer named by last_topic, rendered again in English."""
    form = store().get("forms", topic[1]) if len(topic) > 1 else None
    if not form:
        return False
    action = FORM_ASPECTS.get(topic[2] if len(topic) > 2 else "", FORM_ASPECTS["definition"])
    say(dispatcher, action.render(form, tracker, "en"), form["sources"],
        buttons=follow_up_buttons(form["slug"], action.intent, "en"))
    return True


class ActionEnglish(Action):
    def name(self) -> str:
        return "action_english"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        topic = (tracker.get_slot("last_topic") or "").split(":")
        kind = topic[0]
        step = store().get("meldcode", f"stap-{topic[1]}") if (
            kind == "meldcode" and len(topic) > 1 and topic[1].isdigit()) else None
        if kind == "forms" and form_in_english(dispatcher, tracker, topic):
            pass
        elif step:
            say(dispatcher, step_text(step, "en"), step["sources"])
        elif kind == "meldcode" and topic[1:] == ["all"]:
            text, sources = steps_text("en")
            say(dispatcher, text, sources, buttons=step_buttons("en"))
        elif kind == "crisis" and len(topic) > 1 and topic[1] in CRISIS_LINES:
            texts, sources = lines_message(CRISIS_LINES[topic[1]], "en")
            say(dispatcher, "\n\n".join([FALLBACK_MESSAGES["en"][topic[1]], *texts]), sources)
        elif kind == "faq" and len(topic) > 1 and answer_faq(dispatcher, topic[1], "en"):
            pass
        elif kind == "help":
            texts, sources = lines_message(["112", "veilig-thuis", "kindertelefoon", "113"], "en")
            say(dispatcher, "\n\n".join(texts), sources)
        else:
            say(dispatcher, t("en", ONLY_DUTCH))
        return [SlotSet("last_topic", ":".join(topic))]
