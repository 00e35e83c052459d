"""Soak benchmark: 200 concurrent chat sessions for several minutes through the public /api/chat,
with quizzes and campaign participants mixed in, while a trainer screen polls the results.
Samples each process's memory every 10 s; reports crashes, failed requests, lost campaign
answers and memory first / last / max.

`.venv/bin/python -m benchmarks.soak [--minutes 5] [--quick]` writes docs/benchmarks-soak.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

from benchmarks.campaign_room import answers_counted, create_campaign, trainer
from benchmarks.stack import (
    LOCUSTFILE,
    MODES,
    Sampler,
    fmt,
    locust_command,
    run_locust,
    running_stack,
    summarise,
)

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks-soak.md"
SESSIONS = 200
SAMPLE_SECONDS = 10.0
# People on a phone read an answer and type the next message: 20-40 s between turns, about 7
# turns/s from 200 sessions. The embedded stack carries that on the shared 2 cores (in
# docs/benchmarks-load.md it saturates at 10-25 turns/s, depending on what else runs): the soak
# looks for leaks, crashes and lost answers, not for the limit.
THINK = "20,40"
QUESTIONS = 3  # per class
RAMP_SECONDS = 20  # people arrive over time, not all in the same second


class Trainer(threading.Thread):
    """Runs one class after another, as a trainer does: a new live session whose code is shown
    (written to `code_file` for the CampaignUsers) while people join, then its questions one by
    one, the results screen polled every 2 s, then close. Participants join while the class
    gathers, so every answer they confirm must show up in that session's results."""

    def __init__(self, base: str, code_file: Path, gather: float, per_question: float):
        super().__init__(daemon=True)
        self.base, self.code_file = base, code_file
        self.gather, self.per_question = gather, per_question
        self.sessions: list[tuple[str, str]] = []
        self.polls, self.failed, self.error = 0, 0, ""
        self.finished = threading.Event()

    def screen(self, code: str, token: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.finished.wait(2.0):
            self.polls += 1
            try:
                trainer(self.base, code, token, "results")
            except (requests.RequestException, ValueError):
                self.failed += 1

    def run(self) -> None:
        try:
            self.classes()
        except (requests.RequestException, ValueError) as exc:  # reported, not raised
            self.error = f"trainer stopped: {type(exc).__name__}"

    def classes(self) -> None:
        while not self.finished.is_set():
            code, token = create_campaign(self.base, QUESTIONS)
            self.sessions.append((code, token))
            self.code_file.write_text(code, encoding="utf-8")
            self.screen(code, token, self.gather)
            self.code_file.write_text("", encoding="utf-8")
            for _ in range(QUESTIONS):
                trainer(self.base, code, token, "advance")
                self.screen(code, token, self.per_question)
            trainer(self.base, code, token, "close")

    def stop(self) -> None:
        self.finished.set()
        self.join(timeout=60)


def soak(mode: str, minutes: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"signaal-soak-{mode}-"))
    print(f"[{mode}] logs and CSV files: {work}", flush=True)
    code_file = work / "campaign-code.txt"
    code_file.write_text("", encoding="utf-8")
    with running_stack(MODES[mode], work) as live:
        processes = dict(live.named)  # web, rasa (rasa2, …), actions
        env = {"SIGNAAL_BENCH_CAMPAIGN_FILE": str(code_file), "SIGNAAL_BENCH_THINK": THINK}
        # Short classes in a short soak, so that a few of them run.
        coach = Trainer(live.url, code_file, *((10, 12) if minutes <= 2 else (20, 30)))
        coach.start()
        with Sampler(processes, SAMPLE_SECONDS) as sampler:
            stats, failures = run_locust(["ChatUser", "CampaignUser"], SESSIONS,
                                         round(minutes * 60), live.url, work / "soak", env,
                                         rate=SESSIONS / RAMP_SECONDS)
        coach.stop()
        counted = sum(answers_counted(live.url, code, token) for code, token in coach.sessions)
    notes = {name: int(row["Request Count"]) for name, row in stats.items()
             if row["Type"] == "note"}
    return {"mode": mode, "minutes": minutes, **summarise(stats), "failed": failures,
            "sent": notes.get("campaign answer confirmed", 0), "counted": counted,
            "refused": notes.get("campaign answer not taken (trainer moved on?)", 0),
            "classes": len(coach.sessions), "sampler": sampler, "exits": sampler.exits,
            "screen": (coach.polls, coach.failed), "trainer_error": coach.error,
            "rows": {n: r for n, r in stats.items() if n != "Aggregated" and r["Type"] != "note"}}


