"""Trainer authentication: login and logout, server-side trainer sessions, which campaigns a
session may run, CSRF (Flask-WTF) and the limits on failed attempts.

- The cookie carries a random trainer-session id (and Flask-WTF's CSRF secret), never an admin
  token; the server keeps a hash of the id and the campaigns that session created or unlocked
  (campaigns.trainers). Logout and a new password end sessions on the server.
- Failed logins are counted per client (a salted hash of its address: the salt is random per
  process and lives in memory only; addresses are never stored or logged) and per account.
  One client's failures never lock out another client: when the account itself sees too many
  failures, only clients that failed recently have to wait. Too many is 429 with Retry-After,
  never a 401.
- Campaign-code lookups (the admin API, the trainer pages) are limited per client in the same
  way, and an unknown code is answered like a wrong token.
- Why a small keyed counter (campaigns.attempts) and not Flask-Limiter: it counts only failures,
  keys on hashes we choose, and needs no new dependency or storage backend.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from datetime import timedelta
from functools import wraps

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, gettext
from werkzeug.exceptions import TooManyRequests

from campaigns import service as store
from campaigns import trainers as accounts
from campaigns.attempts import FailureCounter
from webchat.sessions import engine

bp = Blueprint("trainer", __name__)

USERNAME = accounts.USERNAME
_SALT = secrets.token_bytes(32)  # per process, never stored: client addresses are hashed with it


def locale() -> str:
    return str(get_locale() or "nl")


def error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


def too_many(wait: int) -> tuple[Response, int]:
    response, status = error(429, gettext("Te veel pogingen. Wacht een paar minuten en probeer "
                                          "het dan opnieuw."))
    response.headers["Retry-After"] = str(wait)
    return response, status


def page(template: str, status: int = 200, **context) -> Response:
    """A trainer page; never cached (it carries a CSRF token, and session data)."""
    response = make_response(render_template(
        template, locale=locale(), exit_url=current_app.config["EXIT_URL"], **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def csrf_protect() -> None:
    """Flask-WTF's check of the form field `csrf` or the X-CSRFToken header (400 if wrong)."""
    current_app.extensions["csrf"].protect()


# --- attempt limits ----------------------------------------------------------------------------

def client_key() -> str:
    """A salted hash of the client's address (IPv6: its /64, one household or server)."""
    address = request.remote_addr or ""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6 and ip.ipv4_mapped is None:
            address = str(ipaddress.ip_network(f"{address}/64", strict=False))
    except ValueError:
        pass
    return hmac.new(_SALT, address.encode("utf-8"), hashlib.sha256).hexdigest()


def _counters() -> dict[str, FailureCounter]:
    ext, config = current_app.extensions, current_app.config
    if "signaal_trainer_attempts" not in ext:
        ext["signaal_trainer_attempts"] = {
            "client": FailureCounter(*config.get("TRAINER_LOGIN_RATE", (10, 600.0))),
            "account": FailureCounter(*config.get("TRAINER_ACCOUNT_RATE", (50, 600.0))),
            "lookup": FailureCounter(*config.get("TRAINER_LOOKUP_RATE", (30, 600.0)))}
    return ext["signaal_trainer_attempts"]


def login_wait(username: str = USERNAME) -> int:
    """Seconds before this client may try a password again (0: now)."""
    counters, client = _counters(), client_key()
    wait = counters["client"].wait(client)
    if wait or not counters["client"].count(client):
        return wait
    return counters["account"].wait(username)  # the account is under attack: failers wait


def login_failed(username: str | None) -> None:
    counters = _counters()
    counters["client"].fail(client_key())
    if username == USERNAME:
        counters["account"].fail(username)


def lookup_wait() -> int:
    return _counters()["lookup"].wait(client_key())


def lookup_failed() -> None:
    _counters()["lookup"].fail(client_key())


# --- password and sessions ---------------------------------------------------------------------

def _dev_password() -> str | None:
    return current_app.config.get("TRAINER_PASSWORD")


def password_ok(password: str | None) -> bool:
    return accounts.verify_trainer_password(engine(), password, _dev_password())


def _credential() -> str | None:
    return accounts.credential_fingerprint(engine(), _dev_password(),
                                           current_app.config["SECRET_KEY"])


