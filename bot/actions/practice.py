"""What quiz, casus and campaign practice share: showing a question's options (shuffled per
session, see content/quiz_order.py), reading a reply, leaving for another request, the notice
that the content is Dutch, and stopping.

A reply to a question is, in this order: a button (it names its question, so a button of an
earlier question is refused), an option typed as letter, number, ordinal or text, "weet ik
niet", another request (leave the practice and let its own rule answer it), else unclear.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import button, latest_entity, latest_text, locale_of, payload, say
from bot.i18n import t
from content.quiz_order import option_id, seed_text, shown_order
from content.text import normalise

LETTERS = "ABCD"
ORDINALS = {"eerste": 0, "tweede": 1, "derde": 2, "vierde": 3, "first": 0, "second": 1,
            "third": 2, "fourth": 3, "een": 0, "twee": 1, "drie": 2, "vier": 3}
PRACTICE_SLOTS = ("quiz", "quiz_answer", "casus", "casus_answer", "campaign",
                  "campaign_answer", "requested_slot")
ANSWER_INTENT = "answer"
DUTCH_OK = "practice_dutch_ok"  # slot: the English notice was answered once this session
# Intents a reply to a question may carry without being another request.
STAY_INTENTS = {ANSWER_INTENT, "nlu_fallback", "affirm", "deny", "greet", "thanks"}
LEAVE_CONFIDENCE = 0.7
DONT_KNOW = ("weet ik niet", "weet het niet", "weet niet", "geen idee", "geen flauw idee",
             "geen benul", "weet ik veel", "don t know", "dont know", "no idea", "not sure",
             "no clue", "sla over")
DONT_KNOW_ALONE = {"dunno", "idk", "overslaan", "skip", "pass", "pas", "passen"}
_NOT_CONTENT = {"waar", "over", "niet", "zijn", "wordt", "worden", "heeft", "hebben", "deze",
                "door", "naar", "voor", "maar", "meer", "moet", "moeten", "kunnen", "welke",
                "what", "with", "that", "this", "have", "about", "from", "your", "where"}
_BEFORE_A = {"antwoord", "optie", "is", "kies", "denk", "gok", "voor", "maar", "answer", "option",
             "choose", "pick", "think", "guess"}
_LEAVE = "practice_leave"  # a validate_ method's signal to run(); never sent as a slot


def _pointer(word: str, previous: str, n: int) -> int | None:
    """The option a single word points at: a letter, a number 1-4 or an ordinal."""
    if len(word) == 1 and word.upper() in LETTERS[:n]:
        # "a" is also an English article: in longer replies only after "antwoord", "is", ...
        return LETTERS.index(word.upper()) if word != "a" or previous in _BEFORE_A else None
    if re.fullmatch(r"[1-4]", word) and int(word) <= n:
        return int(word) - 1
    return ORDINALS[word] if ORDINALS.get(word, n) < n else None


def choice_index(said: str, options: list[str]) -> int | None:
    """Which option the person chose: a letter, a number, an ordinal or the option's text."""
    text = normalise(said)
    words = text.split()
    if not words:
        return None
    for index, option in enumerate(options):  # first: an option typed in full ("1 juli 2013"
        if normalise(option) == text:         # is that date, not option 1)
            return index
    if len(words) <= 3:  # "b", "antwoord b", "de tweede"
        for word in words:
            if (index := _pointer(word, "antwoord", len(options))) is not None:
                return index
    elif len(words) <= 6:  # "ik denk dat het b is": one pointer, nothing else
        found = {i for p, w in zip(["", *words], words, strict=False)
                 if w != "een" and (i := _pointer(w, p, len(options))) is not None}
        if len(found) == 1:
            return found.pop()
    # Whole words only: "echt?" is no choice of "Het is slecht voor het kind".
    matches = [i for i, o in enumerate(options)
               if len(text) >= 4 and f" {text} " in f" {normalise(o)} "]
    return matches[0] if len(matches) == 1 else None


def dont_know(said: str) -> bool:
    text = normalise(said)
    if not text or len(text.split()) > 6:
        return False
    return text in DONT_KNOW_ALONE or any(f" {phrase} " in f" {text} " for phrase in DONT_KNOW)


def _content_words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if len(w) >= 4 and w not in _NOT_CONTENT}


def resembles_option(said: str, options: list[str]) -> bool:
    """Shares its key words with an option: maybe an answer in other words, so never a reason
    to leave the practice."""
    words = _content_words(said)
    need = min(2, len(words))
    return bool(words) and any(len(words & _content_words(o)) >= need for o in options)


def other_request(tracker: Tracker, said: str, options: list[str]) -> bool:
    """Clearly not an answer: a question (with a question mark) or a confident intent other
    than answering, in words that do not resemble an option."""
    intent = tracker.latest_message.get("intent") or {}
    if intent.get("name") == ANSWER_INTENT or resembles_option(said, options):
        return False
    if said.strip().endswith("?") and len(normalise(said).split()) >= 3:
        return True
    return bool(intent.get("name")) and intent["name"] not in STAY_INTENTS and (
        intent.get("confidence") or 0.0) >= LEAVE_CONFIDENCE


