"""The benchmarks' common ground: the live stack in each configuration (embedded, scaled),
Locust runs as subprocesses and their CSV figures, and memory sampled per process.
Used by benchmarks/load.py, capacity.py, soak.py and campaign_room.py."""

from __future__ import annotations

import contextlib
import csv
import os
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psutil
import requests

from content.db import get_engine
from content.loader import load
from tests.live import LiveSignaal

ROOT = Path(__file__).resolve().parent.parent
LOCUST, LOCUSTFILE = ".venv/bin/locust", "benchmarks/locustfile.py"
PASSWORD = "bench-trainer-wachtwoord"  # noqa: S105 - a throwaway stack on loopback
# The per-session and per-address limits are sized for one browser per person; here a single
# loopback client plays hundreds of people.
BASE_ENV = {"SIGNAAL_SESSION_RATE": "1000/10", "SIGNAAL_NEW_SESSION_RATE": "100000/60",
            "SIGNAAL_TRAINER_PASSWORD": PASSWORD, "SIGNAAL_SECRET_KEY": "benchmark-only"}
# Stack configurations, the extra environment of each. "scaled-*": a fresh PostgreSQL database
# for the runtime data (tests/services.py) and Redis for trackers, locks and limits.
SCALED = {"DATABASE_URL": "postgresql", "SIGNAAL_REDIS_URL": "redis://127.0.0.1:6379/12"}
MODES: dict[str, dict[str, str]] = {
    "embedded": {},
    "scaled-1": {**SCALED, "SIGNAAL_RASA_PROCESSES": "1"},
    "scaled-2": {**SCALED, "SIGNAAL_RASA_PROCESSES": "2"},
}

# A connection per request, closed by the server, as through the reverse proxy in front of the
# webchat. Waitress accepts 100 open connections (its default connection_limit): idle ones held
# by more clients fill that, and it accepts no more until they time out (120 s).
CLOSE = {"Connection": "close"}


@contextlib.contextmanager
def running_stack(mode_env: dict[str, str], work: Path) -> Iterator[LiveSignaal]:
    """The live stack on fresh SQLite files: content, and runtime data apart."""
    from tests.services import postgres_database, redis_database

    content_url, sqlite_url = (f"sqlite:///{work / n}" for n in ("content.db", "runtime.db"))
    load(get_engine(content_url))
    env = {k: v for k, v in mode_env.items() if k != "DATABASE_URL"}
    scaled = mode_env.get("DATABASE_URL") == "postgresql"
    with contextlib.ExitStack() as engines:
        runtime_url = engines.enter_context(postgres_database()) if scaled else sqlite_url
        if scaled:
            env["SIGNAAL_REDIS_URL"] = engines.enter_context(redis_database(12))
        live = LiveSignaal(runtime_url, work, extra_env={**BASE_ENV, **env},
                           content_database_url=content_url,
                           rasa_processes=int(env.get("SIGNAAL_RASA_PROCESSES", "1")))
        try:
            live.wait_ready()
            settle(live.url)  # what Rasa and the actions load lazily, before measuring
            yield live
        finally:
            live.stop()


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process and all its children in MiB; None once it is gone."""
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.Error:
        return None
    total = 0
    for process in family:
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total / 2**20


class Sampler(threading.Thread):
    """RSS of every process every `interval` seconds; notes each process that exits."""

    def __init__(self, processes: dict[str, subprocess.Popen], interval: float):
        super().__init__(daemon=True)
        self.processes, self.interval = processes, interval
        self.samples: list[tuple[float, dict[str, float | None]]] = []
        self.exits: dict[str, int] = {}
        self.finished = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while True:
            self.samples.append((time.monotonic() - started,
                                 {n: rss_mb(p.pid) for n, p in self.processes.items()}))
            for name, process in self.processes.items():
                if process.poll() is not None:
                    self.exits.setdefault(name, process.returncode)
            if self.finished.wait(self.interval):
                return

    def __enter__(self) -> Sampler:
        self.start()
        return self

    def __exit__(self, *_) -> None:
        self.finished.set()
        self.join()

    def series(self, name: str) -> list[float]:
        return [s[name] for _, s in self.samples if s.get(name) is not None]

    def peaks(self) -> dict[str, float]:
        return {name: max(self.series(name), default=float("nan")) for name in self.processes}


def locust_command(classes: list[str], users: int, seconds: int, host: str, prefix: str,
                   rate: float | None = None) -> list[str]:
    rate = rate or max(1, users // 5)  # by default all users run after 5 s
    return [LOCUST, "-f", LOCUSTFILE, "--headless", "-u", str(users), "-r", f"{rate:g}",
            "-t", f"{seconds}s", "--host", host, "--csv", prefix, "--only-summary", *classes]


def start_locust(classes: list[str], users: int, seconds: int, host: str, prefix: Path,
                 env: dict[str, str], rate: float | None = None) -> subprocess.Popen:
    """Locust in the background; its console output goes to <prefix>.log."""
    with open(f"{prefix}.log", "wb") as log:
        return subprocess.Popen(locust_command(classes, users, seconds, host, str(prefix), rate),
                                cwd=ROOT, env={**os.environ, **env}, stdout=log,
                                stderr=subprocess.STDOUT)


def read_locust(prefix: Path) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """Locust's stats rows by name, and its failures as 'row: reason' → count."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        stats = {row["Name"]: row for row in csv.DictReader(file)}
    failures: Counter = Counter()
    with open(f"{prefix}_failures.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            failures[f"{row['Name']}: {row['Error']}"] += int(row["Occurrences"])
    return stats, dict(failures)


def run_locust(classes: list[str], users: int, seconds: int, host: str, prefix: Path,
               env: dict[str, str], rate: float | None = None
               ) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    start_locust(classes, users, seconds, host, prefix, env, rate).wait(timeout=seconds + 300)
    return read_locust(prefix)


def number(value: str | None) -> float:
    return float(value) if value and value != "N/A" else float("nan")  # N/A: an empty row


def summarise(stats: dict[str, dict[str, str]]) -> dict[str, float]:
    """All turn rows together for counts and rate; percentiles of the plain "turn" row."""
    turns = [row for name, row in stats.items() if name.startswith("turn")]
    main = stats.get("turn", {})
    return {"turns": sum(int(r["Request Count"]) for r in turns),
            "turns_per_s": sum(number(r["Requests/s"]) for r in turns),
            **{f"p{q}": number(main.get(f"{q}%")) for q in (50, 95, 99)},
            "crisis_p95": number(stats.get("turn (crisis)", {}).get("95%")),
            "failures": sum(int(r["Failure Count"]) for n, r in stats.items() if n != "Aggregated"),
            "crisis_by_webchat": int(stats.get("crisis answered by webchat",
                                               {}).get("Request Count", 0))}


def fmt(value: float | None, digits: int = 0) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[round(q * (len(ordered) - 1))]


def settle(base: str, limit: float = 60.0) -> None:
    """Until a new conversation's turn is answered within a second: the previous run's queued
    turns have drained (and, at the start, what Rasa and the actions load lazily is loaded)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(requests.RequestException, ValueError, KeyError):
            reply = requests.post(f"{base}/api/chat", json={"message": "hoi"}, timeout=60,
                                  headers=CLOSE)
            fast = time.monotonic() - started < 1.0 and not reply.json().get("degraded")
            requests.post(f"{base}/api/chat/forget", json={"session": reply.json()["session"]},
                          timeout=60, headers=CLOSE)
            if fast:
                return
        time.sleep(2)
