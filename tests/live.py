"""Start the real Signaal processes (Rasa server, action server, webchat) on free loopback
ports, for live tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

import settings
from campaigns.db import runtime_engine, upgrade
from webchat.launch import MODEL, ROOT, commands, environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveSignaal:
    def __init__(self, database_url: str, log_dir: Path, extra_env: dict[str, str] | None = None,
                 content_database_url: str | None = None, rasa_processes: int = 1):
        """`database_url`: runtime data, upgraded to head before any process starts (so no
        two processes race to create it); content is read from `content_database_url`, or
        from the same database when not given (content tables and runtime tables never mix).
        `rasa_processes` > 1 needs SIGNAAL_REDIS_URL in `extra_env` (the scaled mode)."""
        self.log_dir = log_dir
        upgrade(runtime_engine(database_url))
        rasa_ports = [free_port() for _ in range(rasa_processes)]
        self.token = "live-test-token"
        env = {**os.environ,
               "DATABASE_URL": database_url,
               "SIGNAAL_CONTENT_DATABASE_URL": content_database_url or database_url,
               "SIGNAAL_PORT": str(free_port()), "SIGNAAL_ACTION_PORT": str(free_port()),
               "SIGNAAL_RASA_URLS": ",".join(f"http://127.0.0.1:{p}" for p in rasa_ports),
               "SIGNAAL_RASA_TOKEN": self.token, **(extra_env or {})}
        self.config = settings.load(env)
        self.ports = {"web": self.config.web_port, "rasa": rasa_ports[0],
                      "actions": self.config.action_port}
        self.url = f"http://127.0.0.1:{self.config.web_port}"
        self.rasa_url = self.config.rasa_urls[0]
        self.envs = environment(self.config, env)  # each program's environment, by name
        self.processes: list[tuple[subprocess.Popen, object]] = []
        self.named: dict[str, subprocess.Popen] = {}
        for name, cmd in commands(self.config).items():
            log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
            process = subprocess.Popen(cmd.split(), cwd=ROOT, env=self.envs[name], stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            self.processes.append((process, log))
            self.named[name] = process

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.named.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}; see "
                                       f"{self.log_dir / (name + '.log')}")
            # The webchat's health check asks one Rasa process; every one must answer.
            urls = [f"{self.url}/healthz", *self.config.rasa_urls]
            try:
                if all(requests.get(url, timeout=2).status_code == 200 for url in urls):
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise TimeoutError("Signaal did not become ready")

    def stop(self) -> list[int]:
        for process, _ in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        codes = []
        for process, log in self.processes:
            try:
                codes.append(process.wait(timeout=30))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                codes.append(process.wait())
            log.close()
        return codes


def model_exists() -> bool:
    return MODEL.exists()
