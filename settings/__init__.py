"""Every setting Signaal reads from the environment, read in one place.

`load()` reads the environment once per call; `current()` is the process's copy, read on first
use. Each process entry point (the webchat's app factory, the action server, the launcher, the
loader and checker) takes its settings from here and passes them on; nothing else reads
`os.environ`. The README's settings table lists the same names (a test checks it, and checks
deploy/ against it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _rate(spec: str) -> tuple[int, float]:
    """'20/10' → 20 per 10 seconds; '300' → 300 per second."""
    count, _, seconds = spec.partition("/")
    return int(count), float(seconds or 1)


@dataclass(frozen=True)
class Settings:
    # Runtime data (chat sessions, campaigns, trainer accounts): SQLite, or PostgreSQL scaled.
    database_url: str
    # Content, rebuilt from content/ YAML by the loader; never holds runtime data.
    content_database_url: str
    # Redis for the scaled mode: locks and trackers of every Rasa process, limits, sessions.
    redis_url: str | None
    rasa_processes: int
    web_port: int
    rasa_port: int
    action_port: int
    rasa_urls: tuple[str, ...]
    rasa_token: str
    action_url: str
    rasa_timeout: float
    crisis_budget: float
    conversation_ttl: int
    session_rate: tuple[int, float]
    new_session_rate: tuple[int, float]
    ratelimit_storage_uri: str
    exit_url: str
    embed_origins: str
    secret_key: str | None
    public_url: str
    proxy_hops: int
    trainer_password: str | None
    seeds_dir: Path

    @property
    def scaled(self) -> bool:
        return bool(self.redis_url)


# Environment variable → (field, default). The README table documents exactly these names.
ENVIRONMENT: dict[str, tuple[str, str | None]] = {
    "DATABASE_URL": ("database_url", f"sqlite:///{INSTANCE / 'signaal.db'}"),
    "SIGNAAL_CONTENT_DATABASE_URL": ("content_database_url",
                                     f"sqlite:///{INSTANCE / 'content.db'}"),
    "SIGNAAL_REDIS_URL": ("redis_url", None),
    "SIGNAAL_RASA_PROCESSES": ("rasa_processes", "1"),
    "SIGNAAL_PORT": ("web_port", "5000"),
    "SIGNAAL_RASA_PORT": ("rasa_port", "5005"),
    "SIGNAAL_ACTION_PORT": ("action_port", "5055"),
    "SIGNAAL_RASA_URLS": ("rasa_urls", None),
    "SIGNAAL_RASA_TOKEN": ("rasa_token", ""),
    "SIGNAAL_ACTION_URL": ("action_url", None),
    "SIGNAAL_RASA_TIMEOUT": ("rasa_timeout", "20"),
    "SIGNAAL_CRISIS_BUDGET": ("crisis_budget", "3"),
    "SIGNAAL_CONVERSATION_TTL": ("conversation_ttl", "1800"),
    "SIGNAAL_SESSION_RATE": ("session_rate", "20/10"),
    "SIGNAAL_NEW_SESSION_RATE": ("new_session_rate", "300/60"),
    "SIGNAAL_RATELIMIT_STORAGE_URI": ("ratelimit_storage_uri", None),
    "SIGNAAL_EXIT_URL": ("exit_url", "https://www.google.com/search?q=weerbericht"),
    "SIGNAAL_EMBED_ORIGINS": ("embed_origins", ""),
    "SIGNAAL_SECRET_KEY": ("secret_key", None),
    "SIGNAAL_PUBLIC_URL": ("public_url", None),
    "SIGNAAL_PROXY_HOPS": ("proxy_hops", "0"),
    "SIGNAAL_TRAINER_PASSWORD": ("trainer_password", None),
    "SIGNAAL_SEEDS_DIR": ("seeds_dir", str(ROOT.parent / "shared" / "seeds")),
}


def load(environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    raw = {name: (environ.get(var) or default) for var, (name, default) in ENVIRONMENT.items()}
    rasa_port, rasa_processes = int(raw["rasa_port"]), max(1, int(raw["rasa_processes"]))
    # N Rasa processes listen on consecutive ports from SIGNAAL_RASA_PORT (the launcher
    # starts them); SIGNAAL_RASA_URLS names them instead when they run elsewhere.
    rasa_urls = tuple(u.strip().rstrip("/") for u in (raw["rasa_urls"] or "").split(",")
                      if u.strip()) or tuple(f"http://127.0.0.1:{rasa_port + i}"
                                             for i in range(rasa_processes))
    redis_url = raw["redis_url"]
    values = {
        **raw,
        "rasa_processes": rasa_processes,
        "web_port": int(raw["web_port"]),
        "rasa_port": rasa_port,
        "action_port": int(raw["action_port"]),
        "rasa_urls": rasa_urls,
        "action_url": raw["action_url"] or f"http://127.0.0.1:{raw['action_port']}/webhook",
        "rasa_timeout": float(raw["rasa_timeout"]),
        "crisis_budget": float(raw["crisis_budget"]),
        "conversation_ttl": int(raw["conversation_ttl"]),
        "session_rate": _rate(raw["session_rate"]),
        "new_session_rate": _rate(raw["new_session_rate"]),
        "ratelimit_storage_uri": raw["ratelimit_storage_uri"] or redis_url or "memory://",
        "public_url": raw["public_url"] or f"http://127.0.0.1:{raw['web_port']}",
        "proxy_hops": int(raw["proxy_hops"]),
        "seeds_dir": Path(raw["seeds_dir"]),
    }
    return Settings(**{f.name: values[f.name] for f in fields(Settings)})


@cache
def current() -> Settings:
    """This process's settings, read from the environment on first use."""
    return load()
