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

from webchat.launch import MODEL, ROOT, commands, environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveSignaal:
    def __init__(self, database_url: str, log_dir: Path, extra_env: dict[str, str] | None = None):
        self.log_dir = log_dir
        self.ports = {"web": free_port(), "rasa": free_port(), "actions": free_port()}
        self.url = f"http://127.0.0.1:{self.ports['web']}"
        self.rasa_url = f"http://127.0.0.1:{self.ports['rasa']}"
        token = "live-test-token"
        env = environment(self.ports, token)
        env["DATABASE_URL"] = database_url
        env.update(extra_env or {})
        self.processes = []
        for name, cmd in commands(self.ports, token).items():
            log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
            self.processes.append((subprocess.Popen(
                cmd.split(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True), log))

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for (process, log), name in zip(self.processes, self.ports, strict=True):
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}; see {log.name}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
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
