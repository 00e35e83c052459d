"""Time `make run` in a clone: to the ready line on a fresh clone (creates the venv, installs,
loads content, trains) and again with nothing changed; then Ctrl-C and check no process is left.

`python3 benchmarks/startup.py /path/to/fresh/clone` writes docs/benchmarks-startup.md there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

READY = "Signaal draait op"


def timed_run(clone: Path, limit: float = 1800) -> tuple[float, bool]:
    started = time.monotonic()
    process = subprocess.Popen(["make", "run"], cwd=clone, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    elapsed = None
    for line in process.stdout:
        if READY in line:
            elapsed = time.monotonic() - started
            break
        if time.monotonic() - started > limit:
            break
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    time.sleep(2)
    leftovers = subprocess.run(["pgrep", "-f", str(clone / ".venv")], capture_output=True,
                               text=True).stdout.split()
    return (elapsed or float("nan")), not leftovers


def main(clone: Path) -> None:
    first, clean_first = timed_run(clone)
    second, clean_second = timed_run(clone)
    report = clone / "docs" / "benchmarks-startup.md"
    report.write_text(
        "# Start-up\n\nWritten by `benchmarks/startup.py` on a fresh clone, 2 cores.\n\n"
        "| run | time to 'Signaal draait op' | no process left after Ctrl-C |\n|---|---|---|\n"
        f"| first `make run` (venv, install, content, training) | {first:.0f} s | {clean_first} |\n"
        f"| second `make run` (nothing changed) | {second:.0f} s | {clean_second} |\n",
        encoding="utf-8")
    print(report.read_text())


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