@dataclass(frozen=True)
class Shown:
    """A question as this session sees it: its key and its options in the order shown."""

    key: str
    options: list[str]

    def letter(self, option: str) -> str:
        return LETTERS[self.options.index(option)]

    def text(self) -> str:
        return "\n".join(f"{LETTERS[i]}. {option}" for i, option in enumerate(self.options))

    def buttons(self) -> list[dict[str, str]]:
        # The payload names the question, so a button of an earlier question is recognised.
        return [{"title": f"{LETTERS[i]}. {o[:60]}",
                 "payload": payload(ANSWER_INTENT, vraag=self.key, optie=option_id(o))}
                for i, o in enumerate(self.options)]


def letters_hint(view: Shown, locale: str) -> str:
    """'A, B, C of D' for the options shown."""
    letters = list(LETTERS[: len(view.options)])
    return t(locale, "%(letters)s of %(last)s", letters=", ".join(letters[:-1]), last=letters[-1])


def shown(tracker: Tracker, key: str, options: list[str]) -> Shown:
    return Shown(key, shown_order(options, seed_text(tracker.sender_id, key)))


@dataclass(frozen=True)
class Reply:
    kind: str  # option, dont_know, stale, leave or unclear
    option: str | None = None


def read_reply(tracker: Tracker, said: str, question: Shown) -> Reply:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    chosen_id = latest_entity(tracker, "optie")
    if intent == ANSWER_INTENT and chosen_id:  # a button
        if latest_entity(tracker, "vraag") != question.key:
            return Reply("stale")
        chosen = next((o for o in question.options if option_id(o) == chosen_id), None)
        return Reply("option", chosen) if chosen else Reply("stale")
    index = choice_index(said, question.options)
    if index is not None:
        return Reply("option", question.options[index])
    if dont_know(said):
        return Reply("dont_know")
    if other_request(tracker, said, question.options):
        return Reply("leave")
    return Reply("unclear")


def was_asked(tracker: Tracker, slot: str) -> bool:
    """False while the form activates: the message that started it is no answer."""
    return tracker.get_slot("requested_slot") == slot


def end_practice() -> list[dict[str, Any]]:
    """Forget the practice state; the rules run action_deactivate_loop to end the form."""
    return [SlotSet(slot, None) for slot in PRACTICE_SLOTS]


def leave(dispatcher: CollectingDispatcher, text: str) -> dict[str, Any]:
    """Slot values from a validate_ method that end the practice for another request."""
    say(dispatcher, text)
    return {**{slot: None for slot in PRACTICE_SLOTS}, _LEAVE: True}


def stale_button(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    say(dispatcher, t(locale_of(tracker), "Die knop hoort bij een eerdere vraag. Dit is de vraag "
                                          "van nu:"))


def needs_dutch_notice(tracker: Tracker) -> bool:
    return locale_of(tracker) == "en" and not tracker.get_slot(DUTCH_OK)


def dutch_notice(dispatcher: CollectingDispatcher, locale: str, what: str) -> None:
    """In English: say what is in Dutch (`what`, translated) and ask whether to go on."""
    say(dispatcher, what + " " + t(locale, "Zullen we verdergaan in het Nederlands?"),
        buttons=[{"title": t(locale, "Ja, ga verder in het Nederlands"), "payload": "/affirm"},
                 {"title": t(locale, "Nee, stop"), "payload": "/stop"}])


def goes_on_in_dutch(tracker: Tracker, said: str) -> bool:
    """The reply to the notice: anything but 'no' or another request goes on."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent != "deny" and not other_request(tracker, said, [])


class PracticeValidation(FormValidationAction, ABC):
    """Form validation that can leave the form for another request. The form's run is then
    rejected and its loop ended, so Rasa answers the message by that request's own rule."""

    @abstractmethod
    def name(self) -> str:  # abstract, so the action server does not register this class
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = await super().run(dispatcher, tracker, domain)
        marker = [e for e in events if e.get("event") == "slot" and e.get("name") == _LEAVE]
        if not marker:
            return events
        kept = [e for e in events if e not in marker]
        return [*kept, ActiveLoop(None), ActionExecutionRejected(self.form_name())]


class ActionStopPractice(Action):
    """'stop': ends a quiz, casus or campaign at once; outside practice it just says okay."""

    def name(self) -> str:
        return "action_stop_practice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        active = tracker.active_loop.get("name") if tracker.active_loop else None
        if active:
            text = t(locale, "Gestopt. Je kunt me iets anders vragen of later opnieuw beginnen.")
        else:
            text = t(locale, "Oké. Waar kan ik je nog mee helpen?")
        say(dispatcher, text, buttons=practice_buttons(tracker))
        return end_practice()


class ActionAnswerOutsidePractice(Action):
    """An answer (a button or "B") while no quiz, casus or session runs."""

    def name(self) -> str:
        return "action_answer_outside_practice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        if latest_entity(tracker, "vraag"):
            text = t(locale, "Die knop hoort bij een eerdere vraag. Er loopt nu geen quiz of "
                             "casus. Wil je er een beginnen?")
        elif dont_know(latest_text(tracker)):
            text = t(locale, "Geeft niet. Vraag me gerust iets, of oefen met een quiz.")
        else:
            text = t(locale, "Er loopt nu geen quiz of casus. Wil je er een beginnen?")
        say(dispatcher, text, buttons=practice_buttons(tracker))
        return []


def practice_buttons(tracker: Tracker) -> list[dict[str, str]]:
    locale = locale_of(tracker)
    return [button(t(locale, "Doe een quiz"), "start_quiz"),
            button(t(locale, "Oefencasus"), "start_casus"),
            button(t(locale, "Waar kan ik terecht?"), "ask_where_to_turn")]
