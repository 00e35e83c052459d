"""Refusals of the runtime package, as codes: the package says no sentence itself.

The webchat (trainer pages, webchat/campaign_messages.py) and the bot (participants,
bot/actions/campaign_messages.py) each turn a code and its parameters into a sentence from
their own message catalogue, in the person's language.
"""

from __future__ import annotations


class CampaignError(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code, self.params = code, params


class CampaignNotFound(CampaignError):
    # Also what a newcomer hears for a closed or expired session: codes cannot be probed.
    def __init__(self):
        super().__init__("not_found")


class CampaignAuthError(CampaignError):
    def __init__(self):
        super().__init__("no_access")


# Every code raised, with the parameters its sentence uses (tests check both translators).
CODES = {
    "not_found": (), "no_access": (), "closed": (), "expired": (),
    "invalid_participant": (), "too_many_codes": (),
    "title_missing": (), "mode_unknown": (), "number_range": ("name", "high"),
    "topics_not_list": (), "topic_unknown": ("topics",), "no_questions": (),
    "question_missing": (), "question_not_current": (), "question_not_released": (),
    "question_unavailable": (), "option_range": ("high",), "already_answered": (),
    "live_only": (), "last_question": (), "not_started": (),
}
