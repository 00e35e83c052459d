"""Embedding: only /embed may be framed, and only by the origins in SIGNAAL_EMBED_ORIGINS; the
launcher's settings are readable by those origins only; the demo exists only when allowed."""

from __future__ import annotations

import logging

import pytest

from webchat import create_app
from webchat.embed import normalise_origin, parse_origins

HOSTS = "https://www.gemeente.example, https://hulp.example:8443"
PAGES = ["/", "/verbergen", "/praat-met-iemand", "/trainer", "/healthz", "/bestaat-niet",
         "/embed/config.json", "/embed/demo", "/static/embed.js"]


def client(origins=None, **config):
    settings = {"TESTING": True, **config}
    if origins is not None:
        settings["EMBED_ORIGINS"] = origins
    return create_app(settings).test_client()


def frame_ancestors(response) -> str:
    policy = dict(part.strip().split(" ", 1)
                  for part in response.headers["Content-Security-Policy"].split(";"))
    return policy["frame-ancestors"]


def test_embed_is_framed_only_by_the_configured_origins():
    response = client(HOSTS).get("/embed")
    assert response.status_code == 200
    assert frame_ancestors(response) == "https://www.gemeente.example https://hulp.example:8443"
    # The rest of the policy is the same as everywhere.
    assert response.headers["Content-Security-Policy"] == client().get("/").headers[
        "Content-Security-Policy"].replace("frame-ancestors 'none'",
                                           "frame-ancestors " + frame_ancestors(response))


@pytest.mark.parametrize("path", PAGES)
def test_every_other_page_keeps_frame_ancestors_none(path):
    response = client(HOSTS).get(path)
    assert frame_ancestors(response) == "'none'", path


def test_by_default_nothing_may_embed():
    app_client = client()
    response = app_client.get("/embed")
    assert response.status_code == 200  # still a page of its own
    assert frame_ancestors(response) == "'none'"
    assert app_client.get("/embed/config.json").status_code == 404
    assert app_client.get("/embed/demo").status_code == 404


def test_the_environment_variable_is_read(monkeypatch):
    monkeypatch.setenv("SIGNAAL_EMBED_ORIGINS", "https://a.example,https://b.example")
    assert frame_ancestors(create_app({"TESTING": True}).test_client().get("/embed")) == \
        "https://a.example https://b.example"


def test_entries_that_are_not_origins_are_left_out_and_logged(caplog):
    spec = ("HTTPS://WWW.Gemeente.Example:443/, *, https://*.example, https://a.example/pad, "
            "javascript:alert(1), https://a.example;script-src *, 'none', https://u@a.example, "
            "http://[::1]:8080, http://localhost:5000, , https://www.gemeente.example")
    with caplog.at_level(logging.WARNING):
        origins = parse_origins(spec, logging.getLogger("test"))
    assert origins == ("https://www.gemeente.example", "http://[::1]:8080",
                       "http://localhost:5000")
    assert caplog.text.count("ignored") == 7
    # A bad list means what the default means: nobody may frame the chat.
    assert frame_ancestors(client("*, https://x.example/path").get("/embed")) == "'none'"


@pytest.mark.parametrize(("value", "expected"), [
    ("https://example.nl", "https://example.nl"),
    ("http://example.nl:80", "http://example.nl"),
    ("https://example.nl:444", "https://example.nl:444"),
    ("ftp://example.nl", None),
    ("https://example.nl?x", None),
    ("https://exa mple.nl", None),
    ("https://example.nl:99999", None),
])
def test_normalise_origin(value, expected):
    assert normalise_origin(value) == expected


def test_config_is_readable_by_allowed_origins_only():
    app_client = client(HOSTS, EXIT_URL="https://weer.example/vandaag")
    allowed = app_client.get("/embed/config.json?lang=en",
                             headers={"Origin": "https://hulp.example:8443"})
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://hulp.example:8443"
    assert {"Origin", "Accept-Language"} <= set(allowed.vary)
    assert allowed.get_json() == {"label": "Ask Signaal", "title": "Signaal chat", "lang": "en",
                                  "exitUrl": "https://weer.example/vandaag"}
    dutch = app_client.get("/embed/config.json", headers={"Accept-Language": "nl-NL"})
    assert dutch.get_json()["label"] == "Vraag het Signaal"
    for stranger in ("https://evil.example", "https://www.gemeente.example.evil.example",
                     "null"):
        response = app_client.get("/embed/config.json", headers={"Origin": stranger})
        assert "Access-Control-Allow-Origin" not in response.headers, stranger


def test_embed_page_is_the_chat_in_a_compact_layout_with_its_frame_script():
    html = client(HOSTS).get("/embed?lang=en").get_data(as_text=True)
    assert 'class="chat-page embed"' in html
    assert 'id="quick-exit"' in html and 'id="message"' in html
    assert 'id="embed-close"' in html and ">Close</button>" in html
    scripts = [line for line in html.splitlines() if "<script src=" in line]
    assert [s.split('src="')[1].split('"')[0] for s in scripts] == [
        "/static/exit.js", "/static/embed-frame.js", "/static/chat.js"]
    assert 'data-origins="https://www.gemeente.example https://hulp.example:8443"' in html
    assert "<style" not in html and " style=" not in html


def test_demo_only_when_the_apps_own_origin_may_embed():
    assert client(HOSTS).get("/embed/demo").status_code == 404
    response = client("http://localhost").get("/embed/demo")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<script src="/static/embed.js" data-signaal defer></script>' in html
    assert "<style" not in html and " style=" not in html
    assert '&lt;script src="http://localhost/static/embed.js" data-signaal defer' in html


@pytest.mark.parametrize("name", ["embed.js", "embed-frame.js", "embed.css"])
def test_widget_files_are_served(name):
    response = client().get(f"/static/{name}")
    assert response.status_code == 200
    response.close()
