"""Greetings, thanks, identity and other small talk, in Dutch or English."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import settings
from bot.actions.common import button, locale_of, phone, say
from bot.actions.fallback import faq_button
from bot.i18n import N_, t

MENU = [(N_("Wat is huiselijk geweld?"), "ask_definition", {"vorm": "huiselijk-geweld"}),
        (N_("Waar kan ik terecht?"), "ask_where_to_turn", {}),
        (N_("De meldcode"), "ask_meldcode", {}),
        (N_("Doe een quiz"), "start_quiz", {})]

REPLIES = {
    "greet": N_("Hoi! Ik ben Signaal. Ik geef informatie over huiselijk geweld: herkennen, "
                "handelen en hulp vinden. Wat wil je weten?"),
    "bot_identity": N_("Ik ben Signaal, een computerprogramma en geen mens. Je kunt me vragen "
                       "wat huiselijk geweld is, welke signalen er zijn, hoe de meldcode werkt "
                       "en waar je hulp vindt. Professionals kunnen oefenen met een quiz of een "
                       "casus. Signaal is een open-source project: de code en de bronnen van "
                       "elk antwoord zijn openbaar. Wil je met een mens praten? Bel Veilig Thuis: "
                       "%(veilig_thuis)s, gratis en dag en nacht."),
    "ask_privacy": N_("Signaal bewaart je gesprek niet. Je hebt geen account en je hoeft geen "
                      "naam te geven. Je berichten, je IP-adres en je naam worden niet "
                      "opgeslagen en niemand leest mee. Het gesprek verdwijnt %(minutes)s "
                      "minuten na je laatste bericht, of meteen als je op Snel weg drukt. Je "
                      "browser kan wel laten zien dat je deze site bezocht: gebruik een "
                      "privévenster."),
    "thanks": N_("Graag gedaan. Je kunt me altijd iets nieuws vragen."),
    "goodbye": N_("Dag, tot ziens! Onthoud: bij gevaar bel je %(emergency)s, voor advies "
                  "Veilig Thuis %(veilig_thuis)s. Gebruik de knop Snel weg om deze pagina "
                  "direct te sluiten."),
    "affirm": N_("Oké. Waar kan ik je mee helpen?"),
    "deny": N_("Oké. Vraag gerust iets anders."),
}


class ActionSmalltalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        intent = tracker.latest_message.get("intent", {}).get("name", "greet")
        reply = REPLIES.get(intent, REPLIES["greet"])
        reply = t(locale, reply, emergency=phone("112"), veilig_thuis=phone("veilig-thuis"),
                  minutes=settings.current().conversation_ttl // 60)
        buttons = [button(t(locale, title), i, **e) for title, i, e in MENU]
        if intent == "ask_privacy":  # how to leave no trace in the browser either
            buttons = [b for b in [faq_button("bezoek-site-verbergen", locale)] if b]
        say(dispatcher, reply, buttons=buttons if intent in ("greet", "bot_identity", "affirm",
                                                             "ask_privacy") else None)
        return []
