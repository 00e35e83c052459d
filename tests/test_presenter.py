"""The presenter view (/trainer/<code>/present), the participant's poll (/api/campaign/state)
and the bot's side of it: a question shown by the poll is answered with one tap."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select, update

from bot.actions.campaign_join import (
    ActionAskCampaignAnswer,
    ActionJoinCampaign,
    ValidateCampaignForm,
    participant_id,
)
from campaigns import service as cs
from campaigns.participant import participant_for_session
from campaigns.tables import campaign_participants, chat_sessions, id_hash
from tests.conftest import make_tracker, run_action
from tests.rasa_stub import RasaStub
from tests.test_campaigns import PASSWORD, bearer, login
from webchat import create_app, sessions
from webchat.rasa_client import to_api_messages


@pytest.fixture
def app():
    return create_app({"TESTING": True, "TRAINER_PASSWORD": PASSWORD,
                       "TRAINER_LOGIN_RATE": (1000, 60.0), "STATE_RATE": (1000, 10.0)})


@pytest.fixture
def client(app):
    return app.test_client()


def live(engine, n=3, mode="live"):
    return cs.create_campaign(engine, title="Week zonder Geweld", topics=[], n_questions=n,
                              mode=mode)


def chat_session(app) -> str:
    with app.app_context():
        return sessions.start()


def state(client, session, locale="nl"):
    return client.post("/api/campaign/state", json={"session": session, "locale": locale})


# --- the participant's poll --------------------------------------------------------------------

def test_state_follows_the_trainer_waiting_question_answered_closed(app, client, engine):
    created = live(engine)
    code, token = created["code"], created["admin_token"]
    session = chat_session(app)
    participant = participant_for_session(session)
    cs.join(engine, code, participant)

    waiting = state(client, session)
    assert waiting.status_code == 200 and waiting.headers["Cache-Control"] == "no-store"
    assert waiting.get_json() == {"active": True, "status": "waiting"}

    cs.advance(engine, code, token)
    body = state(client, session).get_json()
    assert body["active"] and body["status"] == "question" and body["index"] == 0
    question = cs.current_question(engine, code, participant)
    assert body["message"]["text"].startswith(f"Vraag 1 van 3: {question['question']}\nA. ")
    buttons = body["message"]["buttons"]
    assert [b["payload"] for b in buttons] == list("ABCD")[: len(question["options"])]
    assert all(b["question"] == 0 and b["title"][1:3] == ". " for b in buttons)

    cs.record_answer(engine, code, participant, 0, 1)
    assert state(client, session).get_json() == {"active": True, "status": "answered",
                                                 "index": 0}
    cs.advance(engine, code, token)
    assert state(client, session).get_json()["index"] == 1

    cs.close(engine, code, token)
    closed = state(client, session).get_json()
    assert closed["active"] is False and closed["status"] == "closed"
    assert "gesloten" in closed["message"]["text"]


def test_state_in_english(app, client, engine):
    created = live(engine)
    session = chat_session(app)
    cs.join(engine, created["code"], participant_for_session(session))
    cs.advance(engine, created["code"], created["admin_token"])
    body = state(client, session, "en").get_json()
    assert body["message"]["text"].startswith("Question 1 of 3: ")


def test_state_for_strangers_self_paced_and_expired_sessions(app, client, engine):
    assert state(client, chat_session(app)).get_json() == {"active": False, "status": "none"}
    assert state(client, "nobody-knows-this-session").get_json()["active"] is False
    self_paced = live(engine, mode="self_paced")
    session = chat_session(app)
    cs.join(engine, self_paced["code"], participant_for_session(session))
    assert state(client, session).get_json() == {"active": False, "status": "self_paced"}
    # An expired chat session is not revived by polling, and polling does not keep it alive.
    joined = chat_session(app)
    cs.join(engine, live(engine)["code"], participant_for_session(joined))
    old = datetime.utcnow() - timedelta(hours=2)
    with engine.begin() as conn:
        conn.execute(update(chat_sessions).values(last_seen=old).where(
            chat_sessions.c.id_hash == id_hash(joined)))
    assert state(client, joined).get_json()["active"] is False
    with engine.connect() as conn:
        seen = conn.execute(select(chat_sessions.c.last_seen).where(
            chat_sessions.c.id_hash == id_hash(joined))).scalar()
    assert seen == old


@pytest.mark.parametrize("body", [None, [], {}, {"session": 5}, {"session": ""},
                                  {"session": "x" * 101}, {"session": "abc", "locale": "de"}])
def test_state_bad_input_is_400_json(client, body):
    response = client.post("/api/campaign/state", json=body)
    assert response.status_code == 400 and response.get_json()["error"]


def test_state_is_post_only_and_rate_limited_per_session():
    app = create_app({"TESTING": True, "STATE_RATE": (2, 60.0)})
    client = app.test_client()
    assert client.get("/api/campaign/state?session=abc").status_code == 405
    session = chat_session(app)
    assert [state(client, session).status_code for _ in range(3)] == [200, 200, 429]
    assert state(client, chat_session(app)).status_code == 200  # another session is not held up


def test_state_stores_and_logs_nothing_of_the_session(app, client, engine, caplog):
    created = live(engine)
    session = chat_session(app)
    cs.join(engine, created["code"], participant_for_session(session))
    with caplog.at_level("DEBUG"):
        state(client, session)
    assert session not in caplog.text
    with engine.connect() as conn:
        hashes = [r.participant_hash for r in conn.execute(select(campaign_participants))]
    assert session not in hashes and participant_for_session(session) not in hashes


# --- the chat API carries the shown question to the bot ----------------------------------------

def test_chat_passes_the_shown_question_as_metadata():
    stub = RasaStub()
    try:
        client = create_app({"TESTING": True, "RASA_URLS": (stub.url,)}).test_client()
        assert client.post("/api/chat", json={"message": "B", "question": 2,
                                             "locale": "nl"}).status_code == 200
        assert stub.requests[-1][2]["metadata"] == {"locale": "nl", "campaign_question": 2}
        for bad in ("2", -1, True, 1.5):
            response = client.post("/api/chat", json={"message": "B", "question": bad})
            assert response.status_code == 400 and response.get_json()["error"]
    finally:
        stub.close()


def test_the_bots_campaign_marker_reaches_the_page():
    messages = to_api_messages([
        {"text": "Vraag 1 van 3: ...", "buttons": [{"title": "A. x", "payload": "A"}]},
        {"custom": {"campaign": {"question": 0}}},
        {"text": "Nog iets?"}, {"custom": {"campaign": {"question": "nope"}}}])
    assert messages[0]["campaign"] == {"question": 0}
    assert messages[1]["campaign"] == {"question": None}


# --- the bot -----------------------------------------------------------------------------------

def markers(messages):
    return [m["custom"]["campaign"] for m in messages if (m.get("custom") or {}).get("campaign")]


def test_joining_before_the_first_question_waits_and_a_polled_question_takes_one_tap(engine):
    created = live(engine)
    code, token = created["code"], created["admin_token"]
    messages, events = run_action(ActionJoinCampaign(), text=f"code {code}", intent="join_campaign")
    assert "Welkom" in messages[0]["text"]
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    asked, _ = run_action(ActionAskCampaignAnswer(), slots=slots)
    assert asked[0]["text"].startswith("Wacht tot de trainer de eerste vraag start")
    assert "binnen" not in asked[0]["text"] and markers(asked) == [{"question": None}]

    cs.advance(engine, code, token)
    # The page showed question 1 by polling; the bot never asked it (its slot has no index).
    tracker = make_tracker(text="B", slots={**slots, "requested_slot": "campaign_answer"})
    tracker.latest_message["metadata"]["campaign_question"] = 0
    dispatcher = CollectingDispatcher()
    ValidateCampaignForm().validate_campaign_answer("B", dispatcher, tracker, {})
    assert cs.results(engine, code)[0]["answered"] == 1
    participant = participant_id(tracker)
    assert cs.current_question(engine, code, participant)["answered"]
    asked, _ = run_action(ActionAskCampaignAnswer(), slots=slots)
    assert "vanzelf" in asked[0]["text"] and markers(asked) == [{"question": None}]

    # A tap on question 1 that arrives after the trainer moved on does not count for question 2.
    cs.advance(engine, code, token)
    ValidateCampaignForm().validate_campaign_answer("A", CollectingDispatcher(), tracker, {})
    assert cs.results(engine, code)[1]["answered"] == 0
    asked, events = run_action(ActionAskCampaignAnswer(), slots=slots)
    assert asked[0]["text"].startswith("Vraag 2 van 3: ") and markers(asked) == [{"question": 1}]
    cs.close(engine, code, token)


def test_the_campaign_speaks_english_in_english_mode(engine):
    created = live(engine)
    code = created["code"]
    messages, events = run_action(ActionJoinCampaign(), text=f"code {code}",
                                  intent="join_campaign", locale="en")
    assert messages[0]["text"].startswith("Welcome to 'Week zonder Geweld'")
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    asked, _ = run_action(ActionAskCampaignAnswer(), slots=slots, locale="en")
    assert asked[0]["text"].startswith("Wait until the trainer starts the first question")
    cs.advance(engine, code, created["admin_token"])
    asked, _ = run_action(ActionAskCampaignAnswer(), slots=slots, locale="en")
    assert asked[0]["text"].startswith("Question 1 of 3: ")
    cs.close(engine, code, created["admin_token"])


# --- the presenter -----------------------------------------------------------------------------

def test_presenter_page_needs_login_and_shows_code_qr_and_script(client, engine):
    code = live(engine)["code"]
    assert client.get(f"/trainer/{code}/present").status_code == 302
    login(client)
    assert client.get("/trainer/ZZZZZZ/present").status_code == 404
    page = client.get(f"/trainer/{code}/present")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'class="present-code">{code}<' in html
    assert f"/trainer/{code}/qr.svg" in html and "presenter.js" in html and "presenter.css" in html
    assert "quick-exit" not in html and "<script>" not in html and "style=" not in html
    for text in ("Antwoord tonen", "Volgende vraag", "Timer (seconden)"):
        assert text in html
    english = client.get(f"/trainer/{code}/present?lang=en").get_data(as_text=True)
    for text in ("Show answer", "Next question", "Timer (seconds)", "Question {number} of"):
        assert text in english


def test_presenter_of_a_campaign_made_elsewhere_asks_for_the_token(client, engine):
    created = live(engine)
    login(client)
    html = client.get(f"/trainer/{created['code']}/present").get_data(as_text=True)
    assert 'data-owned="false"' in html and 'id="token-form"' in html
    assert created["admin_token"] not in html


def test_participants_are_counted_in_the_right_plural(client, engine):
    created = live(engine)
    login(client)
    for lang, one, other in (("nl", "{n} deelnemer", "{n} deelnemers"),
                             ("en", "{n} participant", "{n} participants")):
        html = client.get(f"/trainer/{created['code']}?lang={lang}").get_data(as_text=True)
        assert f'"one": "{one}"' in html and f'"other": "{other}"' in html


def test_results_give_the_explanation_only_once_revealed(client, engine):
    created = live(engine)
    code, auth = created["code"], bearer(created["admin_token"])
    cs.advance(engine, code, created["admin_token"])
    before = client.get(f"/api/campaigns/{code}/results", headers=auth).get_json()["questions"]
    assert before[0]["explanation"] is None and before[0]["correct"] is None
    client.post(f"/api/campaigns/{code}/reveal", headers=auth)
    after = client.get(f"/api/campaigns/{code}/results", headers=auth).get_json()["questions"]
    assert after[0]["explanation"] and after[0]["correct"] is not None
    assert after[1]["explanation"] is None
    assert re.search(r"\w", after[0]["explanation"])
