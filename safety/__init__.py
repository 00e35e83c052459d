"""Safety: crisis detection and the first line of crisis help, neutral ground for the bot (its
crisis NLU component and actions) and the webchat (its own check on every message, and its
answer when the bot cannot give one). Imports only content (help lines, text normalisation).
"""

from safety.detector import (
                             CrisisKind,
                             detect_crisis,
                             is_not_a_disclosure,
                             tells_recent_sexual_abuse,
                             told_by_a_child,
)
from safety.messages import FALLBACK_MESSAGES

__all__ = ["FALLBACK_MESSAGES", "CrisisKind", "detect_crisis", "is_not_a_disclosure",
           "tells_recent_sexual_abuse", "told_by_a_child"]
