"""Changes to one item: status, pin, summary, tag corrections; merges and splits of stories."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.wrappers import Response

from pipeline.review import corrections, decisions, regroup
from pipeline.review.queue import find_item
from review.db import get_db
from review.views.common import back, settings, who

bp = Blueprint("items", __name__, url_prefix="/day/<day:day>")
ITEM = "/<any(story, article):item_type>/<int:item_id>"


def _done(day: date) -> Response:
    get_db().commit()
    return redirect(back(url_for("queue.day", day=day)), 303)


@bp.post(ITEM + "/status")
def status(day: date, item_type: str, item_id: int) -> Response:
    decisions.set_status(get_db(), day, item_type, item_id, request.form.get("status", ""), who())
    return _done(day)


@bp.post(ITEM + "/pin")
def pin(day: date, item_type: str, item_id: int) -> Response:
    decisions.set_pinned(get_db(), day, item_type, item_id, request.form.get("pinned") == "1", who())
    return _done(day)


@bp.post(ITEM + "/summary")
def summary(day: date, item_type: str, item_id: int) -> Response:
    decisions.set_summary(get_db(), day, item_type, item_id, request.form.get("summary", ""), who())
    return _done(day)


@bp.post(ITEM + "/correct")
def correct(day: date, item_type: str, item_id: int) -> Response:
    found = find_item(get_db(), day, settings().tz, item_type, item_id)
    if found is None:
        abort(404, description=f"No {item_type} {item_id} on {day}.")
    form = request.form
    action = form.get("action", "")
    field = form.get("field", "")
    value = form.get("value", "")
    if field == "relevant":
        action, value = "set", "false" if action == "not-relevant" else "true"
    corrections.correct(get_db(), found.article_ids, field, action, value, who())
    return _done(day)


def _int(name: str) -> int:
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        abort(400, description=f"{name} must be a number")


@bp.post("/merge")
def merge(day: date) -> Response:
    regroup.merge(get_db(), _int("keep"), _int("other"), who())
    return _done(day)


@bp.post("/split")
def split(day: date) -> Response:
    regroup.split(get_db(), _int("article_id"), who())
    return _done(day)
