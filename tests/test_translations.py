"""Every sentence of the webchat's catalogue has its English."""

from __future__ import annotations

from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOGUE = ROOT / "webchat" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_catalogue_entry_has_english():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert not missing, f"untranslated or fuzzy: {missing}"
