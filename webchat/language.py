"""Which language a message is in, when the request does not say (issue 9).

lingua (its models ship inside the wheel; nothing is downloaded) decides for longer texts;
short texts are decided by the small words people use ("wat", "hoe" vs "what", "how"), and a
message too short to tell gets None: the bot then keeps the conversation's language.
"""

from __future__ import annotations

import re
from functools import cache

from lingua import Language, LanguageDetectorBuilder

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
DUTCH = frozenset("""ik je jij u mijn mn m'n wat hoe waar wie waarom wanneer welke is het een de
    en van niet wel kan kun kunnen moet mag wil ben bent heeft heb hebben doet doe er dat dit die
    met voor naar als ook maar nog geen zijn haar hij zij ze wij we ons dan of om te bij mij me
    over hulp vraag zo heel echt nu weet wordt word dus iets niks bedankt alsjeblieft""".split())
ENGLISH = frozenset("""i you your my what how where who why when which is the a an and of not
    can could should must may want am are has have does do there that this with for to as also
    but no his her he she they we us then or at me about help question it its im dont cant
    get will would be been from if so just know please thanks""".split())
# Dutch names that English speakers use as they are ("is calling Veilig Thuis free?"): they
# say nothing about the language of the sentence around them.
NAMES = re.compile(r"\b(?:veilig ?thuis|kinder ?telefoon|centrum seksueel geweld|slachtofferhulp"
                   r"|blijf van mijn lijf|vrouwenopvang|huisarts\w*|meldcode|wijkteam|jeugdzorg"
                   r"|huiselijk geweld|aandachtsfunctionaris|signaal)\b", re.IGNORECASE)
# Greetings and thanks that are one word but only one language ("hi" and "ok" are both).
ONE_WORD = {"hello": "en", "thanks": "en", "bye": "en", "goodbye": "en", "hallo": "nl",
            "hoi": "nl", "doei": "nl", "bedankt": "nl", "dankjewel": "nl", "dankje": "nl"}
SURE = 0.9
LEANS = 0.65


@cache
def _detector():
    return (LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH)
            .with_preloaded_language_models().build())


def detect_language(text: str) -> str | None:
    """'nl', 'en', or None when the text is too short or too mixed to tell."""
    text = NAMES.sub(" ", text)
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2 or text.lstrip().startswith("/"):
        return ONE_WORD.get(words[0]) if len(words) == 1 else None
    margin = sum(w in ENGLISH and w not in DUTCH for w in words) - sum(
        w in DUTCH and w not in ENGLISH for w in words)
    if abs(margin) >= 2:
        return "en" if margin > 0 else "nl"
    best = _detector().compute_language_confidence_values(text)[0]
    guess = "en" if best.language == Language.ENGLISH else "nl"
    if best.value >= SURE:
        return guess
    if margin:
        return "en" if margin > 0 else "nl"
    # Three words are enough when the model leans clearly ("is calling Veilig Thuis free").
    return guess if len(words) >= 4 or (len(words) == 3 and best.value >= LEANS) else None
