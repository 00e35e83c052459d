"""Trainer campaign sessions: the service (campaigns.service) and the Flask routes."""

from __future__ import annotations

import base64
import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from campaigns import service as cs
from campaigns.errors import CODES
from campaigns.tables import campaign_participants, campaigns, trainer_credentials
from campaigns.trainers import set_trainer_password, verify_trainer_password
from content.store import ContentStore
from webchat import create_app

PASSWORD = "test-trainer-wachtwoord"


def live_campaign(engine, **kw):
    args = {"title": "Week zonder Geweld", "topics": [], "n_questions": 3, "mode": "live", **kw}
    return cs.create_campaign(engine, **args)


def set_row(engine, code, **values):
    with engine.begin() as conn:
        conn.execute(update(campaigns).where(campaigns.c.code == code).values(**values))


def person(n: int | str) -> str:
    return f"participant-{n}-random-id"


# --- service -----------------------------------------------------------------------------------

def test_create_campaign_code_token_and_only_a_hash_stored(engine):
    created = live_campaign(engine)
    assert re.fullmatch(f"[{cs.CODE_ALPHABET}]{{6}}", created["code"])
    assert len(created["admin_token"]) >= 40
    with engine.connect() as conn:
        row = conn.execute(select(campaigns).where(campaigns.c.id == created["id"])).one()
    assert created["admin_token"] not in str(tuple(row))
    assert cs.check_admin(engine, created["code"], created["admin_token"])
    assert not cs.check_admin(engine, created["code"], "wrong")
    assert not cs.check_admin(engine, created["code"], None)


def test_topics_filter_and_mixed_difficulty(engine, loaded_content):
    created = cs.create_campaign(engine, title="Meldcode", topics=["meldcode"], n_questions=6,
                                 mode="live")
    campaign = cs.get_campaign(engine, created["code"])
    assert len(campaign["questions"]) == 6 == len(set(campaign["questions"]))
    quiz = {q["slug"]: q for q in cs.results(engine, created["code"])}
    store_items = {i["slug"]: i for i in ContentStore().all("quiz")}
    assert {store_items[s]["topic"] for s in quiz} == {"meldcode"}
    assert len({store_items[s]["difficulty"] for s in quiz}) > 1


@pytest.mark.parametrize("kw", [
    {"mode": "sometimes"}, {"n_questions": 0}, {"n_questions": 51}, {"n_questions": "5"},
    {"topics": ["bestaat-niet"]}, {"topics": "meldcode"}, {"title": "  "},
    {"questions_per_day": 0}, {"expires_in_days": True},
])
def test_create_campaign_rejects_bad_input(engine, kw):
    with pytest.raises(cs.CampaignError) as info:
        live_campaign(engine, **kw)
    assert info.value.code in CODES  # a known refusal: the webchat and the bot put it in words


def test_get_campaign_is_case_insensitive_and_unknown_is_none(engine):
    code = live_campaign(engine)["code"]
    campaign = cs.get_campaign(engine, code.lower())
    assert campaign["code"] == code and campaign["status"] == "open"
    assert campaign["mode"] == "live" and campaign["current_index"] == -1
    assert cs.get_campaign(engine, "ZZZZZZ") is None
    assert cs.get_campaign(engine, None) is None


def test_join_unknown_code_and_nickname_is_cleaned(engine):
    with pytest.raises(cs.CampaignError) as info:
        cs.join(engine, "QQQQQQ", person(1))
    assert info.value.code == "not_found"
    code = live_campaign(engine)["code"]
    joined = cs.join(engine, code, person(1), nickname="  Anna\x00\x1b[31m" + "x" * 50)
    assert joined["nickname"].startswith("Anna") and len(joined["nickname"]) <= 30
    assert "\x00" not in joined["nickname"] and "\x1b" not in joined["nickname"]
    assert cs.join(engine, code, person(2), nickname=" \t ")["nickname"] is None
    assert cs.get_campaign(engine, code)["participants"] == 2
    with pytest.raises(cs.CampaignError):
        cs.join(engine, code, "short")


def test_participant_id_is_not_stored_raw(engine):
    code = live_campaign(engine)["code"]
    cs.join(engine, code, "very-secret-participant-id")
    with engine.connect() as conn:
        rows = conn.execute(select(campaign_participants)).all()
    assert all("very-secret" not in str(tuple(r)) for r in rows)


