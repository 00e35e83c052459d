"""Trainer pages (/trainer) and the campaign JSON API (/api/campaigns).

Trainers log in with one shared password (a hash in trainer_credentials, or for development
SIGNAAL_TRAINER_PASSWORD); residents never need an account. Each session has its own admin
token (Bearer) for results and control; only its hash is stored.
"""

from __future__ import annotations

import hmac
import io
import os
import secrets
from functools import wraps
from typing import Any

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, gettext, ngettext
from werkzeug.exceptions import HTTPException

from content import campaign_store as store
from content.campaign_db import verify_trainer_password
from webchat.campaign_state import explained
from webchat.flood import SlidingWindowLimiter
from webchat.sessions import engine

bp = Blueprint("trainer", __name__)

MAX_REMEMBERED = 20  # admin tokens kept in a trainer's (signed) session cookie


# --- helpers ---------------------------------------------------------------------------------

def _locale() -> str:
    return str(get_locale() or "nl")


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


def _login_limiter() -> SlidingWindowLimiter:
    ext = current_app.extensions
    if "signaal_trainer_login" not in ext:
        ext["signaal_trainer_login"] = SlidingWindowLimiter(
            *current_app.config.get("TRAINER_LOGIN_RATE", (20, 60.0)))
    return ext["signaal_trainer_login"]


def password_ok(password: str | None) -> bool:
    dev = current_app.config.get("TRAINER_PASSWORD") or os.environ.get("SIGNAAL_TRAINER_PASSWORD")
    return verify_trainer_password(engine(), password, dev)


def _csrf() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _check_csrf() -> None:
    sent, kept = request.form.get("csrf", ""), session.get("csrf", "")
    if not kept or not hmac.compare_digest(str(sent), str(kept)):
        abort(400)


def _logged_in() -> bool:
    return bool(session.get("trainer"))


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def _page(template: str, status: int = 200, **context: Any):
    return render_template(template, locale=_locale(), exit_url=current_app.config["EXIT_URL"],
                           csrf=_csrf(), **context), status


def join_url(code: str) -> str:
    return url_for("pages.index", join=code, _external=True)


def _remember(code: str, token: str) -> None:
    kept = dict(session.get("campaigns") or {})
    kept[code] = token
    session["campaigns"] = dict(list(kept.items())[-MAX_REMEMBERED:])


def _campaign_or_404(code: str) -> dict:
    campaign = store.get_campaign(engine(), code)
    if campaign is None:
        abort(404)
    return campaign


def admin_api(view):
    """Bearer admin token for /api/campaigns/<code>/...: unknown code 404, bad token 401."""
    @wraps(view)
    def wrapper(code: str):
        campaign = _campaign_or_404(code)
        if not store.check_admin(engine(), campaign["code"], _bearer()):
            return _error(401, gettext("Geen geldige beheerderssleutel voor deze sessie."))
        return view(campaign)
    return wrapper


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    if not request.path.startswith("/api/"):
        return exc
    messages = {400: gettext("Ongeldig verzoek."), 404: gettext("Onbekende sessiecode."),
                405: gettext("Deze methode is hier niet toegestaan."),
                413: gettext("Het verzoek is te groot.")}
    return _error(exc.code or 500, messages.get(exc.code, exc.name))


@bp.errorhandler(store.CampaignError)
def campaign_error(exc: store.CampaignError):
    status = (404 if isinstance(exc, store.CampaignNotFound)
              else 401 if isinstance(exc, store.CampaignAuthError) else 400)
    if request.path.startswith("/api/"):
        return _error(status, exc.message(_locale()))
    return _page("trainer/error.html", status, message=exc.message(_locale()))


# --- pages -----------------------------------------------------------------------------------

@bp.get("/trainer")
def home():
    if not _logged_in():
        return _page("trainer/login.html")
    topics = store.quiz_topics(engine())
    mine = [c for c in (store.get_campaign(engine(), code)
                        for code in (session.get("campaigns") or {})) if c]
    return _page("trainer/home.html", topics=topics, campaigns=list(reversed(mine)),
                 max_questions=store.MAX_QUESTIONS)


@bp.post("/trainer/login")
def login():
    _check_csrf()
    if not _login_limiter().allow("login"):
        return _page("trainer/login.html", 429,
                     error=gettext("Te veel pogingen. Wacht een minuut."))
    if not password_ok(request.form.get("password")):
        return _page("trainer/login.html", 401, error=gettext("Dit wachtwoord klopt niet."))
    session.clear()
    session["trainer"] = True
    return redirect(url_for("trainer.home"))


@bp.post("/trainer/logout")
def logout():
    _check_csrf()
    session.clear()
    return redirect(url_for("trainer.home"))


