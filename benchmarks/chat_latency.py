"""Per-turn latency: 50 sequential turns through the webchat's /api/chat versus Rasa's REST
webhook directly, with the three real processes on loopback.

`.venv/bin/python -m benchmarks.chat_latency` writes docs/benchmarks-chat.md."""

from __future__ import annotations

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
         "wat is een huisverbod", "hoe is de aanpak in Gouda", "dankje"]
ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks-chat.md"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(n: int = 50) -> dict[str, list[float]]:
    tmp = Path(tempfile.mkdtemp(prefix="signaal-bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    load(get_engine(url))
    # One scripted session sends 50 turns back to back; lift the per-session flood limit.
    live = LiveSignaal(url, tmp, extra_env={"SIGNAAL_SESSION_RATE": "1000/10"})
    timings: dict[str, list[float]] = {"webchat /api/chat": [], "Rasa REST webhook": []}
    try:
        live.wait_ready()
        session = None
        for i in range(n):
            started = time.perf_counter()
            response = requests.post(f"{live.url}/api/chat", timeout=60, json={
                "message": TURNS[i % len(TURNS)], "session": session})
            timings["webchat /api/chat"].append(time.perf_counter() - started)
            response.raise_for_status()
            session = response.json()["session"]
        for i in range(n):
            started = time.perf_counter()
            requests.post(f"{live.rasa_url}/webhooks/rest/webhook", timeout=60,
                          json={"sender": "bench-direct", "message": TURNS[i % len(TURNS)]})
            timings["Rasa REST webhook"].append(time.perf_counter() - started)
    finally:
        live.stop()
    return timings


def main() -> None:
    timings = run()
    lines = ["# Chat latency", "", "Written by `python -m benchmarks.chat_latency`: 50 sequential "
             "turns (a realistic mix: greeting, definitions, follow-ups, meldcode, help lines) on "
             "loopback, 2 cores. Times in milliseconds.", "",
             "| path | p50 | p95 | max |", "|---|---|---|---|"]
    for path, values in timings.items():
        ms = [v * 1000 for v in values]
        lines.append(f"| {path} | {statistics.median(ms):.0f} | {percentile(ms, 0.95):.0f} | "
                     f"{max(ms):.0f} |")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
