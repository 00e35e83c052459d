"""Shared fixtures: a temporary content database, real Rasa SDK trackers, the Flask app."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Point every engine at a throwaway database before any of our modules create one.
_TMP = Path(tempfile.mkdtemp(prefix="signaal-test-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'signaal.db'}"
os.environ["SIGNAAL_CONTENT_DATABASE_URL"] = f"sqlite:///{_TMP / 'content.db'}"
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import pytest  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

import settings  # noqa: E402
from campaigns.db import ready, runtime_engine, upgrade  # noqa: E402
from content.db import get_engine  # noqa: E402
from content.loader import load  # noqa: E402
from tests.live import LiveSignaal  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIVE_TRAINER_PASSWORD = "live-trainer-wachtwoord"  # the live stack's development password


@pytest.fixture(scope="session", autouse=True)
def loaded_content():
    """The real content, loaded once into the temporary content database; the temporary
    runtime database upgraded to the migrations' head."""
    upgrade(runtime_engine())
    return load(get_engine())


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """A fresh runtime database for the test module, at the migrations' head, as in Flask's
    tutorial. The settings point at it while the module runs, so the app factory and the bot's
    actions use it too."""
    url = f"sqlite:///{tmp_path_factory.mktemp('runtime') / 'signaal.db'}"
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", url)
    settings.current.cache_clear()
    try:
        yield ready(runtime_engine(url))
    finally:
        patch.undo()
        settings.current.cache_clear()


def make_tracker(text: str = "", intent: str = "greet", entities: list[dict] | None = None,
                 slots: dict | None = None, locale: str = "nl") -> Tracker:
    return Tracker(
        sender_id="test-conversation",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": entities or [], "metadata": {"locale": locale}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action, **tracker_args) -> tuple[list[dict], list[dict]]:
    """Run an action against a real dispatcher; returns (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, make_tracker(**tracker_args), {})
    return dispatcher.messages, events


@pytest.fixture
def tracker():
    return make_tracker


@pytest.fixture(scope="session")
def exit_page():
    """A stand-in for the quick exit's neutral site, on loopback (the tests reach no network)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ExitPage)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/weer"
    server.shutdown()


class _ExitPage(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"<!doctype html><title>Weer</title><p>Het weer vandaag</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def embed_host():
    """A second origin on loopback for a site that embeds Signaal; tests put their pages in
    `.pages` (path → (headers, html)). `localhost`, not 127.0.0.1: another site, as in real use."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HostPage)
    server.pages = {}
    server.origin = f"http://localhost:{server.server_port}"
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield server
    server.shutdown()


class _HostPage(_ExitPage):
    def do_GET(self):  # noqa: N802 - http.server's name
        headers, html = self.server.pages.get(self.path.split("?")[0], ({}, None))
        self.send_response(200 if html is not None else 404)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write((html or "").encode())


@pytest.fixture(scope="session")
def signaal(tmp_path_factory, exit_page, embed_host):
    """The three real processes on free loopback ports, started once for all live tests."""
    live = LiveSignaal(os.environ["DATABASE_URL"], tmp_path_factory.mktemp("logs"),
                       content_database_url=os.environ["SIGNAAL_CONTENT_DATABASE_URL"],
                       extra_env={"SIGNAAL_EXIT_URL": exit_page,
                                  "SIGNAAL_EMBED_ORIGINS": embed_host.origin,
                                  "SIGNAAL_TRAINER_PASSWORD": LIVE_TRAINER_PASSWORD})
    try:
        live.wait_ready()
        yield live
    finally:
        live.stop()
        # Stopped cleanly: no process of ours is left running.
        assert all(process.poll() is not None for process, _ in live.processes)


# --- browser tests: Debian's chromium, driven by Playwright (never a downloaded browser) -------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """A chromium per browser-test module. Not per session: Playwright's sync API keeps an
    event loop running in the main thread while it is open, and tests that drive Rasa's own
    actions with asyncio.run (test_quiz_flow.py) cannot run beside it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def new_context(browser, **options):
    """A browser whose person reads Dutch (the page follows Accept-Language)."""
    return browser.new_context(locale="nl-NL", **options)
