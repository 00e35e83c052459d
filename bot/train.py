"""Train the Rasa model only when its inputs changed (keyed by a hash of them).

`python -m bot.train [--force]`. Inputs: bot config, domain, training data, and content/
(entity values and synonyms are generated from it). The hash sits next to the model.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
MODELS = BOT / "models"
MODEL = MODELS / "signaal.tar.gz"
HASH_FILE = MODELS / "signaal.inputs.sha256"
# What the trained model depends on: config, domain and data, the trainable components and
# the modules they persist or featurise with, and the content (YAML, and the text helpers the
# components use). Runtime-only code (actions, the crisis lexicon, the webchat) needs no training.
INPUTS = [BOT / "config.yml", BOT / "domain", BOT / "data", BOT / "components",
          BOT / "faq_index.py", BOT / "phrase_index.py", ROOT / "content"]
CONTENT_CODE = {"text.py", "readability.py"}


def _counts(path: Path) -> bool:
    if path.suffix not in {".yml", ".yaml", ".py"} or "__pycache__" in path.parts:
        return False
    in_content = path.is_relative_to(ROOT / "content")
    return not (in_content and path.suffix == ".py" and path.name not in CONTENT_CODE)


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for base in INPUTS:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            if not _counts(path):
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current() -> bool:
    return MODEL.exists() and HASH_FILE.exists() and HASH_FILE.read_text().strip() == inputs_hash()


def train(force: bool = False) -> int:
    from bot.generate import write_generated

    write_generated()
    if not force and is_current():
        print("Model is up to date; not training.")
        return 0
    started = time.monotonic()
    wanted = inputs_hash()
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--config", "bot/config.yml",
         "--domain", "bot/domain", "--data", "bot/data", "--out", str(MODELS),
         "--fixed-model-name", "signaal", "--quiet"],
        cwd=ROOT,
    )
    if result.returncode != 0:
        return result.returncode
    HASH_FILE.write_text(wanted + "\n")
    print(f"Trained in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="train even if inputs are unchanged")
    sys.exit(train(parser.parse_args().force))
