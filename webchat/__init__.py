"""Signaal webchat: the only public surface. The browser talks to this Flask app; the app
talks to Rasa's REST channel on loopback."""

from __future__ import annotations

import logging
import os
import secrets
from typing import Any

from flask import Flask, request
from flask_babel import Babel, gettext
from werkzeug.exceptions import HTTPException

LANGUAGES = ("nl", "en")


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted is None and request.is_json:
        try:
            body = request.get_json(silent=True)
        except HTTPException:  # e.g. an oversized body: answer in the default language
            body = None
        wanted = body.get("locale") if isinstance(body, dict) else None
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES) or "nl"


def _rate(spec: str) -> tuple[int, float]:
    """'20/10' → at most 20 requests per 10 seconds."""
    count, _, seconds = spec.partition("/")
    return int(count), float(seconds or 1)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SIGNAAL_SECRET_KEY") or secrets.token_hex(32),
        DATABASE_URL=os.environ.get("DATABASE_URL"),
        RASA_URL=os.environ.get("SIGNAAL_RASA_URL", "http://127.0.0.1:5005"),
        RASA_TOKEN=os.environ.get("SIGNAAL_RASA_TOKEN", ""),
        ACTION_URL=os.environ.get("SIGNAAL_ACTION_URL", "http://127.0.0.1:5055/webhook"),
        RASA_TIMEOUT=float(os.environ.get("SIGNAAL_RASA_TIMEOUT", "20")),
        EXIT_URL=os.environ.get("SIGNAAL_EXIT_URL", "https://www.google.com/search?q=weerbericht"),
        SESSION_TTL_SECONDS=int(os.environ.get("SIGNAAL_TRACKER_TTL", "1800")),
        MAX_MESSAGE_CHARS=1000,
        MAX_CONTENT_LENGTH=16 * 1024,
        # Flood control: messages per session per window, and all requests per window.
        SESSION_RATE=_rate(os.environ.get("SIGNAAL_SESSION_RATE", "20/10")),
        GLOBAL_RATE=(2000, 10.0),
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(app.root_path, "translations"),
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    if test_config:
        app.config.from_mapping(test_config)

    Babel(app, locale_selector=select_locale)
    # Werkzeug's request log would record client IP addresses: never log requests.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from webchat import api, cli, health, pages, trainer

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(trainer.bp)
    app.cli.add_command(cli.set_trainer_password_command)

    @app.errorhandler(405)
    def method_not_allowed(exc):
        # JSON for the API (its contract), the plain page elsewhere.
        if request.path.startswith("/api/"):
            return {"error": gettext("Deze methode is hier niet toegestaan.")}, 405
        return exc

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
