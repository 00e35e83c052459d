"""Content is data, checked by code: the real content passes, and each kind of mistake a
curator can make is caught with file, item and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from content import checker
from content.db import content_items, create_all, get_engine
from content.loader import ContentInvalid, load
from content.readability import measure
from content.validate import read_corpus

GOOD_HELP = """
- slug: veilig-thuis
  name: Veilig Thuis
  phone: "0800-2000"
  hours: Dag en nacht
  cost: Gratis
  anonymous: Je mag anoniem bellen.
  when: Bel als je je zorgen maakt over huiselijk geweld.
  when_en: Call when you worry about domestic violence.
  sources:
    - {url: "https://veiligthuis.nl", checked: "2026-11-22"}
"""


def write(tmp_path: Path, collection: str, text: str) -> Path:
    folder = tmp_path / "content" / collection
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "items.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / "content"


def errors_for(tmp_path: Path, collection: str, text: str) -> list[str]:
    corpus = read_corpus(write(tmp_path, collection, text))
    return [str(e) for e in checker.check(corpus)
            if "(collection)" not in str(e) and "required item" not in str(e)]


def test_real_content_passes_the_checker():
    errors = checker.check(read_corpus())
    assert errors == [], "\n".join(map(str, errors))


def test_a_good_item_has_no_errors(tmp_path):
    assert errors_for(tmp_path, "help", GOOD_HELP) == []


def test_unknown_field_names_file_item_and_field(tmp_path):
    errors = errors_for(tmp_path, "help", GOOD_HELP + "  colour: red\n")
    assert any("items.yaml" in e and "veilig-thuis" in e and "colour" in e for e in errors)


def test_missing_source_is_an_error(tmp_path):
    text = GOOD_HELP.split("  sources:")[0] + "  sources: []\n"
    errors = errors_for(tmp_path, "help", text)
    assert any("field sources" in e for e in errors)


def test_duplicate_slug_is_an_error(tmp_path):
    errors = errors_for(tmp_path, "help", GOOD_HELP + GOOD_HELP.replace("Bel als", "Vraag als"))
    assert any("duplicate slug" in e for e in errors)


def test_seed_line_range_outside_the_file_is_an_error(tmp_path):
    text = GOOD_HELP.replace('{url: "https://veiligthuis.nl", checked: "2026-11-22"}',
                             '{seed: 000_e2c061e3cee001df.txt, lines: "99990-99999"}')
    assert any("outside" in e for e in errors_for(tmp_path, "help", text))


def test_missing_seed_file_is_an_error(tmp_path):
    text = GOOD_HELP.replace('{url: "https://veiligthuis.nl", checked: "2026-11-22"}',
                             '{seed: 009_0000000000000000.txt, lines: "1-2"}')
    assert any("not found" in e for e in errors_for(tmp_path, "help", text))


def test_malformed_url_is_an_error(tmp_path):
    text = GOOD_HELP.replace("https://veiligthuis.nl", "veiligthuis")
    assert any("malformed URL" in e for e in errors_for(tmp_path, "help", text))


QUIZ = """
- slug: q-test-1
  topic: hulp
  audience: inwoner
  difficulty: 1
  question: Welk nummer bel je bij direct gevaar?
  options: ["112", "0800-2000", "113"]
  answer: "112"
  explanation: Bij direct gevaar bel je altijd eerst het alarmnummer.
  sources:
    - {url: "https://www.112.nl", checked: "2026-11-22"}
"""


def test_quiz_answer_must_be_an_option(tmp_path):
    errors = errors_for(tmp_path, "quiz", QUIZ.replace('answer: "112"', 'answer: "911"'))
    assert any("field answer" in e for e in errors)


def test_quiz_options_may_not_repeat(tmp_path):
    errors = errors_for(tmp_path, "quiz", QUIZ.replace('"0800-2000"', '"112"'))
    assert any("options repeat" in e for e in errors)


def test_same_sentence_in_two_items_is_an_error(tmp_path):
    second = QUIZ.replace("q-test-1", "q-test-2").replace("Welk nummer", "Wat bel je")
    errors = errors_for(tmp_path, "quiz", QUIZ + second)
    assert any("sentence also in" in e for e in errors)


def test_text_above_b1_fails():
    long_sentence = " ".join(["woord"] * 30) + "."
    assert measure(long_sentence).problems()
    assert not measure("Dit is kort. Je snapt het snel.").problems()


def test_loading_twice_changes_nothing(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'twice.db'}")
    create_all(engine)
    first = load(engine)
    with engine.connect() as conn:
        ids = conn.execute(select(content_items.c.id).order_by(content_items.c.id)).all()
    second = load(engine)
    with engine.connect() as conn:
        again = conn.execute(select(content_items.c.id).order_by(content_items.c.id)).all()
        total = conn.execute(select(func.count()).select_from(content_items)).scalar()
    assert first == second and ids == again and total == sum(first.values())


def test_loader_refuses_invalid_content(tmp_path):
    corpus = read_corpus(write(tmp_path, "help", GOOD_HELP.replace("name:", "naam:")))
    with pytest.raises(ContentInvalid) as raised:
        load(get_engine(f"sqlite:///{tmp_path / 'bad.db'}"), corpus)
    assert "veilig-thuis" in str(raised.value)


def test_generated_nlu_data_is_up_to_date():
    from bot.generate import FAQ_OUTPUT, OUTPUT, build, build_faq

    for output, text in ((OUTPUT, build()), (FAQ_OUTPUT, build_faq())):
        assert output.read_text(encoding="utf-8") == text, (
            f"{output.name} is stale: run `python -m bot.generate`")


def test_no_held_out_utterance_is_trained_on():
    """The quality figures are only honest if the test utterances are unseen."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.generate import plain_text

    trained = {plain_text(m.get("text")) for m in load_data("bot/data/nlu").intent_examples}
    for path in sorted(Path("tests/data").glob("nlu_heldout*.yml")):
        held = {plain_text(m.get("text")) for m in load_data(str(path)).intent_examples}
        assert not held & trained, f"{path.name} utterances in the training data: {held & trained}"
