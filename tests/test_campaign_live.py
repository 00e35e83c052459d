"""Live: 200 participants answer at once while the real webchat (waitress) serves the trainer's
results polls from the same SQLite file. Writes the figures to docs/benchmarks-campaign.md."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import threading
import time
from datetime import datetime, timezone

import pytest
import requests
from sqlalchemy import func, select

from campaigns import service as cs
from campaigns.db import runtime_engine
from campaigns.tables import campaign_answers, campaign_participants
from content.db import get_engine
from content.loader import load
from tests.live import ROOT, free_port

pytestmark = pytest.mark.live

PARTICIPANTS = 200
POLLERS = 8
PASSWORD = "live-trainer-wachtwoord"
REPORT = ROOT / "docs" / "benchmarks-campaign.md"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("campaign-live")
    url = f"sqlite:///{tmp / 'signaal.db'}"
    load(get_engine(url))
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SIGNAAL_CONTENT_DATABASE_URL": url,
           "SIGNAAL_TRAINER_PASSWORD": PASSWORD,
           "SIGNAAL_SECRET_KEY": "live-test"}
    log = open(tmp / "waitress.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "waitress-serve"), "--host", "127.0.0.1",
         "--port", str(port), "--threads", "24", "--call", "webchat:create_app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp / "waitress.log").read_text()
            try:
                if requests.get(f"{base}/trainer", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "webchat did not start"
            time.sleep(0.2)
        yield base, runtime_engine(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def test_200_concurrent_answers_while_results_are_polled(server):
    base, engine = server
    created = requests.post(f"{base}/api/campaigns", auth=("trainer", PASSWORD), timeout=10,
                            json={"title": "Week zonder Geweld", "topics": [],
                                  "n_questions": 3, "mode": "live"})
    assert created.status_code == 201, created.text
    code, token = created.json()["code"], created.json()["admin_token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert requests.post(f"{base}/api/campaigns/{code}/advance", headers=auth,
                         timeout=10).status_code == 200
    n_options = len(cs.current_question(engine, code, "warm-up-participant")["options"])

    answer_latency: list[float] = []
    poll_latency: list[float] = []
    errors: list[str] = []
    doubles_rejected: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(PARTICIPANTS + POLLERS)
    done = threading.Event()

    def participant(i: int) -> None:
        pid = f"live-participant-{i:03d}-random"
        start.wait()
        try:
            t0 = time.perf_counter()
            cs.join(engine, code, pid, nickname=f"deelnemer {i}" if i % 10 == 0 else None)
            cs.record_answer(engine, code, pid, 0, i % n_options)
            elapsed = time.perf_counter() - t0
            rejected = None
            if i % 5 == 0:  # a second answer from the same person must not count
                try:
                    cs.record_answer(engine, code, pid, 0, (i + 1) % n_options)
                    rejected = False
                except cs.CampaignError:
                    rejected = True
            t1 = time.perf_counter()
            polled = requests.get(f"{base}/api/campaigns/{code}/results", headers=auth,
                                  timeout=10)
            poll = time.perf_counter() - t1
            with lock:
                answer_latency.append(elapsed)
                poll_latency.append(poll)
                if rejected is not None:
                    doubles_rejected.append(rejected)
                if polled.status_code != 200:
                    errors.append(f"poll {polled.status_code}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            with lock:
                errors.append(repr(exc))

    def poller() -> None:  # trainers' screens (faster than the real 2 s, to add load)
        with requests.Session() as http:
            start.wait()
            while not done.is_set():
                t0 = time.perf_counter()
                response = http.get(f"{base}/api/campaigns/{code}/results", headers=auth,
                                    timeout=10)
                with lock:
                    poll_latency.append(time.perf_counter() - t0)
                    if response.status_code != 200:
                        errors.append(f"poll {response.status_code}")
                time.sleep(0.05)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(PARTICIPANTS)]
    pollers = [threading.Thread(target=poller) for _ in range(POLLERS)]
    for thread in threads + pollers:
        thread.start()
    t_start = time.perf_counter()
    for thread in threads:
        thread.join(timeout=30)
    elapsed = time.perf_counter() - t_start
    done.set()
    for thread in pollers:
        thread.join(timeout=15)

    assert not errors, errors[:5]
    assert len(answer_latency) == PARTICIPANTS
    assert doubles_rejected and all(doubles_rejected)
    assert elapsed < 10, f"took {elapsed:.1f} s"

    final = requests.get(f"{base}/api/campaigns/{code}/results", headers=auth, timeout=10)
    first = final.json()["questions"][0]
    assert first["answered"] == PARTICIPANTS and sum(first["counts"]) == PARTICIPANTS
    assert final.json()["campaign"]["participants"] == PARTICIPANTS
    with engine.connect() as conn:
        per_person = conn.execute(
            select(campaign_answers.c.participant_id, func.count())
            .join(campaign_participants)
            .where(campaign_participants.c.campaign_id == cs.get_campaign(engine, code)["id"],
                   campaign_answers.c.position == 0)
            .group_by(campaign_answers.c.participant_id)).all()
    assert len(per_person) == PARTICIPANTS and all(n == 1 for _, n in per_person)

    figures = {
        "elapsed": elapsed, "rate": PARTICIPANTS / elapsed,
        "answer_p50": statistics.median(answer_latency) * 1000,
        "answer_p95": p95(answer_latency) * 1000,
        "poll_p50": statistics.median(poll_latency) * 1000, "poll_p95": p95(poll_latency) * 1000,
        "polls": len(poll_latency),
    }
    # The figures go to docs/ only when asked (SIGNAAL_WRITE_BENCHMARKS=1): `make test` must
    # leave the tree clean.
    if os.environ.get("SIGNAAL_WRITE_BENCHMARKS") != "1":
        return
    REPORT.write_text(
        "# Campaign sessions: concurrency benchmark\n\n"
        "Written by `tests/test_campaign_live.py` (pytest marker `live`). The webchat runs alone "
        "under waitress (24 threads) on a temporary SQLite file in WAL mode with the real "
        f"content. {PARTICIPANTS} threads in the test process call `join` and `record_answer` "
        "directly against the same file (answers normally arrive through the chat), each then "
        f"polls `GET /api/campaigns/<code>/results` over HTTP; {POLLERS} extra clients poll the "
        "results every 50 ms during the run (a real trainer screen polls every 2 s). Every "
        "fifth participant also tries a second answer, which must be rejected.\n\n"
        "| figure | value |\n|---|---|\n"
        f"| participants (concurrent) | {PARTICIPANTS} |\n"
        f"| elapsed, all joins + answers + polls | {figures['elapsed']:.2f} s |\n"
        f"| answers per second | {figures['rate']:.0f} |\n"
        f"| join + answer latency p50 / p95 | {figures['answer_p50']:.0f} / "
        f"{figures['answer_p95']:.0f} ms |\n"
        f"| results poll latency p50 / p95 ({figures['polls']} polls) | "
        f"{figures['poll_p50']:.0f} / {figures['poll_p95']:.0f} ms |\n"
        f"| answers counted | {first['answered']} (each participant once; "
        f"{len(doubles_rejected)} second answers rejected) |\n\n"
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}.\n",
        encoding="utf-8")