def test_live_flow_answers_counted_once_and_reveal(engine):
    created = live_campaign(engine)
    code, token = created["code"], created["admin_token"]
    cs.join(engine, code, person(1))
    assert cs.current_question(engine, code, person(1)) is None  # not started
    assert cs.advance(engine, code, token)["current_index"] == 0
    question = cs.current_question(engine, code, person(1))
    assert question["index"] == 0 and question["options"] and not question["answered"]
    results = cs.results(engine, code)
    right = question["options"].index(
        cs.record_answer(engine, code, person(1), 0, 0)["answer"])
    assert cs.current_question(engine, code, person(1))["answered"] is True
    with pytest.raises(cs.CampaignError):  # a second answer is rejected, not double counted
        cs.record_answer(engine, code, person(1), 0, 1)
    outcome = cs.record_answer(engine, code, person(2), 0, right)  # joins implicitly
    assert outcome["correct"] is True and outcome["explanation"] and outcome["sources"]
    assert {"title", "url"} <= set(outcome["sources"][0])
    with pytest.raises(cs.CampaignError):  # not the current question
        cs.record_answer(engine, code, person(3), 1, 0)
    for bad in (-1, 99, "0", True):
        with pytest.raises(cs.CampaignError):
            cs.record_answer(engine, code, person(3), bad, 0)
    for bad in (-1, 99, None):
        with pytest.raises(cs.CampaignError):
            cs.record_answer(engine, code, person(3), 0, bad)
    results = cs.results(engine, code)
    assert results[0]["answered"] == 2 and sum(results[0]["counts"]) == 2
    assert results[0]["correct"] is None and results[1]["answered"] == 0
    cs.reveal(engine, code, token)
    assert cs.results(engine, code)[0]["correct"] == right
    assert cs.results(engine, code)[1]["correct"] is None
    cs.advance(engine, code, token)
    cs.advance(engine, code, token)
    with pytest.raises(cs.CampaignError):  # past the last question
        cs.advance(engine, code, token)


def test_admin_actions_need_the_token(engine):
    code = live_campaign(engine)["code"]
    for action in (cs.advance, cs.reveal, cs.close):
        with pytest.raises(cs.CampaignAuthError):
            action(engine, code, "not-the-token")
    with pytest.raises(cs.CampaignNotFound):
        cs.advance(engine, "ZZZZZZ", "x")


def test_self_paced_releases_questions_per_day(engine):
    created = cs.create_campaign(engine, title="Orange the World", topics=[], n_questions=5,
                                 mode="self_paced", questions_per_day=2)
    code, token = created["code"], created["admin_token"]
    first = cs.current_question(engine, code, person(1))
    assert first["index"] == 0
    cs.record_answer(engine, code, person(1), 0, 0)
    assert cs.current_question(engine, code, person(1))["index"] == 1
    with pytest.raises(cs.CampaignError):  # not released yet
        cs.record_answer(engine, code, person(1), 2, 0)
    cs.record_answer(engine, code, person(1), 1, 0)
    assert cs.current_question(engine, code, person(1)) is None
    set_row(engine, code, created_at=datetime.utcnow() - timedelta(days=1, minutes=1))
    assert cs.current_question(engine, code, person(1))["index"] == 2
    assert cs.current_question(engine, code, person(2))["index"] == 0
    with pytest.raises(cs.CampaignError):  # self-paced does not advance
        cs.advance(engine, code, token)
    assert cs.reveal(engine, code, token)["revealed"] == [0, 1, 2, 3]


def test_closed_and_expired_sessions_reject(engine):
    created = live_campaign(engine)
    code, token = created["code"], created["admin_token"]
    cs.advance(engine, code, token)
    cs.record_answer(engine, code, person(1), 0, 0)
    assert cs.close(engine, code, token) == {"status": "closed"}
    assert cs.close(engine, code, token) == {"status": "closed"}  # idempotent
    assert cs.get_campaign(engine, code)["status"] == "closed"
    # Someone who joined hears it is closed (a newcomer cannot tell: test_trainer_security).
    for call in (lambda: cs.join(engine, code, person(1)),
                 lambda: cs.record_answer(engine, code, person(2), 0, 0),
                 lambda: cs.current_question(engine, code, person(2)),
                 lambda: cs.advance(engine, code, token)):
        with pytest.raises(cs.CampaignError) as info:
            call()
        assert info.value.code == "closed"
    assert cs.results(engine, code)[0]["correct"] is not None  # shown once closed
    expired = live_campaign(engine)["code"]
    cs.join(engine, expired, person(1))
    set_row(engine, expired, expires_at=datetime.utcnow() - timedelta(seconds=1))
    assert cs.get_campaign(engine, expired)["status"] == "expired"
    with pytest.raises(cs.CampaignError) as info:
        cs.join(engine, expired, person(1))
    assert info.value.code == "expired"


