"""Who may do what: login when accounts exist (always when public), CSRF tokens on every change, safe headers."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, redirect, request, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from pipeline.models import User
from pipeline.users import count_users
from review.db import get_db

LOCAL_USER = "local"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_ENDPOINTS = {"static", "auth.login", "auth.login_post"}
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Rendered digests (preview, published site) run sandboxed, in an origin of their own: their scripts (allowed
# only by the digest's own hash-based policy) cannot reach the app.
SANDBOX_CSP = ("sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads; "
               "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; object-src 'none'")


@dataclass(frozen=True)
class Policy:
    public: bool  # served beyond localhost: accounts are mandatory


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def _csrf_ok() -> bool:
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    return bool(sent and expected) and hmac.compare_digest(str(sent), str(expected))


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths: never an absolute URL or a scheme-relative ``//host``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def login_required(policy: Policy) -> bool:
    return policy.public or count_users(get_db()) > 0


def _current_user() -> str | None:
    name = session.get("user")
    if name and get_db().scalar(select(User.id).where(User.name == name)) is not None:
        return str(name)
    return None


def _guard() -> BaseResponse | None:
    policy: Policy = g.policy
    if request.method in UNSAFE_METHODS and not _csrf_ok():
        abort(400, description="The form has expired or did not come from this site. Reload the page and retry.")
    if request.endpoint in OPEN_ENDPOINTS:
        g.user = session.get("user")
        return None
    if not login_required(policy):
        g.user = LOCAL_USER
        return None
    if policy.public and count_users(get_db()) == 0:
        abort(503, description="No accounts exist: create one with `strikewatch users add NAME`.")
    g.user = _current_user()
    if g.user is None:
        if request.method in UNSAFE_METHODS:
            abort(401, description="Log in first.")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def _headers(response: Response) -> Response:
    sandboxed = request.endpoint in {"digest.raw_preview", "digest.site"}
    response.headers.setdefault("Content-Security-Policy", SANDBOX_CSP if sandboxed else CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not sandboxed:
        response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask, policy: Policy) -> None:
    def set_policy() -> None:
        g.policy = policy

    app.before_request(set_policy)
    app.before_request(_guard)
    app.after_request(_headers)

    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.context_processor
    def _inject() -> dict[str, Any]:
        return {"current_user": g.get("user"), "public": policy.public}
