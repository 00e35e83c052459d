"""deploy/ names exactly the settings the code reads, and runs every part of the scaled mode."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yml").read_text(encoding="utf-8"))


def test_the_compose_file_names_exactly_the_settings_the_code_reads():
    text = (DEPLOY / "compose.yml").read_text(encoding="utf-8")
    named = set(re.findall(r"^\s+((?:SIGNAAL|DATABASE)_[A-Z_]+):", text, re.MULTILINE))
    assert named == set(settings.ENVIRONMENT)
    assert set(compose()["x-signaal"]["environment"]) == set(settings.ENVIRONMENT)


def test_it_runs_replicas_of_every_part_on_real_engines():
    services = compose()["services"]
    assert {"postgres", "redis", "migrate", "actions"} <= set(services)
    assert len([s for s in services if s.startswith("rasa-")]) >= 2
    assert len([s for s in services if s.startswith("web-")]) >= 2
    rasa_urls = compose()["x-signaal"]["environment"]["SIGNAAL_RASA_URLS"].split(",")
    assert {u.split("//")[1].split(":")[0] for u in rasa_urls} == {
        s for s in services if s.startswith("rasa-")}
    assert "endpoints-scaled.yml" in services["rasa-1"]["command"]
    assert services["actions"]["environment"]["SIGNAAL_RASA_TOKEN"] == ""
    assert "--save" in services["redis"]["command"]  # nothing of a conversation on disk
