"""The webchat as a person on a phone meets it: Debian's chromium, driven by Playwright, against
the live stack. What is asserted is what someone would notice: can I still type, is the newest
answer in view, can I tap a number, does the quick exit leave nothing behind."""

from __future__ import annotations

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.conftest import new_context
from tests.live import model_exists

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not model_exists(), reason="no trained model: make train"),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]
PHONES = {"phone": {"width": 390, "height": 844}, "small phone": {"width": 320, "height": 568}}


@pytest.fixture
def phone(browser):
    context = new_context(browser, viewport=PHONES["phone"], is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def ask(page: Page, text: str) -> None:
    """Type a message and wait until its answer (or error) has replaced the typing indicator."""
    before = page.locator(".msg.bot").count()
    page.fill("#message", text)
    page.press("#message", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.msg.bot:not(.waiting)').length > n"
        " && !document.querySelector('.waiting')", arg=before, timeout=60_000)


def layout(page: Page) -> dict:
    return page.evaluate("""() => {
        const input = document.querySelector('#message').getBoundingClientRect();
        const x = input.left + input.width / 2, y = input.top + input.height / 2;
        const msgs = document.querySelectorAll('.msg');
        const newest = msgs[msgs.length - 1].getBoundingClientRect();
        const send = document.querySelector('#ask button').getBoundingClientRect();
        const box = document.querySelector('#message');
        return {topmostIsInput: document.elementFromPoint(x, y) === box,
                newestBottom: newest.bottom, inputTop: input.top, sendRight: send.right,
                scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth};
    }""")


@pytest.mark.parametrize("size", PHONES)
def test_after_three_answers_the_input_and_newest_answer_stay_usable(browser, signaal, size):
    context = new_context(browser, viewport=PHONES[size], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(signaal.url)
    for question in ("wat is intieme terreur", "en de signalen?", "waar kan ik terecht?"):
        ask(page, question)
        seen = layout(page)
        assert seen["topmostIsInput"], f"{size}: something covers the text box: {seen}"
        assert seen["newestBottom"] <= seen["inputTop"] + 1, f"{size}: newest answer hidden"
        assert seen["scrollWidth"] <= seen["width"], f"{size}: page scrolls sideways"
        assert seen["sendRight"] <= seen["width"], f"{size}: Send is cut off"
    page.tap("#message")
    page.keyboard.type("nog een vraag")
    assert page.input_value("#message") == "nog een vraag"
    context.close()


def test_help_numbers_are_tappable_and_a_crisis_is_a_card(phone, signaal):
    phone.goto(signaal.url)
    bar = [phone.get_attribute(f".help-bar a:nth-child({n})", "href") for n in range(1, 5)]
    assert bar == ["tel:112", "tel:08002000", "tel:08000432", "tel:08000113"]
    ask(phone, "help hij slaat me nu")
    card = phone.locator(".msg.crisis .crisis-card").last
    assert card.is_visible()
    assert card.locator("a.call-big").first.get_attribute("href") == "tel:112"
    assert card.locator("a.call-big").first.inner_text().strip() == "Bel 112"
    # The call button is in view, between the top bar and the text box, without scrolling.
    in_view = phone.evaluate("""() => {
        const b = document.querySelector('.msg.crisis .call-big').getBoundingClientRect();
        const top = document.querySelector('.topbar').getBoundingClientRect().bottom;
        const input = document.querySelector('#message').getBoundingClientRect().top;
        return b.top >= top && b.bottom <= input; }""")
    assert in_view, "the crisis call button is scrolled out of view"
    # Numbers inside the answer's text are links too.
    assert phone.locator(".msg.crisis .text a[href='tel:08002000']").count() >= 1


def test_starter_buttons_then_used_choices_are_disabled(phone, signaal):
    phone.goto(signaal.url)
    starters = phone.locator("#starters .choice")
    assert [s.inner_text() for s in starters.all()] == [
        "Het gebeurt nu", "Ik maak me zorgen om iemand", "Ik ben professional", "Quiz"]
    before = phone.locator(".msg.bot").count()
    starters.nth(1).click()
    phone.wait_for_function("n => document.querySelectorAll('.msg.bot:not(.waiting)').length > n"
                            " && !document.querySelector('.waiting')", arg=before)
    assert phone.locator("#starters").is_hidden()
    assert phone.evaluate("document.activeElement.id") == "message"
    earlier = phone.locator(".choice:disabled")
    assert earlier.count() >= 4


def test_quick_exit_leaves_nothing_and_back_does_not_return(browser, signaal, exit_page):
    context = new_context(browser, viewport=PHONES["phone"])
    page = context.new_page()
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    page.goto(exit_page + "?start")  # somewhere else first, so there is a Back
    page.goto(signaal.url)
    page.click("a[data-lang=en]")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    ask(page, "my secret question about home")
    assert page.locator(".msg.user").first.inner_text().endswith("my secret question about home")
    page.click("a[href='/verbergen']")
    page.wait_for_url("**/verbergen")
    page.click("#quick-exit")
    page.wait_for_url(exit_page)
    page.go_back()
    assert not page.url.startswith(signaal.url), "Back returned to Signaal"
    assert all("secret" not in url for url in visited)
    page.goto(signaal.url)
    storage = page.evaluate("""async () => ({
        local: localStorage.length, session: sessionStorage.length, cookies: document.cookie,
        idb: indexedDB.databases ? (await indexedDB.databases()).length : 0})""")
    assert storage == {"local": 0, "session": 0, "cookies": "", "idb": 0}
    context.close()


@pytest.mark.parametrize("how", ["escape", "shift3"])
def test_exit_keys(browser, signaal, exit_page, how):
    context = new_context(browser)
    page = context.new_page()
    page.goto(signaal.url)
    page.fill("#message", "half a sentence")
    page.keyboard.press("Escape")  # while typing, Esc only belongs to the text box
    assert page.url.startswith(signaal.url)
    if how == "escape":
        page.locator("h1").click()
        page.keyboard.press("Escape")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(exit_page)
    context.close()


def test_a_source_window_is_closed_by_the_quick_exit(phone, signaal, exit_page):
    phone.goto(signaal.url)
    ask(phone, "wat is intieme terreur")
    phone.locator(".msg.bot details.sources > summary").last.click()
    with phone.context.expect_page() as opened:
        phone.locator(".msg.bot details.sources a").first.click()
    source = opened.value
    phone.bring_to_front()
    with source.expect_event("close", timeout=5_000):
        phone.click("#quick-exit")
    assert source.is_closed()


def test_without_javascript_nothing_goes_into_the_address_bar(browser, signaal):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(signaal.url)
    page.fill("#message", "hij slaat me nu")
    page.press("#message", "Enter")
    page.wait_for_load_state()
    assert "?" not in page.url and "slaat" not in page.url
    assert page.locator("a[href='tel:112']").count() >= 1
    context.close()


def test_keyboard_only(browser, signaal):
    context = new_context(browser)
    page = context.new_page()
    page.goto(signaal.url)
    page.locator("h1").click()  # start from the page, not from the text box
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Quiz":
            break
    assert page.evaluate("document.activeElement.textContent") == "Quiz"
    before = page.locator(".msg.bot").count()
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.msg.bot:not(.waiting)').length > n"
                           " && !document.querySelector('.waiting')", arg=before)
    # Focus is back in the text box: answer the question by its letter and Enter.
    assert page.evaluate("document.activeElement.id") == "message"
    ask(page, "A")
    assert page.locator(".msg.bot").count() > before + 1
    context.close()


def test_language_switch_keeps_the_conversation_and_shows_english(phone, signaal):
    phone.goto(signaal.url)
    ask(phone, "wat is stalking")
    phone.click("a[data-lang=en]")
    phone.wait_for_function("() => document.documentElement.lang === 'en'")
    assert phone.locator(".msg.user").count() == 1
    assert phone.get_attribute("a[data-lang=en]", "aria-current") == "true"
    assert phone.locator("#ask button").inner_text() == "Send"
    assert phone.locator("#starters .choice").first.inner_text() == "It is happening now"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["/", "/verbergen", "/praat-met-iemand",
                                  "/bron/000_e2c061e3cee001df.txt?regels=100-104", "/trainer",
                                  "/bestaat-niet"])
def test_no_accessibility_violations(browser, signaal, path, lang):
    context = new_context(browser)
    page = context.new_page()
    separator = "&" if "?" in path else "?"
    page.goto(f"{signaal.url}{path}{separator}lang={lang}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
