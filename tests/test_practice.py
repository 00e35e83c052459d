"""Quiz, casus and campaign practice in the chat, through the real actions."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.campaign_join import ActionJoinCampaign, ValidateCampaignForm, participant_id
from bot.actions.casus import ActionAskCasusAnswer, ActionStartCasus, ValidateCasusForm
from bot.actions.practice import ActionStopPractice, choice_index
from bot.actions.quiz import ActionAskQuizAnswer, ActionQuizEnd, ActionStartQuiz, ValidateQuizForm
from content import campaign_store
from content.db import get_engine
from content.store import ContentStore
from tests.conftest import make_tracker, run_action

OPTIONS = ["Bel 112", "Bel Veilig Thuis", "Wacht af", "Zoek het op internet"]


def slots_from(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_answers_are_understood_however_they_are_typed():
    assert choice_index("b", OPTIONS) == 1
    assert choice_index("B.", OPTIONS) == 1
    assert choice_index("de tweede", OPTIONS) == 1
    assert choice_index("3", OPTIONS) == 2
    assert choice_index("bel veilig thuis", OPTIONS) == 1
    assert choice_index("internet", OPTIONS) == 3
    assert choice_index("geen idee eigenlijk", OPTIONS) is None


def test_a_quiz_on_a_topic_has_five_different_questions_of_mixed_difficulty():
    _, events = run_action(ActionStartQuiz(), text="quiz over ouderenmishandeling",
                           intent="start_quiz")
    state = slots_from(events)["quiz"]
    assert len(state["questions"]) == 5 == len(set(state["questions"]))
    store = ContentStore()
    levels = {store.get("quiz", slug)["difficulty"] for slug in state["questions"]}
    assert len(levels) >= 2


def test_quiz_round_gives_feedback_and_a_score():
    _, events = run_action(ActionStartQuiz(), text="ik wil een quiz doen", intent="start_quiz")
    state = slots_from(events)["quiz"]
    store = ContentStore()
    messages, _ = run_action(ActionAskQuizAnswer(), slots={"quiz": state})
    assert messages[0]["text"].startswith("Vraag 1 van 5") and len(messages[0]["buttons"]) >= 3
    for n, slug in enumerate(state["questions"]):
        question = store.get("quiz", slug)
        right = question["options"].index(question["answer"])
        answer = "ABCD"[right] if n % 2 == 0 else "ABCD"[(right + 1) % len(question["options"])]
        dispatcher = CollectingDispatcher()
        result = ValidateQuizForm().validate_quiz_answer(
            answer, dispatcher, make_tracker(text=answer, slots={"quiz": state}), {})
        state = result["quiz"]
        assert dispatcher.messages[0]["text"].startswith("Goed!" if n % 2 == 0 else "Niet goed")
        assert dispatcher.messages[0]["custom"]["sources"]
    assert result["quiz_answer"] == "klaar" and state["score"] == 3
    messages, events = run_action(ActionQuizEnd(), slots={"quiz": state})
    assert "3 van 5" in messages[0]["text"] and "Lees nog eens over" in messages[0]["text"]
    assert slots_from(events)["quiz"] is None


def test_unclear_quiz_answer_asks_again_without_losing_the_question():
    _, events = run_action(ActionStartQuiz(), text="quiz", intent="start_quiz")
    state = slots_from(events)["quiz"]
    dispatcher = CollectingDispatcher()
    result = ValidateQuizForm().validate_quiz_answer(
        "wat is intieme terreur", dispatcher, make_tracker(slots={"quiz": state}), {})
    assert result == {"quiz_answer": None}
    assert "Kies A, B, C of D" in dispatcher.messages[0]["text"]


def test_no_question_repeats_in_the_next_quiz_of_a_session():
    _, events = run_action(ActionStartQuiz(), text="quiz meldcode", intent="start_quiz")
    first = slots_from(events)
    _, events = run_action(ActionStartQuiz(), text="quiz meldcode", intent="start_quiz",
                           slots={"quiz_seen": first["quiz_seen"]})
    second = slots_from(events)["quiz"]["questions"]
    assert not set(second) & set(first["quiz"]["questions"])


def test_casus_walks_five_meldcode_steps_with_feedback():
    messages, events = run_action(ActionStartCasus(), text="oefencasus", intent="start_casus")
    assert messages[0]["text"].startswith("Oefencasus")
    state = slots_from(events)["casus"]
    for step in range(1, 6):
        asked, _ = run_action(ActionAskCasusAnswer(), slots={"casus": state})
        assert asked[0]["text"].startswith(f"Stap {step}")
        dispatcher = CollectingDispatcher()
        result = ValidateCasusForm().validate_casus_answer(
            "a", dispatcher, make_tracker(slots={"casus": state}), {})
        assert dispatcher.messages[0]["text"]
        state = result["casus"]
    assert result["casus_answer"] == "klaar"


def test_stop_ends_practice():
    messages, events = run_action(ActionStopPractice(), text="stop", intent="stop")
    assert messages[0]["text"]
    assert slots_from(events)["quiz"] is None and slots_from(events)["casus"] is None


def test_joining_a_campaign_by_code_and_answering_in_the_chat():
    engine = get_engine()
    created = campaign_store.create_campaign(engine, title="Week zonder Geweld", topics=[],
                                             n_questions=3, mode="self_paced")
    code = created["code"]
    messages, events = run_action(ActionJoinCampaign(), text=f"code {code.lower()}",
                                  intent="join_campaign")
    assert "Week zonder Geweld" in messages[0]["text"]
    tracker = make_tracker(text="a", slots=slots_from(events))
    question = campaign_store.current_question(engine, code, participant_id(tracker))
    state = {"code": code, "index": question["index"]}
    dispatcher = CollectingDispatcher()
    ValidateCampaignForm().validate_campaign_answer(
        "a", dispatcher, make_tracker(text="a", slots={"campaign": state}), {})
    counts = campaign_store.results(engine, code)[question["index"]]
    assert counts["answered"] == 1


def test_unknown_campaign_code_is_refused_clearly():
    messages, _ = run_action(ActionJoinCampaign(), text="code ZZZZZZ", intent="join_campaign")
    assert messages[0]["text"] and "Welkom" not in messages[0]["text"]
