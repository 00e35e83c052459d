"""The CSV export of a campaign session, safe to open in a spreadsheet.

A spreadsheet may split a line on another separator than the comma it was written with
(Dutch Excel splits on `;`, some imports on tabs), so a formula can start at the beginning of
*any* part of a cell, not only at its first character: `x;=1+1;` becomes the cells `x`, `=1+1`.
`cell()` therefore puts a `'` before every part that starts (after spaces or a quote) with
`=`, `+`, `-` or `@`: at the start of the text and after every `;`, `,`, tab, carriage return
or newline. The `'` makes the part text in Excel and LibreOffice; what people read stays the
same apart from that mark. Numbers (question, option, count) are written as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from campaigns.core import campaign_row
from campaigns.tables import campaign_answers, campaign_participants

# The start of a part (start of text or after a separator) followed by a formula character.
_FORMULA_START = re.compile(r"""(^|[;,\t\r\n])(?=[\s"']*[=+\-@])""")


def cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in free text (CSV injection), wherever a part starts."""
    if not isinstance(value, str):
        return value
    return _FORMULA_START.sub(r"\1'", value)


def csv_text(engine: Engine, code: str, rows: list[dict]) -> str:
    """Totals per question and option (`rows`: campaigns.service.results); then per-person rows,
    only for people with a nickname."""
    with engine.connect() as conn:
        campaign_id = campaign_row(conn, code).id
        named = conn.execute(
            select(campaign_participants.c.nickname, campaign_answers.c.position,
                   campaign_answers.c.option, campaign_answers.c.correct)
            .select_from(campaign_answers.join(campaign_participants))
            .where(campaign_answers.c.campaign_id == campaign_id,
                   campaign_participants.c.nickname.is_not(None))
            .order_by(campaign_participants.c.nickname, campaign_answers.c.position)).all()
    quiz_answers = {q["index"]: q for q in rows}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "question_text", "option", "option_text", "count", "correct"])
    for q in rows:
        for i, text in enumerate(q["options"]):
            right = "" if q["correct"] is None else ("yes" if i == q["correct"] else "no")
            writer.writerow([q["index"] + 1, cell(q["question"]), i + 1, cell(text),
                             q["counts"][i], right])
    if named:
        writer.writerow([])
        writer.writerow(["nickname", "question", "option", "option_text", "correct"])
        for r in named:
            options = quiz_answers[r.position]["options"]
            text = options[r.option] if r.option < len(options) else ""
            writer.writerow([cell(r.nickname), r.position + 1, r.option + 1, cell(text),
                             "yes" if r.correct else "no"])
    return out.getvalue()
