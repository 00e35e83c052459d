"""Actions answer from the content store, with sources, through a real CollectingDispatcher."""

from __future__ import annotations

from bot.actions.fallback import ActionOutOfScope
from bot.actions.faq import ActionDidYouMean
from bot.actions.figures import ActionFigures
from bot.actions.forms import ActionDefinition, ActionRisicofactoren, ActionSignalen, ActionWhatToDo
from bot.actions.glossary import ActionTerm
from bot.actions.helplines import ActionCrisis, ActionWhereToTurn
from bot.actions.language import ActionEnglish
from bot.actions.meldcode import ActionAfwegingskader, ActionMeldcode, ActionMeldcodeStep
from bot.actions.regions import ActionRegion
from content.store import ContentStore
from tests.conftest import run_action

VORM = "vorm"


def entity(name: str, value: str) -> dict:
    return {"entity": name, "value": value}


def test_definition_comes_from_the_store_with_its_sources():
    messages, events = run_action(ActionDefinition(), text="wat is intieme terreur",
                                  intent="ask_definition",
                                  entities=[entity(VORM, "intieme-terreur")])
    form = ContentStore().get("forms", "intieme-terreur")
    assert form["definition"] in messages[0]["text"]
    assert messages[0]["custom"]["sources"]
    assert {"event": "slot", "name": "vorm", "value": "intieme-terreur"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events]


def test_form_named_by_synonym_in_text_is_found_without_an_entity():
    messages, _ = run_action(ActionDefinition(), text="wat is dwingende controle?",
                             intent="ask_definition")
    assert "Intieme terreur" in messages[0]["text"]


def test_follow_up_uses_the_remembered_form():
    messages, _ = run_action(ActionSignalen(), text="en de signalen?", intent="ask_signalen",
                             slots={VORM: "ouderenmishandeling"})
    assert "ouderenmishandeling" in messages[0]["text"].lower()


def test_named_form_wins_over_remembered_form():
    messages, _ = run_action(ActionSignalen(), text="signalen van eergerelateerd geweld",
                             intent="ask_signalen", slots={VORM: "ouderenmishandeling"})
    assert "eergerelateerd" in messages[0]["text"].lower()


def test_when_two_forms_fit_equally_the_bot_asks_which_one():
    messages, _ = run_action(ActionSignalen(), intent="ask_signalen",
                             text="mijn buurvrouw wordt steeds uitgescholden en geslagen")
    assert "welke vorm" in messages[0]["text"].lower()
    assert len(messages[0]["buttons"]) >= 2


