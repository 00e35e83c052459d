"""The bot's message catalogue (bot/i18n.py): every sentence has its English, the catalogue
matches the code, it loads with or without the compiled .mo, and no phone number is in code."""

from __future__ import annotations

import ast
import os
import re
import shutil

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import i18n
from bot.actions.forms import ActionRisicofactoren, ActionSignalen, follow_up_buttons
from bot.actions.smalltalk import ActionSmalltalk
from bot.i18n import t
from content.help_lines import help_lines
from tests.conftest import ROOT, make_tracker, run_action

BOT = ROOT / "bot"
PO = BOT / "translations" / "en" / "LC_MESSAGES" / "bot.po"
POT = BOT / "translations" / "bot.pot"
# Where the message is among a marker's arguments (as `pybabel extract -k t:2 -k N_`).
MARKERS = {"t": 1, "N_": 0}


def read(path):
    with path.open("rb") as handle:
        return read_po(handle)


def marked_calls():
    """(file, line, the message argument) of every t(...) and N_(...) call in bot/."""
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS and len(node.args) > MARKERS[node.func.id]):
                yield path.relative_to(ROOT), node.lineno, node.args[MARKERS[node.func.id]]


def literal_messages() -> set[str]:
    return {arg.value for _, _, arg in marked_calls()
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}


def test_every_catalogue_entry_has_english():
    missing = [m.id for m in read(PO) if m.id and (not m.string or m.fuzzy)]
    assert not missing, f"untranslated or fuzzy in {PO.name}: {missing}"


def test_translations_keep_the_placeholders():
    problems = [(m.id, errors) for m, errors in read(PO).check()]
    assert not problems


def test_every_marked_sentence_is_in_the_catalogue_and_nothing_else():
    """Extraction is up to date: what t()/N_() mark in the code is exactly bot.pot and bot.po
    (else run `make bot-messages` and translate the new entries)."""
    in_code = literal_messages()
    for name, path in (("bot.pot", POT), ("bot.po", PO)):
        catalogue = {m.id for m in read(path) if m.id}
        assert not in_code - catalogue, f"not extracted into {name}: {in_code - catalogue}"
        assert not catalogue - in_code, f"no longer used, still in {name}: {catalogue - in_code}"


def test_t_is_only_given_a_literal_or_a_marked_name():
    """An f-string, concatenation or .format() in t() would never match a msgid (and
    extraction cannot see a t() call inside an f-string's braces)."""
    wrong = [(str(path), line) for path, line, arg in marked_calls()
             if not isinstance(arg, ast.Constant | ast.Name | ast.Subscript | ast.Attribute)]
    assert not wrong
    in_fstrings = [(str(path), node.lineno) for path in BOT.rglob("*.py")
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(node, ast.FormattedValue) and any(
                       isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                       and n.func.id in MARKERS and len(n.args) > MARKERS[n.func.id]
                       and isinstance(n.args[MARKERS[n.func.id]], ast.Constant)
                       for n in ast.walk(node.value))]
    assert not in_fstrings


def test_no_help_phone_number_is_written_in_bot_code_or_catalogue():
    """Numbers come from content/help; only safety/ keeps copies for when the store is
    down. Short numbers such as 112 are also help-line slugs, so the actions are checked for
    the long ones and the catalogue for all."""
    numbers = {line["phone"] for line in help_lines().values() if line.get("phone")}
    sources = {path: path.read_text(encoding="utf-8")
               for path in [*(BOT / "actions").glob("*.py"), BOT / "i18n.py"]}
    in_code = [(str(p), n) for p, text in sources.items() for n in numbers
               if len(re.sub(r"\D", "", n)) > 3 and n in text]
    assert not in_code
    catalogue = " ".join(f"{m.id} {m.string}" for m in read(PO) if m.id)
    in_catalogue = [n for n in numbers if re.search(rf"(?<![\d-]){re.escape(n)}(?![\d-])",
                                                    catalogue)]
    assert not in_catalogue


def test_t_speaks_dutch_fills_values_and_falls_back_to_dutch():
    assert t("nl", "Goed!") == "Goed!"
    assert t("en", "Goed!") == "Correct!"
    assert t("en", "Klaar! Je score: %(score)d van %(total)d.", score=3, total=5) == \
        "Done! Your score: 3 of 5."
    assert t("en", "Een zin die niet in de catalogus staat.") == \
        "Een zin die niet in de catalogus staat."
    assert t("fr", "Goed!") == "Goed!"


