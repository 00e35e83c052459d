"""The public JSON API: POST /api/chat and POST /api/chat/forget."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import force_locale, get_locale, gettext
from werkzeug.exceptions import HTTPException

from bot.safety import FALLBACK_MESSAGES, detect_crisis
from webchat import rasa_client, sessions
from webchat.flood import SlidingWindowLimiter
from webchat.help_ui import crisis_card
from webchat.language import detect_language

bp = Blueprint("api", __name__, url_prefix="/api")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


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


def limiters() -> tuple[SlidingWindowLimiter, SlidingWindowLimiter]:
    ext = current_app.extensions
    if "signaal_limiters" not in ext:
        ext["signaal_limiters"] = (SlidingWindowLimiter(*current_app.config["SESSION_RATE"]),
                                   SlidingWindowLimiter(*current_app.config["GLOBAL_RATE"]))
    return ext["signaal_limiters"]


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


def parse_chat(body: dict[str, Any]) -> tuple[str, str | None, str | None]:
    message, session, locale = body.get("message"), body.get("session"), body.get("locale")
    if not isinstance(message, str):
        raise BadRequest(400, gettext("Het veld 'message' moet tekst zijn."))
    if session is not None and not isinstance(session, str):
        raise BadRequest(400, gettext("Het veld 'session' moet tekst of null zijn."))
    if locale is not None and locale not in ("nl", "en"):
        raise BadRequest(400, gettext("Het veld 'locale' moet 'nl' of 'en' zijn."))
    message = _CONTROL.sub("", message).strip()
    if not message:
        raise BadRequest(400, gettext("Typ eerst een bericht."))
    if len(message) > current_app.config["MAX_MESSAGE_CHARS"]:
        raise BadRequest(413, gettext("Je bericht is te lang. Gebruik maximaal %(n)d tekens.",
                                      n=current_app.config["MAX_MESSAGE_CHARS"]))
    return message, session, locale


def degraded_messages(message: str, locale: str) -> list[dict[str, Any]]:
    """Help lines without the bot: crisis first when the message discloses one."""
    texts = FALLBACK_MESSAGES[locale]
    kind = detect_crisis(message)
    with force_locale(locale):
        note = gettext("Signaal kan je vraag nu niet beantwoorden. Probeer het later opnieuw.")
        card = crisis_card(kind) if kind else None
    lines = [texts[kind]] if kind else []
    lines += [texts["default"], note]
    message = {"text": "\n\n".join(lines), "buttons": [], "sources": []}
    return [{**message, "crisis": card} if card else message]


@bp.post("/chat")
def chat():
    session_limit, global_limit = limiters()
    if not global_limit.allow("all"):
        return error(429, gettext("Het is nu erg druk. "
                                  "Probeer het over een paar seconden opnieuw."))
    body = json_body()
    message, session, locale = parse_chat(body)
    question = parse_question(body)
    session = sessions.resume(session) or sessions.start()
    if not session_limit.allow(session):
        return error(429, gettext("Je stuurt te veel berichten achter elkaar. Wacht even."))
    # The page's language wins; an API client that names none gets the message's language
    # (None for "ok" or a button: the bot keeps the conversation's language).
    locale = locale or detect_language(message)
    try:
        with force_locale(locale or str(get_locale())):
            messages = rasa_client.send(session, message, locale, question)
    except rasa_client.RasaUnavailable:
        return jsonify({"session": session, "degraded": True,
                        "messages": degraded_messages(message, locale or "nl")})
    return jsonify({"session": session, "messages": messages})


@bp.post("/chat/forget")
def forget():
    session = json_body().get("session")
    if not isinstance(session, str) or not session:
        raise BadRequest(400, gettext("Het veld 'session' ontbreekt."))
    sessions.forget(session)
    rasa_client.forget(session)
    return "", 204
