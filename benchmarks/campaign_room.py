"""A class in a live campaign through the chat: the trainer's JSON API, and participants
(Locust CampaignUsers, benchmarks/locustfile.py) who join by code and answer in the chat."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import requests

from benchmarks.stack import (
    CLOSE,
    PASSWORD,
    number,
    percentile,
    read_locust,
    start_locust,
)
from tests.live import LiveSignaal


def trainer(base: str, code: str, token: str, action: str) -> dict:
    """POST advance/reveal/close, or GET results (action "results"). A long timeout: under load
    these wait in the webchat's queue behind chat turns, and an advance must not be sent twice."""
    method = "GET" if action == "results" else "POST"
    response = requests.request(method, f"{base}/api/campaigns/{code}/{action}", timeout=120,
                                headers={"Authorization": f"Bearer {token}", **CLOSE})
    response.raise_for_status()
    return response.json()


def create_campaign(base: str, n_questions: int = 3) -> tuple[str, str]:
    created = requests.post(f"{base}/api/campaigns", auth=("trainer", PASSWORD), timeout=120,
                            headers=CLOSE,
                            json={"title": "Benchmark", "topics": [], "n_questions": n_questions,
                                  "mode": "live"})
    created.raise_for_status()
    return created.json()["code"], created.json()["admin_token"]


def answers_counted(base: str, code: str, token: str) -> int:
    return sum(q["answered"] for q in trainer(base, code, token, "results")["questions"])


def campaign_room(live: LiveSignaal, work: Path, participants: int, spread: float,
                  timeout: float = 120.0) -> dict:
    """A class: `participants` CampaignUsers (benchmarks/locustfile.py) start within `spread` s,
    type the code and wait, polling /api/campaign/state as the chat page does. When all have
    joined, the trainer starts the first question and its screen polls the results every
    second until every answer is counted; then the trainer closes the session."""
    code, token = create_campaign(live.url)
    code_file, prefix = work / "campaign-code.txt", work / "campaign"
    code_file.write_text(code, encoding="utf-8")
    env = {"SIGNAAL_BENCH_CAMPAIGN_FILE": str(code_file)}
    locust = start_locust(["CampaignUser"], participants, round(2 * timeout + spread), live.url,
                          prefix, env, rate=participants / spread)
    deadline, joined = time.monotonic() + timeout + spread, 0
    while joined < participants and time.monotonic() < deadline and locust.poll() is None:
        time.sleep(1.0)  # the trainer waits for the room
        joined = trainer(live.url, code, token, "results")["campaign"]["participants"]
    code_file.write_text("", encoding="utf-8")  # latecomers wait for another class
    t0 = time.monotonic()
    trainer(live.url, code, token, "advance")
    advance_s, all_in, counted, polls = time.monotonic() - t0, None, 0, []
    while all_in is None and time.monotonic() - t0 < timeout:
        polled = time.monotonic()
        with contextlib.suppress(requests.RequestException):
            counted = answers_counted(live.url, code, token)
            all_in = time.monotonic() - t0 if counted >= participants else None
        polls.append(time.monotonic() - polled)
        time.sleep(1.0)
    trainer(live.url, code, token, "close")
    time.sleep(5)  # the participants' pages see the session end
    locust.terminate()  # Locust writes its CSV files on SIGTERM
    locust.wait(timeout=60)
    stats, failures = read_locust(prefix)
    notes = {n: int(r["Request Count"]) for n, r in stats.items() if r["Type"] == "note"}
    ms = {n: {q: number(r[f"{q}%"]) for q in (50, 95)} for n, r in stats.items()}
    return {"participants": participants, "joined": joined, "counted": counted,
            "sent": notes.get("campaign answer confirmed", 0), "all_in": all_in,
            "advance_ms": advance_s * 1000, "failed": failures,
            "join_p95": ms.get("turn (campaign join)", {}).get(95),
            "answer_p50": ms.get("turn (campaign answer)", {}).get(50),
            "answer_p95": ms.get("turn (campaign answer)", {}).get(95),
            "state_p95": ms.get("campaign state", {}).get(95),
            "screen_p50": percentile(polls, 0.5) * 1000,
            "screen_p95": percentile(polls, 0.95) * 1000}
