"""The packages' import rules (docs/architecture.md), checked on the source with `ast`.

content    → settings
campaigns  → content, settings
safety     → content
bot        → content, campaigns, safety, settings
webchat    → content, campaigns, safety, settings   (never bot)
settings   → nothing of ours
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"content", "campaigns", "safety", "bot", "webchat", "settings"}
ALLOWED = {
    "settings": set(),
    "content": {"settings"},
    "campaigns": {"content", "settings"},
    "safety": {"content"},
    "bot": {"content", "campaigns", "safety", "settings"},
    "webchat": {"content", "campaigns", "safety", "settings"},
}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_what_it_builds_on(package):
    wrong = {}
    for path in (ROOT / package).rglob("*.py"):
        others = imported_packages(path) - {package} - ALLOWED[package]
        if others:
            wrong[str(path.relative_to(ROOT))] = sorted(others)
    assert not wrong, f"imports across the rules in docs/architecture.md: {wrong}"


def test_the_bots_actions_never_import_the_webchat():
    actions = ROOT / "bot" / "actions"
    assert not [p for p in actions.rglob("*.py") if "webchat" in imported_packages(p)]


def test_modules_stay_small():
    """About 300 lines at most: a longer module does more than one job."""
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for package in ALLOWED for p in (ROOT / package).rglob("*.py")}
    long = {path: n for path, n in sizes.items() if n > 310}
    assert not long, long


def test_no_help_number_is_written_outside_content_help():
    """Numbers come from content/help/ (checked facts with sources); code, templates and
    catalogues take them from there (safety/messages.py fills in its templates)."""
    from content.help_lines import help_lines

    numbers = {line["phone"] for line in help_lines().values()
               if line.get("phone") and len(line["phone"]) > 3}
    places = [p for package in ("bot", "webchat", "safety", "campaigns")
              for pattern in ("*.py", "*.html", "*.po")
              for p in (ROOT / package).rglob(pattern)]
    found = {str(p.relative_to(ROOT)): n for p in places
             for n in numbers if n in p.read_text(encoding="utf-8")}
    assert not found, found
