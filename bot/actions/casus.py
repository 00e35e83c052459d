"""Casus practice: a case walked through the five meldcode steps, a choice (shuffled per
session) and feedback at each step, and a summary at the end."""

from __future__ import annotations

import random
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import button, latest_entity, latest_text, locale_of, say, store
from bot.actions.meldcode import step_label
from bot.actions.practice import (
    DUTCH_OK,
    PracticeValidation,
    Shown,
    dutch_notice,
    end_practice,
    goes_on_in_dutch,
    leave,
    letters_hint,
    needs_dutch_notice,
    read_reply,
    shown,
    stale_button,
    was_asked,
)
from bot.i18n import t


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
        casus, locale = pick_casus(tracker), locale_of(tracker)
        say(dispatcher, t(locale, "Oefencasus: %(title)s", title=casus["title"]) +
            f"\n{casus['scenario']}\n" + t(locale, "We lopen samen de vijf stappen van de "
                                                 "meldcode door. Typ stop om te stoppen."))
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
        locale = locale_of(tracker)
        if state.get("confirm"):
            dutch_notice(dispatcher, locale, t(locale, "De casus is in het Nederlands."))
            return []
        _, step = current_step(state)
        view = step_view(tracker, state, step)
        say(dispatcher, f"{step_label(step['stap'], locale)}: {step['question']}\n{view.text()}",
            buttons=view.buttons())
        return []


class ValidateCasusForm(PracticeValidation):
    def name(self) -> str:
        return "validate_casus_form"

    def validate_casus_answer(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = dict(tracker.get_slot("casus") or {})
        if not was_asked(tracker, "casus_answer") or not state.get("slug"):
            return {"casus_answer": None}
        said, locale = str(value or ""), locale_of(tracker)
        if state.get("confirm"):
            if not goes_on_in_dutch(tracker, said):
                return leave(dispatcher, t(locale, "We stoppen de casus."))
            return {"casus": {**state, "confirm": False}, "casus_answer": None, DUTCH_OK: True}
        casus, step = current_step(state)
        view = step_view(tracker, state, step)
        reply = read_reply(tracker, said, view)
        if reply.kind == "stale":
            stale_button(dispatcher, tracker)
            return {"casus_answer": None}
        if reply.kind == "leave":
            return leave(dispatcher, t(locale, "We stoppen de casus."))
        if reply.kind == "unclear":
            say(dispatcher, t(locale, "Kies een van de antwoorden (%(letters)s), zeg dat je het "
                                      "niet weet, of typ stop.",
                              letters=letters_hint(view, locale)))
            return {"casus_answer": None}
        best = next(c for c in step["choices"] if c["correct"])
        if reply.kind == "dont_know":
            text = t(locale, "Geeft niet. De beste keuze is %(choice)s",
                     choice=f"{view.letter(best['text'])}: {best['text']}") + \
                f"\n{best['feedback']}"
        else:
            choice = next(c for c in step["choices"] if c["text"] == reply.option)
            state["good"] += int(choice["correct"])
            text = (t(locale, "Goed gekozen.") if choice["correct"] else
                    t(locale, "Dat is niet de beste keuze.")) + " " + choice["feedback"]
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
            locale = locale_of(tracker)
            say(dispatcher, t(locale, "Samenvatting: %(summary)s", summary=casus["summary"]) +
                "\n" + t(locale, "Je koos %(good)d van de %(total)d keer de beste stap.",
                          good=state["good"], total=len(casus["steps"])),
                sources=casus["sources"],
                buttons=[button(t(locale, "Nog een casus"), "start_casus"),
                         button(t(locale, "Doe een quiz"), "start_quiz")])
        return end_practice()
