"""A quiz in the chat: five questions, options as buttons or typed, feedback with source."""

from __future__ import annotations

import random
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import button, latest_entity, latest_text, role_of, say, store
from bot.actions.practice import choice_buttons, choice_index, choices_text, end_practice
from content.text import normalise

QUESTIONS = 5
# Words that choose a quiz topic without naming a form.
TOPIC_WORDS = {"meldcode": "meldcode", "afwegingskader": "meldcode", "hulp": "hulp",
               "hulplijn": "hulp", "nummers": "hulp", "signalen": "signalen",
               "risicofactoren": "risicofactoren", "begrippen": "begrippen",
               "campagne": "campagnes", "week zonder geweld": "campagnes"}


def pick_questions(topic: str | None, audience: str | None, seen: set[str]) -> list[dict]:
    """Up to five unseen questions on the topic (else any), mixed difficulty, shuffled."""
    bank = [q for q in store().all("quiz") if q["slug"] not in seen]
    on_topic = [q for q in bank if topic and q["topic"] == topic]
    if audience:
        on_topic = [q for q in on_topic if q["audience"] == audience] or on_topic
    pool = on_topic if len(on_topic) >= 3 else [
        q for q in bank if not audience or q["audience"] == audience] or bank
    rng = random.Random()
    by_level = {level: [q for q in pool if q["difficulty"] == level] for level in (1, 2, 3)}
    chosen: list[dict] = []
    for level in (1, 2, 3, 2, 1, 3, 2):  # mixed difficulty, easier first
        if by_level[level] and len(chosen) < QUESTIONS:
            chosen.append(by_level[level].pop(rng.randrange(len(by_level[level]))))
    return chosen


def quiz_topic(tracker: Tracker) -> str | None:
    slug = store().resolve("forms", latest_entity(tracker, "vorm")) or \
        store().resolve("forms", latest_text(tracker))
    if slug:
        return slug
    text = f" {normalise(latest_text(tracker))} "
    return next((topic for word, topic in TOPIC_WORDS.items() if f" {word}" in text), None)


def show_question(dispatcher: CollectingDispatcher, state: dict[str, Any]) -> None:
    question = store().get("quiz", state["questions"][state["index"]])
    say(dispatcher, f"Vraag {state['index'] + 1} van {len(state['questions'])}: "
        f"{question['question']}\n{choices_text(question['options'])}\n"
        "(Typ de letter of kies een knop. Stoppen? Typ stop.)",
        buttons=choice_buttons(question["options"]))


class ActionStartQuiz(Action):
    def name(self) -> str:
        return "action_start_quiz"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        topic = quiz_topic(tracker)
        audience = "professional" if role_of(tracker) == "professional" or topic in (
            "meldcode",) else None
        seen = set(tracker.get_slot("quiz_seen") or [])
        questions = pick_questions(topic, audience, seen)
        if len(questions) < QUESTIONS:  # everything on this topic was asked already
            seen = set()
            questions = pick_questions(topic, audience, seen)
        about = f" over {topic.replace('-', ' ')}" if topic else ""
        say(dispatcher, f"We doen een quiz{about} met {len(questions)} vragen. Na elke vraag "
            "hoor je of het klopt en waarom.")
        state = {"questions": [q["slug"] for q in questions], "index": 0, "score": 0,
                 "missed": []}
        return [SlotSet("quiz", state), SlotSet("quiz_answer", None),
                SlotSet("quiz_seen", sorted(seen | set(state["questions"])))]


class ActionAskQuizAnswer(Action):
    def name(self) -> str:
        return "action_ask_quiz_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        show_question(dispatcher, tracker.get_slot("quiz"))
        return []


class ValidateQuizForm(FormValidationAction):
    def name(self) -> str:
        return "validate_quiz_form"

    def validate_quiz_answer(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = dict(tracker.get_slot("quiz"))
        question = store().get("quiz", state["questions"][state["index"]])
        chosen = choice_index(str(value), question["options"])
        if chosen is None:
            say(dispatcher, "Dat herken ik niet als antwoord. Kies A, B, C of D, of typ stop.")
            return {"quiz_answer": None}
        right = question["options"].index(question["answer"])
        if chosen == right:
            state["score"] += 1
            verdict = "Goed!"
        else:
            state["missed"].append(question["topic"])
            verdict = f"Niet goed. Het juiste antwoord is {'ABCD'[right]}: {question['answer']}."
        say(dispatcher, f"{verdict}\n{question['explanation']}", sources=question["sources"])
        state["index"] += 1
        done = state["index"] >= len(state["questions"])
        return {"quiz": state, "quiz_answer": "klaar" if done else None}


class ActionQuizEnd(Action):
    def name(self) -> str:
        return "action_quiz_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot("quiz") or {"score": 0, "questions": [], "missed": []}
        text = f"Klaar! Je score: {state['score']} van {len(state['questions'])}."
        buttons = [button("Nog een quiz", "start_quiz"), button("Oefencasus", "start_casus")]
        missed = sorted(set(state["missed"]))
        if missed:
            text += "\nLees nog eens over: " + ", ".join(t.replace("-", " ") for t in missed) + "."
            forms = [t for t in missed if store().get("forms", t)]
            buttons = [button(f"Over {t.replace('-', ' ')}", "ask_definition", vorm=t)
                       for t in forms[:2]] + buttons
        say(dispatcher, text, buttons=buttons)
        return end_practice()
