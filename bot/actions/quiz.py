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

from bot.actions.common import (
    button,
    latest_entity,
    latest_text,
    locale_of,
    role_of,
    say,
    store,
)
from bot.actions.practice import (
    DUTCH_OK,
    PracticeValidation,
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
from bot.i18n import N_, t
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
# Quiz topics that are no form of violence, by name (a form is named by its title).
TOPIC_NAMES = {"meldcode": N_("meldcode"), "hulp": N_("hulp"), "signalen": N_("signalen"),
               "risicofactoren": N_("risicofactoren"), "begrippen": N_("begrippen"),
               "campagnes": N_("campagnes")}
TRAINER_STEPS = N_("Een quiz met je groep doe je zo:\n1. Ga naar /trainer en log in.\n2. Maak "
                   "een quizsessie: live (jij gaat per vraag verder) of in eigen tempo.\n3. Deel "
                   "de code, de link of de QR-code. Deelnemers typen de code in de chat en "
                   "antwoorden anoniem; jij ziet de uitkomsten live.\nHieronder kun je de quiz "
                   "alvast zelf proberen.")


def topic_name(topic: str, locale: str) -> str:
    """A quiz topic inside a sentence: in Dutch its slug in words ("huiselijk geweld"), in
    English a form's English title without its explanation in brackets ("child abuse")."""
    if topic in TOPIC_NAMES:
        return t(locale, TOPIC_NAMES[topic])
    form = store().get("forms", topic) if locale == "en" else None
    if form and form.get("title_en"):
        return form["title_en"].split(" (")[0].lower()
    return topic.replace("-", " ")


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
    locale = locale_of(tracker)
    say(dispatcher, t(locale, "Vraag %(number)d van %(total)d: %(question)s",
                      number=state["index"] + 1, total=len(state["questions"]),
                      question=question["question"]) + f"\n{view.text()}\n" +
        t(locale, "(Typ de letter of kies een knop. Weet je het niet? Zeg het gerust. Stoppen? "
                  "Typ stop.)"), buttons=view.buttons())


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
        locale = locale_of(tracker)
        if for_a_group(latest_text(tracker)):
            say(dispatcher, t(locale, TRAINER_STEPS))
        after = t(locale, "Na elke vraag hoor je of het klopt en waarom.")
        if topic:
            start = t(locale, "We doen een quiz over %(topic)s met %(count)d vragen.",
                      topic=topic_name(topic, locale), count=len(questions))
        else:
            start = t(locale, "We doen een quiz met %(count)d vragen.", count=len(questions))
        say(dispatcher, f"{start} {after}")
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
            locale = locale_of(tracker)
            dutch_notice(dispatcher, locale, t(locale, "De quizvragen zijn in het Nederlands."))
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
        said, locale = str(value or ""), locale_of(tracker)
        if state.get("confirm"):
            if not goes_on_in_dutch(tracker, said):
                return leave(dispatcher, t(locale, "We stoppen de quiz."))
            return {"quiz": {**state, "confirm": False}, "quiz_answer": None, DUTCH_OK: True}
        slug = state["questions"][state["index"]]
        question = store().get("quiz", slug)
        view = shown(tracker, slug, question["options"])
        reply = read_reply(tracker, said, view)
        if reply.kind == "stale":
            stale_button(dispatcher, tracker)
            return {"quiz_answer": None}
        if reply.kind == "leave":
            return leave(dispatcher, t(locale, "We stoppen de quiz."))
        if reply.kind == "unclear":
            say(dispatcher, t(locale, "Dat herken ik niet als antwoord. Kies %(letters)s, zeg dat "
                                      "je het niet weet, of typ stop.",
                              letters=letters_hint(view, locale)))
            return {"quiz_answer": None}
        right = f"{view.letter(question['answer'])}: {question['answer']}"
        if reply.option == question["answer"]:
            state["score"] += 1
            verdict = t(locale, "Goed!")
        else:
            state["missed"].append(question["topic"])
            verdict = t(locale, "Geeft niet. Het juiste antwoord is %(answer)s.", answer=right) \
                if reply.kind == "dont_know" else \
                t(locale, "Niet goed. Het juiste antwoord is %(answer)s.", answer=right)
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
        locale = locale_of(tracker)
        text = t(locale, "Klaar! Je score: %(score)d van %(total)d.", score=state["score"],
                 total=len(state["questions"]))
        buttons = [button(t(locale, "Nog een quiz"), "start_quiz"),
                   button(t(locale, "Oefencasus"), "start_casus")]
        missed = sorted(set(state["missed"]))
        if missed:
            text += "\n" + t(locale, "Lees nog eens over: %(topics)s.",
                             topics=", ".join(topic_name(m, locale) for m in missed))
            forms = [m for m in missed if store().get("forms", m)]
            buttons = [button(t(locale, "Over %(topic)s", topic=topic_name(m, locale)),
                              "ask_definition", vorm=m) for m in forms[:2]] + buttons
        say(dispatcher, text, buttons=buttons)
        return end_practice()
