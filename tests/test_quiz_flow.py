"""The quiz and casus forms as Rasa runs them: Rasa's own FormAction and slot extraction with
the real domain, our actions run by the real rasa_sdk executor in this process (the action
server's HTTP hop is the only thing left out). Covers issue 9 part 6 and issue 10 part 3."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import ActionExecutor

from content.quiz_order import option_id
from content.store import ContentStore

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = Domain.load(str(ROOT / "bot" / "domain"))
NLG = TemplatedNaturalLanguageGenerator(DOMAIN.responses)


class InProcessActionServer:
    """Rasa's action endpoint, answered by the real rasa_sdk executor with bot.actions."""

    url = "in-process"
    kwargs: dict = {}

    def __init__(self) -> None:
        self.executor = ActionExecutor()
        self.executor.register_package("bot.actions")

    async def request(self, json=None, **_):  # noqa: A002 - EndpointConfig.request's name
        return await self.executor.run(json)


ENDPOINT = InProcessActionServer()


class Conversation:
    """A tracker driven like Rasa's MessageProcessor drives it (minus the policies: each test
    names the action the rules predict)."""

    def __init__(self, locale: str = "nl", sender: str = "flow-test") -> None:
        self.locale = locale
        self.tracker = DialogueStateTracker.from_events(
            sender, [ActionExecuted("action_listen")], slots=DOMAIN.slots)

    def user(self, text: str, intent: str, confidence: float = 1.0,
             entities: dict | None = None) -> None:
        if self.tracker.latest_action_name != "action_listen":
            self.tracker.update(ActionExecuted("action_listen"))
        found = [{"entity": k, "value": v, "start": 0, "end": 0}
                 for k, v in (entities or {}).items()]
        self.tracker.update(UserUttered(text, {"name": intent, "confidence": confidence},
                                        found, metadata={"locale": self.locale}))
        self._run(ActionExtractSlots(ENDPOINT), log=False)

    def button(self, question: str, option_text: str) -> None:
        chosen = {"vraag": question, "optie": option_id(option_text)}
        self.user(f"/answer{json.dumps(chosen)}", "answer", entities=chosen)

    def action(self, name: str) -> tuple[list[str], list]:
        return self._run(RemoteAction(name, ENDPOINT))

    def form(self, name: str) -> tuple[list[str], list]:
        return self._run(FormAction(name, ENDPOINT))

    def _run(self, action, log: bool = True) -> tuple[list[str], list]:
        events = asyncio.run(action.run(CollectingOutputChannel(), NLG, self.tracker, DOMAIN))
        if log and not any(isinstance(e, ActionExecutionRejected) for e in events):
            self.tracker.update(ActionExecuted(action.name()))
        self.tracker.update_with_events(events, DOMAIN)
        return [e.text for e in events if isinstance(e, BotUttered)], events

    def slot(self, name: str):
        return self.tracker.get_slot(name)


def start_quiz(chat: Conversation, text: str = "ik wil een quiz doen") -> list[str]:
    chat.user(text, "start_quiz")
    said, _ = chat.action("action_start_quiz")
    asked, _ = chat.form("quiz_form")
    return said + asked


def current(chat: Conversation) -> dict:
    state = chat.slot("quiz")
    return ContentStore().get("quiz", state["questions"][state["index"]])


# --- 1. the message that starts a quiz or casus is no answer ------------------------------------

def test_a_quiz_starts_with_its_first_question_and_no_complaint():
    said = start_quiz(Conversation())
    assert not any("herken" in s for s in said), said
    assert said[-1].startswith("Vraag 1 van 5: ")
    assert len(said) == 2


def test_a_casus_starts_with_its_first_step_and_no_complaint():
    chat = Conversation()
    chat.user("oefencasus", "start_casus")
    said, _ = chat.action("action_start_casus")
    asked, _ = chat.form("casus_form")
    assert said[0].startswith("Oefencasus") and asked[-1].startswith("Stap 1: ")
    assert not any("Kies een van de antwoorden" in s for s in asked)


def test_the_answer_slot_is_filled_only_once_the_form_has_asked():
    chat = Conversation()
    start_quiz(chat)
    assert chat.slot("requested_slot") == "quiz_answer" and chat.slot("quiz_answer") is None
    chat.user("b", "answer")
    assert chat.slot("quiz_answer") == "b"


# --- 3. "weet ik niet" --------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["weet ik niet", "geen idee", "I don't know"])
def test_dont_know_reveals_the_right_answer_and_counts_as_wrong(said):
    chat = Conversation()
    start_quiz(chat)
    question = current(chat)
    chat.user(said, "answer")
    feedback, _ = chat.form("quiz_form")
    assert feedback[0].startswith("Geeft niet. Het juiste antwoord is ")
    assert question["answer"] in feedback[0] and question["explanation"] in feedback[0]
    assert feedback[1].startswith("Vraag 2 van 5")
    state = chat.slot("quiz")
    assert state["score"] == 0 and state["missed"] == [question["topic"]]


# --- 4. another request mid-practice leaves it --------------------------------------------------

