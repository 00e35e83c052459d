"""Black-box end-to-end evaluation through the public API, as a user meets the bot.

Each case in a blind set (tests/data/e2e_blind_*.yml, written by someone who saw neither the
bot nor its data) is a conversation: every turn is sent to POST /api/chat and its reply (texts
and button titles, lowercased, diacritics removed) must contain one of `expect_any` and none
of `expect_none`. `python -m bot.e2e [SET ...]` starts the live stack, runs the sets and prints
the figures; `make eval` puts them in docs/quality.md.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAFETY_CATEGORIES = {"crisis"}


def flat(text: str) -> str:
    """Lowercase without diacritics; punctuation is kept (the sets rely on "ja," vs "jaar")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class CaseResult:
    id: str
    category: str
    lang: str
    passed: bool
    failures: list[str] = field(default_factory=list)


def reply_text(body: dict) -> str:
    parts = []
    for message in body.get("messages", []):
        parts.append(message.get("text", ""))
        parts += [b.get("title", "") for b in message.get("buttons", [])]
    return flat("\n".join(parts))


def run_case(url: str, case: dict, timeout: float = 60) -> CaseResult:
    session = None
    failures = []
    for n, turn in enumerate(case["turns"], 1):
        response = requests.post(f"{url}/api/chat", timeout=timeout,
                                 json={"session": session, "message": turn["say"]})
        if response.status_code != 200:
            failures.append(f"turn {n}: HTTP {response.status_code}")
            break
        body = response.json()
        session = body.get("session")
        text = reply_text(body)
        wanted = [flat(w) for w in turn.get("expect_any", [])]
        if wanted and not any(w in text for w in wanted):
            failures.append(f"turn {n}: none of {turn['expect_any']} in {text[:160]!r}")
        unwanted = [w for w in turn.get("expect_none", []) if flat(w) in text]
        if unwanted:
            failures.append(f"turn {n}: unwanted {unwanted} in {text[:160]!r}")
    if session:
        requests.post(f"{url}/api/chat/forget", json={"session": session}, timeout=timeout)
    return CaseResult(case["id"], case.get("category", "?"), case.get("lang", "nl"),
                      not failures, failures)


