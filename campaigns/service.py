"""Campaign sessions for trainers: a quiz for a room, answered in the chat, aggregated live.

Writes are short transactions; unique constraints (not checks in Python) keep every
participant to one answer per question, also under many concurrent writers.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from campaigns.attempts import FailureCounter
from campaigns.core import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CONTROL_CHARS,
    MAX_QUESTIONS,
    MODES,
    admin_campaign_row,
    campaign_row,
    check_admin,  # noqa: F401 - part of this API
    clean_nickname,
    draw_questions,
    find_participant,
    open_campaign_row,
    participant_key,
    participant_row_id,
    questions_of,
    quiz_items,
    quiz_questions,
    quiz_topics,
    released_count,
    status_of,
    utc_now,
    writing,
)
from campaigns.db import ready
from campaigns.errors import CampaignAuthError, CampaignError, CampaignNotFound  # noqa: F401 - part of this API
from campaigns.export import csv_text
from campaigns.tables import (
    campaign_answers,
    campaign_participants,
    campaign_questions,
    campaigns,
    id_hash,
)
from content.quiz_order import option_id
from content.store import cite


def create_campaign(engine: Engine, *, title: str, topics: list[str], n_questions: int,
                    mode: str, questions_per_day: int = 1, expires_in_days: int = 14) -> dict:
    ready(engine)
    title = CONTROL_CHARS.sub("", title).strip()[:200] if isinstance(title, str) else ""
    if not title:
        raise CampaignError("title_missing")
    if mode not in MODES:
        raise CampaignError("mode_unknown")
    for name, value, high in (("n_questions", n_questions, MAX_QUESTIONS),
                              ("questions_per_day", questions_per_day, MAX_QUESTIONS),
                              ("expires_in_days", expires_in_days, 365)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            raise CampaignError("number_range", name=name, high=high)
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise CampaignError("topics_not_list")
    unknown = sorted(set(topics) - set(quiz_topics()))
    if unknown:
        raise CampaignError("topic_unknown", topics=", ".join(unknown))
    wanted = [item for item in quiz_items() if not topics or item.get("topic") in topics]
    slugs = draw_questions(wanted, n_questions)
    if not slugs:
        raise CampaignError("no_questions")
    token = secrets.token_urlsafe(32)
    now = utc_now()
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with writing(engine) as conn:
                campaign_id = conn.execute(insert(campaigns).values(
                    code=code, admin_hash=id_hash(token), title=title, mode=mode, topics=topics,
                    questions_per_day=questions_per_day, current_index=-1, created_at=now,
                    expires_at=now + timedelta(days=expires_in_days))).inserted_primary_key[0]
                conn.execute(insert(campaign_questions), [
                    {"campaign_id": campaign_id, "position": i, "slug": s, "revealed": False}
                    for i, s in enumerate(slugs)])
            return {"code": code, "admin_token": token, "id": campaign_id}
        except IntegrityError:  # the code was taken: draw another
            continue
    raise RuntimeError("could not draw a free campaign code")


def get_campaign(engine: Engine, code: str) -> dict | None:
    ready(engine)
    with engine.connect() as conn:
        try:
            row = campaign_row(conn, code)
        except CampaignNotFound:
            return None
        questions = questions_of(conn, row.id)
        joined = conn.execute(select(func.count()).select_from(campaign_participants).where(
            campaign_participants.c.campaign_id == row.id)).scalar_one()
    return {"id": row.id, "code": row.code, "title": row.title, "mode": row.mode,
            "status": status_of(row), "topics": row.topics, "current_index": row.current_index,
            "questions_per_day": row.questions_per_day, "questions": [q.slug for q in questions],
            "released": (released_count(row, len(questions)) if row.mode == "self_paced"
                         else row.current_index + 1),
            "participants": joined, "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat()}


# Codes that do not work, per participant (a hash of the chat session), in memory only: one
# chat session cannot probe codes without limit. A newcomer hears the same for an unknown code
# as for a closed or expired one; only someone who joined learns that the session ended.
JOIN_FAILURES = (10, 600.0)
_join_failures = FailureCounter(*JOIN_FAILURES)


def join(engine: Engine, code: str, participant: str, nickname: str | None = None) -> dict:
    ready(engine)
    key = participant_key(participant)
    if _join_failures.wait(key):
        raise CampaignError("too_many_codes")
    with engine.connect() as conn:
        try:
            row = campaign_row(conn, code)
            known = find_participant(conn, row.id, key)
            if known is None and status_of(row) != "open":
                raise CampaignNotFound()
        except CampaignNotFound:
            _join_failures.fail(key)
            raise
        row = open_campaign_row(conn, code)
        total = len(questions_of(conn, row.id))
    nickname = clean_nickname(nickname)
    participant_row_id(engine, row.id, participant, nickname, known)
    return {"code": row.code, "title": row.title, "mode": row.mode, "n_questions": total,
            "nickname": nickname}


def current_question(engine: Engine, code: str, participant: str) -> dict | None:
    ready(engine)
    with engine.connect() as conn:
        row = open_campaign_row(conn, code)
        questions = questions_of(conn, row.id)
        answered = {r.position for r in conn.execute(
            select(campaign_answers.c.position)
            .select_from(campaign_answers.join(campaign_participants))
            .where(campaign_answers.c.campaign_id == row.id,
                   campaign_participants.c.participant_hash == id_hash(str(participant))))}
        if row.mode == "live":
            index = row.current_index
            if index < 0 or index >= len(questions):
                return None
        else:
            open_ = [i for i in range(released_count(row, len(questions))) if i not in answered]
            if not open_:
                return None
            index = open_[0]
        slug = questions[index].slug
        data = quiz_questions([slug]).get(slug, {})
    return {"index": index, "slug": slug, "question": data.get("question", ""),
            "options": list(data.get("options", [])), "answered": index in answered,
            "total": len(questions)}


def _option_index(options: list[str], option: int | str) -> int | None:
    """The option meant by its text or option_id (the chat shuffles what it shows), or by its
    index in the content's own order."""
    if isinstance(option, str):
        return next((i for i, o in enumerate(options) if option in (o, option_id(o))), None)
    ok = isinstance(option, int) and not isinstance(option, bool) and 0 <= option < len(options)
    return option if ok else None