@bp.post("/trainer/create")
def create_page():
    if not _logged_in():
        return redirect(url_for("trainer.home"))
    _check_csrf()
    try:
        n_questions = int(request.form.get("n_questions", ""))
    except ValueError:
        n_questions = 0
    try:
        created = store.create_campaign(
            engine(), title=request.form.get("title", ""),
            topics=request.form.getlist("topics"), n_questions=n_questions,
            mode=request.form.get("mode", ""))
    except store.CampaignError as exc:
        return _page("trainer/home.html", 400, topics=store.quiz_topics(engine()), campaigns=[],
                     max_questions=store.MAX_QUESTIONS, error=exc.message(_locale()))
    _remember(created["code"], created["admin_token"])
    return redirect(url_for("trainer.live", code=created["code"]))


@bp.get("/trainer/<code>")
def live(code: str):
    if not _logged_in():
        return redirect(url_for("trainer.home"))
    campaign = _campaign_or_404(code)
    token = (session.get("campaigns") or {}).get(campaign["code"])
    return _page("trainer/live.html", campaign=campaign, token=token,
                 join_url=join_url(campaign["code"]), strings=ui_strings())


@bp.get("/trainer/<code>/qr.svg")
def qr(code: str):
    if not _logged_in():
        abort(401)
    campaign = _campaign_or_404(code)
    buffer = io.BytesIO()
    segno.make(join_url(campaign["code"]), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, title=campaign["code"])
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})


def ui_strings() -> dict[str, Any]:
    """Text for trainer.js, translated here so the script holds none of its own. Counted text
    comes in the plural forms of Intl.PluralRules ("one", "other") with {n} for the number."""
    return {
        "answered": gettext("beantwoord"), "question": gettext("Vraag"),
        "current": gettext("nu aan de beurt"), "correct": gettext("juist antwoord"),
        "notStarted": gettext("Nog niet gestart. Klik op 'Volgende vraag' om te beginnen."),
        "closed": gettext("Deze sessie is gesloten."),
        "expired": gettext("Deze sessie is verlopen."),
        "participants": {
            "one": ngettext("%(count)s deelnemer", "%(count)s deelnemers", 1, count="{n}"),
            "other": ngettext("%(count)s deelnemer", "%(count)s deelnemers", 2, count="{n}")},
        "offline": gettext("Geen verbinding, ik probeer het opnieuw…"),
        "confirmClose": gettext("Sessie sluiten? Daarna kan niemand meer antwoorden."),
        "noToken": gettext("Plak de beheerderssleutel van deze sessie."),
    }


# --- JSON API --------------------------------------------------------------------------------

@bp.post("/api/campaigns")
def api_create():
    auth = request.authorization
    if (auth is None or auth.type != "basic" or auth.username != "trainer"
            or not _login_limiter().allow("login") or not password_ok(auth.password)):
        response, status = _error(401, gettext("Log in als trainer (HTTP Basic, gebruiker "
                                               "'trainer')."))
        response.headers["WWW-Authenticate"] = 'Basic realm="Signaal trainer"'
        return response, status
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, gettext("Stuur een JSON-object met title, topics, n_questions en "
                                   "mode."))
    extra = {k: body[k] for k in ("questions_per_day", "expires_in_days") if k in body}
    created = store.create_campaign(
        engine(), title=body.get("title"), topics=body.get("topics", []),
        n_questions=body.get("n_questions"), mode=body.get("mode"), **extra)
    return jsonify({"code": created["code"], "join_url": join_url(created["code"]),
                    "admin_token": created["admin_token"]}), 201


@bp.get("/api/campaigns/<code>/results")
@admin_api
def api_results(campaign: dict):
    public = {k: campaign[k] for k in ("code", "title", "mode", "status", "current_index",
                                       "released", "participants", "expires_at")}
    public["n_questions"] = len(campaign["questions"])
    return jsonify({"campaign": public, "questions": explained(
        engine(), store.results(engine(), campaign["code"]))})


@bp.post("/api/campaigns/<code>/advance")
@admin_api
def api_advance(campaign: dict):
    return jsonify(store.advance(engine(), campaign["code"], _bearer()))


@bp.post("/api/campaigns/<code>/reveal")
@admin_api
def api_reveal(campaign: dict):
    return jsonify(store.reveal(engine(), campaign["code"], _bearer()))


@bp.post("/api/campaigns/<code>/close")
@admin_api
def api_close(campaign: dict):
    return jsonify(store.close(engine(), campaign["code"], _bearer()))


@bp.get("/api/campaigns/<code>/export.csv")
def api_export(code: str):
    campaign = _campaign_or_404(code)
    if not (_logged_in() or store.check_admin(engine(), campaign["code"], _bearer())):
        return _error(401, gettext("Geen geldige beheerderssleutel voor deze sessie."))
    return Response(store.export_csv(engine(), campaign["code"]), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="signaal-{campaign["code"]}.csv"'})