@pytest.mark.parametrize(("text", "intent", "entities"), [
    ("wat is stalking", "ask_definition", {"vorm": "stalking"}),
    ("oefencasus", "start_casus", None),
    ("waar kan ik terecht?", "ask_where_to_turn", None),
    ("hoe lang duurt zo'n melding eigenlijk?", "nlu_fallback", None),
])
def test_another_request_mid_quiz_leaves_it_for_its_own_rule(text, intent, entities):
    chat = Conversation()
    start_quiz(chat)
    chat.user(text, intent, confidence=0.95 if intent != "nlu_fallback" else 0.4,
              entities=entities)
    said, events = chat.form("quiz_form")
    assert said == ["We stoppen de quiz."]
    assert ActiveLoop(None) in events and isinstance(events[-1], ActionExecutionRejected)
    # As Rasa's processor leaves it: the form's run is not logged, no loop is active, the
    # practice is forgotten; the rule for `intent` answers next (see bot/tests/test_practice).
    assert chat.tracker.active_loop_name is None
    assert chat.tracker.latest_action_name == "action_listen"
    assert chat.slot("quiz") is None and chat.slot("requested_slot") is None


def test_another_request_mid_casus_leaves_it():
    chat = Conversation(locale="en")
    chat.user("casus", "start_casus")
    chat.action("action_start_casus")
    chat.form("casus_form")  # the English notice
    chat.user("yes", "affirm")
    chat.form("casus_form")
    chat.user("what is stalking", "ask_definition", 0.9, {"vorm": "stalking"})
    said, _ = chat.form("casus_form")
    assert said == ["We stop the case."] and chat.tracker.active_loop_name is None


@pytest.mark.parametrize(("text", "intent"), [("nee", "deny"), ("echt?", "nlu_fallback"),
                                              ("dank je", "thanks")])
def test_a_reply_that_is_no_request_stays_in_the_quiz(text, intent):
    chat = Conversation()
    start_quiz(chat)
    chat.user(text, intent, confidence=0.99)
    said, _ = chat.form("quiz_form")
    assert said[0].startswith("Dat herken ik niet als antwoord.")
    assert said[1].startswith("Vraag 1 van 5") and chat.tracker.active_loop_name == "quiz_form"


def test_an_option_typed_in_full_is_an_answer_whatever_the_intent():
    chat = Conversation()
    start_quiz(chat)
    question = current(chat)
    chat.user(question["answer"], "ask_meldcode_step", confidence=0.99)
    said, _ = chat.form("quiz_form")
    assert said[0].startswith("Goed!") and chat.slot("quiz")["score"] == 1


# --- 5. an answer button names its question -----------------------------------------------------

def test_a_button_answers_its_own_question_and_an_earlier_one_is_refused():
    chat = Conversation()
    start_quiz(chat)
    first = current(chat)
    chat.button(first["slug"], first["answer"])
    said, _ = chat.form("quiz_form")
    assert said[0].startswith("Goed!") and said[1].startswith("Vraag 2 van 5")
    chat.button(first["slug"], first["answer"])  # pressed again, on question 1
    said, _ = chat.form("quiz_form")
    assert said[0].startswith("Die knop hoort bij een eerdere vraag.")
    assert said[1].startswith("Vraag 2 van 5") and chat.slot("quiz")["score"] == 1


def test_a_button_after_the_quiz_is_explained():
    chat = Conversation()
    chat.button("q-meldcode-1", "Het in kaart brengen van signalen")
    said, _ = chat.action("action_answer_outside_practice")
    assert said[0].startswith("Die knop hoort bij een eerdere vraag. Er loopt nu geen quiz")


# --- 6. options shuffled per session, scored by identity ----------------------------------------

def test_each_session_sees_its_own_order_and_is_scored_by_the_option():
    orders, right = set(), 0
    for n in range(12):
        chat = Conversation(sender=f"session-{n}")
        said = start_quiz(chat, "quiz over de meldcode")
        question = current(chat)
        lines = said[-1].split("\n")[1: 1 + len(question["options"])]
        orders.add(tuple(line[3:] for line in lines))
        letter = next(line[0] for line in lines if line[3:] == question["answer"])
        chat.user(letter.lower(), "answer")
        feedback, _ = chat.form("quiz_form")
        right += feedback[0].startswith("Goed!")
    assert right == 12 and len(orders) > 1


# --- 7. English mode ----------------------------------------------------------------------------

def test_english_mode_speaks_english_and_says_once_that_the_questions_are_dutch():
    chat = Conversation(locale="en")
    said = start_quiz(chat)
    assert said[0].startswith("Let's do a quiz with 5 questions.")
    assert said[1] == "The quiz questions are in Dutch. Shall we go on in Dutch?"
    chat.user("/affirm", "affirm")
    said, _ = chat.form("quiz_form")
    assert said[0].startswith("Question 1 of 5: ") and "Type the letter" in said[0]
    chat.user("no idea", "answer")
    said, _ = chat.form("quiz_form")
    assert said[0].startswith("No problem. The right answer is ")
    chat.user("stop", "stop")
    chat.action("action_stop_practice")
    chat.tracker.update(ActiveLoop(None))
    again = start_quiz(chat)  # a second quiz: no notice
    assert again[-1].startswith("Question 1 of 5: ")


def test_no_to_the_dutch_notice_leaves_the_quiz():
    chat = Conversation(locale="en")
    start_quiz(chat)
    chat.user("no", "deny")
    said, _ = chat.form("quiz_form")
    assert said == ["We stop the quiz."] and chat.tracker.active_loop_name is None


def test_an_option_that_starts_with_a_number_typed_in_full_is_that_option():
    from bot.actions.practice import choice_index

    options = ["1 januari 2019", "1 juli 2013", "1 juli 2019", "1 januari 2013"]
    assert choice_index("1 juli 2013", options) == 1
    assert choice_index("1", options) == 0 and choice_index("antwoord 3", options) == 2
