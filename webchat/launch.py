"""Start Rasa, the action server and the webchat on loopback, supervised by honcho.

`python -m webchat.launch` (what `make run` ends with). Upgrades the runtime database first, so
no process races to create it; prints one line when everything answers; Ctrl-C stops all.
Embedded: one Rasa process with trackers in memory. Scaled (SIGNAAL_REDIS_URL set): N Rasa
processes (SIGNAAL_RASA_PROCESSES) on consecutive ports sharing trackers and locks in Redis.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import requests
from honcho.manager import Manager

import settings
from campaigns.db import runtime_engine, upgrade

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "bot" / "models" / "signaal.tar.gz"


def commands(config: settings.Settings) -> dict[str, str]:
    # Each program runs under bot/log_privacy.py, which keeps conversation text, sender ids and
    # the token out of every log line of its process (`python -m bot.log_privacy rasa …` is
    # `rasa …` with that filter installed first). Rasa's auth token is not on the command line
    # (visible in `ps`): the wrapper hands SIGNAAL_RASA_TOKEN to Rasa inside the process.
    run = f"{sys.executable} -m bot.log_privacy"
    endpoints = "bot/endpoints-scaled.yml" if config.scaled else "bot/endpoints.yml"
    programs = {
        # rasa_sdk directly: `rasa run actions` would load all of Rasa first (500 MB more).
        "actions": f"{run} rasa_sdk --actions bot.actions --port {config.action_port}",
        # A class of 200 phones keeps more than waitress's default 100 connections open; idle
        # ones (and slow half-open ones) are closed after 20 s instead of 120 s.
        "web": (f"{run} waitress-serve --host 127.0.0.1 --port {config.web_port} --threads 24 "
                f"--connection-limit 1000 --channel-timeout 20 --call webchat:create_app"),
    }
    for n, url in enumerate(config.rasa_urls):
        port = url.rsplit(":", 1)[1]
        name = "rasa" if n == 0 else f"rasa{n + 1}"
        programs[name] = (f"{run} rasa run --enable-api --model {MODEL} "
                          f"--endpoints {endpoints} --credentials bot/credentials.yml "
                          f"--interface 127.0.0.1 --port {port}")
    return programs


def environment(config: settings.Settings, base: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each program's environment: only the Rasa processes and the webchat know the token."""
    common = {
        **base,
        "SANIC_HOST": "127.0.0.1",  # the action server listens on loopback only
        "SIGNAAL_ACTION_URL": config.action_url,
        "SIGNAAL_RASA_URLS": ",".join(config.rasa_urls),
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    }
    without_token = {k: v for k, v in common.items() if k != "SIGNAAL_RASA_TOKEN"}
    with_token = {**common, "SIGNAAL_RASA_TOKEN": config.rasa_token}
    return {name: (without_token if name == "actions" else with_token)
            for name in commands(config)}


def prepared(config: settings.Settings | None = None) -> settings.Settings:
    """The settings for one run: a fresh random Rasa token unless one is set."""
    config = config or settings.current()
    return config if config.rasa_token else replace(config,
                                                    rasa_token=secrets.token_urlsafe(24))


def announce_when_ready(config: settings.Settings, manager: Manager,
                        timeout: float = 600) -> None:
    url = f"http://127.0.0.1:{config.web_port}/healthz"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and manager.returncode is None:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                print(f"\nSignaal draait op http://127.0.0.1:{config.web_port}\n", flush=True)
                return
        except requests.RequestException:
            pass
        time.sleep(1)


def main() -> int:
    if not MODEL.exists():
        print("No trained model: run `make run` (it trains when needed).", file=sys.stderr)
        return 1
    config = prepared()
    upgrade(runtime_engine(config.database_url))
    manager = Manager()
    envs = environment(config, dict(os.environ))  # the children inherit our environment
    for name, cmd in commands(config).items():
        manager.add_process(name, cmd, env=envs[name], cwd=str(ROOT))
    threading.Thread(target=announce_when_ready, args=(config, manager), daemon=True).start()
    manager.loop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
