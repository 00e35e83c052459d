"""Server-rendered pages: the chat, its no-JavaScript fallback, hiding your visit, talking to a
person, and the seed-source viewer. The small scripts in static/ do the rest."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale, gettext

from content.help_lines import phone
from safety import detect_crisis
from webchat import sources, talk_now
from webchat.help_ui import crisis_card

bp = Blueprint("pages", __name__)


def ui_strings() -> dict[str, str]:
    """Strings the script needs, translated here so chat.js holds no text of its own."""
    return {
        "you": gettext("Jij"),
        "bot": gettext("Signaal"),
        "sources": gettext("Bronnen"),
        "moreSources": gettext("Meer bronnen"),
        "checked": gettext("gecontroleerd"),
        "sending": gettext("Even denken…"),
        "network": gettext("Geen verbinding. Bij gevaar: bel %(emergency)s. Veilig Thuis: "
                           "%(veilig_thuis)s.", emergency=phone("112"),
                           veilig_thuis=phone("veilig-thuis")),
        "welcome": gettext("Hoi! Ik geef informatie over huiselijk geweld: herkennen, handelen "
                           "en hulp vinden. Kies hieronder of typ je vraag."),
        "crisis": gettext("Bel nu"),
    }


def starters() -> list[dict[str, str]]:
    return [
        {"title": gettext("Het gebeurt nu"), "payload": "/crisis_acute"},
        {"title": gettext("Ik maak me zorgen om iemand"),
         "payload": "/inform_role" + json.dumps({"rol": "omstander"})},
        {"title": gettext("Ik ben professional"),
         "payload": "/inform_role" + json.dumps({"rol": "professional"})},
        {"title": gettext("Quiz"), "payload": "/start_quiz"},
    ]


def page(template: str, status: int = 200, **context):
    return render_template(template, locale=str(get_locale()),
                           exit_url=current_app.config["EXIT_URL"], **context), status


@bp.get("/")
def index():
    return page("index.html", strings=ui_strings(), starters=starters())


@bp.post("/geen-javascript")
def no_script():
    """The chat form without JavaScript posts here (never GET: nothing in the address bar or
    history). The message is read once for a crisis and then dropped: not stored, not logged."""
    kind = detect_crisis(request.form.get("message", "")[:1000])
    return page("no_script.html", card=crisis_card(kind) if kind else None)


@bp.get("/verbergen")
def hide_visit():
    return page("hide_visit.html")


@bp.get("/praat-met-iemand")
def talk():
    return page("talk.html", options=talk_now.options(locale=str(get_locale())),
                state_label=talk_now.state_label)


@bp.get("/bron/<seed>")
def source(seed: str):
    excerpt = sources.excerpt(seed, request.args.get("regels", ""))
    if excerpt is None:
        abort(404)
    return page("source.html", excerpt=excerpt)
