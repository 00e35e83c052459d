"""Signaal webchat: the only public surface. The browser talks to this Flask app; the app
talks to Rasa's REST channel on loopback."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, request
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

import settings

LANGUAGES = ("nl", "en")
# (title, explanation) per status; marked here, translated when shown.
ERROR_MESSAGES = {
    400: (_l("Dat begrijp ik niet"), _l("Het verzoek klopt niet. Probeer het opnieuw.")),
    404: (_l("Deze pagina bestaat niet"), _l("Onbekend adres.")),
    405: (_l("Dat kan hier niet"), _l("Deze methode is hier niet toegestaan.")),
    413: (_l("Te groot"), _l("Het verzoek is te groot.")),
    429: (_l("Even rustig aan"),
          _l("Het is nu erg druk. Probeer het over een paar seconden opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging bij ons iets mis. Probeer het later opnieuw.")),
}


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


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    """The one CSP of every page; only /embed (webchat/embed.py) names other frame ancestors."""
    return ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"connect-src 'self'; frame-ancestors {frame_ancestors}; base-uri 'none'; "
            "form-action 'self'")


def persistent_secret_key(path: str) -> str:
    """Without SIGNAAL_SECRET_KEY: one random key, generated once into the instance folder
    (mode 0600), so a restart does not log trainers out. Safe when processes start at once:
    the first to link its file wins, the others read that one."""
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        spare = f"{path}.{secrets.token_hex(8)}.tmp"
        with os.fdopen(os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        try:
            os.link(spare, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(spare)
    if os.stat(path).st_mode & 0o077:
        os.chmod(path, 0o600)
    with open(path, encoding="utf-8") as handle:
        key = handle.read().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it (a new key is made) or set "
                           "SIGNAAL_SECRET_KEY")
    return key


def public_url(value: str) -> str:
    """SIGNAAL_PUBLIC_URL, the address people use (links and QR codes are built from it,
    never from the request's Host header): http(s)://host[:port][/path]."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or (
            parts.fragment or "@" in parts.netloc):
        raise ValueError(f"SIGNAAL_PUBLIC_URL must look like https://signaal.example "
                         f"(got {value!r})")
    return value.strip().rstrip("/")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config = settings.load()  # read once per app; tests give their own through test_config
    app.config.from_mapping(
        SETTINGS=config,
        SECRET_KEY=config.secret_key,
        SECRET_KEY_FILE=os.path.join(app.instance_path, "secret_key"),
        PUBLIC_URL=config.public_url,
        # Proxies in front of us that set X-Forwarded-For/-Proto; 0: trust no such header.
        PROXY_HOPS=config.proxy_hops,
        # The cookie is only used by trainers; it holds a random session id (and Flask-WTF's
        # CSRF secret), never an admin token. Secure when the public address is https.
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        # CSRF (Flask-WTF) is checked only where a cookie authenticates: the trainer forms and
        # the trainer page's own API calls (webchat/trainer_auth.py). Residents' endpoints use
        # no cookie at all. No time limit: the server-side trainer session expires instead.
        # No referrer check: every page sends Referrer-Policy: no-referrer.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_FIELD_NAME="csrf",
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=False,
        DATABASE_URL=config.database_url,
        RASA_URLS=config.rasa_urls,
        RASA_TOKEN=config.rasa_token,
        ACTION_URL=config.action_url,
        RASA_TIMEOUT=config.rasa_timeout,
        CRISIS_BUDGET=config.crisis_budget,
        EXIT_URL=config.exit_url,
        SESSION_TTL_SECONDS=config.conversation_ttl,
        TRAINER_PASSWORD=config.trainer_password,
        SEEDS_DIR=config.seeds_dir,
        MAX_MESSAGE_CHARS=1000,
        MAX_CONTENT_LENGTH=16 * 1024,
        # Flood control: messages per session per window, new sessions per client address per
        # window, and all requests per window; counted in memory, or Redis when scaled.
        SESSION_RATE=config.session_rate,
        NEW_SESSION_RATE=config.new_session_rate,
        GLOBAL_RATE=(2000, 10.0),
        RATELIMIT_STORAGE_URI=config.ratelimit_storage_uri,
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(app.root_path, "translations"),
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        # Sites that may show the chat in an iframe (/embed); empty: none may.
        EMBED_ORIGINS=config.embed_origins,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.config["PUBLIC_URL"] = public_url(app.config["PUBLIC_URL"])
    if "SESSION_COOKIE_SECURE" not in (test_config or {}):
        app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_URL"].startswith("https:")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = persistent_secret_key(app.config["SECRET_KEY_FILE"])
    if app.config["PROXY_HOPS"] > 0:  # only behind proxies we were told about
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    Babel(app, locale_selector=select_locale)
    CSRFProtect(app)
    # Werkzeug's request log would record client IP addresses: never log requests.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from webchat import api, campaign_state, cli, embed, health, help_ui, pages, presenter, trainer

    app.config["EMBED_ORIGINS"] = embed.parse_origins(app.config["EMBED_ORIGINS"], app.logger)
    app.register_blueprint(pages.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(trainer.bp)
    app.register_blueprint(presenter.bp)
    app.register_blueprint(campaign_state.bp)
    app.cli.add_command(cli.set_trainer_password_command)

    @app.context_processor
    def help_lines_for_every_page():
        return {"help_bar": help_ui.help_bar()}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # JSON under /api/ (its contract); elsewhere a page with quick exit and help lines.
        status = exc.code or 500
        message = ERROR_MESSAGES.get(status, ERROR_MESSAGES[500])
        if request.path.startswith("/api/"):
            return {"error": str(message[1])}, status
        return pages.page("error.html", status, title=str(message[0]),
                          message=str(message[1]))

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        app.logger.error("unhandled %s in %s", type(exc).__name__, request.endpoint)
        return http_error(InternalServerError())

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
