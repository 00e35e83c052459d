"""Casus practice: a case walked through the five meldcode steps, a choice and feedback at
each step, and a summary at the end."""

from __future__ import annotations

import random
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import button, latest_entity, latest_text, say, store
from bot.actions.practice import choice_buttons, choice_index, choices_text, end_practice


def pick_casus(tracker: Tracker) -> dict[str, Any]:
    cases = store().all("casussen")
    topic = store().resolve("forms", latest_entity(tracker, "vorm")) or \
        store().resolve("forms", latest_text(tracker))
    done = set(tracker.get_slot("casus_seen") or [])
    fitting = [c for c in cases if topic and c.get("topic") == topic and c["slug"] not in done]
    fresh = [c for c in cases if c["slug"] not in done] or cases
    return random.choice(fitting or fresh)


def current_step(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    casus = store().get("casussen", state["slug"])
    steps = sorted(casus["steps"], key=lambda s: s["stap"])
    return casus, steps[state["index"]]


class ActionStartCasus(Action):
    def name(self) -> str:
        return "action_start_casus"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        casus = pick_casus(tracker)
        say(dispatcher, f"Oefencasus: {casus['title']}\n{casus['scenario']}\n"
            "We lopen samen de vijf stappen van de meldcode door. Typ stop om te stoppen.")
        seen = sorted(set(tracker.get_slot("casus_seen") or []) | {casus["slug"]})
        state = {"slug": casus["slug"], "index": 0, "good": 0}
        return [SlotSet("casus", state), SlotSet("casus_answer", None),
                SlotSet("casus_seen", seen)]


class ActionAskCasusAnswer(Action):
    def name(self) -> str:
        return "action_ask_casus_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        _, step = current_step(tracker.get_slot("casus"))
        options = [c["text"] for c in step["choices"]]
        say(dispatcher, f"Stap {step['stap']}: {step['question']}\n{choices_text(options)}",
            buttons=choice_buttons(options))
        return []


class ValidateCasusForm(FormValidationAction):
    def name(self) -> str:
        return "validate_casus_form"

    def validate_casus_answer(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = dict(tracker.get_slot("casus"))
        casus, step = current_step(state)
        options = [c["text"] for c in step["choices"]]
        chosen = choice_index(str(value), options)
        if chosen is None:
            say(dispatcher, "Kies een van de antwoorden (A, B of C), of typ stop.")
            return {"casus_answer": None}
        choice = step["choices"][chosen]
        state["good"] += int(choice["correct"])
        say(dispatcher, ("Goed gekozen. " if choice["correct"] else "Dat is niet de beste "
                         "keuze. ") + choice["feedback"])
        state["index"] += 1
        done = state["index"] >= len(casus["steps"])
        return {"casus": state, "casus_answer": "klaar" if done else None}


class ActionCasusEnd(Action):
    def name(self) -> str:
        return "action_casus_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot("casus")
        casus = store().get("casussen", state["slug"]) if state else None
        if casus:
            say(dispatcher, f"Samenvatting: {casus['summary']}\nJe koos {state['good']} van de "
                f"{len(casus['steps'])} keer de beste stap.", sources=casus["sources"],
                buttons=[button("Nog een casus", "start_casus"), button("Doe een quiz",
                                                                         "start_quiz")])
        return end_practice()
