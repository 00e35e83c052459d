"""Start Rasa, the action server and the webchat on loopback, supervised by honcho.

`python -m webchat.launch` (what `make run` ends with). Prints one line when all three answer;
Ctrl-C stops all of them.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
from pathlib import Path

import requests
from honcho.manager import Manager

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "bot" / "models" / "signaal.tar.gz"


def ports() -> dict[str, int]:
    return {
        "web": int(os.environ.get("SIGNAAL_PORT", "5000")),
        "rasa": int(os.environ.get("SIGNAAL_RASA_PORT", "5005")),
        "actions": int(os.environ.get("SIGNAAL_ACTION_PORT", "5055")),
    }


def commands(p: dict[str, int], token: str) -> dict[str, str]:
    # Each program runs under bot/log_privacy.py, which keeps conversation text, sender ids and
    # the token out of every log line of its process (`python -m bot.log_privacy rasa …` is
    # `rasa …` with that filter installed first).
    run = f"{sys.executable} -m bot.log_privacy"
    return {
        "actions": f"{run} rasa run actions --actions bot.actions --port {p['actions']}",
        "rasa": (f"{run} rasa run --enable-api --auth-token {token} --model {MODEL} "
                 f"--endpoints bot/endpoints.yml --credentials bot/credentials.yml "
                 f"--interface 127.0.0.1 --port {p['rasa']}"),
        "web": (f"{run} waitress-serve --host 127.0.0.1 --port {p['web']} --threads 24 "
                f"--call webchat:create_app"),
    }


def environment(p: dict[str, int], token: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "SANIC_HOST": "127.0.0.1",  # the action server listens on loopback only
        "SIGNAAL_ACTION_URL": f"http://127.0.0.1:{p['actions']}/webhook",
        "SIGNAAL_RASA_URL": f"http://127.0.0.1:{p['rasa']}",
        "SIGNAAL_RASA_TOKEN": token,
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def announce_when_ready(p: dict[str, int], manager: Manager, timeout: float = 600) -> None:
    url = f"http://127.0.0.1:{p['web']}/healthz"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and manager.returncode is None:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                print(f"\nSignaal draait op http://127.0.0.1:{p['web']}\n", flush=True)
                return
        except requests.RequestException:
            pass
        time.sleep(1)


def main() -> int:
    if not MODEL.exists():
        print("No trained model: run `make run` (it trains when needed).", file=sys.stderr)
        return 1
    p = ports()
    token = secrets.token_urlsafe(24)
    env = environment(p, token)
    manager = Manager()
    for name, cmd in commands(p, token).items():
        manager.add_process(name, cmd, env=env, cwd=str(ROOT))
    threading.Thread(target=announce_when_ready, args=(p, manager), daemon=True).start()
    manager.loop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
