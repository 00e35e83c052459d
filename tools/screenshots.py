"""Screenshots of the key screens for docs/screenshots/ (`make screenshots`; not part of
`make test`, which must leave the tree clean). Starts the live stack on loopback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from content.db import get_engine
from content.loader import load
from tests.live import LiveSignaal

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def ask(page, text: str) -> None:
    before = page.locator(".msg.bot").count()
    page.fill("#message", text)
    page.press("#message", "Enter")
    page.wait_for_function("n => document.querySelectorAll('.msg.bot:not(.waiting)').length > n"
                           " && !document.querySelector('.waiting')", arg=before, timeout=60_000)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/shots.db"
        load(get_engine(database))
        live = LiveSignaal(database, Path(tmp))
        try:
            live.wait_ready()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                shots = [("chat-first-screen", "/", PHONE, []),
                         ("chat-crisis-card", "/", PHONE, ["help hij slaat me nu"]),
                         ("chat-answer-320", "/", {"width": 320, "height": 568},
                          ["wat moet ik meenemen als ik wegga"]),
                         ("chat-english", "/?lang=en", PHONE, ["how can i hide that i visited"]),
                         ("talk-to-someone", "/praat-met-iemand", PHONE, []),
                         ("source-viewer", "/bron/000_e2c061e3cee001df.txt?regels=100-104",
                          PHONE, [])]
                for name, path, viewport, questions in shots:
                    context = browser.new_context(locale="nl-NL", viewport=viewport)
                    page = context.new_page()
                    page.goto(live.url + path)
                    for question in questions:
                        ask(page, question)
                    page.screenshot(path=str(OUT / f"{name}.png"))
                    context.close()
                browser.close()
        finally:
            live.stop()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
