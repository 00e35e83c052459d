"""A quiz in the chat: five questions, options shuffled per session (buttons or typed),
feedback with source. The questions are Dutch; in English mode the bot's own sentences are
English and it says once that the questions are in Dutch."""

from __future__ import annotations

import random
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import button, latest_entity, latest_text, role_of, say, store
from bot.actions.practice import (
    DUTCH_OK,
    PracticeValidation,
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
from content.text import normalise

QUESTIONS = 5
# Words that choose a quiz topic without naming a form.
TOPIC_WORDS = {"meldcode": "meldcode", "afwegingskader": "meldcode", "hulp": "hulp",
               "hulplijn": "hulp", "nummers": "hulp", "signalen": "signalen",
               "risicofactoren": "risicofactoren", "begrippen": "begrippen",
               "campagne": "campagnes", "week zonder geweld": "campagnes"}
# Words that say the quiz is for a group: then the trainer's way is explained first.
GROUP_WORDS = ("klas", "groep", "team", "leerlingen", "deelnemers", "cursisten", "collega",
               "class", "group", "students", "participants", "colleagues")
TRAINER_STEPS = {
    "nl": "Een quiz met je groep doe je zo:\n1. Ga naar /trainer en log in.\n2. Maak een "
          "quizsessie: live (jij gaat per vraag verder) of in eigen tempo.\n3. Deel de code, de "
          "link of de QR-code. Deelnemers typen de code in de chat en antwoorden anoniem; jij "
          "ziet de uitkomsten live.\nHieronder kun je de quiz alvast zelf proberen.",
    "en": "To run a quiz with your group:\n1. Go to /trainer and log in.\n2. Create a quiz "
          "session: live (you move on question by question) or self-paced.\n3. Share the "
          "code, link or QR code. Participants type the code in the chat and answer "
          "anonymously; you see the results live.\nBelow you can try the quiz yourself first.",
}


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


def for_a_group(text: str) -> bool:
    words = f" {normalise(text)} "
    return any(f" {word}" in words for word in GROUP_WORDS)


def show_question(dispatcher: CollectingDispatcher, tracker: Tracker,
                  state: dict[str, Any]) -> None:
    slug = state["questions"][state["index"]]
    question = store().get("quiz", slug)
    view = shown(tracker, slug, question["options"])
    number, total = state["index"] + 1, len(state["questions"])
    say(dispatcher, lang(tracker, f"Vraag {number} van {total}: ", f"Question {number} of "
                         f"{total}: ") + f"{question['question']}\n{view.text()}\n" +
        lang(tracker, "(Typ de letter of kies een knop. Weet je het niet? Zeg het gerust. "
             "Stoppen? Typ stop.)", "(Type the letter or choose a button. Not sure? Just say "
             "so. To stop, type stop.)"), buttons=view.buttons())


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
        if for_a_group(latest_text(tracker)):
            say(dispatcher, lang(tracker, TRAINER_STEPS["nl"], TRAINER_STEPS["en"]))
        name = topic.replace("-", " ") if topic else ""
        say(dispatcher, lang(
            tracker, f"We doen een quiz{f' over {name}' if name else ''} met {len(questions)} "
            "vragen. Na elke vraag hoor je of het klopt en waarom.",
            f"Let's do a quiz{f' on {name}' if name else ''} with {len(questions)} questions. "
            "After each one you hear whether you were right, and why."))
        state = {"questions": [q["slug"] for q in questions], "index": 0, "score": 0,
                 "missed": [], "confirm": needs_dutch_notice(tracker)}
        return [SlotSet("quiz", state), SlotSet("quiz_answer", None),
                SlotSet("quiz_seen", sorted(seen | set(state["questions"])))]


class ActionAskQuizAnswer(Action):
    def name(self) -> str:
        return "action_ask_quiz_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot("quiz")
        if not state or not state.get("questions"):
            return []
        if state.get("confirm"):
            dutch_notice(dispatcher, "The quiz questions are in Dutch.")
        else:
            show_question(dispatcher, tracker, state)
        return []


class ValidateQuizForm(PracticeValidation):
    def name(self) -> str:
        return "validate_quiz_form"

    def validate_quiz_answer(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot = tracker.get_slot("quiz") or {}
        if not was_asked(tracker, "quiz_answer") or not slot.get("questions"):
            return {"quiz_answer": None}
        state = {**slot, "missed": list(slot.get("missed", []))}
        said = str(value or "")
        if state.get("confirm"):
            if not goes_on_in_dutch(tracker, said):
                return leave(dispatcher, "We stop the quiz.")
            return {"quiz": {**state, "confirm": False}, "quiz_answer": None, DUTCH_OK: True}
        slug = state["questions"][state["index"]]
        question = store().get("quiz", slug)
        view = shown(tracker, slug, question["options"])
        reply = read_reply(tracker, said, view)
        if reply.kind == "stale":
            stale_button(dispatcher, tracker)
            return {"quiz_answer": None}
        if reply.kind == "leave":
            return leave(dispatcher, lang(tracker, "We stoppen de quiz.", "We stop the quiz."))
        if reply.kind == "unclear":
            say(dispatcher, lang(
                tracker, f"Dat herken ik niet als antwoord. Kies {letters_hint(view, 'of')}, "
                "zeg dat je het niet weet, of typ stop.", "I don't recognise that as an answer. "
                f"Choose {letters_hint(view, 'or')}, say you don't know, or type stop."))
            return {"quiz_answer": None}
        right = f"{view.letter(question['answer'])}: {question['answer']}"
        if reply.option == question["answer"]:
            state["score"] += 1
            verdict = lang(tracker, "Goed!", "Correct!")
        else:
            state["missed"].append(question["topic"])
            verdict = lang(tracker, f"Het juiste antwoord is {right}.",
                           f"The right answer is {right}.")
            verdict = (lang(tracker, "Geeft niet. ", "No problem. ") if reply.kind ==
                       "dont_know" else lang(tracker, "Niet goed. ", "Not right. ")) + verdict
        say(dispatcher, f"{verdict}\n{question['explanation']}", sources=question["sources"])
        state["index"] += 1
        done = state["index"] >= len(state["questions"])
        return {"quiz": state, "quiz_answer": "klaar" if done else None}


class ActionQuizEnd(Action):
    def name(self) -> str:
        return "action_quiz_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot("quiz")
        if not state or not state.get("questions"):
            return end_practice()
        text = lang(tracker, f"Klaar! Je score: {state['score']} van {len(state['questions'])}.",
                    f"Done! Your score: {state['score']} of {len(state['questions'])}.")
        buttons = [button(lang(tracker, "Nog een quiz", "Another quiz"), "start_quiz"),
                   button(lang(tracker, "Oefencasus", "Practice case"), "start_casus")]
        missed = sorted(set(state["missed"]))
        if missed:
            text += lang(tracker, "\nLees nog eens over: ", "\nRead more about: ") + \
                ", ".join(t.replace("-", " ") for t in missed) + "."
            forms = [t for t in missed if store().get("forms", t)]
            buttons = [button(lang(tracker, "Over ", "About ") + t.replace("-", " "),
                              "ask_definition", vorm=t) for t in forms[:2]] + buttons
        say(dispatcher, text, buttons=buttons)
        return end_practice()
