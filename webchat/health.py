"""GET /healthz: database, Rasa and action server."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webchat import rasa_client, sessions

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        with sessions.engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        database = True
    except SQLAlchemyError:
        database = False
    checks = {"database": database, **rasa_client.status()}
    return jsonify({"status": "ok" if all(checks.values()) else "degraded", **checks}), (
        200 if all(checks.values()) else 503)
