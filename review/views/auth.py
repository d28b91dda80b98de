"""Log in and out."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from pipeline.review.audit import record
from pipeline.users import authenticate
from review.db import get_db
from review.security import csrf_token, safe_next

bp = Blueprint("auth", __name__)


@bp.get("/login")
def login() -> str:
    csrf_token()
    return render_template("review/login.html", next=safe_next(request.args.get("next"), ""), error="")


@bp.post("/login")
def login_post() -> Response | tuple[str, int]:
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    target = safe_next(request.form.get("next"), url_for("queue.home"))
    db = get_db()
    user = authenticate(db, name, password) if name and password else None
    if user is None:
        record(db, name[:100] or "?", "login_failed")
        db.commit()
        return render_template("review/login.html", next=target, error="Wrong name or password."), 401
    session.clear()
    session.permanent = True
    session["user"] = user.name
    csrf_token()
    record(db, user.name, "login")
    db.commit()
    return redirect(target, 303)


@bp.post("/logout")
def logout() -> Response:
    if g.get("user") is None:
        abort(401)
    session.clear()
    return redirect(url_for("auth.login"), 303)
