"""Signaal on another site: the chat in a compact page for an iframe (/embed), the launcher's
settings for static/embed.js (/embed/config.json) and a demo page (/embed/demo).

Only the origins in SIGNAAL_EMBED_ORIGINS may frame /embed (CSP frame-ancestors) and read the
launcher's settings (CORS); every other page keeps frame-ancestors 'none'."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, make_response, request
from flask_babel import get_locale, gettext

from webchat import content_security_policy, pages

bp = Blueprint("embed", __name__)

_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$")
_IPV6 = re.compile(r"^[0-9a-f:.]+$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(value: str) -> str | None:
    """'HTTPS://Www.Example.nl:443/' → 'https://www.example.nl'; None if it is no origin
    (a path, query, user name, wildcard or another scheme)."""
    try:
        parts = urlsplit(value.strip().rstrip("/"))
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    ipv6 = ":" in host
    if (parts.scheme not in _DEFAULT_PORTS or not (_IPV6 if ipv6 else _HOST).match(host)
            or parts.path or parts.query or parts.fragment or "@" in parts.netloc):
        return None
    if ipv6:
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def parse_origins(spec: str | Iterable[str], logger: logging.Logger | None = None
                  ) -> tuple[str, ...]:
    """SIGNAAL_EMBED_ORIGINS ('https://a.nl, https://b.nl') as normalised origins. An entry
    that is not an origin is left out (and logged), so a typo never widens what may frame us."""
    entries = spec.split(",") if isinstance(spec, str) else list(spec)
    origins: list[str] = []
    for entry in entries:
        if not entry.strip():
            continue
        origin = normalise_origin(entry)
        if origin is None:
            if logger:
                logger.warning("SIGNAAL_EMBED_ORIGINS: ignored %r (not an origin such as "
                               "https://www.example.nl)", entry.strip())
        elif origin not in origins:
            origins.append(origin)
    return tuple(origins)


def allowed_origins() -> tuple[str, ...]:
    return current_app.config["EMBED_ORIGINS"]


def frame_ancestors() -> str:
    return " ".join(allowed_origins()) or "'none'"


@bp.get("/embed")
def chat():
    """The chat page in a compact layout, for the iframe that static/embed.js opens (or a plain
    iframe). static/embed-frame.js makes its quick exit leave the host page too."""
    response = make_response(pages.page(
        "embed.html", strings=pages.ui_strings(), starters=pages.starters(),
        embed_origins=" ".join(allowed_origins())))
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors())
    return response


@bp.get("/embed/config.json")
def config():
    """The launcher's texts and the exit URL for static/embed.js on a host page. Readable
    (CORS) only by the allowed origins: on any other site the launcher does not appear."""
    origins = allowed_origins()
    if not origins:
        abort(404)
    response = jsonify(label=gettext("Vraag het Signaal"), title=gettext("Chat van Signaal"),
                       lang=str(get_locale()), exitUrl=current_app.config["EXIT_URL"])
    origin = request.headers.get("Origin")
    if origin and normalise_origin(origin) in origins:
        response.headers["Access-Control-Allow-Origin"] = origin
    response.vary.add("Origin")
    response.vary.add("Accept-Language")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/embed/demo")
def demo():
    """A stand-in host page with the one-line snippet; only when this app's own origin is in
    SIGNAAL_EMBED_ORIGINS (otherwise its iframe could not be shown)."""
    if normalise_origin(request.host_url) not in allowed_origins():
        abort(404)
    return pages.page("embed_demo.html")
