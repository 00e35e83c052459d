"""Signaal embedded on another site, as a visitor meets it: a municipality's page on a second
loopback origin (`embed_host`, another site than the app) loads static/embed.js from the live
app, under a strict CSP of its own. Debian's chromium, driven by Playwright."""

from __future__ import annotations

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page, expect

from tests.conftest import new_context
from tests.live import model_exists

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not model_exists(), reason="no trained model: make train"),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]
PHONE = {"width": 390, "height": 844}
LAUNCHER = "Vraag het Signaal"


@pytest.fixture(scope="module")
def host(signaal, embed_host):
    """The host site's pages: one with the script tag, one with the plain iframe snippet."""
    app = signaal.url
    csp = {"Content-Security-Policy": f"default-src 'none'; script-src {app}; style-src {app}; "
                                      f"frame-src {app}; connect-src {app}"}
    embed_host.pages["/gemeente"] = (csp, f"""<!doctype html><html lang="nl"><head>
        <meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>Gemeente Voorbeeld</title></head><body>
        <h1>Gemeente Voorbeeld</h1><p><a href="#nieuws">Nieuws</a></p>
        <label>Zoeken <input id="zoek"></label>
        <script src="{app}/static/embed.js" data-signaal defer></script></body></html>""")
    news = "<p>Nieuws uit de gemeente.</p>" * 60  # the iframe starts below the fold
    embed_host.pages["/plain"] = (csp, f"""<!doctype html><html lang="nl"><head>
        <meta charset="utf-8"><title>Gemeente Voorbeeld</title></head><body>
        <h1>Gemeente Voorbeeld</h1>{news}
        <iframe src="{app}/embed" title="Signaal" width="400" height="640"></iframe>
        {news}</body></html>""")
    return {"page": f"{embed_host.origin}/gemeente", "plain": f"{embed_host.origin}/plain",
            # The same server under another name: an origin that is not in the list.
            "stranger": f"http://127.0.0.1:{embed_host.server_port}/gemeente",
            "stranger_plain": f"http://127.0.0.1:{embed_host.server_port}/plain"}


def new_page(browser, **options) -> Page:
    return new_context(browser, **options).new_page()


def open_widget(page: Page) -> Frame:
    """Open the panel with the launcher; returns the chat's frame once embed.js said hello."""
    page.get_by_role("button", name=LAUNCHER).click()
    frame = page.locator("signaal-embed iframe").element_handle().content_frame()
    frame.locator("#embed-close").wait_for()  # shown after the hello from embed.js
    return frame


def focus_in_chat(page: Page, frame: Frame) -> str | None:
    """The id of what has focus inside the chat, if the host page's focus is on the panel."""
    on_panel = page.evaluate("""() => document.activeElement.tagName === 'SIGNAAL-EMBED'
        && document.activeElement.shadowRoot.activeElement.tagName === 'IFRAME'""")
    return frame.evaluate("() => document.activeElement.id") if on_panel else None


def ask(page: Page, frame: Frame, text: str) -> None:
    """Type on the keyboard (so: where the focus is) and wait for the answer."""
    before = frame.locator(".msg.bot").count()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    frame.wait_for_function(
        "n => document.querySelectorAll('.msg.bot:not(.waiting)').length > n"
        " && !document.querySelector('.waiting')", arg=before, timeout=60_000)


def storage(target) -> dict:
    return target.evaluate("""async () => {
        try {
            return {local: localStorage.length, session: sessionStorage.length,
                    cookies: document.cookie,
                    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0};
        } catch (e) { return 'no storage: ' + e.name; }  // a blocked third-party frame
    }""")


def test_chat_in_the_widget_then_quick_exit_leaves_the_host_page(browser, signaal, host,
                                                                 exit_page):
    page = new_page(browser, viewport={"width": 1280, "height": 800})
    page.goto(exit_page + "?start")  # somewhere else first, so there is a Back
    page.goto(host["page"])
    frame = open_widget(page)
    assert page.get_by_role("button", name=LAUNCHER).get_attribute("aria-expanded") == "true"
    assert focus_in_chat(page, frame) == "message"
    ask(page, frame, "wat is stalking")
    assert frame.locator(".msg.user").inner_text().endswith("wat is stalking")
    assert "stalking" in frame.locator(".msg.bot").last.inner_text().lower()
    seen = frame.evaluate("""() => {
        const msgs = document.querySelectorAll('.msg'), main = document.querySelector('#main');
        return {newest: msgs[msgs.length - 1].getBoundingClientRect().bottom,
                input: document.querySelector('#message').getBoundingClientRect().top,
                scrolled: main.scrollTop > 0};
    }""")
    assert seen["scrolled"] and seen["newest"] <= seen["input"] + 1, seen  # the answer in view
    assert page.evaluate("window.scrollY") == 0  # and the host page did not move
    page.keyboard.press("Escape")  # in the chat's text box, Esc is the text box's
    assert page.url == host["page"]
    assert storage(page) == {"local": 0, "session": 0, "cookies": "", "idb": 0}
    assert storage(frame) in ({"local": 0, "session": 0, "cookies": "", "idb": 0},
                              "no storage: SecurityError")
    frame.click("#quick-exit")
    page.wait_for_url(exit_page, timeout=10_000)
    page.go_back()
    assert page.url == exit_page + "?start", "Back returned to the host page"
    page.context.close()