@pytest.fixture
def catalogue_dir(tmp_path, monkeypatch):
    """A copy of the bot's translations (only the .po) that bot/i18n.py reads instead."""
    folder = tmp_path / "translations" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO, folder / "bot.po")
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path / "translations")
    i18n.translations.cache_clear()
    yield folder
    i18n.translations.cache_clear()


def compile_to(folder, changes: dict[str, str], age: int = 0) -> None:
    """bot.mo from bot.po with some translations changed; `age` seconds older than the .po."""
    catalog = read(folder / "bot.po")
    for msgid, english in changes.items():
        catalog[msgid].string = english
    with (folder / "bot.mo").open("wb") as handle:
        write_mo(handle, catalog)
    if age:
        stat = (folder / "bot.po").stat()
        os.utime(folder / "bot.mo", (stat.st_atime - age, stat.st_mtime - age))


def test_without_a_compiled_catalogue_the_po_is_read(catalogue_dir):
    assert not (catalogue_dir / "bot.mo").exists()
    assert t("en", "Doe een quiz") == "Take a quiz"


def test_a_fresh_compiled_catalogue_is_used(catalogue_dir):
    compile_to(catalogue_dir, {"Doe een quiz": "Take a quiz (compiled)"})
    assert t("en", "Doe een quiz") == "Take a quiz (compiled)"


def test_a_compiled_catalogue_older_than_the_po_is_not_used(catalogue_dir):
    compile_to(catalogue_dir, {"Doe een quiz": "Stale translation"}, age=60)
    assert t("en", "Doe een quiz") == "Take a quiz"


def test_an_unreadable_catalogue_means_dutch_not_a_crash(catalogue_dir):
    (catalogue_dir / "bot.po").write_bytes(b"\xff\xfe not a catalogue \x00")
    (catalogue_dir / "bot.mo").write_bytes(b"not a mo file either")
    assert t("en", "Doe een quiz") == "Doe een quiz"


def test_english_buttons_and_sentences_come_from_the_catalogue():
    english = {m.string for m in read(PO) if m.id}
    titles = [b["title"] for b in follow_up_buttons("partnergeweld", "ask_signalen", "en")]
    assert titles and all(title in english for title in titles)
    messages, _ = run_action(ActionSmalltalk(), text="bye", intent="goodbye", locale="en")
    veilig_thuis = help_lines()["veilig-thuis"]["phone"]
    text = messages[0]["text"]
    assert text.startswith("Goodbye, take care!") and veilig_thuis in text
    messages, _ = run_action(ActionSmalltalk(), text="hoi", intent="greet")
    assert [b["title"] for b in messages[0]["buttons"]][:2] == ["Wat is huiselijk geweld?",
                                                                 "Waar kan ik terecht?"]


FORM = {"slug": "voorbeeld", "title": "Voorbeeldgeweld", "title_en": "Example violence",
        "signalen": {"algemeen": ["Een signaal."]}, "risicofactoren": ["Een risicofactor."]}


def test_english_content_comes_without_the_dutch_only_note():
    tracker = make_tracker(locale="en")
    form = {**FORM, "signalen_en": {"algemeen": ["A sign."]},
            "risicofactoren_en": ["A risk factor."]}
    signs = ActionSignalen().render(form, tracker, "en")
    assert signs.startswith("Signs of example violence:\nIn general:\n- A sign.")
    assert "only available in Dutch" not in signs and "Een signaal" not in signs
    assert ActionRisicofactoren().render(form, tracker, "en") == \
        "Risk factors for example violence:\n- A risk factor."


def test_dutch_content_in_english_keeps_the_note():
    tracker = make_tracker(locale="en")
    signs = ActionSignalen().render(FORM, tracker, "en")
    assert signs.startswith("(This part is only available in Dutch.)\nSigns of example")
    assert "- Een signaal." in signs
    dutch = ActionSignalen().render(FORM, make_tracker(), "nl")
    assert dutch.startswith("Signalen van voorbeeldgeweld:\nAlgemeen:\n- Een signaal.")