def _lifetimes() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (timedelta(hours=config.get("TRAINER_SESSION_IDLE_HOURS", 12)),
            timedelta(days=config.get("TRAINER_SESSION_DAYS", 14)))


def current_session() -> str | None:
    """The hash of this browser's valid trainer session, or None."""
    if "trainer_session" not in g:
        g.trainer_session = None
        if "trainer" in session:
            g.trainer_session = accounts.session_hash(engine(), session["trainer"],
                                                      _credential(), *_lifetimes())
            if g.trainer_session is None:
                session.pop("trainer", None)
    return g.trainer_session


def logged_in() -> bool:
    return current_session() is not None


def remember(campaign_id: int) -> None:
    accounts.own(engine(), current_session(), campaign_id)


def owns(campaign: dict) -> bool:
    return accounts.owns(engine(), current_session(), campaign["id"])


def owned_codes() -> list[str]:
    return accounts.owned_codes(engine(), current_session())


# --- campaign access ---------------------------------------------------------------------------

def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def campaign_or_404(code: str) -> dict:
    """A campaign for a logged-in trainer's page; unknown codes count as failed lookups."""
    wait = lookup_wait()
    if wait:
        raise TooManyRequests(retry_after=wait)
    campaign = store.get_campaign(engine(), code)
    if campaign is None:
        lookup_failed()
        abort(404)
    return campaign


def _authorised(code: str) -> dict | None:
    token = bearer()
    if token is not None:
        ok = store.check_admin(engine(), code, token)
        return store.get_campaign(engine(), code) if ok else None
    if current_session() is None:
        return None
    campaign = store.get_campaign(engine(), code)
    if campaign is None or not owns(campaign):
        return None
    if request.method != "GET":  # the cookie authenticates: the page must prove it sent this
        csrf_protect()
    return campaign


def admin_api(view):
    """/api/campaigns/<code>/...: the campaign's admin token (Bearer), or a trainer session that
    owns the campaign (POSTs with the X-CSRFToken header). An unknown code gets the same 401 as
    a wrong token; failed lookups are limited per client (429)."""
    @wraps(view)
    def wrapper(code: str):
        wait = lookup_wait()
        if wait:
            return too_many(wait)
        campaign = _authorised(code)
        if campaign is None:
            lookup_failed()
            return error(401, gettext("Geen geldige beheerderssleutel voor deze sessie."))
        return view(campaign)
    return wrapper


# --- routes ------------------------------------------------------------------------------------

@bp.post("/trainer/login")
def login():
    csrf_protect()
    wait = login_wait()
    if wait:
        response = page("trainer/login.html", 429, error=gettext(
            "Te veel pogingen. Wacht een paar minuten en probeer het dan opnieuw."))
        response.headers["Retry-After"] = str(wait)
        return response
    if not password_ok(request.form.get("password")):
        login_failed(USERNAME)
        return page("trainer/login.html", 401, error=gettext("Dit wachtwoord klopt niet."))
    _counters()["client"].clear(client_key())
    accounts.end_session(engine(), session.get("trainer"))
    accounts.forget_stale_sessions(engine(), *_lifetimes())
    session.clear()  # a new session id, and a new CSRF secret
    session["trainer"] = accounts.start_session(engine(), _credential() or "")
    return redirect(url_for("trainer.home"))


@bp.post("/trainer/logout")
def logout():
    csrf_protect()
    accounts.end_session(engine(), session.get("trainer"))
    session.clear()
    return redirect(url_for("trainer.home"))


@bp.post("/trainer/<code>/token")
def unlock(code: str):
    """Paste a campaign's admin token once: from then on this trainer session may run it."""
    if not logged_in():
        return redirect(url_for("trainer.home"))
    csrf_protect()
    wait = lookup_wait()
    if wait:
        raise TooManyRequests(retry_after=wait)
    if not store.check_admin(engine(), code, request.form.get("token", "").strip()):
        lookup_failed()
        return page("trainer/error.html", 401,
                    message=gettext("Deze beheerderssleutel hoort niet bij deze sessie."))
    campaign = store.get_campaign(engine(), code)
    remember(campaign["id"])
    target = "presenter.present" if request.form.get("next") == "present" else "trainer.live"
    return redirect(url_for(target, code=campaign["code"]))
