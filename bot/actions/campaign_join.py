"""Joining a trainer's campaign session with a code ("code K7P3QM") and answering in the chat.

The participant id is a hash of the chat session: anonymous, and not the session id itself.
In a live session the form's messages carry a marker ({"campaign": {"question": n}}): the chat
page then polls /api/campaign/state and shows the trainer's next question by itself. An answer
to a question shown that way comes with the question's index in the message metadata
(`campaign_question`), so it counts for that question and never for a later one."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.campaign_messages import campaign_message
from bot.actions.common import latest_entity, latest_text, locale_of, say
from bot.actions.practice import (
    PracticeValidation,
    Shown,
    end_practice,
    leave,
    letters_hint,
    read_reply,
    shown,
    stale_button,
    was_asked,
)
from bot.i18n import N_, t
from campaigns import service as campaign_store
from campaigns.core import CODE_ALPHABET
from campaigns.db import runtime_engine
from campaigns.errors import CampaignError
from campaigns.participant import participant_for_session
from content.quiz_order import option_id
from content.text import normalise

CODE = re.compile(rf"\b([{CODE_ALPHABET}]{{6}})\b")
NEXT = {"volgende", "next", "verder", "volgende vraag", "next question"}  # show what is current

# Our own sentences (bot/i18n.py translates them); the quiz content itself stays Dutch.
TEXTS: dict[str, str] = {
    "ask_code": N_("Typ de code van de sessie, bijvoorbeeld: code K7P3QM."),
    "welcome": N_("Welkom bij '%(title)s'. Je doet anoniem mee. Typ stop om te stoppen."),
    "wait_first": N_("Wacht tot de trainer de eerste vraag start. De vraag verschijnt hier "
                     "vanzelf."),
    "wait_next": N_("De volgende vraag verschijnt hier vanzelf zodra de trainer verdergaat."),
    "all_done": N_("Je hebt alle vragen beantwoord die nu openstaan. Kom later terug met "
                   "dezelfde code voor de volgende vraag."),
    "next": N_("Volgende vraag"),
    "question": N_("Vraag %(number)d van %(total)d: %(question)s"),
    "choose": N_("Kies %(letters)s, of typ stop."),
    "guess": N_("Kies het antwoord dat jou het meest waarschijnlijk lijkt: %(letters)s. Elk "
                "antwoord telt anoniem mee."),
    "leave": N_("We stoppen met de sessie. Met dezelfde code kun je later verder."),
    "saved": N_("Dank je, je antwoord is opgeslagen. De trainer bespreekt zo de uitkomst."),
    "right": N_("Goed!"),
    "answer_is": N_("Het juiste antwoord: %(answer)s."),
    "end": N_("De sessie is voorbij. Bedankt voor het meedoen!"),
}


def text(key: str, locale: str, **values: Any) -> str:
    return t(locale, TEXTS[key], **values)


def participant_id(tracker: Tracker) -> str:
    return participant_for_session(tracker.sender_id)


def code_in(tracker: Tracker) -> str | None:
    for said in (latest_entity(tracker, "code"), latest_text(tracker)):
        match = CODE.search((said or "").upper())
        if match:
            return match.group(1)
    return None


def mark_live(dispatcher: CollectingDispatcher, question: int | None = None) -> None:
    """Tell the chat page: this conversation is in a live session (and it showed question n)."""
    dispatcher.utter_message(json_message={"campaign": {"question": question}})


def shown_question(tracker: Tracker, state: dict[str, Any]) -> int | None:
    """The question being answered: the one the chat page showed, else the one the bot asked."""
    shown = (tracker.latest_message.get("metadata") or {}).get("campaign_question")
    if isinstance(shown, int) and not isinstance(shown, bool):
        return shown
    return state.get("index")


class ActionJoinCampaign(Action):
    def name(self) -> str:
        return "action_join_campaign"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        code, locale = code_in(tracker), locale_of(tracker)
        if code is None:
            say(dispatcher, text("ask_code", locale))
            return []
        try:
            campaign = campaign_store.join(runtime_engine(), code, participant_id(tracker))
        except CampaignError as error:
            say(dispatcher, campaign_message(locale, error))
            return end_practice()
        say(dispatcher, text("welcome", locale, title=campaign["title"]))
        return [SlotSet("campaign", {"code": code}), SlotSet("campaign_answer", None)]


def page_or_bot_view(tracker: Tracker, question: dict[str, Any]) -> Shown:
    """The options as the person saw them: shuffled per chat session, whether the bot asked
    the question or the chat page showed it by polling (webchat/campaign_state.py uses the
    same order)."""
    return shown(tracker, question["slug"], question["options"])


class ActionAskCampaignAnswer(Action):
    def name(self) -> str:
        return "action_ask_campaign_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        code = (tracker.get_slot("campaign") or {}).get("code", "")
        engine = runtime_engine()
        try:
            question = campaign_store.current_question(engine, code, participant_id(tracker))
        except CampaignError as error:
            say(dispatcher, campaign_message(locale, error))
            return []
        campaign = campaign_store.get_campaign(engine, code) or {}
        live = campaign.get("mode") == "live"
        if question is None or question["answered"]:
            if not live:
                say(dispatcher, text("all_done", locale))
                return []
            started = question is not None or campaign.get("current_index", -1) >= 0
            say(dispatcher, text("wait_next" if started else "wait_first", locale),
                buttons=[{"title": text("next", locale), "payload": "volgende"}])
            mark_live(dispatcher)
            return []
        view = shown(tracker, question["slug"], question["options"])
        say(dispatcher, text("question", locale, number=question["index"] + 1,
                             total=question["total"], question=question["question"]) +
            f"\n{view.text()}", buttons=view.buttons())
        if live:
            mark_live(dispatcher, question["index"])
        return [SlotSet("campaign", {"code": code, "index": question["index"]})]


class ValidateCampaignForm(PracticeValidation):
    def name(self) -> str:
        return "validate_campaign_form"

    def validate_campaign_answer(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = tracker.get_slot("campaign") or {}
        locale, said = locale_of(tracker), str(value or "")
        # The message that joined ("code X") is no answer, also when a question is already
        # open for a latecomer: the form then asks it.
        if not was_asked(tracker, "campaign_answer") or normalise(said) in NEXT:
            return {"campaign_answer": None}  # ask again: shows what is current
        engine, participant = runtime_engine(), participant_id(tracker)
        try:
            question = campaign_store.current_question(engine, state.get("code", ""),
                                                       participant)
            if question is None or question["answered"]:
                return {"campaign_answer": None}  # ask again: says to wait
            view = page_or_bot_view(tracker, question)
            reply = read_reply(tracker, said, view)
            if reply.kind == "leave":
                return leave(dispatcher, text("leave", locale))
            if reply.kind == "stale":
                stale_button(dispatcher, tracker)
            if reply.kind == "stale" or question["index"] != shown_question(tracker, state):
                return {"campaign_answer": None}  # ask again: shows the current question
            if reply.kind != "option":
                say(dispatcher, text("guess" if reply.kind == "dont_know" else "choose", locale,
                                     letters=letters_hint(view, locale)))
                return {"campaign_answer": None}
            outcome = campaign_store.record_answer(engine, state["code"], participant,
                                                   question["index"], option_id(reply.option))
        except CampaignError as error:
            say(dispatcher, campaign_message(locale, error))
            return {"campaign_answer": "klaar"}
        campaign = campaign_store.get_campaign(engine, state["code"]) or {}
        if campaign.get("mode") == "self_paced":
            verdict = text("right", locale) if outcome["correct"] else text(
                "answer_is", locale, answer=outcome["answer"])
            say(dispatcher, f"{verdict}\n{outcome['explanation']}", sources=outcome["sources"])
        else:
            say(dispatcher, text("saved", locale))
        return {"campaign_answer": None}


class ActionCampaignEnd(Action):
    def name(self) -> str:
        return "action_campaign_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        say(dispatcher, text("end", locale_of(tracker)))
        return end_practice()
