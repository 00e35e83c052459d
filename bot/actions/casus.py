"""Casus practice: a case walked through the five meldcode steps, a choice (shuffled per
session) and feedback at each step, and a summary at the end."""

from __future__ import annotations

import random
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import button, latest_entity, latest_text, say, store
from bot.actions.practice import (
    DUTCH_OK,
    PracticeValidation,
    Shown,
    dutch_notice,
    end_practice,
    goes_on_in_dutch,
    lang,
    leave,
    letters_hint,
    needs_dutch_notice,
    read_reply,
    shown,
    stale_button,
    was_asked,
)


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


def step_view(tracker: Tracker, state: dict[str, Any], step: dict[str, Any]) -> Shown:
    return shown(tracker, f"{state['slug']}#{step['stap']}", [c["text"] for c in step["choices"]])


class ActionStartCasus(Action):
    def name(self) -> str:
        return "action_start_casus"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        casus = pick_casus(tracker)
        say(dispatcher, lang(tracker, "Oefencasus: ", "Practice case: ") +
            f"{casus['title']}\n{casus['scenario']}\n" + lang(
                tracker, "We lopen samen de vijf stappen van de meldcode door. Typ stop om te "
                "stoppen.", "We walk through the five steps of the reporting code (meldcode) "
                "together. Type stop to stop."))
        seen = sorted(set(tracker.get_slot("casus_seen") or []) | {casus["slug"]})
        state = {"slug": casus["slug"], "index": 0, "good": 0,
                 "confirm": needs_dutch_notice(tracker)}
        return [SlotSet("casus", state), SlotSet("casus_answer", None),
                SlotSet("casus_seen", seen)]


class ActionAskCasusAnswer(Action):
    def name(self) -> str:
        return "action_ask_casus_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot("casus")
        if not state or not state.get("slug"):
            return []
        if state.get("confirm"):
            dutch_notice(dispatcher, "The case is in Dutch.")
            return []
        _, step = current_step(state)
        view = step_view(tracker, state, step)
        say(dispatcher, lang(tracker, "Stap ", "Step ") + f"{step['stap']}: {step['question']}\n"
            f"{view.text()}", buttons=view.buttons())
        return []


class ValidateCasusForm(PracticeValidation):
    def name(self) -> str:
        return "validate_casus_form"

    def validate_casus_answer(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = dict(tracker.get_slot("casus") or {})
        if not was_asked(tracker, "casus_answer") or not state.get("slug"):
            return {"casus_answer": None}
        said = str(value or "")
        if state.get("confirm"):
            if not goes_on_in_dutch(tracker, said):
                return leave(dispatcher, "We stop the case.")
            return {"casus": {**state, "confirm": False}, "casus_answer": None, DUTCH_OK: True}
        casus, step = current_step(state)
        view = step_view(tracker, state, step)
        reply = read_reply(tracker, said, view)
        if reply.kind == "stale":
            stale_button(dispatcher, tracker)
            return {"casus_answer": None}
        if reply.kind == "leave":
            return leave(dispatcher, lang(tracker, "We stoppen de casus.", "We stop the case."))
        if reply.kind == "unclear":
            say(dispatcher, lang(
                tracker, f"Kies een van de antwoorden ({letters_hint(view, 'of')}), zeg dat je "
                "het niet weet, of typ stop.", f"Choose one of the answers "
                f"({letters_hint(view, 'or')}), say you don't know, or type stop."))
            return {"casus_answer": None}
        best = next(c for c in step["choices"] if c["correct"])
        if reply.kind == "dont_know":
            text = lang(tracker, "Geeft niet. De beste keuze is ", "No problem. The best choice "
                        "is ") + f"{view.letter(best['text'])}: {best['text']}\n{best['feedback']}"
        else:
            choice = next(c for c in step["choices"] if c["text"] == reply.option)
            state["good"] += int(choice["correct"])
            text = (lang(tracker, "Goed gekozen. ", "Good choice. ") if choice["correct"] else
                    lang(tracker, "Dat is niet de beste keuze. ", "That is not the best "
                         "choice. ")) + choice["feedback"]
        say(dispatcher, text)
        state["index"] += 1
        done = state["index"] >= len(casus["steps"])
        return {"casus": state, "casus_answer": "klaar" if done else None}


class ActionCasusEnd(Action):
    def name(self) -> str:
        return "action_casus_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot("casus")
        casus = store().get("casussen", state["slug"]) if state and state.get("slug") else None
        if casus:
            total = len(casus["steps"])
            say(dispatcher, lang(tracker, "Samenvatting: ", "Summary: ") + casus["summary"] +
                "\n" + lang(tracker, f"Je koos {state['good']} van de {total} keer de beste "
                            "stap.", f"You chose the best step {state['good']} of {total} "
                            "times."), sources=casus["sources"],
                buttons=[button(lang(tracker, "Nog een casus", "Another case"), "start_casus"),
                         button(lang(tracker, "Doe een quiz", "Take a quiz"), "start_quiz")])
        return end_practice()
