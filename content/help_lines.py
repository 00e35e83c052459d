"""Help lines read straight from content/help/*.yaml, without the database.

The webchat's help bar, crisis cards and degraded answers must work even when the content
database or Rasa is down, so they read the YAML files (part of the repo) once per process.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HELP_DIR = Path(__file__).resolve().parent / "help"


@cache
def help_lines() -> dict[str, dict[str, Any]]:
    lines: dict[str, dict[str, Any]] = {}
    for path in sorted(HELP_DIR.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            lines[str(item["slug"])] = item
    return lines


def phone(slug: str) -> str | None:
    line = help_lines().get(slug)
    return line.get("phone") if line else None


def tel_uri(number: str) -> str:
    """'0800-2000' → 'tel:08002000'; '+31 247 247 247' → 'tel:+31247247247'."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)
