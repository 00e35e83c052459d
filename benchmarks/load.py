"""Load benchmark: Locust users through the public /api/chat (20, 50 and 100 at once), 20 straight
to Rasa's REST webhook as the reference, then a live campaign: 200 participants join and answer
through the chat while a trainer screen polls the results. Real processes, loopback only.

`.venv/bin/python -m benchmarks.load [--quick] [--mode embedded]` writes docs/benchmarks-load.md.
The stack, Locust runs and memory sampling are in benchmarks/stack.py; the class in
benchmarks/campaign_room.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.campaign_room import campaign_room
from benchmarks.stack import (
    LOCUSTFILE,
    MODES,
    ROOT,
    Sampler,
    fmt,
    locust_command,
    run_locust,
    running_stack,
    settle,
    summarise,
)

REPORT = ROOT / "docs" / "benchmarks-load.md"
CHAT_USERS, RASA_USERS = (20, 50, 100), 20


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
