"""The trainer pages' and API's words for the runtime package's refusals (campaigns/errors.py
gives codes; the sentences live in the webchat's catalogue, webchat/translations)."""

from __future__ import annotations

from flask_babel import gettext, lazy_gettext

from campaigns.errors import CampaignError

MESSAGES = {
    "not_found": lazy_gettext("Met deze code kun je niet (meer) meedoen. Controleer de code en "
                              "probeer het opnieuw."),
    "no_access": lazy_gettext("Geen toegang tot deze sessie."),
    "closed": lazy_gettext("Deze sessie is gesloten."),
    "expired": lazy_gettext("Deze sessie is verlopen."),
    "invalid_participant": lazy_gettext("Ongeldige deelnemer."),
    "too_many_codes": lazy_gettext("Je hebt te vaak een code geprobeerd die niet werkt. Wacht "
                                   "een paar minuten en probeer het dan opnieuw."),
    "title_missing": lazy_gettext("Geef de sessie een titel."),
    "mode_unknown": lazy_gettext("Kies live of in eigen tempo."),
    "number_range": lazy_gettext("%(name)s moet een geheel getal van 1 tot %(high)s zijn."),
    "topics_not_list": lazy_gettext("Onderwerpen moeten een lijst met tekst zijn."),
    "topic_unknown": lazy_gettext("Onbekend onderwerp: %(topics)s."),
    "no_questions": lazy_gettext("Er zijn geen quizvragen voor deze onderwerpen."),
    "question_missing": lazy_gettext("Deze vraag bestaat niet."),
    "question_not_current": lazy_gettext("Deze vraag is nu niet aan de beurt."),
    "question_not_released": lazy_gettext("Deze vraag is nog niet vrijgegeven."),
    "question_unavailable": lazy_gettext("Deze vraag is niet meer beschikbaar."),
    "option_range": lazy_gettext("Kies een antwoord van 1 tot %(high)s."),
    "already_answered": lazy_gettext("Je hebt deze vraag al beantwoord."),
    "live_only": lazy_gettext("Alleen een live sessie gaat per vraag verder."),
    "last_question": lazy_gettext("Dit was de laatste vraag."),
    "not_started": lazy_gettext("Start eerst de eerste vraag."),
}


def campaign_message(error: CampaignError) -> str:
    message = MESSAGES.get(error.code)
    if message is None:
        return gettext("Dat lukte niet. Probeer het opnieuw.")
    return str(message) % error.params if error.params else str(message)
