"""Issue 14, trainer side: login limits per client and per account, the trainer cookie and
server-side trainer sessions, CSRF by Flask-WTF, who may export, probing join codes, caching of
pages with tokens, links from SIGNAAL_PUBLIC_URL, proxies, CSV formulas, file modes."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
import stat
from datetime import datetime, timedelta

import pytest
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import delete, update
from werkzeug.middleware.proxy_fix import ProxyFix

from campaigns import service as cs
from campaigns.db import runtime_engine, upgrade
from campaigns.export import cell
from campaigns.tables import campaigns, trainer_credentials
from campaigns.trainers import set_trainer_password
from tests.test_campaigns import PASSWORD, basic, bearer, csrf_of, login
from webchat import create_app

SPREADSHEET_SEPARATORS = re.compile(r"[;,\t]")


def make_app(**config):
    settings = {"TESTING": True, "TRAINER_PASSWORD": PASSWORD, "SECRET_KEY": "test-secret",
                "STATE_RATE": (1000, 10.0), **config}
    return create_app(settings)


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def campaign(engine, **kw):
    args = {"title": "Week zonder Geweld", "topics": [], "n_questions": 3, "mode": "live", **kw}
    return cs.create_campaign(engine, **args)


def create_in_browser(client) -> str:
    home = client.get("/trainer")
    created = client.post("/trainer/create", data={
        "csrf": csrf_of(home.data), "title": "Team jeugdzorg", "n_questions": "3",
        "mode": "live"})
    assert created.status_code == 302, created.data
    return created.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def cookie_of(client) -> str:
    return client.get_cookie("session").value


# --- login limits: per client and per account (finding: one shared counter) ---------------------

def test_failed_logins_from_one_client_do_not_lock_out_another():
    app = make_app(TRAINER_LOGIN_RATE=(3, 600.0))
    attacker, trainer = client_at(app, "203.0.113.7"), client_at(app, "198.51.100.20")
    assert [login(attacker, "fout").status_code for _ in range(3)] == [401, 401, 401]
    assert login(trainer).status_code == 302  # another client is not held up
    blocked = login(attacker)  # the failing client waits, even with the right password
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_api_create_answers_429_never_a_disguised_401():
    app = make_app(TRAINER_LOGIN_RATE=(3, 600.0))
    attacker, trainer = client_at(app, "203.0.113.8"), client_at(app, "198.51.100.21")
    body = {"title": "x", "topics": [], "n_questions": 1, "mode": "live"}
    for _ in range(3):
        assert attacker.post("/api/campaigns", json=body,
                             headers=basic(password="fout")).status_code == 401
    limited = attacker.post("/api/campaigns", json=body, headers=basic())
    assert limited.status_code == 429 and limited.get_json()["error"]
    assert "WWW-Authenticate" not in limited.headers and limited.headers["Retry-After"]
    assert trainer.post("/api/campaigns", json=body, headers=basic()).status_code == 201


def test_an_account_under_attack_holds_back_only_clients_that_failed():
    app = make_app(TRAINER_LOGIN_RATE=(5, 600.0), TRAINER_ACCOUNT_RATE=(4, 600.0))
    for n in range(4):  # four clients, one wrong password each: the account's limit
        assert login(client_at(app, f"203.0.113.{n + 20}"), "fout").status_code == 401
    assert login(client_at(app, "203.0.113.20")).status_code == 429  # it failed before
    assert login(client_at(app, "198.51.100.22")).status_code == 302  # a clean client may


def test_the_limit_keys_on_a_salted_hash_and_no_address_is_logged(caplog):
    app = make_app(TRAINER_LOGIN_RATE=(3, 600.0))
    with caplog.at_level(logging.DEBUG):
        login(client_at(app, "203.0.113.99"), "fout")
        app.test_client().post("/api/campaigns", json={}, headers={
            **basic(password="fout"), "X-Forwarded-For": "192.0.2.55"})
    assert "203.0.113.99" not in caplog.text and "192.0.2.55" not in caplog.text
    keys = list(app.extensions["signaal_trainer_attempts"]["client"]._failures)
    assert len(keys) == 2 and all(re.fullmatch("[0-9a-f]{64}", k) for k in keys)
    assert hashlib.sha256(b"203.0.113.99").hexdigest() not in keys  # salted, not a plain hash


def test_forwarded_for_counts_only_behind_a_configured_proxy():
    direct = make_app(TRAINER_LOGIN_RATE=(2, 600.0))
    client = direct.test_client()
    for n in range(2):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}"
        assert login(client, "fout").status_code == 401
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.200"
    assert login(client).status_code == 429  # a made-up header buys no new attempts
    assert not isinstance(direct.wsgi_app, ProxyFix)

    proxied = make_app(TRAINER_LOGIN_RATE=(2, 600.0), PROXY_HOPS=1)
    assert isinstance(proxied.wsgi_app, ProxyFix)
    behind = proxied.test_client()
    behind.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.1"
    assert [login(behind, "fout").status_code for _ in range(3)] == [401, 401, 429]
    other = proxied.test_client()
    other.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.2"  # another person behind the proxy
    assert login(other).status_code == 302


# --- the trainer cookie and server-side sessions -----------------------------------------------

def test_session_cookie_is_httponly_samesite_lax_and_secure_on_https(monkeypatch):
    monkeypatch.delenv("SIGNAAL_PUBLIC_URL", raising=False)
    client = make_app().test_client()
    header = login(client).headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    secure = make_app(PUBLIC_URL="https://signaal.example").test_client()
    secure.get("/trainer", base_url="https://signaal.example")
    response = login_https(secure)
    assert response.status_code == 302 and "; Secure" in response.headers["Set-Cookie"]


def login_https(client):
    page = client.get("/trainer", base_url="https://signaal.example")
    return client.post("/trainer/login", base_url="https://signaal.example",
                       data={"password": PASSWORD, "csrf": csrf_of(page.data)})


def test_the_cookie_carries_no_admin_token_and_no_campaigns():
    app = make_app()
    client = app.test_client()
    login(client)
    code = create_in_browser(client)
    data = app.session_interface.get_signing_serializer(app).loads(cookie_of(client))
    assert set(data) <= {"trainer", "csrf"}, data
    assert code not in str(data)
    # The server remembers the campaign for this trainer session instead.
    assert client.get(f"/api/campaigns/{code}/results").status_code == 200


def test_logout_ends_the_session_on_the_server_a_replayed_cookie_is_refused():
    app = make_app()
    client = app.test_client()
    login(client)
    code = create_in_browser(client)
    stolen = cookie_of(client)
    home = client.get("/trainer")
    assert client.post("/trainer/logout", data={"csrf": csrf_of(home.data)}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert b'type="password"' in replay.get("/trainer").data  # the login page again
    assert replay.get(f"/api/campaigns/{code}/results").status_code == 401
    assert replay.get(f"/trainer/{code}").status_code == 302


def test_a_new_password_ends_every_session(engine):
    app = make_app()
    client = app.test_client()
    login(client)
    assert b"Nieuwe quizsessie" in client.get("/trainer").data
    try:
        set_trainer_password(engine, "een-heel-nieuw-wachtwoord")
        assert b'type="password"' in client.get("/trainer").data
    finally:
        with engine.begin() as conn:
            conn.execute(delete(trainer_credentials))
    # A changed development password counts as a new password too.
    login(client)
    app.config["TRAINER_PASSWORD"] = "ander-ontwikkelwachtwoord"
    assert b'type="password"' in client.get("/trainer").data


def test_idle_trainer_sessions_expire(engine):
    from campaigns.tables import trainer_sessions
    client = make_app().test_client()
    login(client)
    with engine.begin() as conn:
        conn.execute(update(trainer_sessions).values(
            last_seen=datetime.utcnow() - timedelta(hours=13)))
    assert b'type="password"' in client.get("/trainer").data


def test_the_secret_key_is_made_once_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SIGNAAL_SECRET_KEY", raising=False)
    path = tmp_path / "instance" / "secret_key"
    settings = {"TESTING": True, "TRAINER_PASSWORD": PASSWORD, "SECRET_KEY_FILE": str(path)}
    first = create_app(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    client = first.test_client()
    login(client)
    # A restart (a new app, same instance folder) keeps the key: the trainer stays logged in.
    again = create_app(settings)
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    restarted = again.test_client()
    restarted.set_cookie("session", cookie_of(client))
    assert b"Nieuwe quizsessie" in restarted.get("/trainer").data
    monkeypatch.setenv("SIGNAAL_SECRET_KEY", "from-the-environment")
    assert create_app(settings).config["SECRET_KEY"] == "from-the-environment"


# --- CSRF by Flask-WTF -------------------------------------------------------------------------

def test_csrf_is_flask_wtf_for_forms_and_the_pages_own_api_calls(engine):
    app = make_app()
    assert isinstance(app.extensions.get("csrf"), CSRFProtect)
    client, other = app.test_client(), app.test_client()
    foreign = csrf_of(other.get("/trainer").data)  # a token of another browser
    client.get("/trainer")
    assert client.post("/trainer/login", data={"password": PASSWORD,
                                               "csrf": foreign}).status_code == 400
    login(client)
    code = create_in_browser(client)
    assert client.post(f"/api/campaigns/{code}/advance").status_code == 400
    page = client.get(f"/trainer/{code}").get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    advanced = client.post(f"/api/campaigns/{code}/advance", headers={"X-CSRFToken": token})
    assert advanced.status_code == 200 and advanced.get_json()["current_index"] == 0


def test_residents_get_no_cookie():
    client = make_app().test_client()
    for response in (client.get("/"), client.post("/geen-javascript", data={"message": "hoi"})):
        assert response.status_code == 200 and "Set-Cookie" not in response.headers


# --- export, join codes, caching, links --------------------------------------------------------

def test_export_needs_the_campaigns_token_or_ownership(engine):
    elsewhere = campaign(engine)
    client = make_app().test_client()
    login(client)
    path = f"/api/campaigns/{elsewhere['code']}/export.csv"
    assert client.get(path).status_code == 401  # logged in is not enough
    assert client.get(path, headers=bearer(elsewhere["admin_token"])).status_code == 200
    assert client.get(f"/api/campaigns/{create_in_browser(client)}/export.csv").status_code == 200
    # Pasting the token once lets this trainer session run (and export) the campaign.
    page = client.get(f"/trainer/{elsewhere['code']}")
    assert client.post(f"/trainer/{elsewhere['code']}/token", data={
        "csrf": csrf_of(page.data), "token": "wrong"}).status_code == 401
    unlocked = client.post(f"/trainer/{elsewhere['code']}/token", data={
        "csrf": csrf_of(page.data), "token": elsewhere["admin_token"], "next": "present"})
    assert unlocked.headers["Location"].endswith(f"/trainer/{elsewhere['code']}/present")
    assert client.get(path).status_code == 200


def test_unknown_and_existing_codes_are_answered_alike(engine):
    client = make_app().test_client()
    known = campaign(engine)["code"]
    closed = campaign(engine)
    cs.close(engine, closed["code"], closed["admin_token"])
    answers = {(r.status_code, r.get_json()["error"]) for r in (
        client.get(f"/api/campaigns/{code}/results", headers=bearer("guess"))
        for code in (known, closed["code"], "ZZZZZZ"))}
    assert answers == {(401, "Geen geldige beheerderssleutel voor deze sessie.")}


def test_code_lookups_are_limited_per_client(engine):
    app = make_app(TRAINER_LOOKUP_RATE=(3, 600.0))
    real = campaign(engine)
    prober, trainer = client_at(app, "203.0.113.30"), client_at(app, "198.51.100.30")
    statuses = [prober.get(f"/api/campaigns/ZZZZZ{c}/results", headers=bearer("x")).status_code
                for c in "ABCD"]
    assert statuses == [401, 401, 401, 429]
    assert prober.get(f"/api/campaigns/{real['code']}/results",
                      headers=bearer(real["admin_token"])).status_code == 429
    assert trainer.get(f"/api/campaigns/{real['code']}/results",
                       headers=bearer(real["admin_token"])).status_code == 200
    # Unknown codes on the trainer pages count as well.
    login(trainer)
    pages = [trainer.get(f"/trainer/ZZZZZ{c}").status_code for c in "ABCD"]
    assert pages == [404, 404, 404, 429]


def test_joining_in_the_chat_answers_unknown_closed_and_expired_codes_alike(engine):
    closed, expired = campaign(engine), campaign(engine)
    cs.join(engine, closed["code"], "already-joined-participant")
    cs.close(engine, closed["code"], closed["admin_token"])
    with engine.begin() as conn:
        conn.execute(update(campaigns).where(campaigns.c.code == expired["code"]).values(
            expires_at=datetime.utcnow() - timedelta(seconds=1)))
    messages = set()
    for n, code in enumerate((closed["code"], expired["code"], "ZZZZZZ")):
        with pytest.raises(cs.CampaignError) as info:
            cs.join(engine, code, f"newcomer-{n}-participant")
        messages.add((info.value.code, tuple(info.value.params.items())))
    assert len(messages) == 1
    with pytest.raises(cs.CampaignError) as info:  # someone who took part may hear it ended
        cs.join(engine, closed["code"], "already-joined-participant")
    assert info.value.code == "closed"


def test_joining_in_the_chat_is_limited_per_participant(engine):
    real = campaign(engine)["code"]
    limit, _ = cs.JOIN_FAILURES
    for n in range(limit):
        with pytest.raises(cs.CampaignNotFound):
            cs.join(engine, f"ZZZZ{n:02d}", "a-prober-participant")
    with pytest.raises(cs.CampaignError) as info:
        cs.join(engine, real, "a-prober-participant")
    assert info.value.code == "too_many_codes"
    assert cs.join(engine, real, "someone-else-participant")["code"] == real


def test_pages_with_tokens_are_not_stored(engine):
    client = make_app().test_client()
    assert client.get("/trainer").headers["Cache-Control"] == "no-store"  # the login page
    login(client)
    code = create_in_browser(client)
    for path in ("/trainer", f"/trainer/{code}", f"/trainer/{code}/present"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_links_come_from_the_public_url_never_from_the_host_header(monkeypatch):
    monkeypatch.delenv("SIGNAAL_PUBLIC_URL", raising=False)
    monkeypatch.delenv("SIGNAAL_PORT", raising=False)
    body = {"title": "x", "topics": [], "n_questions": 1, "mode": "live"}
    client = make_app().test_client()
    made = client.post("/api/campaigns", json=body, headers={**basic(), "Host": "evil.example"})
    code = made.get_json()["code"]
    assert made.get_json()["join_url"] == f"http://127.0.0.1:5000/?join={code}"
    public = make_app(PUBLIC_URL="https://signaal.example/").test_client()
    made = public.post("/api/campaigns", json=body, headers={**basic(), "Host": "evil.example"})
    code = made.get_json()["code"]
    assert made.get_json()["join_url"] == f"https://signaal.example/?join={code}"
    public.environ_base["HTTP_HOST"] = "evil.example"  # every request, the login's too
    login(public)
    page = public.get(f"/trainer/{code}")
    assert page.status_code == 200
    assert b"evil.example" not in page.data and b"https://signaal.example/?join=" in page.data
    with pytest.raises(ValueError):
        make_app(PUBLIC_URL="signaal.example")


# --- CSV and files -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "safe"), [
    ("x;=1+1;", "x;'=1+1;"), ("=1+1", "'=1+1"), ("a, @SUM(A1)", "a,' @SUM(A1)"),
    ('z;"=HYPERLINK(1)"', "z;'\"=HYPERLINK(1)\""), ("Wat doe je?", "Wat doe je?"), (3, 3),
])
def test_csv_cells_are_neutralised_wherever_a_formula_could_start(text, safe):
    assert cell(text) == safe


def test_exported_csv_has_no_formula_at_the_start_of_any_part(engine):
    created = campaign(engine)
    code, token = created["code"], created["admin_token"]
    cs.advance(engine, code, token)
    for n, nickname in enumerate(("x;=1+1;", "y, -2+3", '"z";=HYPERLINK("http://e")')):
        cs.join(engine, code, f"csv-participant-{n}", nickname=nickname)
        cs.record_answer(engine, code, f"csv-participant-{n}", 0, 0)
    text = cs.export_csv(engine, code)
    assert len([r for r in csv.reader(io.StringIO(text)) if r and r[-1] in ("yes", "no")]) == 3
    for line in text.splitlines():
        for part in SPREADSHEET_SEPARATORS.split(line):
            assert part.strip(' "')[:1] not in ("=", "+", "-", "@"), line


def test_sqlite_files_are_created_for_the_owner_only(tmp_path):
    db = tmp_path / "nieuw" / "signaal.db"
    engine = runtime_engine(f"sqlite:///{db}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in db.parent.iterdir()}
    assert modes and all(mode == 0o600 for mode in modes.values()), modes
    assert "signaal.db-wal" in modes