@pytest.mark.parametrize("how", ["escape", "shift3", "escape on the host page"])
def test_exit_keys_in_the_widget_leave_the_host_page(browser, signaal, host, exit_page, how):
    page = new_page(browser)
    page.goto(host["page"])
    frame = open_widget(page)
    if how == "escape":
        frame.locator("h1").click()
        page.keyboard.press("Escape")
    elif how == "shift3":
        for _ in range(3):
            page.keyboard.press("Shift")
    else:  # while the chat is open, the host page's Esc is the quick exit too
        page.locator("h1").click()
        page.keyboard.press("Escape")
    page.wait_for_url(exit_page, timeout=10_000)
    page.context.close()


def test_keyboard_only_open_close_and_reopen(browser, signaal, host):
    page = new_page(browser)
    page.goto(host["page"])
    launcher = page.get_by_role("button", name=LAUNCHER)
    launcher.wait_for()
    page.fill("#zoek", "iets")
    page.keyboard.press("Escape")  # the chat is closed: the host page's own keys are its own
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SIGNAAL-EMBED":
            break
    page.keyboard.press("Enter")
    frame = page.locator("signaal-embed iframe").element_handle().content_frame()
    frame.locator("#embed-close").wait_for()
    frame.wait_for_function("() => document.activeElement.id === 'message'")
    assert focus_in_chat(page, frame) == "message"
    ask(page, frame, "wat is huiselijk geweld")
    messages = frame.locator(".msg").count()
    frame.focus("#embed-close")
    page.keyboard.press("Enter")  # Close: the panel hides, focus goes back to the launcher
    expect(page.locator("signaal-embed .panel")).to_be_hidden()  # the close is a postMessage
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.className") == \
        "launcher"
    page.keyboard.press("Enter")  # open again: the conversation is still there
    assert page.locator("signaal-embed .panel").is_visible()
    frame.wait_for_function("() => document.activeElement.id === 'message'")
    assert focus_in_chat(page, frame) == "message"
    assert frame.locator(".msg").count() == messages
    assert page.url == host["page"]
    page.context.close()


def test_on_a_phone_the_panel_is_the_whole_screen(browser, signaal, host):
    page = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(host["page"])
    box = page.get_by_role("button", name=LAUNCHER).bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44
    frame = open_widget(page)
    assert page.locator("signaal-embed .panel").bounding_box() == {
        "x": 0, "y": 0, "width": PHONE["width"], "height": PHONE["height"]}
    assert page.get_by_role("button", name=LAUNCHER).is_hidden()
    sizes = frame.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
        width: window.innerWidth, input: document.querySelector('#message')
            .getBoundingClientRect().bottom, height: window.innerHeight})""")
    assert sizes["scroll"] <= sizes["width"] and sizes["input"] <= sizes["height"]
    frame.tap("#embed-close")
    assert page.get_by_role("button", name=LAUNCHER).is_visible()
    page.context.close()


def test_a_plain_iframe_leaves_the_top_page_after_a_click(browser, signaal, host, exit_page):
    """Without embed.js the chat asks nobody: a click on Snel weg navigates the top page."""
    page = new_page(browser)
    page.goto(host["plain"])
    chat = page.frame_locator("iframe")
    chat.locator("#message").wait_for()
    page.wait_for_load_state("load")
    # Loading with the page, the chat neither scrolls the page to itself nor takes the focus.
    assert page.evaluate("[window.scrollY, document.activeElement.tagName]") == [0, "BODY"]
    assert chat.locator("#embed-close").is_hidden()  # nothing to close without embed.js
    chat.locator("#quick-exit").click()
    page.wait_for_url(exit_page, timeout=10_000)
    page.context.close()


def test_a_site_not_in_the_list_gets_no_widget_and_no_frame(browser, signaal, host):
    page = new_page(browser)
    with page.expect_console_message(lambda m: m.text.startswith("Signaal:")):
        page.goto(host["stranger"])
    assert page.locator("signaal-embed").count() == 0
    page.goto(host["stranger_plain"])
    page.wait_for_load_state("load")
    frame = page.frames[1]
    assert not frame.url.startswith(signaal.url)  # refused: frame-ancestors
    page.context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_embed_page_has_no_accessibility_violations(browser, signaal, lang):
    page = new_page(browser)
    page.goto(f"{signaal.url}/embed?lang={lang}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.context.close()