def report(results: list[dict], argv: str) -> str:
    out = ["# Soak benchmark", "", f"Written by `{argv}`. {SESSIONS} Locust users "
           f"(`{LOCUSTFILE}`: `ChatUser` and `CampaignUser`, 9 to 1) talk to Signaal through the "
           "public `/api/chat` on loopback, each holding one chat session at a time: residents, "
           "professionals, quizzes answered with their buttons, ~5 % crisis messages, and "
           "participants of trainers' live sessions; every conversation ends with "
           f"`/api/chat/forget`. Users wait {THINK.replace(',', '–')} s between turns (reading and "
           "typing on a phone), a load the stack can carry: the soak looks for leaks, crashes and "
           "lost answers, `benchmarks/load.py` for the limits. Every request has its own "
           "connection, as through the reverse proxy in front of the webchat.", "",
           f"Meanwhile a trainer runs one live session after another ({QUESTIONS} questions "
           "each): the code is open for joining first, then each question in turn while the "
           "results screen is polled every 2 s, then the session is closed. The CampaignUsers "
           "type the code while a class gathers, then do what the chat page does: poll "
           "`/api/campaign/state` every 2.5 s and answer each question it shows (after 2–8 s of "
           "reading). An answer is *confirmed* when the bot's reply marks the chat as waiting for "
           "the next question; every confirmed answer must be counted in that session's results. "
           "The memory of each process (with its children) is sampled every "
           f"{SAMPLE_SECONDS:.0f} s; the first sample is taken before the users start, so the "
           "first minute's growth is the processes warming up: the trend is in the minute "
           "table.", "",
           "**Measured on a shared machine with 2 cores**: Locust, the three Signaal processes "
           "and other people's work share the CPUs.", ""]
    for r in results:
        sampler = r["sampler"]
        lost = r["sent"] - r["counted"]
        out += [f"## {r['mode']}, {fmt(r['minutes'], 1)} min", "",
                "| figure | value |", "|---|---|",
                f"| processes that exited during the soak | "
                f"{', '.join(f'{n} ({c})' for n, c in r['exits'].items()) or 'none'} |",
                f"| turns (all kinds) / per second | {r['turns']} / {fmt(r['turns_per_s'], 1)} |",
                f"| turn p50 / p95 / p99 ms | {fmt(r['p50'])} / {fmt(r['p95'])} / "
                f"{fmt(r['p99'])} |",
                f"| failed requests | {r['failures']} |",
                f"| crisis messages answered by the webchat itself (budget) | "
                f"{r['crisis_by_webchat']} |",
                f"| campaign answers confirmed by the bot / counted in the results | "
                f"{r['sent']} / {r['counted']} |",
                f"| lost campaign answers (confirmed, not counted) | {max(lost, 0)} |",
                f"| answers counted without a confirmation (reply failed) | {max(-lost, 0)} |",
                f"| answers not taken (sent after the trainer moved on) | {r['refused']} |",
                f"| live sessions run / results polls / failed polls | {r['classes']} / "
                f"{r['screen'][0]} / {r['screen'][1]} |", "",
                "| process | RSS first MiB | last MiB | max MiB | last − first |",
                "|---|---|---|---|---|"]
        for name in sampler.processes:
            series = sampler.series(name)
            if series:
                out.append(f"| {name} | {fmt(series[0])} | {fmt(series[-1])} | "
                           f"{fmt(max(series))} | {series[-1] - series[0]:+.0f} |")
        out += ["", "| request | count | failed | p50 ms | p95 ms | p99 ms |",
                "|---|---|---|---|---|---|"]
        out += [f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
                f"{row['95%']} | {row['99%']} |" for name, row in r["rows"].items()]
        out += ["", "Failures by kind:", "",
                *([f"- {kind} × {n}" for kind, n in r["failed"].items()] or ["- none"]),
                *([f"- {r['trainer_error']}"] if r["trainer_error"] else []), "",
                "Memory over time (MiB, every minute):", "",
                f"| s | {' | '.join(sampler.processes)} |",
                f"|---|{'---|' * len(sampler.processes)}"]
        step = max(1, round(60 / SAMPLE_SECONDS))
        shown = sampler.samples[::step]
        for t, sample in shown + sampler.samples[-1:] * (sampler.samples[-1] is not shown[-1]):
            out.append(f"| {t:.0f} | {' | '.join(fmt(sample.get(n)) for n in sampler.processes)} |")
        out.append("")
    example = shlex.join(locust_command(["ChatUser", "CampaignUser"], SESSIONS,
                                        round(results[-1]["minutes"] * 60),
                                        "http://127.0.0.1:<port>", "<dir>/soak",
                                        SESSIONS / RAMP_SECONDS))
    out += ["## Commands", "", "```sh", argv, "# the Locust run, as the driver starts it (env "
            f"SIGNAAL_BENCH_CAMPAIGN_FILE=<file> SIGNAAL_BENCH_THINK={THINK}):", example, "```", "",
            f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
            f"{os.cpu_count()} CPUs (shared), Python {platform.python_version()}."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true", help="1 minute")
    parser.add_argument("--mode", action="append", choices=sorted(MODES),
                        help="stack configuration, repeatable (default: embedded)")
    args = parser.parse_args()
    minutes = 1.0 if args.quick else args.minutes
    argv = shlex.join([".venv/bin/python", "-m", "benchmarks.soak",
                       *(["--quick"] if args.quick else [f"--minutes={minutes:g}"]),
                       *[f"--mode={m}" for m in args.mode or []]])
    started = time.monotonic()
    results = [soak(mode, minutes) for mode in args.mode or ["embedded"]]
    REPORT.write_text(report(results, argv), encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))
    print(f"done in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
