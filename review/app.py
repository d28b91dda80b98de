"""``create_app(settings)``: the review workspace as a Flask app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask, render_template
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, ValidationError

from pipeline.config import Settings
from pipeline.errors import StrikewatchError
from pipeline.runtime import Runtime
from review import security
from review.db import EXTENSION, close_db, get_db
from review.secret import load_secret_key

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class AppState:
    settings: Settings
    sessions: sessionmaker[Session]


class DayConverter(BaseConverter):
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError() from exc

    def to_url(self, value: date) -> str:
        return value.isoformat()


def _errors(app: Flask) -> None:
    @app.errorhandler(StrikewatchError)
    def _ours(exc: StrikewatchError) -> tuple[str, int]:
        get_db().rollback()
        return render_template("review/error.html", message=str(exc), code=400), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[str, int]:
        return render_template("review/error.html", message=exc.description, code=exc.code), exc.code or 500


def create_app(settings: Settings, sessions: sessionmaker[Session] | None = None, *, public: bool = False,
               secure_cookies: bool | None = None) -> Flask:
    """The app over ``sessions`` (default: the database of ``settings``).

    ``public``: served on an address other than localhost, so login is required even before any account
    exists (requests are refused until one does). ``secure_cookies`` defaults to ``public``.
    """
    from review.views import register_blueprints

    app = Flask(__name__)
    app.url_map.converters["day"] = DayConverter
    app.config.update(
        SECRET_KEY=load_secret_key(settings),
        SESSION_COOKIE_NAME="strikewatch_review",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=public if secure_cookies is None else secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    app.extensions[EXTENSION] = AppState(settings, sessions or Runtime(settings).sessions())
    app.teardown_appcontext(close_db)
    security.init_app(app, security.Policy(public=public))
    register_blueprints(app)
    _errors(app)
    return app
