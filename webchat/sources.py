"""The seed-source viewer behind /bron/<seed>?regels=a-b: the cited lines in context, so a
reader can check an answer against the policy document it comes from."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

ROOT = Path(__file__).resolve().parent.parent
SEED_TITLES = ROOT / "content" / "seeds.yaml"
CONTEXT_LINES = 8
MAX_CITED_LINES = 200


def seeds_dir() -> Path:
    return Path(current_app.config["SEEDS_DIR"])


@cache
def seed_titles() -> dict[str, str]:
    return yaml.safe_load(SEED_TITLES.read_text(encoding="utf-8"))


@cache
def _seed_lines(folder: Path, seed: str) -> list[str]:
    path = folder / seed
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def excerpt(seed: str, lines: str) -> dict[str, Any] | None:
    """The cited lines with some context, or None for an unknown seed or a bad range.
    Only seeds named in content/seeds.yaml are served (no path from the URL reaches the disk)."""
    if seed not in seed_titles():
        return None
    match = re.fullmatch(r"(\d{1,6})(?:-(\d{1,6}))?", lines)
    text = _seed_lines(seeds_dir(), seed)
    if not match or not text:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if not 1 <= first <= last <= len(text) or last - first >= MAX_CITED_LINES:
        return None
    start, end = max(1, first - CONTEXT_LINES), min(len(text), last + CONTEXT_LINES)
    shown = [{"number": n, "text": text[n - 1], "cited": first <= n <= last}
             for n in range(start, end + 1) if text[n - 1].strip() or first <= n <= last]
    return {"seed": seed, "title": seed_titles()[seed], "first": first, "last": last,
            "lines": shown}
