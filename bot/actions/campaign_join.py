"""Joining a trainer's campaign session with a code ("code K7P3QM") and answering in the chat.

The participant id is a hash of the chat session: anonymous, and not the session id itself."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import latest_entity, latest_text, locale_of, say, store
from bot.actions.practice import choice_buttons, choice_index, choices_text, end_practice
from content import campaign_store
from content.campaign_db import CODE_ALPHABET, CampaignError

CODE = re.compile(rf"\b([{CODE_ALPHABET}]{{6}})\b")


def participant_id(tracker: Tracker) -> str:
    return hashlib.sha256(f"signaal-campaign:{tracker.sender_id}".encode()).hexdigest()[:32]


def code_in(tracker: Tracker) -> str | None:
    for said in (latest_entity(tracker, "code"), latest_text(tracker)):
        match = CODE.search((said or "").upper())
        if match:
            return match.group(1)
    return None


class ActionJoinCampaign(Action):
    def name(self) -> str:
        return "action_join_campaign"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        code, locale = code_in(tracker), locale_of(tracker)
        if code is None:
            say(dispatcher, "Typ de code van de sessie, bijvoorbeeld: code K7P3QM.")
            return []
        try:
            campaign = campaign_store.join(store().engine, code, participant_id(tracker))
        except CampaignError as error:
            say(dispatcher, error.message(locale))
            return end_practice()
        say(dispatcher, f"Welkom bij '{campaign['title']}'. Je doet anoniem mee. "
            "Typ stop om te stoppen.")
        return [SlotSet("campaign", {"code": code}), SlotSet("campaign_answer", None)]


class ActionAskCampaignAnswer(Action):
    def name(self) -> str:
        return "action_ask_campaign_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        code = (tracker.get_slot("campaign") or {}).get("code", "")
        try:
            question = campaign_store.current_question(store().engine, code,
                                                       participant_id(tracker))
        except CampaignError as error:
            say(dispatcher, error.message(locale_of(tracker)))
            return []
        if question is None or question["answered"]:
            say(dispatcher, "Je antwoord is binnen. Wacht op de volgende vraag van de trainer "
                "en typ dan 'volgende'.", buttons=[{"title": "Volgende", "payload": "volgende"}])
            return []
        say(dispatcher, f"Vraag {question['index'] + 1}: {question['question']}\n"
            f"{choices_text(question['options'])}", buttons=choice_buttons(question["options"]))
        return [SlotSet("campaign", {"code": code, "index": question["index"]})]


class ValidateCampaignForm(FormValidationAction):
    def name(self) -> str:
        return "validate_campaign_form"

    def validate_campaign_answer(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = tracker.get_slot("campaign") or {}
        engine, participant = store().engine, participant_id(tracker)
        try:
            question = campaign_store.current_question(engine, state.get("code", ""),
                                                       participant)
            if question is None or question["answered"] or question["index"] != state.get(
                    "index"):
                return {"campaign_answer": None}  # ask again: shows the current question
            chosen = choice_index(str(value), question["options"])
            if chosen is None:
                say(dispatcher, "Kies A, B, C of D, of typ stop.")
                return {"campaign_answer": None}
            outcome = campaign_store.record_answer(engine, state["code"], participant,
                                                   question["index"], chosen)
        except CampaignError as error:
            say(dispatcher, error.message(locale_of(tracker)))
            return {"campaign_answer": "klaar"}
        campaign = campaign_store.get_campaign(engine, state["code"]) or {}
        if campaign.get("mode") == "self_paced":
            verdict = ("Goed!" if outcome["correct"]
                       else f"Het juiste antwoord: {outcome['answer']}.")
            say(dispatcher, f"{verdict}\n{outcome['explanation']}", sources=outcome["sources"])
        else:
            say(dispatcher, "Dank je, je antwoord is opgeslagen. De trainer bespreekt zo de "
                "uitkomst.")
        return {"campaign_answer": None}


class ActionCampaignEnd(Action):
    def name(self) -> str:
        return "action_campaign_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        say(dispatcher, "De sessie is voorbij. Bedankt voor het meedoen!")
        return end_practice()
