"""The chat page, rendered on the server; the small script in static/chat.js does the rest."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale, gettext

bp = Blueprint("pages", __name__)


def ui_strings() -> dict[str, str]:
    """Strings the script needs, translated here so chat.js holds no text of its own."""
    return {
        "you": gettext("Jij"),
        "bot": gettext("Signaal"),
        "sources": gettext("Bronnen"),
        "sending": gettext("Even denken…"),
        "network": gettext("Geen verbinding. Bij gevaar: bel 112. Veilig Thuis: 0800-2000."),
        "welcome": gettext("Hoi! Ik geef informatie over huiselijk geweld: herkennen, handelen "
                           "en hulp vinden. Stel je vraag hieronder."),
    }


@bp.get("/")
def index():
    return render_template("index.html", strings=ui_strings(), locale=str(get_locale()),
                           exit_url=current_app.config["EXIT_URL"])