def record_answer(engine: Engine, code: str, participant: str, index: int,
                  option: int | str) -> dict:
    ready(engine)
    key = participant_key(participant)
    with engine.connect() as conn:
        row = open_campaign_row(conn, code)
        questions = questions_of(conn, row.id)
        known = find_participant(conn, row.id, key)
        if isinstance(index, bool) or not isinstance(index, int) or not (
                0 <= index < len(questions)):
            raise CampaignError("question_missing")
        if row.mode == "live" and index != row.current_index:
            raise CampaignError("question_not_current")
        if row.mode == "self_paced" and index >= released_count(row, len(questions)):
            raise CampaignError("question_not_released")
        slug = questions[index].slug
        data = quiz_questions([slug]).get(slug)
    if data is None:
        raise CampaignError("question_unavailable")
    options = list(data["options"])
    option = _option_index(options, option)
    if option is None:
        raise CampaignError("option_range", high=len(options))
    correct = options[option] == data["answer"]  # scored by the option itself
    participant_id = participant_row_id(engine, row.id, participant, known=known)
    try:
        with writing(engine) as conn:
            conn.execute(insert(campaign_answers).values(
                campaign_id=row.id, position=index, participant_id=participant_id,
                option=option, correct=correct, answered_at=utc_now()))
    except IntegrityError as exc:
        raise CampaignError("already_answered") from exc
    return {"correct": correct, "answer": data["answer"],
            "explanation": data.get("explanation", ""),
            "sources": [cite(s) for s in data.get("sources", [])]}


def results(engine: Engine, code: str) -> list[dict]:
    ready(engine)
    with engine.connect() as conn:
        row = campaign_row(conn, code)
        questions = questions_of(conn, row.id)
        quiz = quiz_questions([q.slug for q in questions])
        counts: dict[tuple[int, int], int] = {
            (r.position, r.option): r.n for r in conn.execute(
                select(campaign_answers.c.position, campaign_answers.c.option,
                       func.count().label("n"))
                .where(campaign_answers.c.campaign_id == row.id)
                .group_by(campaign_answers.c.position, campaign_answers.c.option))}
    closed = status_of(row) != "open"
    out = []
    for q in questions:
        data = quiz.get(q.slug, {})
        options = list(data.get("options", []))
        per_option = [counts.get((q.position, i), 0) for i in range(len(options))]
        shown = q.revealed or closed
        out.append({"index": q.position, "slug": q.slug, "question": data.get("question", ""),
                    "options": options, "counts": per_option, "answered": sum(per_option),
                    "revealed": shown,
                    "correct": (options.index(data["answer"])
                                if shown and data.get("answer") in options else None)})
    return out


def advance(engine: Engine, code: str, token: str | None, *,
            authorised: bool = False) -> dict:
    """Live: go to the next question (the first call starts the quiz)."""
    row = admin_campaign_row(engine, code, token, authorised)
    with writing(engine) as conn:
        row = open_campaign_row(conn, code)
        if row.mode != "live":
            raise CampaignError("live_only")
        total = len(questions_of(conn, row.id))
        if row.current_index + 1 >= total:
            raise CampaignError("last_question")
        conn.execute(update(campaigns).where(campaigns.c.id == row.id)
                     .values(current_index=campaigns.c.current_index + 1))
    return {"current_index": row.current_index + 1, "total": total}


def reveal(engine: Engine, code: str, token: str | None, *,
           authorised: bool = False) -> dict:
    """Show the right answer: live the current question, self-paced all released ones."""
    row = admin_campaign_row(engine, code, token, authorised)
    with writing(engine) as conn:
        row = open_campaign_row(conn, code)
        total = len(questions_of(conn, row.id))
        upto = row.current_index if row.mode == "live" else released_count(row, total) - 1
        if upto < 0:
            raise CampaignError("not_started")
        positions = [upto] if row.mode == "live" else list(range(upto + 1))
        conn.execute(update(campaign_questions).where(
            campaign_questions.c.campaign_id == row.id,
            campaign_questions.c.position.in_(positions)).values(revealed=True))
    return {"revealed": positions}


def close(engine: Engine, code: str, token: str | None, *,
          authorised: bool = False) -> dict:
    row = admin_campaign_row(engine, code, token, authorised)
    if row.closed_at is None:
        with writing(engine) as conn:
            conn.execute(update(campaigns).where(campaigns.c.id == row.id,
                                                 campaigns.c.closed_at.is_(None))
                         .values(closed_at=utc_now()))
    return {"status": "closed"}


def export_csv(engine: Engine, code: str) -> str:
    """Totals per question and option; per-person rows only for people with a nickname
    (formulas neutralised: content.campaign_export)."""
    return csv_text(engine, code, results(engine, code))
