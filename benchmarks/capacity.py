"""Capacity: turns a second when nobody waits between turns (Locust users with no think time),
through the webchat and at Rasa directly, for each stack configuration of benchmarks/load.py.

load.py plays people, who wait 1–4 s between turns, so up to 100 users its turns/s is the load
they offer, not what the stack can carry; this measures the ceiling. Loopback, bounded in time.
`.venv/bin/python -m benchmarks.capacity [--seconds 30] [--users 20]` writes
docs/benchmarks-capacity.md.
"""

from __future__ import annotations

import argparse
import shlex
import tempfile
from pathlib import Path

from benchmarks.stack import (
    MODES,
    ROOT,
    Sampler,
    fmt,
    run_locust,
    running_stack,
    settle,
    summarise,
)

REPORT = ROOT / "docs" / "benchmarks-capacity.md"
NO_WAIT = {"SIGNAAL_BENCH_THINK": "0,0"}


def measure(modes: list[str], users: int, seconds: int) -> list[dict]:
    rows = []
    for mode in modes:
        work = Path(tempfile.mkdtemp(prefix=f"signaal-capacity-{mode}-"))
        with running_stack(MODES[mode], work) as live:
            env = {**NO_WAIT, "SIGNAAL_BENCH_RASA_TOKEN": live.token}
            for target, user_class, host in (("webchat /api/chat", "ChatUser", live.url),
                                             ("Rasa REST webhook", "RasaDirectUser",
                                              live.rasa_url)):
                settle(live.url)
                print(f"[{mode}] {target}: {users} users without waiting, {seconds} s",
                      flush=True)
                with Sampler(dict(live.named), 2.0) as sampler:
                    stats, failures = run_locust([user_class], users, seconds, host,
                                                 work / f"{user_class}", env, rate=users)
                rows.append({"mode": mode, "target": target, **summarise(stats),
                             "rss": sampler.peaks(), "failed": failures})
    return rows


def report(rows: list[dict], users: int, seconds: int, argv: str) -> str:
    out = ["# Capacity", "", f"Written by `{argv}`: {users} Locust users that send their next "
           f"turn as soon as the last is answered, {seconds} s per row, loopback, 2 cores "
           "shared by Locust and every Signaal process. Rasa REST: the same conversations "
           "straight to one Rasa process (of the configuration's first), the reference. "
           "Scaled: PostgreSQL and Redis on the same machine.", "",
           "| mode | path | turns/s | p50 ms | p95 ms | failed |", "|---|---|---|---|---|---|"]
    out += [f"| {r['mode']} | {r['target']} | {fmt(r['turns_per_s'], 1)} | {fmt(r['p50'])} | "
            f"{fmt(r['p95'])} | {r['failures']} |" for r in rows]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--mode", action="append", choices=sorted(MODES))
    args = parser.parse_args()
    modes = args.mode or sorted(MODES)
    argv = shlex.join([".venv/bin/python", "-m", "benchmarks.capacity",
                       f"--seconds={args.seconds}", f"--users={args.users}"])
    REPORT.write_text(report(measure(modes, args.users, args.seconds), args.users,
                             args.seconds, argv), encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
