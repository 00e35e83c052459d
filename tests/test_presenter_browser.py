"""A live quiz session as a room meets it: the trainer's presenter view on a projector and a
participant on a phone, in Debian's chromium against the live stack. The participant never
types: the join link joins, the trainer's next question appears by itself, a tap answers."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import LIVE_TRAINER_PASSWORD, new_context
from tests.live import model_exists

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not model_exists(), reason="no trained model: make train"),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
POLLED = 20_000  # ms: a few poll rounds (presenter 1.5 s, chat 2.5 s)


def trainer_page(browser, base: str) -> Page:
    context = new_context(browser, viewport=PROJECTOR)
    page = context.new_page()
    page.goto(f"{base}/trainer")
    page.fill("#password", LIVE_TRAINER_PASSWORD)
    page.click("form.ask button[type=submit]")
    page.wait_for_selector("#title")
    return page


def create_live_session(page: Page, title: str = "Week zonder Geweld") -> str:
    page.fill("#title", title)
    page.fill("#n_questions", "3")
    page.check("input[name=mode][value=live]")
    page.click("form[action$='/trainer/create'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/trainer/[A-Z2-9]{6}$"))
    return page.url.rsplit("/", 1)[1]


def bot_texts(page: Page) -> list[str]:
    return page.locator(".msg.bot:not(.waiting) .text").all_inner_texts()


def test_participant_gets_the_next_question_without_typing(browser, signaal):
    trainer = trainer_page(browser, signaal.url)
    code = create_live_session(trainer)
    trainer.click(f"a[href='/trainer/{code}/present']")
    trainer.wait_for_url(f"**/trainer/{code}/present")
    presenter = trainer
    expect(presenter.locator("#present-question")).to_contain_text("Nog niet gestart")

    # The join code is big enough for the back of the room: at least 10% of the screen height.
    box = presenter.locator(".present-code").bounding_box()
    assert box["height"] >= 0.10 * PROJECTOR["height"], box
    assert presenter.locator(".present-code").inner_text() == code
    assert presenter.locator("img.present-qr").evaluate("img => img.naturalWidth") > 0

    phone_context = new_context(browser, viewport=PHONE, is_mobile=True,
                                        has_touch=True)
    phone = phone_context.new_page()
    phone.goto(f"{signaal.url}/?join={code}")
    expect(phone.locator(".msg.bot .text").last).to_contain_text(
        "Wacht tot de trainer de eerste vraag start", timeout=60_000)
    assert not any("antwoord is binnen" in t for t in bot_texts(phone))
    expect(presenter.locator("#present-participants")).to_have_text("1 deelnemer",
                                                                    timeout=POLLED)
    typed = phone.locator(".msg.user").count()  # only the join link's "code ..." so far

    presenter.fill("#timer-seconds", "30")
    presenter.click("button[data-action=advance]")
    expect(presenter.locator("#present-number")).to_have_text("Vraag 1 van 3", timeout=POLLED)
    expect(presenter.locator("#present-answered")).to_have_text("0 van 1 beantwoord")
    expect(presenter.locator("#present-timer")).to_be_visible()
    assert re.fullmatch(r"0:(30|29|28)", presenter.locator("#present-timer").inner_text())
    question_text = presenter.locator("#present-question").inner_text()

    # The question arrives in the chat by itself, with its answer buttons.
    question = phone.locator(".msg.bot", has_text="Vraag 1 van 3").last
    expect(question).to_be_visible(timeout=POLLED)
    assert question_text in question.inner_text()
    assert phone.locator(".msg.user").count() == typed, "something was sent for the person"
    buttons = question.locator("button.choice[data-question='0']")
    assert buttons.count() == presenter.locator(".bar-row").count() >= 2

    # Options are shuffled per chat session: find the presenter's row by the option's text.
    chosen = buttons.nth(1).inner_text().split(". ", 1)[1].rstrip("…")
    rows = [r.inner_text() for r in presenter.locator(".bar-row").all()]
    row = next(i for i, r in enumerate(rows) if chosen[:40] in r)
    buttons.nth(1).click()
    expect(phone.locator(".msg.bot .text").last).to_contain_text(
        "verschijnt hier vanzelf", timeout=60_000)
    assert any("je antwoord is opgeslagen" in t for t in bot_texts(phone))

    # The presenter's chart and count follow.
    expect(presenter.locator("#present-answered")).to_have_text("1 van 1 beantwoord",
                                                                timeout=POLLED)
    expect(presenter.locator(".bar-count").nth(row)).to_have_text("1 (100%)")
    # The bars grow with a 0.5 s transition: measure once it has finished.
    presenter.wait_for_function(
        "i => document.querySelectorAll('.bar-fill')[i].getBoundingClientRect().width > 100",
        arg=row)
    widths = presenter.locator(".bar-fill").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width)")
    assert widths[row] > 100 and all(w == 0 for i, w in enumerate(widths) if i != row), widths

    presenter.click("button[data-action=reveal]")
    expect(presenter.locator(".bar-row.correct")).to_have_count(1, timeout=POLLED)
    expect(presenter.locator(".bar-row.correct .bar-mark")).to_contain_text("juist antwoord")
    expect(presenter.locator("#present-explanation")).to_be_visible()
    if os.environ.get("SIGNAAL_PRESENTER_SCREENSHOT"):  # a path, to look at it by eye
        presenter.screenshot(path=os.environ["SIGNAAL_PRESENTER_SCREENSHOT"])

    # The next question, again without typing.
    presenter.click("button[data-action=advance]")
    expect(presenter.locator("#present-number")).to_have_text("Vraag 2 van 3", timeout=POLLED)
    expect(phone.locator(".msg.bot", has_text="Vraag 2 van 3").last).to_be_visible(
        timeout=POLLED)
    assert phone.locator(".msg.user").count() == typed + 1  # only the tapped answer
    assert phone.locator("button.choice[data-question='0']:not(:disabled)").count() == 0
    if os.environ.get("SIGNAAL_PRESENTER_SCREENSHOT"):
        phone.screenshot(path=os.environ["SIGNAAL_PRESENTER_SCREENSHOT"] + ".phone.png")
    storage = phone.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert storage == [0, 0, ""]
    phone_context.close()
    presenter.context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_presenter_has_no_accessibility_violations(browser, signaal, lang):
    page = trainer_page(browser, signaal.url)
    code = create_live_session(page, title=f"Axe {lang}")
    page.goto(f"{signaal.url}/trainer/{code}/present?lang={lang}")
    page.click("button[data-action=advance]")
    page.wait_for_selector(".bar-row")
    page.click("button[data-action=reveal]")
    page.wait_for_selector(".bar-row.correct")
    if lang == "en":
        expect(page.locator("#present-number")).to_have_text("Question 1 of 3")
        expect(page.locator("#present-participants")).to_have_text("0 participants")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if os.environ.get("SIGNAAL_PRESENTER_SCREENSHOT"):
        page.screenshot(path=f"{os.environ['SIGNAAL_PRESENTER_SCREENSHOT']}.{lang}.png")
    page.context.close()
