"""The scaled mode live, on the real engines: two Rasa processes sharing trackers and locks in
Redis, runtime data in PostgreSQL (migrated by Alembic), two webchat processes. Skipped only
when PostgreSQL or Redis is unreachable and CI is not set (tests/services.py)."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time

import pytest
import redis
import requests

from tests.live import LiveSignaal, free_port, model_exists
from webchat.launch import ROOT

pytestmark = [pytest.mark.live,
              pytest.mark.skipif(not model_exists(), reason="no trained model (make train)")]
PASSWORD = "scaled-trainer-wachtwoord"
TRACKER_KEY = "signaal:tracker:"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    from tests.services import postgres_database, redis_database

    logs = tmp_path_factory.mktemp("scaled-logs")
    with postgres_database() as database, redis_database() as redis_url:
        live = LiveSignaal(database, logs, rasa_processes=2,
                           content_database_url=os.environ["SIGNAAL_CONTENT_DATABASE_URL"],
                           extra_env={"SIGNAAL_REDIS_URL": redis_url,
                                      "SIGNAAL_TRAINER_PASSWORD": PASSWORD,
                                      "SIGNAAL_SECRET_KEY": "scaled-test-secret",
                                      "SIGNAAL_SESSION_RATE": "1000/10"})
        second_web = None
        try:
            live.wait_ready()
            second_web = start_second_webchat(live, logs)
            yield live, second_web[0], redis.Redis.from_url(redis_url)
        finally:
            if second_web:
                second_web[1].terminate()
                second_web[1].wait(timeout=20)
            live.stop()


def start_second_webchat(live: LiveSignaal, logs):
    """Another webchat process with the first one's environment, on its own port."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "waitress-serve"), "--host", "127.0.0.1", "--port",
         str(port), "--call", "webchat:create_app"], cwd=ROOT,
        env={**live.envs["web"], "SIGNAAL_PORT": str(port)},
        stdout=open(logs / "web-b.log", "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=2).ok:
                return url, process
        time.sleep(1)
    raise TimeoutError("the second webchat did not start")


def rasa_turn(url: str, sender: str, text: str) -> str:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender,
                                                                "message": text}, timeout=60)
    reply.raise_for_status()
    return " ".join(m.get("text", "") for m in reply.json()).lower()


def chat(url: str, message: str, session: str | None = None, **extra) -> dict:
    response = requests.post(f"{url}/api/chat", json={"session": session, "message": message,
                                                      **extra}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_conversation_keeps_its_context_across_rasa_processes(scaled):
    live, _, store = scaled
    first, second = live.config.rasa_urls
    sender = secrets.token_urlsafe(16)
    assert "terreur" in rasa_turn(first, sender, "wat is intieme terreur")
    follow_up = rasa_turn(second, sender, "en wat zijn de signalen?")
    assert "terreur" in follow_up and "signal" in follow_up
    assert store.exists(TRACKER_KEY + sender)


def test_forget_deletes_the_tracker_from_redis_and_an_idle_one_expires(scaled):
    live, _, store = scaled
    session = chat(live.url, "hoi")["session"]
    assert 0 < store.ttl(TRACKER_KEY + session) <= live.config.conversation_ttl
    assert requests.post(f"{live.url}/api/chat/forget", json={"session": session},
                         timeout=10).ok
    assert not store.exists(TRACKER_KEY + session)


def test_campaign_answers_through_two_webchat_processes_count_once(scaled):
    live, other_web, _ = scaled
    created = requests.post(f"{live.url}/api/campaigns", auth=("trainer", PASSWORD), timeout=10,
                            json={"title": "Week zonder Geweld", "topics": [], "n_questions": 2,
                                  "mode": "live"})
    assert created.status_code == 201, created.text
    code, token = created.json()["code"], created.json()["admin_token"]
    auth = {"Authorization": f"Bearer {token}"}
    people = [chat(live.url, f"ik wil meedoen met code {code}")["session"] for _ in range(6)]
    assert requests.post(f"{live.url}/api/campaigns/{code}/advance", headers=auth,
                         timeout=10).ok
    for n, session in enumerate(people):
        chat(live.url, "A", session, question=0)
        again = chat(other_web, "B", session, question=0)  # the same person, other process
        said = " ".join(m["text"] for m in again["messages"])
        assert "al beantwoord" in said or "volgende vraag verschijnt" in said, (n, said)
    results = requests.get(f"{other_web}/api/campaigns/{code}/results", headers=auth,
                           timeout=10).json()
    assert results["questions"][0]["answered"] == len(people)
    assert sum(results["questions"][0]["counts"]) == len(people)