def test_a_question_that_points_to_no_form_gets_the_general_answer():
    messages, events = run_action(ActionRisicofactoren(), text="wat zijn risicofactoren",
                                  intent="ask_risicofactoren")
    assert "huiselijk geweld" in messages[0]["text"].lower()
    assert {"event": "slot", "name": "vorm", "value": "huiselijk-geweld"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


def test_a_named_help_line_comes_first_in_where_to_turn():
    messages, _ = run_action(ActionWhereToTurn(), text="what's the number for the child helpline",
                             intent="ask_where_to_turn", locale="en")
    text = messages[0]["text"]
    assert "0800-0432" in text and text.index("0800-0432") < text.index("0800-2000")


def test_what_to_do_for_a_bystander_names_veilig_thuis():
    messages, _ = run_action(ActionWhatToDo(), text="wat kan ik doen als buurvrouw",
                             intent="ask_what_to_do", slots={VORM: "partnergeweld"})
    assert "0800-2000" in messages[0]["text"]


def test_crisis_puts_112_first_then_veilig_thuis():
    messages, _ = run_action(ActionCrisis(), text="hij slaat me nu", intent="crisis_acute")
    text = messages[0]["text"]
    assert text.index("112") < text.index("0800-2000")


def test_suicide_gives_113_first():
    messages, _ = run_action(ActionCrisis(), text="ik wil dood", intent="crisis_suicide")
    assert messages[0]["text"].index("113") < messages[0]["text"].index("112")


def test_child_gets_the_kindertelefoon_first():
    messages, _ = run_action(ActionCrisis(), text="mijn papa slaat mij", intent="crisis_child")
    assert messages[0]["text"].index("0800-0432") < messages[0]["text"].index("112")


def test_crisis_in_english():
    messages, _ = run_action(ActionCrisis(), text="he is hitting me now",
                             intent="crisis_acute", locale="en")
    assert messages[0]["text"].startswith("Are you in danger")


def test_where_to_turn_gives_veilig_thuis_and_112_and_asks_who():
    messages, _ = run_action(ActionWhereToTurn(), text="waar kan ik terecht?",
                             intent="ask_where_to_turn")
    text = messages[0]["text"]
    assert "112" in text and "0800-2000" in text
    assert any(b["payload"].startswith("/inform_role") for b in messages[0]["buttons"])


def test_where_to_turn_for_a_child_starts_with_kindertelefoon():
    messages, events = run_action(ActionWhereToTurn(), text="ik ben een kind",
                                  intent="inform_role", entities=[entity("rol", "kind")])
    assert "0800-0432" in messages[0]["text"]
    assert any(e.get("name") == "rol" and e.get("value") == "kind" for e in events)


def test_gemeente_maps_to_its_region():
    messages, _ = run_action(ActionRegion(), text="hoe is de aanpak in Gouda",
                             intent="ask_region", entities=[entity("regio", "Gouda")])
    assert "Hollands Midden" in messages[0]["text"]


def test_meldcode_lists_five_steps_and_a_step_is_explained():
    messages, _ = run_action(ActionMeldcode(), text="meldcode", intent="ask_meldcode")
    assert len(messages[0]["buttons"]) == 5
    messages, events = run_action(ActionMeldcodeStep(), text="en stap 3?",
                                  intent="ask_meldcode_step", entities=[entity("stap", "3")])
    assert messages[0]["text"].startswith("Stap 3")
    assert any(e.get("name") == "stap" and e.get("value") == "3" for e in events)


def test_next_step_follows_the_remembered_one():
    messages, _ = run_action(ActionMeldcodeStep(), text="en de volgende stap?",
                             intent="ask_meldcode_step", slots={"stap": "2"})
    assert messages[0]["text"].startswith("Stap 3")


def test_glossary_term():
    messages, _ = run_action(ActionTerm(), text="wat is een huisverbod", intent="ask_term",
                             entities=[entity("term", "huisverbod")])
    assert "huisverbod" in messages[0]["text"].lower() and messages[0]["custom"]["sources"]


def test_unknown_question_offers_did_you_mean_buttons_or_scope():
    messages, _ = run_action(ActionDidYouMean(), text="loverboys", intent="nlu_fallback")
    assert messages[0]["buttons"]
    messages, _ = run_action(ActionOutOfScope(), text="wie wint het WK", intent="out_of_scope")
    assert "0800-2000" in messages[0]["text"]


def test_english_repeats_the_last_definition_in_english():
    messages, _ = run_action(ActionEnglish(), text="and in English?", intent="ask_english",
                             slots={"last_topic": "forms:ouderenmishandeling:definition"})
    form = ContentStore().get("forms", "ouderenmishandeling")
    assert form["definition_en"] in messages[0]["text"]
    messages, _ = run_action(ActionEnglish(), text="and in English?", intent="ask_english",
                             slots={"last_topic": "regions:haaglanden"})
    assert "only available in Dutch" in messages[0]["text"]


def test_every_form_is_reachable_by_its_name_and_each_synonym():
    store = ContentStore()
    wrong = []
    for form in store.all("forms"):
        for name in [form["title"], *form["synonyms"]]:
            found = store.resolve("forms", f"wat is {name}?")
            if found != form["slug"]:
                wrong.append((name, form["slug"], found))
    assert wrong == []


# English content for regions, figures, begrippen and the meldcode: an English user gets the
# `_en` fields, without the "only in Dutch" note.
DUTCH_NOTE = "only available in Dutch"


def test_region_in_english():
    messages, _ = run_action(ActionRegion(), text="what is the approach in Gouda",
                             intent="ask_region", entities=[entity("regio", "Gouda")],
                             locale="en")
    region = ContentStore().get("regions", "hollands-midden")
    text = messages[0]["text"]
    assert text.startswith(f"Region {region['name_en']} (18 municipalities")
    assert region["samenvatting_en"] in text and region["samenvatting"] not in text
    assert all(line in text for line in region["actielijnen_en"] + region["structuren_en"])
    assert "Lines of action:" in text and DUTCH_NOTE not in text
    assert messages[0]["custom"]["sources"]


def test_figures_in_english():
    messages, _ = run_action(ActionFigures(), text="how many women are killed",
                             intent="ask_figures", entities=[entity(VORM, "femicide")],
                             locale="en")
    figures = [f for f in ContentStore().all("figures") if f["topic"] == "femicide"]
    text = messages[0]["text"]
    assert figures and text.startswith("Figures:") and DUTCH_NOTE not in text
    for figure in figures:
        assert f"{figure['text_en']} ({figure['year']}) Note: {figure['caveat_en']}" in text
        assert figure["text"] not in text


def test_begrip_in_english():
    messages, events = run_action(ActionTerm(), text="what is a huisverbod", intent="ask_term",
                                  entities=[entity("term", "huisverbod")], locale="en")
    term = ContentStore().get("begrippen", "huisverbod")
    assert messages[0]["text"] == f"{term['term_en']}\n{term['definition_en']}"
    assert messages[0]["custom"]["sources"]
    assert any(e.get("value") == "begrippen:huisverbod" for e in events)


def test_afwegingskader_in_english():
    messages, _ = run_action(ActionAfwegingskader(), text="the assessment framework",
                             intent="ask_afwegingskader", locale="en")
    items = ContentStore().all("meldcode")
    text = messages[0]["text"]
    for item in (m for m in items if m["kind"] in ("afweging", "meldnorm")):
        assert f"{item['title_en']}: {item['text_en']}" in text
        assert item["text"] not in text
    assert "Afweging" not in text and DUTCH_NOTE not in text


def test_meldcode_step_and_meldcode_topic_in_english():
    messages, _ = run_action(ActionMeldcodeStep(), text="and step 1?", intent="ask_meldcode_step",
                             entities=[entity("stap", "1")], locale="en")
    step = ContentStore().get("meldcode", "stap-1")
    text = messages[0]["text"]
    assert text.startswith(f"{step['title_en']}\n{step['text_en']}")
    assert "Questions for this step:" in text and step["vragen_en"][0] in text
    messages, _ = run_action(ActionTerm(), text="kindcheck", intent="ask_term",
                             entities=[entity("term", "kindcheck")], locale="en")
    assert DUTCH_NOTE not in messages[0]["text"]
    assert "child" in messages[0]["text"].lower()


def test_help_lines_and_region_in_english_where_to_turn():
    messages, _ = run_action(ActionWhereToTurn(), text="where can I get help in Gouda",
                             intent="ask_where_to_turn", entities=[entity("regio", "Gouda")],
                             locale="en")
    text = messages[0]["text"]
    assert ContentStore().get("help", "veilig-thuis")["name_en"] in text
    region = ContentStore().get("regions", "hollands-midden")
    assert "; ".join(region["structuren_en"][:3]) in text
    assert region["structuren"][0] not in text


def test_a_crafted_entity_value_never_makes_an_action_raise():
    """Issue 14: /ask_meldcode_step{"stap": {"a": 1}} made the action raise, and Rasa then
    logged the whole conversation. A value that is no text counts as not given."""
    for value in ({"a": 1}, ["1"], None, True):
        messages, _ = run_action(ActionMeldcodeStep(), intent="ask_meldcode_step",
                                 entities=[{"entity": "stap", "value": value}])
        assert messages, value
    messages, events = run_action(ActionMeldcodeStep(), intent="ask_meldcode_step",
                                  entities=[{"entity": "stap", "value": 3}])
    assert messages and "3" in messages[0]["text"]


def test_an_unsure_question_for_a_lines_number_gets_that_line():
    messages, _ = run_action(ActionDidYouMean(), text="what's the police non emergency number",
                             intent="nlu_fallback", locale="en")
    assert "0900-8844" in messages[0]["text"]
