"""The public JSON API: POST /api/chat and POST /api/chat/forget.

Crisis first, always: every message goes through the crisis detector before anything else.
A crisis message waits for Rasa at most CRISIS_BUDGET seconds (webchat/rasa_client.py) and is
answered with the crisis help, never with a 429 or a payload error, when Rasa is slow or down
or a limit (webchat/flood.py) says no.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import force_locale, get_locale, gettext
from werkzeug.exceptions import HTTPException

from safety import FALLBACK_MESSAGES, CrisisKind, detect_crisis
from webchat import flood, payloads, rasa_client, sessions
from webchat.help_ui import crisis_card
from webchat.language import detect_language

bp = Blueprint("api", __name__, url_prefix="/api")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone surrogates: valid JSON, not valid text
# What webchat/sessions.py issues (secrets.token_urlsafe(24): 32 characters), with margin.
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


class BoundedJSONProvider(DefaultJSONProvider):
    """JSON nested deeper than Python's recursion limit is bad input (a 400), not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


@bp.record_once
def _setup(state) -> None:
    app: Flask = state.app
    # App-wide: the locale selector (webchat/__init__.py) reads every JSON body too.
    app.json = BoundedJSONProvider(app)
    flood.init_app(app)


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


@bp.errorhandler(flood.Refused)
def refused(exc: flood.Refused):
    response, status = error(429, exc.message)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response, status


@bp.errorhandler(BadRequest)
def bad_request(exc: BadRequest):
    return error(exc.status, exc.message)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    messages = {
        413: gettext("Het verzoek is te groot."),
        404: gettext("Onbekend adres."),
        405: gettext("Deze methode is hier niet toegestaan."),
    }
    return error(exc.code or 500, messages.get(exc.code, exc.name))


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)  # None for malformed JSON or bytes that are not UTF-8
    if not isinstance(body, dict):
        raise BadRequest(400, gettext("Stuur een JSON-object, bijvoorbeeld "
                                      '{"message": "hallo"}.'))
    return body


def parse_question(body: dict[str, Any]) -> int | None:
    """The campaign question (0-based) a button answers, when the page showed it by polling."""
    question = body.get("question")
    if question is None:
        return None
    if isinstance(question, bool) or not isinstance(question, int) or not 0 <= question < 1000:
        raise BadRequest(400, gettext("Het veld 'question' moet een geheel getal zijn."))
    return question


def readable(value: str, field: str) -> str:
    if _SURROGATE.search(value):
        raise BadRequest(400, gettext("Het veld '%(field)s' bevat ongeldige tekens.",
                                      field=field))
    return value


def session_id(value: Any) -> str | None:
    """A session id of the shape we issue, else None (a new session), checked before any use."""
    if value is not None and not isinstance(value, str):
        raise BadRequest(400, gettext("Het veld 'session' moet tekst of null zijn."))
    return value if value and SESSION_ID.fullmatch(readable(value, "session")) else None


def parse_chat(body: dict[str, Any]) -> tuple[str, str | None, str | None]:
    message, locale = body.get("message"), body.get("locale")
    if not isinstance(message, str):
        raise BadRequest(400, gettext("Het veld 'message' moet tekst zijn."))
    readable(message, "message")
    session = session_id(body.get("session"))
    if locale is not None and locale not in ("nl", "en"):
        raise BadRequest(400, gettext("Het veld 'locale' moet 'nl' of 'en' zijn."))
    message = _CONTROL.sub("", message).strip()
    if not message:
        raise BadRequest(400, gettext("Typ eerst een bericht."))
    if len(message) > current_app.config["MAX_MESSAGE_CHARS"]:
        raise BadRequest(413, gettext("Je bericht is te lang. Gebruik maximaal %(n)d tekens.",
                                      n=current_app.config["MAX_MESSAGE_CHARS"]))
    return message, session, locale


def degraded_messages(message: str, locale: str,
                      kind: CrisisKind | None | bool = False) -> list[dict[str, Any]]:
    """Help lines without the bot: crisis first when the message discloses one (`kind`, when
    the caller already ran the detector)."""
    texts = FALLBACK_MESSAGES[locale]
    kind = detect_crisis(message) if kind is False else kind
    with force_locale(locale):
        note = gettext("Signaal kan je vraag nu niet beantwoorden. Probeer het later opnieuw.")
        card = crisis_card(kind) if kind else None
    lines = [texts[kind]] if kind else []
    lines += [texts["default"], note]
    message = {"text": "\n\n".join(lines), "buttons": [], "sources": []}
    return [{**message, "crisis": card} if card else message]


def degraded(session: str | None, message: str, locale: str | None,
             kind: CrisisKind | None) -> Response:
    return jsonify({"session": session, "degraded": True,
                    "messages": degraded_messages(message, locale or "nl", kind)})


@bp.post("/chat")
def chat():
    body = json_body()
    message, session, locale = parse_chat(body)
    question = parse_question(body)
    kind = detect_crisis(message)
    # The page's language wins; an API client that names none gets the message's language
    # (None for "ok" or a button: the bot keeps the conversation's language).
    locale = locale or detect_language(message)
    try:
        text = payloads.checked(message)
        if not text:
            raise BadRequest(400, gettext("Typ eerst een bericht."))
        flood.check_global()
        resumed = sessions.resume(session)
        if resumed:
            flood.check_turn(resumed)
        else:
            flood.check_new_session()
        session = resumed or sessions.start()
        budget = current_app.config["CRISIS_BUDGET"] if kind else None
        with flood.in_flight(session, current_app.config["RASA_TIMEOUT"] + 5), \
                force_locale(locale or str(get_locale())):
            messages = rasa_client.send(session, text, locale, question, budget)
    except payloads.PayloadError as exc:
        if kind:
            return degraded(session, message, locale, kind)
        raise BadRequest(400, gettext(
            "Deze knop ken ik niet. Typ je vraag, of kies een knop uit het gesprek.")) from exc
    except flood.Refused:
        if kind:  # crisis help needs neither Rasa nor a new session
            return degraded(session, message, locale, kind)
        raise
    except rasa_client.RasaUnavailable:
        return degraded(session, message, locale, kind)
    return jsonify({"session": session, "messages": messages})


@bp.post("/chat/forget")
def forget():
    flood.check_global()
    value = json_body().get("session")
    if not isinstance(value, str) or not value:
        raise BadRequest(400, gettext("Het veld 'session' ontbreekt."))
    session = session_id(value)
    if session is None:
        raise BadRequest(400, gettext("Het veld 'session' is geen sessie van Signaal."))
    sessions.forget(session)
    rasa_client.forget(session)
    return "", 204
