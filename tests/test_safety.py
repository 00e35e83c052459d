"""Deterministic crisis routing: every crisis phrasing is caught, calm ones are left alone, and
the right help line comes first.

These tests run the lexicon alone (what the webchat also uses when Rasa is down). The whole NLU
pipeline is held to the same bar in test_bot.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.actions.helplines import CRISIS_LINES, ActionCrisis
from bot.evaluate import CRISIS_SETS
from safety import FALLBACK_MESSAGES, detect_crisis, told_by_a_child
from tests.conftest import run_action

DATA = Path(__file__).parent / "data"
SETS = list(CRISIS_SETS)
KINDS = ("acute", "suicide", "child", "sexual", "medical")


def load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SETS)
def test_every_crisis_phrasing_is_caught(name):
    missed = [c["text"] for c in load(name)["crisis"] if detect_crisis(c["text"]) is None]
    assert missed == [], f"crisis recall below 100 % in {name}: {missed}"


@pytest.mark.parametrize("name", SETS)
def test_false_alarms_stay_at_or_below_five_percent(name):
    calm = load(name)["no_crisis"]
    alarms = [t for t in calm if detect_crisis(t if isinstance(t, str) else t["text"])]
    assert len(alarms) / len(calm) <= 0.05, alarms


@pytest.mark.parametrize("name", SETS)
def test_the_first_help_line_is_the_right_one(name):
    """Acute and medical both put 112 first (strangled and unconscious is medical now); every
    other kind has its own first line."""
    wrong = [(c["kind"], kind, c["text"]) for c in load(name)["crisis"]
             if (kind := detect_crisis(c["text"])) and CRISIS_LINES[kind][0]
             != CRISIS_LINES[c["kind"]][0]]
    assert wrong == []


@pytest.mark.parametrize("kind", KINDS)
def test_blind3_finds_the_exact_kind_for_at_least_90_percent(kind):
    cases = [c["text"] for c in load("crisis_blind3.yml")["crisis"] if c["kind"] == kind]
    right = [t for t in cases if detect_crisis(t) == kind]
    assert len(cases) >= 35 and len(right) / len(cases) >= 0.9, set(cases) - set(right)


# The crisis cases of tests/data/e2e_blind_v1.yml (single turn) with the kind each must get:
# suicidal talk of a close person is suicide (113 is for worried relatives too), someone else's
# overdose is medical (112 first), recent rape or assault is sexual (CSG first).
E2E_V1 = {
    "mn vader slaat mn moeder nu beneden ik hoor haar huilen wat moet ik doen": "child",
    "hij kneep net mijn keel dicht ik kon echt niet ademen, nu is hij de deur uit. moet ik iets "
    "doen?": "acute",
    "er wordt net een meisje een auto in gesleurd bij ons in de straat": "acute",
    "ik hoor de buurman zijn kind slaan, het kind schreeuwt en huilt nu al 10 minuten": "acute",
    "hij heeft een pistool in huis en zei vanavond dat hij me doodschiet als ik wegga": "acute",
    "ik word nu gevolgd door mijn ex in een auto, ik ben op de fiets": "acute",
    "my dad is drunk and smashing stuff and says he'll hurt us. im hiding in my room": "acute",
    "hlp hij slaat mn hoofd tegen de muur": "acute",
    "mijn dochter stuurde me net een berichtje dat ze zichzelf iets wil aandoen": "suicide",
    "heb pillen gespaard voor als het niet meer gaat thuis": "suicide",
    "mijn vriendin zegt dat ze een einde aan haar leven wil maken omdat haar man haar slaat, wat "
    "moet ik doen": "suicide",
    "ik ben 12 en mijn stiefvader komt s nachts in mijn kamer en doet dingen die ik niet wil":
        "child",
    "als ik het vertel wordt papa nog bozer en dan gaat hij mama weer slaan": "child",
    "ik durf niet naar huis want dan krijg ik weer klappen": "child",
    "ik ben gisteren verkracht": "sexual",
    "afgelopen zaterdag heeft een jongen op een feest seks met me gehad terwijl ik heel dronken "
    "was, ik wilde dat niet": "sexual",
    "mijn vriend dwong me vannacht tot seks, moet ik me laten onderzoeken?": "sexual",
    "I was raped two days ago and I don't know what to do": "sexual",
    "mijn dochter van 16 is gisteravond aangerand op weg naar huis van haar werk": "sexual",
    "iemand heeft vorige nacht iets in mijn drankje gedaan en ik denk dat er iets met me gebeurd "
    "is, ik weet niks meer": "sexual",
    "mijn kind is bewusteloos na een klap tegen zijn hoofd": "medical",
    "hij ademt niet meer": "medical",
    "ze bloedt heel erg na de mishandeling en het stopt niet": "medical",
    "mijn vriend heeft de baby door elkaar geschud en nu reageert ze niet goed meer": "medical",
    "mijn moeder is gevallen nadat mijn broer haar duwde en ze kan niet opstaan en is heel "
    "verward": "medical",
    "my friend got beaten up by her boyfriend and is bleeding from her head and throwing up":
        "medical",
    "mijn zus heeft een hele strip pillen ingenomen na ruzie met haar man": "medical",
    "hij heeft me in mijn arm gestoken": "medical",
    "het kindje van de buren ligt slap op de grond bij het raam en de moeder doet niet open":
        "medical",
}


@pytest.mark.parametrize("text,kind", [
    ("hij slaat me nu", "acute"),
    ("ik wil niet meer leven", "suicide"),
    ("mijn papa slaat mij", "child"),
    ("He is hitting me right now", "acute"),
    ("I want to kill myself", "suicide"),
    ("hij zegt dat hij me gaat afmaken", "acute"),
    ("mijn vriend dreigt mijn moeder af te maken", "acute"),
    ("ik ben een jaar geleden bij hem weggegaan en hij staat voor mijn deur", "acute"),
    ("mijn vriendin wil dood", "suicide"),
    ("my daughter says she wants to die", "suicide"),
    ("ik heb net al mijn pillen ingenomen", "suicide"),  # the writer's own: suicide first
    ("mijn tante heeft een overdosis genomen en reageert niet", "medical"),
    ("ik ben 13 en mijn opa heeft me gisteren verkracht", "sexual"),  # recent rape: CSG first
    ("mijn stiefvader zit aan me als mama slaapt, ik ben 11", "child"),  # abuse at home
    ("hij probeert me te verkrachten", "acute"),  # happening now: 112
    # Session 5: e2e crisis cases that only the model had caught, now deterministic.
    ("mn oom zegt dat het ons geheimpje is wat hij met me doet", "child"),
    ("ze zit verstopt in de wc voor haar man die haar zoekt", "acute"),
    ("someone is banging on my door, its my ex, he has a restraining order", "acute"),
    ("hij zei dat als ik ooit wegga hij me vindt en dat ik dan niet meer leef", "acute"),
    ("help", "acute"),
    ("na alles wat hij gedaan heeft zie ik het gewoon niet meer zitten", "suicide"),
    ("mijn juf vraagt of alles goed is thuis maar ik durf niks te zeggen", "child"),
    ("ik wil weglopen van huis", "child"),
    ("helpp mijn vriend slaat mn hoofd tegen de muur", "acute"),
    ("er ligt een vrouw op straat te bloeden na ruzie met haar vriend", "medical"),
    ("hij zegt dat hij de kinderen iets aandoet als ik wegga", "acute"),
    ("mijn stiefvader komt sniachts aan me en ik wil dat niet", "child"),
    ("ik ben 13 en mijn moeder zegt elke dag dat ik dood moet gaan", "child"),
    ("ben 15 en mn stiefvader heeft gisteren aan me gezeten toen mama werkte", "sexual"),
    ("oma is heel suf en reageert amper", "medical"),
    ("mn opa is net geslagen, hij bloedt aan zn lip en is helemaal in de war", "medical"),
    ("we hebben al 2 dagen geen eten gehad en mama ligt de hele tijd in bed", "child"),
    *E2E_V1.items(),
])
def test_the_right_line_comes_first(text, kind):
    assert detect_crisis(text) == kind


@pytest.mark.parametrize("text", [
    "b", "de tweede", "slachtoffer", "stap 3", "", "   ", "ik wil het formulier niet afmaken",
    "ik wil de quiz afmaken", "mijn vader heeft me vroeger geslagen, kan therapie helpen",
    "mijn ex reageert niet op mijn berichten", "de verbinding valt steeds weg",
    "gisteren hadden we op school een les over verkrachting",
    "ik ben jaren geleden verkracht en heb nu nog steeds nachtmerries",
    "mijn moeder heeft haar pillen genomen vanochtend", "hij slaat me niet maar scheldt wel",
    "ik verstop mijn spaargeld voor mijn man", "ik heb een geheim dat ik met me meedraag",
    "peuter heeft honger, ouders reageren niet op onze vragen", "help me met de meldcode",
])
def test_quiz_answers_calm_and_empty_input_are_not_a_crisis(text):
    assert detect_crisis(text) is None


def test_every_kind_has_a_message_and_lines_with_consistent_numbers(loaded_content):
    from content.store import ContentStore

    store = ContentStore()
    assert set(CRISIS_LINES) == set(KINDS)
    for locale in ("nl", "en"):
        assert set(KINDS) < set(FALLBACK_MESSAGES[locale])
        for kind in KINDS:
            first = store.get("help", CRISIS_LINES[kind][0])
            assert first["phone"] in FALLBACK_MESSAGES[locale][kind], (locale, kind)


@pytest.mark.parametrize("kind,first,then", [
    ("sexual", "0800-0188", "112"), ("medical", "112", "ambulance"),
    ("suicide", "0800-0113", "112"), ("child", "0800-0432", "112"), ("acute", "112", "0800-2000"),
])
def test_the_crisis_answer_puts_the_first_line_first(kind, first, then):
    messages, _ = run_action(ActionCrisis(), text="...", intent=f"crisis_{kind}")
    text = messages[0]["text"]
    assert text.index(first) < text.index(then)
    assert messages[0]["custom"]["crisis"] == kind


def test_a_child_telling_recent_abuse_gets_the_kindertelefoon_and_the_csg():
    text = "ik ben een jongen van 17 en ben vorige week door een man misbruikt"
    assert detect_crisis(text) == "child"
    messages, _ = run_action(ActionCrisis(), text=text, intent="crisis_child")
    said = messages[0]["text"]
    assert said.index("0800-0432") < said.index("0800-0188")
    calm, _ = run_action(ActionCrisis(), text="mijn papa slaat mij", intent="crisis_child")
    assert "0800-0188" not in calm[0]["text"]


def test_a_child_telling_a_recent_rape_gets_the_csg_and_the_kindertelefoon():
    text = "ik ben 13 en ben gisteren verkracht"
    assert told_by_a_child(text) and not told_by_a_child("ik ben 4 dagen geleden verkracht")
    messages, _ = run_action(ActionCrisis(), text=text, intent="crisis_sexual")
    body = messages[0]["text"]
    assert body.index("0800-0188") < body.index("0800-0432") < body.index("0800-2000")
    adult, _ = run_action(ActionCrisis(), text="ik ben gisteren verkracht", intent="crisis_sexual")
    assert "0800-0432" not in adult[0]["text"]
