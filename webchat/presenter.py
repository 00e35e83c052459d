"""The presenter view of a campaign session for a projector: /trainer/<code>/present.

Same access as the live page: a logged-in trainer whose trainer session created the campaign or
unlocked it with the admin token (webchat/trainer_auth.py). The page polls
/api/campaigns/<code>/results and drives reveal and next with the session (and Flask-WTF's CSRF
token); static/presenter.js draws the bars. All its text comes from here.
"""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_babel import gettext

from webchat import trainer

bp = Blueprint("presenter", __name__)


def presenter_strings() -> dict:
    """Text for presenter.js; {name} marks where the script puts a number."""
    return {
        "question": gettext("Vraag %(number)s van %(total)s", number="{number}", total="{total}"),
        "answered": gettext("%(answered)s van %(total)s beantwoord", answered="{answered}",
                            total="{total}"),
        "participants": trainer.ui_strings()["participants"],
        "correct": gettext("juist antwoord"),
        "notStarted": gettext("Nog niet gestart. Klik op 'Volgende vraag' om te beginnen."),
        "waiting": gettext("Doe mee met de code of de QR-code."),
        "timeUp": gettext("De tijd is om."),
        "closed": gettext("Deze sessie is gesloten."),
        "expired": gettext("Deze sessie is verlopen."),
        "offline": gettext("Geen verbinding, ik probeer het opnieuw…"),
        "noToken": gettext("Plak de beheerderssleutel van deze sessie."),
    }


@bp.get("/trainer/<code>/present")
def present(code: str):
    if not trainer.logged_in():
        return redirect(url_for("trainer.home"))
    campaign = trainer.campaign_or_404(code)
    link = trainer.join_url(campaign["code"])
    return trainer.page("trainer/present.html", campaign=campaign, owned=trainer.owns(campaign),
                        join_url=link, join_text=link.split("://", 1)[-1],
                        strings=presenter_strings())
