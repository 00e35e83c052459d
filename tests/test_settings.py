"""One settings object: the README documents exactly the variables it reads, and nothing else in
our packages reads the environment."""

from __future__ import annotations

import re
from pathlib import Path

import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("content", "campaigns", "safety", "bot", "webchat")


def test_the_readme_documents_exactly_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`((?:SIGNAAL_|DATABASE_)[A-Z_]+)`", table))
    assert documented == set(settings.ENVIRONMENT)


def test_only_settings_reads_the_environment():
    reading = re.compile(r"os\.environ\.get|os\.getenv|os\.environ\[")
    sources = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    found = [str(p.relative_to(ROOT)) for p in sources
             if reading.search(p.read_text(encoding="utf-8"))]
    assert not found, found


def test_defaults_and_the_scaled_mode():
    embedded = settings.load({})
    assert not embedded.scaled and embedded.rasa_urls == ("http://127.0.0.1:5005",)
    assert embedded.ratelimit_storage_uri == "memory://"
    scaled = settings.load({"SIGNAAL_REDIS_URL": "redis://r:6379/0",
                            "SIGNAAL_RASA_PROCESSES": "3", "SIGNAAL_RASA_PORT": "6000"})
    assert scaled.scaled and scaled.ratelimit_storage_uri == "redis://r:6379/0"
    assert scaled.rasa_urls == tuple(f"http://127.0.0.1:{p}" for p in (6000, 6001, 6002))
