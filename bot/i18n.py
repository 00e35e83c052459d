"""The bot's own sentences in Dutch and English: one gettext catalogue, domain `bot`.

Every sentence the bot says that is not content (content has its own `_en` fields) goes
through `t(locale, "Dutch sentence %(name)s", name=...)`. The Dutch text is the msgid, as in
the webchat; bot/translations/en/LC_MESSAGES/bot.po holds the English. A sentence defined
away from where it is said (a table of labels) is marked with `N_` and translated by `t` later.

After changing a sentence: `make bot-messages` (extract to bot.pot, update bot.po), translate
the new entries in bot.po; tests/test_bot_catalogue.py fails until every entry has English.

Loading: the compiled bot.mo (`make translations`, gitignored) when it is at least as new as
bot.po; otherwise bot.po itself, parsed with Babel. So the action server speaks English in a
fresh checkout and never uses a .mo older than the .po it was built from. Nothing is written.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().with_name("translations")
DOMAIN = "bot"
SOURCE_LOCALE = "nl"

log = logging.getLogger(__name__)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark a Dutch sentence for the catalogue; `t` translates it where it is said."""
    return message


def catalogue_path(locale: str, suffix: str = ".po") -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_mo(handle) if path.suffix == ".mo" else read_po(handle)


@cache
def translations(locale: str) -> dict[str, str]:
    """msgid → translation for a locale; empty for Dutch, for an unknown locale, or when the
    catalogue cannot be read (then the bot speaks Dutch rather than fail)."""
    po, mo = catalogue_path(locale), catalogue_path(locale, ".mo")
    if locale == SOURCE_LOCALE or not (po.exists() or mo.exists()):
        return {}
    fresh_mo = mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime)
    try:
        catalog = _read(mo if fresh_mo else po)
    except Exception:  # noqa: BLE001 - a broken catalogue must not stop the action server
        log.exception("Cannot read the bot catalogue for %s", locale)
        return {}
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def t(locale: str, message: str, **values: Any) -> str:
    """The sentence in the locale's language (Dutch when untranslated), with %(name)s values
    filled in. Without values the text is returned as is, so a bare % needs no escaping."""
    text = translations(locale).get(message, message) if locale != SOURCE_LOCALE else message
    return text % values if values else text
