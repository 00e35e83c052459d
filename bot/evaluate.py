"""Measure the trained assistant: `python -m bot.evaluate` (make eval) writes docs/quality.md.

- intent macro-F1 / per-intent F1 and entity F1 per entity on each held-out file in
  HELDOUT_SETS (written apart from the training data, never trained on);
- crisis recall and false-alarm rate of the whole NLU pipeline (model + lexicon component)
  and of the lexicon alone, on each crisis set in tests/data/;
- Rasa test stories (bot/tests/) with --fail-on-prediction-errors.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.e2e import DATA, e2e_lines, live_results
from bot.evaluate_faq import CHAT_SET, faq_chat_cases, faq_lines

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "bot" / "models" / "signaal.tar.gz"
HELDOUT_SETS = {
    "nlu_heldout_v2.yml": "second held-out set, written blind in session 2 (the writer saw "
                          "neither training data nor the bot). First measurement: intent "
                          "macro-F1 0.949, vorm F1 0.836. Its vorm misses were then read; that "
                          "led to two general matcher fixes (typos in unstemmed words; articles "
                          "and possessives ignored), no utterance or synonym was taken from it. "
                          "Its brief asked for `vorm` labels in the six knowledge intents only, "
                          "so a form named in a "
                          "crisis, region or campaign message there counts as a false positive",
    "nlu_heldout.yml": "first held-out set; never trained on, but its errors were studied to "
                       "decide what to improve in session 2",
}
CRISIS_SETS = {
    "crisis_blind3.yml": "session 3 blind set, the first with sexual and medical crises; first "
                         "measured blind (lexicon 35.3 % / 8.7 %: acute 22/40, suicide 18/35, "
                         "child 22/35, sexual 0/40, medical 5/40; pipeline 70.0 % / 16.0 %: "
                         "35, 26, 33, 18, 21), then used to extend the lexicon: no longer blind",
    "crisis_blind2.yml": "session 2 blind set; first measured blind (lexicon 63.3 % / 6.0 %, "
                         "pipeline 90.0 % / 8.0 %), then used to extend the lexicon",
    "crisis_final.yml": "session 1 final set; first measured blind (lexicon 64.1 % / 6.7 %, "
                        "pipeline 89.7 % / 10.1 %), then used to extend the lexicon",
    "crisis_heldout.yml": "second set (blind at first, then used to extend the lexicon)",
    "crisis_phrases.yml": "development set (used to write the lexicon)",
}
REPORT = ROOT / "docs" / "quality.md"
ENTITIES = ("vorm", "stap", "rol", "term", "regio", "code")
# The intents whose actions read a `vorm` entity (bot/actions/forms.py, figures.py, quiz.py,
# casus.py). Elsewhere a form the matcher finds is harmless and unannotated in the gold files.
INTENTS_READING_VORM = ("ask_definition", "ask_signalen", "ask_risicofactoren",
                        "ask_beschermende_factoren", "ask_what_to_do", "ask_figures",
                        "start_quiz", "start_casus")


@dataclass
class Parsed:
    text: str
    intent: str
    entities: set[tuple[str, str]] = field(default_factory=set)


class Parser:
    """The trained model's NLU pipeline, loaded once (including the crisis component)."""

    def __init__(self, model: Path = MODEL):
        from rasa.core.agent import Agent

        self.agent = Agent.load(str(model))
        self.loop = asyncio.new_event_loop()

    def parse(self, text: str) -> Parsed:
        result = self.loop.run_until_complete(self.agent.parse_message(text))
        entities = {(e["entity"], str(e.get("value", "")).lower()) for e in result["entities"]}
        return Parsed(text, result["intent"]["name"], entities)


def heldout_examples(path: Path) -> list[Parsed]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(str(path))
    return [
        Parsed(m.get("text"), m.get("intent"),
               {(e["entity"], str(e["value"]).lower()) for e in m.get("entities") or []})
        for m in data.intent_examples
    ]


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def intent_scores(gold: list[Parsed], pred: list[Parsed]) -> tuple[float, dict, list]:
    counts = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    confusions = defaultdict(int)
    for g, p in zip(gold, pred, strict=True):
        if g.intent == p.intent:
            counts[g.intent][0] += 1
        else:
            counts[p.intent][1] += 1
            counts[g.intent][2] += 1
            confusions[(g.intent, p.intent)] += 1
    per_intent = {i: f1(*c) for i, c in counts.items() if c[0] + c[2] > 0}
    macro = sum(per_intent.values()) / len(per_intent)
    return macro, per_intent, sorted(confusions.items(), key=lambda kv: -kv[1])


