"""Load benchmark: Locust users through the public /api/chat (20, 50 and 100 at once), 20 straight
to Rasa's REST webhook as the reference, then a live campaign: 200 participants join and answer
through the chat while a trainer screen polls the results. Real processes, loopback only.

`.venv/bin/python -m benchmarks.load [--quick] [--mode embedded]` writes docs/benchmarks-load.md.
benchmarks/soak.py reuses the stack, RSS sampling, Locust runs and campaign calls from here.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import platform
import shlex
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import psutil
import requests

from content.db import get_engine
from content.loader import load
from tests.live import LiveSignaal

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks-load.md"
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
CHAT_USERS, RASA_USERS = (20, 50, 100), 20
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
            for url in live.config.rasa_urls:  # every Rasa process, not only the first
                while True:
                    with contextlib.suppress(requests.RequestException):
                        if requests.get(url, timeout=5).ok:
                            break
                    time.sleep(1)
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


# --- campaigns: the trainer's JSON API and participants in the chat ----------------------------

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


# --- the load runs and the report ----------------------------------------------------------

def run(modes: list[str], seconds: int, join_spread: float) -> tuple[list[dict], list[dict]]:
    runs, rooms = [], []
    for mode in modes:
        work = Path(tempfile.mkdtemp(prefix=f"signaal-load-{mode}-"))
        print(f"[{mode}] logs and CSV files: {work}", flush=True)
        with running_stack(MODES[mode], work) as live:
            processes = dict(live.named)  # web, rasa (rasa2, …), actions
            env = {"SIGNAAL_BENCH_RASA_TOKEN": live.token}  # RasaDirectUser's forget
            # The reference right after the same number of chat users, for a fair comparison.
            plan = [("webchat /api/chat", "ChatUser", live.url, CHAT_USERS[0]),
                    ("Rasa REST webhook", "RasaDirectUser", live.rasa_url, RASA_USERS),
                    *[("webchat /api/chat", "ChatUser", live.url, n) for n in CHAT_USERS[1:]]]
            for target, user_class, host, users in plan:
                settle(live.url)
                print(f"[{mode}] {target}: {users} users, {seconds} s", flush=True)
                with Sampler(processes, 2.0) as sampler:
                    stats, failures = run_locust([user_class], users, seconds, host,
                                                 work / f"{user_class}-{users}", env)
                runs.append({"mode": mode, "target": target, "users": users, **summarise(stats),
                             "rss": sampler.peaks(), "failed": failures, "exits": sampler.exits})
            settle(live.url)
            print(f"[{mode}] campaign: 200 participants", flush=True)
            with Sampler(processes, 2.0) as sampler:
                room = campaign_room(live, work, 200, join_spread)
            rooms.append({"mode": mode, **room, "rss": sampler.peaks(), "exits": sampler.exits})
    return runs, rooms


def report(runs: list[dict], rooms: list[dict], seconds: int, spread: float, argv: str) -> str:
    names = sorted({name for r in runs for name in r["rss"]})
    example = shlex.join(locust_command(["ChatUser"], 50, seconds, "http://127.0.0.1:<port>",
                                        "<dir>/ChatUser-50"))
    out = ["# Load benchmark", "", f"Written by `{argv}`: Locust (`{LOCUSTFILE}`) plays people "
           "through the public `/api/chat` on loopback: residents (3–6 turns: greetings, forms of "
           "violence, help lines, practical questions, follow-ups such as \"en de signalen?\"), "
           "professionals (meldcode), quizzes (answered with the returned buttons) and ~5 % "
           "crisis messages, each conversation ending with `/api/chat/forget`, 1–4 s between "
           "turns. Every request has its own connection, as through the reverse proxy in front "
           "of the webchat: waitress accepts 100 open connections (its default), and more "
           "clients holding idle keep-alive connections make it stop accepting until those time "
           "out (120 s; `SIGNAAL_BENCH_KEEPALIVE=1` shows it). The Rasa row sends the same "
           "conversations to Rasa's REST webhook "
           f"directly, the reference without the webchat. Each run lasts {seconds} s.", "",
           "**Measured on a shared machine with 2 cores**: Locust, the three Signaal processes "
           "and other people's work share the CPUs; read the figures as relative, not as a "
           "server's capacity.", "",
           "A turn fails on a status other than 200, a reply without messages, or a degraded "
           "reply (the webchat answering by itself because Rasa did not answer in time). A "
           "crisis message the webchat answered itself within its 3 s budget is the designed "
           "path (*crisis by webchat*). Turns/s counts all turns, the percentiles are of the "
           "non-crisis turns; peak RSS is the largest sample (every 2 s) of each process with "
           "its children.", "",
           "| mode | path | users | turns | turns/s | p50 ms | p95 ms | p99 ms | crisis p95 ms "
           f"| failed | crisis by webchat | peak RSS MiB ({' / '.join(names)}) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    out += [f"| {r['mode']} | {r['target']} | {r['users']} | {r['turns']} | "
            f"{fmt(r['turns_per_s'], 1)} | {fmt(r['p50'])} | {fmt(r['p95'])} | {fmt(r['p99'])} | "
            f"{fmt(r['crisis_p95'])} | {r['failures']} | {r['crisis_by_webchat']} | "
            f"{' / '.join(fmt(r['rss'].get(n)) for n in names)} |" for r in runs]
    problems = [f"- {r['mode']}, {r['target']}, {r['users']} users: {kind} × {n}"
                for r in runs for kind, n in r["failed"].items()]
    problems += [f"- {r['mode']}: {name} exited with {code}"
                 for r in runs + rooms for name, code in r["exits"].items()]
    out += ["", "Failures by kind:", "", *(problems or ["- none"]), "",
            "## Campaign: 200 participants through the chat", "",
            "A trainer creates a live session (JSON API). 200 Locust `CampaignUser`s start "
            f"within {spread:.0f} s, type `code <CODE>` in the chat and wait, polling "
            "`/api/campaign/state` every 2.5 s as the chat page does. When all have joined, the "
            "trainer starts the first question; each participant reads it for 2–8 s and taps an "
            "answer, sent through `/api/chat` with the question's index. The trainer's screen "
            "polls the results every second. *Sent*: answers the bot confirmed (its reply marks "
            "the chat as waiting for the next question). *Time until all in*: from the trainer's "
            "start to the results poll that counts every answer, the state poll interval and "
            "reading time included.", "",
            "| mode | joined | sent | counted | join p95 ms | answer p50 / p95 ms | trainer start "
            "ms | results poll p50 / p95 ms | state poll p95 ms | time until all in | failed | "
            "peak RSS MiB |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    out += [f"| {m['mode']} | {m['joined']} | {m['sent']} | {m['counted']} of "
            f"{m['participants']} | {fmt(m['join_p95'])} | {fmt(m['answer_p50'])} / "
            f"{fmt(m['answer_p95'])} | {fmt(m['advance_ms'])} | {fmt(m['screen_p50'])} / "
            f"{fmt(m['screen_p95'])} | {fmt(m['state_p95'])} | "
            f"{fmt(m['all_in'], 1) + ' s' if m['all_in'] else 'not all in'} | "
            f"{', '.join(f'{k} × {v}' for k, v in m['failed'].items()) or 'none'} | "
            f"{', '.join(f'{n} {fmt(v)}' for n, v in m['rss'].items())} |" for m in rooms]
    out += ["", "## Commands", "", "```sh", argv, "# each run as the driver starts it (free "
            "loopback ports; RasaDirectUser gets --host <rasa url>):", example, "```", "",
            "Stack configurations are `MODES` in `benchmarks/load.py` (extra environment per "
            "mode). Measured "
            f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
            f"{os.cpu_count()} CPUs (shared), Python {platform.python_version()}."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="15 s per run instead of 60 s")
    parser.add_argument("--seconds", type=int, help="seconds per run (overrides --quick)")
    parser.add_argument("--mode", action="append", choices=sorted(MODES),
                        help="stack configuration, repeatable (default: embedded)")
    args = parser.parse_args()
    seconds, spread = (15, 20.0) if args.quick else (60, 30.0)
    seconds = args.seconds or seconds
    argv = shlex.join([".venv/bin/python", "-m", "benchmarks.load",
                       *(["--quick"] if args.quick else []),
                       *([f"--seconds={args.seconds}"] if args.seconds else []),
                       *[f"--mode={m}" for m in args.mode or []]])
    runs, rooms = run(args.mode or ["embedded"], seconds, spread)
    REPORT.write_text(report(runs, rooms, seconds, spread, argv), encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
