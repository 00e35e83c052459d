"""What quiz, casus and campaign practice share: reading an answer, showing choices, stopping."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import button, locale_of, say
from content.text import normalise

LETTERS = "ABCD"
ORDINALS = {"eerste": 0, "tweede": 1, "derde": 2, "vierde": 3, "first": 0, "second": 1,
            "third": 2, "fourth": 3, "een": 0, "twee": 1, "drie": 2, "vier": 3}
PRACTICE_SLOTS = ("quiz", "quiz_answer", "casus", "casus_answer", "campaign",
                  "campaign_answer", "requested_slot")


def choice_index(said: str, options: list[str]) -> int | None:
    """Which option the person chose: a letter, a number, an ordinal or the option's text."""
    words = normalise(said).split()
    if not words:
        return None
    if len(words) <= 3:
        for word in words:
            if len(word) == 1 and word.upper() in LETTERS[: len(options)]:
                return LETTERS.index(word.upper())
            if re.fullmatch(r"[1-4]", word) and int(word) <= len(options):
                return int(word) - 1
            if word in ORDINALS and ORDINALS[word] < len(options):
                return ORDINALS[word]
    text = normalise(said)
    for index, option in enumerate(options):
        if normalise(option) == text:
            return index
    matches = [i for i, o in enumerate(options) if len(text) >= 4 and text in normalise(o)]
    return matches[0] if len(matches) == 1 else None


def choices_text(options: list[str]) -> str:
    return "\n".join(f"{LETTERS[i]}. {option}" for i, option in enumerate(options))


def choice_buttons(options: list[str]) -> list[dict[str, str]]:
    # Plain-text payloads: they reach the active form as the answer, like typed text.
    return [{"title": f"{LETTERS[i]}. {o[:60]}", "payload": LETTERS[i]}
            for i, o in enumerate(options)]


def end_practice() -> list[dict[str, Any]]:
    """Forget the practice state; the rules run action_deactivate_loop to end the form."""
    return [SlotSet(slot, None) for slot in PRACTICE_SLOTS]


class ActionStopPractice(Action):
    """'stop': ends a quiz, casus or campaign at once; outside practice it just says okay."""

    def name(self) -> str:
        return "action_stop_practice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        en = locale_of(tracker) == "en"
        active = tracker.active_loop.get("name") if tracker.active_loop else None
        if active:
            text = "Stopped. Ask me anything else." if en else (
                "Gestopt. Je kunt me iets anders vragen of later opnieuw beginnen.")
        else:
            text = "Okay. What else can I do?" if en else "Oké. Waar kan ik je nog mee helpen?"
        say(dispatcher, text, buttons=[button("Doe een quiz", "start_quiz"),
                                       button("Waar kan ik terecht?", "ask_where_to_turn")])
        return end_practice()
