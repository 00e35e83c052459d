"""Greetings, thanks, identity and other small talk, in Dutch or English."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import button, locale_of, say

MENU = {
    "nl": [("Wat is huiselijk geweld?", "ask_definition", {"vorm": "huiselijk-geweld"}),
           ("Waar kan ik terecht?", "ask_where_to_turn", {}),
           ("De meldcode", "ask_meldcode", {}),
           ("Doe een quiz", "start_quiz", {})],
    "en": [("What is domestic violence?", "ask_definition", {"vorm": "huiselijk-geweld"}),
           ("Where can I get help?", "ask_where_to_turn", {}),
           ("The reporting code", "ask_meldcode", {}),
           ("Take a quiz", "start_quiz", {})],
}

REPLIES = {
    "greet": {
        "nl": "Hoi! Ik ben Signaal. Ik geef informatie over huiselijk geweld: herkennen, "
              "handelen en hulp vinden. Wat wil je weten?",
        "en": "Hi! I am Signaal. I give information about domestic violence: recognising it, "
              "acting on it and finding help. Most of what I know is in Dutch.",
    },
    "bot_identity": {
        "nl": "Ik ben Signaal, een computerprogramma en geen mens. Ik leg uit wat huiselijk "
              "geweld is, welke signalen er zijn en waar je hulp vindt. Wil je met een mens "
              "praten? Bel Veilig Thuis: 0800-2000, gratis en dag en nacht.",
        "en": "I am Signaal, a computer program, not a person. I explain domestic violence, its "
              "signs and where to find help. To talk to a person, call Veilig Thuis on "
              "0800-2000, free and 24/7.",
    },
    "thanks": {"nl": "Graag gedaan. Je kunt me altijd iets nieuws vragen.",
               "en": "You are welcome. Ask me anything else at any time."},
    "goodbye": {
        "nl": "Dag! Onthoud: bij gevaar bel je 112, voor advies Veilig Thuis 0800-2000. "
              "Gebruik de knop Snel weg om deze pagina direct te sluiten.",
        "en": "Goodbye! Remember: call 112 in danger, Veilig Thuis 0800-2000 for advice. "
              "Use the Quick exit button to leave this page at once.",
    },
    "affirm": {"nl": "Oké. Waar kan ik je mee helpen?", "en": "Okay. How can I help?"},
    "deny": {"nl": "Oké. Vraag gerust iets anders.",
             "en": "Okay. Feel free to ask something else."},
}


class ActionSmalltalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        intent = tracker.latest_message.get("intent", {}).get("name", "greet")
        reply = REPLIES.get(intent, REPLIES["greet"])[locale]
        buttons = [button(t, i, **e) for t, i, e in MENU[locale]]
        say(dispatcher, reply, buttons=buttons if intent in ("greet", "bot_identity",
                                                             "affirm") else None)
        return []