def test_export_csv_per_person_rows_only_with_nickname(engine):
    created = live_campaign(engine)
    code, token = created["code"], created["admin_token"]
    cs.advance(engine, code, token)
    cs.join(engine, code, person(1))
    cs.record_answer(engine, code, person(1), 0, 0)
    text = cs.export_csv(engine, code)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["question", "question_text", "option", "option_text", "count"]
    assert "nickname" not in text and all(len(r) == 6 for r in rows)
    assert sum(int(r[4]) for r in rows[1:] if r[0] == "1") == 1
    cs.join(engine, code, person(2), nickname="=HYPERLINK(1)")
    cs.record_answer(engine, code, person(2), 0, 1)
    rows = list(csv.reader(io.StringIO(cs.export_csv(engine, code))))
    named = rows[rows.index(["nickname", "question", "option", "option_text", "correct"]) + 1:]
    assert [r[0] for r in named] == ["'=HYPERLINK(1)"]  # formula neutralised


def test_trainer_password_hash_wins_over_dev_password(engine):
    try:
        assert verify_trainer_password(engine, "dev", "dev")
        set_trainer_password(engine, "een-lang-wachtwoord")
        with engine.connect() as conn:
            stored = conn.execute(select(trainer_credentials.c.password_hash)).scalar_one()
        assert "een-lang-wachtwoord" not in stored
        assert verify_trainer_password(engine, "een-lang-wachtwoord", "dev")
        assert not verify_trainer_password(engine, "dev", "dev")
        assert not verify_trainer_password(engine, "", None)
    finally:
        with engine.begin() as conn:
            conn.execute(delete(trainer_credentials))


# --- Flask -------------------------------------------------------------------------------------

@pytest.fixture
def app():
    return create_app({"TESTING": True, "TRAINER_PASSWORD": PASSWORD,
                       "TRAINER_LOGIN_RATE": (1000, 60.0)})


@pytest.fixture
def client(app):
    return app.test_client()


def basic(user="trainer", password=PASSWORD):
    raw = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def api_create(client, **body):
    payload = {"title": "Week zonder Geweld", "topics": ["meldcode"], "n_questions": 3,
               "mode": "live", **body}
    return client.post("/api/campaigns", json=payload, headers=basic())