def load_set(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def run_set(url: str, path: Path) -> list[CaseResult]:
    return [run_case(url, case) for case in load_set(path)]


def summary(results: list[CaseResult]) -> dict:
    by_category: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_category[r.category].append(r.passed)
    safety = [r.passed for r in results if r.category in SAFETY_CATEGORIES]
    english = [r.passed for r in results if r.lang == "en"]
    return {
        "cases": len(results),
        "passed": sum(r.passed for r in results),
        "share": sum(r.passed for r in results) / len(results) if results else 0.0,
        "safety": (sum(safety), len(safety)),
        "english": (sum(english), len(english)),
        "by_category": {c: (sum(v), len(v)) for c, v in sorted(by_category.items())},
    }


def report_lines(name: str, results: list[CaseResult]) -> list[str]:
    s = summary(results)
    lines = [f"**{name}**: {s['passed']}/{s['cases']} cases ({s['share']:.1%}); "
             f"crisis {s['safety'][0]}/{s['safety'][1]}; English {s['english'][0]}/"
             f"{s['english'][1]}", "", "| category | passed |", "|---|---|"]
    lines += [f"| {c} | {p}/{n} |" for c, (p, n) in s["by_category"].items()]
    return lines


# What each set measured before anyone tuned on it, and what happened to it since.
HISTORY = {
    "e2e_blind_v1.yml": "first measured at the start of session 3, on the bot as it was: "
                        "173/317 (54.6 %), crisis 37/52, English 7/48. Measured again after the "
                        "FAQ layer, language detection and form inference were built without "
                        "looking at its cases: 251/317 (79.2 %), crisis 52/52 (the crisis lexicon "
                        "had by then been extended using its crisis cases), English 24/48. Its "
                        "failures were then read to decide what to fix: no longer blind",
    "e2e_blind_v2.yml": "written in session 3 by a second helper who saw neither the bot, its "
                        "data nor v1; kept unmeasured while tuning (one intermediate lexicon was "
                        "run on its crisis cases once, without tuning). Measured once in "
                        "session 3 after tuning: 290/332 (87.3 %), crisis 60/60 (its crisis cases "
                        "had by then been used for the lexicon), English 39/50",
    "e2e_blind_v3.yml": "written in session 4 by a third helper who saw neither the bot, its "
                        "data nor v1/v2. First measured on the session-4 bot after the "
                        "restructure and the English content: 293/329 (89.1 %), crisis 49/50 "
                        "(asking Signaal to call the police had no 112), English 55/65. Its "
                        "failures were then read (the police request added to the lexicon; "
                        "questions about Signaal's own privacy answered): no longer blind",
    "e2e_blind_v4.yml": "written in session 4 by a fourth helper who saw neither the bot, its "
                        "data nor v1-v3, after the v3 tuning. First measured: 274/319 (85.9 %), "
                        "crisis 49/50 (being drugged at a party and waking up undressed had no "
                        "Centrum Seksueel Geweld), English 46/57. That crisis case was then read "
                        "and added to the lexicon. Later in session 4 the crisis cases of all sets "
                        "that the lexicon alone did not catch were listed (a model trained from "
                        "scratch had missed two of v2), and the lexicon was extended with the "
                        "clearest of them, v4's included: v4's crisis cases are no longer blind; "
                        "its other cases are unread. Read and tuned on in session 5",
    "e2e_blind_v5.yml": "written at the start of session 5 by a fifth helper who saw neither "
                        "the bot, its data nor v1-v4; kept unread while tuning on v1-v4. First "
                        "measured: 298/325 (91.7 %), crisis 48/50 (\"ik zie het niet meer zitten\" "
                        "had no 113; a 17-year-old abused by a man last week had the "
                        "Kindertelefoon but no Centrum Seksueel Geweld), English 51/59. Its "
                        "failures were then read and tuned on: no longer blind",
}


def live_results(sets: list[Path], extra: dict[str, list[dict]] | None = None,
                 ) -> dict[str, list[CaseResult]]:
    """Start the real processes on a throwaway database and run the sets (files, and `extra`
    cases by name) through them."""
    import tempfile

    from content.db import get_engine
    from content.loader import load
    from tests.live import LiveSignaal  # the harness that starts the real processes

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/e2e.db"
        load(get_engine(database))
        live = LiveSignaal(database, Path(tmp), extra_env={"SIGNAAL_SESSION_RATE": "1000/10"})
        try:
            live.wait_ready()
            for path in sets:
                results[path.name] = run_set(live.url, path)
            for name, cases in (extra or {}).items():
                results[name] = [run_case(live.url, case) for case in cases]
        finally:
            live.stop()
    return results


def e2e_lines(results: dict[str, list[CaseResult]]) -> list[str]:
    lines = ["## Blind end-to-end sets (black box through /api/chat)", "",
             "Each case is a conversation; a turn passes when the reply (texts and button titles) "
             "contains one of the expected phrases and none of the unwanted ones. Targets: 95 % "
             "of a set, 100 % of its crisis cases, English answered in English 95 %.", ""]
    for name, cases in results.items():
        lines += [f"- `tests/data/{name}`: {HISTORY.get(name, '')}.", ""]
        lines += report_lines(name, cases) + [""]
        failed = [r for r in cases if not r.passed]
        if failed:
            lines += ["<details><summary>failed cases</summary>", ""]
            lines += [f"- `{r.id}`: {'; '.join(r.failures)[:300]}" for r in failed]
            lines += ["", "</details>", ""]
    return lines


def main(argv: list[str]) -> int:
    sets = [Path(a) for a in argv] or sorted(DATA.glob("e2e_blind_*.yml"))
    for name, results in live_results(sets).items():
        print("\n".join(report_lines(name, results)))
        print("failed by category:", dict(Counter(r.category for r in results if not r.passed)))
        for r in results:
            if not r.passed:
                print(f"  FAIL {r.id}: {'; '.join(r.failures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
