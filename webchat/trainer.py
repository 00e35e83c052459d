"""Trainer pages (/trainer) and the campaign JSON API (/api/campaigns).

Trainers log in with one shared password (a hash in trainer_credentials, or for development
SIGNAAL_TRAINER_PASSWORD); residents never need an account. Each session has its own admin
token (Bearer) for results and control; only its hash is stored. A trainer's browser runs the
campaigns its trainer session created or unlocked, without the token (webchat/trainer_auth.py:
login, sessions, CSRF, attempt limits).
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import segno
from flask import Response, abort, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.exceptions import HTTPException

from campaigns import service as store
from webchat.campaign_messages import campaign_message
from webchat.campaign_state import explained
from webchat.sessions import engine
from webchat.trainer_auth import (  # noqa: F401 - password_ok is part of this module's API
    USERNAME,
    admin_api,
    bp,
    campaign_or_404,
    csrf_protect,
    error,
    locale,
    logged_in,
    login_failed,
    login_wait,
    owned_codes,
    owns,
    page,
    password_ok,
    remember,
    too_many,
)


def join_url(code: str) -> str:
    """The link for participants: from SIGNAAL_PUBLIC_URL, never from the Host header."""
    return f"{current_app.config['PUBLIC_URL']}/?{urlencode({'join': code})}"


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    if not request.path.startswith("/api/"):
        return exc
    messages = {400: gettext("Ongeldig verzoek."), 404: gettext("Onbekende sessiecode."),
                405: gettext("Deze methode is hier niet toegestaan."),
                413: gettext("Het verzoek is te groot.")}
    return error(exc.code or 500, messages.get(exc.code, exc.name))


@bp.errorhandler(store.CampaignError)
def campaign_error(exc: store.CampaignError):
    status = (404 if isinstance(exc, store.CampaignNotFound)
              else 401 if isinstance(exc, store.CampaignAuthError) else 400)
    if request.path.startswith("/api/"):
        return error(status, campaign_message(exc))
    return page("trainer/error.html", status, message=campaign_message(exc))


# --- pages -----------------------------------------------------------------------------------

def _home(status: int = 200, **context: Any) -> Response:
    mine = [c for c in (store.get_campaign(engine(), code) for code in owned_codes()) if c]
    return page("trainer/home.html", status, topics=store.quiz_topics(), campaigns=mine,
                max_questions=store.MAX_QUESTIONS, **context)


@bp.get("/trainer")
def home():
    if not logged_in():
        return page("trainer/login.html")
    return _home()


@bp.post("/trainer/create")
def create_page():
    if not logged_in():
        return redirect(url_for("trainer.home"))
    csrf_protect()
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
        return _home(400, error=campaign_message(exc))
    remember(created["id"])
    return redirect(url_for("trainer.live", code=created["code"]))


@bp.get("/trainer/<code>")
def live(code: str):
    if not logged_in():
        return redirect(url_for("trainer.home"))
    campaign = campaign_or_404(code)
    return page("trainer/live.html", campaign=campaign, owned=owns(campaign),
                join_url=join_url(campaign["code"]), strings=ui_strings())


@bp.get("/trainer/<code>/qr.svg")
def qr(code: str):
    if not logged_in():
        abort(401)
    campaign = campaign_or_404(code)
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
    wait = login_wait()
    if wait:  # too many failed passwords from this client: 429, never a disguised 401
        return too_many(wait)
    if (auth is None or auth.type != "basic" or auth.username != USERNAME
            or not password_ok(auth.password)):
        if auth is not None:
            login_failed(auth.username)
        response, status = error(401, gettext("Log in als trainer (HTTP Basic, gebruiker "
                                              "'trainer')."))
        response.headers["WWW-Authenticate"] = 'Basic realm="Signaal trainer"'
        return response, status
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, gettext("Stuur een JSON-object met title, topics, n_questions en "
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


# admin_api has checked the token or the trainer session's ownership (and CSRF) already.
@bp.post("/api/campaigns/<code>/advance")
@admin_api
def api_advance(campaign: dict):
    return jsonify(store.advance(engine(), campaign["code"], None, authorised=True))


@bp.post("/api/campaigns/<code>/reveal")
@admin_api
def api_reveal(campaign: dict):
    return jsonify(store.reveal(engine(), campaign["code"], None, authorised=True))


@bp.post("/api/campaigns/<code>/close")
@admin_api
def api_close(campaign: dict):
    return jsonify(store.close(engine(), campaign["code"], None, authorised=True))


@bp.get("/api/campaigns/<code>/export.csv")
@admin_api
def api_export(campaign: dict):
    return Response(store.export_csv(engine(), campaign["code"]), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="signaal-{campaign["code"]}.csv"'})