def test_api_create_and_results(client):
    response = api_create(client)
    assert response.status_code == 201
    body = response.get_json()
    assert body["join_url"].endswith(f"/?join={body['code']}")
    results = client.get(f"/api/campaigns/{body['code']}/results",
                         headers=bearer(body["admin_token"]))
    assert results.status_code == 200
    data = results.get_json()
    assert data["campaign"]["status"] == "open" and len(data["questions"]) == 3
    assert "admin_hash" not in str(data) and "id" not in data["campaign"]
    assert results.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("headers", [
    {}, basic(password="fout"), basic(user="admin"), {"Authorization": "Bearer x"},
    {"Authorization": "Basic !!!"},
])
def test_api_create_needs_trainer_auth(client, headers):
    response = client.post("/api/campaigns", json={"title": "x", "topics": [],
                                                   "n_questions": 1, "mode": "live"},
                           headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize("body", [
    {"mode": "weird"}, {"n_questions": "drie"}, {"n_questions": None}, {"topics": ["nope"]},
    {"title": None}, {"topics": "meldcode"}, {"expires_in_days": 0},
])
def test_api_create_bad_input_is_400(client, body):
    response = api_create(client, **body)
    assert response.status_code == 400 and response.get_json()["error"]


def test_api_create_non_json_is_400(client):
    for data in (b"not json", b"[1,2]", b"\xff\xfe"):
        response = client.post("/api/campaigns", data=data, headers=basic(),
                               content_type="application/json")
        assert response.status_code == 400 and response.get_json()["error"]


def test_api_errors_are_in_english_when_asked(client):
    response = client.post("/api/campaigns?lang=en", json={"mode": "live"}, headers=basic())
    assert response.status_code == 400 and "title" in response.get_json()["error"]
    response = client.get("/api/campaigns/ZZZZZZ/results?lang=en", headers=bearer("x"))
    assert response.get_json()["error"] == "No valid admin token for this session."


def test_api_auth_and_unknown_code(client):
    body = api_create(client).get_json()
    code = body["code"]
    for method, path in (("get", "results"), ("post", "advance"), ("post", "reveal"),
                         ("post", "close"), ("get", "export.csv")):
        call = getattr(client, method)
        assert call(f"/api/campaigns/{code}/{path}").status_code == 401
        assert call(f"/api/campaigns/{code}/{path}", headers=bearer("wrong")).status_code == 401
        # An unknown code is answered like a wrong token: codes cannot be probed.
        missing = call(f"/api/campaigns/ZZZZZZ/{path}", headers=bearer(body["admin_token"]))
        assert missing.status_code == 401 and missing.get_json()["error"]


def test_api_control_flow_and_export(client, engine):
    body = api_create(client).get_json()
    code, auth = body["code"], bearer(body["admin_token"])
    assert client.post(f"/api/campaigns/{code}/reveal", headers=auth).status_code == 400
    assert client.post(f"/api/campaigns/{code}/advance", headers=auth).get_json() == {
        "current_index": 0, "total": 3}
    cs.record_answer(engine, code, person("api"), 0, 0)
    assert client.post(f"/api/campaigns/{code}/reveal", headers=auth).status_code == 200
    data = client.get(f"/api/campaigns/{code.lower()}/results", headers=auth).get_json()
    assert data["questions"][0]["answered"] == 1 and data["questions"][0]["correct"] is not None
    assert client.post(f"/api/campaigns/{code}/close", headers=auth).status_code == 200
    again = client.post(f"/api/campaigns/{code}/advance", headers=auth)
    assert again.status_code == 400 and "gesloten" in again.get_json()["error"]
    export = client.get(f"/api/campaigns/{code}/export.csv", headers=auth)
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "nickname" not in export.get_data(as_text=True)
    assert client.get(f"/api/campaigns/{code}/results", headers=auth).get_json()[
        "campaign"]["status"] == "closed"


def test_api_self_paced_cannot_advance(client):
    body = api_create(client, mode="self_paced").get_json()
    response = client.post(f"/api/campaigns/{body['code']}/advance",
                           headers=bearer(body["admin_token"]))
    assert response.status_code == 400


def csrf_of(page: bytes) -> str:
    return re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()


def login(client, password=PASSWORD):
    csrf = csrf_of(client.get("/trainer").data)
    return client.post("/trainer/login", data={"password": password, "csrf": csrf})


def test_trainer_pages_login_create_live_qr_export(client):
    page = client.get("/trainer")
    assert page.status_code == 200 and b'type="password"' in page.data
    # No quick exit for trainers: Esc must not end a session on the projector.
    assert b"quick-exit" not in page.data and b"<script>" not in page.data
    assert login(client, "fout").status_code == 401
    assert login(client).status_code == 302
    home = client.get("/trainer")
    assert b'name="topics" value="meldcode"' in home.data
    created = client.post("/trainer/create", data={
        "csrf": csrf_of(home.data), "title": "Team jeugdzorg", "topics": ["meldcode", "signalen"],
        "n_questions": "4", "mode": "live"})
    assert created.status_code == 302
    code = created.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    live = client.get(f"/trainer/{code}")
    html = live.get_data(as_text=True)
    assert live.status_code == 200 and code in html and f"/?join={code}" in html
    assert f"/trainer/{code}/qr.svg" in html and "trainer.js" in html
    # The trainer session that made it runs it: no admin token in the page.
    assert 'data-owned="true"' in html and "data-token" not in html
    assert client.get(f"/api/campaigns/{code}/results").status_code == 200
    qr = client.get(f"/trainer/{code}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    export = client.get(f"/api/campaigns/{code}/export.csv")  # the owning session is enough
    assert export.status_code == 200
    assert client.get("/trainer/ZZZZZZ").status_code == 404
    assert code.encode() in client.get("/trainer").data  # listed under "your sessions"
    bad = client.post("/trainer/create", data={"csrf": csrf_of(home.data), "title": "x",
                                               "n_questions": "nul", "mode": "live"})
    assert bad.status_code == 400 and b'role="alert"' in bad.data


def test_trainer_pages_need_login_and_csrf(client):
    code = api_create(client).get_json()["code"]
    assert client.get(f"/trainer/{code}").status_code == 302
    assert client.get(f"/trainer/{code}/qr.svg").status_code == 401
    assert client.post("/trainer/create", data={"title": "x"}).status_code == 302
    client.get("/trainer")
    assert client.post("/trainer/login", data={"password": PASSWORD}).status_code == 400
    login(client)
    assert client.post("/trainer/create", data={"title": "x", "n_questions": "1",
                                                "mode": "live"}).status_code == 400


def test_trainer_page_in_english(client):
    assert b"Trainers: log in" in client.get("/trainer?lang=en").data


def test_login_is_rate_limited():
    app = create_app({"TESTING": True, "TRAINER_PASSWORD": PASSWORD,
                      "TRAINER_LOGIN_RATE": (2, 60.0)})
    client = app.test_client()
    assert [login(client, "fout").status_code for _ in range(3)] == [401, 401, 429]


def test_cli_sets_a_hashed_password(app, engine):
    try:
        runner = app.test_cli_runner()
        short = runner.invoke(args=["set-trainer-password"], input="kort\nkort\n")
        assert short.exit_code != 0
        result = runner.invoke(args=["set-trainer-password"],
                               input="cli-wachtwoord-123\ncli-wachtwoord-123\n")
        assert result.exit_code == 0, result.output
        assert verify_trainer_password(engine, "cli-wachtwoord-123")
        with app.app_context():
            from webchat.trainer import password_ok
            assert password_ok("cli-wachtwoord-123") and not password_ok(PASSWORD)
    finally:
        with engine.begin() as conn:
            conn.execute(delete(trainer_credentials))
