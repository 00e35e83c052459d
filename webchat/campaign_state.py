"""What a participant of a live campaign session sees now: POST /api/campaign/state.

The chat page polls this every few seconds while the bot has marked the conversation as being
in a live session, and shows the trainer's next question without anyone typing. The request
carries only the chat session id (in the body, never in a URL); nothing is stored or logged.
The campaign tables know a participant only as a hash of a hash of that id.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_babel import force_locale, gettext
from sqlalchemy.engine import Engine

from campaigns import service as store
from campaigns.core import quiz_questions, status_of
from campaigns.participant import latest_campaign, participant_for_session
from campaigns.tables import id_hash
from content.quiz_order import seed_text, shown_order
from webchat import sessions
from webchat.flood import SlidingWindowLimiter

bp = Blueprint("campaign_state", __name__, url_prefix="/api/campaign")

LETTERS = "ABCD"  # as the bot's choice buttons (bot/actions/practice.py)
ACTIVE = ("waiting", "question", "answered")


def participant_state(engine: Engine, session_id: str) -> dict[str, Any]:
    """The session's most recently joined campaign: none | closed | expired | self_paced |
    waiting (live, not started) | question (to answer) | answered (wait for the next)."""
    participant = participant_for_session(session_id)
    row = latest_campaign(engine, participant)
    if row is None:
        return {"status": "none"}
    status = status_of(row)
    if status != "open":
        return {"status": status}
    if row.mode != "live":
        return {"status": "self_paced"}
    try:
        question = store.current_question(engine, row.code, participant)
    except store.CampaignError:  # closed or expired a moment ago
        return {"status": "closed"}
    if question is None:
        return {"status": "waiting"}
    return {"status": "answered" if question["answered"] else "question", "question": question}


def question_message(question: dict[str, Any], session_id: str) -> dict[str, Any]:
    """The question as a bot message, like the bot's own: the options in this chat session's
    shuffled order (content/quiz_order.py, the same order the bot uses to read the answer), and
    buttons that carry the question's index."""
    options = shown_order(list(question["options"]),
                          seed_text(session_id, question["slug"]))[: len(LETTERS)]
    head = gettext("Vraag %(number)d van %(total)d: %(question)s", number=question["index"] + 1,
                   total=question["total"], question=question["question"])
    choices = "\n".join(f"{LETTERS[i]}. {option}" for i, option in enumerate(options))
    return {"text": f"{head}\n{choices}", "sources": [],
            "buttons": [{"title": f"{LETTERS[i]}. {option[:60]}", "payload": LETTERS[i],
                         "question": question["index"]} for i, option in enumerate(options)]}


def explained(engine: Engine, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results with the explanation of every revealed question (for the presenter)."""
    shown = [q["slug"] for q in questions if q.get("revealed")]
    quiz = quiz_questions(shown) if shown else {}
    return [{**q, "explanation": quiz.get(q["slug"], {}).get("explanation") if q.get("revealed")
             else None} for q in questions]


def _limiters() -> tuple[SlidingWindowLimiter, SlidingWindowLimiter]:
    ext = current_app.extensions
    if "signaal_state_limiters" not in ext:
        ext["signaal_state_limiters"] = (
            SlidingWindowLimiter(*current_app.config.get("STATE_RATE", (10, 10.0))),
            SlidingWindowLimiter(*current_app.config.get("STATE_GLOBAL_RATE", (5000, 10.0))))
    return ext["signaal_state_limiters"]


@bp.post("/state")
def state():
    body = request.get_json(silent=True)
    session_id = body.get("session") if isinstance(body, dict) else None
    locale = body.get("locale", "nl") if isinstance(body, dict) else "nl"
    if not isinstance(session_id, str) or not session_id or len(session_id) > 100 or (
            locale not in ("nl", "en")):
        return jsonify({"error": gettext("Stuur een JSON-object met session en locale.")}), 400
    per_session, everyone = _limiters()
    if not everyone.allow("all") or not per_session.allow(id_hash(session_id)):
        return jsonify({"error": gettext("Even rustig aan. Probeer het zo opnieuw.")}), 429
    if not sessions.known(session_id):
        return jsonify({"active": False, "status": "none"})
    now = participant_state(sessions.engine(), session_id)
    answer: dict[str, Any] = {"active": now["status"] in ACTIVE, "status": now["status"]}
    with force_locale(locale):
        if "question" in now:
            answer["index"] = now["question"]["index"]
            if now["status"] == "question":
                answer["message"] = question_message(now["question"], session_id)
        elif now["status"] in ("closed", "expired"):
            answer["message"] = {"buttons": [], "sources": [], "text": (
                gettext("De trainer heeft de sessie gesloten. Bedankt voor het meedoen!")
                if now["status"] == "closed"
                else gettext("Deze sessie is verlopen. Bedankt voor het meedoen!"))}
    return jsonify(answer)
