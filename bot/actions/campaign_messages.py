"""What a participant hears when the runtime package refuses (campaigns/errors.py gives codes;
the sentences are in the bot's catalogue, bot/translations)."""

from __future__ import annotations

from bot.i18n import N_, t
from campaigns.errors import CampaignError

MESSAGES = {
    "not_found": N_("Met deze code kun je niet (meer) meedoen. Controleer de code en probeer "
                    "het opnieuw."),
    "closed": N_("Deze sessie is gesloten."),
    "expired": N_("Deze sessie is verlopen."),
    "invalid_participant": N_("Ongeldige deelnemer."),
    "too_many_codes": N_("Je hebt te vaak een code geprobeerd die niet werkt. Wacht een paar "
                         "minuten en probeer het dan opnieuw."),
    "question_missing": N_("Deze vraag bestaat niet."),
    "question_not_current": N_("Deze vraag is nu niet aan de beurt."),
    "question_not_released": N_("Deze vraag is nog niet vrijgegeven."),
    "question_unavailable": N_("Deze vraag is niet meer beschikbaar."),
    "option_range": N_("Kies een antwoord van 1 tot %(high)s."),
    "already_answered": N_("Je hebt deze vraag al beantwoord."),
}
# Trainer-only refusals (creating, advancing) never reach a participant; should one, it gets this.
OTHER = N_("Dat lukte niet. Probeer het opnieuw.")


def campaign_message(locale: str, error: CampaignError) -> str:
    message = MESSAGES.get(error.code, OTHER)
    return t(locale, message, **error.params)