def as_the_bot_reads_them(entities: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Entity values as the actions interpret them (bot/actions/common.py, glossary.py,
    regions.py): a form, term or region named by any synonym resolves to its content slug, a
    role word to its role. Applied to gold and prediction alike."""
    from bot.actions.common import ROLES, role_in
    from content.store import ContentStore

    store, resolved = ContentStore(), set()
    collections = {"vorm": ("forms",), "term": ("begrippen", "meldcode"), "regio": ("regions",)}
    for name, value in entities:
        if name in collections:
            value = next((slug for c in collections[name] if (slug := store.resolve(c, value))),
                         value)
        elif name == "rol" and value not in ROLES:
            value = role_in(value) or value
        resolved.add((name, value))
    return resolved


def entity_scores(gold: list[Parsed], pred: list[Parsed]) -> dict[str, tuple[float, int]]:
    """Per entity type: F1 over (type, value) pairs per message, and the gold count."""
    scores = {}
    for name in ENTITIES:
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            gs = {e for e in g.entities if e[0] == name}
            ps = {e for e in p.entities if e[0] == name}
            tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
        if tp + fn:
            scores[name] = (f1(tp, fp, fn), tp + fn)
    return scores


def crisis_scores(parser: Parser | None, path: Path) -> dict[str, float]:
    from safety import detect_crisis

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    crisis = [c["text"] for c in data["crisis"]]
    calm = [c["text"] if isinstance(c, dict) else c for c in data["no_crisis"]]
    if parser is None:
        flagged = lambda t: detect_crisis(t) is not None  # noqa: E731
    else:
        flagged = lambda t: parser.parse(t).intent.startswith("crisis_")  # noqa: E731
    missed = [t for t in crisis if not flagged(t)]
    alarms = [t for t in calm if flagged(t)]
    return {"recall": 1 - len(missed) / len(crisis), "false_alarms": len(alarms) / len(calm),
            "n_crisis": len(crisis), "n_calm": len(calm), "missed": missed, "alarms": alarms}


def story_test() -> tuple[bool, str]:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(MODEL), "--stories",
         "bot/tests", "--fail-on-prediction-errors", "--out", "results/stories"],
        cwd=ROOT, capture_output=True, text=True)
    report = ROOT / "results" / "stories" / "failed_test_stories.yml"
    failed = report.read_text(encoding="utf-8") if report.exists() else ""
    return result.returncode == 0, failed


@dataclass
class HeldoutResult:
    name: str
    size: int
    macro: float
    per_intent: dict[str, float]
    confusions: list
    entities: dict[str, tuple[float, int]]
    entities_read: dict[str, tuple[float, int]]
    vorm_where_read: float
    vorm_where_annotated: float
    annotated_intents: tuple[str, ...]


def score_heldout(parser: Parser, name: str) -> HeldoutResult:
    gold = heldout_examples(ROOT / "tests" / "data" / name)
    pred = [parser.parse(g.text) for g in gold]
    macro, per_intent, confusions = intent_scores(gold, pred)
    read = [Parsed(p.text, p.intent, as_the_bot_reads_them(p.entities)) for p in pred]
    gold_read = [Parsed(g.text, g.intent, as_the_bot_reads_them(g.entities)) for g in gold]
    def vorm_f1_in(intents) -> float:
        keep = [i for i, g in enumerate(gold) if g.intent in intents]
        scores = entity_scores([gold_read[i] for i in keep], [read[i] for i in keep])
        return scores.get("vorm", (0.0, 0))[0]

    # The intents in which the gold file annotates `vorm` at all: outside them a form the
    # pipeline finds has no label to agree with.
    annotated = tuple(sorted({g.intent for g in gold if any(e[0] == "vorm" for e in g.entities)}))
    return HeldoutResult(name, len(gold), macro, per_intent, confusions,
                         entity_scores(gold, pred), entity_scores(gold_read, read),
                         vorm_f1_in(INTENTS_READING_VORM), vorm_f1_in(annotated), annotated)


def heldout_lines(results: list[HeldoutResult]) -> list[str]:
    names = " | ".join(r.name for r in results)
    lines = ["## Intents and entities on the held-out sets", ""]
    lines += [f"- `tests/data/{r.name}` ({r.size} utterances): {HELDOUT_SETS[r.name]}."
              for r in results]
    lines += ["", f"| | {names} |", "|---|" + "---|" * len(results),
              "| **intent macro-F1** (target 0.93) | "
              + " | ".join(f"**{r.macro:.3f}**" for r in results) + " |",
              "| **vorm entity F1, as the bot reads it** (target 0.90) | "
              + " | ".join(f"**{r.entities_read.get('vorm', (0, 0))[0]:.3f}**"
                           for r in results) + " |",
              "| vorm entity F1 where an action reads it (" + ", ".join(INTENTS_READING_VORM)
              + ") | " + " | ".join(f"{r.vorm_where_read:.3f}" for r in results) + " |",
              "| vorm entity F1 within the intents the file annotates `vorm` in (below) | "
              + " | ".join(f"{r.vorm_where_annotated:.3f}" for r in results) + " |", ""]
    lines += [f"`{r.name}` annotates `vorm` in {len(r.annotated_intents)} intents: "
              + ", ".join(r.annotated_intents) + "." for r in results]
    lines += ["", "### Per intent (F1)", "",
              f"| intent | {names} |", "|---|" + "---|" * len(results)]
    intents = sorted({i for r in results for i in r.per_intent})
    lines += [f"| {i} | " + " | ".join(f"{r.per_intent[i]:.3f}" if i in r.per_intent else "–"
                                      for r in results) + " |" for i in intents]
    lines += ["", "### Entities", "", "F1 over (entity, value) pairs per message. *Extractor*: "
              "the values the NLU pipeline gives; *as the bot reads it*: after the actions "
              "resolve forms, terms and regions to content slugs and role words to roles, gold "
              "and prediction alike (what decides the answer).", ""]
    for r in results:
        lines += [f"`{r.name}`:", "", "| entity | F1 extractor | F1 as the bot reads it "
                  "| gold mentions |", "|---|---|---|---|"]
        lines += [f"| {e} | {s:.3f} | {r.entities_read[e][0]:.3f} | {n} |"
                  for e, (s, n) in r.entities.items()]
        lines.append("")
    lines += ["### Most frequent confusions (gold → predicted: count)", ""]
    for r in results:
        lines += [f"`{r.name}`: " + "; ".join(f"{g} → {p}: {n}" for (g, p), n
                                               in r.confusions[:12]), ""]
    return lines


def crisis_lines(parser: Parser) -> list[str]:
    lines = ["## Crisis routing", "",
             "Recall must be 100 % and false alarms at most 5 %. *Pipeline* is the full NLU "
             "(DIET + the deterministic lexicon component); *lexicon* is `safety/` alone "
             "(what the webchat also uses when Rasa is down).", "",
             "Each set was written blind, measured once, and then used to extend the lexicon, "
             "so only the first blind figures (in the set's label, recall / false alarms) say "
             "how the detector does on phrasings nobody has seen. The table is after.", "",
             "| set | crisis / calm | pipeline recall | pipeline false alarms | lexicon recall "
             "| lexicon false alarms |", "|---|---|---|---|---|---|"]
    for name, label in CRISIS_SETS.items():
        path = ROOT / "tests" / "data" / name
        full, lex = crisis_scores(parser, path), crisis_scores(None, path)
        lines.append(f"| {name}: {label} | {full['n_crisis']} / {full['n_calm']} | "
                     f"{full['recall']:.1%} | {full['false_alarms']:.1%} | {lex['recall']:.1%} | "
                     f"{lex['false_alarms']:.1%} |")
        lines += [f"|  missed by pipeline: {text} | | | | | |" for text in full["missed"]]
    return lines


def main() -> int:
    parser = Parser()
    results = [score_heldout(parser, name) for name in HELDOUT_SETS
               if (ROOT / "tests" / "data" / name).exists()]
    stories_ok, failed_stories = story_test()
    lines = ["# Signaal NLU and dialogue quality", "",
             "Written by `make eval` (bot/evaluate.py); do not edit by hand. "
             "`make test` fails below intent macro-F1 0.88 or crisis recall 100 %.", ""]
    live = live_results(sorted(DATA.glob("e2e_blind_*.yml")), {CHAT_SET: faq_chat_cases()})
    chat = live.pop(CHAT_SET)
    lines += heldout_lines(results) + [""] + faq_lines(parser, chat) + [""] + crisis_lines(parser)
    lines += [""] + e2e_lines(live)
    lines += ["", "## Test stories", "",
              f"`rasa test core --stories bot/tests --fail-on-prediction-errors`: "
              f"{'all stories pass' if stories_ok else 'FAILURES'}", ""]
    if failed_stories:
        lines += ["```yaml", failed_stories[:4000], "```", ""]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("; ".join(f"{r.name}: macro-F1 {r.macro:.3f}, vorm F1 "
                    f"{r.entities_read.get('vorm', (0, 0))[0]:.3f}" for r in results))
    print(f"report: {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
