"""'And in English?': repeat the last answer in English where an English text exists."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import say, store
from bot.actions.faq import answer_faq
from bot.actions.helplines import CRISIS_LINES, lines_message
from bot.safety import FALLBACK_MESSAGES

ONLY_DUTCH = ("Sorry, this part of Signaal is only available in Dutch for now. In English I can "
              "give the help lines, the crisis advice, the definition of every form of violence "
              "and the steps of the reporting code (meldcode).")


class ActionEnglish(Action):
    def name(self) -> str:
        return "action_english"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        topic = (tracker.get_slot("last_topic") or "").split(":")
        kind = topic[0]
        if kind == "forms" and len(topic) > 1 and (form := store().get("forms", topic[1])):
            say(dispatcher, f"{form['title_en']}\n{form['definition_en']}", form["sources"])
        elif kind == "meldcode" and len(topic) > 1 and topic[1].isdigit():
            step = store().get("meldcode", f"stap-{topic[1]}")
            say(dispatcher, f"Step {topic[1]}: {step['title_en']}\n{step['text_en']}",
                step["sources"])
        elif kind == "crisis":
            texts, sources = lines_message(CRISIS_LINES[topic[1]], "en")
            say(dispatcher, "\n\n".join([FALLBACK_MESSAGES["en"][topic[1]], *texts]), sources)
        elif kind == "faq" and len(topic) > 1 and answer_faq(dispatcher, topic[1], "en"):
            pass
        elif kind == "help":
            texts, sources = lines_message(["112", "veilig-thuis", "kindertelefoon", "113"], "en")
            say(dispatcher, "\n\n".join(texts), sources)
        else:
            say(dispatcher, ONLY_DUTCH)
        return [SlotSet("last_topic", ":".join(topic))]
