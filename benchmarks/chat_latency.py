"""Per-turn latency on loopback with the three real processes: a turn through the webchat's
/api/chat, the same turn at Rasa's REST webhook directly, and Rasa's NLU alone (/model/parse),
interleaved turn by turn so that anything else on the machine slows all three alike.

Conversations of six turns (what a resident or professional types in one visit), each path its
own conversations. `.venv/bin/python -m benchmarks.chat_latency [--turns N]` writes
docs/benchmarks-chat.md; the profile of where a turn's time goes is in the same file.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import requests

from content.db import get_engine
from content.loader import load
from tests.live import LiveSignaal

TURNS = ["hoi", "wat is intieme terreur", "en de signalen?", "wat kan ik doen?",
         "waar kan ik terecht?", "wat zijn de stappen van de meldcode", "en stap 3?",
         "wat is een huisverbod", "hoe is de aanpak in Gouda", "dankje",
         "wat moet ik meenemen als ik wegga", "hoe verberg ik dat ik hier was"]
CONVERSATION = 6
ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks-chat.md"
PATHS = ("webchat /api/chat", "Rasa REST webhook", "NLU alone (/model/parse)")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(call) -> float:
    started = time.perf_counter()
    call().raise_for_status()
    return (time.perf_counter() - started) * 1000


def run(n: int) -> dict[str, list[float]]:
    tmp = Path(tempfile.mkdtemp(prefix="signaal-bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    load(get_engine(url))
    # One scripted client sends turns back to back; lift the per-session flood limit.
    live = LiveSignaal(url, tmp, extra_env={"SIGNAAL_SESSION_RATE": "1000/10"})
    timings: dict[str, list[float]] = {path: [] for path in PATHS}
    http = requests.Session()
    try:
        live.wait_ready()
        session, sender = None, ""
        for i in range(n + CONVERSATION):  # the first conversation warms up every path
            text = TURNS[i % len(TURNS)]
            if i % CONVERSATION == 0:
                session, sender = None, secrets.token_urlsafe(12)
            started = time.perf_counter()
            reply = http.post(f"{live.url}/api/chat", timeout=60,
                              json={"message": text, "session": session})
            webchat = (time.perf_counter() - started) * 1000
            reply.raise_for_status()
            session = reply.json()["session"]
            rest = timed(lambda t=text, s=sender: http.post(
                f"{live.rasa_url}/webhooks/rest/webhook", timeout=60,
                json={"sender": s, "message": t}))
            parse = timed(lambda t=text: http.post(
                f"{live.rasa_url}/model/parse", params={"token": live.token}, timeout=60,
                json={"text": t}))
            if i >= CONVERSATION:
                for path, ms in zip(PATHS, (webchat, rest, parse), strict=True):
                    timings[path].append(ms)
    finally:
        live.stop()
    return timings


def table(timings: dict[str, list[float]]) -> list[str]:
    parse = statistics.median(timings[PATHS[2]])
    lines = ["| path | p50 | p95 | max | p50 ÷ NLU p50 |", "|---|---|---|---|---|"]
    for path, ms in timings.items():
        p50 = statistics.median(ms)
        lines.append(f"| {path} | {p50:.0f} | {percentile(ms, 0.95):.0f} | {max(ms):.0f} | "
                     f"{p50 / parse:.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=120)
    args = parser.parse_args()
    lines = table(run(args.turns))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
